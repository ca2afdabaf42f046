/*
 * ir.h - the intermediate representation and its builder API (tcg_gen_*).
 *
 * One IRContext per TBContext holds the op buffer of the TB being built:
 * temps (globals at fixed offsets in CPUX86State, TB temps, constants),
 * labels and ops in program order. The translator appends ops through the
 * tcg_gen_* functions; optimize, liveness and a back end then read the
 * buffer. Nothing here knows x86 guest semantics.
 *
 * Control flow inside a TB only goes forward (labels are set after every
 * branch to them), which lets liveness and TCI's slot allocation work in
 * one linear pass. The translator keeps to that.
 */
#ifndef PCEMU_IR_H
#define PCEMU_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define IR_MAX_OPS    6144
#define IR_MAX_TEMPS  8192
#define IR_MAX_LABELS 1024
#define IR_MAX_ARGS   8

enum {
    IR_BB_END = 1,
    IR_SIDE_EFFECTS = 2,
    IR_COND_BRANCH = 4,
    IR_CAN_FAULT = 8,
    IR_CALL = 16,
    IR_NOT_PRESENT = 32, /* emits no code */
};

typedef enum IROpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/ir-opc.h"
#undef DEF
    NB_IR_OPS,
} IROpcode;

typedef struct IROpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs, nb_args;
    uint8_t flags;
} IROpDef;

extern const IROpDef ir_op_defs[NB_IR_OPS];

/* Conditions: bit 0 inverts, as in the x86 Jcc encoding style. */
typedef enum TCGCond {
    TCG_COND_NEVER = 0,
    TCG_COND_ALWAYS = 1,
    TCG_COND_EQ = 8,
    TCG_COND_NE = 9,
    TCG_COND_LT = 2,  /* signed */
    TCG_COND_GE = 3,
    TCG_COND_LE = 4,
    TCG_COND_GT = 5,
    TCG_COND_LTU = 10,
    TCG_COND_GEU = 11,
    TCG_COND_LEU = 12,
    TCG_COND_GTU = 13,
    TCG_COND_TSTEQ = 14, /* (a & b) == 0 */
    TCG_COND_TSTNE = 15,
} TCGCond;

static inline TCGCond tcg_invert_cond(TCGCond c)
{
    return (TCGCond)(c ^ 1);
}

bool tcg_cond_eval(TCGCond c, uint32_t a, uint32_t b);

/* MemOp: size and signedness of a memory access (little-endian only). */
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,
    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_SB = MO_8 | MO_SIGN,
    MO_SW = MO_16 | MO_SIGN,
} MemOp;

/* MemOpIdx for qemu_ld/st: MemOp in bits 0-3, mmu_idx in 4-7 */
static inline uint32_t make_memop_idx(MemOp op, int mmu_idx)
{
    return (uint32_t)op | ((uint32_t)mmu_idx << 4);
}
static inline MemOp get_memop(uint32_t oi)
{
    return (MemOp)(oi & 15);
}
static inline int get_mmuidx(uint32_t oi)
{
    return (int)(oi >> 4);
}

typedef enum TCGTempKind {
    TEMP_EBB,    /* dead at the end of its extended basic block */
    TEMP_TB,     /* lives for the whole TB */
    TEMP_GLOBAL, /* lives in CPUX86State at mem_offset */
    TEMP_CONST,
} TCGTempKind;

typedef struct TCGTemp {
    uint8_t kind;
    uint32_t val;        /* TEMP_CONST */
    uint32_t mem_offset; /* TEMP_GLOBAL */
    const char *name;    /* TEMP_GLOBAL */
    /* back-end scratch (TCI frame offset, JIT register) */
    int32_t slot;
} TCGTemp;

/* A temp handle: an index into the temps array. 0 is never a valid temp. */
typedef struct TCGv {
    uint16_t idx;
} TCGv;

typedef struct TCGLabel {
    int id;
    bool set;
    bool used;
} TCGLabel;

