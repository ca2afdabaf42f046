/*
 * alu_table.c - every ALU op checked against a C reference model
 * (lib/alu_model.h): ADD ADC SUB SBB CMP AND OR XOR TEST INC DEC NEG NOT
 * SHL SHR SAR ROL ROR at 8, 16 and 32 bits.
 *
 * Unlike arith.c & co., whose expected hashes come from QEMU, this test
 * needs no oracle: each (op, size, a, b, input flags) is computed by the
 * model and by the instruction, and any difference in the result register
 * (all 32 bits, so a partial write is caught) or in a defined flag is
 * printed in full. Operands: the edge-case table plus pseudo-random
 * values; shift counts 0..33.
 */
#include "alu_model.h"

// clang-format off
#define OPS3(X, insn, op)                                                                          \
    X(insn "b", op, 8) X(insn "w", op, 16) X(insn "l", op, 32)
// clang-format on

#define BIN_FN(insn, op, bits)                                                                     \
    static uint32_t op##_##bits(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)             \
    {                                                                                              \
        uint32_t f;                                                                                \
        if (bits == 8) {                                                                           \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %b[b], %b[a]\n\tpushfl\n\tpopl %[fo]" \
                             : [a] "+q"(a), [fo] "=&r"(f) : [b] "q"(b), [fi] "r"(fin) : "cc");     \
        } else if (bits == 16) {                                                                   \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %w[b], %w[a]\n\tpushfl\n\tpopl %[fo]" \
                             : [a] "+r"(a), [fo] "=&r"(f) : [b] "r"(b), [fi] "r"(fin) : "cc");     \
        } else {                                                                                   \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %[b], %[a]\n\tpushfl\n\tpopl %[fo]"   \
                             : [a] "+r"(a), [fo] "=&r"(f) : [b] "r"(b), [fi] "r"(fin) : "cc");     \
        }                                                                                          \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

#define UN_FN(insn, op, bits)                                                                      \
    static uint32_t op##_##bits(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)             \
    {                                                                                              \
        uint32_t f;                                                                                \
        (void)b;                                                                                   \
        if (bits == 8) {                                                                           \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %b[a]\n\tpushfl\n\tpopl %[fo]"      \
                             : [a] "+q"(a), [fo] "=&r"(f) : [fi] "r"(fin) : "cc");                 \
        } else if (bits == 16) {                                                                   \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %w[a]\n\tpushfl\n\tpopl %[fo]"      \
                             : [a] "+r"(a), [fo] "=&r"(f) : [fi] "r"(fin) : "cc");                 \
        } else {                                                                                   \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %[a]\n\tpushfl\n\tpopl %[fo]"       \
                             : [a] "+r"(a), [fo] "=&r"(f) : [fi] "r"(fin) : "cc");                 \
        }                                                                                          \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

#define SH_FN(insn, op, bits)                                                                      \
    static uint32_t op##_##bits(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)             \
    {                                                                                              \
        uint32_t f;                                                                                \
        if (bits == 8) {                                                                           \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %%cl, %b[a]\n\tpushfl\n\tpopl %[fo]" \
                             : [a] "+q"(a), [fo] "=&r"(f) : "c"(b), [fi] "r"(fin) : "cc");         \
        } else if (bits == 16) {                                                                   \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %%cl, %w[a]\n\tpushfl\n\tpopl %[fo]" \
                             : [a] "+r"(a), [fo] "=&r"(f) : "c"(b), [fi] "r"(fin) : "cc");         \
        } else {                                                                                   \
            __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %%cl, %[a]\n\tpushfl\n\tpopl %[fo]"  \
                             : [a] "+r"(a), [fo] "=&r"(f) : "c"(b), [fi] "r"(fin) : "cc");         \
        }                                                                                          \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

// clang-format off
OPS3(BIN_FN, "add", AM_ADD)  OPS3(BIN_FN, "adc", AM_ADC)  OPS3(BIN_FN, "sub", AM_SUB)
OPS3(BIN_FN, "sbb", AM_SBB)  OPS3(BIN_FN, "cmp", AM_CMP)  OPS3(BIN_FN, "and", AM_AND)
OPS3(BIN_FN, "or", AM_OR)    OPS3(BIN_FN, "xor", AM_XOR)  OPS3(BIN_FN, "test", AM_TEST)
OPS3(UN_FN, "inc", AM_INC)   OPS3(UN_FN, "dec", AM_DEC)   OPS3(UN_FN, "neg", AM_NEG)
OPS3(UN_FN, "not", AM_NOT)   OPS3(SH_FN, "shl", AM_SHL)   OPS3(SH_FN, "shr", AM_SHR)
OPS3(SH_FN, "sar", AM_SAR)   OPS3(SH_FN, "rol", AM_ROL)   OPS3(SH_FN, "ror", AM_ROR)
// clang-format on

#define ROW(op, name) {name, op, {op##_8, op##_16, op##_32}}

typedef struct AluRow {
    const char *name;
    AmOp op;
    FtOp fn[3]; /* 8, 16, 32 */
} AluRow;

/* ORDER AmOp */
static const AluRow rows[AM_NOPS] = {
    ROW(AM_ADD, "add"), ROW(AM_ADC, "adc"), ROW(AM_SUB, "sub"),   ROW(AM_SBB, "sbb"),
    ROW(AM_CMP, "cmp"), ROW(AM_AND, "and"), ROW(AM_OR, "or"),     ROW(AM_XOR, "xor"),
    ROW(AM_TEST, "test"), ROW(AM_INC, "inc"), ROW(AM_DEC, "dec"), ROW(AM_NEG, "neg"),
    ROW(AM_NOT, "not"), ROW(AM_SHL, "shl"), ROW(AM_SHR, "shr"),   ROW(AM_SAR, "sar"),
    ROW(AM_ROL, "rol"), ROW(AM_ROR, "ror"),
};

static int mismatches;

static void check_one(const AluRow *row, int bits, uint32_t a, uint32_t b, uint32_t fin)
{
    static const int sizes[] = {8, 16, 32};
    (void)sizes;
    int idx = bits == 8 ? 0 : bits == 16 ? 1 : 2;
    uint32_t f;
    uint32_t r = row->fn[idx](a, b, fin, &f);
    AmResult want = am_run(row->op, a, b, fin, bits);
    uint32_t mask = am_defined(row->op, b, bits);
    if (r != want.r || (f & mask) != (want.flags & mask)) {
        mismatches++;
        if (mismatches <= 16) {
            guest_printf("MISMATCH %s%d a=%08x b=%08x fin=%03x: got %08x/%03x want %08x/%03x "
                         "(mask %03x)\n",
                         row->name, bits, a, b, fin & FL_ARITH, r, f & mask, want.r,
                         want.flags & mask, mask);
        }
    }
}

static const uint32_t fins[] = {FT_IN_CLEAR, FT_IN_CF, FT_IN_ALL};

int main(void)
{
    guest_puts("alu_table: ALU ops vs the C reference model\n");
    uint32_t seed = 0x2545F491;
    for (int op = 0; op < AM_NOPS; op++) {
        int before = mismatches;
        unsigned n = 0;
        for (int bits = 8; bits <= 32; bits *= 2) {
            for (unsigned k = 0; k < 3; k++) {
                for (int x = 0; x < FT_NVALS; x++) {
                    if (am_is_shift((AmOp)op)) {
                        for (uint32_t c = 0; c <= 33; c += (c < 17 ? 1 : 8)) {
                            check_one(&rows[op], bits, ft_vals[x], c, fins[k]);
                            n++;
                        }
                        continue;
                    }
                    for (int y = 0; y < FT_NVALS; y += 3) {
                        check_one(&rows[op], bits, ft_vals[x], ft_vals[y], fins[k]);
                        n++;
                    }
                    /* and a few random operands */
                    uint32_t a = xorshift32(&seed), b = xorshift32(&seed);
                    check_one(&rows[op], bits, a, b, fins[k]);
                    check_one(&rows[op], bits, a, a, fins[k]);
                    n += 2;
                }
            }
        }
        guest_printf("%-4s %5u cases %s\n", rows[op].name, n,
                     mismatches == before ? "ok" : "MISMATCH");
    }
    guest_failures += mismatches;
    return guest_result("alu_table");
}
