/*
 * uart16550.c - the 16550A UART (National Semiconductor PC16550D
 * datasheet: "Registers", "FIFO Interrupt Mode Operation").
 *
 * Modelled: all eight registers with DLAB, the 16-byte receive FIFO with
 * its trigger levels (FCR), the interrupt priorities of the IIR (line
 * status > received data / character timeout > THR empty > modem status),
 * overrun, loopback (MCR bit 4: THR feeds the receiver, MSR mirrors the
 * MCR outputs) and the scratch register. Not modelled: baud timing (a
 * character is sent the moment THR is written, so the transmit FIFO is
 * always empty), parity/framing/break errors (the host link never makes
 * them), and the character-timeout delay: a FIFO holding fewer bytes than
 * the trigger level reports the timeout at once. As in QEMU, the IRQ is
 * not gated by MCR.OUT2.
 */
#include <stdlib.h>

#include "hw/uart16550.h"

struct UARTState {
    CharDev *chr;
    IRQLine *irq;
    int irq_level;
    uint16_t divider;
    uint8_t ier;
    uint8_t fcr;
    uint8_t lcr;
    uint8_t mcr;
    uint8_t lsr;
    uint8_t msr;
    uint8_t scr;
    uint8_t rbr; /* last byte read out */
    bool thr_ipending;
    uint8_t rx_fifo[UART_FIFO_SIZE];
    int rx_head;
    int rx_count;
};

static const int uart_trigger_levels[4] = {1, 4, 8, 14};

static bool uart_fifo_enabled(const UARTState *s)
{
    return (s->fcr & UART_FCR_FE) != 0;
}

static int uart_rx_capacity(const UARTState *s)
{
    return uart_fifo_enabled(s) ? UART_FIFO_SIZE : 1;
}

static uint8_t uart_compute_iir(const UARTState *s)
{
    if ((s->ier & UART_IER_RLSI) && (s->lsr & UART_LSR_INT_ANY)) {
        return UART_IIR_RLSI;
    }
    if ((s->ier & UART_IER_RDI) && s->rx_count > 0) {
        if (uart_fifo_enabled(s) && s->rx_count < uart_trigger_levels[s->fcr >> 6]) {
            return UART_IIR_CTI;
        }
        return UART_IIR_RDI;
    }
    if ((s->ier & UART_IER_THRI) && s->thr_ipending) {
        return UART_IIR_THRI;
    }
    if ((s->ier & UART_IER_MSI) && (s->msr & UART_MSR_ANY_DELTA)) {
        return UART_IIR_MSI;
    }
    return UART_IIR_NO_INT;
}

static void uart_update_irq(UARTState *s)
{
    int level = uart_compute_iir(s) != UART_IIR_NO_INT;

    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(s->irq, level);
    }
}

static void uart_rx_clear(UARTState *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
    s->lsr &= (uint8_t)~UART_LSR_DR;
}

/* A byte arrives at the receiver: into the FIFO, or an overrun. */
static void uart_rx_push(UARTState *s, uint8_t c)
{
    if (s->rx_count >= uart_rx_capacity(s)) {
        s->lsr |= UART_LSR_OE;
        if (!uart_fifo_enabled(s)) {
            s->rx_fifo[s->rx_head] = c; /* 16450 mode: the new byte replaces RBR */
        }
        return;
    }
    s->rx_fifo[(s->rx_head + s->rx_count) % UART_FIFO_SIZE] = c;
    s->rx_count++;
    s->lsr |= UART_LSR_DR;
}

static uint8_t uart_rx_pop(UARTState *s)
{
    if (s->rx_count > 0) {
        s->rbr = s->rx_fifo[s->rx_head];
        s->rx_head = (s->rx_head + 1) % UART_FIFO_SIZE;
        s->rx_count--;
    }
    if (s->rx_count == 0) {
        s->lsr &= (uint8_t)~UART_LSR_DR;
    }
    return s->rbr;
}

/* Sets the modem status inputs, recording changes in the delta bits. */
static void uart_set_modem_inputs(UARTState *s, uint8_t status)
{
    uint8_t old = s->msr & 0xf0;
    uint8_t changed = old ^ status;
    uint8_t delta = 0;

    if (changed & UART_MSR_CTS) {
        delta |= UART_MSR_DCTS;
    }
    if (changed & UART_MSR_DSR) {
        delta |= UART_MSR_DDSR;
    }
    if ((old & UART_MSR_RI) && !(status & UART_MSR_RI)) {
        delta |= UART_MSR_TERI; /* trailing edge only */
    }
    if (changed & UART_MSR_DCD) {
        delta |= UART_MSR_DDCD;
    }
    s->msr = (uint8_t)(status | (s->msr & UART_MSR_ANY_DELTA) | delta);
}

/* What the modem inputs read: the host "modem" is always ready, and in
 * loopback they are wired to the MCR outputs (datasheet, MCR bit 4). */
static uint8_t uart_modem_inputs(const UARTState *s)
{
    uint8_t status = 0;

    if (!(s->mcr & UART_MCR_LOOP)) {
        return UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    }
    if (s->mcr & UART_MCR_RTS) {
        status |= UART_MSR_CTS;
    }
    if (s->mcr & UART_MCR_DTR) {
        status |= UART_MSR_DSR;
    }
    if (s->mcr & UART_MCR_OUT1) {
        status |= UART_MSR_RI;
    }
    if (s->mcr & UART_MCR_OUT2) {
        status |= UART_MSR_DCD;
    }
    return status;
}

