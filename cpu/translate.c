/*
 * translate.c - x86 -> IR, one guest instruction at a time (the
 * translator_loop of docs/architecture.md).
 *
 * The decoder (decode.c) fills an X86Insn from the opcode tables; the row's
 * gen kind selects a gen_* routine here, in ORDER X86_GEN. Guest state is
 * only written after everything that can fault has been done, so the
 * search data (eip and cc_op per instruction) is enough to restore a
 * precise state. Flags are lazy (cc.c): s->cc_op is what the translator
 * knows statically; it is written to env only at exits and before helpers
 * that read it. CMP/SUB/TEST followed by Jcc/SETcc/CMOVcc compile to one
 * compare (gen_prepare_cc).
 *
 * The system instructions (port I/O, interrupts, segments and far
 * transfers, descriptor tables, CR/DR/MSR...) are in translate-sys.c;
 * translate-internal.h is what the two files share.
 */
#include "cpu/translate.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "cpu/decode.h"
#include "cpu/helper.h"
#include "cpu/translate-internal.h"
#include "softmmu/tlb.h"
#include "tcg/ir.h"

void x86_translate_init(IRContext *ir)
{
    static const char *const names[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    static const char *const seg_names[6] = {"es_base", "cs_base", "ss_base",
                                             "ds_base", "fs_base", "gs_base"};
    for (int i = 0; i < 8; i++) {
        tcg_global_mem_new(ir, (uint32_t)offsetof(CPUX86State, regs[i]), names[i]);
    }
    tcg_global_mem_new(ir, offsetof(CPUX86State, eip), "eip");
    tcg_global_mem_new(ir, offsetof(CPUX86State, cc_dst), "cc_dst");
    tcg_global_mem_new(ir, offsetof(CPUX86State, cc_src), "cc_src");
    tcg_global_mem_new(ir, offsetof(CPUX86State, cc_src2), "cc_src2");
    tcg_global_mem_new(ir, offsetof(CPUX86State, cc_op), "cc_op");
    tcg_global_mem_new(ir, offsetof(CPUX86State, eflags), "eflags");
    for (int i = 0; i < 6; i++) {
        tcg_global_mem_new(ir, (uint32_t)offsetof(CPUX86State, seg_base[i]), seg_names[i]);
    }
    assert(ir->nb_globals == G_END);
}

/* --- lazy flags --- */

void gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty) {
        tcg_gen_movi(s->ir, cpu_cc_op, s->cc_op);
        s->cc_op_dirty = false;
    }
}

/* Fold the lazy state into cc_src (all six flags); cc_op becomes EFLAGS. */
void gen_compute_eflags(DisasContext *s)
{
    if (s->cc_op == CC_OP_EFLAGS) {
        return;
    }
    TCGv op = s->cc_op == CC_OP_DYNAMIC ? cpu_cc_op : cst(s, s->cc_op);
    gen_helper(s, helper_cc_compute_all, TCG_CALL_PURE, cpu_cc_src, cpu_cc_dst, cpu_cc_src,
               cpu_cc_src2, op);
    set_cc_op(s, CC_OP_EFLAGS);
}

static inline int cc_size(CCOp op)
{
    return (op - CC_OP_MULB) % 3;
}
static inline int cc_kind(CCOp op) /* CC_OP_MULB, ADDB, ... */
{
    return CC_OP_MULB + (op - CC_OP_MULB) / 3 * 3;
}

static void gen_ext(DisasContext *s, MemOp ot, TCGv ret, TCGv a, bool sign)
{
    tcg_gen_ext(s->ir, (MemOp)(ot | (sign && ot != MO_32 ? MO_SIGN : 0)), ret, a);
}

/* CF as 0/1. */
static TCGv gen_compute_c(DisasContext *s)
{
    TCGv t = tmp(s);
    if (s->cc_op >= CC_OP_MULB && s->cc_op < CC_OP_NB) {
        MemOp ot = (MemOp)cc_size(s->cc_op);
        switch (cc_kind(s->cc_op)) {
        case CC_OP_SUBB: {
            TCGv a = tmp(s), b = tmp(s);
            if (s->srcT_ok) {
                gen_ext(s, ot, a, s->cc_srcT, false);
            } else {
                tcg_gen_add(s->ir, a, cpu_cc_dst, cpu_cc_src);
                gen_ext(s, ot, a, a, false);
            }
            gen_ext(s, ot, b, cpu_cc_src, false);
            tcg_gen_setcond(s->ir, TCG_COND_LTU, t, a, b);
            return t;
        }
        case CC_OP_ADDB: {
            TCGv a = tmp(s), b = tmp(s);
            gen_ext(s, ot, a, cpu_cc_dst, false);
            gen_ext(s, ot, b, cpu_cc_src, false);
            tcg_gen_setcond(s->ir, TCG_COND_LTU, t, a, b);
            return t;
        }
        case CC_OP_LOGICB:
            tcg_gen_movi(s->ir, t, 0);
            return t;
        case CC_OP_INCB:
        case CC_OP_DECB:
            tcg_gen_mov(s->ir, t, cpu_cc_src);
            return t;
        default:
            break;
        }
    }
    gen_compute_eflags(s);
    tcg_gen_andi(s->ir, t, cpu_cc_src, CC_C);
    return t;
}

static CCPrepare cc_make(TCGCond c, TCGv a, TCGv b)
{
    CCPrepare p = {c, a, b};
    return p;
}

/* Fused compare for a known SUB/LOGIC state; false if not applicable. */
static bool prepare_cc_fast(DisasContext *s, int jcc, CCPrepare *p)
{
    if (s->cc_op < CC_OP_MULB || s->cc_op >= CC_OP_NB) {
        return false;
    }
    MemOp ot = (MemOp)cc_size(s->cc_op);
    int kind = cc_kind(s->cc_op);
    TCGv zero = cst(s, 0);
    if (kind == CC_OP_SUBB && jcc != 0 && jcc != 5) {
        TCGv a = tmp(s), b = tmp(s);
        bool sign = jcc == 6 || jcc == 7 || jcc == 4;
        if (jcc == 2 || jcc == 4) { /* Z, S: the result */
            gen_ext(s, ot, a, cpu_cc_dst, sign);
            *p = cc_make(jcc == 2 ? TCG_COND_EQ : TCG_COND_LT, a, zero);
            return true;
        }
        if (s->srcT_ok) {
            gen_ext(s, ot, a, s->cc_srcT, sign);
        } else {
            tcg_gen_add(s->ir, a, cpu_cc_dst, cpu_cc_src);
            gen_ext(s, ot, a, a, sign);
        }
        gen_ext(s, ot, b, cpu_cc_src, sign);
        static const TCGCond conds[8] = {0, TCG_COND_LTU, 0, TCG_COND_LEU, 0, 0,
                                         TCG_COND_LT, TCG_COND_LE};
        *p = cc_make(conds[jcc], a, b);
        return true;
    }
    if (kind == CC_OP_LOGICB && jcc != 5) {
        TCGv a = tmp(s);
        gen_ext(s, ot, a, cpu_cc_dst, true);
        switch (jcc) {
        case 0: /* O */
        case 1: /* B */
            *p = cc_make(TCG_COND_NEVER, zero, zero);
            return true;
        case 2: /* Z */
        case 3: /* BE */
            *p = cc_make(TCG_COND_EQ, a, zero);
            return true;
        case 4: /* S */
        case 6: /* L */
            *p = cc_make(TCG_COND_LT, a, zero);
            return true;
        case 7: /* LE */
            *p = cc_make(TCG_COND_LE, a, zero);
            return true;
        }
    }
    if ((jcc == 2 || jcc == 4) && kind != CC_OP_MULB) {
        TCGv a = tmp(s);
        gen_ext(s, ot, a, cpu_cc_dst, true);
        *p = cc_make(jcc == 2 ? TCG_COND_EQ : TCG_COND_LT, a, zero);
        return true;
    }
    return false;
}

/* Condition b (Jcc encoding 0-15) as a compare. */
CCPrepare gen_prepare_cc(DisasContext *s, int b)
{
    int jcc = b >> 1;
    CCPrepare p;
    if (!prepare_cc_fast(s, jcc, &p)) {
        gen_compute_eflags(s);
        TCGv f = cpu_cc_src;
        static const uint32_t masks[8] = {CC_O, CC_C, CC_Z, CC_C | CC_Z, CC_S, CC_P, 0, 0};
        if (jcc < 6) {
            p = cc_make(TCG_COND_TSTNE, f, cst(s, masks[jcc]));
        } else {
            TCGv t = tmp(s);
            tcg_gen_shri(s->ir, t, f, 4); /* OF (bit 11) onto SF (bit 7) */
            tcg_gen_xor(s->ir, t, t, f);
            tcg_gen_andi(s->ir, t, t, CC_S);
            if (jcc == 7) {
                TCGv z = tmp(s);
                tcg_gen_andi(s->ir, z, f, CC_Z);
                tcg_gen_or(s->ir, t, t, z);
            }
            p = cc_make(TCG_COND_NE, t, cst(s, 0));
        }
    }
    if (b & 1) {
        p.cond = tcg_invert_cond(p.cond);
    }
    return p;
}

