/*
 * pic8259.c - the cascaded 8259A pair of the PC (Intel 8259A datasheet:
 * "Interrupt Sequence", "Programming the 8259A", "Operation Command
 * Words"; the ELCR is the PIIX/ISA "Edge/Level Control Register").
 *
 * Modelled: ICW1-ICW4 (single/cascade, LTIM, IC4, vector base, AEOI,
 * SFNM), OCW1 (IMR), OCW2 (non-specific, specific and rotating EOI, set
 * priority, rotate in AEOI mode), OCW3 (IRR/ISR read, poll, special mask
 * mode), the rotating priority resolver, edge and level triggered
 * inputs (ICW1.LTIM for a whole chip, the ELCR per input), and the
 * spurious IR7: a level-triggered request that goes away after INT was
 * raised leaves INT up, and the INTA that follows finds no request and
 * answers IR7 without setting ISR (datasheet: "If no interrupt request is
 * present at step 4 ... the 8259A will issue an interrupt level 7").
 * An edge-triggered request stays in IRR until INTA even if its line
 * drops first (as QEMU: timer edges that arrive while the CPU cannot take
 * them are merged, not lost). During a cascaded INTA the slave's INT
 * output drops and is re-evaluated, so another pending slave request
 * makes a fresh edge on the master's IR2.
 * Not modelled: buffered mode, 8080/8085 mode (ICW1.ADI, ICW4.uPM),
 * slave identification codes other than the PC wiring (ICW3 is
 * accepted and ignored: the slave is on IR2).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "hw/pic8259.h"

typedef struct PICChip {
    PICState *pic;
    bool master;
    uint8_t irr;
    uint8_t isr;
    uint8_t imr;
    uint8_t line;         /* input levels as driven */
    uint8_t elcr;         /* 1 = level triggered */
    uint8_t elcr_mask;    /* inputs the ELCR may make level triggered */
    uint8_t priority_add; /* the input with the highest priority */
    uint8_t irq_base;
    int init_state; /* 0: ready; 1, 2, 3: expecting ICW2, ICW3, ICW4 */
    bool ltim;
    bool single;
    bool init4;
    bool auto_eoi;
    bool rotate_on_aeoi;
    bool sfnm;
    bool read_isr;
    bool poll;
    bool special_mask;
    bool int_out;
} PICChip;

struct PICState {
    PICChip chip[2];
    IRQLine *intr;
    bool intr_level;
    IRQLine in[16];
};

static void pic_chip_set_input(PICChip *c, int n, bool level);

static uint8_t pic_level_mask(const PICChip *c)
{
    return c->ltim ? 0xff : c->elcr;
}

/* Priority (0 = highest) of the best bit in mask, 8 if none. */
static int pic_get_priority(const PICChip *c, uint8_t mask)
{
    int priority = 0;

    if (mask == 0) {
        return 8;
    }
    while (!(mask & (1 << ((priority + c->priority_add) & 7)))) {
        priority++;
    }
    return priority;
}

/* The input that should interrupt now, or -1. */
static int pic_chip_get_irq(const PICChip *c)
{
    int priority = pic_get_priority(c, c->irr & ~c->imr);
    uint8_t in_service = c->isr;

    if (priority == 8) {
        return -1;
    }
    if (c->special_mask) {
        in_service &= ~c->imr; /* masked levels do not block lower ones */
    }
    if (c->sfnm && c->master) {
        in_service &= ~(1 << PIC_CASCADE_IRQ); /* the slave may nest */
    }
    if (priority < pic_get_priority(c, in_service)) {
        return (priority + c->priority_add) & 7;
    }
    return -1;
}

static void pic_chip_update(PICChip *c, bool hold)
{
    PICState *s = c->pic;
    bool out = pic_chip_get_irq(c) >= 0;

    if (!out && hold && c->int_out) {
        out = true; /* the request left before INTA: a spurious IR7 follows */
    }
    c->int_out = out;
    if (!c->master) {
        pic_chip_set_input(&s->chip[0], PIC_CASCADE_IRQ, out);
        return;
    }
    if (out != s->intr_level) {
        s->intr_level = out;
        irq_set(s->intr, out);
    }
}

static void pic_chip_set_input_hold(PICChip *c, int n, bool level, bool hold)
{
    uint8_t mask = (uint8_t)(1 << n);
    bool was = (c->line & mask) != 0;

    if (level) {
        if (!was || (pic_level_mask(c) & mask)) {
            c->irr |= mask;
        }
        c->line |= mask;
    } else {
        c->line &= (uint8_t)~mask;
        if (pic_level_mask(c) & mask) {
            c->irr &= (uint8_t)~mask;
        } else {
            hold = false;
        }
    }
    pic_chip_update(c, hold);
}

