/*
 * alu_model.h - a C reference model of the integer ALU: result and EFLAGS
 * of ADD ADC SUB SBB CMP AND OR XOR TEST INC DEC NEG NOT SHL SHR SAR ROL ROR
 * at 8, 16 and 32 bits, written from the SDM vol. 1 3.4.3.1 and vol. 2
 * instruction pages (not from any emulator).
 *
 * am_run() returns the result and the full arithmetic flags; am_defined()
 * says which of those flags the SDM defines for that op and count, so a
 * comparison with hardware masks the rest. Flags an instruction leaves
 * alone are copied from the input flags, as the CPU does.
 */
#ifndef ALU_MODEL_H
#define ALU_MODEL_H

#include "flagtest.h"

typedef enum AmOp {
    AM_ADD, AM_ADC, AM_SUB, AM_SBB, AM_CMP, AM_AND, AM_OR, AM_XOR, AM_TEST,
    AM_INC, AM_DEC, AM_NEG, AM_NOT, AM_SHL, AM_SHR, AM_SAR, AM_ROL, AM_ROR,
    AM_NOPS
} AmOp;

typedef struct AmResult {
    uint32_t r;     /* full 32-bit register after the op (upper bits kept) */
    uint32_t flags; /* arithmetic flags only */
} AmResult;

static inline uint32_t am_msb(uint32_t v, int bits)
{
    return (v >> (bits - 1)) & 1;
}

static inline uint32_t am_szp(uint32_t r, int bits)
{
    uint32_t f = 0;
    if ((r & ft_szmask(bits)) == 0) {
        f |= FL_ZF;
    }
    if (am_msb(r, bits)) {
        f |= FL_SF;
    }
    if (ft_parity(r)) {
        f |= FL_PF;
    }
    return f;
}

/* a + b + cin, everything already truncated to bits */
static inline uint32_t am_add_flags(uint32_t a, uint32_t b, uint32_t cin, uint32_t r, int bits)
{
    uint64_t wide = (uint64_t)a + b + cin;
    uint32_t f = am_szp(r, bits);
    if (wide >> bits) {
        f |= FL_CF;
    }
    if (am_msb((a ^ r) & (b ^ r), bits)) {
        f |= FL_OF;
    }
    if ((a ^ b ^ r) & 0x10) {
        f |= FL_AF;
    }
    return f;
}

/* a - b - bin */
static inline uint32_t am_sub_flags(uint32_t a, uint32_t b, uint32_t bin, uint32_t r, int bits)
{
    uint32_t f = am_szp(r, bits);
    if ((uint64_t)a < (uint64_t)b + bin) {
        f |= FL_CF;
    }
    if (am_msb((a ^ b) & (a ^ r), bits)) {
        f |= FL_OF;
    }
    if ((a ^ b ^ r) & 0x10) {
        f |= FL_AF;
    }
    return f;
}

static inline int am_is_shift(AmOp op)
{
    return op >= AM_SHL;
}