static TCGv gen_setcc_val(DisasContext *s, int b)
{
    CCPrepare p = gen_prepare_cc(s, b);
    TCGv t = tmp(s);
    tcg_gen_setcond(s->ir, p.cond, t, p.a, p.b);
    return t;
}

/* --- registers and memory --- */

void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv t, int reg)
{
    if (ot == MO_8 && reg >= 4) {
        tcg_gen_extract(s->ir, t, cpu_reg(reg - 4), 8, 8);
    } else {
        gen_ext(s, ot, t, cpu_reg(reg), false);
    }
}

void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv t)
{
    switch (ot) {
    case MO_8:
        if (reg >= 4) {
            tcg_gen_deposit(s->ir, cpu_reg(reg - 4), cpu_reg(reg - 4), t, 8, 8);
        } else {
            tcg_gen_deposit(s->ir, cpu_reg(reg), cpu_reg(reg), t, 0, 8);
        }
        break;
    case MO_16:
        tcg_gen_deposit(s->ir, cpu_reg(reg), cpu_reg(reg), t, 0, 16);
        break;
    default:
        tcg_gen_mov(s->ir, cpu_reg(reg), t);
        break;
    }
}

/* Linear address of seg:offset (offset already sized by the address size). */
static TCGv gen_seg_addr(DisasContext *s, TCGv off, int seg)
{
    if (!s->addseg && seg < R_FS) {
        return off;
    }
    TCGv a = tmp(s);
    tcg_gen_add(s->ir, a, off, cpu_seg_base(seg));
    return a;
}

/* The exit that raises excp at the current instruction, taken from the
 * middle of the TB. NULL (with ir->overflow: the TB is retranslated
 * smaller) when there are too many. */
static TCGLabel *gen_fault_label(DisasContext *s, int excp)
{
    DisasFaultStub *st = s->nb_stubs ? &s->stubs[s->nb_stubs - 1] : NULL;
    if (st && st->insn_idx == s->insn_idx && st->excp == excp) {
        return st->label;
    }
    if (s->nb_stubs == DISAS_MAX_STUBS) {
        s->ir->overflow = true;
        return NULL;
    }
    st = &s->stubs[s->nb_stubs++];
    *st = (DisasFaultStub){gen_new_label(s->ir), cur_eip(s), s->cc_op, excp, s->insn_idx};
    return st->label;
}

/* The exits of gen_fault_label: cc_op and eip of the faulting
 * instruction, the budget of the instructions not run given back (as
 * cpu_restore_state does), then the exception. */
static void gen_fault_stubs(DisasContext *s, int num_insns)
{
    for (int i = 0; i < s->nb_stubs; i++) {
        const DisasFaultStub *st = &s->stubs[i];
        TCGv t = tmp(s);
        uint32_t decr = (uint32_t)offsetof(CPUX86State, icount_decr);
        gen_set_label(s->ir, st->label);
        if (st->cc_op != CC_OP_DYNAMIC) {
            tcg_gen_movi(s->ir, cpu_cc_op, st->cc_op);
        }
        tcg_gen_movi(s->ir, cpu_eip, st->eip);
        tcg_gen_ld_env(s->ir, t, decr, MO_32);
        tcg_gen_addi(s->ir, t, t, (uint32_t)(num_insns - st->insn_idx));
        tcg_gen_st_env(s->ir, t, decr, MO_32);
        HCALL(s, raise_exception, null_tcgv, cst(s, (uint32_t)st->excp), cst(s, 0), null_tcgv,
              null_tcgv);
        tcg_gen_exit_tb(s->ir, 0); /* not reached */
    }
}

/* The segment needs no protected-mode check (HF_FLAT*: proven when the
 * TB was built; CS always does). */
static bool seg_unchecked(const DisasContext *s, int seg)
{
    switch (seg) {
    case R_CS:
        return false;
    case R_FS:
        return (s->flags & HF_FLATFS_MASK) != 0;
    case R_GS:
        return (s->flags & HF_FLATGS_MASK) != 0;
    default:
        return (s->flags & HF_FLAT_MASK) != 0;
    }
}

/* Protected mode: limit and rights of an access (SEG_ACC_READ/WRITE) of
 * size bytes at offset off through seg, by helper, unless the segment is
 * proven flat. Flat code (the usual case) gets no check at all. */
static void gen_seg_check_pm(DisasContext *s, TCGv off, int seg, int size, int access)
{
    if (!s->pe || s->vm86 || seg_unchecked(s, seg)) {
        return;
    }
    HCALL(s, seg_check, null_tcgv, off,
          cst(s, (uint32_t)seg | (uint32_t)size << 4 | (uint32_t)access << 8), null_tcgv,
          null_tcgv);
}

/* access for a check done later, by gen_load_operand/gen_store_operand */
#define SEG_ACC_DEFER (-1)

/*
 * Real and V86 mode: size bytes at offset off must not run past the
 * segment limit, 0xFFFF (a word at 0xFFFF raises #GP, or #SS through SS;
 * SDM vol. 3, 20.1.3). A 16-bit offset (off16) is compared inline and
 * branches out of line to a fault exit, so EBB temps stay live; a 32-bit
 * one may be inside a big limit (big real mode), so the helper decides.
 * Protected mode: gen_seg_check_pm with access (none for SEG_ACC_DEFER).
 */
static void gen_seg_check(DisasContext *s, TCGv off, int seg, int size, bool off16, int access)
{
    if (s->pe && !s->vm86) {
        if (access != SEG_ACC_DEFER) {
            gen_seg_check_pm(s, off, seg, size, access);
        }
        return;
    }
    if (!off16) {
        HCALL(s, seg_check, null_tcgv, off, cst(s, (uint32_t)seg | (uint32_t)size << 4),
              null_tcgv, null_tcgv);
        return;
    }
    TCGLabel *l = gen_fault_label(s, seg == R_SS ? EXCP0C_STACK : EXCP0D_GPF);
    if (l) {
        gen_update_cc_op(s);
        tcg_gen_brcondi(s->ir, TCG_COND_GTU, off, 0x10000u - (uint32_t)size, l);
    }
}

/* Effective (offset) address of the ModRM memory operand. */
static TCGv gen_ea_offset(DisasContext *s, const X86Insn *in)
{
    TCGv a = tmp(s);
    if (in->base >= 0) {
        tcg_gen_addi(s->ir, a, cpu_reg(in->base), in->disp);
    } else {
        tcg_gen_movi(s->ir, a, in->disp);
    }
    if (in->index >= 0) {
        TCGv t = tmp(s);
        tcg_gen_shli(s->ir, t, cpu_reg(in->index), in->scale);
        tcg_gen_add(s->ir, a, a, t);
    }
    if (in->aflag == MO_16) {
        tcg_gen_ext16u(s->ir, a, a);
    }
    return a;
}

TCGv gen_lea_modrm(DisasContext *s, const X86Insn *in)
{
    return gen_seg_addr(s, gen_ea_offset(s, in), insn_seg(in, in->default_seg));
}

/* The same for an access of size bytes, checked against the limit (and
 * in protected mode the rights for access; *offp: the offset, or NULL). */
static TCGv gen_lea_modrm_chk(DisasContext *s, const X86Insn *in, int size, int access,
                              TCGv *offp)
{
    int seg = insn_seg(in, in->default_seg);
    TCGv off = gen_ea_offset(s, in);
    gen_seg_check(s, off, seg, size, in->aflag == MO_16, access);
    if (offp) {
        *offp = off;
    }
    return gen_seg_addr(s, off, seg);
}

TCGv gen_lea_modrm_sized(DisasContext *s, const X86Insn *in, int size, int access)
{
    return gen_lea_modrm_chk(s, in, size, access, NULL);
}

/* HF_AC_MASK (CPL 3, CR0.AM, EFLAGS.AC): a word or dword access at a
 * linear address that is not a multiple of its size raises #AC(0) (SDM
 * vol. 3, 6.15, interrupt 17). TBs built without the bit emit nothing. */
static void gen_align_check(DisasContext *s, MemOp ot, TCGv addr)
{
    if (!(s->flags & HF_AC_MASK) || (ot & MO_SIZE) == MO_8) {
        return;
    }
    TCGLabel *l = gen_fault_label(s, EXCP11_ALGN);
    if (l) {
        TCGv t = tmp(s);
        tcg_gen_andi(s->ir, t, addr, (1u << (ot & MO_SIZE)) - 1);
        gen_update_cc_op(s);
        tcg_gen_brcondi(s->ir, TCG_COND_NE, t, 0, l);
    }
}

