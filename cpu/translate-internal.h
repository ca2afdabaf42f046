/*
 * translate-internal.h - the translator's private vocabulary, shared by
 * translate.c (the loop, lazy flags, operands, stack, TB ends and the
 * everyday instructions) and translate-sys.c (the system instructions).
 * Nobody else includes it: the front end's contract is translate.h.
 *
 * Every gen_* emits IR for the instruction s->in at s->pc_start into
 * s->ir; guest state is written only after all that can fault (so the
 * search data restores a precise state), and an instruction that ends
 * the TB sets s->is_jmp.
 */
#ifndef PCEMU_TRANSLATE_INTERNAL_H
#define PCEMU_TRANSLATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/decode.h"
#include "cpu/helper.h"
#include "cpu/translate.h"
#include "tcg/ir.h"

typedef enum DisasJump {
    DISAS_NEXT,      /* go on with the next instruction */
    DISAS_TOO_MANY,  /* stop here, continue at s->pc (chainable) */
    DISAS_EOB,       /* stop here: state changed, return to the loop */
    DISAS_NORETURN,  /* the instruction already ended the TB */
} DisasJump;

#define DISAS_MAX_STUBS 128

typedef struct DisasFaultStub {
    TCGLabel *label;
    uint32_t eip;
    CCOp cc_op;
    int excp;
    int insn_idx;
} DisasFaultStub;

typedef struct DisasContext {
    CPUX86State *env;
    IRContext *ir;
    TranslationBlock *tb;
    X86Insn *in;
    uint32_t cs_base;
    uint32_t pc;       /* linear address of the next instruction */
    uint32_t pc_start; /* linear address of this instruction */
    uint32_t flags;
    bool code32, ss32, addseg, pe, vm86;
    int cpl, iopl;
    int mem_index;
    CCOp cc_op;
    bool cc_op_dirty;
    TCGv cc_srcT;    /* SUB/CMP's first operand, valid with srcT_ok */
    bool srcT_ok;
    DisasJump is_jmp;
    bool jmp_opt;    /* direct chaining allowed */
    bool no_cross;   /* fetching past pc_start's page is not allowed */
    bool crossed;    /* ... and was attempted */
    bool cslim;      /* HF_CSLIM_MASK: fetches and jumps checked against cs_limit */
    bool cs_over;    /* the instruction has a byte past cs_limit */
    uint32_t cs_limit;
    int insn_idx;    /* index of this instruction in the TB */
    int insn_start_op; /* its insn_start op in the IR buffer */
    /* out-of-line exception exits of the real-mode limit checks, emitted
     * after the TB's last instruction (gen_fault_stubs) */
    DisasFaultStub stubs[DISAS_MAX_STUBS];
    int nb_stubs;
} DisasContext;

/* --- the IR globals, created in this order by x86_translate_init --- */
enum {
    G_REGS = 1, G_EIP = G_REGS + 8, G_CC_DST, G_CC_SRC, G_CC_SRC2, G_CC_OP, G_EFLAGS, G_SEG_BASE,
    G_END = G_SEG_BASE + 6,
};

static inline TCGv gv(int idx)
{
    TCGv v = {(uint16_t)idx};
    return v;
}
static inline TCGv cpu_reg(int r)
{
    return gv(G_REGS + r);
}
#define cpu_eip     gv(G_EIP)
#define cpu_cc_dst  gv(G_CC_DST)
#define cpu_cc_src  gv(G_CC_SRC)
#define cpu_cc_src2 gv(G_CC_SRC2)
#define cpu_cc_op   gv(G_CC_OP)
#define cpu_eflags  gv(G_EFLAGS)
static inline TCGv cpu_seg_base(int seg)
{
    return gv(G_SEG_BASE + seg);
}
static const TCGv null_tcgv = {0};

/* short names for the builder */
static inline TCGv tmp(DisasContext *s)
{
    return tcg_temp_new(s->ir);
}
static inline TCGv cst(DisasContext *s, uint32_t v)
{
    return tcg_constant(s->ir, v);
}
static inline uint32_t cur_eip(DisasContext *s)
{
    return s->pc_start - s->cs_base;
}
/* EIP of the next instruction; in a 16-bit code segment IP wraps from
 * 0xFFFF to 0 (an instruction ending at 0xFFFF is followed by the one at
 * offset 0, as measured on hardware; one crossing 0xFFFF faults first). */
static inline uint32_t next_eip(DisasContext *s)
{
    return s->code32 ? s->pc - s->cs_base : (s->pc - s->cs_base) & 0xffff;
}

static inline void gen_helper(DisasContext *s, TCGHelperFn fn, unsigned flags, TCGv ret, TCGv a,
                              TCGv b, TCGv c, TCGv d)
{
    tcg_gen_call(s->ir, fn, flags, ret, a, b, c, d);
}
#define HCALL(s, name, ret, a, b, c, d) gen_helper(s, helper_##name, 0, ret, a, b, c, d)

