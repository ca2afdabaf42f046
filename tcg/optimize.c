/*
 * optimize.c - constant folding and copy propagation over one TB's ops.
 *
 * A small record per temp says whether it holds a known constant or a
 * copy of another temp (valid while that temp's version is unchanged).
 * Knowledge is dropped at labels (merge points) and, for globals, at
 * helper calls that may write them. A mask of the bits each temp may have
 * set lets zero-extensions and masks that change nothing become moves
 * (a byte load needs no ext8u, ext8u of ext8u is one). Dead code is removed later, by
 * liveness.c, once uses are known.
 */
#include "tcg/ir.h"

#include <stdlib.h>
#include <string.h>

struct OptTempInfo {
    bool is_const;
    uint32_t val;
    uint16_t copy_of; /* 0 = none */
    uint32_t copy_ver;
    uint32_t ver;
    uint32_t z_mask; /* bits that may be set (QEMU's z_mask): ~0 = unknown */
};

typedef struct OptTempInfo TempInfo;

typedef struct OptState {
    IRContext *s;
    TempInfo *info;
} OptState;

struct OptTempInfo *tcg_optimize_alloc(void)
{
    return calloc(IR_MAX_TEMPS, sizeof(TempInfo));
}

static void reset_all(OptState *o)
{
    for (int i = 0; i < o->s->nb_temps; i++) {
        o->info[i].is_const = o->s->temps[i].kind == TEMP_CONST;
        o->info[i].val = o->s->temps[i].val;
        o->info[i].z_mask = o->info[i].is_const ? o->info[i].val : ~0u;
        o->info[i].copy_of = 0;
        o->info[i].ver++;
    }
}

static void reset_globals(OptState *o)
{
    for (int i = 1; i < o->s->nb_globals; i++) {
        o->info[i].is_const = false;
        o->info[i].z_mask = ~0u;
        o->info[i].copy_of = 0;
        o->info[i].ver++;
    }
}

static void temp_written(OptState *o, uintptr_t t)
{
    o->info[t].is_const = false;
    o->info[t].z_mask = ~0u;
    o->info[t].copy_of = 0;
    o->info[t].ver++;
}

static uint32_t zm(const OptState *o, uintptr_t t)
{
    return o->info[t].is_const ? o->info[t].val : o->info[t].z_mask;
}

/* Canonical input: the constant or the copy source when still valid. */
static uintptr_t canon(OptState *o, uintptr_t t)
{
    TempInfo *ti = &o->info[t];
    if (ti->copy_of && o->info[ti->copy_of].ver == ti->copy_ver) {
        return ti->copy_of;
    }
    return t;
}

static bool arg_const(OptState *o, uintptr_t t, uint32_t *val)
{
    if (o->info[t].is_const) {
        *val = o->info[t].val;
        return true;
    }
    return false;
}

static bool fold2(IROpcode opc, uint32_t a, uint32_t b, uint32_t *r)
{
    switch (opc) {
    case INDEX_op_add: *r = a + b; return true;
    case INDEX_op_sub: *r = a - b; return true;
    case INDEX_op_mul: *r = a * b; return true;
    case INDEX_op_and: *r = a & b; return true;
    case INDEX_op_or: *r = a | b; return true;
    case INDEX_op_xor: *r = a ^ b; return true;
    case INDEX_op_shl: *r = a << (b & 31); return true;
    case INDEX_op_shr: *r = a >> (b & 31); return true;
    case INDEX_op_sar: *r = (uint32_t)((int32_t)a >> (b & 31)); return true;
    case INDEX_op_rotl: b &= 31; *r = b ? (a << b) | (a >> (32 - b)) : a; return true;
    case INDEX_op_rotr: b &= 31; *r = b ? (a >> b) | (a << (32 - b)) : a; return true;
    case INDEX_op_ctz: *r = a ? (uint32_t)__builtin_ctz(a) : b; return true;
    case INDEX_op_clz: *r = a ? (uint32_t)__builtin_clz(a) : b; return true;
    default: return false;
    }
}

static bool fold1(IROpcode opc, uint32_t a, uint32_t *r)
{
    switch (opc) {
    case INDEX_op_mov: *r = a; return true;
    case INDEX_op_neg: *r = -a; return true;
    case INDEX_op_not: *r = ~a; return true;
    case INDEX_op_ext8s: *r = (uint32_t)(int32_t)(int8_t)a; return true;
    case INDEX_op_ext8u: *r = a & 0xff; return true;
    case INDEX_op_ext16s: *r = (uint32_t)(int32_t)(int16_t)a; return true;
    case INDEX_op_ext16u: *r = a & 0xffff; return true;
    case INDEX_op_bswap: *r = __builtin_bswap32(a); return true;
    default: return false;
    }
}

