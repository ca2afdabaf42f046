/*
 * xchg_ops.c - the exchange family: XCHG (register and memory), XADD and
 * CMPXCHG at 8/16/32 bits, and CMPXCHG8B.
 *
 * SDM vol. 2: XADD stores the sum into the destination and the old
 * destination into the source, flags as ADD. CMPXCHG compares the
 * accumulator with the destination (flags as CMP acc - dest); equal: dest
 * = source, else acc = dest (the destination is written back unchanged
 * too, which matters for MMIO, not here). CMPXCHG8B compares EDX:EAX with
 * m64: equal -> ZF=1, m64 = ECX:EBX; else ZF=0, EDX:EAX = m64; other flags
 * are unaffected. No LOCK prefix: the guest contract does not list it and
 * a single CPU does not need it.
 */
#include "flagtest.h"

static uint32_t xadd32(uint32_t *dst, uint32_t src, uint32_t fin, uint32_t *fout)
{
    uint32_t f;
    /* 0f c1 /r with a memory destination */
    __asm__ volatile("pushl %[fi]\n\tpopfl\n\txaddl %[s], (%[d])\n\tpushfl\n\tpopl %[fo]"
                     : [s] "+r"(src), [fo] "=&r"(f)
                     : [d] "r"(dst), [fi] "r"(fin)
                     : "cc", "memory");
    *fout = f;
    return src;
}

static uint32_t xadd8r(uint32_t a, uint32_t *b, uint32_t fin, uint32_t *fout)
{
    uint32_t f, s = *b;
    /* 0f c0 /r, both registers */
    __asm__ volatile("pushl %[fi]\n\tpopfl\n\txaddb %b[s], %b[a]\n\tpushfl\n\tpopl %[fo]"
                     : [a] "+q"(a), [s] "+q"(s), [fo] "=&r"(f)
                     : [fi] "r"(fin)
                     : "cc");
    *b = s;
    *fout = f;
    return a;
}

static uint32_t xadd16r(uint32_t a, uint32_t *b, uint32_t fin, uint32_t *fout)
{
    uint32_t f, s = *b;
    __asm__ volatile("pushl %[fi]\n\tpopfl\n\txaddw %w[s], %w[a]\n\tpushfl\n\tpopl %[fo]"
                     : [a] "+r"(a), [s] "+r"(s), [fo] "=&r"(f)
                     : [fi] "r"(fin)
                     : "cc");
    *b = s;
    *fout = f;
    return a;
}

/* cmpxchg: returns the new accumulator; *dst updated. */
#define CMPXCHG(fn, insn, W, C)                                                                    \
    static uint32_t fn(uint32_t acc, uint32_t *dst, uint32_t src, uint32_t *fout)                  \
    {                                                                                              \
        uint32_t f, d = *dst;                                                                      \
        __asm__ volatile("pushl $2\n\tpopfl\n\t" insn " %" W "[s], %" W "[d]\n\t"                  \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : "+a"(acc), [d] "+" C(d), [fo] "=&r"(f)                                  \
                         : [s] C(src)                                                              \
                         : "cc");                                                                  \
        *dst = d;                                                                                  \
        *fout = f;                                                                                 \
        return acc;                                                                                \
    }

CMPXCHG(cmpxchg8, "cmpxchgb", "b", "q")   /* 0f b0 /r */
CMPXCHG(cmpxchg16, "cmpxchgw", "w", "r")  /* 66 0f b1 /r */
CMPXCHG(cmpxchg32, "cmpxchgl", "k", "r")  /* 0f b1 /r */

static uint32_t cmpxchg32m(uint32_t acc, uint32_t *dst, uint32_t src, uint32_t *fout)
{
    uint32_t f;
    __asm__ volatile("pushl $2\n\tpopfl\n\tcmpxchgl %[s], (%[d])\n\tpushfl\n\tpopl %[fo]"
                     : "+a"(acc), [fo] "=&r"(f)
                     : [s] "r"(src), [d] "r"(dst)
                     : "cc", "memory");
    *fout = f;
    return acc;
}

/* The m64 operand is a global (disp32 addressing): EAX EBX ECX EDX are
 * taken by the instruction, so registers are scarce. */
static uint64_t mem64;

static uint64_t cmpxchg8b(uint64_t expect, uint64_t repl, uint32_t fin, uint32_t *fout)
{
    uint32_t lo = (uint32_t)expect, hi = (uint32_t)(expect >> 32), f;
    /* 0f c7 0d disp32: cmpxchg8b [mem64] */
    __asm__ volatile("pushl %[fi]\n\tpopfl\n\tcmpxchg8b %[m]\n\tpushfl\n\tpopl %[fo]"
                     : "+a"(lo), "+d"(hi), [m] "+m"(mem64), [fo] "=&S"(f)
                     : "b"((uint32_t)repl), "c"((uint32_t)(repl >> 32)), [fi] "D"(fin)
                     : "cc");
    *fout = f;
    return (uint64_t)hi << 32 | lo;
}

static uint32_t h = 0x811c9dc5u;

