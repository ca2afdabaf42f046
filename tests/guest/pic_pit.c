/*
 * pic_pit.c - 8259A + 8254 interrupt delivery under -icount: IRQ0 ticks
 * across a busy loop of known length, masking (the request waits in IRR),
 * EOI (no EOI: ISR blocks the level), nested priorities (IRQ0 preempts an
 * IRQ4 handler that re-enables interrupts; IRQ4 waits while IRQ0 is in
 * service) and a UART transmit driven by its THRE interrupt on IRQ4.
 * Output does not depend on exact timing: tick counts are range checks.
 */
#include "irq.h"

#define UART_THR 0x3f8
#define UART_IER 0x3f9
#define UART_IIR 0x3fa

enum { MODE_COUNT, MODE_NEST_IN_IRQ4, MODE_BLOCK_IRQ4, MODE_TX };

static volatile uint32_t ticks;
static volatile int mode, eoi0 = 1;
static volatile char order[16];
static volatile int norder;
static const char tx_msg[] = "sent by the THRE interrupt\n";
static volatile int tx_pos;

static void note(char c)
{
    if (norder < (int)sizeof(order) - 1) {
        order[norder++] = c;
    }
}

static void irq0(void)
{
    ticks++;
    if (mode == MODE_NEST_IN_IRQ4) {
        note('0');
    } else if (mode == MODE_BLOCK_IRQ4) {
        mode = MODE_COUNT;
        note('T');
        outb(UART_IER, 0x02); /* THR empty: IRQ4 now, but IRQ0 is in service */
        irq_enable();
        busy_loop(2000);
        irq_disable();
        note('t');
    }
    if (eoi0) {
        pic_eoi(0);
    }
}

static void irq4(void)
{
    uint8_t iir = inb(UART_IIR);

    if (mode == MODE_TX) {
        if ((iir & 0x0f) == 0x02 && tx_msg[tx_pos]) {
            outb(UART_THR, (uint8_t)tx_msg[tx_pos++]);
        } else {
            outb(UART_IER, 0);
        }
        pic_eoi(4);
        return;
    }
    note('4');
    outb(UART_IER, 0);
    if (mode == MODE_NEST_IN_IRQ4) {
        uint32_t t = ticks;
        irq_enable();
        while (ticks == t) {
        }
        irq_disable();
        note('e');
    }
    pic_eoi(4);
}

static int hook(PMFrame *f)
{
    if (f->vec == IRQ_VEC_BASE) {
        irq0();
        return 1;
    }
    if (f->vec == IRQ_VEC_BASE + 4) {
        irq4();
        return 1;
    }
    return 0;
}

static void yes(const char *what, int ok)
{
    guest_printf("%s: %s\n", what, ok ? "yes" : "no");
    CHECK(ok);
}

int main(void)
{
    uint32_t t0, n;

    guest_puts("pic_pit\n");
    pm_init();
    irq_fill_idt();
    pm_hook = hook;
    outb(UART_IER, 0);
    pit_setup(2, 1193); /* 1000.15 Hz */
    pic_setup(0xfe, 0xff);

    /* 2,000,002 instructions = 16 ms at 8 ns each (-icount 3) */
    irq_enable();
    busy_loop(1000000);
    irq_disable();
    n = ticks;
    yes("ticks within expected range", n >= 14 && n <= 19);

    outb(0x21, 0xff); /* masked: the edge waits in IRR */
    t0 = ticks;
    irq_enable();
    busy_loop(300000);
    yes("masked: no tick delivered", ticks == t0);
    yes("masked: IRR bit 0 set", pic_read_irr(0x20) & 1);
    outb(0x21, 0xfe);
    busy_loop(10);
    yes("unmasked: the pending tick arrives", ticks == t0 + 1);

    eoi0 = 0; /* no EOI: ISR bit 0 blocks further ticks */
    t0 = ticks;
    busy_loop(500000);
    irq_disable();
    yes("no EOI: one tick only", ticks == t0 + 1);
    yes("no EOI: ISR bit 0 set", pic_read_isr(0x20) == 1);
    eoi0 = 1;
    pic_eoi(0);
    t0 = ticks;
    irq_enable();
    busy_loop(300000);
    irq_disable();
    yes("after EOI: ticks again", ticks - t0 >= 3);

    outb(0x21, 0xee); /* IRQ0 and IRQ4 */
    mode = MODE_NEST_IN_IRQ4;
    irq_enable();
    outb(UART_IER, 0x02);
    busy_loop(10);
    irq_disable();
    mode = MODE_BLOCK_IRQ4;
    irq_enable();
    while (mode == MODE_BLOCK_IRQ4) {
    }
    busy_loop(10);
    irq_disable();
    order[norder] = 0;
    guest_printf("order: %s\n", (const char *)order);
    CHECK(norder == 6 && order[0] == '4' && order[1] == '0' && order[2] == 'e' &&
          order[3] == 'T' && order[4] == 't' && order[5] == '4');

    mode = MODE_TX;
    outb(0x21, 0xef); /* IRQ4 only */
    irq_enable();
    outb(UART_IER, 0x02);
    while (tx_msg[tx_pos]) {
    }
    busy_loop(10);
    irq_disable();
    yes("THRE interrupt transmit done", inb(UART_IER) == 0);
    return guest_result("pic_pit");
}