static void make_movi(OptState *o, TCGOp *op, uint32_t val)
{
    uintptr_t out = op->args[0];
    op->opc = INDEX_op_movi;
    op->args[0] = out;
    op->args[1] = val;
    temp_written(o, out);
    o->info[out].is_const = true;
    o->info[out].val = val;
    o->info[out].z_mask = val;
}

static void make_mov(OptState *o, TCGOp *op, uintptr_t src)
{
    uintptr_t out = op->args[0];
    if (out == src) {
        op->opc = INDEX_op_nop;
        return;
    }
    op->opc = INDEX_op_mov;
    op->args[1] = src;
    temp_written(o, out);
    if (o->info[src].is_const) {
        make_movi(o, op, o->info[src].val);
        return;
    }
    o->info[out].copy_of = (uint16_t)src;
    o->info[out].copy_ver = o->info[src].ver;
    o->info[out].z_mask = zm(o, src);
}

/* Folding for ops with all-constant or neutral inputs. True if done. */
static bool fold_op(OptState *o, TCGOp *op, const IROpDef *def)
{
    uint32_t a, b, r;
    if (def->nb_oargs != 1 || op->opc == INDEX_op_call || op->opc == INDEX_op_qemu_ld ||
        op->opc == INDEX_op_ld_env) {
        return false;
    }
    if (def->nb_iargs == 1 && def->nb_cargs == 0) {
        if (op->opc == INDEX_op_mov) {
            make_mov(o, op, op->args[1]);
            return true;
        }
        if (arg_const(o, op->args[1], &a) && fold1(op->opc, a, &r)) {
            make_movi(o, op, r);
            return true;
        }
        return false;
    }
    if (def->nb_iargs == 2 && def->nb_cargs == 0) {
        bool ca = arg_const(o, op->args[1], &a), cb = arg_const(o, op->args[2], &b);
        if (ca && cb && fold2(op->opc, a, b, &r)) {
            make_movi(o, op, r);
            return true;
        }
        if (cb && b == 0 &&
            (op->opc == INDEX_op_add || op->opc == INDEX_op_sub || op->opc == INDEX_op_or ||
             op->opc == INDEX_op_xor || op->opc == INDEX_op_shl || op->opc == INDEX_op_shr ||
             op->opc == INDEX_op_sar)) {
            make_mov(o, op, op->args[1]);
            return true;
        }
        if (cb && b == 0xffffffffu && op->opc == INDEX_op_and) {
            make_mov(o, op, op->args[1]);
            return true;
        }
        if (((ca && a == 0) || (cb && b == 0)) &&
            (op->opc == INDEX_op_and || op->opc == INDEX_op_mul)) {
            make_movi(o, op, 0);
            return true;
        }
        if (op->args[1] == op->args[2] && (op->opc == INDEX_op_xor || op->opc == INDEX_op_sub)) {
            make_movi(o, op, 0);
            return true;
        }
        return false;
    }
    if (op->opc == INDEX_op_setcond && arg_const(o, op->args[1], &a) &&
        arg_const(o, op->args[2], &b)) {
        make_movi(o, op, tcg_cond_eval((TCGCond)op->args[3], a, b));
        return true;
    }
    if (op->opc == INDEX_op_extract && arg_const(o, op->args[1], &a)) {
        uint32_t len = (uint32_t)op->args[3];
        uint32_t mask = len >= 32 ? 0xffffffffu : (1u << len) - 1;
        make_movi(o, op, (a >> op->args[2]) & mask);
        return true;
    }
    if (op->opc == INDEX_op_movcond && arg_const(o, op->args[1], &a) &&
        arg_const(o, op->args[2], &b)) {
        make_mov(o, op, tcg_cond_eval((TCGCond)op->args[5], a, b) ? op->args[3] : op->args[4]);
        return true;
    }
    return false;
}

static void fold_brcond(OptState *o, TCGOp *op)
{
    uint32_t a, b;
    if (arg_const(o, op->args[0], &a) && arg_const(o, op->args[1], &b)) {
        if (tcg_cond_eval((TCGCond)op->args[2], a, b)) {
            uintptr_t label = op->args[3];
            op->opc = INDEX_op_br;
            op->args[0] = label;
        } else {
            op->opc = INDEX_op_nop;
        }
    }
}

/* A constant temp for val, known to the optimizer. */
static uintptr_t const_temp(OptState *o, uint32_t val)
{
    TCGv c = tcg_constant(o->s, val);
    TempInfo *ti = &o->info[c.idx];
    memset(ti, 0, sizeof(*ti));
    ti->is_const = true;
    ti->val = ti->z_mask = val;
    return c.idx;
}

