/*
 * logic.c - AND OR XOR TEST NOT at 8, 16 and 32 bits.
 *
 * SDM vol. 2 "AND": OF and CF are cleared, SF ZF PF follow the result, AF is
 * undefined (masked here). NOT changes no flag at all, so it runs with all
 * flags set and clear and must hand them back unchanged. The accumulator
 * short forms (24/25 "and al/eax, imm", A8/A9 "test al/eax, imm") and a
 * memory operand use their own decoder paths.
 */
#include "flagtest.h"

// clang-format off
FT_BINOP(and8,  "andb",  "b", "q")
FT_BINOP(and16, "andw",  "w", "r")
FT_BINOP(and32, "andl",  "k", "r")
FT_BINOP(or8,   "orb",   "b", "q")
FT_BINOP(or16,  "orw",   "w", "r")
FT_BINOP(or32,  "orl",   "k", "r")
FT_BINOP(xor8,  "xorb",  "b", "q")
FT_BINOP(xor16, "xorw",  "w", "r")
FT_BINOP(xor32, "xorl",  "k", "r")
FT_BINOP(test8, "testb", "b", "q")
FT_BINOP(test16, "testw", "w", "r")
FT_BINOP(test32, "testl", "k", "r")
FT_UNOP(not8,   "notb",  "b", "q")
FT_UNOP(not16,  "notw",  "w", "r")
FT_UNOP(not32,  "notl",  "k", "r")
// clang-format on

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
IMM_OP(and_al_imm8,   "andb",  0x81,       "a", "b") /* 24 81 */
IMM_OP(or_eax_imm32,  "orl",   0x80000001, "a", "k") /* 0d 01 00 00 80 */
IMM_OP(xor_ebx_simm8, "xorl",  -2,         "b", "k") /* 83 f3 fe */
IMM_OP(test_eax_imm32, "testl", 0x00ff00ff, "a", "k") /* a9 ff 00 ff 00 */
IMM_OP(test_bl_imm8,  "testb", 0x80,       "b", "b") /* f6 c3 80 */
IMM_OP(and_bx_imm16,  "andw",  0x8001,     "b", "w") /* 66 81 e3 01 80 */
// clang-format on

static uint32_t mem_operand;

static uint32_t xor32m(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)
{
    uint32_t f;
    mem_operand = b;
    /* 33 /r: xor r32, r/m32 with the memory operand as source */
    __asm__ volatile("pushl %[fi]\n\tpopfl\n\txorl %[m], %[a]\n\tpushfl\n\tpopl %[fo]"
                     : [a] "+r"(a), [fo] "=&r"(f)
                     : [m] "m"(mem_operand), [fi] "r"(fin)
                     : "cc");
    *fout = f;
    return a;
}

typedef struct LogicOp {
    const char *name;
    FtOp fn;
    uint32_t mask; /* defined flags */
} LogicOp;

#define DEF_MASK (FL_ARITH & ~FL_AF)

static const LogicOp ops[] = {
    {"and8", and8, DEF_MASK},           {"and16", and16, DEF_MASK},
    {"and32", and32, DEF_MASK},         {"or8", or8, DEF_MASK},
    {"or16", or16, DEF_MASK},           {"or32", or32, DEF_MASK},
    {"xor8", xor8, DEF_MASK},           {"xor16", xor16, DEF_MASK},
    {"xor32", xor32, DEF_MASK},         {"test8", test8, DEF_MASK},
    {"test16", test16, DEF_MASK},       {"test32", test32, DEF_MASK},
    {"not8", not8, FL_ARITH},           {"not16", not16, FL_ARITH},
    {"not32", not32, FL_ARITH},         {"and al,imm8", and_al_imm8, DEF_MASK},
    {"or eax,imm32", or_eax_imm32, DEF_MASK},
    {"xor ebx,simm8", xor_ebx_simm8, DEF_MASK},
    {"test eax,imm32", test_eax_imm32, DEF_MASK},
    {"test bl,imm8", test_bl_imm8, DEF_MASK},
    {"and bx,imm16", and_bx_imm16, DEF_MASK},
    {"xor32 r,mem", xor32m, DEF_MASK},
};

static void expect(FtOp fn, uint32_t a, uint32_t b, uint32_t fin, uint32_t want_r,
                   uint32_t want_f, uint32_t mask)
{
    uint32_t f;
    uint32_t r = fn(a, b, fin, &f);
    CHECK_EQ(r, want_r);
    CHECK_EQ(f & mask, want_f);
}

static void spot_checks(void)
{
    /* CF and OF are forced clear even when set on input */
    expect(and32, 0x80000000, 0xffffffff, FT_IN_ALL, 0x80000000, FL_SF | FL_PF, DEF_MASK);
    expect(xor32, 0x12345678, 0x12345678, FT_IN_CLEAR, 0, FL_ZF | FL_PF, DEF_MASK);
    /* 8-bit OR: parity of 0x07 is odd, upper bytes untouched */
    expect(or8, 0xaaaa0001, 0x06, FT_IN_ALL, 0xaaaa0007, 0, DEF_MASK);
    expect(test16, 0x8000, 0x8000, FT_IN_CLEAR, 0x8000, FL_SF | FL_PF, DEF_MASK);
    /* NOT keeps every flag */
    expect(not32, 0, 0, FT_IN_ALL, 0xffffffff, FL_ARITH, FL_ARITH);
    expect(not8, 0x12345600, 0, FT_IN_CLEAR, 0x123456ff, 0, FL_ARITH);
}

static const uint32_t fins[] = {FT_IN_CLEAR, FT_IN_ALL};

int main(void)
{
    guest_puts("logic: AND OR XOR TEST NOT\n");
    spot_checks();
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t h = 0x811c9dc5u;
        for (unsigned k = 0; k < 2; k++) {
            for (int x = 0; x < FT_NVALS; x++) {
                for (int y = 0; y < FT_NVALS; y++) {
                    uint32_t f;
                    uint32_t r = ops[i].fn(ft_vals[x], ft_vals[y], fins[k], &f);
                    h = ft_fold(h, ft_vals[x], ft_vals[y], r, f & ops[i].mask);
                }
            }
        }
        guest_printf("%-15s %08x\n", ops[i].name, h);
    }
    return guest_result("logic");
}
