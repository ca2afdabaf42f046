/*
 * bench.c - CPU-bound benchmark guest: one multiboot ELF, one workload per
 * run, chosen by a word on the command line (-append "NAME [scale=N]").
 *
 * Workloads (each sized to take about 1 s under qemu-system-i386 TCG at
 * scale=1 on a current x86-64 host):
 *   empty   nothing: measures boot + exit overhead, subtracted by run-bench.sh
 *   sieve   sieve of Eratosthenes over 4 Mi numbers, 9 times (strided byte stores)
 *   crc32   table-driven CRC-32 over a 1 MiB buffer, 160 times
 *   matmul  128x128 int32 matrix multiply, 80 times (IMUL, indexed loads)
 *   memcpy  12 x 8 MiB with REP MOVSD, then 1 MiB with a byte loop
 *   memset  96 x 8 MiB with REP STOSD, then 8 x 8 MiB with a dword loop
 *   random  2 Mi dependent random reads+writes over 16 MiB (TLB misses)
 *   fib     naive recursive fib(35) 3 times, 90 M calls (CALL/RET heavy)
 *   pchase  with 4 KiB paging on: 8 Mi steps of pointer chasing around one
 *           random cycle of 256 Ki nodes spread over 16 MiB (a TLB miss
 *           and a page walk almost every step)
 *   smc     100 Ki rounds of patching an immediate in a function, then
 *           calling it (one TB invalidation and retranslation per round)
 * Each prints "NAME: result HEX" (so a wrong run is visible) and exits
 * through debug-exit with 0.
 */
#include <stdbool.h>

#include "guest.h"

#define MiB (1024u * 1024u)

/* Big buffers live at fixed addresses above the image: 16 MiB .. 48 MiB. */
#define ARENA ((uint8_t *)(uintptr_t)(16 * MiB))
#define ARENA_SIZE (32 * MiB)

static uint32_t scale = 1;

static uint32_t bench_sieve(void)
{
    uint32_t n = 4 * MiB, count = 0;
    uint8_t *s = ARENA;
    for (uint32_t rep = 0; rep < 9 * scale; rep++) {
        memset(s, 1, n);
        s[0] = s[1] = 0;
        for (uint32_t i = 2; i * i < n; i++) {
            if (s[i]) {
                for (uint32_t j = i * i; j < n; j += i) {
                    s[j] = 0;
                }
            }
        }
        count = 0;
        for (uint32_t i = 0; i < n; i++) {
            count += s[i];
        }
    }
    return count; /* 295947 primes below 4 Mi */
}

static uint32_t bench_crc32(void)
{
    uint32_t seed = 1, crc = 0;
    uint8_t *buf = ARENA;
    for (uint32_t i = 0; i < MiB; i++) {
        buf[i] = (uint8_t)xorshift32(&seed);
    }
    for (uint32_t rep = 0; rep < 160 * scale; rep++) {
        crc = crc32_update(crc, buf, MiB);
    }
    return crc;
}

#define MN 128
static int32_t ma[MN][MN], mb[MN][MN], mc[MN][MN];

static uint32_t bench_matmul(void)
{
    uint32_t seed = 7, h = 0;
    for (int i = 0; i < MN; i++) {
        for (int j = 0; j < MN; j++) {
            ma[i][j] = (int32_t)(xorshift32(&seed) % 201) - 100;
            mb[i][j] = (int32_t)(xorshift32(&seed) % 201) - 100;
        }
    }
    for (uint32_t rep = 0; rep < 80 * scale; rep++) {
        for (int i = 0; i < MN; i++) {
            for (int j = 0; j < MN; j++) {
                int32_t s = 0;
                for (int k = 0; k < MN; k++) {
                    s += ma[i][k] * mb[k][j];
                }
                mc[i][j] = s;
            }
        }
        ma[rep % MN][rep % MN] += 1;
        h = crc32_update(h, mc, sizeof(mc));
    }
    return h;
}

