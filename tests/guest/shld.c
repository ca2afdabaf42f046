/*
 * shld.c - SHLD and SHRD (double-precision shifts) by imm8 and by CL, 16 and
 * 32 bits.
 *
 * SDM vol. 2 "SHLD": the count is masked to 5 bits; 0 changes nothing
 * (flags included). CF is the last bit shifted out of the destination, OF
 * is defined for a count of 1 only, AF is undefined, SF ZF PF follow the
 * result. For 16-bit operands a count above 16 leaves the result and flags
 * undefined, so those cases are skipped (an implementation may shift the
 * 32-bit concatenation or rotate through; both are correct).
 */
#include "flagtest.h"

#define DBL_CL(fn, insn, W)                                                                        \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t cnt, uint32_t fin, uint32_t *fout)         \
    {                                                                                              \
        uint32_t f;                                                                                \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %%cl, %" W "[b], %" W "[a]\n\t"         \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+r"(a), [fo] "=&r"(f)                                              \
                         : [b] "r"(b), "c"(cnt), [fi] "r"(fin)                                     \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

DBL_CL(shld32, "shldl", "k") /* 0f a5 /r */
DBL_CL(shrd32, "shrdl", "k") /* 0f ad /r */
DBL_CL(shld16, "shldw", "w") /* 66 0f a5 /r */
DBL_CL(shrd16, "shrdw", "w") /* 66 0f ad /r */

typedef uint32_t (*DblOp)(uint32_t a, uint32_t b, uint32_t cnt, uint32_t fin, uint32_t *fout);

#define DBL_IMM(fn, insn, imm, W)                                                                  \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t cnt, uint32_t fin, uint32_t *fout)         \
    {                                                                                              \
        uint32_t f;                                                                                \
        (void)cnt;                                                                                 \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " $" #imm ", %" W "[b], %" W "[a]\n\t"    \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+r"(a), [fo] "=&r"(f)                                              \
                         : [b] "r"(b), [fi] "r"(fin)                                               \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

// clang-format off
DBL_IMM(shld32_1,  "shldl", 1,  "k")  /* 0f a4 /r 01 */
DBL_IMM(shld32_13, "shldl", 13, "k")  /* 0f a4 /r 0d */
DBL_IMM(shrd32_31, "shrdl", 31, "k")  /* 0f ac /r 1f */
DBL_IMM(shrd32_32, "shrdl", 32, "k")  /* 0f ac /r 20: masked to 0 */
DBL_IMM(shld16_16, "shldw", 16, "w")  /* 66 0f a4 /r 10 */
DBL_IMM(shrd16_4,  "shrdw", 4,  "w")  /* 66 0f ac /r 04 */
// clang-format on

static uint32_t defined_flags(uint32_t count)
{
    uint32_t c = count & 31;
    if (c == 0) {
        return FL_ARITH;
    }
    return (FL_CF | FL_SF | FL_ZF | FL_PF) | (c == 1 ? FL_OF : 0);
}

typedef struct DblCase {
    const char *name;
    DblOp fn;
    int bits;
    int imm; /* -1: count by CL */
} DblCase;

static const DblCase ops[] = {
    {"shld32 cl", shld32, 32, -1},     {"shrd32 cl", shrd32, 32, -1},
    {"shld16 cl", shld16, 16, -1},     {"shrd16 cl", shrd16, 16, -1},
    {"shld32 1", shld32_1, 32, 1},     {"shld32 13", shld32_13, 32, 13},
    {"shrd32 31", shrd32_31, 32, 31},  {"shrd32 32", shrd32_32, 32, 32},
    {"shld16 16", shld16_16, 16, 16},  {"shrd16 4", shrd16_4, 16, 4},
};

static const uint32_t counts[] = {0, 1, 2, 7, 8, 13, 15, 16, 17, 24, 31, 32, 33};
static const uint32_t srcs[] = {0x00000000, 0xffffffff, 0x80000001, 0x12345678,
                                0xdeadbeef, 0x0000ffff, 0xffff0000, 0x55555555};

static void spot_checks(void)
{
    uint32_t f;
    /* shld 32 by 4: top nibble of src enters at the bottom; CF = bit 28 of dst */
    CHECK_EQ(shld32(0x12345678, 0x9abcdef0, 4, FT_IN_CLEAR, &f), 0x23456789);
    CHECK_EQ(f & defined_flags(4), FL_CF);
    /* shrd 32 by 8: low byte of src enters at the top */
    CHECK_EQ(shrd32(0x12345678, 0x9abcdef0, 8, FT_IN_CLEAR, &f), 0xf0123456);
    CHECK_EQ(f & defined_flags(8), FL_SF | FL_PF);
    /* count 0 (masked 32): all flags and the destination unchanged */
    CHECK_EQ(shld32(0xcafebabe, 0x12345678, 32, FT_IN_ALL, &f), 0xcafebabe);
    CHECK_EQ(f & FL_ARITH, FL_ARITH);
    /* 16-bit shrd by 16: the source replaces the destination */
    CHECK_EQ(shrd16(0xaaaa8001, 0x00001234, 16, FT_IN_CLEAR, &f), 0xaaaa1234);
    CHECK_EQ(f & defined_flags(16), FL_CF); /* 0x34 has odd parity */
}

static const uint32_t fins[] = {FT_IN_CLEAR, FT_IN_ALL};

int main(void)
{
    guest_puts("shld: SHLD SHRD\n");
    spot_checks();
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        const DblCase *o = &ops[i];
        uint32_t h = 0x811c9dc5u;
        unsigned ncounts = o->imm < 0 ? sizeof(counts) / sizeof(counts[0]) : 1;
        for (unsigned c = 0; c < ncounts; c++) {
            uint32_t cnt = o->imm < 0 ? counts[c] : (uint32_t)o->imm;
            if (o->bits == 16 && (cnt & 31) > 16) {
                continue; /* undefined */
            }
            for (unsigned k = 0; k < 2; k++) {
                for (int x = 0; x < FT_NVALS; x++) {
                    for (unsigned y = 0; y < sizeof(srcs) / sizeof(srcs[0]); y++) {
                        uint32_t f;
                        uint32_t r = o->fn(ft_vals[x], srcs[y], cnt, fins[k], &f);
                        h = ft_fold(h, ft_vals[x], srcs[y] ^ (cnt << 24), r,
                                    f & defined_flags(cnt));
                    }
                }
            }
        }
        guest_printf("%-10s %08x\n", o->name, h);
    }
    return guest_result("shld");
}
