/*
 * rotate.c - ROL ROR RCL RCR by 1, CL and imm8 at 8, 16 and 32 bits.
 *
 * SDM vol. 2 "RCL/RCR/ROL/ROR": the count is masked to 5 bits; RCL/RCR then
 * rotate through CF modulo 9 (8-bit) or 17 (16-bit). A masked count of 0
 * changes no flag; otherwise only CF and OF change, OF being defined only
 * for a masked count of 1. SF ZF AF PF are never touched, so they must come
 * back as they went in (the input flags are all-clear, all-set and CF-only).
 * The carry-in matters for RCL/RCR, which is why CF-only is one input.
 */
#include "flagtest.h"

// clang-format off
FT_SHIFTCL(rol8,  "rolb", "b", "q")
FT_SHIFTCL(rol16, "rolw", "w", "r")
FT_SHIFTCL(rol32, "roll", "k", "r")
FT_SHIFTCL(ror8,  "rorb", "b", "q")
FT_SHIFTCL(ror16, "rorw", "w", "r")
FT_SHIFTCL(ror32, "rorl", "k", "r")
FT_SHIFTCL(rcl8,  "rclb", "b", "q")
FT_SHIFTCL(rcl16, "rclw", "w", "r")
FT_SHIFTCL(rcl32, "rcll", "k", "r")
FT_SHIFTCL(rcr8,  "rcrb", "b", "q")
FT_SHIFTCL(rcr16, "rcrw", "w", "r")
FT_SHIFTCL(rcr32, "rcrl", "k", "r")
// clang-format on

typedef struct RotOp {
    const char *name;
    FtOp fn;
} RotOp;

static const RotOp ops[] = {
    {"rol8", rol8}, {"rol16", rol16}, {"rol32", rol32}, {"ror8", ror8},
    {"ror16", ror16}, {"ror32", ror32}, {"rcl8", rcl8}, {"rcl16", rcl16},
    {"rcl32", rcl32}, {"rcr8", rcr8}, {"rcr16", rcr16}, {"rcr32", rcr32},
};

static uint32_t defined_flags(uint32_t count)
{
    uint32_t c = count & 31;
    return c > 1 ? FL_ARITH & ~FL_OF : FL_ARITH;
}

#define IMM_ROT(fn, text)                                                                          \
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
IMM_ROT(rol_eax_1,   "roll %%eax")           /* d1 c0 */
IMM_ROT(ror_eax_7,   "rorl $7, %%eax")       /* c1 c8 07 */
IMM_ROT(rcl_eax_1,   "rcll %%eax")           /* d1 d0 */
IMM_ROT(rcr_eax_31,  "rcrl $31, %%eax")      /* c1 d8 1f */
IMM_ROT(rcl_al_9,    "rclb $9, %%al")        /* c0 d0 09: 9 mod 9 = 0, nothing */
IMM_ROT(rcr_ax_1,    "rcrw %%ax")            /* 66 d1 d8 */
IMM_ROT(rol_al_8,    "rolb $8, %%al")        /* c0 c0 08: value kept, CF = bit 0 */
IMM_ROT(ror_ax_17,   "rorw $17, %%ax")       /* 66 c1 c8 11 */
// clang-format on

typedef struct ImmRot {
    const char *name;
    FtOp fn;
    uint32_t count;
} ImmRot;

static const ImmRot imm_ops[] = {
    {"rol eax,1", rol_eax_1, 1},   {"ror eax,7", ror_eax_7, 7}, {"rcl eax,1", rcl_eax_1, 1},
    {"rcr eax,31", rcr_eax_31, 31}, {"rcl al,9", rcl_al_9, 9},  {"rcr ax,1", rcr_ax_1, 1},
    {"rol al,8", rol_al_8, 8},     {"ror ax,17", ror_ax_17, 17},
};

static void expect(FtOp fn, uint32_t a, uint32_t cnt, uint32_t fin, uint32_t want_r,
                   uint32_t want_f)
{
    uint32_t f;
    uint32_t r = fn(a, cnt, fin, &f);
    CHECK_EQ(r, want_r);
    CHECK_EQ(f & defined_flags(cnt), want_f);
}

static void spot_checks(void)
{
    /* rol by 1: CF = new bit 0, OF = CF ^ new MSB */
    expect(rol32, 0x80000000, 1, FT_IN_CLEAR, 0x00000001, FL_CF | FL_OF);
    /* ror by 1: CF = new MSB, OF = MSB ^ MSB-1 */
    expect(ror32, 0x00000001, 1, FT_IN_CLEAR, 0x80000000, FL_CF | FL_OF);
    /* rcl through a set carry; the other flags set on input are kept */
    expect(rcl8, 0x80, 1, FT_IN_ALL, 0x01, FL_ARITH);
    expect(rcr32, 0, 1, FT_IN_CF, 0x80000000, FL_OF);
    /* 16-bit rcl by 17 is a full turn: value and CF unchanged */
    expect(rcl16, 0xabcd1234, 17, FT_IN_CF, 0xabcd1234, FL_CF);
    /* rol 8-bit by 12 = by 4; CF = bit 0 of the result */
    expect(rol8, 0xffff00f1, 12, FT_IN_CLEAR, 0xffff001f, FL_CF);
    /* count 32 masks to 0 */
    expect(ror32, 0x12345678, 32, FT_IN_ALL, 0x12345678, FL_ARITH);
}

static const uint32_t fins[] = {FT_IN_CLEAR, FT_IN_CF, FT_IN_ALL};

int main(void)
{
    guest_puts("rotate: ROL ROR RCL RCR\n");
    spot_checks();
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t h = 0x811c9dc5u;
        for (unsigned k = 0; k < 3; k++) {
            for (int x = 0; x < FT_NVALS; x++) {
                for (uint32_t c = 0; c <= 33; c++) {
                    uint32_t f;
                    uint32_t r = ops[i].fn(ft_vals[x], c, fins[k], &f);
                    h = ft_fold(h, ft_vals[x], c, r, f & defined_flags(c));
                }
            }
        }
        guest_printf("%-12s %08x\n", ops[i].name, h);
    }
    for (unsigned i = 0; i < sizeof(imm_ops) / sizeof(imm_ops[0]); i++) {
        uint32_t h = 0x811c9dc5u;
        for (unsigned k = 0; k < 3; k++) {
            for (int x = 0; x < FT_NVALS; x++) {
                uint32_t f;
                uint32_t r = imm_ops[i].fn(ft_vals[x], 0, fins[k], &f);
                h = ft_fold(h, ft_vals[x], imm_ops[i].count, r, f & defined_flags(imm_ops[i].count));
            }
        }
        guest_printf("%-12s %08x\n", imm_ops[i].name, h);
    }
    return guest_result("rotate");
}
