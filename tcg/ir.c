/*
 * ir.c - the IR op table, temps and labels, and the tcg_gen_* builder.
 *
 * Owns the op buffer of the TB being translated. Builders do the small
 * simplifications that cost nothing (addi 0 is a mov) and leave real
 * optimization to optimize.c. When a buffer fills, ir->overflow is set and
 * ops go to a scratch slot: the translator sees the flag and ends or
 * retries the TB (the -2 path of tb_gen_code), never a crash.
 */
#include "tcg/ir.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

const IROpDef ir_op_defs[NB_IR_OPS] = {
#define DEF(name, oargs, iargs, cargs, flags)                                                      \
    [INDEX_op_##name] = {#name, oargs, iargs, cargs, oargs + iargs + cargs, flags},
#include "tcg/ir-opc.h"
#undef DEF
};

bool tcg_cond_eval(TCGCond c, uint32_t a, uint32_t b)
{
    switch (c) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return a == b;
    case TCG_COND_NE:
        return a != b;
    case TCG_COND_LT:
        return (int32_t)a < (int32_t)b;
    case TCG_COND_GE:
        return (int32_t)a >= (int32_t)b;
    case TCG_COND_LE:
        return (int32_t)a <= (int32_t)b;
    case TCG_COND_GT:
        return (int32_t)a > (int32_t)b;
    case TCG_COND_LTU:
        return a < b;
    case TCG_COND_GEU:
        return a >= b;
    case TCG_COND_LEU:
        return a <= b;
    case TCG_COND_GTU:
        return a > b;
    case TCG_COND_TSTEQ:
        return (a & b) == 0;
    case TCG_COND_TSTNE:
        return (a & b) != 0;
    }
    return false;
}

int ir_context_init(IRContext *s)
{
    memset(s, 0, sizeof(*s));
    s->nb_globals = 1; /* temp 0 is the null temp */
    s->nb_temps = 1;
    s->opt_info = tcg_optimize_alloc();
    s->live_dead = calloc(IR_MAX_TEMPS, 1);
    if (!s->opt_info || !s->live_dead) {
        ir_context_destroy(s);
        return -1;
    }
    return 0;
}

void ir_context_destroy(IRContext *s)
{
    free(s->opt_info);
    free(s->live_dead);
    s->opt_info = NULL;
    s->live_dead = NULL;
}

void ir_func_start(IRContext *s)
{
    s->nb_ops = 0;
    s->nb_temps = s->nb_globals;
    s->nb_labels = 0;
    s->overflow = false;
    s->count_tlb_hits = false;
    s->chain_ok = false;
}

TCGv tcg_global_mem_new(IRContext *s, uint32_t offset, const char *name)
{
    assert(s->nb_temps == s->nb_globals && s->nb_globals < 256);
    TCGTemp *t = &s->temps[s->nb_globals];
    memset(t, 0, sizeof(*t));
    t->kind = TEMP_GLOBAL;
    t->mem_offset = offset;
    t->name = name;
    TCGv v = {(uint16_t)s->nb_globals};
    s->nb_globals++;
    s->nb_temps = s->nb_globals;
    return v;
}

static TCGv temp_alloc(IRContext *s, TCGTempKind kind)
{
    if (s->nb_temps >= IR_MAX_TEMPS) {
        s->overflow = true;
        /* reuse the last temp: the TB is thrown away anyway */
        TCGv v = {(uint16_t)(IR_MAX_TEMPS - 1)};
        return v;
    }
    TCGTemp *t = &s->temps[s->nb_temps];
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    TCGv v = {(uint16_t)s->nb_temps++};
    return v;
}

TCGv tcg_temp_new(IRContext *s)
{
    return temp_alloc(s, TEMP_EBB);
}

TCGv tcg_temp_local_new(IRContext *s)
{
    return temp_alloc(s, TEMP_TB);
}

TCGv tcg_constant(IRContext *s, uint32_t val)
{
    TCGv v = temp_alloc(s, TEMP_CONST);
    s->temps[v.idx].val = val;
    return v;
}

