/*
 * poweroff.h - the ACPI PM1a control register, reduced to "soft off".
 *
 * QEMU-compatible power-off: QEMU's PC machines put the ACPI PM block at
 * 0x600, so the PM1a_CNT register is port 0x604 and a 16-bit write of
 * 0x2000 (SLP_EN with SLP_TYP 0, QEMU's S5) powers the machine off. Here
 * that stops the run with exit status 0. Owns only the register value.
 */
#ifndef PCEMU_POWEROFF_H
#define PCEMU_POWEROFF_H

#include <stdint.h>

#include "softmmu/ioport.h"

struct PCMachine;

#define POWEROFF_IOBASE  0x604
#define POWEROFF_SCI_EN  0x0001
#define POWEROFF_SLP_TYP 0x1c00 /* sleep type, bits 10-12: 0 = S5 (soft off) */
#define POWEROFF_SLP_EN  0x2000 /* write-only: enter the SLP_TYP state */

typedef struct PowerOffState PowerOffState;

/* NULL if the ports are taken or on OOM. */
PowerOffState *poweroff_init(struct PCMachine *m, IOSpace *io, uint16_t iobase);
void poweroff_free(PowerOffState *s);
void poweroff_reset(PowerOffState *s);

#endif