static void test_xchg(void)
{
    uint32_t a = 0x11111111, b = 0x22222222;
    static uint32_t m = 0x33333333;
    __asm__ volatile("xchgl %0, %1" : "+r"(a), "+r"(b)); /* 87 /r */
    CHECK(a == 0x22222222 && b == 0x11111111);
    __asm__ volatile("xchgl %0, %1" : "+r"(a), "+m"(m)); /* 87 /r, memory */
    CHECK(a == 0x33333333 && m == 0x22222222);
    a = 0xaaaa1234;
    b = 0xbbbb5678;
    __asm__ volatile("xchgw %w0, %w1" : "+r"(a), "+r"(b)); /* 66 87 /r */
    CHECK(a == 0xaaaa5678 && b == 0xbbbb1234);
    a = 0x000000aa;
    b = 0x0000bb00;
    __asm__ volatile("xchgb %b0, %h1" : "+q"(a), "+Q"(b)); /* 86 /r: AL-type with AH-type */
    CHECK(a == 0x000000bb && b == 0x0000aa00);
    a = 1;
    b = 2;
    __asm__ volatile("xchgl %%eax, %%ecx" : "+a"(a), "+c"(b)); /* 91: short form */
    CHECK(a == 2 && b == 1);
    h = ft_fold(h, a, b, m, 0);
}

static void test_xadd(void)
{
    uint32_t hh = 0x811c9dc5u;
    for (int x = 0; x < FT_NVALS; x++) {
        for (int y = 0; y < FT_NVALS; y++) {
            uint32_t f, mem = ft_vals[x];
            uint32_t old = xadd32(&mem, ft_vals[y], FT_IN_CF, &f);
            CHECK_EQ(old, ft_vals[x]);
            CHECK_EQ(mem, ft_vals[x] + ft_vals[y]);
            hh = ft_fold(hh, old, mem, f & FL_ARITH, 0);
            uint32_t s = ft_vals[y];
            uint32_t r = xadd8r(ft_vals[x], &s, FT_IN_CLEAR, &f);
            CHECK_EQ(r, (ft_vals[x] & ~0xffu) | ((ft_vals[x] + ft_vals[y]) & 0xff));
            CHECK_EQ(s, (ft_vals[y] & ~0xffu) | (ft_vals[x] & 0xff));
            hh = ft_fold(hh, r, s, f & FL_ARITH, 1);
            s = ft_vals[y];
            r = xadd16r(ft_vals[x], &s, FT_IN_ALL, &f);
            hh = ft_fold(hh, r, s, f & FL_ARITH, 2);
        }
    }
    /* xadd with both operands the same register: the sum wins (SDM order) */
    uint32_t a = 5;
    __asm__ volatile("xaddl %0, %0" : "+r"(a) : : "cc");
    CHECK_EQ(a, 10);
    guest_printf("xadd     %08x\n", hh);
    h = ft_mix(h, hh);
}

static void test_cmpxchg(void)
{
    static const struct {
        const char *name;
        uint32_t (*fn)(uint32_t acc, uint32_t *dst, uint32_t src, uint32_t *fout);
        int bits;
    } ops[] = {
        {"cmpxchg8", cmpxchg8, 8},    {"cmpxchg16", cmpxchg16, 16},
        {"cmpxchg32", cmpxchg32, 32}, {"cmpxchg32 mem", cmpxchg32m, 32},
    };
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t hh = 0x811c9dc5u, m = ft_szmask(ops[i].bits);
        for (int x = 0; x < FT_NVALS; x++) {
            for (int y = 0; y < FT_NVALS; y += 2) {
                /* acc vs dest: equal on the diagonal and for equal low parts */
                uint32_t f, acc = ft_vals[x], d = ft_vals[y], src = 0xc0ffee00u + (uint32_t)x;
                uint32_t r = ops[i].fn(acc, &d, src, &f);
                if (((acc ^ ft_vals[y]) & m) == 0) {
                    CHECK(f & FL_ZF);
                    CHECK_EQ(d, (ft_vals[y] & ~m) | (src & m));
                    CHECK_EQ(r, acc);
                } else {
                    CHECK(!(f & FL_ZF));
                    CHECK_EQ(d, ft_vals[y]);
                    CHECK_EQ(r, (acc & ~m) | (ft_vals[y] & m));
                }
                hh = ft_fold(hh, r, d, f & FL_ARITH, 0);
            }
        }
        guest_printf("%-13s %08x\n", ops[i].name, hh);
        h = ft_mix(h, hh);
    }
}

static void test_cmpxchg8b(void)
{
    uint32_t f;
    mem64 = 0x0123456789abcdefull;
    /* equal: m64 replaced, ZF=1, the other flags (set on input) kept */
    uint64_t r = cmpxchg8b(0x0123456789abcdefull, 0xfedcba9876543210ull, FT_IN_ALL, &f);
    CHECK(mem64 == 0xfedcba9876543210ull);
    CHECK(r == 0x0123456789abcdefull);
    CHECK_EQ(f & FL_ARITH, FL_ARITH);
    /* low half equal, high half differs: no store, EDX:EAX loaded, ZF=0 */
    r = cmpxchg8b(0x1111111176543210ull, 0, FT_IN_CLEAR, &f);
    CHECK(mem64 == 0xfedcba9876543210ull);
    CHECK(r == 0xfedcba9876543210ull);
    CHECK_EQ(f & FL_ARITH, 0);
    r = cmpxchg8b(0xfedcba9800000000ull, 1, FT_IN_CF, &f);
    CHECK(r == 0xfedcba9876543210ull);
    CHECK_EQ(f & FL_ARITH, FL_CF);
    h = ft_fold(h, (uint32_t)r, (uint32_t)(r >> 32), (uint32_t)mem64, f & FL_ARITH);
}

int main(void)
{
    guest_puts("xchg_ops: XCHG XADD CMPXCHG CMPXCHG8B\n");
    test_xchg();
    test_xadd();
    test_cmpxchg();
    test_cmpxchg8b();
    guest_printf("hash %08x\n", h);
    return guest_result("xchg_ops");
}
