/*
 * pit8254.h - the 8254 programmable interval timer and port 0x61.
 *
 * A PITState owns three counters at 0x40-0x43 (1.193182 MHz input
 * clock), the channel 0 timer on the board's Clock, and the PC's system
 * control port B at 0x61 (bit 0 channel 2 gate, bit 1 speaker data, bit
 * 4 refresh toggle, bit 5 channel 2 output). Counters are not stepped:
 * their value and output are computed from the virtual time elapsed since
 * they were loaded, so reading one never costs a timer. Channel 0's
 * output drives the IRQLine given at init (IRQ0 on a PC); channels 1 and
 * 2 drive nothing outside the chip. Callers must not free the Clock
 * before the PIT.
 */
#ifndef PCEMU_PIT8254_H
#define PCEMU_PIT8254_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "softmmu/clock.h"
#include "softmmu/ioport.h"

#define PIT_BASE     0x40
#define PIT_PORT_B   0x61
#define PIT_FREQ_HZ  1193182
#define PIT_IRQ      0

typedef struct PITState PITState;

/* Registers 0x40-0x43 and 0x61. NULL if a port is taken or on OOM. */
PITState *pit_init(IOSpace *io, Clock *clock, IRQLine *irq0);
void pit_free(PITState *s);
/* Power-on: every channel unprogrammed (mode 0 control word not yet
 * written: output low, not counting), channel 2 gate low. */
void pit_reset(PITState *s);
/* For tests and the speaker: channel ch's output now. */
bool pit_get_out(PITState *s, int ch);
/* Channel 2's gate (port 0x61 bit 0 drives it). */
void pit_set_gate(PITState *s, int ch, bool level);

#endif
