/*
 * pic_spurious.c - the 8259A's spurious IR7 (datasheet, "Interrupt
 * Sequence": no request at INTA -> level 7, ISR untouched). IRQ4 is made
 * level triggered through the ELCR; with IF=0 the UART raises it (THR
 * empty) and drops it again (IER cleared); the INTA after STI finds no
 * request. pcemu only: QEMU's 8259 lowers INTR when a level request goes
 * away, so the expected output is pcemu's.
 */
#include "irq.h"

static volatile uint32_t n_irq4, n_irq7;
static volatile uint8_t isr_in_irq7;

static int hook(PMFrame *f)
{
    if (f->vec == IRQ_VEC_BASE + 7) {
        n_irq7++;
        isr_in_irq7 = pic_read_isr(0x20);
        return 1; /* spurious: no EOI */
    }
    if (f->vec == IRQ_VEC_BASE + 4) {
        n_irq4++;
        inb(0x3fa);
        outb(0x3f9, 0);
        pic_eoi(4);
        return 1;
    }
    return 0;
}

int main(void)
{
    guest_puts("pic_spurious\n");
    pm_init();
    irq_fill_idt();
    pm_hook = hook;
    outb(0x3f9, 0);
    pic_setup(0x6f, 0xff); /* IRQ4 and IRQ7 */
    outb(0x4d0, 0x10);     /* IRQ4 level triggered */
    guest_printf("ELCR %x\n", inb(0x4d0));

    outb(0x3f9, 0x02); /* THRE: IRQ4 high, INTR up */
    guest_printf("IRR with the request %x\n", pic_read_irr(0x20));
    inb(0x3fa);
    outb(0x3f9, 0); /* request gone before INTA */
    guest_printf("IRR after it left %x\n", pic_read_irr(0x20));
    irq_enable();
    busy_loop(10);
    irq_disable();
    guest_printf("IRQ7 %d (ISR %x) IRQ4 %d\n", n_irq7, isr_in_irq7, n_irq4);
    CHECK_EQ(n_irq7, 1);
    CHECK_EQ(isr_in_irq7, 0);
    CHECK_EQ(n_irq4, 0);

    outb(0x3f9, 0x02); /* a request that stays is an IRQ4 */
    irq_enable();
    busy_loop(10);
    irq_disable();
    guest_printf("IRQ7 %d IRQ4 %d ISR %x\n", n_irq7, n_irq4, pic_read_isr(0x20));
    CHECK_EQ(n_irq4, 1);
    CHECK_EQ(n_irq7, 1);
    outb(0x4d0, 0);
    return guest_result("pic_spurious");
}