/* Helper call flags: what the optimizer/liveness and the JIT may assume.
 * A helper that can raise an exception reads globals (the handler sees
 * them), so NO_READ_GLOBALS also promises it never faults. */
enum {
    TCG_CALL_NO_READ_GLOBALS = 1,
    TCG_CALL_NO_WRITE_GLOBALS = 2,
    TCG_CALL_NO_SIDE_EFFECTS = 4,
    TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_PURE = TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS,
};

struct CPUX86State;
/* Every helper has this one signature; unused args are zero. */
typedef uint32_t (*TCGHelperFn)(struct CPUX86State *env, uint32_t a, uint32_t b, uint32_t c,
                                uint32_t d);

typedef struct TCGOp {
    uint16_t opc;
    uint16_t life; /* liveness: bit n set = arg n dies here */
    uint32_t pad;
    uintptr_t args[IR_MAX_ARGS];
} TCGOp;

typedef struct IRContext {
    TCGOp ops[IR_MAX_OPS];
    int nb_ops;
    TCGTemp temps[IR_MAX_TEMPS];
    int nb_globals;
    int nb_temps;
    TCGLabel labels[IR_MAX_LABELS];
    int nb_labels;
    bool overflow; /* ran out of ops/temps/labels: the TB must shrink */
    /* Back ends count inline TLB hits in env->stats.tlb_hits (-d stats).
     * Set per TB by tb_translate; off, the hit path has no extra code. */
    bool count_tlb_hits;
    bool chain_ok; /* translated code may continue into other TBs (lookup_goto) */
    /* What the host offers the back end (TCG_HOST_* bits), probed once
     * when the back end is chosen (TCGBackend.host_features). */
    uint32_t host_features;
    struct OptTempInfo *opt_info; /* optimize.c scratch, IR_MAX_TEMPS entries */
    uint8_t *live_dead;           /* liveness.c scratch, IR_MAX_TEMPS entries */
    uint64_t label_live[IR_MAX_LABELS][4]; /* liveness.c: TB temps live at labels */
} IRContext;

/* Returns 0, or -1 when out of memory. */
int ir_context_init(IRContext *s);
void ir_context_destroy(IRContext *s);
/* Drop the ops/temps/labels of the previous TB, keep the globals. */
void ir_func_start(IRContext *s);
TCGv tcg_global_mem_new(IRContext *s, uint32_t offset, const char *name);

TCGv tcg_temp_new(IRContext *s);       /* EBB temp */
TCGv tcg_temp_local_new(IRContext *s); /* TB temp */
TCGv tcg_constant(IRContext *s, uint32_t val);
TCGLabel *gen_new_label(IRContext *s);

static inline TCGTemp *tcgv_temp(IRContext *s, TCGv v)
{
    return &s->temps[v.idx];
}
static inline int ir_label_id(const TCGLabel *l)
{
    return l->id;
}

TCGOp *tcg_emit_op(IRContext *s, IROpcode opc, int nargs);

/* --- the builder API --- */
void tcg_gen_insn_start(IRContext *s, uint32_t pc, uint32_t cc_op);
void tcg_gen_discard(IRContext *s, TCGv t);
void gen_set_label(IRContext *s, TCGLabel *l);
void tcg_gen_br(IRContext *s, TCGLabel *l);
void tcg_gen_brcond(IRContext *s, TCGCond cond, TCGv a, TCGv b, TCGLabel *l);
void tcg_gen_brcondi(IRContext *s, TCGCond cond, TCGv a, uint32_t b, TCGLabel *l);
void tcg_gen_mov(IRContext *s, TCGv ret, TCGv a);
void tcg_gen_movi(IRContext *s, TCGv ret, uint32_t val);
void tcg_gen_op1(IRContext *s, IROpcode opc, TCGv ret, TCGv a);
void tcg_gen_op2(IRContext *s, IROpcode opc, TCGv ret, TCGv a, TCGv b);
void tcg_gen_op2i(IRContext *s, IROpcode opc, TCGv ret, TCGv a, uint32_t b);