static void pic_chip_set_input(PICChip *c, int n, bool level)
{
    pic_chip_set_input_hold(c, n, level, false);
}

static void pic_set_irq(void *opaque, int n, int level)
{
    PICState *s = opaque;

    pic_chip_set_input_hold(&s->chip[n >> 3], n & 7, level != 0, true);
}

/* The INTA (or poll) of input irq: into service, out of IRR. */
static void pic_chip_intack(PICChip *c, int irq)
{
    uint8_t mask = (uint8_t)(1 << irq);

    if (c->auto_eoi) {
        if (c->rotate_on_aeoi) {
            c->priority_add = (uint8_t)((irq + 1) & 7);
        }
    } else {
        c->isr |= mask;
    }
    if (!(pic_level_mask(c) & mask)) {
        c->irr &= (uint8_t)~mask;
    }
    pic_chip_update(c, false);
}

int pic_intr_ack(PICState *s)
{
    PICChip *m = &s->chip[0], *sl = &s->chip[1];
    int irq = pic_chip_get_irq(m);
    int irq2;

    if (irq < 0) {
        pic_chip_update(m, false); /* spurious: ISR untouched */
        return m->irq_base + 7;
    }
    if (irq != PIC_CASCADE_IRQ || m->single) {
        pic_chip_intack(m, irq);
        return m->irq_base + irq;
    }
    pic_chip_intack(m, irq);
    irq2 = pic_chip_get_irq(sl);
    /* the slave's INT drops during its INTA, then shows what is left */
    sl->int_out = false;
    pic_chip_set_input(m, PIC_CASCADE_IRQ, false);
    if (irq2 < 0) {
        pic_chip_update(sl, false);
        return sl->irq_base + 7;
    }
    pic_chip_intack(sl, irq2);
    return sl->irq_base + irq2;
}

/* ICW1: the chip starts over (datasheet, "Initialization Command Words"). */
static void pic_chip_icw1(PICChip *c, uint8_t val)
{
    c->isr = 0;
    c->imr = 0;
    c->priority_add = 0;
    c->read_isr = false;
    c->poll = false;
    c->special_mask = false;
    c->auto_eoi = false;
    c->rotate_on_aeoi = false;
    c->sfnm = false;
    c->ltim = (val & 0x08) != 0;
    c->single = (val & 0x02) != 0;
    c->init4 = (val & 0x01) != 0;
    c->init_state = 1;
    /* edge sense reset: an edge input needs a new low-to-high transition */
    c->irr = c->line & pic_level_mask(c);
    pic_chip_update(c, false);
}

static void pic_chip_ocw2(PICChip *c, uint8_t val)
{
    int cmd = val >> 5;
    int priority, irq;

    switch (cmd) {
    case 0: /* rotate in AEOI mode: clear */
    case 4: /* rotate in AEOI mode: set */
        c->rotate_on_aeoi = cmd == 4;
        return;
    case 1: /* non-specific EOI */
    case 5: /* rotate on non-specific EOI */
        priority = pic_get_priority(c, c->isr);
        if (priority == 8) {
            return;
        }
        irq = (priority + c->priority_add) & 7;
        c->isr &= (uint8_t)~(1 << irq);
        if (cmd == 5) {
            c->priority_add = (uint8_t)((irq + 1) & 7);
        }
        break;
    case 3: /* specific EOI */
        c->isr &= (uint8_t)~(1 << (val & 7));
        break;
    case 6: /* set priority: L2-L0 becomes the lowest */
        c->priority_add = (uint8_t)((val + 1) & 7);
        break;
    case 7: /* rotate on specific EOI */
        irq = val & 7;
        c->isr &= (uint8_t)~(1 << irq);
        c->priority_add = (uint8_t)((irq + 1) & 7);
        break;
    default: /* 2: no operation */
        return;
    }
    pic_chip_update(c, false);
}

static void pic_chip_ocw3(PICChip *c, uint8_t val)
{
    if (val & 0x04) {
        c->poll = true;
    }
    if (val & 0x02) {
        c->read_isr = (val & 0x01) != 0;
    }
    if (val & 0x40) {
        c->special_mask = (val & 0x20) != 0;
        pic_chip_update(c, false);
    }
}