void gen_ld(DisasContext *s, MemOp ot, TCGv t, TCGv addr)
{
    gen_align_check(s, ot, addr);
    tcg_gen_qemu_ld(s->ir, t, addr, ot, s->mem_index);
}

static void gen_st(DisasContext *s, MemOp ot, TCGv t, TCGv addr)
{
    gen_align_check(s, ot, addr);
    tcg_gen_qemu_st(s->ir, t, addr, ot, s->mem_index);
}

Operand gen_operand(DisasContext *s, const X86Insn *in, int n)
{
    Operand o = {false, 0, null_tcgv, (MemOp)x86_opnd_size(in, n), null_tcgv, R_DS};
    switch (in->e->opnd[n]) {
    case OP_Eb: case OP_Ew: case OP_Ev: case OP_Ed: case OP_M:
        if (in->mod == 3) {
            o.reg = in->rm;
        } else {
            o.is_mem = true;
            o.seg = insn_seg(in, in->default_seg);
            o.addr = gen_lea_modrm_chk(s, in, in->e->opnd[n] == OP_M ? 1 : 1 << o.ot,
                                       SEG_ACC_DEFER, &o.off);
        }
        break;
    case OP_Gb: case OP_Gw: case OP_Gv: case OP_Gd:
        o.reg = in->reg;
        break;
    case OP_Zb: case OP_Zv:
        o.reg = in->opcode & 7;
        break;
    case OP_Ob: case OP_Ov: {
        TCGv off = tmp(s);
        tcg_gen_movi(s->ir, off, in->aflag == MO_16 ? in->disp & 0xffff : in->disp);
        o.is_mem = true;
        o.seg = insn_seg(in, R_DS);
        o.off = off;
        gen_seg_check(s, off, o.seg, 1 << o.ot, in->aflag == MO_16, SEG_ACC_DEFER);
        o.addr = gen_seg_addr(s, off, o.seg);
        break;
    }
    case OP_CL:
        o.reg = R_ECX;
        break;
    case OP_DX:
        o.reg = R_EDX;
        break;
    default: /* AL, eAX */
        o.reg = R_EAX;
        break;
    }
    return o;
}

void gen_load_operand(DisasContext *s, const Operand *o, TCGv t)
{
    if (o->is_mem) {
        gen_seg_check_pm(s, o->off, o->seg, 1 << o->ot, SEG_ACC_READ);
        gen_ld(s, o->ot, t, o->addr);
    } else {
        gen_op_mov_v_reg(s, o->ot, t, o->reg);
    }
}

void gen_store_operand(DisasContext *s, const Operand *o, TCGv t)
{
    if (o->is_mem) {
        gen_seg_check_pm(s, o->off, o->seg, 1 << o->ot, SEG_ACC_WRITE);
        gen_st(s, o->ot, t, o->addr);
    } else {
        gen_op_mov_reg_v(s, o->ot, o->reg, t);
    }
}

/* Source operand n: an immediate or a register/memory value. */
TCGv gen_src(DisasContext *s, const X86Insn *in, int n, MemOp ot)
{
    TCGv t = tmp(s);
    switch (in->e->opnd[n]) {
    case OP_Ib: case OP_Iw: case OP_Iz:
        tcg_gen_movi(s->ir, t, n == 2 && in->e->opnd[1] >= OP_Ib && in->e->opnd[1] <= OP_Iz
                                 ? in->imm2 : in->imm);
        break;
    case OP_Ibs:
        tcg_gen_movi(s->ir, t, in->imm);
        break;
    case OP_ONE:
        tcg_gen_movi(s->ir, t, 1);
        break;
    default: {
        Operand o = gen_operand(s, in, n);
        o.ot = (MemOp)(o.ot == MO_32 && ot != MO_32 ? ot : o.ot);
        gen_load_operand(s, &o, t);
        break;
    }
    }
    (void)ot;
    return t;
}

/* --- stack --- */

/* Linear address of SS:esp_off for an access of size bytes. */
static TCGv gen_stack_addr(DisasContext *s, TCGv esp_off, int size, int access)
{
    TCGv off = esp_off;
    if (!s->ss32) {
        off = tmp(s);
        tcg_gen_ext16u(s->ir, off, esp_off);
    }
    gen_seg_check(s, off, R_SS, size, !s->ss32, access);
    return gen_seg_addr(s, off, R_SS);
}

static void gen_update_esp(DisasContext *s, TCGv new_esp)
{
    if (s->ss32) {
        tcg_gen_mov(s->ir, cpu_reg(R_ESP), new_esp);
    } else {
        tcg_gen_deposit(s->ir, cpu_reg(R_ESP), cpu_reg(R_ESP), new_esp, 0, 16);
    }
}

/* Push val (size ot): store first, then ESP, so a fault leaves ESP alone. */
void gen_push_v(DisasContext *s, MemOp ot, TCGv val)
{
    TCGv nesp = tmp(s);
    tcg_gen_subi(s->ir, nesp, cpu_reg(R_ESP), ot == MO_32 ? 4 : 2);
    gen_st(s, ot, val, gen_stack_addr(s, nesp, 1 << ot, SEG_ACC_WRITE));
    gen_update_esp(s, nesp);
}

/* Load the top of stack; the caller updates ESP with gen_pop_update. */
TCGv gen_pop_v(DisasContext *s, MemOp ot)
{
    TCGv t = tmp(s);
    gen_ld(s, ot, t, gen_stack_addr(s, cpu_reg(R_ESP), 1 << ot, SEG_ACC_READ));
    return t;
}

void gen_pop_update(DisasContext *s, MemOp ot)
{
    TCGv nesp = tmp(s);
    tcg_gen_addi(s->ir, nesp, cpu_reg(R_ESP), ot == MO_32 ? 4 : 2);
    gen_update_esp(s, nesp);
}

/* --- ends of TBs --- */

/* A direct link to the next TB: it must be on a page of this TB, and the
 * cc_op this exit leaves must be known here, since it is part of the next
 * TB's key (x86_tb_flags): a helper-set (dynamic) cc_op may differ from
 * one run to the next, so such an exit looks the TB up instead. */
static bool use_goto_tb(DisasContext *s, uint32_t pc)
{
    return s->jmp_opt && s->cc_op != CC_OP_DYNAMIC &&
           ((pc & TARGET_PAGE_MASK) == (s->tb->pc & TARGET_PAGE_MASK) ||
            (pc & TARGET_PAGE_MASK) == (s->pc_start & TARGET_PAGE_MASK));
}

/* TF was set when this (one-instruction) TB was built: #DB trap now,
 * with eip already at the next instruction (helper_misc.c). */
