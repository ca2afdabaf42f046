/*
 * regplan.c - the JIT's register plan for one TB (jit.h): which globals
 * live in host registers, which temps get one (a linear scan over their
 * live ranges), which copies need no move, which labels have one way in,
 * and whether the TB loops back to itself. Runs before emission and only
 * fills in JitGen; emits nothing.
 */
#include <string.h>

#include "tcg/x86_64/jit.h"

/* RAX, RCX and RDX are every op's scratch, RBP is env, R15 the budget,
 * RSP the host stack: the rest, callee-saved first. */
const int8_t jit_alloc_order[JIT_NREGS] = {RBX, R12, R13, R14, R9, R10, R11, RSI, RDI, R8};

/* The goto_tb at op index goto_op continues at this TB's own pc: the op
 * before it (translate.c gen_jmp_tb) sets eip to a constant. Chaining
 * checks the rest of the key, as for any other TB. */
bool jit_goto_tb_targets_self(const JitGen *g, int goto_op)
{
    for (int i = goto_op - 1; i >= 0; i--) {
        const TCGOp *op = &g->s->ops[i];
        if (ir_op_defs[op->opc].flags & IR_NOT_PRESENT) {
            continue;
        }
        if (op->opc != INDEX_op_movi) {
            return false;
        }
        const TCGTemp *ts = &g->s->temps[op->args[0]];
        return ts->kind == TEMP_GLOBAL &&
               ts->mem_offset == offsetof(CPUX86State, eip) &&
               (uint32_t)op->args[1] + g->tb->cs_base == g->tb->pc;
    }
    return false;
}

/* Which labels have a single branch as their one way in, and whether a
 * goto_tb continues at the TB's own pc. */
static void plan_labels(JitGen *g)
{
    IRContext *s = g->s;
    bool reach = true;
    g->self_loop = false;
    memset(g->label_refs, 0, sizeof(g->label_refs[0]) * (size_t)s->nb_labels);
    memset(g->label_single, 0, sizeof(g->label_single[0]) * (size_t)s->nb_labels);
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        switch (op->opc) {
        case INDEX_op_brcond:
            g->label_refs[op->args[3]]++;
            break;
        case INDEX_op_br:
            g->label_refs[op->args[0]]++;
            reach = false;
            break;
        case INDEX_op_exit_tb:
        case INDEX_op_lookup_goto:
            reach = false;
            break;
        case INDEX_op_goto_tb:
            g->self_loop |= jit_goto_tb_targets_self(g, i);
            break;
        case INDEX_op_set_label:
            g->label_single[op->args[0]] = !reach && g->label_refs[op->args[0]] == 1;
            reach = true;
            break;
        default:
            break;
        }
    }
}

/* Does op read or write cached global i (as an arg or an env access)? */
static bool op_touches_global(const IRContext *s, const TCGOp *op, int i)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    if ((op->opc == INDEX_op_ld_env || op->opc == INDEX_op_st_env) &&
        op->args[1] < 4u * (uint32_t)i + 4 && op->args[1] + 4 > 4u * (uint32_t)i) {
        return true;
    }
    for (int k = 0; k < def->nb_oargs + def->nb_iargs; k++) {
        const TCGTemp *ts = &s->temps[op->args[k]];
        if (op->args[k] && ts->kind == TEMP_GLOBAL && ts->mem_offset == 4u * (uint32_t)i) {
            return true;
        }
    }
    return false;
}

/*
 * "t = ...; ...; mov G, t" with t dying at the copy: compute t straight in
 * G's register when nothing between the two reads or writes G, calls,
 * touches guest memory (a slow path writes G back) or leaves the block.
 * The copy then emits nothing (the flag words: cc_dst = result).
 */
static void coalesce_copies(JitGen *g)
{
    const IRContext *s = g->s;
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc != INDEX_op_mov) {
            continue;
        }
        const TCGTemp *gd = &s->temps[op->args[0]];
        uintptr_t t = op->args[1];
        if (op->args[0] == 0 || gd->kind != TEMP_GLOBAL || gd->mem_offset >= 4 * JIT_NCACHE ||
            (gd->mem_offset & 3) || g->ghreg[gd->mem_offset / 4] < 0 ||
            s->temps[t].kind >= TEMP_GLOBAL || !g->eligible[t] || g->last[t] != i ||
            !(op->life & 2)) {
            continue;
        }
        int gi = (int)(gd->mem_offset / 4), d = g->first[t];
        const TCGOp *def_op = &s->ops[d];
        bool ok = true; /* t's definition may read G, not write it */
        for (int k = 0; k < ir_op_defs[def_op->opc].nb_oargs; k++) {
            ok = ok && def_op->args[k] != op->args[0];
        }
        for (int j = d + 1; j < i && ok; j++) {
            const TCGOp *o = &s->ops[j];
            const IROpDef *def = &ir_op_defs[o->opc];
            ok = !(def->flags & (IR_BB_END | IR_CAN_FAULT | IR_CALL)) &&
                 o->opc != INDEX_op_set_label && o->opc != INDEX_op_goto_tb &&
                 !op_touches_global(s, o, gi);
            for (int k = 0; k < def->nb_oargs && ok; k++) {
                ok = o->args[k] != t; /* one definition */
            }
        }
        if (ok) {
            g->treg[t] = g->ghreg[gi];
            g->eligible[t] = false; /* not for the linear scan */
        }
    }
}