static inline void set_cc_op(DisasContext *s, CCOp op)
{
    if (s->cc_op != op) {
        s->cc_op = op;
        s->cc_op_dirty = op != CC_OP_DYNAMIC;
    }
    s->srcT_ok = false;
}

typedef struct CCPrepare {
    TCGCond cond;
    TCGv a, b;
} CCPrepare;

/* An operand of the instruction: a register or a memory location. */
typedef struct Operand {
    bool is_mem;
    int reg;
    TCGv addr;
    MemOp ot;
    TCGv off; /* memory: offset in seg, for the protected-mode check */
    int seg;
} Operand;

static inline int insn_seg(const X86Insn *in, int def)
{
    return in->seg_override >= 0 ? in->seg_override : def;
}

static inline MemOp stack_ot(const X86Insn *in)
{
    return in->ot == MO_16 ? MO_16 : MO_32;
}

/* --- shared helpers (translate.c) --- */

/* lazy flags */
void gen_update_cc_op(DisasContext *s);
void gen_compute_eflags(DisasContext *s);
CCPrepare gen_prepare_cc(DisasContext *s, int b);

/* registers, memory and operands */
void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv t, int reg);
void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv t);
TCGv gen_lea_modrm(DisasContext *s, const X86Insn *in);
TCGv gen_lea_modrm_sized(DisasContext *s, const X86Insn *in, int size, int access);
void gen_ld(DisasContext *s, MemOp ot, TCGv t, TCGv addr);
Operand gen_operand(DisasContext *s, const X86Insn *in, int n);
void gen_load_operand(DisasContext *s, const Operand *o, TCGv t);
void gen_store_operand(DisasContext *s, const Operand *o, TCGv t);
TCGv gen_src(DisasContext *s, const X86Insn *in, int n, MemOp ot);

/* stack */
void gen_push_v(DisasContext *s, MemOp ot, TCGv val);
TCGv gen_pop_v(DisasContext *s, MemOp ot);
void gen_pop_update(DisasContext *s, MemOp ot);

/* ends of TBs */
void gen_tf_trap(DisasContext *s);
void gen_jmp_tb(DisasContext *s, uint32_t eip, int n);
void gen_eob(DisasContext *s);
void gen_exception(DisasContext *s, int excp, uint32_t err);
void gen_sync(DisasContext *s);

/* --- the system instructions (translate-sys.c): rows of gen_table --- */

void gen_string(DisasContext *s, X86Insn *in);
void gen_in(DisasContext *s, X86Insn *in);
void gen_out(DisasContext *s, X86Insn *in);
void gen_hlt(DisasContext *s, X86Insn *in);
void gen_cpuid(DisasContext *s, X86Insn *in);
void gen_rdtsc(DisasContext *s, X86Insn *in);
void gen_int(DisasContext *s, X86Insn *in);
void gen_iret(DisasContext *s, X86Insn *in);
void gen_lxdt(DisasContext *s, X86Insn *in);
void gen_sxdt(DisasContext *s, X86Insn *in);
void gen_mov_seg(DisasContext *s, X86Insn *in);
void gen_push_seg(DisasContext *s, X86Insn *in);
void gen_pop_seg(DisasContext *s, X86Insn *in);
void gen_ljmp(DisasContext *s, X86Insn *in);
void gen_lcall(DisasContext *s, X86Insn *in);
void gen_lret(DisasContext *s, X86Insn *in);
void gen_mov_cr(DisasContext *s, X86Insn *in);
void gen_mov_dr(DisasContext *s, X86Insn *in);
void gen_ud(DisasContext *s, X86Insn *in);
void gen_lxs(DisasContext *s, X86Insn *in);
void gen_bound(DisasContext *s, X86Insn *in);
void gen_bcd(DisasContext *s, X86Insn *in);
void gen_wait(DisasContext *s, X86Insn *in);
void gen_fpu(DisasContext *s, X86Insn *in);
void gen_smsw(DisasContext *s, X86Insn *in);
void gen_lmsw(DisasContext *s, X86Insn *in);
void gen_clts(DisasContext *s, X86Insn *in);
void gen_rdmsr(DisasContext *s, X86Insn *in);
void gen_wrmsr(DisasContext *s, X86Insn *in);
void gen_sysenter(DisasContext *s, X86Insn *in);
void gen_sysexit(DisasContext *s, X86Insn *in);
void gen_lldt_ltr(DisasContext *s, X86Insn *in);
void gen_sldt_str(DisasContext *s, X86Insn *in);
void gen_lar_lsl(DisasContext *s, X86Insn *in);
void gen_verr(DisasContext *s, X86Insn *in);
void gen_arpl(DisasContext *s, X86Insn *in);
void gen_invd(DisasContext *s, X86Insn *in);
void gen_invlpg(DisasContext *s, X86Insn *in);

#endif
