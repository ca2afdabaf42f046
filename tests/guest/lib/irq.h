/*
 * irq.h - hardware interrupts for the guest tests, on top of pm.h: IDT
 * stubs for vectors 0x20-0x2F (IRQ 0-15 after pic_setup), 8259A and 8254
 * programming, busy loops of a known instruction count.
 *
 * Header-only like pm.h; include it after pm.h in exactly one file. IRQ
 * handlers are pm_hook functions that see f->vec 0x20-0x2F.
 */
#ifndef IRQ_H
#define IRQ_H

#include "pm.h"

#define IRQ_VEC_BASE 0x20

__asm__(".text\n"
        PM_STUB_NOERR(32) PM_STUB_NOERR(33) PM_STUB_NOERR(34) PM_STUB_NOERR(35)
        PM_STUB_NOERR(36) PM_STUB_NOERR(37) PM_STUB_NOERR(38) PM_STUB_NOERR(39)
        PM_STUB_NOERR(40) PM_STUB_NOERR(41) PM_STUB_NOERR(42) PM_STUB_NOERR(43)
        PM_STUB_NOERR(44) PM_STUB_NOERR(45) PM_STUB_NOERR(46) PM_STUB_NOERR(47));

static inline void irq_fill_idt(void)
{
    uint32_t a[16] = {
        PM_ISR_ADDR(32), PM_ISR_ADDR(33), PM_ISR_ADDR(34), PM_ISR_ADDR(35),
        PM_ISR_ADDR(36), PM_ISR_ADDR(37), PM_ISR_ADDR(38), PM_ISR_ADDR(39),
        PM_ISR_ADDR(40), PM_ISR_ADDR(41), PM_ISR_ADDR(42), PM_ISR_ADDR(43),
        PM_ISR_ADDR(44), PM_ISR_ADDR(45), PM_ISR_ADDR(46), PM_ISR_ADDR(47)};
    for (int i = 0; i < 16; i++) {
        pm_idt[IRQ_VEC_BASE + i] = pm_gate(SEL_KCODE, a[i], 14, 0, 0);
    }
}

/* ICW1-ICW4 on both chips (vectors 0x20 and 0x28, cascade on IR2, 8086
 * mode, normal EOI), then the masks. ICW1 also forgets pending edges. */
static inline void pic_setup(uint8_t mask_master, uint8_t mask_slave)
{
    outb(0x20, 0x11);
    outb(0x21, IRQ_VEC_BASE);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0xa0, 0x11);
    outb(0xa1, IRQ_VEC_BASE + 8);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0x21, mask_master);
    outb(0xa1, mask_slave);
}

static inline void pic_eoi(int irq)
{
    if (irq >= 8) {
        outb(0xa0, 0x20);
    }
    outb(0x20, 0x20);
}

static inline uint8_t pic_read_isr(uint16_t cmd_port)
{
    outb(cmd_port, 0x0b);
    return inb(cmd_port);
}

static inline uint8_t pic_read_irr(uint16_t cmd_port)
{
    outb(cmd_port, 0x0a);
    return inb(cmd_port);
}

/* Channel 0 in mode m (LSB then MSB) with count. */
static inline void pit_setup(int mode, uint16_t count)
{
    outb(0x43, (uint8_t)(0x30 | mode << 1));
    outb(0x40, (uint8_t)count);
    outb(0x40, (uint8_t)(count >> 8));
}

/* 2 * n + 2 instructions, whatever the compiler does around it. */
static inline void busy_loop(uint32_t n)
{
    __asm__ volatile("movl %0, %%ecx\n1:\n\tdecl %%ecx\n\tjnz 1b" : : "r"(n) : "ecx", "cc");
}

static inline void irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}

static inline void irq_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}

#endif