/*
 * Register plan for one TB, before emission. Globals referenced in the TB
 * and temps compete for the JIT_NREGS host registers: the temps' peak
 * pressure is met first (up to 4 registers, all if everything fits), the
 * most referenced globals get the rest, and then a linear scan over the
 * temps' [first, last] reference intervals hands out the temp registers.
 * Control flow inside a TB only goes forward, so an interval owning a
 * register exclusively is enough. A temp that lives across a helper call
 * only gets a callee-saved register; one whose first reference reads it
 * keeps its frame slot.
 */
void jit_plan_registers(JitGen *g)
{
    IRContext *s = g->s;
    enum { MAX_TEMP_SHARE = 4 };
    uint32_t gcount[JIT_NCACHE] = {0};
    uint32_t reads = 0; /* cached globals some op reads */
    int ncalls = 0;

    for (int t = 0; t < s->nb_temps; t++) {
        g->first[t] = JIT_NO_OP;
        g->treg[t] = -1;
    }
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];
        int is_call = op->opc == INDEX_op_call;
        if ((op->opc == INDEX_op_ld_env || op->opc == INDEX_op_st_env) &&
            op->args[1] < 4 * JIT_NCACHE) {
            gcount[op->args[1] / 4]++;
            reads |= op->opc == INDEX_op_ld_env ? 1u << (op->args[1] / 4) : 0;
        }
        for (int k = 0; k < def->nb_oargs + def->nb_iargs; k++) {
            uintptr_t t = op->args[k];
            const TCGTemp *ts = &s->temps[t];
            if (t == 0 || ts->kind == TEMP_CONST) {
                continue;
            }
            if (ts->kind == TEMP_GLOBAL) {
                if (ts->mem_offset < 4 * JIT_NCACHE) {
                    gcount[ts->mem_offset / 4]++;
                    reads |= k >= def->nb_oargs ? 1u << (ts->mem_offset / 4) : 0;
                }
                continue;
            }
            if (g->first[t] == JIT_NO_OP) {
                g->first[t] = (uint16_t)i;
                g->eligible[t] = k < def->nb_oargs;
                g->calls_first[t] = (uint16_t)(ncalls + is_call);
            }
            g->last[t] = (uint16_t)i;
            g->calls_last[t] = (uint16_t)ncalls;
        }
        ncalls += is_call;
    }
    gcount[offsetof(CPUX86State, eip) / 4] = 0; /* only ever stored before exits */
    g->eager = 0;
    plan_labels(g);

    /* peak number of register-eligible temps live at one op */
    memset(g->pressure, 0, sizeof(g->pressure[0]) * (size_t)(s->nb_ops + 1));
    for (int t = 1; t < s->nb_temps; t++) {
        if (g->first[t] != JIT_NO_OP && g->eligible[t]) {
            g->pressure[g->first[t]]++;
            g->pressure[g->last[t] + 1]--;
        }
    }
    int peak = 0;
    for (int i = 0, live = 0; i < s->nb_ops; i++) {
        live += g->pressure[i];
        peak = live > peak ? live : peak;
    }

    /* globals, most referenced first */
    int order[JIT_NCACHE], nglobals = 0;
    for (int i = 0; i < JIT_NCACHE; i++) {
        g->ghreg[i] = -1;
        if (gcount[i]) {
            int j = nglobals++;
            for (; j > 0 && gcount[order[j - 1]] < gcount[i]; j--) {
                order[j] = order[j - 1];
            }
            order[j] = i;
        }
    }
    int temp_share = JIT_NREGS - nglobals;
    if (temp_share < peak) {
        temp_share = peak < MAX_TEMP_SHARE ? peak : MAX_TEMP_SHARE;
    }
    int ng = JIT_NREGS - temp_share < nglobals ? JIT_NREGS - temp_share : nglobals;
    for (int j = 0; j < ng; j++) {
        g->ghreg[order[j]] = jit_alloc_order[j];
        g->eager |= (uint16_t)((g->self_loop ? ~0u : reads) & (1u << order[j]));
    }

    coalesce_copies(g);

    /* linear scan over the remaining registers */
    uint16_t holder[JIT_NREGS] = {0}; /* temp holding jit_alloc_order[j], 0: free */
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];
        for (int j = ng; j < JIT_NREGS; j++) {
            if (holder[j] && g->last[holder[j]] <= i) {
                holder[j] = 0;
            }
        }
        for (int k = 0; k < def->nb_oargs; k++) {
            uintptr_t t = op->args[k];
            if (t == 0 || s->temps[t].kind >= TEMP_GLOBAL || g->first[t] != i ||
                !g->eligible[t] || g->treg[t] >= 0) {
                continue;
            }
            bool across_call = g->calls_last[t] > g->calls_first[t];
            /* caller-saved first, leaving callee-saved ones to temps that
             * live across calls */
            for (int j = JIT_NREGS - 1; j >= ng; j--) {
                if (!holder[j] && (!across_call || host_callee_saved(jit_alloc_order[j]))) {
                    holder[j] = (uint16_t)t;
                    g->treg[t] = jit_alloc_order[j];
                    break;
                }
            }
        }
    }
    memset(g->owner, 0, sizeof(g->owner));
}

