/*
 * irq.c - driving an IRQLine (see irq.h). Owns nothing.
 */
#include <stddef.h>

#include "hw/irq.h"

void irq_init(IRQLine *irq, IRQHandler *handler, void *opaque, int n)
{
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
}

void irq_set(IRQLine *irq, int level)
{
    if (irq && irq->handler) {
        irq->handler(irq->opaque, irq->n, level);
    }
}

void irq_raise(IRQLine *irq)
{
    irq_set(irq, 1);
}

void irq_lower(IRQLine *irq)
{
    irq_set(irq, 0);
}
