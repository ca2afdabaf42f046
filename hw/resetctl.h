/*
 * resetctl.h - the Reset Control Register at 0xCF9 (Intel PIIX/ICH
 * datasheets, "Reset Control Register (RC)").
 *
 * Writing a value with RST_CPU (bit 2) set resets the machine
 * (pc_request_reset): the usual 0x06 (hard) and 0x0E (full) both do.
 * SYS_RST (bit 1) and FULL_RST (bit 3) are stored and read back; every
 * reset here is a full one. The device claims 0xCF8-0xCFB so that a
 * dword access to the PCI configuration address at 0xCF8 (there is no
 * PCI bus: ignored, reads all ones) is never split into a byte write to
 * 0xCF9. A PCI host bridge, when one comes, takes over these ports.
 */
#ifndef PCEMU_RESETCTL_H
#define PCEMU_RESETCTL_H

#include <stdint.h>

#include "softmmu/ioport.h"

struct PCMachine;

#define RCR_BASE     0xcf8
#define RCR_PORT     0xcf9
#define RCR_SYS_RST  0x02
#define RCR_RST_CPU  0x04
#define RCR_FULL_RST 0x08

typedef struct RCRState RCRState;

/* NULL if the ports are taken or on OOM. */
RCRState *rcr_init(struct PCMachine *m, IOSpace *io);
void rcr_free(RCRState *s);
void rcr_reset(RCRState *s);

#endif
