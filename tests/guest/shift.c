/*
 * shift.c - SHL/SAL SHR SAR by 1 (D0/D1), by CL (D2/D3) and by imm8 (C0/C1)
 * at 8, 16 and 32 bits.
 *
 * SDM vol. 2 "SAL/SAR/SHL/SHR": the count is masked to 5 bits; a masked
 * count of 0 changes no flag (a translator that computes flags lazily must
 * keep the previous ones). CF is the last bit shifted out, undefined for
 * SHL/SHR when the count >= the operand size; OF is defined only for a
 * count of 1; AF is undefined for any non-zero count. The CL loop covers
 * counts 0..33, so 32 and 33 check the masking.
 */
#include "flagtest.h"

// clang-format off
FT_SHIFTCL(shl8,  "shlb", "b", "q")
FT_SHIFTCL(shl16, "shlw", "w", "r")
FT_SHIFTCL(shl32, "shll", "k", "r")
FT_SHIFTCL(shr8,  "shrb", "b", "q")
FT_SHIFTCL(shr16, "shrw", "w", "r")
FT_SHIFTCL(shr32, "shrl", "k", "r")
FT_SHIFTCL(sar8,  "sarb", "b", "q")
FT_SHIFTCL(sar16, "sarw", "w", "r")
FT_SHIFTCL(sar32, "sarl", "k", "r")
// clang-format on

enum { SHL, SHR, SAR };

typedef struct ShiftOp {
    const char *name;
    FtOp fn;
    int kind, bits;
} ShiftOp;

static const ShiftOp ops[] = {
    {"shl8", shl8, SHL, 8},    {"shl16", shl16, SHL, 16}, {"shl32", shl32, SHL, 32},
    {"shr8", shr8, SHR, 8},    {"shr16", shr16, SHR, 16}, {"shr32", shr32, SHR, 32},
    {"sar8", sar8, SAR, 8},    {"sar16", sar16, SAR, 16}, {"sar32", sar32, SAR, 32},
};

/* Which flags the SDM defines after this shift. */
static uint32_t defined_flags(int kind, int bits, uint32_t count)
{
    uint32_t c = count & 31;
    uint32_t m = FL_CF | FL_OF | FL_SF | FL_ZF | FL_PF;
    if (c == 0) {
        return FL_ARITH; /* all preserved */
    }
    if (c != 1) {
        m &= ~FL_OF;
    }
    if (kind != SAR && c >= (uint32_t)bits) {
        m &= ~FL_CF;
    }
    return m;
}

/* Immediate and by-1 encodings, 32-bit on EAX so the raw bytes match. */
#define IMM_SHIFT(fn, text)                                                                        \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f;                                                                                \
        (void)b;                                                                                   \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" text "\n\tpushfl\n\tpopl %[fo]"                \
                         : "+a"(a), [fo] "=&r"(f)                                                  \
                         : [fi] "r"(fin)                                                           \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

// clang-format off
IMM_SHIFT(shl_by1,     "shll %%eax")                    /* d1 e0 */
IMM_SHIFT(shl_c1_1,    ".byte 0xc1, 0xe0, 0x01")        /* c1 e0 01: shl eax, 1 (long form) */
IMM_SHIFT(shl_imm0,    ".byte 0xc1, 0xe0, 0x00")        /* c1 e0 00: shl eax, 0 */
IMM_SHIFT(shr_imm4,    "shrl $4, %%eax")                /* c1 e8 04 */
IMM_SHIFT(sar_imm31,   "sarl $31, %%eax")               /* c1 f8 1f */
IMM_SHIFT(shl_imm32,   ".byte 0xc1, 0xe0, 0x20")        /* c1 e0 20: count masks to 0 */
IMM_SHIFT(sar_imm33,   ".byte 0xc1, 0xf8, 0x21")        /* c1 f8 21: sar eax, 33 -> 1 */
IMM_SHIFT(shr_al_by1,  "shrb %%al")                     /* d0 e8 */
IMM_SHIFT(sar_al_imm7, "sarb $7, %%al")                 /* c0 f8 07 */
IMM_SHIFT(shl_ax_imm9, "shlw $9, %%ax")                 /* 66 c1 e0 09 */
IMM_SHIFT(shr_ax_imm16, "shrw $16, %%ax")               /* 66 c1 e8 10 */
// clang-format on

