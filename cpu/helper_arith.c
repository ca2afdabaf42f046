/*
 * helper_arith.c - arithmetic the IR should not inline: divide (with
 * #DE), shifts and rotates by a run-time count, SHLD/SHRD, BSF/BSR,
 * CMPXCHG8B and the BCD adjusts.
 *
 * Flag-producing helpers here work on the folded form: the translator has
 * put all six flags in cc_src (cc_op = CC_OP_EFLAGS) before the call, and
 * the helper updates cc_src in place. Undefined flags follow cc.c's
 * choices so that every path gives the same answer.
 */
#include "cpu/helper.h"
#include "cpu/translate.h"
#include "softmmu/tlb.h"
#include "tcg/exec.h"
#include "tcg/ir.h"

static inline uint32_t size_mask(int bits)
{
    return bits == 32 ? 0xffffffffu : (1u << bits) - 1;
}

HELPER(div)
{
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    MemOp ot = (MemOp)(b & MO_SIZE);
    bool sign = (b & MO_SIGN) != 0;
    uint32_t *eax = &env->regs[R_EAX], *edx = &env->regs[R_EDX];
    int bits = 8 << ot;
    uint32_t mask = size_mask(bits);
    uint64_t hi = ot == MO_8 ? (*eax >> 8) & 0xff : ot == MO_16 ? *edx & 0xffff : *edx;
    uint64_t dividend = (hi << bits) | (*eax & mask);
    uint32_t divisor = a & mask;
    if (divisor == 0) {
        raise_exception_ra(env, EXCP00_DIVZ, ra);
    }
    uint64_t q, r;
    if (!sign) {
        q = dividend / divisor;
        r = dividend % divisor;
        if (q > mask) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
    } else {
        int64_t sd = (int64_t)(dividend << (64 - 2 * bits)) >> (64 - 2 * bits);
        int64_t sv = (int64_t)((uint64_t)divisor << (64 - bits)) >> (64 - bits);
        if (sd == INT64_MIN && sv == -1) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        int64_t sq = sd / sv, sr = sd % sv;
        int64_t lim = (int64_t)1 << (bits - 1);
        if (sq >= lim || sq < -lim) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        q = (uint64_t)sq;
        r = (uint64_t)sr;
    }
    if (ot == MO_8) {
        *eax = (*eax & 0xffff0000u) | (uint32_t)((r & 0xff) << 8) | (uint32_t)(q & 0xff);
    } else if (ot == MO_16) {
        *eax = (*eax & 0xffff0000u) | (uint32_t)(q & 0xffff);
        *edx = (*edx & 0xffff0000u) | (uint32_t)(r & 0xffff);
    } else {
        *eax = (uint32_t)q;
        *edx = (uint32_t)r;
    }
    return 0;
}

/* Rotates: result and the new CF/OF (other flags kept). */
static uint32_t do_rotate(CPUX86State *env, int op, uint32_t v, uint32_t count, int bits)
{
    uint32_t mask = size_mask(bits), sign = 1u << (bits - 1);
    uint32_t fl = env->cc_src, cf = fl & CC_C, r = v & mask;
    if (op == 0 || op == 1) { /* ROL, ROR */
        uint32_t n = count % (uint32_t)bits;
        if (n) {
            r = op == 0 ? ((r << n) | (r >> (bits - n))) & mask
                        : ((r >> n) | (r << (bits - n))) & mask;
        }
        cf = op == 0 ? r & 1 : (r & sign) ? 1 : 0;
        uint32_t of = op == 0 ? ((r & sign) ? 1 : 0) ^ cf : ((r ^ (r << 1)) & sign) ? 1 : 0;
        env->cc_src = (fl & ~(CC_C | CC_O)) | cf | (of ? CC_O : 0);
        return r;
    }
    uint32_t n = count % (uint32_t)(bits + 1); /* RCL, RCR: through CF */
    for (uint32_t i = 0; i < n; i++) {
        if (op == 2) {
            uint32_t out = (r & sign) ? 1 : 0;
            r = ((r << 1) | cf) & mask;
            cf = out;
        } else {
            uint32_t out = r & 1;
            r = (r >> 1) | (cf ? sign : 0);
            cf = out;
        }
    }
    uint32_t of = op == 2 ? ((r & sign) ? 1 : 0) ^ cf : ((r ^ (r << 1)) & sign) ? 1 : 0;
    env->cc_src = (fl & ~(CC_C | CC_O)) | cf | (of ? CC_O : 0);
    return r;
}

/* a = value, b = count, c = op (0 rol 1 ror 2 rcl 3 rcr 4 shl 5 shr 7 sar) | ot << 3 */
HELPER(shift_cl)
{
    (void)d;
    int op = (int)(c & 7), bits = 8 << (c >> 3);
    uint32_t count = b & 31, mask = size_mask(bits);
    if (count == 0) {
        return a;
    }
    if (op < 4) {
        return do_rotate(env, op, a, count, bits);
    }
    uint32_t v = a & mask, tmp, r;
    CCOp cc;
    if (op == 4 || op == 6) {
        tmp = count > 1 ? v << (count - 1) : v;
        r = (v << count) & mask;
        cc = (CCOp)(CC_OP_SHLB + (c >> 3));
    } else {
        int32_t sv = (int32_t)(v << (32 - bits)) >> (32 - bits);
        if (op == 5) {
            tmp = v >> (count - 1);
            r = v >> count;
        } else {
            tmp = (uint32_t)(sv >> (count - 1));
            r = (uint32_t)(sv >> count) & mask;
        }
        cc = (CCOp)(CC_OP_SARB + (c >> 3));
    }
    uint32_t af_keep = 0;
    env->cc_src = cc_compute_all(cc, r, tmp, 0) | af_keep;
    return r;
}