static void uart_write_thr(UARTState *s, uint8_t val)
{
    if (s->mcr & UART_MCR_LOOP) {
        uart_rx_push(s, val);
    } else if (s->chr) {
        chr_write(s->chr, &val, 1);
    }
    s->thr_ipending = true; /* sent at once: THR is empty again */
}

static void uart_write_fcr(UARTState *s, uint8_t val)
{
    if ((val ^ s->fcr) & UART_FCR_FE) {
        uart_rx_clear(s); /* changing the FIFO mode resets both FIFOs */
    }
    if (val & UART_FCR_RFR) {
        uart_rx_clear(s);
    }
    if (val & UART_FCR_FE) {
        s->fcr = val & (UART_FCR_FE | UART_FCR_DMS | UART_FCR_ITL);
    } else {
        s->fcr = 0;
    }
}

static void uart_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    UARTState *s = opaque;
    bool dlab = (s->lcr & UART_LCR_DLAB) != 0;
    uint8_t v = (uint8_t)val;

    (void)size;
    switch (offset) {
    case UART_THR:
        if (dlab) {
            s->divider = (uint16_t)((s->divider & 0xff00) | v);
        } else {
            uart_write_thr(s, v);
        }
        break;
    case UART_IER:
        if (dlab) {
            s->divider = (uint16_t)((s->divider & 0x00ff) | (v << 8));
            break;
        }
        if ((v & UART_IER_THRI) && !(s->ier & UART_IER_THRI)) {
            s->thr_ipending = true; /* enabling THRI with THR empty interrupts */
        }
        s->ier = v & 0x0f;
        break;
    case UART_FCR:
        uart_write_fcr(s, v);
        break;
    case UART_LCR:
        s->lcr = v;
        break;
    case UART_MCR:
        s->mcr = v & 0x1f;
        uart_set_modem_inputs(s, uart_modem_inputs(s));
        break;
    case UART_LSR:
    case UART_MSR:
        break; /* factory test registers: writes ignored */
    case UART_SCR:
        s->scr = v;
        break;
    default:
        break;
    }
    uart_update_irq(s);
}

static uint8_t uart_read_iir(UARTState *s)
{
    uint8_t id = uart_compute_iir(s);

    if (id == UART_IIR_THRI) {
        s->thr_ipending = false; /* reading IIR acknowledges THRE */
    }
    return (uint8_t)(id | (uart_fifo_enabled(s) ? UART_IIR_FE : 0));
}

static uint32_t uart_ioport_read(void *opaque, uint32_t offset, int size)
{
    UARTState *s = opaque;
    bool dlab = (s->lcr & UART_LCR_DLAB) != 0;
    uint8_t ret;

    (void)size;
    switch (offset) {
    case UART_RBR:
        ret = dlab ? (uint8_t)s->divider : uart_rx_pop(s);
        break;
    case UART_IER:
        ret = dlab ? (uint8_t)(s->divider >> 8) : s->ier;
        break;
    case UART_IIR:
        ret = uart_read_iir(s);
        break;
    case UART_LCR:
        ret = s->lcr;
        break;
    case UART_MCR:
        ret = s->mcr;
        break;
    case UART_LSR:
        ret = s->lsr;
        s->lsr &= (uint8_t)~UART_LSR_INT_ANY; /* error bits clear on read */
        break;
    case UART_MSR:
        ret = s->msr;
        s->msr &= (uint8_t)~UART_MSR_ANY_DELTA;
        break;
    default:
        ret = s->scr;
        break;
    }
    uart_update_irq(s);
    return ret;
}

static const IOOps uart_ops = {
    .read = uart_ioport_read,
    .write = uart_ioport_write,
    .sizes = IO_SIZE8,
};

void uart_reset(UARTState *s)
{
    s->divider = 12; /* 9600 baud from the 1.8432 MHz clock */
    s->ier = 0;
    s->fcr = 0;
    s->lcr = 0;
    s->mcr = UART_MCR_OUT2;
    s->lsr = UART_LSR_THRE | UART_LSR_TEMT;
    s->msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    s->scr = 0;
    s->rbr = 0;
    s->thr_ipending = false;
    uart_rx_clear(s);
    uart_update_irq(s);
}

UARTState *uart_init(IOSpace *io, uint16_t base, IRQLine *irq, CharDev *chr)
{
    UARTState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->chr = chr;
    s->irq = irq;
    if (ioport_register(io, "uart16550", base, 8, &uart_ops, s) < 0) {
        free(s);
        return NULL;
    }
    uart_reset(s);
    return s;
}

void uart_free(UARTState *s)
{
    free(s);
}

void uart_poll(UARTState *s)
{
    uint8_t buf[UART_FIFO_SIZE];
    int space = uart_rx_capacity(s) - s->rx_count;
    int i, n;

    if (!s->chr || (s->mcr & UART_MCR_LOOP) || space <= 0) {
        return;
    }
    n = chr_read(s->chr, buf, space);
    for (i = 0; i < n; i++) {
        uart_rx_push(s, buf[i]);
    }
    if (n > 0) {
        uart_update_irq(s);
    }
}
