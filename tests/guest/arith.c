/*
 * arith.c - ADD ADC SUB SBB CMP INC DEC NEG: results and all six arithmetic
 * flags at 8, 16 and 32 bits.
 *
 * Every op runs over ft_vals x ft_vals with three input flag states: all
 * clear, CF only (ADC/SBB consume it), all arithmetic flags set (INC/DEC
 * must leave CF alone, SDM vol. 2 "INC"/"DEC"). All six flags are defined
 * for these instructions, so nothing is masked. Besides the register forms
 * it covers the accumulator/imm8/imm32 encodings and a memory destination,
 * which a translator decodes on separate paths. Hand-computed cases check
 * the carry/overflow/aux/parity corners directly.
 */
#include "flagtest.h"

// clang-format off
FT_BINOP(add8,  "addb", "b", "q")
FT_BINOP(add16, "addw", "w", "r")
FT_BINOP(add32, "addl", "k", "r")
FT_BINOP(adc8,  "adcb", "b", "q")
FT_BINOP(adc16, "adcw", "w", "r")
FT_BINOP(adc32, "adcl", "k", "r")
FT_BINOP(sub8,  "subb", "b", "q")
FT_BINOP(sub16, "subw", "w", "r")
FT_BINOP(sub32, "subl", "k", "r")
FT_BINOP(sbb8,  "sbbb", "b", "q")
FT_BINOP(sbb16, "sbbw", "w", "r")
FT_BINOP(sbb32, "sbbl", "k", "r")
FT_BINOP(cmp8,  "cmpb", "b", "q")
FT_BINOP(cmp16, "cmpw", "w", "r")
FT_BINOP(cmp32, "cmpl", "k", "r")
FT_UNOP(inc8,   "incb", "b", "q")
FT_UNOP(inc16,  "incw", "w", "r")
FT_UNOP(inc32,  "incl", "k", "r")
FT_UNOP(dec8,   "decb", "b", "q")
FT_UNOP(dec16,  "decw", "w", "r")
FT_UNOP(dec32,  "decl", "k", "r")
FT_UNOP(neg8,   "negb", "b", "q")
FT_UNOP(neg16,  "negw", "w", "r")
FT_UNOP(neg32,  "negl", "k", "r")
// clang-format on

/* Memory destination (ModRM mod=00 disp32): a global, never ESP-relative,
 * because the asm pushes and pops around it. */
static uint32_t mem_operand;

#define MEM_BINOP(fn, insn)                                                                        \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f;                                                                                \
        mem_operand = a;                                                                           \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %[b], %[m]\n\t"                         \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [m] "+m"(mem_operand), [fo] "=&r"(f)                                    \
                         : [b] "r"(b), [fi] "r"(fin)                                               \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return mem_operand;                                                                        \
    }

MEM_BINOP(add32m, "addl")
MEM_BINOP(adc32m, "adcl")
MEM_BINOP(sub32m, "subl")
MEM_BINOP(sbb32m, "sbbl")

/* Immediate forms: b is ignored, the immediate is fixed. "a" forces EAX so
 * gas picks the short accumulator encodings (04/05, 14/15, 2C/2D, 1C/1D, 3C/3D);
 * "b" (EBX) gives 80/81/83 /n. */
#define IMM_OP(fn, insn, imm, reg, W)                                                              \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f;                                                                                \
        (void)b;                                                                                   \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " $" #imm ", %" W "[a]\n\t"               \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+" reg(a), [fo] "=&r"(f)                                           \
                         : [fi] "r"(fin)                                                           \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

// clang-format off
IMM_OP(add_al_imm8,    "addb", 0x7f,       "a", "b") /* 04 7f */
IMM_OP(adc_eax_imm32,  "adcl", 0x12345678, "a", "k") /* 15 78 56 34 12 */
IMM_OP(sub_ebx_simm8,  "subl", -1,         "b", "k") /* 83 eb ff */
IMM_OP(sbb_bx_simm8,   "sbbw", -128,       "b", "w") /* 66 83 db 80 */
IMM_OP(cmp_ebx_imm32,  "cmpl", 0x80000000, "b", "k") /* 81 fb 00 00 00 80 */
IMM_OP(add_bl_imm8,    "addb", 0x81,       "b", "b") /* 80 c3 81 */
IMM_OP(sub_ax_imm16,   "subw", 0x8001,     "a", "w") /* 66 2d 01 80 */
// clang-format on

typedef struct ArithOp {
    const char *name;
    FtOp fn;
} ArithOp;

