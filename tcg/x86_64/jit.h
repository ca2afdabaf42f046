/*
 * jit.h - the x86-64 back end's private contract between its emitter
 * (tcg-target.c) and its register planner (regplan.c): host register
 * names, the per-TB generator state JitGen, and the planner's entry
 * points. Nothing outside tcg/x86_64/ includes it.
 */
#ifndef PCEMU_X86_64_JIT_H
#define PCEMU_X86_64_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "tcg/codebuf.h"
#include "tcg/frame.h"
#include "tcg/ir.h"
#include "tcg/tb.h"

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

#define JIT_FRAME_OFFSET ((uint32_t)offsetof(CPUX86State, tci_frame))
#define JIT_FRAME_SLOTS  ((int)(sizeof(((CPUX86State *)0)->tci_frame) / 4))
#define JIT_SINK_OFFSET  JIT_FRAME_OFFSET
#define JIT_MAX_TB_CODE  0xffd0u /* goto_tb offsets are 16 bits; room for the exit stub */

_Static_assert(sizeof(CPUTLBEntry) == 32, "the inline TLB lookup scales the index by 32");

/*
 * Host registers the allocator hands out: guest globals and IR temps share
 * them, per TB (jit_plan_registers). RAX, RCX and RDX are scratch for every
 * op, RBP is env, RSP the host stack.
 */
#define JIT_NREGS 10
extern const int8_t jit_alloc_order[JIT_NREGS]; /* callee-saved first */

/* env->icount_decr lives in R15 while JIT code runs: the prologue loads
 * it, the epilogue stores it, helper calls see it stored and reload it
 * (cpu_exit and cpu_restore_state change it), and IR accesses to the
 * field use the register. Each TB's budget check is then a register
 * subtract, not a read-modify-write chained through memory from TB to TB. */
#define ICOUNT_REG R15
#define ICOUNT_OFF ((uint32_t)offsetof(CPUX86State, icount_decr))
_Static_assert(offsetof(CPUX86State, icount_decr) < 128, "the prologue uses a disp8");

static inline bool host_callee_saved(int r)
{
    return r == RBX || r >= R12;
}

/* Globals that may live in a host register within a basic block: the env
 * dwords 0..11 (eight guest registers, eip, cc_dst, cc_src, cc_src2). */
#define JIT_NCACHE 12
_Static_assert(offsetof(CPUX86State, regs) == 0 && offsetof(CPUX86State, cc_src2) == 44,
               "cached globals are env dwords 0..11");

/* A temp held in host register r is addressed by the pseudo env offset
 * JIT_REG_OFF(r) in the per-op offset arrays, so that every emitter that
 * takes an env operand takes a register temp too. */
#define JIT_REG_OFF_BASE 0xff00u
#define JIT_REG_OFF(r)   ((uint16_t)(JIT_REG_OFF_BASE + 4u * (uint32_t)(r)))
_Static_assert(offsetof(CPUX86State, tci_frame) + sizeof(((CPUX86State *)0)->tci_frame) <
                   JIT_REG_OFF_BASE,
               "env offsets stay below the register pseudo offsets");

/* Slow paths park live caller-saved temp registers in the last 16 frame
 * slots, one per host register. */
#define JIT_SPILL_SLOTS 16
#define JIT_SPILL_OFF(r) ((uint32_t)(JIT_FRAME_OFFSET + 4u * (uint32_t)(JIT_FRAME_SLOTS - JIT_SPILL_SLOTS + (r))))

#define JIT_NO_OP 0xffffu

/* env fields whose value the JIT follows when it is a known constant, to
 * drop stores of the value they already hold: eip and cc_op, which every
 * branch and TB exit sets (a loop TB going back to itself sets them to
 * what they were at entry). */
#define JIT_NKNOWN 2
typedef struct KnownVal {
    bool known;
    uint32_t val;
} KnownVal;