/* a = dst, b = src, c = count, d = right | ot << 1 */
HELPER(shiftd)
{
    int bits = 8 << (d >> 1);
    bool right = d & 1;
    uint32_t n = c & 31, mask = size_mask(bits), sign = 1u << (bits - 1);
    if (n == 0) {
        return a;
    }
    uint32_t dst = a & mask, src = b & mask, r, cf;
    if (bits == 32) {
        r = right ? (dst >> n) | (src << (32 - n)) : (dst << n) | (src >> (32 - n));
        cf = right ? (dst >> (n - 1)) & 1 : (dst >> (32 - n)) & 1;
    } else {
        uint64_t x = right ? (uint64_t)dst | ((uint64_t)src << 16) | ((uint64_t)dst << 32)
                           : ((uint64_t)dst << 32) | ((uint64_t)src << 16) | dst;
        if (right) {
            r = (uint32_t)(x >> n) & mask;
            cf = (uint32_t)(x >> (n - 1)) & 1;
        } else {
            uint64_t y = x << n;
            r = (uint32_t)(y >> 32) & mask;
            cf = (uint32_t)(y >> 48) & 1;
        }
    }
    uint32_t fl = cc_compute_all(CC_OP_LOGICB + (d >> 1), r, 0, 0);
    uint32_t of = ((r ^ dst) & sign) ? CC_O : 0;
    env->cc_src = (fl & ~(CC_C | CC_O)) | cf | of;
    return r;
}

HELPER(cmpxchg8b)
{
    (void)b;
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    int mmu = cpu_mmu_index(env);
    if ((env->hflags & HF_AC_MASK) && (a & 7)) {
        raise_exception_err_ra(env, EXCP11_ALGN, 0, ra); /* #AC(0): 8-byte operand */
    }
    uint32_t lo = cpu_ld_data(env, a, 4, mmu, ra);
    uint32_t hi = cpu_ld_data(env, a + 4, 4, mmu, ra);
    bool eq = lo == env->regs[R_EAX] && hi == env->regs[R_EDX];
    /* the destination is written in both cases (SDM CMPXCHG8B) */
    cpu_st_data(env, a, eq ? env->regs[R_EBX] : lo, 4, mmu, ra);
    cpu_st_data(env, a + 4, eq ? env->regs[R_ECX] : hi, 4, mmu, ra);
    if (!eq) {
        env->regs[R_EAX] = lo;
        env->regs[R_EDX] = hi;
    }
    env->cc_src = (env->cc_src & ~CC_Z) | (eq ? CC_Z : 0);
    return 0;
}

static uint32_t szp8(uint32_t v)
{
    return cc_compute_all(CC_OP_LOGICB, v & 0xff, 0, 0) & (CC_S | CC_Z | CC_P);
}

/* a = 0 daa, 1 das, 2 aaa, 3 aas, 4 aam, 5 aad; b = imm8 (aam/aad) */
HELPER(bcd)
{
    (void)c;
    (void)d;
    uint32_t fl = env->cc_src, eax = env->regs[R_EAX];
    uint32_t al = eax & 0xff, ah = (eax >> 8) & 0xff;
    uint32_t cf = fl & CC_C, af = fl & CC_A, keep = fl & CC_O;
    switch (a) {
    case 0:   /* DAA */
    case 1: { /* DAS */
        uint32_t old_al = al, ncf = 0;
        if ((al & 0xf) > 9 || af) {
            ncf = cf | (a == 0 ? (al + 6 > 0xff) : (al < 6));
            al = (a == 0 ? al + 6 : al - 6) & 0xff;
            af = CC_A;
        } else {
            af = 0;
        }
        if (old_al > 0x99 || cf) {
            al = (a == 0 ? al + 0x60 : al - 0x60) & 0xff;
            ncf = 1;
        }
        env->cc_src = keep | szp8(al) | af | (ncf ? CC_C : 0);
        eax = (eax & ~0xffu) | al;
        break;
    }
    case 2:   /* AAA */
    case 3: { /* AAS */
        if ((al & 0xf) > 9 || af) {
            uint32_t ax = eax & 0xffff;
            ax = a == 2 ? ax + 0x106 : ax - 0x106; /* AX +-6 carries into AH, then AH +-1 (286+) */
            al = ax & 0xff;
            ah = (ax >> 8) & 0xff;
            af = CC_A;
            cf = CC_C;
        } else {
            af = cf = 0;
        }
        al &= 0xf;
        env->cc_src = (fl & ~(CC_A | CC_C)) | af | cf;
        eax = (eax & ~0xffffu) | (ah << 8) | al;
        break;
    }
    case 4: /* AAM */
        if ((b & 0xff) == 0) {
            raise_exception_ra(env, EXCP00_DIVZ, GETPC(env));
        }
        ah = al / (b & 0xff);
        al = al % (b & 0xff);
        env->cc_src = (fl & ~(CC_S | CC_Z | CC_P)) | szp8(al);
        eax = (eax & ~0xffffu) | (ah << 8) | al;
        break;
    default: /* AAD */
        al = (al + ah * (b & 0xff)) & 0xff;
        env->cc_src = (fl & ~(CC_S | CC_Z | CC_P)) | szp8(al);
        eax = (eax & ~0xffffu) | al;
        break;
    }
    env->regs[R_EAX] = eax;
    return 0;
}
