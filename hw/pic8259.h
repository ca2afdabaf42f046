/*
 * pic8259.h - the PC's two cascaded 8259A interrupt controllers.
 *
 * A PICState owns both chips (master at 0x20/0x21 with vectors for IRQ
 * 0-7, slave at 0xA0/0xA1 on the master's IR2 with IRQ 8-15) and the ELCR
 * pair at 0x4D0/0x4D1 that makes single inputs level triggered. Devices
 * drive the inputs through the IRQLines pic_irq returns and must not keep
 * any other pointer into the PIC. The output is one IRQLine the board
 * connects to the CPU's INTR; the CPU's INTA cycle is pic_intr_ack, which
 * returns the vector (spurious: the chip's base + 7, ISR untouched).
 * Invariant: INTR is high exactly when an unmasked request outranks
 * every in-service level, except that a level-triggered request that
 * goes away keeps INTR up until INTA (that INTA is the spurious one).
 */
#ifndef PCEMU_PIC8259_H
#define PCEMU_PIC8259_H

#include <stdint.h>

#include "hw/irq.h"
#include "softmmu/ioport.h"

#define PIC_MASTER_BASE 0x20
#define PIC_SLAVE_BASE  0xa0
#define PIC_ELCR_BASE   0x4d0
#define PIC_CASCADE_IRQ 2

typedef struct PICState PICState;

/* Registers the six ports; intr is the output to the CPU (may be NULL).
 * NULL if a port is taken or on OOM. */
PICState *pic_init(IOSpace *io, IRQLine *intr);
void pic_free(PICState *s);
/* Power-on state: both chips as after ICW1 and ICW2 with the PC BIOS's
 * vectors (0x08 master, 0x70 slave), IMR 0, every input edge triggered.
 * Input levels are kept. */
void pic_reset(PICState *s);
/* The input line for IRQ n (0-15); 2 is the cascade and not for devices. */
IRQLine *pic_irq(PICState *s, int n);
/* INTA: acknowledge the highest request, return its vector. */
int pic_intr_ack(PICState *s);

#endif