/* A softmmu access's out-of-line slow path, as recorded by its fast path */
typedef struct SlowPath {
    uint8_t *jne;        /* the fast path's jne rel32 field */
    uint32_t ra_off;     /* code offset of that jne: the helper's return address */
    uint32_t resume_off; /* where the fast path goes on (EAX = loaded value) */
    uint32_t oi;
    uint32_t data;       /* store: the value's env offset, or the constant */
    uint16_t dirty;      /* cached globals to write back */
    uint16_t reload;     /* cached globals in caller-saved registers to reload */
    uint16_t temps;      /* caller-saved temp registers live across */
    int8_t data_reg;     /* store: the register holding the value, or -1 */
    int8_t addr_reg;     /* the register holding the guest address */
    bool store, data_const;
} SlowPath;
#define JIT_MAX_SLOW_PATHS 1024

typedef struct JitGen {
    IRContext *s;
    TranslationBlock *tb;
    CodeBuf cb;
    const uint8_t *epilogue;
    bool too_big;
    uint32_t label_off[IR_MAX_LABELS];
    struct {
        uint32_t pos; /* rel32 field */
        uint16_t label;
    } relocs[IR_MAX_LABELS * 4];
    int nrelocs;
    FrameAlloc frame;
    /* EAX holds the value of this env slot (-1: nothing known). */
    int32_t eax_slot;
    /* The store of EAX to this (non-global) slot is still to be emitted:
     * the next op may consume the value from EAX and drop the store. */
    int32_t pending;
    /* Cached globals: host register (-1: this TB keeps it in env), and
     * whether the register holds / differs from the env value. */
    int8_t ghreg[JIT_NCACHE];
    bool valid[JIT_NCACHE], dirty[JIT_NCACHE];
    /* Temps: op indices of the first and last reference, the host
     * register (-1: a frame slot), and per host register the temp that
     * was last given it. */
    uint16_t first[IR_MAX_TEMPS], last[IR_MAX_TEMPS];
    int8_t treg[IR_MAX_TEMPS];
    uint16_t owner[16];
    int op_index;
    SlowPath slow[JIT_MAX_SLOW_PATHS];
    int nslow;
    /* A shl by 1-3 whose only reader is the add right after it: emitted
     * with that add as one LEA (an x86 index*scale address). */
    struct {
        bool pending;
        uintptr_t temp; /* the shl's result, never materialised */
        int index;      /* the register holding the shifted value */
        int scale;      /* log2 */
    } fuse;
    /* the js of the budget check, patched to the exit stub after the ops */
    uint8_t *budget_exit;
    uint32_t budget_n;
    uint16_t loop_entry; /* code offset of the budget check */
    /* Globals the TB reads (bit i: cache dword i): loaded at TB entry, so
     * that a loop chained to itself can skip the loads. */
    uint16_t eager;
    /* Label merging: cached globals valid on every branch to a label so
     * far, whether any branch went there, and whether the code before the
     * current position falls through. */
    uint16_t label_valid[IR_MAX_LABELS];
    bool label_reached[IR_MAX_LABELS];
    bool reachable;
    /* A label whose one way in is a single branch (no fall-through) takes
     * that branch's state whole, dirty registers included: the branch
     * need not write them back. */
    bool label_single[IR_MAX_LABELS];
    KnownVal kv[JIT_NKNOWN], label_kv[IR_MAX_LABELS][JIT_NKNOWN];
    uint16_t label_dirty[IR_MAX_LABELS];
    uint16_t label_refs[IR_MAX_LABELS]; /* jit_plan_registers scratch */
    /* Some goto_tb continues at this TB's own pc: the TB loads every
     * cached global at entry, and its loop keeps them in registers,
     * dirty, written back only when it leaves. */
    bool self_loop;
    /* jit_plan_registers scratch */
    uint16_t calls_first[IR_MAX_TEMPS], calls_last[IR_MAX_TEMPS];
    bool eligible[IR_MAX_TEMPS];
    int16_t pressure[IR_MAX_OPS + 1];
} JitGen;

enum { ACC_READ, ACC_WRITE, ACC_RMW, ACC_PARTIAL_READ, ACC_PARTIAL_WRITE };

/* Before emission: which host register each cached global and temp gets
 * (JitGen.ghreg, treg, eager, self_loop, label_single...). */
void jit_plan_registers(JitGen *g);
/* The goto_tb at op index goto_op continues at this TB's own pc. */
bool jit_goto_tb_targets_self(const JitGen *g, int goto_op);

#endif
