/*
 * cc.c - lazy condition codes: the six arithmetic flags of a (cc_op,
 * cc_dst, cc_src, cc_src2) state, as the SDM defines them per instruction
 * group (vol. 1, appendix A "EFLAGS cross-reference").
 *
 * Choices where the SDM leaves a flag undefined (docs/conformance.md):
 * logic ops and shifts clear AF; MUL/IMUL set SF/ZF/PF from the low half
 * and clear AF; shifts by more than 1 compute OF with the 1-bit formula.
 */
#include "cpu/cpu.h"
#include "cpu/helper.h"

static uint32_t parity_flag(uint32_t v)
{
    return (__builtin_popcount(v & 0xff) & 1) ? 0 : CC_P;
}

/* ZF, SF, PF of a sized result */
static uint32_t szp(uint32_t dst, uint32_t mask, uint32_t sign)
{
    return ((dst & mask) == 0 ? CC_Z : 0) | ((dst & sign) ? CC_S : 0) | parity_flag(dst);
}

static uint32_t flags_add(uint32_t dst, uint32_t src2, uint32_t cin, uint32_t mask,
                          uint32_t sign)
{
    uint32_t src1 = dst - src2 - cin;
    uint32_t d = dst & mask, s2 = src2 & mask;
    uint32_t cf = cin ? d <= s2 : d < s2;
    uint32_t of = ((src1 ^ src2 ^ sign) & (src1 ^ dst) & sign) ? CC_O : 0;
    return (cf ? CC_C : 0) | szp(dst, mask, sign) | ((dst ^ src1 ^ src2) & CC_A) | of;
}

static uint32_t flags_sub(uint32_t dst, uint32_t src2, uint32_t bin, uint32_t mask,
                          uint32_t sign)
{
    uint32_t src1 = dst + src2 + bin;
    uint32_t s1 = src1 & mask, s2 = src2 & mask;
    uint32_t cf = bin ? s1 <= s2 : s1 < s2;
    uint32_t of = ((src1 ^ src2) & (src1 ^ dst) & sign) ? CC_O : 0;
    return (cf ? CC_C : 0) | szp(dst, mask, sign) | ((dst ^ src1 ^ src2) & CC_A) | of;
}

uint32_t cc_compute_all(uint32_t cc_op, uint32_t dst, uint32_t src, uint32_t src2)
{
    if (cc_op == CC_OP_EFLAGS || cc_op < CC_OP_MULB || cc_op >= CC_OP_NB) {
        return src & CC_MASK;
    }
    int size = (int)(cc_op - CC_OP_MULB) % 3;
    uint32_t kind = CC_OP_MULB + (cc_op - CC_OP_MULB) / 3 * 3;
    uint32_t bits = 8u << size;
    uint32_t mask = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
    uint32_t sign = 1u << (bits - 1);
    switch (kind) {
    case CC_OP_MULB:
        return (src ? CC_C | CC_O : 0) | szp(dst, mask, sign);
    case CC_OP_ADDB:
        return flags_add(dst, src, 0, mask, sign);
    case CC_OP_ADCB:
        return flags_add(dst, src, src2 & 1, mask, sign);
    case CC_OP_SUBB:
        return flags_sub(dst, src, 0, mask, sign);
    case CC_OP_SBBB:
        return flags_sub(dst, src, src2 & 1, mask, sign);
    case CC_OP_LOGICB:
        return szp(dst, mask, sign);
    case CC_OP_INCB:
        return (src & CC_C) | szp(dst, mask, sign) | ((dst ^ (dst - 1) ^ 1) & CC_A) |
               ((dst & mask) == sign ? CC_O : 0);
    case CC_OP_DECB:
        return (src & CC_C) | szp(dst, mask, sign) | ((dst ^ (dst + 1) ^ 1) & CC_A) |
               ((dst & mask) == sign - 1 ? CC_O : 0);
    case CC_OP_SHLB:
        return ((src >> (bits - 1)) & 1 ? CC_C : 0) | szp(dst, mask, sign) |
               (((src ^ dst) & sign) ? CC_O : 0);
    default: /* CC_OP_SARB */
        return (src & 1 ? CC_C : 0) | szp(dst, mask, sign) | (((src ^ dst) & sign) ? CC_O : 0);
    }
}

HELPER(cc_compute_all)
{
    (void)env;
    return cc_compute_all(d, a, b, c);
}
