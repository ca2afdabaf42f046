/*
 * frame.h - where a back end keeps IR temps: slots of 4 bytes in
 * CPUX86State (env->tci_frame), assigned in one linear scan using the
 * liveness death bits. Globals are their own CPUX86State fields; constant
 * inputs are left to the back end (TCI materialises them, the JIT uses
 * immediates). Both back ends share this so they agree on the rules.
 */
#ifndef PCEMU_FRAME_H
#define PCEMU_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/ir.h"

#define FRAME_ARG_CONST 0xffffu /* input is a constant: see temps[].val */
#define FRAME_MAX_SLOTS 512

typedef struct FrameAlloc {
    IRContext *s;
    uint16_t sink; /* where unused helper results go */
    uint32_t first; /* env offset of slot 0 */
    int nslots;     /* slots first + 4*i, i < nslots */
    int nused;      /* slots handed out at least once: 0 .. nused-1 */
    uint16_t free_slots[FRAME_MAX_SLOTS]; /* released ones, a stack */
    int nfree;
    bool overflow; /* more temps live at once than slots: the TB is too big */
} FrameAlloc;

/* Slots are env offsets first + 4*i for i in [0, n); sink is reserved. */
void frame_init(FrameAlloc *f, IRContext *s, uint32_t first, int n, uint16_t sink);
/* Env offsets of op's outputs and inputs (FRAME_ARG_CONST for constants).
 * Inputs dying here are released before outputs are placed: back ends
 * must read every input before writing any output. */
void frame_op_args(FrameAlloc *f, const TCGOp *op, uint16_t *offs);
/* After emitting op: release outputs nobody reads. */
void frame_op_done(FrameAlloc *f, const TCGOp *op);

#endif
