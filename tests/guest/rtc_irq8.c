/*
 * rtc_irq8.c - the MC146818 on IRQ8 through the slave 8259A: reading the
 * time in BCD and binary, register D, the periodic interrupt at 1024 Hz
 * counted across a busy loop of known length (-icount 3), register C
 * cleared by reading. Under QEMU the clock starts
 * at 2000-01-01 as pcemu's does under -icount (NAME.qemu-args).
 */
#include "irq.h"

static volatile uint32_t n_irq8;
static volatile uint8_t last_c;

static uint8_t cmos(uint8_t i)
{
    outb(0x70, i);
    return inb(0x71);
}

static void cmos_set(uint8_t i, uint8_t v)
{
    outb(0x70, i);
    outb(0x71, v);
}

static int hook(PMFrame *f)
{
    if (f->vec == IRQ_VEC_BASE + 8) {
        n_irq8++;
        last_c = cmos(0x0c);
        pic_eoi(8);
        return 1;
    }
    return 0;
}

int main(void)
{
    uint8_t b;

    guest_puts("rtc_irq8\n");
    pm_init();
    irq_fill_idt();
    pm_hook = hook;
    while (cmos(0x0a) & 0x80) {
    }
    guest_printf("BCD: 20%02x-%02x-%02x %02x:%02x\n", cmos(0x09), cmos(0x08), cmos(0x07),
                 cmos(0x04), cmos(0x02));
    CHECK(cmos(0x00) < 0x10);
    b = cmos(0x0b);
    cmos_set(0x0b, b | 0x04);
    guest_printf("binary: %d-%d-%d day of week %d century %d\n", cmos(0x09), cmos(0x08),
                 cmos(0x07), cmos(0x06), cmos(0x32));
    cmos_set(0x0b, b);
    guest_printf("register D %x\n", cmos(0x0d));

    pic_setup(0xfb, 0xfe); /* cascade and IRQ8 */
    cmos_set(0x0a, 0x26);  /* 1024 Hz */
    cmos(0x0c);
    cmos_set(0x0b, cmos(0x0b) | 0x40);
    irq_enable();
    busy_loop(1000000); /* 16 ms: about 16 interrupts */
    irq_disable();
    cmos_set(0x0b, cmos(0x0b) & ~0x40);
    guest_printf("periodic interrupts within expected range: %s\n",
                 n_irq8 >= 14 && n_irq8 <= 19 ? "yes" : "no");
    CHECK(n_irq8 >= 14 && n_irq8 <= 19);
    guest_printf("register C in the handler had IRQF and PF: %s\n",
                 (last_c & 0xc0) == 0xc0 ? "yes" : "no");
    CHECK((last_c & 0xc0) == 0xc0);
    return guest_result("rtc_irq8");
}