static void canon_inputs(OptState *o, TCGOp *op, const IROpDef *def)
{
    for (int i = def->nb_oargs; i < def->nb_oargs + def->nb_iargs; i++) {
        uintptr_t t = canon(o, op->args[i]);
        if (o->info[t].is_const && o->s->temps[t].kind != TEMP_CONST && !o->s->overflow) {
            t = const_temp(o, o->info[t].val); /* back ends use immediates */
        }
        op->args[i] = t;
    }
    /* commutative ops keep a constant second, where immediates go */
    switch (op->opc) {
    case INDEX_op_add: case INDEX_op_mul: case INDEX_op_and:
    case INDEX_op_or: case INDEX_op_xor:
        if (o->info[op->args[1]].is_const && !o->info[op->args[2]].is_const) {
            uintptr_t t = op->args[1];
            op->args[1] = op->args[2];
            op->args[2] = t;
        }
        break;
    default:
        break;
    }
}

/* Extensions and masks that cannot change the value become moves. */
static bool fold_by_mask(OptState *o, TCGOp *op)
{
    uint32_t keep;
    switch (op->opc) {
    case INDEX_op_ext8u:
        keep = 0xff;
        break;
    case INDEX_op_ext16u:
        keep = 0xffff;
        break;
    case INDEX_op_and:
        if (!o->info[op->args[2]].is_const) {
            return false;
        }
        keep = o->info[op->args[2]].val;
        break;
    default:
        return false;
    }
    if (zm(o, op->args[1]) & ~keep) {
        return false;
    }
    make_mov(o, op, op->args[1]);
    return true;
}

static uint32_t size_mask(uint32_t memop)
{
    if (memop & MO_SIGN) {
        return ~0u;
    }
    return (memop & MO_SIZE) == MO_8 ? 0xffu : (memop & MO_SIZE) == MO_16 ? 0xffffu : ~0u;
}

/* Bits the result of op may have set. */
static uint32_t result_mask(const OptState *o, const TCGOp *op)
{
    const uintptr_t *a = op->args;
    switch (op->opc) {
    case INDEX_op_and: return zm(o, a[1]) & zm(o, a[2]);
    case INDEX_op_or:
    case INDEX_op_xor: return zm(o, a[1]) | zm(o, a[2]);
    case INDEX_op_ext8u: return zm(o, a[1]) & 0xff;
    case INDEX_op_ext16u: return zm(o, a[1]) & 0xffff;
    case INDEX_op_setcond: return 1;
    case INDEX_op_shr:
        return o->info[a[2]].is_const ? zm(o, a[1]) >> (o->info[a[2]].val & 31) : ~0u;
    case INDEX_op_shl:
        return o->info[a[2]].is_const ? zm(o, a[1]) << (o->info[a[2]].val & 31) : ~0u;
    case INDEX_op_extract: {
        uint32_t len = (uint32_t)a[3];
        uint32_t m = len >= 32 ? ~0u : (1u << len) - 1;
        return (zm(o, a[1]) >> a[2]) & m;
    }
    case INDEX_op_deposit: {
        uint32_t len = (uint32_t)a[4];
        uint32_t m = (len >= 32 ? ~0u : (1u << len) - 1) << a[3];
        return (zm(o, a[1]) & ~m) | ((zm(o, a[2]) << a[3]) & m);
    }
    case INDEX_op_qemu_ld: return size_mask(get_memop((uint32_t)a[2]));
    case INDEX_op_ld_env: return size_mask((uint32_t)a[2]);
    default: return ~0u;
    }
}

void tcg_optimize(IRContext *s)
{
    OptState ostate = {s, s->opt_info};
    OptState *o = &ostate;
    memset(o->info, 0, sizeof(TempInfo) * (size_t)s->nb_temps);
    reset_all(o);
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];
        if (op->opc == INDEX_op_set_label) {
            reset_all(o);
            continue;
        }
        if (op->opc == INDEX_op_discard || op->opc == INDEX_op_nop ||
            op->opc == INDEX_op_insn_start) {
            continue;
        }
        canon_inputs(o, op, def);
        if (op->opc == INDEX_op_movi) {
            make_movi(o, op, (uint32_t)op->args[1]);
            continue;
        }
        if (op->opc == INDEX_op_brcond) {
            fold_brcond(o, op);
            continue;
        }
        if (fold_op(o, op, def) || fold_by_mask(o, op)) {
            continue;
        }
        uint32_t z = def->nb_oargs == 1 ? result_mask(o, op) : ~0u;
        for (int k = 0; k < def->nb_oargs; k++) {
            temp_written(o, op->args[k]);
        }
        if (def->nb_oargs == 1) {
            o->info[op->args[0]].z_mask = z;
        }
        if (op->opc == INDEX_op_call && !(op->args[6] & TCG_CALL_NO_WRITE_GLOBALS)) {
            reset_globals(o);
        }
    }
}
