/*
 * frame.c - slot assignment for IR temps (see frame.h). Owns nothing
 * beyond the FrameAlloc the caller passes; allocates no memory.
 */
#include "tcg/frame.h"

void frame_init(FrameAlloc *f, IRContext *s, uint32_t first, int n, uint16_t sink)
{
    f->s = s;
    f->sink = sink;
    f->first = first;
    f->nslots = n > FRAME_MAX_SLOTS ? FRAME_MAX_SLOTS : n;
    f->nused = 0;
    f->nfree = 0;
    f->overflow = false;
    for (int i = 0; i < s->nb_temps; i++) {
        s->temps[i].slot = -1;
    }
}

/* A released slot if there is one (the most recently freed: still in
 * cache), else the next never-used one. */
static uint16_t slot_alloc(FrameAlloc *f)
{
    if (f->nfree > 0) {
        return f->free_slots[--f->nfree];
    }
    if (f->nused < f->nslots) {
        return (uint16_t)(f->first + 4 * (uint32_t)f->nused++);
    }
    f->overflow = true;
    return f->sink;
}

static void release(FrameAlloc *f, const TCGOp *op, int from, int to)
{
    for (int k = from; k < to; k++) {
        TCGTemp *ts = &f->s->temps[op->args[k]];
        if ((op->life & (1u << k)) && ts->kind != TEMP_GLOBAL && ts->kind != TEMP_CONST &&
            ts->slot >= 0) {
            if (f->nfree < FRAME_MAX_SLOTS) {
                f->free_slots[f->nfree++] = (uint16_t)ts->slot;
            }
            ts->slot = -1;
        }
    }
}

static uint16_t temp_off(FrameAlloc *f, uintptr_t t)
{
    TCGTemp *ts = &f->s->temps[t];
    if (t == 0) {
        return f->sink;
    }
    if (ts->kind == TEMP_GLOBAL) {
        return (uint16_t)ts->mem_offset;
    }
    if (ts->slot < 0) {
        ts->slot = slot_alloc(f); /* an input read before any write gets a slot too */
    }
    return (uint16_t)ts->slot;
}

void frame_op_args(FrameAlloc *f, const TCGOp *op, uint16_t *offs)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    int no = def->nb_oargs, ni = def->nb_iargs;
    for (int k = no; k < no + ni; k++) {
        bool is_const = f->s->temps[op->args[k]].kind == TEMP_CONST;
        offs[k] = is_const ? (uint16_t)FRAME_ARG_CONST : temp_off(f, op->args[k]);
    }
    release(f, op, no, no + ni);
    for (int k = 0; k < no; k++) {
        offs[k] = temp_off(f, op->args[k]);
    }
}

void frame_op_done(FrameAlloc *f, const TCGOp *op)
{
    release(f, op, 0, ir_op_defs[op->opc].nb_oargs);
}
