/*
 * div.c - DIV and IDIV (F6/F7 /6 /7) at 8, 16 and 32 bits, register and
 * memory divisors.
 *
 * The dividend is AX, DX:AX or EDX:EAX; the quotient goes to AL/AX/EAX and
 * the remainder to AH/DX/EDX (SDM vol. 2 "DIV", "IDIV"). IDIV truncates
 * toward zero, so the remainder takes the dividend's sign. A zero divisor
 * or a quotient that does not fit raises #DE, and the guest has no IDT:
 * the test decides in C, before executing, whether a case is safe (with
 * 64-bit compares only: no libgcc division here) and skips the rest. Every
 * result is verified as q*d + r == n with |r| < |d|, and hashed. Flags are
 * all undefined after a division and not looked at.
 */
#include "flagtest.h"

typedef struct DivOut {
    uint32_t eax, edx;
} DivOut;

#define DIVOP(fn, insn, W, C)                                                                      \
    static DivOut fn(uint32_t eax, uint32_t edx, uint32_t d)                                       \
    {                                                                                              \
        __asm__ volatile(insn " %" W "[d]" : "+a"(eax), "+d"(edx) : [d] C(d) : "cc");              \
        return (DivOut){eax, edx};                                                                 \
    }

/* EDX/EAX are taken by the dividend: the 8-bit divisor needs BL or CL. */
DIVOP(div8, "divb", "b", "b")     /* f6 /6 */
DIVOP(idiv8, "idivb", "b", "c")   /* f6 /7 */
DIVOP(div16, "divw", "w", "r")    /* 66 f7 /6 */
DIVOP(idiv16, "idivw", "w", "r")  /* 66 f7 /7 */
DIVOP(div32, "divl", "k", "r")    /* f7 /6 */
DIVOP(idiv32, "idivl", "k", "r")  /* f7 /7 */

static uint32_t mem_divisor;

static DivOut div32m(uint32_t eax, uint32_t edx, uint32_t d)
{
    mem_divisor = d;
    /* f7 35 disp32: div dword [mem_divisor] */
    __asm__ volatile("divl %[m]" : "+a"(eax), "+d"(edx) : [m] "m"(mem_divisor) : "cc");
    return (DivOut){eax, edx};
}

static DivOut idiv32m(uint32_t eax, uint32_t edx, uint32_t d)
{
    mem_divisor = d;
    /* f7 3d disp32: idiv dword [mem_divisor] */
    __asm__ volatile("idivl %[m]" : "+a"(eax), "+d"(edx) : [m] "m"(mem_divisor) : "cc");
    return (DivOut){eax, edx};
}

typedef DivOut (*DivFn)(uint32_t eax, uint32_t edx, uint32_t d);

typedef struct DivCase {
    const char *name;
    DivFn fn;
    int bits;
    int is_signed;
} DivCase;

static const DivCase ops[] = {
    {"div8", div8, 8, 0},       {"idiv8", idiv8, 8, 1},    {"div16", div16, 16, 0},
    {"idiv16", idiv16, 16, 1},  {"div32", div32, 32, 0},   {"idiv32", idiv32, 32, 1},
    {"div32 mem", div32m, 32, 0}, {"idiv32 mem", idiv32m, 32, 1},
};

static int64_t sext(uint64_t v, int bits)
{
    uint64_t sign = (uint64_t)1 << (bits - 1);
    v &= (sign << 1) - 1;
    return (int64_t)((v ^ sign) - sign);
}

