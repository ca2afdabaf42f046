/* serial.c - INT 14h of pcemu's BIOS: polled 8250/16550 serial ports.
 *
 * COM1 is set to 115200 8N1 with the FIFO on and its interrupts off at
 * POST. INT 14h functions 00h-03h poll the line status register with a
 * bounded number of reads (the BDA time-out bytes are not used); a time-out
 * sets AH bit 7. DOS's COM1 device goes through here.
 */
#include "bios.h"

#define UART_THR 0
#define UART_RBR 0
#define UART_DLL 0
#define UART_DLM 1
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6

#define UART_LSR_DR   0x01
#define UART_LSR_THRE 0x20

#define SERIAL_SPIN 100000

void serial_init(void)
{
    uint16_t base = BDA16(BDA_COM_BASE);
    if (!base) {
        return;
    }
    outb(base + UART_IER, 0);
    outb(base + UART_LCR, 0x80);
    outb(base + UART_DLL, 1);
    outb(base + UART_DLM, 0);
    outb(base + UART_LCR, 0x03);
    outb(base + UART_FCR, 0x07);
    outb(base + UART_MCR, 0x03);
    BDA8(BDA_COM_TIMEOUT) = 1;
}

bool serial_putc(uint16_t base, uint8_t c)
{
    for (uint32_t i = 0; i < SERIAL_SPIN; i++) {
        if (inb(base + UART_LSR) & UART_LSR_THRE) {
            outb(base + UART_THR, c);
            return true;
        }
    }
    return false;
}

static const uint16_t serial_divisors[8] = {1047, 768, 384, 192, 96, 48, 24, 12};

void handle_14(struct BRegs *r)
{
    uint16_t base = 0;
    if (R_DX(r) < 4) {
        base = BDA16(BDA_COM_BASE + R_DX(r) * 2);
    }
    if (!base) {
        R_AH(r) = 0x80;
        return;
    }
    switch (R_AH(r)) {
    case 0x00: {
        uint16_t div = serial_divisors[R_AL(r) >> 5];
        outb(base + UART_LCR, 0x80);
        outb(base + UART_DLL, div & 0xff);
        outb(base + UART_DLM, div >> 8);
        outb(base + UART_LCR, R_AL(r) & 0x1f);
        R_AH(r) = inb(base + UART_LSR);
        R_AL(r) = inb(base + UART_MSR);
        break;
    }
    case 0x01:
        if (serial_putc(base, R_AL(r))) {
            R_AH(r) = inb(base + UART_LSR);
        } else {
            R_AH(r) = inb(base + UART_LSR) | 0x80;
        }
        break;
    case 0x02:
        for (uint32_t i = 0; i < SERIAL_SPIN; i++) {
            uint8_t lsr = inb(base + UART_LSR);
            if (lsr & UART_LSR_DR) {
                R_AL(r) = inb(base + UART_RBR);
                R_AH(r) = lsr & 0x1e;
                return;
            }
        }
        R_AH(r) = 0x80;
        break;
    case 0x03:
        R_AH(r) = inb(base + UART_LSR);
        R_AL(r) = inb(base + UART_MSR);
        break;
    default:
        R_AH(r) = 0x80;
        break;
    }
}
