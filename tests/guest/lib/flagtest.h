/*
 * flagtest.h - helpers for the guest tests that check results and EFLAGS.
 *
 * A flag test runs one instruction between "popfl" (the input flags, chosen
 * by the test) and "pushfl" (the output flags), over a table of edge-case
 * operands, and folds (operands, result, flags & defined-mask) into a hash
 * that it prints, so the expected output (taken from qemu-system-i386)
 * catches any difference and the printed hash shows where. Flags that the
 * SDM calls undefined for an instruction are masked out: they are not part
 * of the contract and QEMU and real CPUs disagree on them.
 */
#ifndef FLAGTEST_H
#define FLAGTEST_H

#include "guest.h"

/* Input EFLAGS: bit 1 is always 1; we never set IF, TF or DF here. */
#define FT_IN_CLEAR 0x00000002u
#define FT_IN_CF    0x00000003u
#define FT_IN_ALL   (0x00000002u | FL_ARITH)

/* Operand edge cases: sign/carry boundaries of all three sizes. */
static const uint32_t ft_vals[] = {
    0x00000000, 0x00000001, 0x00000002, 0x0000000f, 0x00000010, 0x0000007f, 0x00000080,
    0x00000081, 0x000000fe, 0x000000ff, 0x00000100, 0x00007fff, 0x00008000, 0x00008001,
    0x0000ffff, 0x00010000, 0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe,
    0xffffffff, 0x12345678, 0xdeadbeef, 0x55555555, 0xaaaaaaaa, 0x0f0f0f0f, 0xf0f0f0f0,
};
#define FT_NVALS ((int)(sizeof(ft_vals) / sizeof(ft_vals[0])))

/* Word-wise FNV-1a style mix: cheap enough for an interpreter to run
 * thousands of times (a byte-wise CRC32 would dominate the test). */
static inline uint32_t ft_mix(uint32_t h, uint32_t v)
{
    return (h ^ v) * 0x01000193u;
}

static inline uint32_t ft_fold(uint32_t h, uint32_t a, uint32_t b, uint32_t r, uint32_t f)
{
    h = ft_mix(h, a);
    h = ft_mix(h, b);
    h = ft_mix(h, r);
    return ft_mix(h, f);
}

/*
 * Binary op "insn src, dst" on registers with input flags fin.
 * W is the operand modifier: "b" (8-bit, needs "q" registers), "w" or "k".
 */
#define FT_BINOP(fn, insn, W, C)                                                                   \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f;                                                                                \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %" W "[b], %" W "[a]\n\t"               \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+" C(a), [fo] "=&r"(f)                                             \
                         : [b] C(b), [fi] "r"(fin)                                                 \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

/* Unary op "insn dst". */
#define FT_UNOP(fn, insn, W, C)                                                                    \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f;                                                                                \
        (void)b;                                                                                   \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %" W "[a]\n\t"                          \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+" C(a), [fo] "=&r"(f)                                             \
                         : [fi] "r"(fin)                                                           \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

/* Shift/rotate "insn %cl, dst": b is the count. */
#define FT_SHIFTCL(fn, insn, W, C)                                                                 \
    static uint32_t fn(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout)                       \
    {                                                                                              \
        uint32_t f;                                                                                \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %%cl, %" W "[a]\n\t"                    \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+" C(a), [fo] "=&r"(f)                                             \
                         : "c"(b), [fi] "r"(fin)                                                   \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

typedef uint32_t (*FtOp)(uint32_t a, uint32_t b, uint32_t fin, uint32_t *fout);

/* Operand-size masks. */
static inline uint32_t ft_szmask(int bits)
{
    return bits == 32 ? 0xffffffffu : (1u << bits) - 1;
}

/* Parity flag of the low byte (SDM: PF looks only at the low 8 bits). */
static inline int ft_parity(uint32_t v)
{
    v &= 0xff;
    v ^= v >> 4;
    v ^= v >> 2;
    v ^= v >> 1;
    return !(v & 1);
}

#endif
