/* util.c - small helpers of pcemu's BIOS: memory, CMOS, text output, ticks. */
#include "bios.h"

void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    while (n--) {
        *p++ = (uint8_t)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}

/* Index bit 7 keeps NMI disabled, as the AT BIOS does. */
uint8_t cmos_read(uint8_t index)
{
    outb(0x70, index | 0x80);
    return inb(0x71);
}

void cmos_write(uint8_t index, uint8_t v)
{
    outb(0x70, index | 0x80);
    outb(0x71, v);
}

void puts_bios(const char *s)
{
    while (*s) {
        video_putc((uint8_t)*s++);
    }
}

void put_hex(uint32_t v, int digits)
{
    while (digits--) {
        uint8_t d = (v >> (digits * 4)) & 15;
        video_putc(d < 10 ? '0' + d : 'A' + d - 10);
    }
}

void put_dec(uint32_t v)
{
    char buf[11];
    int i = 0;
    do {
        buf[i++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (i) {
        video_putc(buf[--i]);
    }
}

uint32_t ticks_now(void)
{
    uint32_t t;
    irq_disable();
    t = BDA32(BDA_TICKS);
    irq_enable();
    return t;
}

/* Wait n timer ticks (55 ms each) with interrupts enabled; midnight
 * rollover resets the counter, which only shortens the wait. */
void ticks_wait(uint32_t n)
{
    uint32_t start = ticks_now();
    for (;;) {
        uint32_t now = ticks_now();
        if (now < start || now - start >= n) {
            return;
        }
        irq_disable();
        wait_irq();
        irq_enable();
    }
}
