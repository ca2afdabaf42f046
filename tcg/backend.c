/*
 * backend.c - the part of code generation both back ends share: walking
 * the op list with the search-data and label bookkeeping (backend.h).
 */
#include "tcg/backend.h"

#include "tcg/codebuf.h"

int tcg_emit_ops(IRContext *s, CodeBuf *cb, uint32_t *insn_end, int max_insns,
                 uint32_t max_code, uint32_t *label_off, const TCGEmitHooks *hooks, void *gen)
{
    int insn = -1;
    for (int i = 0; i < s->nb_ops && !cb->full; i++) {
        TCGOp *op = &s->ops[i];
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_discard:
            break;
        case INDEX_op_insn_start:
            if (insn >= 0) {
                insn_end[insn] = codebuf_size(cb);
            }
            if (++insn >= max_insns) {
                return TCG_GEN_TOO_BIG;
            }
            break;
        case INDEX_op_set_label:
            if (hooks->at_label) {
                hooks->at_label(gen, (int)op->args[0]);
            }
            label_off[op->args[0]] = codebuf_size(cb);
            break;
        default:
            hooks->emit(gen, op);
            break;
        }
        if (codebuf_size(cb) > max_code) {
            return TCG_GEN_TOO_BIG;
        }
    }
    if (cb->full) {
        return TCG_GEN_BUFFER_FULL;
    }
    if (insn >= 0) {
        insn_end[insn] = codebuf_size(cb);
    }
    return 0;
}