TCGLabel *gen_new_label(IRContext *s)
{
    if (s->nb_labels >= IR_MAX_LABELS) {
        s->overflow = true;
        return &s->labels[IR_MAX_LABELS - 1];
    }
    TCGLabel *l = &s->labels[s->nb_labels];
    l->id = s->nb_labels++;
    l->set = false;
    l->used = false;
    return l;
}

TCGOp *tcg_emit_op(IRContext *s, IROpcode opc, int nargs)
{
    assert(nargs == ir_op_defs[opc].nb_args);
    TCGOp *op;
    if (s->nb_ops >= IR_MAX_OPS - 1) {
        s->overflow = true;
        op = &s->ops[IR_MAX_OPS - 1];
    } else {
        op = &s->ops[s->nb_ops++];
    }
    op->opc = (uint16_t)opc;
    op->life = 0;
    return op;
}

void tcg_gen_insn_start(IRContext *s, uint32_t pc, uint32_t cc_op)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_insn_start, 2);
    op->args[0] = pc;
    op->args[1] = cc_op;
}

void tcg_gen_discard(IRContext *s, TCGv t)
{
    tcg_emit_op(s, INDEX_op_discard, 1)->args[0] = t.idx;
}

void gen_set_label(IRContext *s, TCGLabel *l)
{
    assert(!l->set);
    l->set = true;
    tcg_emit_op(s, INDEX_op_set_label, 1)->args[0] = (uintptr_t)l->id;
}

void tcg_gen_br(IRContext *s, TCGLabel *l)
{
    assert(!l->set); /* forward only */
    l->used = true;
    tcg_emit_op(s, INDEX_op_br, 1)->args[0] = (uintptr_t)l->id;
}

void tcg_gen_brcond(IRContext *s, TCGCond cond, TCGv a, TCGv b, TCGLabel *l)
{
    assert(!l->set);
    if (cond == TCG_COND_ALWAYS) {
        tcg_gen_br(s, l);
        return;
    }
    if (cond == TCG_COND_NEVER) {
        return;
    }
    l->used = true;
    TCGOp *op = tcg_emit_op(s, INDEX_op_brcond, 4);
    op->args[0] = a.idx;
    op->args[1] = b.idx;
    op->args[2] = cond;
    op->args[3] = (uintptr_t)l->id;
}

void tcg_gen_brcondi(IRContext *s, TCGCond cond, TCGv a, uint32_t b, TCGLabel *l)
{
    tcg_gen_brcond(s, cond, a, tcg_constant(s, b), l);
}

void tcg_gen_mov(IRContext *s, TCGv ret, TCGv a)
{
    if (ret.idx == a.idx) {
        return;
    }
    TCGOp *op = tcg_emit_op(s, INDEX_op_mov, 2);
    op->args[0] = ret.idx;
    op->args[1] = a.idx;
}

void tcg_gen_movi(IRContext *s, TCGv ret, uint32_t val)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_movi, 2);
    op->args[0] = ret.idx;
    op->args[1] = val;
}

void tcg_gen_op1(IRContext *s, IROpcode opc, TCGv ret, TCGv a)
{
    TCGOp *op = tcg_emit_op(s, opc, 2);
    op->args[0] = ret.idx;
    op->args[1] = a.idx;
}

void tcg_gen_op2(IRContext *s, IROpcode opc, TCGv ret, TCGv a, TCGv b)
{
    TCGOp *op = tcg_emit_op(s, opc, 3);
    op->args[0] = ret.idx;
    op->args[1] = a.idx;
    op->args[2] = b.idx;
}

void tcg_gen_op2i(IRContext *s, IROpcode opc, TCGv ret, TCGv a, uint32_t b)
{
    /* x + 0, x - 0, x | 0, x ^ 0 and shifts by 0 are moves */
    if (b == 0 && opc != INDEX_op_and && opc != INDEX_op_mul) {
        tcg_gen_mov(s, ret, a);
        return;
    }
    tcg_gen_op2(s, opc, ret, a, tcg_constant(s, b));
}

