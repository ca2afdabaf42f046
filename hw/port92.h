/*
 * port92.h - System Control Port A at 0x92 (IBM PS/2 "System Control
 * Port A"; the "fast A20" port of every later chipset).
 *
 * Bit 1 drives the A20 gate (pc_set_a20, source PC_A20_PORT92; the board
 * ORs it with the 8042's gate, as chipsets do) and a 0->1 transition of
 * bit 0 resets the machine (pc_request_reset). The other bits are
 * stored and read back. A Port92State owns only that byte.
 */
#ifndef PCEMU_PORT92_H
#define PCEMU_PORT92_H

#include <stdint.h>

#include "softmmu/ioport.h"

struct PCMachine;

#define PORT92_PORT      0x92
#define PORT92_RESET     0x01
#define PORT92_A20       0x02

typedef struct Port92State Port92State;

/* NULL if the port is taken or on OOM. */
Port92State *port92_init(struct PCMachine *m, IOSpace *io);
void port92_free(Port92State *s);
/* Power-on: 0x00 (A20 not forced by this port). */
void port92_reset(Port92State *s);

#endif
