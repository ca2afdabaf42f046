/*
 * demo.c - the default guest of pcemu: what `./pcemu` runs with no -kernel.
 *
 * It shows that the machine works end to end: a banner on COM1, the CPU
 * as CPUID describes it (vendor, family/model/stepping, feature flags by
 * name), the multiboot memory size and command line, then a short
 * self-check (CRC-32 of a known string, a sort, 64-bit multiply and
 * divide done with 32-bit instructions, since there is no libgcc). On PASS
 * it powers off through the ACPI PM1a control port (16-bit write of 0x2000,
 * SLP_EN with sleep type 0, at port 0x604 as on QEMU's -M pc), which pcemu
 * turns into exit status 0; on FAIL it writes 1 to isa-debug-exit (0xF4),
 * exit status 3. If neither device exists it halts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define COM1      0x3F8
#define COM1_LSR  (COM1 + 5)
#define LSR_THRE  0x20
#define ACPI_PM1A_CNT 0x604
#define ACPI_SLP_EN   0x2000
#define DEBUG_EXIT    0xF4

typedef struct MultibootInfo {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
} MultibootInfo;

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void putc_serial(char c)
{
    if (c == '\n') {
        putc_serial('\r');
    }
    while (!(inb(COM1_LSR) & LSR_THRE)) {
    }
    outb(COM1, (uint8_t)c);
}

static void puts_serial(const char *s)
{
    while (*s) {
        putc_serial(*s++);
    }
}

static void put_uint(uint32_t v, unsigned base, int width, char pad)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    for (; width > n; width--) {
        putc_serial(pad);
    }
    while (n) {
        putc_serial(buf[--n]);
    }
}

/* Minimal printf: %s %c %u %d %x with optional 0 and width. */
static void demo_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putc_serial(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        switch (*fmt) {
        case 's':
            puts_serial(va_arg(ap, const char *));
            break;
        case 'c':
            putc_serial((char)va_arg(ap, int));
            break;
        case 'd': {
            int32_t v = va_arg(ap, int32_t);
            if (v < 0) {
                putc_serial('-');
                v = -v;
            }
            put_uint((uint32_t)v, 10, width, pad);
            break;
        }
        case 'u':
            put_uint(va_arg(ap, uint32_t), 10, width, pad);
            break;
        case 'x':
            put_uint(va_arg(ap, uint32_t), 16, width, pad);
            break;
        default:
            putc_serial('%');
            putc_serial(*fmt);
            break;
        }
    }
    va_end(ap);
}

/* gcc may emit calls to these even in freestanding code. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) {
        *d++ = *s++;
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

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

/* CPUID.1:EDX and ECX feature names (SDM vol. 2 "CPUID", tables 3-10/3-11). */
static const char *const edx_names[32] = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
    "mtrr", "pge", "mca", "cmov", "pat", "pse36", "psn", "clflush", NULL, "ds", "acpi",
    "mmx", "fxsr", "sse", "sse2", "ss", "htt", "tm", NULL, "pbe",
};
static const char *const ecx_names[32] = {
    "sse3", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3",
    "cnxt_id", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2",
    "x2apic", "movbe", "popcnt", "tsc_deadline", "aes", "xsave", "osxsave", "avx", "f16c",
    "rdrand", "hypervisor",
};

static void print_flags(const char *const names[32], uint32_t bits, int *col)
{
    for (int i = 0; i < 32; i++) {
        if (!(bits >> i & 1) || !names[i]) {
            continue;
        }
        int len = 0;
        while (names[i][len]) {
            len++;
        }
        if (*col + len + 1 > 72) {
            puts_serial("\n          ");
            *col = 11;
        }
        demo_printf(" %s", names[i]);
        *col += len + 1;
    }
}

static int cpuid_supported(void)
{
    /* EFLAGS.ID (bit 21) can be toggled iff CPUID exists */
    uint32_t a, b;
    __asm__ volatile("pushfl\n\tpopl %0\n\tmovl %0, %1\n\txorl $0x200000, %0\n\t"
                     "pushl %0\n\tpopfl\n\tpushfl\n\tpopl %0\n\tpushl %1\n\tpopfl"
                     : "=&r"(a), "=&r"(b)
                     :
                     : "cc");
    return ((a ^ b) & 0x200000) != 0;
}