void tcg_gen_deposit(IRContext *s, TCGv ret, TCGv a, TCGv b, int ofs, int len)
{
    if (ofs == 0 && len == 32) {
        tcg_gen_mov(s, ret, b);
        return;
    }
    TCGOp *op = tcg_emit_op(s, INDEX_op_deposit, 5);
    op->args[0] = ret.idx;
    op->args[1] = a.idx;
    op->args[2] = b.idx;
    op->args[3] = (uintptr_t)ofs;
    op->args[4] = (uintptr_t)len;
}

void tcg_gen_extract(IRContext *s, TCGv ret, TCGv a, int ofs, int len)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_extract, 4);
    op->args[0] = ret.idx;
    op->args[1] = a.idx;
    op->args[2] = (uintptr_t)ofs;
    op->args[3] = (uintptr_t)len;
}

void tcg_gen_setcond(IRContext *s, TCGCond cond, TCGv ret, TCGv a, TCGv b)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_setcond, 4);
    op->args[0] = ret.idx;
    op->args[1] = a.idx;
    op->args[2] = b.idx;
    op->args[3] = cond;
}

void tcg_gen_setcondi(IRContext *s, TCGCond cond, TCGv ret, TCGv a, uint32_t b)
{
    tcg_gen_setcond(s, cond, ret, a, tcg_constant(s, b));
}

void tcg_gen_movcond(IRContext *s, TCGCond cond, TCGv ret, TCGv c1, TCGv c2, TCGv v1, TCGv v2)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_movcond, 6);
    op->args[0] = ret.idx;
    op->args[1] = c1.idx;
    op->args[2] = c2.idx;
    op->args[3] = v1.idx;
    op->args[4] = v2.idx;
    op->args[5] = cond;
}

static void gen_mul2(IRContext *s, IROpcode opc, TCGv lo, TCGv hi, TCGv a, TCGv b)
{
    TCGOp *op = tcg_emit_op(s, opc, 4);
    op->args[0] = lo.idx;
    op->args[1] = hi.idx;
    op->args[2] = a.idx;
    op->args[3] = b.idx;
}

void tcg_gen_mulu2(IRContext *s, TCGv lo, TCGv hi, TCGv a, TCGv b)
{
    gen_mul2(s, INDEX_op_mulu2, lo, hi, a, b);
}

void tcg_gen_muls2(IRContext *s, TCGv lo, TCGv hi, TCGv a, TCGv b)
{
    gen_mul2(s, INDEX_op_muls2, lo, hi, a, b);
}

void tcg_gen_ext(IRContext *s, MemOp ot, TCGv ret, TCGv a)
{
    switch (ot) {
    case MO_8:
        tcg_gen_ext8u(s, ret, a);
        break;
    case MO_SB:
        tcg_gen_ext8s(s, ret, a);
        break;
    case MO_16:
        tcg_gen_ext16u(s, ret, a);
        break;
    case MO_SW:
        tcg_gen_ext16s(s, ret, a);
        break;
    default:
        tcg_gen_mov(s, ret, a);
        break;
    }
}

void tcg_gen_ld_env(IRContext *s, TCGv ret, uint32_t offset, MemOp mop)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_ld_env, 3);
    op->args[0] = ret.idx;
    op->args[1] = offset;
    op->args[2] = mop;
}

void tcg_gen_st_env(IRContext *s, TCGv val, uint32_t offset, MemOp mop)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_st_env, 3);
    op->args[0] = val.idx;
    op->args[1] = offset;
    op->args[2] = mop;
}

void tcg_gen_qemu_ld(IRContext *s, TCGv ret, TCGv addr, MemOp mop, int mmu_idx)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_qemu_ld, 3);
    op->args[0] = ret.idx;
    op->args[1] = addr.idx;
    op->args[2] = make_memop_idx(mop, mmu_idx);
}

void tcg_gen_qemu_st(IRContext *s, TCGv val, TCGv addr, MemOp mop, int mmu_idx)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_qemu_st, 3);
    op->args[0] = val.idx;
    op->args[1] = addr.idx;
    op->args[2] = make_memop_idx(mop, mmu_idx);
}

