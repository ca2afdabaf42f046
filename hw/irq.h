/*
 * irq.h - an interrupt line between a device and an interrupt controller.
 *
 * An IRQLine is three fields (TinyEMU's IRQSignal): the controller's
 * handler, its opaque pointer and the input number. The controller fills
 * it (irq_init); the device only drives the level and never learns who is
 * on the other end. A NULL line, or one with no handler, is an
 * unconnected pin: driving it does nothing.
 */
#ifndef PCEMU_IRQ_H
#define PCEMU_IRQ_H

typedef void IRQHandler(void *opaque, int n, int level);

typedef struct IRQLine {
    IRQHandler *handler;
    void *opaque;
    int n;
} IRQLine;

void irq_init(IRQLine *irq, IRQHandler *handler, void *opaque, int n);
void irq_set(IRQLine *irq, int level);
void irq_raise(IRQLine *irq);
void irq_lower(IRQLine *irq);

#endif