static void pic_chip_write_data(PICChip *c, uint8_t val)
{
    switch (c->init_state) {
    case 0: /* OCW1 */
        c->imr = val;
        pic_chip_update(c, false);
        break;
    case 1: /* ICW2: T7-T3 */
        c->irq_base = val & 0xf8;
        c->init_state = c->single ? (c->init4 ? 3 : 0) : 2;
        break;
    case 2: /* ICW3: the PC's cascade is fixed wiring */
        c->init_state = c->init4 ? 3 : 0;
        break;
    default: /* ICW4 */
        c->sfnm = (val & 0x10) != 0;
        c->auto_eoi = (val & 0x02) != 0;
        c->init_state = 0;
        break;
    }
}

static void pic_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    PICChip *c = opaque;
    uint8_t v = (uint8_t)val;

    (void)size;
    if (offset == 1) {
        pic_chip_write_data(c, v);
    } else if (v & 0x10) {
        pic_chip_icw1(c, v);
    } else if (v & 0x08) {
        pic_chip_ocw3(c, v);
    } else {
        pic_chip_ocw2(c, v);
    }
}

/* Poll command: the read is an INTA of this chip (datasheet, "The Poll
 * Command"): bit 7 = a request was pending, bits 2-0 its level. */
static uint8_t pic_chip_poll(PICChip *c)
{
    int irq = pic_chip_get_irq(c);

    c->poll = false;
    if (irq < 0) {
        return 0;
    }
    pic_chip_intack(c, irq);
    return (uint8_t)(0x80 | irq);
}

static uint32_t pic_ioport_read(void *opaque, uint32_t offset, int size)
{
    PICChip *c = opaque;

    (void)size;
    if (c->poll) {
        return pic_chip_poll(c);
    }
    if (offset == 1) {
        return c->imr;
    }
    return c->read_isr ? c->isr : c->irr;
}

static void pic_elcr_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    PICState *s = opaque;
    PICChip *c = &s->chip[offset & 1];

    (void)size;
    c->elcr = (uint8_t)val & c->elcr_mask;
    c->irr = (uint8_t)((c->irr & ~c->elcr) | (c->line & c->elcr));
    pic_chip_update(c, false);
}

static uint32_t pic_elcr_read(void *opaque, uint32_t offset, int size)
{
    PICState *s = opaque;

    (void)size;
    return s->chip[offset & 1].elcr;
}

static const IOOps pic_ops = {
    .read = pic_ioport_read,
    .write = pic_ioport_write,
    .sizes = IO_SIZE8,
};

static const IOOps pic_elcr_ops = {
    .read = pic_elcr_read,
    .write = pic_elcr_write,
    .sizes = IO_SIZE8,
};

static void pic_chip_reset(PICChip *c, uint8_t irq_base)
{
    pic_chip_icw1(c, 0x11);
    c->irq_base = irq_base;
    c->init_state = 0;
    c->elcr = 0;
    c->irr = 0;
    pic_chip_update(c, false);
}

void pic_reset(PICState *s)
{
    pic_chip_reset(&s->chip[1], 0x70);
    pic_chip_reset(&s->chip[0], 0x08);
}

IRQLine *pic_irq(PICState *s, int n)
{
    return n >= 0 && n < 16 ? &s->in[n] : NULL;
}

PICState *pic_init(IOSpace *io, IRQLine *intr)
{
    PICState *s = calloc(1, sizeof(*s));
    int i;

    if (!s) {
        return NULL;
    }
    s->intr = intr;
    for (i = 0; i < 2; i++) {
        s->chip[i].pic = s;
        s->chip[i].master = i == 0;
    }
    s->chip[0].elcr_mask = 0xf8; /* IRQ 0, 1, 2 are always edge */
    s->chip[1].elcr_mask = 0xde; /* so are IRQ 8 and 13 */
    for (i = 0; i < 16; i++) {
        irq_init(&s->in[i], pic_set_irq, s, i);
    }
    if (ioport_register(io, "pic-master", PIC_MASTER_BASE, 2, &pic_ops, &s->chip[0]) < 0 ||
        ioport_register(io, "pic-slave", PIC_SLAVE_BASE, 2, &pic_ops, &s->chip[1]) < 0 ||
        ioport_register(io, "pic-elcr", PIC_ELCR_BASE, 2, &pic_elcr_ops, s) < 0) {
        free(s);
        return NULL;
    }
    pic_reset(s);
    return s;
}

void pic_free(PICState *s)
{
    free(s);
}