void tcg_gen_call(IRContext *s, TCGHelperFn fn, unsigned flags, TCGv ret, TCGv a, TCGv b, TCGv c,
                  TCGv d)
{
    TCGv zero = tcg_constant(s, 0);
    TCGOp *op = tcg_emit_op(s, INDEX_op_call, 7);
    op->args[0] = ret.idx;
    op->args[1] = a.idx ? a.idx : zero.idx;
    op->args[2] = b.idx ? b.idx : zero.idx;
    op->args[3] = c.idx ? c.idx : zero.idx;
    op->args[4] = d.idx ? d.idx : zero.idx;
    op->args[5] = (uintptr_t)fn;
    op->args[6] = flags;
}

void tcg_gen_tb_start(IRContext *s, int ninsns)
{
    tcg_emit_op(s, INDEX_op_tb_start, 1)->args[0] = (uintptr_t)ninsns;
}

void tcg_gen_goto_tb(IRContext *s, int slot)
{
    tcg_emit_op(s, INDEX_op_goto_tb, 1)->args[0] = (uintptr_t)slot;
}

void tcg_gen_exit_tb(IRContext *s, uintptr_t val)
{
    tcg_emit_op(s, INDEX_op_exit_tb, 1)->args[0] = val;
}

void tcg_gen_lookup_goto(IRContext *s)
{
    tcg_emit_op(s, INDEX_op_lookup_goto, 0);
}

/* --- dumping --- */

static const char *const cond_names[16] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always", [TCG_COND_EQ] = "eq",
    [TCG_COND_NE] = "ne",       [TCG_COND_LT] = "lt",         [TCG_COND_GE] = "ge",
    [TCG_COND_LE] = "le",       [TCG_COND_GT] = "gt",         [TCG_COND_LTU] = "ltu",
    [TCG_COND_GEU] = "geu",     [TCG_COND_LEU] = "leu",       [TCG_COND_GTU] = "gtu",
    [TCG_COND_TSTEQ] = "tsteq", [TCG_COND_TSTNE] = "tstne",
};

static void dump_temp(IRContext *s, FILE *f, uintptr_t idx)
{
    const TCGTemp *t = &s->temps[idx];
    switch (t->kind) {
    case TEMP_GLOBAL:
        fprintf(f, "%s", t->name);
        break;
    case TEMP_CONST:
        fprintf(f, "$0x%x", t->val);
        break;
    case TEMP_TB:
        fprintf(f, "loc%u", (unsigned)idx);
        break;
    default:
        fprintf(f, idx ? "tmp%u" : "_", (unsigned)idx);
        break;
    }
}

static void dump_cargs(IRContext *s, FILE *f, const TCGOp *op, const IROpDef *def)
{
    (void)s;
    int first = def->nb_oargs + def->nb_iargs;
    for (int i = 0; i < def->nb_cargs; i++) {
        uintptr_t a = op->args[first + i];
        bool is_cond = (op->opc == INDEX_op_brcond || op->opc == INDEX_op_setcond ||
                        op->opc == INDEX_op_movcond) &&
                       i == 0;
        fprintf(f, (first + i) ? "," : "");
        if (is_cond && a < 16) {
            fprintf(f, "%s", cond_names[a] ? cond_names[a] : "?");
        } else if ((op->opc == INDEX_op_brcond && i == 1) || op->opc == INDEX_op_br ||
                   op->opc == INDEX_op_set_label) {
            fprintf(f, "$L%u", (unsigned)a);
        } else {
            fprintf(f, "$0x%lx", (unsigned long)a);
        }
    }
}

void tcg_dump_ops(IRContext *s, FILE *f)
{
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];
        if (op->opc == INDEX_op_nop) {
            continue;
        }
        if (op->opc == INDEX_op_insn_start) {
            fprintf(f, " ---- %08lx cc_op=%lu\n", (unsigned long)op->args[0],
                    (unsigned long)op->args[1]);
            continue;
        }
        fprintf(f, " %-12s ", def->name);
        for (int k = 0; k < def->nb_oargs + def->nb_iargs; k++) {
            fprintf(f, k ? "," : "");
            dump_temp(s, f, op->args[k]);
        }
        dump_cargs(s, f, op, def);
        if (op->life) {
            fprintf(f, "  dead:");
            for (int k = 0; k < 8; k++) {
                if (op->life & (1u << k)) {
                    fprintf(f, " %d", k);
                }
            }
        }
        fprintf(f, "\n");
    }
}