void gen_tf_trap(DisasContext *s)
{
    if (s->flags & HF_TF_MASK) {
        HCALL(s, single_step, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
    }
}

/* End the TB: continue at env's eip through the jump cache when chaining
 * is allowed, else back to the loop. */
static void gen_lookup_or_exit(DisasContext *s)
{
    if (s->jmp_opt) {
        tcg_gen_lookup_goto(s->ir);
    } else {
        tcg_gen_exit_tb(s->ir, 0);
    }
    s->is_jmp = DISAS_NORETURN;
}

/* Jump to eip within CS through exit slot n. */
void gen_jmp_tb(DisasContext *s, uint32_t eip, int n)
{
    uint32_t pc = s->cs_base + eip;
    gen_update_cc_op(s);
    tcg_gen_movi(s->ir, cpu_eip, eip);
    gen_tf_trap(s);
    if (use_goto_tb(s, pc)) {
        tcg_gen_goto_tb(s->ir, n);
        tcg_gen_exit_tb(s->ir, (uintptr_t)s->tb | (uintptr_t)n);
        s->is_jmp = DISAS_NORETURN;
    } else {
        gen_lookup_or_exit(s);
    }
}

/* EIP is already in cpu_eip: continue by lookup (indirect jumps, RET). */
static void gen_jr(DisasContext *s)
{
    gen_update_cc_op(s);
    gen_tf_trap(s);
    gen_lookup_or_exit(s);
}

/* Back to the loop with eip = next instruction (state changed). */
void gen_eob(DisasContext *s)
{
    gen_update_cc_op(s);
    tcg_gen_movi(s->ir, cpu_eip, next_eip(s));
    gen_tf_trap(s);
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_exception(DisasContext *s, int excp, uint32_t err)
{
    gen_update_cc_op(s);
    tcg_gen_movi(s->ir, cpu_eip, cur_eip(s));
    HCALL(s, raise_exception, null_tcgv, cst(s, (uint32_t)excp), cst(s, err), null_tcgv,
          null_tcgv);
    tcg_gen_exit_tb(s->ir, 0); /* not reached */
    s->is_jmp = DISAS_NORETURN;
}

/* Before a helper that may fault or read guest state. */
void gen_sync(DisasContext *s)
{
    gen_update_cc_op(s);
    tcg_gen_movi(s->ir, cpu_eip, cur_eip(s));
}

typedef void (*GenFn)(DisasContext *s, X86Insn *in);

/* --- instruction families --- */

static void gen_invalid(DisasContext *s, X86Insn *in)
{
    log_mask(s->env->log, LOG_UNIMP, "unimplemented or invalid opcode %03x at %08x\n",
             in->opcode, s->pc_start);
    gen_exception(s, EXCP06_ILLOP, 0);
}

enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP };

/* dst = a op b with flags; returns the result (not stored). */
static TCGv gen_alu_op(DisasContext *s, int op, MemOp ot, TCGv a, TCGv b)
{
    TCGv r = tmp(s);
    switch (op) {
    case OP_ADD:
        tcg_gen_add(s->ir, r, a, b);
        tcg_gen_mov(s->ir, cpu_cc_src, b);
        set_cc_op(s, (CCOp)(CC_OP_ADDB + ot));
        break;
    case OP_ADC:
    case OP_SBB: {
        TCGv c = gen_compute_c(s);
        if (op == OP_ADC) {
            tcg_gen_add(s->ir, r, a, b);
            tcg_gen_add(s->ir, r, r, c);
        } else {
            tcg_gen_sub(s->ir, r, a, b);
            tcg_gen_sub(s->ir, r, r, c);
        }
        tcg_gen_mov(s->ir, cpu_cc_src, b);
        tcg_gen_mov(s->ir, cpu_cc_src2, c);
        set_cc_op(s, (CCOp)((op == OP_ADC ? CC_OP_ADCB : CC_OP_SBBB) + ot));
        break;
    }
    case OP_SUB:
    case OP_CMP:
        tcg_gen_sub(s->ir, r, a, b);
        tcg_gen_mov(s->ir, cpu_cc_src, b);
        set_cc_op(s, (CCOp)(CC_OP_SUBB + ot));
        s->cc_srcT = tcg_temp_local_new(s->ir);
        tcg_gen_mov(s->ir, s->cc_srcT, a);
        s->srcT_ok = true;
        break;
    default:
        tcg_gen_op2(s->ir, op == OP_AND ? INDEX_op_and : op == OP_OR ? INDEX_op_or : INDEX_op_xor,
                    r, a, b);
        set_cc_op(s, (CCOp)(CC_OP_LOGICB + ot));
        break;
    }
    tcg_gen_mov(s->ir, cpu_cc_dst, r);
    return r;
}

static void gen_alu(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    int op = in->e->arg;
    Operand d = gen_operand(s, in, 0);
    TCGv a = tmp(s);
    TCGv b = gen_src(s, in, 1, ot);
    gen_load_operand(s, &d, a);
    TCGv r = gen_alu_op(s, op, ot, a, b);
    if (op != OP_CMP) {
        gen_store_operand(s, &d, r);
    }
}

static void gen_test(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    Operand d = gen_operand(s, in, 0);
    TCGv a = tmp(s);
    gen_load_operand(s, &d, a);
    TCGv b = gen_src(s, in, 1, ot);
    gen_alu_op(s, OP_AND, ot, a, b);
}

static void gen_incdec(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    Operand d = gen_operand(s, in, 0);
    TCGv a = tmp(s);
    gen_load_operand(s, &d, a);
    TCGv c = gen_compute_c(s);
    TCGv r = tmp(s);
    tcg_gen_addi(s->ir, r, a, in->e->arg ? (uint32_t)-1 : 1);
    gen_store_operand(s, &d, r);
    tcg_gen_mov(s->ir, cpu_cc_src, c);
    tcg_gen_mov(s->ir, cpu_cc_dst, r);
    set_cc_op(s, (CCOp)((in->e->arg ? CC_OP_DECB : CC_OP_INCB) + ot));
}

static void gen_not_neg(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    Operand d = gen_operand(s, in, 0);
    TCGv a = tmp(s), r = tmp(s);
    gen_load_operand(s, &d, a);
    if (in->e->arg == 0) {
        tcg_gen_not(s->ir, r, a);
        gen_store_operand(s, &d, r);
        return;
    }
    TCGv zero = tmp(s);
    tcg_gen_movi(s->ir, zero, 0);
    r = gen_alu_op(s, OP_SUB, ot, zero, a);
    gen_store_operand(s, &d, r);
}

static void gen_mul_div(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    int op = in->e->arg;
    Operand d = gen_operand(s, in, 0);
    TCGv src = tmp(s);
    gen_load_operand(s, &d, src);
    if (op >= 6) {
        gen_sync(s);
        HCALL(s, div, null_tcgv, src, cst(s, ot | (op == 7 ? MO_SIGN : 0)), null_tcgv, null_tcgv);
        return;
    }
    bool sign = op == 5;
    TCGv a = tmp(s), lo = tmp(s), hi = tmp(s);
    if (ot == MO_32) {
        if (sign) {
            tcg_gen_muls2(s->ir, lo, hi, cpu_reg(R_EAX), src);
            TCGv t = tmp(s);
            tcg_gen_sari(s->ir, t, lo, 31);
            tcg_gen_sub(s->ir, cpu_cc_src, hi, t);
        } else {
            tcg_gen_mulu2(s->ir, lo, hi, cpu_reg(R_EAX), src);
            tcg_gen_mov(s->ir, cpu_cc_src, hi);
        }
        tcg_gen_mov(s->ir, cpu_reg(R_EAX), lo);
        tcg_gen_mov(s->ir, cpu_reg(R_EDX), hi);
        tcg_gen_mov(s->ir, cpu_cc_dst, lo);
    } else {
        gen_op_mov_v_reg(s, ot, a, R_EAX);
        if (sign) {
            gen_ext(s, ot, a, a, true);
            gen_ext(s, ot, src, src, true);
        }
        tcg_gen_mul(s->ir, lo, a, src);
        TCGv t = tmp(s);
        if (sign) {
            gen_ext(s, ot, t, lo, true);
            tcg_gen_sub(s->ir, cpu_cc_src, lo, t);
        } else {
            tcg_gen_shri(s->ir, cpu_cc_src, lo, ot == MO_8 ? 8 : 16);
        }
        if (ot == MO_8) {
            gen_op_mov_reg_v(s, MO_16, R_EAX, lo);
        } else {
            gen_op_mov_reg_v(s, MO_16, R_EAX, lo);
            tcg_gen_shri(s->ir, hi, lo, 16);
            gen_op_mov_reg_v(s, MO_16, R_EDX, hi);
        }
        tcg_gen_mov(s->ir, cpu_cc_dst, lo);
    }
    set_cc_op(s, (CCOp)(CC_OP_MULB + ot));
}

/* IMUL r, r/m, imm and IMUL r, r/m: truncated product, CF=OF=overflow. */
static void gen_imul_common(DisasContext *s, X86Insn *in, TCGv a, TCGv b)
{
    MemOp ot = (MemOp)in->ot;
    TCGv lo = tmp(s), hi = tmp(s), t = tmp(s);
    if (ot == MO_32) {
        tcg_gen_muls2(s->ir, lo, hi, a, b);
        tcg_gen_sari(s->ir, t, lo, 31);
        tcg_gen_sub(s->ir, cpu_cc_src, hi, t);
    } else {
        gen_ext(s, ot, a, a, true);
        gen_ext(s, ot, b, b, true);
        tcg_gen_mul(s->ir, lo, a, b);
        gen_ext(s, ot, t, lo, true);
        tcg_gen_sub(s->ir, cpu_cc_src, lo, t);
    }
    tcg_gen_mov(s->ir, cpu_cc_dst, lo);
    gen_op_mov_reg_v(s, ot, in->reg, lo);
    set_cc_op(s, (CCOp)(CC_OP_MULB + ot));
}

static void gen_imul3(DisasContext *s, X86Insn *in)
{
    TCGv a = gen_src(s, in, 1, (MemOp)in->ot);
    TCGv b = tmp(s);
    tcg_gen_movi(s->ir, b, in->imm);
    gen_imul_common(s, in, a, b);
}

static void gen_imul2(DisasContext *s, X86Insn *in)
{
    TCGv b = gen_src(s, in, 1, (MemOp)in->ot);
    TCGv a = tmp(s);
    gen_op_mov_v_reg(s, (MemOp)in->ot, a, in->reg);
    gen_imul_common(s, in, a, b);
}

static void gen_mov(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    Operand d = gen_operand(s, in, 0);
    TCGv v = gen_src(s, in, 1, ot);
    gen_store_operand(s, &d, v);
}

static void gen_movx(DisasContext *s, X86Insn *in)
{
    MemOp sot = (MemOp)x86_opnd_size(in, 1);
    Operand src = gen_operand(s, in, 1);
    src.ot = sot;
    TCGv v = tmp(s);
    gen_load_operand(s, &src, v);
    gen_ext(s, sot, v, v, in->e->arg == 1);
    gen_op_mov_reg_v(s, (MemOp)in->ot, in->reg, v);
}

static void gen_lea(DisasContext *s, X86Insn *in)
{
    if (in->mod == 3) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv a = gen_ea_offset(s, in);
    gen_op_mov_reg_v(s, (MemOp)in->ot, in->reg, a);
}

static void gen_xchg(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    Operand a = gen_operand(s, in, 0), b = gen_operand(s, in, 1);
    TCGv va = tmp(s), vb = tmp(s);
    gen_load_operand(s, &a, va);
    gen_load_operand(s, &b, vb);
    if (a.is_mem) {
        gen_store_operand(s, &a, vb); /* the memory write can fault: first */
        gen_op_mov_reg_v(s, ot, b.reg, va);
    } else {
        gen_op_mov_reg_v(s, ot, a.reg, vb);
        gen_store_operand(s, &b, va);
    }
}

static void gen_nop(DisasContext *s, X86Insn *in)
{
    (void)s;
    (void)in;
}

static void gen_push(DisasContext *s, X86Insn *in)
{
    MemOp ot = stack_ot(in);
    TCGv v = tmp(s);
    uint8_t k = in->e->opnd[0];
    if (k == OP_Iz || k == OP_Ibs) {
        tcg_gen_movi(s->ir, v, in->imm);
    } else {
        Operand o = gen_operand(s, in, 0);
        o.ot = ot;
        gen_load_operand(s, &o, v);
    }
    gen_push_v(s, ot, v);
}

static void gen_pop(DisasContext *s, X86Insn *in)
{
    MemOp ot = stack_ot(in);
    TCGv v = gen_pop_v(s, ot);
    if (in->e->opnd[0] == OP_Ev && in->mod != 3) {
        /* pop to memory: the address uses ESP after the pop (SDM POP) */
        TCGv saved = tmp(s), nesp = tmp(s);
        tcg_gen_mov(s->ir, saved, cpu_reg(R_ESP));
        tcg_gen_addi(s->ir, nesp, cpu_reg(R_ESP), ot == MO_32 ? 4 : 2);
        gen_update_esp(s, nesp);
        Operand o = gen_operand(s, in, 0);
        tcg_gen_mov(s->ir, cpu_reg(R_ESP), saved); /* back, in case the store faults */
        o.ot = ot;
        gen_store_operand(s, &o, v);
        gen_update_esp(s, nesp);
        return;
    }
    int reg = in->e->opnd[0] == OP_Zv ? (in->opcode & 7) : in->rm;
    gen_pop_update(s, ot);
    gen_op_mov_reg_v(s, ot, reg, v);
}

static void gen_pusha(DisasContext *s, X86Insn *in)
{
    MemOp ot = stack_ot(in);
    int sz = ot == MO_32 ? 4 : 2;
    TCGv esp = tmp(s);
    tcg_gen_mov(s->ir, esp, cpu_reg(R_ESP));
    for (int i = 0; i < 8; i++) {
        TCGv off = tmp(s);
        tcg_gen_subi(s->ir, off, esp, (uint32_t)(sz * (i + 1)));
        TCGv v = tmp(s);
        gen_op_mov_v_reg(s, ot, v, i == 4 ? R_ESP : i);
        if (i == 4) {
            tcg_gen_mov(s->ir, v, esp);
        }
        gen_st(s, ot, v, gen_stack_addr(s, off, 1 << ot, SEG_ACC_WRITE));
    }
    TCGv nesp = tmp(s);
    tcg_gen_subi(s->ir, nesp, esp, (uint32_t)(8 * sz));
    gen_update_esp(s, nesp);
}

static void gen_popa(DisasContext *s, X86Insn *in)
{
    MemOp ot = stack_ot(in);
    int sz = ot == MO_32 ? 4 : 2;
    TCGv vals[8];
    for (int i = 0; i < 8; i++) {
        TCGv off = tmp(s);
        tcg_gen_addi(s->ir, off, cpu_reg(R_ESP), (uint32_t)(sz * i));
        vals[i] = tcg_temp_local_new(s->ir);
        gen_ld(s, ot, vals[i], gen_stack_addr(s, off, 1 << ot, SEG_ACC_READ));
    }
    for (int i = 0; i < 8; i++) {
        if (7 - i != R_ESP) {
            gen_op_mov_reg_v(s, ot, 7 - i, vals[i]);
        }
    }
    TCGv nesp = tmp(s);
    tcg_gen_addi(s->ir, nesp, cpu_reg(R_ESP), (uint32_t)(8 * sz));
    gen_update_esp(s, nesp);
}

static bool gen_iopl_check(DisasContext *s)
{
    if (s->pe && (s->vm86 ? s->iopl < 3 : s->cpl > s->iopl)) {
        gen_exception(s, EXCP0D_GPF, 0);
        return false;
    }
    return true;
}

static void gen_pushf(DisasContext *s, X86Insn *in)
{
    if (s->vm86 && s->iopl < 3) {
        gen_exception(s, EXCP0D_GPF, 0);
        return;
    }
    gen_sync(s);
    TCGv v = tmp(s);
    HCALL(s, read_eflags, v, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
    tcg_gen_andi(s->ir, v, v, ~(VM_MASK | RF_MASK));
    gen_push_v(s, stack_ot(in), v);
}

static void gen_popf(DisasContext *s, X86Insn *in)
{
    if (s->vm86 && s->iopl < 3) {
        gen_exception(s, EXCP0D_GPF, 0);
        return;
    }
    MemOp ot = stack_ot(in);
    TCGv v = gen_pop_v(s, ot);
    gen_sync(s);
    HCALL(s, write_eflags, null_tcgv, v, cst(s, ot), null_tcgv, null_tcgv);
    gen_pop_update(s, ot);
    set_cc_op(s, CC_OP_EFLAGS);
    s->cc_op_dirty = false; /* the helper wrote env->cc_op */
    gen_eob(s);
}

static void gen_shift(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    int op = in->e->arg == 6 ? 4 : in->e->arg;
    int bits = 8 << ot;
    Operand d = gen_operand(s, in, 0);
    TCGv v = tmp(s);
    gen_load_operand(s, &d, v);
    uint8_t k = in->e->opnd[1];
    int count = k == OP_ONE ? 1 : k == OP_Ib ? (int)(in->imm & 31) : -1;
    if (count == 0) {
        gen_store_operand(s, &d, v); /* the write still happens (and may fault) */
        return;
    }
    if (count < 0 || op < 4 || count >= bits) {
        TCGv cnt = tmp(s);
        if (count < 0) {
            gen_op_mov_v_reg(s, MO_8, cnt, R_ECX);
        } else {
            tcg_gen_movi(s->ir, cnt, (uint32_t)count);
        }
        gen_compute_eflags(s);
        TCGv r = tmp(s);
        HCALL(s, shift_cl, r, v, cnt, cst(s, (uint32_t)(op | ot << 3)), null_tcgv);
        gen_store_operand(s, &d, r);
        set_cc_op(s, CC_OP_EFLAGS);
        return;
    }
    TCGv t = tmp(s), r = tmp(s);
    if (op == 4) {
        tcg_gen_shli(s->ir, t, v, (uint32_t)count - 1);
        tcg_gen_shli(s->ir, r, v, (uint32_t)count);
    } else {
        gen_ext(s, ot, v, v, op == 7);
        IROpcode o = op == 7 ? INDEX_op_sar : INDEX_op_shr;
        tcg_gen_op2i(s->ir, o, t, v, (uint32_t)count - 1);
        tcg_gen_op2i(s->ir, o, r, v, (uint32_t)count);
    }
    gen_store_operand(s, &d, r);
    tcg_gen_mov(s->ir, cpu_cc_src, t);
    tcg_gen_mov(s->ir, cpu_cc_dst, r);
    set_cc_op(s, (CCOp)((op == 4 ? CC_OP_SHLB : CC_OP_SARB) + ot));
}

static void gen_shiftd(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    Operand d = gen_operand(s, in, 0);
    TCGv v = tmp(s), src = tmp(s), cnt = tmp(s), r = tmp(s);
    gen_load_operand(s, &d, v);
    gen_op_mov_v_reg(s, ot, src, in->reg);
    if (in->e->opnd[2] == OP_CL) {
        gen_op_mov_v_reg(s, MO_8, cnt, R_ECX);
    } else {
        tcg_gen_movi(s->ir, cnt, in->imm);
    }
    gen_compute_eflags(s);
    HCALL(s, shiftd, r, v, src, cnt, cst(s, (uint32_t)(in->e->arg | ot << 1)));
    gen_store_operand(s, &d, r);
    set_cc_op(s, CC_OP_EFLAGS);
}

static uint32_t mask_eip(DisasContext *s, const X86Insn *in, uint32_t eip)
{
    (void)s;
    return in->ot == MO_16 ? (eip & 0xffff) : eip;
}

/* A direct jump to eip beyond the CS limit: #GP(0) at the jump (SDM JMP,
 * Jcc, CALL, LOOP: "IF tempEIP is not within code segment limit"). True
 * if the exception was emitted. */
static bool gen_target_fault(DisasContext *s, uint32_t eip)
{
    if (s->cslim && eip > s->cs_limit) {
        gen_exception(s, EXCP0D_GPF, 0);
        return true;
    }
    return false;
}

/* The same for a target computed at run time (RET, JMP/CALL r/m) of
 * size ot: none for a 16-bit target when the limit covers 64 KiB (real
 * and V86 mode). */
static void gen_target_check(DisasContext *s, TCGv eip, MemOp ot)
{
    if (!s->cslim || ((ot & MO_SIZE) == MO_16 && s->cs_limit >= 0xffff)) {
        return;
    }
    TCGLabel *l = gen_fault_label(s, EXCP0D_GPF);
    if (l) {
        gen_update_cc_op(s);
        tcg_gen_brcondi(s->ir, TCG_COND_GTU, eip, s->cs_limit, l);
    }
}

static void gen_jmp(DisasContext *s, X86Insn *in)
{
    uint32_t target = mask_eip(s, in, next_eip(s) + in->imm);
    if (!gen_target_fault(s, target)) {
        gen_jmp_tb(s, target, 0);
    }
}

static void gen_jcc(DisasContext *s, X86Insn *in)
{
    uint32_t target = mask_eip(s, in, next_eip(s) + in->imm);
    CCPrepare p = gen_prepare_cc(s, in->e->arg);
    TCGLabel *l = gen_new_label(s->ir);
    gen_update_cc_op(s);
    tcg_gen_brcond(s->ir, p.cond, p.a, p.b, l);
    gen_jmp_tb(s, next_eip(s), 1);
    gen_set_label(s->ir, l);
    if (!gen_target_fault(s, target)) {
        gen_jmp_tb(s, target, 0);
    }
}

static void gen_call(DisasContext *s, X86Insn *in)
{
    uint32_t target = mask_eip(s, in, next_eip(s) + in->imm);
    if (gen_target_fault(s, target)) {
        return;
    }
    TCGv ret = tmp(s);
    tcg_gen_movi(s->ir, ret, next_eip(s));
    gen_push_v(s, stack_ot(in), ret);
    gen_jmp_tb(s, target, 0);
}

static void gen_ret(DisasContext *s, X86Insn *in)
{
    MemOp ot = stack_ot(in);
    TCGv v = gen_pop_v(s, ot);
    gen_target_check(s, v, ot);
    TCGv nesp = tmp(s);
    tcg_gen_addi(s->ir, nesp, cpu_reg(R_ESP), (ot == MO_32 ? 4 : 2) + (in->e->arg ? in->imm : 0));
    gen_update_esp(s, nesp);
    tcg_gen_mov(s->ir, cpu_eip, v);
    gen_jr(s);
}

static void gen_jmp_ind(DisasContext *s, X86Insn *in)
{
    TCGv v = gen_src(s, in, 0, (MemOp)in->ot);
    TCGv target = tmp(s);
    gen_ext(s, (MemOp)in->ot, target, v, false);
    gen_target_check(s, target, (MemOp)in->ot);
    tcg_gen_mov(s->ir, cpu_eip, target);
    gen_jr(s);
}

static void gen_call_ind(DisasContext *s, X86Insn *in)
{
    TCGv v = gen_src(s, in, 0, (MemOp)in->ot);
    TCGv target = tcg_temp_local_new(s->ir);
    gen_ext(s, (MemOp)in->ot, target, v, false);
    gen_target_check(s, target, (MemOp)in->ot);
    TCGv ret = tmp(s);
    tcg_gen_movi(s->ir, ret, next_eip(s));
    gen_push_v(s, stack_ot(in), ret);
    tcg_gen_mov(s->ir, cpu_eip, target);
    gen_jr(s);
}

static void gen_setcc(DisasContext *s, X86Insn *in)
{
    Operand d = gen_operand(s, in, 0);
    TCGv v = gen_setcc_val(s, in->e->arg);
    gen_store_operand(s, &d, v);
}

static void gen_cmovcc(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    TCGv src = gen_src(s, in, 1, ot);
    TCGv old = tmp(s), r = tmp(s);
    gen_op_mov_v_reg(s, ot, old, in->reg);
    CCPrepare p = gen_prepare_cc(s, in->e->arg);
    tcg_gen_movcond(s->ir, p.cond, r, p.a, p.b, src, old);
    gen_op_mov_reg_v(s, ot, in->reg, r);
}

static void gen_cbw(DisasContext *s, X86Insn *in)
{
    TCGv t = tmp(s);
    if (in->ot == MO_32) {
        tcg_gen_ext16s(s->ir, cpu_reg(R_EAX), cpu_reg(R_EAX));
    } else {
        tcg_gen_ext8s(s->ir, t, cpu_reg(R_EAX));
        gen_op_mov_reg_v(s, MO_16, R_EAX, t);
    }
}

static void gen_cwd(DisasContext *s, X86Insn *in)
{
    TCGv t = tmp(s);
    if (in->ot == MO_32) {
        tcg_gen_sari(s->ir, cpu_reg(R_EDX), cpu_reg(R_EAX), 31);
    } else {
        tcg_gen_ext16s(s->ir, t, cpu_reg(R_EAX));
        tcg_gen_sari(s->ir, t, t, 15);
        gen_op_mov_reg_v(s, MO_16, R_EDX, t);
    }
}

static void gen_flagop(DisasContext *s, X86Insn *in)
{
    switch (in->e->arg) {
    case 0: /* cmc */
    case 1: /* clc */
    case 2: /* stc */
        gen_compute_eflags(s);
        if (in->e->arg == 0) {
            tcg_gen_xori(s->ir, cpu_cc_src, cpu_cc_src, CC_C);
        } else if (in->e->arg == 1) {
            tcg_gen_andi(s->ir, cpu_cc_src, cpu_cc_src, ~CC_C);
        } else {
            tcg_gen_ori(s->ir, cpu_cc_src, cpu_cc_src, CC_C);
        }
        break;
    case 3: /* cli */
    case 4: /* sti */
        if (!gen_iopl_check(s)) {
            return;
        }
        if (in->e->arg == 3) {
            tcg_gen_andi(s->ir, cpu_eflags, cpu_eflags, ~IF_MASK);
        } else {
            /* STI: no interrupt before the next instruction has run */
            TCGv hf = tmp(s);
            tcg_gen_ori(s->ir, cpu_eflags, cpu_eflags, IF_MASK);
            tcg_gen_ld_env(s->ir, hf, (uint32_t)offsetof(CPUX86State, hflags), MO_32);
            tcg_gen_ori(s->ir, hf, hf, HF_INHIBIT_MASK);
            tcg_gen_st_env(s->ir, hf, (uint32_t)offsetof(CPUX86State, hflags), MO_32);
        }
        gen_eob(s);
        break;
    case 5: /* cld */
        tcg_gen_andi(s->ir, cpu_eflags, cpu_eflags, ~DF_MASK);
        break;
    default: /* std */
        tcg_gen_ori(s->ir, cpu_eflags, cpu_eflags, DF_MASK);
        break;
    }
}

static void gen_bswap(DisasContext *s, X86Insn *in)
{
    int reg = in->opcode & 7;
    if (in->ot == MO_32) {
        tcg_gen_bswap(s->ir, cpu_reg(reg), cpu_reg(reg));
    } else {
        TCGv z = cst(s, 0); /* 16-bit BSWAP: undefined; zeroes like real P6 parts */
        gen_op_mov_reg_v(s, MO_16, reg, z);
    }
}

static void gen_bt(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    int op = in->e->arg;
    int bits = 8 << ot;
    TCGv off = tmp(s);
    Operand d = gen_operand(s, in, 0);
    if (in->e->opnd[1] == OP_Ib) {
        tcg_gen_movi(s->ir, off, in->imm & (uint32_t)(bits - 1));
    } else {
        TCGv r = tmp(s);
        gen_op_mov_v_reg(s, ot, r, in->reg);
        if (d.is_mem) {
            /* the bit offset is signed and may reach outside the operand */
            TCGv disp = tmp(s);
            gen_ext(s, ot, r, r, true);
            tcg_gen_sari(s->ir, disp, r, (uint32_t)(3 + ot));
            tcg_gen_shli(s->ir, disp, disp, ot);
            TCGv a = tmp(s), o = tmp(s);
            tcg_gen_add(s->ir, a, d.addr, disp);
            tcg_gen_add(s->ir, o, d.off, disp);
            d.addr = a;
            d.off = o;
        }
        tcg_gen_andi(s->ir, off, r, (uint32_t)(bits - 1));
    }
    TCGv v = tmp(s), bit = tmp(s), mask = tmp(s);
    gen_load_operand(s, &d, v);
    tcg_gen_shr(s->ir, bit, v, off);
    tcg_gen_andi(s->ir, bit, bit, 1);
    if (op) {
        TCGv one = tmp(s), r = tmp(s);
        tcg_gen_movi(s->ir, one, 1);
        tcg_gen_shl(s->ir, mask, one, off);
        if (op == 1) {
            tcg_gen_or(s->ir, r, v, mask);
        } else if (op == 2) {
            tcg_gen_not(s->ir, mask, mask);
            tcg_gen_and(s->ir, r, v, mask);
        } else {
            tcg_gen_xor(s->ir, r, v, mask);
        }
        gen_store_operand(s, &d, r);
    }
    gen_compute_eflags(s);
    tcg_gen_andi(s->ir, cpu_cc_src, cpu_cc_src, ~CC_C);
    tcg_gen_or(s->ir, cpu_cc_src, cpu_cc_src, bit);
}

static void gen_bsf(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    TCGv v = gen_src(s, in, 1, ot);
    TCGv old = tmp(s), r = tmp(s);
    gen_ext(s, ot, v, v, false);
    gen_op_mov_v_reg(s, ot, old, in->reg);
    /* a zero source leaves the destination as it was (what P6 parts do;
     * the SDM calls it undefined) */
    if (in->e->arg) { /* BSR: 31 - clz, the fallback flipped the same way */
        TCGv t = tmp(s);
        tcg_gen_xori(s->ir, t, old, 31);
        tcg_gen_clz(s->ir, r, v, t);
        tcg_gen_xori(s->ir, r, r, 31);
    } else {
        tcg_gen_ctz(s->ir, r, v, old);
    }
    gen_op_mov_reg_v(s, ot, in->reg, r);
    tcg_gen_mov(s->ir, cpu_cc_dst, v);
    set_cc_op(s, (CCOp)(CC_OP_LOGICB + ot));
}

static void gen_xadd(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    Operand d = gen_operand(s, in, 0);
    TCGv a = tmp(s), b = tmp(s);
    gen_load_operand(s, &d, a);
    gen_op_mov_v_reg(s, ot, b, in->reg);
    TCGv r = gen_alu_op(s, OP_ADD, ot, a, b);
    gen_store_operand(s, &d, r);
    if (d.is_mem || d.reg != in->reg) {
        gen_op_mov_reg_v(s, ot, in->reg, a);
    }
}

static void gen_cmpxchg(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    Operand d = gen_operand(s, in, 0);
    TCGv old = tmp(s), acc = tmp(s), src = tmp(s), nv = tmp(s);
    gen_load_operand(s, &d, old);
    gen_op_mov_v_reg(s, ot, acc, R_EAX);
    gen_op_mov_v_reg(s, ot, src, in->reg);
    tcg_gen_movcond(s->ir, TCG_COND_EQ, nv, old, acc, src, old);
    TCGv na = tmp(s);
    tcg_gen_movcond(s->ir, TCG_COND_EQ, na, old, acc, acc, old);
    if (d.is_mem) {
        gen_store_operand(s, &d, nv); /* memory is always written, and may fault first */
        gen_op_mov_reg_v(s, ot, R_EAX, na);
    } else {
        gen_op_mov_reg_v(s, ot, R_EAX, na); /* before dest: CMPXCHG EAX,r writes r */
        gen_store_operand(s, &d, nv);
    }
    gen_alu_op(s, OP_CMP, ot, acc, old);
}

static void gen_cmpxchg8b(DisasContext *s, X86Insn *in)
{
    if (in->mod == 3) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv a = gen_lea_modrm_sized(s, in, 8, SEG_ACC_WRITE);
    gen_compute_eflags(s);
    gen_sync(s);
    HCALL(s, cmpxchg8b, null_tcgv, a, null_tcgv, null_tcgv, null_tcgv);
}

static void gen_leave(DisasContext *s, X86Insn *in)
{
    MemOp ot = stack_ot(in);
    TCGv v = tmp(s), a = tmp(s), nesp = tmp(s);
    TCGv off = tmp(s);
    if (s->ss32) {
        tcg_gen_mov(s->ir, off, cpu_reg(R_EBP));
    } else {
        tcg_gen_ext16u(s->ir, off, cpu_reg(R_EBP));
    }
    gen_seg_check(s, off, R_SS, 1 << ot, !s->ss32, SEG_ACC_READ);
    a = gen_seg_addr(s, off, R_SS);
    gen_ld(s, ot, v, a);
    tcg_gen_addi(s->ir, nesp, cpu_reg(R_EBP), ot == MO_32 ? 4 : 2);
    gen_update_esp(s, nesp);
    gen_op_mov_reg_v(s, ot, R_EBP, v);
}

static void gen_enter(DisasContext *s, X86Insn *in)
{
    gen_sync(s);
    HCALL(s, enter, null_tcgv, cst(s, in->imm & 0xffff), cst(s, in->imm2 & 31),
          cst(s, stack_ot(in)), null_tcgv);
}

static void gen_loop(DisasContext *s, X86Insn *in)
{
    int op = in->e->arg;
    uint32_t target = mask_eip(s, in, next_eip(s) + in->imm);
    MemOp asz = (MemOp)in->aflag;
    TCGv cx = tmp(s);
    TCGLabel *taken = gen_new_label(s->ir);
    if (op != 3) {
        TCGv n = tmp(s);
        tcg_gen_subi(s->ir, n, cpu_reg(R_ECX), 1);
        gen_op_mov_reg_v(s, asz, R_ECX, n);
    }
    gen_ext(s, asz, cx, cpu_reg(R_ECX), false);
    if (op == 3) {
        gen_update_cc_op(s);
        tcg_gen_brcondi(s->ir, TCG_COND_EQ, cx, 0, taken);
    } else if (op == 2) {
        gen_update_cc_op(s);
        tcg_gen_brcondi(s->ir, TCG_COND_NE, cx, 0, taken);
    } else {
        TCGv z = gen_setcc_val(s, op == 1 ? 4 : 5); /* loope: ZF=1, loopne: ZF=0 */
        TCGv both = tmp(s), nz = tmp(s);
        tcg_gen_setcondi(s->ir, TCG_COND_NE, nz, cx, 0);
        tcg_gen_and(s->ir, both, z, nz);
        gen_update_cc_op(s);
        tcg_gen_brcondi(s->ir, TCG_COND_NE, both, 0, taken);
    }
    gen_jmp_tb(s, next_eip(s), 1);
    gen_set_label(s->ir, taken);
    if (!gen_target_fault(s, target)) {
        gen_jmp_tb(s, target, 0);
    }
}

static void gen_xlat(DisasContext *s, X86Insn *in)
{
    TCGv off = tmp(s), al = tmp(s), v = tmp(s);
    tcg_gen_ext8u(s->ir, al, cpu_reg(R_EAX));
    tcg_gen_add(s->ir, off, cpu_reg(R_EBX), al);
    if (in->aflag == MO_16) {
        tcg_gen_ext16u(s->ir, off, off);
    }
    gen_seg_check(s, off, insn_seg(in, R_DS), 1, in->aflag == MO_16, SEG_ACC_READ);
    gen_ld(s, MO_8, v, gen_seg_addr(s, off, insn_seg(in, R_DS)));
    gen_op_mov_reg_v(s, MO_8, R_EAX, v);
}

static void gen_lahf(DisasContext *s, X86Insn *in)
{
    (void)in;
    gen_compute_eflags(s);
    TCGv t = tmp(s);
    tcg_gen_andi(s->ir, t, cpu_cc_src, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_ori(s->ir, t, t, 2);
    gen_op_mov_reg_v(s, MO_8, 4 /* AH */, t);
}

static void gen_sahf(DisasContext *s, X86Insn *in)
{
    (void)in;
    gen_compute_eflags(s);
    TCGv ah = tmp(s), t = tmp(s);
    gen_op_mov_v_reg(s, MO_8, ah, 4);
    tcg_gen_andi(s->ir, ah, ah, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_andi(s->ir, t, cpu_cc_src, CC_O);
    tcg_gen_or(s->ir, cpu_cc_src, t, ah);
}

static void gen_salc(DisasContext *s, X86Insn *in)
{
    (void)in;
    TCGv c = gen_compute_c(s), t = tmp(s);
    tcg_gen_neg(s->ir, t, c);
    gen_op_mov_reg_v(s, MO_8, R_EAX, t);
}

static const GenFn gen_table[X86_GEN_NB] = {
#define X86_GEN_FN(name) gen_##name,
    X86_GEN_LIST(X86_GEN_FN)
#undef X86_GEN_FN
};
// clang-format on

/* --- the translator loop --- */

static uint8_t fetch_code(void *opaque, uint32_t addr)
{
    DisasContext *s = opaque;
    if (s->cslim && addr - s->cs_base > s->cs_limit) {
        s->cs_over = true; /* #GP(0) before any page fault: not fetched */
        return 0x90;
    }
    if (s->no_cross && ((addr ^ s->pc_start) & TARGET_PAGE_MASK)) {
        s->crossed = true; /* the next TB will fetch it (and fault there) */
        return 0x90;
    }
    return cpu_ldub_code(s->env, addr);
}

bool x86_eip_past_cs_limit(const CPUX86State *env, uint32_t flags)
{
    return (flags & HF_CSLIM_MASK) && env->eip > env->segs[R_CS].limit;
}

static void disas_init(DisasContext *s, CPUX86State *env, TranslationBlock *tb, IRContext *ir)
{
    memset(s, 0, sizeof(*s));
    s->env = env;
    s->ir = ir;
    s->tb = tb;
    s->cs_base = tb->cs_base;
    s->pc = tb->pc;
    s->flags = tb->flags;
    s->code32 = (tb->flags & HF_CS32_MASK) != 0;
    s->ss32 = (tb->flags & HF_SS32_MASK) != 0;
    s->addseg = (tb->flags & HF_ADDSEG_MASK) != 0;
    s->pe = (tb->flags & HF_PE_MASK) != 0;
    s->vm86 = (tb->flags & HF_VM_MASK) != 0;
    s->cpl = (int)(tb->flags & HF_CPL_MASK);
    s->iopl = (int)((tb->flags & HF_IOPL_MASK) >> HF_IOPL_SHIFT);
    s->mem_index = cpu_mmu_index(env);
    s->cc_op = (CCOp)(tb->flags >> TB_FLAGS_CC_OP_SHIFT); /* what env->cc_op holds */
    s->is_jmp = DISAS_NEXT;
    s->jmp_opt = !(tb->flags & (HF_TF_MASK | HF_INHIBIT_MASK | HF_RF_MASK)) &&
                 !(tb->cflags & CF_NOCHAIN);
    s->cslim = (tb->flags & HF_CSLIM_MASK) != 0;
    s->cs_limit = env->segs[R_CS].limit;
}

/* At the entry of a TB built under HF_CSLIM_MASK: CS.limit must still be
 * the one the translator checked against (hflags only say "not 4 GiB").
 * If not, run the instruction in a one-instruction TB translated now. */
static void gen_cs_limit_guard(DisasContext *s)
{
    TCGv t = tmp(s);
    TCGLabel *ok = gen_new_label(s->ir);
    tcg_gen_ld_env(s->ir, t, (uint32_t)offsetof(CPUX86State, segs[R_CS].limit), MO_32);
    tcg_gen_brcondi(s->ir, TCG_COND_EQ, t, s->cs_limit, ok);
    HCALL(s, cs_limit_stale, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
    tcg_gen_exit_tb(s->ir, 0); /* not reached */
    gen_set_label(s->ir, ok);
}

/* At the entry of a TB built under HF_RF_MASK: RF suppresses the
 * breakpoint of this one instruction only; clear it (in EFLAGS and in
 * hflags, so the next TB is looked up without it). IRET may set it again. */
static void gen_clear_rf(DisasContext *s)
{
    TCGv t = tmp(s);
    uint32_t off = (uint32_t)offsetof(CPUX86State, hflags);
    tcg_gen_andi(s->ir, cpu_eflags, cpu_eflags, ~RF_MASK);
    tcg_gen_ld_env(s->ir, t, off, MO_32);
    tcg_gen_andi(s->ir, t, t, ~HF_RF_MASK);
    tcg_gen_st_env(s->ir, t, off, MO_32);
}

/* Translate one instruction; false if it must be left to the next TB. */
static bool translate_insn(DisasContext *s, int num_insns)
{
    X86Insn in;
    s->pc_start = s->pc;
    int op_mark = s->ir->nb_ops;
    CCOp cc_op = s->cc_op;
    bool dirty = s->cc_op_dirty, srcT_ok = s->srcT_ok;
    uint32_t bp = (s->env->dr[7] & 0xff) ? x86_exec_breakpoints(s->env, s->pc_start) : 0;
    if (bp && num_insns > 1) {
        return false; /* the breakpoint starts the next TB */
    }
    s->insn_start_op = s->ir->nb_ops;
    tcg_gen_insn_start(s->ir, s->pc_start, s->cc_op);
    if (num_insns == 1 && s->cslim) {
        gen_cs_limit_guard(s);
    }
    if (s->flags & HF_RF_MASK) { /* a one-instruction TB */
        gen_clear_rf(s);
        bp = 0;
    }
    if (bp) { /* DR0-DR3 execution breakpoint: #DB fault before the insn */
        gen_sync(s);
        HCALL(s, debug_bp, null_tcgv, cst(s, bp), null_tcgv, null_tcgv, null_tcgv);
        tcg_gen_exit_tb(s->ir, 0); /* not reached */
        s->is_jmp = DISAS_NORETURN;
        s->pc = s->pc_start + 1;
        return true;
    }
    s->no_cross = num_insns > 1;
    s->crossed = false;
    s->cs_over = false;
    x86_decode(&in, s->pc_start, s->code32, fetch_code, s);
    if (s->cs_over && num_insns == 1) {
        /* bytes past the CS limit: #GP(0) at this instruction (SDM vol. 3,
         * 5.3); only its first byte counts for the TB's pages */
        gen_exception(s, EXCP0D_GPF, 0);
        s->pc = s->pc_start + 1;
        return true;
    }
    if (s->crossed || s->cs_over) {
        /* cs_over: the next TB starts with this instruction and faults */
        /* only the first instruction may cross into a second page */
        s->ir->nb_ops = op_mark;
        s->cc_op = cc_op;
        s->cc_op_dirty = dirty;
        s->srcT_ok = srcT_ok;
        return false;
    }
    s->pc = s->pc_start + in.len;
    s->in = &in;
    if (in.too_long) {
        gen_exception(s, EXCP0D_GPF, 0);
    } else if ((in.prefix & PREFIX_LOCK) &&
               (!(in.e->flags & X86F_LOCK) || !in.has_modrm || in.mod == 3)) {
        gen_exception(s, EXCP06_ILLOP, 0);
    } else {
        gen_table[in.e->gen](s, &in);
    }
    s->in = NULL;
    return true;
}

int gen_intermediate_code(CPUX86State *env, TranslationBlock *tb, IRContext *ir, int max_insns)
{
    DisasContext ctx;
    DisasContext *s = &ctx;
    disas_init(s, env, tb, ir);
    if (s->flags & (HF_TF_MASK | HF_INHIBIT_MASK | HF_RF_MASK)) {
        max_insns = 1;
    }
    int num_insns = 0;
    tcg_gen_tb_start(s->ir, 0); /* count patched below */
    int tb_start_op = ir->nb_ops - 1;
    uint32_t page = tb->pc & TARGET_PAGE_MASK;
    for (;;) {
        s->insn_idx = num_insns;
        num_insns++;
        if (!translate_insn(s, num_insns)) {
            num_insns--;
            s->is_jmp = DISAS_TOO_MANY;
            break;
        }
        if (s->is_jmp != DISAS_NEXT) {
            break;
        }
        /* A TB whose IR outgrows the op buffer is caught by tb_gen_code
         * (ir->overflow): the -2 path retranslates it with half the insns. */
        if (num_insns >= max_insns || (s->pc & TARGET_PAGE_MASK) != page || ir->overflow ||
            (!s->code32 && s->pc - s->cs_base > 0xffff)) { /* IP wrapped: continue at 0 */
            s->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    if (s->is_jmp == DISAS_TOO_MANY) {
        gen_jmp_tb(s, next_eip(s), 0);
    } else if (s->is_jmp == DISAS_EOB) {
        gen_eob(s);
    }
    gen_fault_stubs(s, num_insns);
    ir->ops[tb_start_op].args[0] = (uintptr_t)num_insns;
    tb->size = s->pc - tb->pc;
    tb->icount = (uint16_t)num_insns;
    return num_insns;
}

void x86_log_in_asm(CPUX86State *env, const TranslationBlock *tb, FILE *f)
{
    uint32_t pc = tb->pc;
    bool code32 = (tb->flags & HF_CS32_MASK) != 0;
    DisasContext ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.env = env;
    for (int i = 0; i < tb->icount; i++) {
        X86Insn in;
        char buf[128];
        x86_decode(&in, pc, code32, fetch_code, &ctx);
        x86_disas(&in, buf, sizeof(buf));
        fprintf(f, "0x%08x:  ", pc);
        for (int k = 0; k < 8; k++) {
            fprintf(f, k < in.len && k < 15 ? "%02x " : "   ", in.bytes[k]);
        }
        fprintf(f, " %s\n", buf);
        pc += in.len;
    }
}