static inline AmResult am_shift(AmOp op, uint32_t a, uint32_t count, uint32_t fin, int bits)
{
    uint32_t m = ft_szmask(bits), x = a & m, c = count & 31, r, f;
    AmResult out = {a, fin & FL_ARITH};
    if (c == 0) {
        return out;
    }
    f = fin & FL_ARITH;
    switch (op) {
    case AM_SHL: {
        uint64_t w = (uint64_t)x << c;
        r = (uint32_t)w & m;
        f = am_szp(r, bits) | ((w >> bits) & 1 ? FL_CF : 0);
        if (am_msb(r, bits) ^ ((w >> bits) & 1)) {
            f |= FL_OF;
        }
        break;
    }
    case AM_SHR:
        r = c >= 32 ? 0 : x >> c;
        f = am_szp(r, bits) | ((c <= 32 && (((uint64_t)x >> (c - 1)) & 1)) ? FL_CF : 0);
        if (am_msb(x, bits)) {
            f |= FL_OF;
        }
        break;
    case AM_SAR: {
        int32_t s = (int32_t)(x << (32 - bits)) >> (32 - bits); /* sign-extend */
        uint32_t sh = c > 31 ? 31 : c;
        r = (uint32_t)(s >> sh) & m;
        f = am_szp(r, bits) | (((s >> (sh - 1)) & 1) ? FL_CF : 0);
        break;
    }
    case AM_ROL: {
        uint32_t k = c % (uint32_t)bits;
        r = k ? ((x << k) | (x >> (bits - k))) & m : x;
        f = (f & ~(FL_CF | FL_OF)) | ((r & 1) ? FL_CF : 0);
        if (am_msb(r, bits) ^ (r & 1)) {
            f |= FL_OF;
        }
        break;
    }
    default: { /* AM_ROR */
        uint32_t k = c % (uint32_t)bits;
        r = k ? ((x >> k) | (x << (bits - k))) & m : x;
        f = (f & ~(FL_CF | FL_OF)) | (am_msb(r, bits) ? FL_CF : 0);
        if (am_msb(r, bits) ^ am_msb(r << 1, bits)) {
            f |= FL_OF;
        }
        break;
    }
    }
    out.r = (a & ~m) | r;
    out.flags = f;
    return out;
}

static inline AmResult am_run(AmOp op, uint32_t a, uint32_t b, uint32_t fin, int bits)
{
    uint32_t m = ft_szmask(bits), x = a & m, y = b & m, cin = fin & FL_CF, r;
    AmResult out;
    if (am_is_shift(op)) {
        return am_shift(op, a, b, fin, bits);
    }
    switch (op) {
    case AM_ADD:
    case AM_ADC:
        cin = op == AM_ADC ? cin : 0;
        r = (x + y + cin) & m;
        out.flags = am_add_flags(x, y, cin, r, bits);
        break;
    case AM_SUB:
    case AM_SBB:
    case AM_CMP:
        cin = op == AM_SBB ? cin : 0;
        r = (x - y - cin) & m;
        out.flags = am_sub_flags(x, y, cin, r, bits);
        if (op == AM_CMP) {
            r = x;
        }
        break;
    case AM_AND:
    case AM_TEST:
        r = x & y;
        out.flags = am_szp(r, bits);
        if (op == AM_TEST) {
            r = x;
        }
        break;
    case AM_OR:
        r = x | y;
        out.flags = am_szp(r, bits);
        break;
    case AM_XOR:
        r = x ^ y;
        out.flags = am_szp(r, bits);
        break;
    case AM_INC:
        r = (x + 1) & m;
        out.flags = (am_add_flags(x, 1, 0, r, bits) & ~FL_CF) | (fin & FL_CF);
        break;
    case AM_DEC:
        r = (x - 1) & m;
        out.flags = (am_sub_flags(x, 1, 0, r, bits) & ~FL_CF) | (fin & FL_CF);
        break;
    case AM_NEG:
        r = (0 - x) & m;
        out.flags = am_sub_flags(0, x, 0, r, bits);
        break;
    default: /* AM_NOT */
        r = ~x & m;
        out.flags = fin & FL_ARITH;
        break;
    }
    out.r = (a & ~m) | r;
    return out;
}

/* The flags the SDM defines for op (count = b for shifts). */
static inline uint32_t am_defined(AmOp op, uint32_t b, int bits)
{
    uint32_t c = b & 31;
    switch (op) {
    case AM_AND:
    case AM_OR:
    case AM_XOR:
    case AM_TEST:
        return FL_ARITH & ~FL_AF;
    case AM_SHL:
    case AM_SHR:
    case AM_SAR:
        if (c == 0) {
            return FL_ARITH;
        }
        return (FL_ARITH & ~FL_AF & ~(c == 1 ? 0 : FL_OF)) &
               ~(op != AM_SAR && c >= (uint32_t)bits ? FL_CF : 0);
    case AM_ROL:
    case AM_ROR:
        return c > 1 ? FL_ARITH & ~FL_OF : FL_ARITH;
    default:
        return FL_ARITH;
    }
}

#endif
