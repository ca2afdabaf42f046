/*
 * mul.c - MUL and IMUL in every form: one operand (F6/F7 /4 /5) at 8, 16,
 * 32 bits into AX, DX:AX, EDX:EAX; two operands (0F AF); three operands
 * with imm8 (6B) and imm16/32 (69); a memory source.
 *
 * SDM vol. 2 "MUL"/"IMUL": CF = OF = "the upper half is significant"
 * (non-zero for MUL, not the sign extension of the lower half for IMUL);
 * SF ZF AF PF are undefined and masked. The hash covers the full result
 * registers (EAX and EDX), so a write to the wrong half of a register is
 * visible.
 */
#include "flagtest.h"

#define FL_MUL (FL_CF | FL_OF)

/* One-operand form: EAX (and EDX) implicit; returns EAX, *hi = EDX. */
#define MUL1(fn, insn, W, C)                                                                       \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f, d = 0x5a5a5a5a;                                                                \
        __asm__ volatile("pushl $2\n\tpopfl\n\t" insn " %" W "[b]\n\tpushfl\n\tpopl %[fo]"         \
                         : "+a"(a), "+d"(d), [fo] "=&r"(f)                                         \
                         : [b] C(b)                                                                \
                         : "cc");                                                                  \
        *hi = d;                                                                                   \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

MUL1(mul8, "mulb", "b", "q")    /* f6 /4 */
MUL1(mul16, "mulw", "w", "r")   /* 66 f7 /4 */
MUL1(mul32, "mull", "k", "r")   /* f7 /4 */
MUL1(imul8, "imulb", "b", "q")  /* f6 /5 */
MUL1(imul16, "imulw", "w", "r") /* 66 f7 /5 */
MUL1(imul32, "imull", "k", "r") /* f7 /5 */

static uint32_t mem_src;

static uint32_t mul32m(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *fout)
{
    uint32_t f, d;
    mem_src = b;
    /* f7 25 disp32: mul dword [mem_src] */
    __asm__ volatile("pushl $2\n\tpopfl\n\tmull %[m]\n\tpushfl\n\tpopl %[fo]"
                     : "+a"(a), "=d"(d), [fo] "=&r"(f)
                     : [m] "m"(mem_src)
                     : "cc");
    *hi = d;
    *fout = f;
    return a;
}

/* Two-operand: dst *= src, upper half dropped; *hi unused. */
#define IMUL2(fn, W)                                                                               \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f;                                                                                \
        __asm__ volatile("pushl $2\n\tpopfl\n\timul %" W "[b], %" W "[a]\n\tpushfl\n\tpopl %[fo]"  \
                         : [a] "+r"(a), [fo] "=&r"(f)                                              \
                         : [b] "r"(b)                                                              \
                         : "cc");                                                                  \
        *hi = 0;                                                                                   \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

IMUL2(imul2_16, "w") /* 66 0f af /r */
IMUL2(imul2_32, "k") /* 0f af /r */

/* Three-operand: dst = src * imm; the destination's old value is ignored
 * except for the upper half of a 16-bit destination register. */
#define IMUL3(fn, imm, W)                                                                          \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f;                                                                                \
        __asm__ volatile("pushl $2\n\tpopfl\n\timul $" #imm ", %" W "[b], %" W "[a]\n\t"           \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+r"(a), [fo] "=&r"(f)                                              \
                         : [b] "r"(b)                                                              \
                         : "cc");                                                                  \
        *hi = 0;                                                                                   \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

// clang-format off
IMUL3(imul3_32_simm8,  -3,         "k") /* 6b /r fd */
IMUL3(imul3_32_imm32,  0x10001,    "k") /* 69 /r 01 00 01 00 */
IMUL3(imul3_32_neg32,  -0x40000000, "k") /* 69 /r 00 00 00 c0 */
IMUL3(imul3_16_simm8,  127,        "w") /* 66 6b /r 7f */
IMUL3(imul3_16_imm16,  0x4001,     "w") /* 66 69 /r 01 40 */
// clang-format on

typedef uint32_t (*MulOp)(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *fout);

typedef struct MulCase {
    const char *name;
    MulOp fn;
} MulCase;

static const MulCase ops[] = {
    {"mul8", mul8},
    {"mul16", mul16},
    {"mul32", mul32},
    {"imul8", imul8},
    {"imul16", imul16},
    {"imul32", imul32},
    {"mul32 mem", mul32m},
    {"imul r16,r16", imul2_16},
    {"imul r32,r32", imul2_32},
    {"imul r32,-3", imul3_32_simm8},
    {"imul r32,0x10001", imul3_32_imm32},
    {"imul r32,-2^30", imul3_32_neg32},
    {"imul r16,127", imul3_16_simm8},
    {"imul r16,0x4001", imul3_16_imm16},
};

static void spot_checks(void)
{
    uint32_t hi, f;
    /* 0xffffffff^2 = 0xfffffffe_00000001 */
    CHECK_EQ(mul32(0xffffffff, 0xffffffff, &hi, &f), 1);
    CHECK_EQ(hi, 0xfffffffe);
    CHECK_EQ(f & FL_MUL, FL_MUL);
    /* signed: -1 * -1 = 1 fits, CF = OF = 0, EDX = 0 */
    CHECK_EQ(imul32(0xffffffff, 0xffffffff, &hi, &f), 1);
    CHECK_EQ(hi, 0);
    CHECK_EQ(f & FL_MUL, 0);
    /* 8-bit: AX = AL * src, EDX untouched, upper EAX bits kept */
    CHECK_EQ(mul8(0x12340080, 0x02, &hi, &f), 0x12340100);
    CHECK_EQ(hi, 0x5a5a5a5a);
    CHECK_EQ(f & FL_MUL, FL_MUL);
    /* imul8: -128 * -1 = 128 does not fit in a signed byte */
    CHECK_EQ(imul8(0x80, 0xff, &hi, &f), 0x0080);
    CHECK_EQ(f & FL_MUL, FL_MUL);
    /* 16-bit: DX:AX, the upper halves of EAX and EDX are kept */
    CHECK_EQ(mul16(0xaaaa8000, 0x0004, &hi, &f), 0xaaaa0000);
    CHECK_EQ(hi, 0x5a5a0002);
    /* two-operand imul truncates: 0x10000 * 0x10000 = 0, overflow */
    CHECK_EQ(imul2_32(0x10000, 0x10000, &hi, &f), 0);
    CHECK_EQ(f & FL_MUL, FL_MUL);
    CHECK_EQ(imul3_32_simm8(0, 7, &hi, &f), (uint32_t)-21);
    CHECK_EQ(f & FL_MUL, 0);
}

int main(void)
{
    guest_puts("mul: MUL IMUL\n");
    spot_checks();
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t h = 0x811c9dc5u;
        for (int x = 0; x < FT_NVALS; x++) {
            for (int y = 0; y < FT_NVALS; y++) {
                uint32_t f, hi;
                uint32_t r = ops[i].fn(ft_vals[x], ft_vals[y], &hi, &f);
                h = ft_fold(h, ft_vals[x] ^ ft_vals[y], hi, r, f & FL_MUL);
            }
        }
        guest_printf("%-17s %08x\n", ops[i].name, h);
    }
    return guest_result("mul");
}
