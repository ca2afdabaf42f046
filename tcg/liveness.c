/*
 * liveness.c - backward liveness over one TB: marks where each temp dies
 * (TCGOp.life bit n = arg n is dead after this op) and deletes ops whose
 * results nobody reads.
 *
 * Rules (forward-only control flow, see ir.h): globals are live at every
 * TB exit, at every op that may fault (so a restored state is exact) and
 * at helper calls that read globals. EBB temps are dead at labels. TB
 * temps are live across a branch exactly when they are live at its
 * target label, which the backward scan has already seen.
 */
#include "tcg/ir.h"

#include <string.h>

enum { LIVE_TB_WORDS = 4, LIVE_TB_MAX = LIVE_TB_WORDS * 64 };

typedef struct LiveState {
    IRContext *s;
    uint8_t *dead;       /* per temp: 1 = no later use */
    uint16_t tb_ord[IR_MAX_TEMPS]; /* TB temp -> ordinal + 1, 0 = none/too many */
    int nb_tb;
} LiveState;

static void globals_live(LiveState *l)
{
    memset(l->dead + 1, 0, (size_t)l->s->nb_globals - 1);
}

static void ebb_dead(LiveState *l)
{
    for (int i = l->s->nb_globals; i < l->s->nb_temps; i++) {
        if (l->s->temps[i].kind == TEMP_EBB) {
            l->dead[i] = 1;
        }
    }
}

static void save_label(LiveState *l, int label)
{
    uint64_t *w = l->s->label_live[label];
    memset(w, 0, sizeof(uint64_t) * LIVE_TB_WORDS);
    for (int i = l->s->nb_globals; i < l->s->nb_temps; i++) {
        int ord = l->tb_ord[i];
        if (ord && !l->dead[i]) {
            w[(ord - 1) / 64] |= 1ull << ((ord - 1) % 64);
        }
    }
}

static void merge_label(LiveState *l, int label)
{
    const uint64_t *w = l->s->label_live[label];
    for (int i = l->s->nb_globals; i < l->s->nb_temps; i++) {
        int ord = l->tb_ord[i];
        if (ord && (w[(ord - 1) / 64] >> ((ord - 1) % 64) & 1)) {
            l->dead[i] = 0;
        } else if (!ord && l->s->temps[i].kind == TEMP_TB) {
            l->dead[i] = 0; /* beyond the bitmap: assume live */
        }
    }
}

static void number_tb_temps(LiveState *l)
{
    l->nb_tb = 0;
    for (int i = 0; i < l->s->nb_temps; i++) {
        l->tb_ord[i] = 0;
        if (i >= l->s->nb_globals && l->s->temps[i].kind == TEMP_TB && l->nb_tb < LIVE_TB_MAX) {
            l->tb_ord[i] = (uint16_t)++l->nb_tb;
        }
    }
}

static bool op_removable(const TCGOp *op, const IROpDef *def)
{
    if (op->opc == INDEX_op_call) {
        return (op->args[6] & TCG_CALL_NO_SIDE_EFFECTS) != 0;
    }
    return !(def->flags & (IR_SIDE_EFFECTS | IR_BB_END | IR_NOT_PRESENT)) &&
           def->nb_oargs > 0;
}

/* A widening multiply whose high half nobody reads is a plain multiply. */
static void narrow_mul2(LiveState *l, TCGOp *op)
{
    if ((op->opc == INDEX_op_mulu2 || op->opc == INDEX_op_muls2) && l->dead[op->args[1]] &&
        !l->dead[op->args[0]]) {
        uintptr_t lo = op->args[0], a = op->args[2], b = op->args[3];
        op->opc = INDEX_op_mul;
        op->args[0] = lo;
        op->args[1] = a;
        op->args[2] = b;
    }
}

static void live_op(LiveState *l, TCGOp *op)
{
    narrow_mul2(l, op);
    const IROpDef *def = &ir_op_defs[op->opc];
    uint8_t *dead = l->dead;
    if (op_removable(op, def)) {
        bool all_dead = true;
        for (int k = 0; k < def->nb_oargs; k++) {
            all_dead &= dead[op->args[k]] != 0;
        }
        if (all_dead) {
            op->opc = INDEX_op_nop;
            return;
        }
    }
    op->life = 0;
    for (int k = 0; k < def->nb_oargs; k++) {
        uintptr_t t = op->args[k];
        if (dead[t]) {
            op->life |= (uint16_t)(1u << k);
        }
        dead[t] = 1;
    }
    if ((def->flags & IR_CAN_FAULT) ||
        (op->opc == INDEX_op_call && !(op->args[6] & TCG_CALL_NO_READ_GLOBALS))) {
        globals_live(l);
    }
    for (int k = def->nb_oargs; k < def->nb_oargs + def->nb_iargs; k++) {
        uintptr_t t = op->args[k];
        if (l->s->temps[t].kind == TEMP_CONST) {
            continue;
        }
        if (dead[t]) {
            op->life |= (uint16_t)(1u << k);
            dead[t] = 0;
        }
    }
}

void tcg_liveness(IRContext *s)
{
    LiveState l;
    l.s = s;
    l.dead = s->live_dead;
    number_tb_temps(&l);
    memset(l.dead, 1, (size_t)s->nb_temps);
    globals_live(&l);
    for (int i = s->nb_ops - 1; i >= 0; i--) {
        TCGOp *op = &s->ops[i];
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
            break;
        case INDEX_op_discard:
            l.dead[op->args[0]] = 1;
            op->opc = INDEX_op_nop;
            break;
        case INDEX_op_set_label:
            ebb_dead(&l);
            globals_live(&l);
            save_label(&l, (int)op->args[0]);
            break;
        case INDEX_op_br:
            memset(l.dead, 1, (size_t)s->nb_temps);
            globals_live(&l);
            merge_label(&l, (int)op->args[0]);
            break;
        case INDEX_op_brcond:
            globals_live(&l);
            merge_label(&l, (int)op->args[3]);
            live_op(&l, op);
            break;
        case INDEX_op_exit_tb:
        case INDEX_op_lookup_goto:
            memset(l.dead, 1, (size_t)s->nb_temps);
            globals_live(&l);
            break;
        default:
            live_op(&l, op);
            break;
        }
    }
}