static const ArithOp ops[] = {
    {"add8", add8},         {"add16", add16},       {"add32", add32},
    {"adc8", adc8},         {"adc16", adc16},       {"adc32", adc32},
    {"sub8", sub8},         {"sub16", sub16},       {"sub32", sub32},
    {"sbb8", sbb8},         {"sbb16", sbb16},       {"sbb32", sbb32},
    {"cmp8", cmp8},         {"cmp16", cmp16},       {"cmp32", cmp32},
    {"inc8", inc8},         {"inc16", inc16},       {"inc32", inc32},
    {"dec8", dec8},         {"dec16", dec16},       {"dec32", dec32},
    {"neg8", neg8},         {"neg16", neg16},       {"neg32", neg32},
    {"add32 mem", add32m},  {"adc32 mem", adc32m},  {"sub32 mem", sub32m},
    {"sbb32 mem", sbb32m},  {"add al,imm8", add_al_imm8},
    {"adc eax,imm32", adc_eax_imm32},               {"sub ebx,simm8", sub_ebx_simm8},
    {"sbb bx,simm8", sbb_bx_simm8},                 {"cmp ebx,imm32", cmp_ebx_imm32},
    {"add bl,imm8", add_bl_imm8},                   {"sub ax,imm16", sub_ax_imm16},
};

static const uint32_t fins[] = {FT_IN_CLEAR, FT_IN_CF, FT_IN_ALL};

/* Result and arithmetic flags of one run. */
static void expect(FtOp fn, uint32_t a, uint32_t b, uint32_t fin, uint32_t want_r,
                   uint32_t want_f)
{
    uint32_t f;
    uint32_t r = fn(a, b, fin, &f);
    CHECK_EQ(r, want_r);
    CHECK_EQ(f & FL_ARITH, want_f);
}

static void spot_checks(void)
{
    /* 0x7fffffff + 1: signed overflow into the sign bit; nibble carry */
    expect(add32, 0x7fffffff, 1, FT_IN_CLEAR, 0x80000000, FL_OF | FL_SF | FL_AF | FL_PF);
    /* 8-bit wrap: the upper bytes of the register are untouched */
    expect(add8, 0x123456ff, 1, FT_IN_CLEAR, 0x12345600, FL_CF | FL_ZF | FL_AF | FL_PF);
    expect(sub32, 0, 1, FT_IN_CLEAR, 0xffffffff, FL_CF | FL_SF | FL_AF | FL_PF);
    /* 0x8000 - 0 - CF: borrow-in makes a 16-bit signed overflow */
    expect(sbb16, 0x8000, 0, FT_IN_CF, 0x7fff, FL_OF | FL_AF | FL_PF);
    /* INC keeps CF (set on input), DEC likewise keeps it clear */
    expect(inc32, 0xffffffff, 0, FT_IN_CF, 0, FL_CF | FL_ZF | FL_AF | FL_PF);
    expect(dec8, 0x80, 0, FT_IN_CLEAR, 0x7f, FL_OF | FL_AF);
    /* NEG of the most negative number: unchanged, CF and OF set */
    expect(neg32, 0x80000000, 0, FT_IN_CLEAR, 0x80000000, FL_CF | FL_OF | FL_SF | FL_PF);
    expect(neg32, 0, 0, FT_IN_ALL, 0, FL_ZF | FL_PF);
    expect(adc32, 0xffffffff, 0, FT_IN_CF, 0, FL_CF | FL_ZF | FL_AF | FL_PF);
    /* CMP leaves the destination alone */
    expect(cmp16, 0x1234, 0x1235, FT_IN_CLEAR, 0x1234, FL_CF | FL_SF | FL_AF | FL_PF);
    /* 5 - (-1) as unsigned 5 - 0xffffffff: borrows out and from the nibble */
    expect(sub_ebx_simm8, 5, 0, FT_IN_CLEAR, 6, FL_CF | FL_AF | FL_PF);
}

int main(void)
{
    guest_puts("arith: ADD ADC SUB SBB CMP INC DEC NEG\n");
    spot_checks();
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t crc = 0x811c9dc5u; /* FNV offset basis */
        for (unsigned k = 0; k < sizeof(fins) / sizeof(fins[0]); k++) {
            for (int x = 0; x < FT_NVALS; x++) {
                for (int y = 0; y < FT_NVALS; y++) {
                    uint32_t f;
                    uint32_t r = ops[i].fn(ft_vals[x], ft_vals[y], fins[k], &f);
                    crc = ft_fold(crc, ft_vals[x], ft_vals[y], r, f & FL_ARITH);
                }
            }
        }
        guest_printf("%-14s %08x\n", ops[i].name, crc);
    }
    return guest_result("arith");
}
