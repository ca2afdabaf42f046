/*
 * uart16550.h - the 16550A UART (PC COM port).
 *
 * A UARTState owns its registers and its 16-byte receive FIFO; it does
 * not own the CharDev it talks to nor the IRQLine it drives (both belong
 * to the board). Transmission is instantaneous: a THR write reaches the
 * CharDev (or, in loopback, the receive FIFO) before the port write
 * returns, so LSR.THRE and LSR.TEMT always read 1. Host input enters only
 * through uart_poll, which the run loop calls between CPU slices; callers
 * must not read the CharDev themselves.
 */
#ifndef PCEMU_UART16550_H
#define PCEMU_UART16550_H

#include <stdint.h>

#include "hw/irq.h"
#include "softmmu/chardev.h"
#include "softmmu/ioport.h"

#define UART_COM1_BASE 0x3f8
#define UART_COM1_IRQ  4
#define UART_FIFO_SIZE 16

/* Register offsets (16550A datasheet, table 2). DLAB = LCR bit 7. */
enum {
    UART_RBR = 0, /* read, DLAB=0 */
    UART_THR = 0, /* write, DLAB=0 */
    UART_DLL = 0, /* DLAB=1 */
    UART_IER = 1, /* DLAB=0 */
    UART_DLM = 1, /* DLAB=1 */
    UART_IIR = 2, /* read */
    UART_FCR = 2, /* write */
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_MSR = 6,
    UART_SCR = 7,
};

#define UART_IER_RDI  0x01 /* received data available */
#define UART_IER_THRI 0x02 /* transmitter holding register empty */
#define UART_IER_RLSI 0x04 /* receiver line status */
#define UART_IER_MSI  0x08 /* modem status */

#define UART_IIR_NO_INT 0x01
#define UART_IIR_ID     0x0e
#define UART_IIR_MSI    0x00
#define UART_IIR_THRI   0x02
#define UART_IIR_RDI    0x04
#define UART_IIR_RLSI   0x06
#define UART_IIR_CTI    0x0c /* character timeout (FIFO mode) */
#define UART_IIR_FE     0xc0 /* FIFOs enabled */

#define UART_FCR_FE  0x01 /* FIFO enable */
#define UART_FCR_RFR 0x02 /* receiver FIFO reset */
#define UART_FCR_XFR 0x04 /* transmitter FIFO reset */
#define UART_FCR_DMS 0x08 /* DMA mode select */
#define UART_FCR_ITL 0xc0 /* receiver trigger level: 1, 4, 8, 14 */

#define UART_LCR_DLAB 0x80

#define UART_MCR_DTR  0x01
#define UART_MCR_RTS  0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10

#define UART_LSR_DR      0x01 /* data ready */
#define UART_LSR_OE      0x02 /* overrun error */
#define UART_LSR_PE      0x04
#define UART_LSR_FE      0x08
#define UART_LSR_BI      0x10
#define UART_LSR_THRE    0x20
#define UART_LSR_TEMT    0x40
#define UART_LSR_INT_ANY (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)

#define UART_MSR_DCTS      0x01
#define UART_MSR_DDSR      0x02
#define UART_MSR_TERI      0x04
#define UART_MSR_DDCD      0x08
#define UART_MSR_CTS       0x10
#define UART_MSR_DSR       0x20
#define UART_MSR_RI        0x40
#define UART_MSR_DCD       0x80
#define UART_MSR_ANY_DELTA 0x0f

typedef struct UARTState UARTState;

/* Registers 8 ports at base. irq may be NULL (not wired), chr may be NULL
 * (output dropped, no input). NULL if the ports are taken or on OOM. */
UARTState *uart_init(IOSpace *io, uint16_t base, IRQLine *irq, CharDev *chr);
void uart_free(UARTState *s);
/* Power-on state (QEMU's: MCR.OUT2 set, MSR = DCD | DSR | CTS, 9600 baud). */
void uart_reset(UARTState *s);
/* Move available host input into the receive FIFO (not in loopback). */
void uart_poll(UARTState *s);

#endif