static uint64_t mag(int64_t v)
{
    return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/* Would the division fault? n is 2*bits wide, d is bits wide. */
static int would_fault(uint64_t n, uint32_t d, int bits, int is_signed)
{
    if (d == 0) {
        return 1;
    }
    if (!is_signed) {
        return (n >> bits) >= d; /* quotient needs more than bits bits */
    }
    int64_t sn = sext(n, 2 * bits), sd = sext(d, bits);
    /* |q| = floor(|n| / |d|) must be <= 2^(bits-1) - 1, or 2^(bits-1) when negative */
    uint64_t limit = ((uint64_t)1 << (bits - 1)) - ((sn < 0) == (sd < 0) ? 1 : 0);
    return mag(sn) >= (limit + 1) * mag(sd);
}

static void run_case(const DivCase *o, uint32_t lo, uint32_t hi, uint32_t d, uint32_t *h)
{
    int bits = o->bits;
    uint32_t m = ft_szmask(bits);
    uint64_t n;
    uint32_t eax = lo, edx = hi;
    d &= m;
    if (bits == 8) {
        eax = (lo & 0xffff00ff) | ((hi & 0xff) << 8); /* AX = hi8:lo8 */
        n = eax & 0xffff;
    } else {
        n = ((uint64_t)(hi & m) << bits) | (lo & m);
    }
    if (would_fault(n, d, bits, o->is_signed)) {
        return;
    }
    DivOut r = o->fn(eax, edx, d);
    uint32_t q, rem;
    if (bits == 8) {
        q = r.eax & 0xff;
        rem = (r.eax >> 8) & 0xff;
        CHECK_EQ(r.eax >> 16, eax >> 16);
        CHECK_EQ(r.edx, edx);
    } else {
        q = r.eax & m;
        rem = r.edx & m;
        CHECK_EQ(r.eax & ~m, eax & ~m);
        CHECK_EQ(r.edx & ~m, edx & ~m);
    }
    if (o->is_signed) {
        int64_t sq = sext(q, bits), sr = sext(rem, bits), sd = sext(d, bits);
        int64_t sn = sext(n, 2 * bits);
        CHECK(sq * sd + sr == sn);
        CHECK(mag(sr) < mag(sd));
        CHECK(sr == 0 || (sr < 0) == (sn < 0));
    } else {
        CHECK((uint64_t)q * d + rem == n);
        CHECK(rem < d);
    }
    *h = ft_fold(*h, lo ^ hi, d, r.eax, r.edx);
}

static void spot_checks(void)
{
    DivOut r = div32(0x00000000, 0x00000001, 0x00000002); /* 2^32 / 2 */
    CHECK_EQ(r.eax, 0x80000000);
    CHECK_EQ(r.edx, 0);
    r = idiv32((uint32_t)-7, 0xffffffff, 2); /* -7 / 2 = -3 rem -1 */
    CHECK_EQ(r.eax, (uint32_t)-3);
    CHECK_EQ(r.edx, (uint32_t)-1);
    r = idiv8(0x1234ff80, 0xdead, 0x7f); /* AX = -128: -128 / 127 = -1 rem -1 */
    CHECK_EQ(r.eax, 0x1234ffff);
    r = div16(0xffff0007, 0xeeee0001, 0x0010); /* 0x10007 / 16 = 0x1000 rem 7 */
    CHECK_EQ(r.eax, 0xffff1000);
    CHECK_EQ(r.edx, 0xeeee0007);
    /* the model must refuse the cases that raise #DE */
    CHECK(would_fault(0x8000000000000000ull, 0x80000000, 32, 1)); /* -2^63 / -2^31 = 2^32 */
    CHECK(would_fault(0x0000000080000000ull, 0xffffffff, 32, 1) == 0); /* 2^31 / -1 fits */
    CHECK(would_fault(0xffffffff80000000ull, 0xffffffff, 32, 1));      /* -2^31 / -1 */
    CHECK(would_fault(0x0000000100000000ull, 0x00000001, 32, 0));
    CHECK(would_fault(0x12, 0, 8, 0));
}

static const uint32_t his[] = {0, 1, 0x7f, 0x12345, 0xfffffffe, 0xffffffff};

int main(void)
{
    guest_puts("div: DIV IDIV\n");
    spot_checks();
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t h = 0x811c9dc5u;
        for (int x = 0; x < FT_NVALS; x++) {
            uint32_t lo = ft_vals[x];
            for (unsigned k = 0; k <= sizeof(his) / sizeof(his[0]); k++) {
                /* the last "hi" is the sign extension of lo: the CDQ case */
                uint32_t hi = k < sizeof(his) / sizeof(his[0]) ? his[k]
                                                               : (uint32_t)((int32_t)lo >> 31);
                for (int y = 0; y < FT_NVALS; y++) {
                    run_case(&ops[i], lo, hi, ft_vals[y], &h);
                }
            }
        }
        guest_printf("%-10s %08x\n", ops[i].name, h);
    }
    return guest_result("div");
}