typedef struct ImmShift {
    const char *name;
    FtOp fn;
    int kind, bits;
    uint32_t count;
} ImmShift;

static const ImmShift imm_ops[] = {
    {"shl eax,1 (d1)", shl_by1, SHL, 32, 1},
    {"shl eax,1 (c1)", shl_c1_1, SHL, 32, 1},
    {"shl eax,0", shl_imm0, SHL, 32, 0},
    {"shr eax,4", shr_imm4, SHR, 32, 4},
    {"sar eax,31", sar_imm31, SAR, 32, 31},
    {"shl eax,32", shl_imm32, SHL, 32, 32},
    {"sar eax,33", sar_imm33, SAR, 32, 33},
    {"shr al,1", shr_al_by1, SHR, 8, 1},
    {"sar al,7", sar_al_imm7, SAR, 8, 7},
    {"shl ax,9", shl_ax_imm9, SHL, 16, 9},
    {"shr ax,16", shr_ax_imm16, SHR, 16, 16},
};

static void expect(FtOp fn, uint32_t a, uint32_t cnt, uint32_t fin, uint32_t want_r,
                   uint32_t want_f, uint32_t mask)
{
    uint32_t f;
    uint32_t r = fn(a, cnt, fin, &f);
    CHECK_EQ(r, want_r);
    CHECK_EQ(f & mask, want_f);
}

static void spot_checks(void)
{
    uint32_t m = FL_CF | FL_OF | FL_SF | FL_ZF | FL_PF;
    /* shl by 1 into the sign bit: OF = CF ^ MSB = 0 ^ 1 */
    expect(shl32, 0x40000000, 1, FT_IN_CLEAR, 0x80000000, FL_OF | FL_SF | FL_PF, m);
    /* count 32 masks to 0: value and every flag (set on input) unchanged */
    expect(shl32, 0x12345678, 32, FT_IN_ALL, 0x12345678, FL_ARITH, FL_ARITH);
    expect(shr32, 0x80000001, 31, FT_IN_CLEAR, 1, 0, m & ~FL_OF);
    expect(sar32, 0x80000000, 31, FT_IN_CLEAR, 0xffffffff, FL_SF | FL_PF, m & ~FL_OF);
    /* SHR by 1: OF is the original MSB */
    expect(shr8, 0x81, 1, FT_IN_CLEAR, 0x40, FL_CF | FL_OF, m);
    /* SAR by 1 clears OF */
    expect(sar16, 0x8001, 1, FT_IN_ALL, 0xc000, FL_CF | FL_SF | FL_PF, m);
    /* 8-bit shift by 9: only the low byte changes */
    expect(shl8, 0x1234ffff, 9, FT_IN_CLEAR, 0x1234ff00, FL_ZF | FL_PF, FL_ZF | FL_PF);
    expect(sar_imm33, 0xfffffff0, 0, FT_IN_CLEAR, 0xfffffff8, FL_SF, m);
}

static const uint32_t fins[] = {FT_IN_CLEAR, FT_IN_ALL};

int main(void)
{
    guest_puts("shift: SHL SHR SAR\n");
    spot_checks();
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t h = 0x811c9dc5u;
        for (unsigned k = 0; k < 2; k++) {
            for (int x = 0; x < FT_NVALS; x++) {
                for (uint32_t c = 0; c <= 33; c++) {
                    uint32_t f;
                    uint32_t r = ops[i].fn(ft_vals[x], c, fins[k], &f);
                    h = ft_fold(h, ft_vals[x], c, r, f & defined_flags(ops[i].kind, ops[i].bits, c));
                }
            }
        }
        guest_printf("%-15s %08x\n", ops[i].name, h);
    }
    for (unsigned i = 0; i < sizeof(imm_ops) / sizeof(imm_ops[0]); i++) {
        const ImmShift *o = &imm_ops[i];
        uint32_t h = 0x811c9dc5u;
        for (unsigned k = 0; k < 2; k++) {
            for (int x = 0; x < FT_NVALS; x++) {
                uint32_t f;
                uint32_t r = o->fn(ft_vals[x], 0, fins[k], &f);
                h = ft_fold(h, ft_vals[x], o->count, r, f & defined_flags(o->kind, o->bits, o->count));
            }
        }
        guest_printf("%-15s %08x\n", o->name, h);
    }
    return guest_result("shift");
}