static void show_cpu(void)
{
    uint32_t r[4];
    if (!cpuid_supported()) {
        puts_serial("cpu:       no CPUID (a 486 or older)\n");
        return;
    }
    cpuid(0, r);
    char vendor[13];
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = 0;
    uint32_t max_leaf = r[0];
    demo_printf("cpu:       %s, max leaf %u\n", vendor, max_leaf);
    if (max_leaf < 1) {
        return;
    }
    cpuid(1, r);
    uint32_t family = (r[0] >> 8) & 15, model = (r[0] >> 4) & 15, stepping = r[0] & 15;
    if (family == 15) {
        family += (r[0] >> 20) & 0xff;
    }
    if (family == 6 || family >= 15) {
        model |= ((r[0] >> 16) & 15) << 4;
    }
    demo_printf("           family %u model %u stepping %u (signature %08x)\n", family, model,
                stepping, r[0]);
    int col = 11;
    puts_serial("features: ");
    print_flags(edx_names, r[3], &col);
    print_flags(ecx_names, r[2], &col);
    putc_serial('\n');
}

/* ---- self-check ---- */

static uint32_t crc32(const char *s)
{
    uint32_t crc = 0xffffffff;
    for (; *s; s++) {
        crc ^= (uint8_t)*s;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
        }
    }
    return ~crc;
}

/* 64-bit unsigned divide by shift-subtract: no __udivdi3 without libgcc. */
static uint64_t udiv64(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;
    for (int i = 63; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= (uint64_t)1 << i;
        }
    }
    *rem = r;
    return q;
}

static int check_sort(void)
{
    int32_t v[64];
    uint32_t seed = 2463534242u;
    for (int i = 0; i < 64; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        v[i] = (int32_t)(seed % 1000) - 500;
    }
    for (int i = 1; i < 64; i++) { /* insertion sort */
        int32_t x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
    for (int i = 1; i < 64; i++) {
        if (v[i - 1] > v[i]) {
            return 0;
        }
    }
    return 1;
}

static int self_check(void)
{
    int ok = 1;
    uint32_t c = crc32("123456789");
    int crc_ok = c == 0xCBF43926u;
    demo_printf("  crc32(\"123456789\") = %08x %s\n", c, crc_ok ? "ok" : "WRONG");
    ok &= crc_ok;
    int sort_ok = check_sort();
    demo_printf("  sort of 64 numbers   %s\n", sort_ok ? "ok" : "WRONG");
    ok &= sort_ok;
    /* 0xfedcba98 * 0x12345678 = 0x121fa00a35068740; / 0x10001 */
    volatile uint32_t a = 0xfedcba98, b = 0x12345678;
    uint64_t p = (uint64_t)a * b, rem;
    uint64_t q = udiv64(p, 0x10001, &rem);
    int mul_ok = p == 0x121fa00a35068740ull && q * 0x10001 + rem == p && rem < 0x10001;
    demo_printf("  64-bit mul/div       %s\n", mul_ok ? "ok" : "WRONG");
    ok &= mul_ok;
    return ok;
}

static void banner(void)
{
    puts_serial("\n"
                "+--------------------------------------------------+\n"
                "|                                                  |\n"
                "|   ____   ___  ___  _ __ ___   _   _              |\n"
                "|  |  _ \\ / __|/ _ \\| '_ ` _ \\ | | | |             |\n"
                "|  | |_) | (__|  __/| | | | | || |_| |             |\n"
                "|  | .__/ \\___|\\___||_| |_| |_| \\__,_|             |\n"
                "|  |_|                                             |\n"
                "|                                                  |\n"
                "|  pcemu demo - a 32-bit PC with a binary          |\n"
                "|  translator, running its built-in guest          |\n"
                "+--------------------------------------------------+\n\n");
}

void demo_main(uint32_t magic, const MultibootInfo *mbi);

void demo_main(uint32_t magic, const MultibootInfo *mbi)
{
    banner();
    show_cpu();
    if (magic == 0x2BADB002u) {
        if (mbi->flags & 1) {
            demo_printf("memory:    %u KiB low, %u KiB high (%u MiB)\n", mbi->mem_lower,
                        mbi->mem_upper, (mbi->mem_upper + 1024 + 1023) / 1024);
        }
        if (mbi->flags & 4) {
            demo_printf("cmdline:   \"%s\"\n", (const char *)(uintptr_t)mbi->cmdline);
        }
    } else {
        demo_printf("not started by a multiboot loader (eax=%08x)\n", magic);
    }
    puts_serial("self-check:\n");
    int ok = self_check();
    puts_serial(ok ? "self-check: PASS\n" : "self-check: FAIL\n");
    if (ok) {
        puts_serial("powering off.\n");
        outw(ACPI_PM1A_CNT, ACPI_SLP_EN);
    } else {
        outb(DEBUG_EXIT, 1);
    }
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}