static void rep_movsd(void *dst, const void *src, uint32_t n)
{
    __asm__ volatile("rep movsl" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

static void rep_stosd(void *dst, uint32_t v, uint32_t n)
{
    __asm__ volatile("rep stosl" : "+D"(dst), "+c"(n) : "a"(v) : "memory");
}

static uint32_t bench_memcpy(void)
{
    uint8_t *a = ARENA, *b = ARENA + 8 * MiB;
    rep_stosd(a, 0x01020304, 2 * MiB);
    for (uint32_t rep = 0; rep < 12 * scale; rep++) {
        rep_movsd(b, a, 2 * MiB);
        a[rep] ^= b[8 * MiB - 1 - rep];
    }
    /* byte loop on 1 MiB: the non-REP path */
    for (uint32_t rep = 0; rep < scale; rep++) {
        volatile uint8_t *d = b;
        for (uint32_t i = 0; i < MiB; i++) {
            d[i] = a[i + rep];
        }
    }
    return crc32(b, 4096) + crc32(a, 4096);
}

static uint32_t bench_memset(void)
{
    uint32_t *p = (uint32_t *)ARENA, h = 0;
    for (uint32_t rep = 0; rep < 96 * scale; rep++) {
        rep_stosd(p, rep * 0x01010101u, 2 * MiB);
        h += p[rep * 1000];
    }
    for (uint32_t rep = 0; rep < 8 * scale; rep++) {
        volatile uint32_t *v = p;
        for (uint32_t i = 0; i < 2 * MiB; i++) {
            v[i] = i ^ rep;
        }
        h += p[12345];
    }
    return h;
}

static uint32_t bench_random(void)
{
    uint32_t *p = (uint32_t *)ARENA, n = 4 * MiB; /* 16 MiB of dwords */
    uint32_t seed = 99, idx = 0, h = 0;
    for (uint32_t i = 0; i < n; i += 1024) {
        p[i] = i;
    }
    for (uint32_t i = 0; i < 2 * MiB * scale; i++) {
        idx = (idx + xorshift32(&seed)) & (n - 1);
        h += p[idx];
        p[(idx * 7) & (n - 1)] = h;
    }
    return h;
}

static __attribute__((noinline)) uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t bench_fib(void)
{
    uint32_t s = 0;
    for (uint32_t rep = 0; rep < 3 * scale; rep++) {
        s += fib(35);
    }
    return s; /* 9227465 per round */
}

/* Identity map of the first 64 MiB with 4 KiB pages (for pchase). */
static uint32_t bench_pd[1024] __attribute__((aligned(4096)));
static uint32_t bench_pt[16][1024] __attribute__((aligned(4096)));

static void bench_paging(bool on)
{
    uint32_t cr0;
    __asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
    if (on) {
        for (uint32_t i = 0; i < 16; i++) {
            for (uint32_t j = 0; j < 1024; j++) {
                bench_pt[i][j] = (i << 22) | (j << 12) | 3;
            }
            bench_pd[i] = (uint32_t)(uintptr_t)bench_pt[i] | 3;
        }
        __asm__ volatile("movl %0, %%cr3" ::"r"(bench_pd) : "memory");
        cr0 |= 1u << 31;
    } else {
        cr0 &= ~(1u << 31);
    }
    __asm__ volatile("movl %0, %%cr0" ::"r"(cr0) : "memory");
}

static uint32_t bench_pchase(void)
{
    const uint32_t stride = 16, n = 16 * MiB / 64; /* a node every 64 bytes */
    uint32_t *p = (uint32_t *)ARENA, seed = 7;
    bench_paging(true);
    for (uint32_t i = 0; i < n; i++) {
        p[i * stride] = i;
    }
    for (uint32_t i = n - 1; i > 0; i--) { /* Sattolo: one cycle through all */
        uint32_t j = xorshift32(&seed) % i;
        uint32_t t = p[i * stride];
        p[i * stride] = p[j * stride];
        p[j * stride] = t;
    }
    uint32_t idx = 0, h = 0;
    for (uint32_t i = 0; i < 8 * MiB * scale; i++) {
        idx = p[idx * stride];
        h += idx;
    }
    bench_paging(false);
    return h;
}

/* mov eax, imm32; ret - patched before every call */
static uint8_t bench_smc_page[4096] __attribute__((aligned(4096)));

static uint32_t bench_smc(void)
{
    static const uint8_t code[] = {0xb8, 0, 0, 0, 0, 0xc3};
    memcpy(bench_smc_page, code, sizeof(code));
    uint32_t (*fn)(void) = (uint32_t (*)(void))(uintptr_t)bench_smc_page;
    volatile uint32_t *imm = (volatile uint32_t *)(bench_smc_page + 1);
    uint32_t h = 0;
    for (uint32_t i = 0; i < 100 * 1024 * scale; i++) {
        *imm = i * 0x9e3779b9u;
        h = (h ^ fn()) * 0x01000193u;
    }
    return h;
}

static uint32_t bench_empty(void)
{
    return 0;
}

typedef struct Workload {
    const char *name;
    uint32_t (*fn)(void);
} Workload;

static const Workload workloads[] = {
    {"empty", bench_empty},   {"sieve", bench_sieve},   {"crc32", bench_crc32},
    {"matmul", bench_matmul}, {"memcpy", bench_memcpy}, {"memset", bench_memset},
    {"random", bench_random}, {"fib", bench_fib},       {"pchase", bench_pchase},
    {"smc", bench_smc},
};

/* Is word w (terminated by space or NUL in s) equal to name? */
static int word_is(const char *s, const char *name)
{
    size_t n = strlen(name);
    return strncmp(s, name, n) == 0 && (s[n] == ' ' || s[n] == 0);
}

int main(uint32_t magic, const MultibootInfo *mbi)
{
    const char *cmd = "";
    if (magic == MULTIBOOT_LOADER_MAGIC && (mbi->flags & MBI_FLAG_CMDLINE)) {
        cmd = (const char *)(uintptr_t)mbi->cmdline;
    }
    if (magic != MULTIBOOT_LOADER_MAGIC || !(mbi->flags & MBI_FLAG_MEM) ||
        mbi->mem_upper < (48 * MiB) / 1024) {
        guest_puts("bench: needs at least 64 MiB of RAM (-m 64)\n");
        return 1;
    }
    /* scan the words of the command line (the first may be the kernel path) */
    const Workload *w = NULL;
    for (const char *p = cmd; *p;) {
        for (unsigned i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++) {
            if (word_is(p, workloads[i].name)) {
                w = &workloads[i];
            }
        }
        if (strncmp(p, "scale=", 6) == 0) {
            scale = 0;
            for (const char *q = p + 6; *q >= '0' && *q <= '9'; q++) {
                scale = scale * 10 + (uint32_t)(*q - '0');
            }
            if (scale == 0) {
                scale = 1;
            }
        }
        while (*p && *p != ' ') {
            p++;
        }
        while (*p == ' ') {
            p++;
        }
    }
    if (!w) {
        guest_puts("bench: usage: -append \"WORKLOAD [scale=N]\", WORKLOAD one of:");
        for (unsigned i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++) {
            guest_printf(" %s", workloads[i].name);
        }
        guest_puts("\n");
        return 1;
    }
    uint32_t r = w->fn();
    guest_printf("%s: result %08x\n", w->name, r);
    return 0;
}