#define IR_BINOP(name)                                                                             \
    static inline void tcg_gen_##name(IRContext *s, TCGv r, TCGv a, TCGv b)                        \
    {                                                                                              \
        tcg_gen_op2(s, INDEX_op_##name, r, a, b);                                                  \
    }                                                                                              \
    static inline void tcg_gen_##name##i(IRContext *s, TCGv r, TCGv a, uint32_t b)                 \
    {                                                                                              \
        tcg_gen_op2i(s, INDEX_op_##name, r, a, b);                                                 \
    }
IR_BINOP(add)
IR_BINOP(sub)
IR_BINOP(mul)
IR_BINOP(and)
IR_BINOP(or)
IR_BINOP(xor)
IR_BINOP(shl)
IR_BINOP(shr)
IR_BINOP(sar)
IR_BINOP(rotl)
IR_BINOP(rotr)
IR_BINOP(ctz)
IR_BINOP(clz)
#undef IR_BINOP

#define IR_UNOP(name)                                                                              \
    static inline void tcg_gen_##name(IRContext *s, TCGv r, TCGv a)                                \
    {                                                                                              \
        tcg_gen_op1(s, INDEX_op_##name, r, a);                                                     \
    }
IR_UNOP(neg)
IR_UNOP(not)
IR_UNOP(ext8s)
IR_UNOP(ext8u)
IR_UNOP(ext16s)
IR_UNOP(ext16u)
IR_UNOP(bswap)
#undef IR_UNOP

void tcg_gen_deposit(IRContext *s, TCGv ret, TCGv a, TCGv b, int ofs, int len);
void tcg_gen_extract(IRContext *s, TCGv ret, TCGv a, int ofs, int len);
void tcg_gen_setcond(IRContext *s, TCGCond cond, TCGv ret, TCGv a, TCGv b);
void tcg_gen_setcondi(IRContext *s, TCGCond cond, TCGv ret, TCGv a, uint32_t b);
void tcg_gen_movcond(IRContext *s, TCGCond cond, TCGv ret, TCGv c1, TCGv c2, TCGv v1, TCGv v2);
void tcg_gen_mulu2(IRContext *s, TCGv lo, TCGv hi, TCGv a, TCGv b);
void tcg_gen_muls2(IRContext *s, TCGv lo, TCGv hi, TCGv a, TCGv b);
/* sign/zero extension of an operand of size ot (MO_8/16/32) */
void tcg_gen_ext(IRContext *s, MemOp ot, TCGv ret, TCGv a);
void tcg_gen_ld_env(IRContext *s, TCGv ret, uint32_t offset, MemOp op);
void tcg_gen_st_env(IRContext *s, TCGv val, uint32_t offset, MemOp op);
void tcg_gen_qemu_ld(IRContext *s, TCGv ret, TCGv addr, MemOp op, int mmu_idx);
void tcg_gen_qemu_st(IRContext *s, TCGv val, TCGv addr, MemOp op, int mmu_idx);
/* ret may be a null TCGv ({0}) for helpers without result */
void tcg_gen_call(IRContext *s, TCGHelperFn fn, unsigned flags, TCGv ret, TCGv a, TCGv b, TCGv c,
                  TCGv d);
void tcg_gen_tb_start(IRContext *s, int ninsns);
void tcg_gen_goto_tb(IRContext *s, int slot);
void tcg_gen_exit_tb(IRContext *s, uintptr_t val);
void tcg_gen_lookup_goto(IRContext *s);

/* --- passes --- */
void tcg_optimize(IRContext *s);
struct OptTempInfo *tcg_optimize_alloc(void);
void tcg_liveness(IRContext *s);
/* Print the op list (-d op / op_opt). */
void tcg_dump_ops(IRContext *s, FILE *f);

#endif
