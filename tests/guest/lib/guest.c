/*
 * guest.c - the guest test runtime: output, printf, checks, libc pieces,
 * CRC32 (see guest.h for the contract).
 */
#include "guest.h"

int guest_failures;

void serial_putc(char c)
{
    /* A real 16550 drops bytes written while THR is full: poll THRE. */
    while ((inb(COM1_LSR) & UART_LSR_THRE) == 0) {
    }
    outb(COM1_BASE, (uint8_t)c);
}

void debugcon_putc(char c)
{
    outb(DEBUGCON_PORT, (uint8_t)c);
}

void guest_putc(char c)
{
    serial_putc(c);
}

void guest_puts(const char *s)
{
    while (*s) {
        guest_putc(*s++);
    }
}

void guest_put_hex(uint32_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; i--) {
        guest_putc(hex[(v >> (i * 4)) & 15]);
    }
}

void guest_put_dec(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        guest_putc(buf[--n]);
    }
}

uint64_t guest_udiv64(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;
    for (int i = 63; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= (uint64_t)1 << i;
        }
    }
    if (rem) {
        *rem = r;
    }
    return q;
}

/* Format one number into buf (reversed digits), return its length. */
static int fmt_number(char *buf, uint64_t v, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        uint64_t r;
        if (base == 16) {
            r = v & 15;
            v >>= 4;
        } else if (v >> 32) {
            v = guest_udiv64(v, base, &r);
        } else {
            r = (uint32_t)v % base;
            v = (uint32_t)v / base;
        }
        buf[n++] = digits[r];
    } while (v);
    return n;
}

static void put_padded(const char *rev, int n, int neg, int width, char pad)
{
    int len = n + neg;
    if (width < 0) { /* left-justified */
        if (neg) {
            guest_putc('-');
        }
        while (n) {
            guest_putc(rev[--n]);
        }
        for (; len < -width; len++) {
            guest_putc(' ');
        }
        return;
    }
    if (neg && pad == '0') {
        guest_putc('-');
    }
    for (; len < width; len++) {
        guest_putc(pad);
    }
    if (neg && pad != '0') {
        guest_putc('-');
    }
    while (n) {
        guest_putc(rev[--n]);
    }
}

void guest_vprintf(const char *fmt, va_list ap)
{
    char buf[24];
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            guest_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, longs = 0, left = 0;
        if (*fmt == '-') {
            left = 1;
            fmt++;
        }
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        if (left) {
            width = -width;
        }
        while (*fmt == 'l') {
            longs++;
            fmt++;
        }
        uint64_t v;
        int neg = 0;
        switch (*fmt) {
        case 'c':
            guest_putc((char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = (int)strlen(s);
            for (; len < width; len++) {
                guest_putc(' ');
            }
            guest_puts(s);
            for (; len < -width; len++) {
                guest_putc(' ');
            }
            break;
        }
        case 'd':
            if (longs >= 2) {
                int64_t s = va_arg(ap, int64_t);
                neg = s < 0;
                v = neg ? -(uint64_t)s : (uint64_t)s;
            } else {
                int32_t s = va_arg(ap, int32_t);
                neg = s < 0;
                v = neg ? -(uint32_t)s : (uint32_t)s;
            }
            put_padded(buf, fmt_number(buf, v, 10, 0), neg, width, pad);
            break;
        case 'u':
        case 'x':
        case 'X':
            v = longs >= 2 ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t);
            put_padded(buf, fmt_number(buf, v, *fmt == 'u' ? 10 : 16, *fmt == 'X'), 0, width,
                       pad);
            break;
        case '%':
            guest_putc('%');
            break;
        default:
            guest_putc('?');
            break;
        }
    }
}

void guest_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    guest_vprintf(fmt, ap);
    va_end(ap);
}

void exit_guest(uint32_t v)
{
    outl(DEBUG_EXIT_PORT, v);
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

void guest_check_fail(const char *file, int line, const char *what)
{
    guest_failures++;
    if (guest_failures <= 20) {
        guest_printf("CHECK FAILED %s:%d: %s\n", file, line, what);
    }
}

int guest_result(const char *name)
{
    if (guest_failures) {
        guest_printf("%s: FAIL (%d)\n", name, guest_failures);
        return 1;
    }
    guest_printf("%s: PASS\n", name);
    return 0;
}

/* volatile byte loops: gcc must not turn these back into memcpy calls. */
void *memcpy(void *dst, const void *src, size_t n)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--) {
            *d++ = *s++;
        }
    } else {
        while (n--) {
            d[n] = s[n];
        }
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    volatile uint8_t *d = dst;
    while (n--) {
        *d++ = (uint8_t)c;
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) {
            return *x < *y ? -1 : 1;
        }
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a) {
            return (uint8_t)*a - (uint8_t)*b;
        }
    }
    return 0;
}

static uint32_t crc32_table[256];

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        crc32_table[i] = c;
    }
}

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    if (crc32_table[1] == 0) {
        crc32_init();
    }
    crc = ~crc;
    while (len--) {
        crc = crc32_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}

uint32_t crc32(const void *buf, size_t len)
{
    return crc32_update(0, buf, len);
}

uint32_t crc32_u32(uint32_t crc, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return crc32_update(crc, b, 4);
}

/* Called by CHECK_EQ_REG (lib/asmcheck.h) in the assembly tests. */
void asm_check_fail(int check, uint32_t got);
uint32_t asm_check_val;

void asm_check_fail(int check, uint32_t got)
{
    guest_printf("check %d failed: got %08x\n", check, got);
    guest_failures++;
}
