/*
 * translate-sys.c - x86 -> IR for the system instructions: string
 * instructions and port I/O, HLT, CPUID, RDTSC, software interrupts and
 * IRET, segment registers and far transfers, descriptor tables and the
 * protected-mode checks (LAR/LSL/VERR/VERW/ARPL), control, debug and
 * machine-specific registers, SYSENTER/SYSEXIT, BOUND, BCD and the x87
 * escape. Most are a privilege check and a helper call (helper_*.c,
 * seg.c), often followed by the end of the TB. The everyday instructions,
 * the loop and gen_table are in translate.c.
 */
#include "cpu/translate-internal.h"

#include <stddef.h>

void gen_string(DisasContext *s, X86Insn *in)
{
    int op = in->e->arg;
    bool rep = (in->prefix & (PREFIX_REPZ | PREFIX_REPNZ)) != 0;
    int repmode = !rep ? 0 : (op == 1 || op == 4) ? ((in->prefix & PREFIX_REPZ) ? 1 : 2) : 1;
    MemOp ot = (MemOp)in->ot;
    if (op == 6 || op == 7) { /* ins/outs: I/O privilege */
        ot = (MemOp)x86_opnd_size(in, op == 6 ? 0 : 1);
    }
    gen_sync(s);
    TCGv done = tcg_temp_local_new(s->ir);
    uint32_t desc = (uint32_t)op | (uint32_t)ot << 3 | (uint32_t)in->aflag << 5 |
                    (uint32_t)repmode << 7;
    HCALL(s, string, done, cst(s, desc), cst(s, (uint32_t)insn_seg(in, R_DS)),
          cst(s, next_eip(s)), null_tcgv);
    if (op == 1 || op == 4) {
        set_cc_op(s, CC_OP_DYNAMIC); /* the helper set env->cc_op */
        /* ... iteration by iteration: a fault in a later one must keep the
         * flags of the last compare, so restoring state at this
         * instruction takes env->cc_op as it is (synced above) */
        s->ir->ops[s->insn_start_op].args[1] = CC_OP_DYNAMIC;
    }
    if (!rep && op != 6 && op != 7) {
        return;
    }
    /* REP: continue at this instruction until the helper says done */
    TCGLabel *l = gen_new_label(s->ir);
    tcg_gen_brcondi(s->ir, TCG_COND_NE, done, 0, l);
    gen_jmp_tb(s, cur_eip(s), 1);
    gen_set_label(s->ir, l);
    if (op == 6 || op == 7) {
        gen_jmp_tb(s, next_eip(s), 0); /* after port I/O: end the TB */
    } else {
        gen_jmp_tb(s, next_eip(s), 0);
    }
}

void gen_in(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)in->ot;
    TCGv port = tmp(s), v = tmp(s);
    if (in->e->arg) {
        gen_op_mov_v_reg(s, MO_16, port, R_EDX);
    } else {
        tcg_gen_movi(s->ir, port, in->imm & 0xff);
    }
    gen_sync(s);
    if (s->pe && (s->cpl > s->iopl || s->vm86)) {
        HCALL(s, check_io, null_tcgv, port, cst(s, 1u << ot), null_tcgv, null_tcgv);
    }
    HCALL(s, in, v, port, cst(s, 1u << ot), null_tcgv, null_tcgv);
    gen_op_mov_reg_v(s, ot, R_EAX, v);
    gen_jmp_tb(s, next_eip(s), 0);
}

void gen_out(DisasContext *s, X86Insn *in)
{
    MemOp ot = (MemOp)x86_opnd_size(in, 1);
    TCGv port = tmp(s), v = tmp(s);
    if (in->e->arg) {
        gen_op_mov_v_reg(s, MO_16, port, R_EDX);
    } else {
        tcg_gen_movi(s->ir, port, in->imm & 0xff);
    }
    gen_op_mov_v_reg(s, ot, v, R_EAX);
    gen_sync(s);
    if (s->pe && (s->cpl > s->iopl || s->vm86)) {
        HCALL(s, check_io, null_tcgv, port, cst(s, 1u << ot), null_tcgv, null_tcgv);
    }
    tcg_gen_movi(s->ir, cpu_eip, next_eip(s));
    HCALL(s, out, null_tcgv, port, v, cst(s, 1u << ot), null_tcgv);
    gen_jmp_tb(s, next_eip(s), 0);
}

void gen_hlt(DisasContext *s, X86Insn *in)
{
    (void)in;
    if (s->pe && s->cpl != 0) {
        gen_exception(s, EXCP0D_GPF, 0);
        return;
    }
    gen_sync(s);
    HCALL(s, hlt, null_tcgv, cst(s, next_eip(s)), null_tcgv, null_tcgv, null_tcgv);
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_cpuid(DisasContext *s, X86Insn *in)
{
    (void)in;
    gen_sync(s);
    HCALL(s, cpuid, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
}

void gen_rdtsc(DisasContext *s, X86Insn *in)
{
    (void)in;
    gen_sync(s);
    HCALL(s, rdtsc, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
}

void gen_int(DisasContext *s, X86Insn *in)
{
    int vec = in->e->arg == 0 ? (int)(in->imm & 0xff) : in->e->arg;
    if (in->e->arg == 4) { /* INTO: only when OF */
        CCPrepare p = gen_prepare_cc(s, 1); /* NO */
        TCGLabel *l = gen_new_label(s->ir);
        gen_update_cc_op(s);
        tcg_gen_brcond(s->ir, p.cond, p.a, p.b, l);
        gen_sync(s);
        HCALL(s, raise_interrupt, null_tcgv, cst(s, 4), cst(s, next_eip(s)), null_tcgv,
              null_tcgv);
        gen_set_label(s->ir, l);
        gen_jmp_tb(s, next_eip(s), 0);
        return;
    }
    if (s->vm86 && s->iopl < 3 && in->e->arg == 0) {
        gen_exception(s, EXCP0D_GPF, 0);
        return;
    }
    gen_sync(s);
    HCALL(s, raise_interrupt, null_tcgv, cst(s, (uint32_t)vec | (in->e->arg == 1 ? 0x100 : 0)),
          cst(s, next_eip(s)), null_tcgv, null_tcgv);
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_iret(DisasContext *s, X86Insn *in)
{
    if (s->vm86 && s->iopl < 3) {
        gen_exception(s, EXCP0D_GPF, 0);
        return;
    }
    gen_sync(s);
    HCALL(s, iret, null_tcgv, cst(s, stack_ot(in)), cst(s, next_eip(s)), null_tcgv, null_tcgv);
    set_cc_op(s, CC_OP_EFLAGS);
    s->cc_op_dirty = false;
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

static bool gen_priv_check(DisasContext *s)
{
    if (s->pe && (s->cpl != 0 || s->vm86)) {
        gen_exception(s, EXCP0D_GPF, 0);
        return false;
    }
    return true;
}

void gen_lxdt(DisasContext *s, X86Insn *in)
{
    if (in->mod == 3) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    if (!gen_priv_check(s)) {
        return;
    }
    TCGv a = gen_lea_modrm_sized(s, in, 6, SEG_ACC_READ);
    gen_sync(s);
    HCALL(s, lxdt, null_tcgv, a, cst(s, in->e->arg), cst(s, in->ot), null_tcgv);
}

void gen_sxdt(DisasContext *s, X86Insn *in)
{
    if (in->mod == 3) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv a = gen_lea_modrm_sized(s, in, 6, SEG_ACC_WRITE);
    gen_sync(s);
    HCALL(s, sxdt, null_tcgv, a, cst(s, in->e->arg), null_tcgv, null_tcgv);
}

void gen_mov_seg(DisasContext *s, X86Insn *in)
{
    if (in->reg >= 6 || (in->e->arg && in->reg == R_CS)) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    if (in->e->arg == 0) { /* mov Ev, Sw */
        TCGv v = tmp(s);
        tcg_gen_ld_env(s->ir, v, (uint32_t)offsetof(CPUX86State, segs[in->reg].selector), MO_32);
        Operand d = gen_operand(s, in, 0);
        d.ot = d.is_mem ? MO_16 : (MemOp)in->ot;
        gen_store_operand(s, &d, v);
        return;
    }
    TCGv v = gen_src(s, in, 1, MO_16);
    gen_sync(s);
    HCALL(s, load_seg, null_tcgv, cst(s, in->reg), v, null_tcgv, null_tcgv);
    gen_eob(s);
}

void gen_push_seg(DisasContext *s, X86Insn *in)
{
    TCGv v = tmp(s);
    tcg_gen_ld_env(s->ir, v, (uint32_t)offsetof(CPUX86State, segs[in->e->arg].selector), MO_32);
    gen_push_v(s, stack_ot(in), v);
}

void gen_pop_seg(DisasContext *s, X86Insn *in)
{
    MemOp ot = stack_ot(in);
    TCGv v = gen_pop_v(s, ot);
    gen_sync(s);
    HCALL(s, load_seg, null_tcgv, cst(s, in->e->arg), v, null_tcgv, null_tcgv);
    gen_pop_update(s, ot);
    gen_eob(s);
}

/* Far pointer operand: offset then selector (Ap or m16:16/32). */
static void gen_far_ptr(DisasContext *s, X86Insn *in, TCGv *sel, TCGv *off)
{
    *sel = tmp(s);
    *off = tmp(s);
    if (in->e->opnd[0] == OP_Ap) {
        tcg_gen_movi(s->ir, *sel, in->imm2);
        tcg_gen_movi(s->ir, *off, in->imm);
        return;
    }
    if (in->mod == 3) {
        return;
    }
    TCGv a = gen_lea_modrm_sized(s, in, in->ot == MO_32 ? 6 : 4, SEG_ACC_READ), a2 = tmp(s);
    gen_ld(s, (MemOp)in->ot, *off, a);
    tcg_gen_addi(s->ir, a2, a, in->ot == MO_32 ? 4 : 2);
    gen_ld(s, MO_16, *sel, a2);
}

void gen_ljmp(DisasContext *s, X86Insn *in)
{
    if (in->e->opnd[0] != OP_Ap && in->mod == 3) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv sel, off;
    gen_far_ptr(s, in, &sel, &off);
    gen_sync(s);
    HCALL(s, ljmp, null_tcgv, sel, off, cst(s, next_eip(s)), null_tcgv);
    gen_tf_trap(s);
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_lcall(DisasContext *s, X86Insn *in)
{
    if (in->e->opnd[0] != OP_Ap && in->mod == 3) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv sel, off;
    gen_far_ptr(s, in, &sel, &off);
    gen_sync(s);
    HCALL(s, lcall, null_tcgv, sel, off, cst(s, next_eip(s)), cst(s, in->ot));
    gen_tf_trap(s);
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_lret(DisasContext *s, X86Insn *in)
{
    gen_sync(s);
    HCALL(s, lret, null_tcgv, cst(s, stack_ot(in)), cst(s, in->e->arg ? in->imm & 0xffff : 0),
          null_tcgv, null_tcgv);
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_mov_cr(DisasContext *s, X86Insn *in)
{
    if (!gen_priv_check(s)) {
        return;
    }
    if (in->reg == 1 || in->reg > 4) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    gen_sync(s);
    if (in->e->arg) {
        HCALL(s, mov_to_cr, null_tcgv, cst(s, in->reg), cpu_reg(in->rm), null_tcgv, null_tcgv);
        gen_eob(s);
    } else {
        TCGv v = tmp(s);
        HCALL(s, mov_from_cr, v, cst(s, in->reg), null_tcgv, null_tcgv, null_tcgv);
        tcg_gen_mov(s->ir, cpu_reg(in->rm), v);
    }
}

void gen_mov_dr(DisasContext *s, X86Insn *in)
{
    if (!gen_priv_check(s)) {
        return;
    }
    gen_sync(s);
    if (in->e->arg) {
        HCALL(s, mov_to_dr, null_tcgv, cst(s, in->reg), cpu_reg(in->rm), cst(s, next_eip(s)),
              null_tcgv);
        gen_eob(s);
    } else {
        TCGv v = tmp(s);
        HCALL(s, mov_from_dr, v, cst(s, in->reg), null_tcgv, null_tcgv, null_tcgv);
        tcg_gen_mov(s->ir, cpu_reg(in->rm), v);
    }
}

void gen_ud(DisasContext *s, X86Insn *in)
{
    (void)in;
    gen_exception(s, EXCP06_ILLOP, 0);
}

void gen_lxs(DisasContext *s, X86Insn *in)
{
    if (in->mod == 3) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv a = gen_lea_modrm_sized(s, in, in->ot == MO_32 ? 6 : 4, SEG_ACC_READ), a2 = tmp(s);
    TCGv off = tcg_temp_local_new(s->ir), sel = tmp(s);
    gen_ld(s, (MemOp)in->ot, off, a);
    tcg_gen_addi(s->ir, a2, a, in->ot == MO_32 ? 4 : 2);
    gen_ld(s, MO_16, sel, a2);
    gen_sync(s);
    HCALL(s, load_seg, null_tcgv, cst(s, in->e->arg), sel, null_tcgv, null_tcgv);
    gen_op_mov_reg_v(s, (MemOp)in->ot, in->reg, off);
    gen_eob(s);
}

void gen_bound(DisasContext *s, X86Insn *in)
{
    if (in->mod == 3) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv a = gen_lea_modrm_sized(s, in, 2 << in->ot, SEG_ACC_READ), idx = tmp(s);
    gen_op_mov_v_reg(s, (MemOp)in->ot, idx, in->reg);
    gen_sync(s);
    HCALL(s, bound, null_tcgv, idx, a, cst(s, in->ot), null_tcgv);
}

void gen_bcd(DisasContext *s, X86Insn *in)
{
    gen_compute_eflags(s);
    gen_sync(s);
    HCALL(s, bcd, null_tcgv, cst(s, in->e->arg), cst(s, in->imm & 0xff), null_tcgv, null_tcgv);
    set_cc_op(s, CC_OP_EFLAGS);
}

void gen_wait(DisasContext *s, X86Insn *in)
{
    (void)s;
    (void)in;
}

void gen_fpu(DisasContext *s, X86Insn *in)
{
    /* No x87 is present. With CR0.EM or CR0.TS set the escape raises #NM;
     * otherwise it does nothing, as on a board with an empty coprocessor
     * socket (SDM vol. 1, 8.1.4: FNINIT/FNSTSW leave the status word
     * unwritten, which is how software detects the missing FPU; the 286
     * SST vectors for D8 agree). */
    const uint32_t em_ts = (1u << 2) | (1u << 3);
    TCGv cr0 = tmp(s);
    TCGLabel *absent = gen_new_label(s->ir);
    (void)in;
    tcg_gen_ld_env(s->ir, cr0, (uint32_t)offsetof(CPUX86State, cr[0]), MO_32);
    tcg_gen_andi(s->ir, cr0, cr0, em_ts);
    gen_update_cc_op(s);
    tcg_gen_brcondi(s->ir, TCG_COND_EQ, cr0, 0, absent);
    tcg_gen_movi(s->ir, cpu_eip, cur_eip(s));
    HCALL(s, raise_exception, null_tcgv, cst(s, EXCP07_PREX), cst(s, 0), null_tcgv, null_tcgv);
    gen_set_label(s->ir, absent);
}

void gen_smsw(DisasContext *s, X86Insn *in)
{
    TCGv v = tmp(s);
    tcg_gen_ld_env(s->ir, v, (uint32_t)offsetof(CPUX86State, cr[0]), MO_32);
    Operand d = gen_operand(s, in, 0);
    d.ot = d.is_mem ? MO_16 : (MemOp)in->ot;
    gen_store_operand(s, &d, v);
}

void gen_lmsw(DisasContext *s, X86Insn *in)
{
    if (!gen_priv_check(s)) {
        return;
    }
    TCGv v = gen_src(s, in, 0, MO_16);
    gen_sync(s);
    HCALL(s, lmsw, null_tcgv, v, null_tcgv, null_tcgv, null_tcgv);
    gen_eob(s);
}

void gen_clts(DisasContext *s, X86Insn *in)
{
    (void)in;
    if (!gen_priv_check(s)) {
        return;
    }
    HCALL(s, clts, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
}

void gen_rdmsr(DisasContext *s, X86Insn *in)
{
    (void)in;
    if (!gen_priv_check(s)) {
        return;
    }
    gen_sync(s);
    HCALL(s, rdmsr, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
}

void gen_wrmsr(DisasContext *s, X86Insn *in)
{
    (void)in;
    if (!gen_priv_check(s)) {
        return;
    }
    gen_sync(s);
    HCALL(s, wrmsr, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
    gen_eob(s);
}

void gen_sysenter(DisasContext *s, X86Insn *in)
{
    (void)in;
    gen_sync(s);
    HCALL(s, sysenter, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
    gen_tf_trap(s); /* TF is kept: the single-step trap reports the new CS:EIP */
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_sysexit(DisasContext *s, X86Insn *in)
{
    (void)in;
    gen_sync(s);
    HCALL(s, sysexit, null_tcgv, null_tcgv, null_tcgv, null_tcgv, null_tcgv);
    gen_tf_trap(s); /* TF is kept: the single-step trap reports the new CS:EIP */
    tcg_gen_exit_tb(s->ir, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_lldt_ltr(DisasContext *s, X86Insn *in)
{
    if (!s->pe || s->vm86) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    if (!gen_priv_check(s)) {
        return;
    }
    TCGv v = gen_src(s, in, 0, MO_16);
    gen_sync(s);
    if (in->e->arg) {
        HCALL(s, ltr, null_tcgv, v, null_tcgv, null_tcgv, null_tcgv);
    } else {
        HCALL(s, lldt, null_tcgv, v, null_tcgv, null_tcgv, null_tcgv);
    }
}

void gen_sldt_str(DisasContext *s, X86Insn *in)
{
    if (!s->pe || s->vm86) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv v = tmp(s);
    uint32_t off = in->e->arg ? offsetof(CPUX86State, tr.selector)
                              : offsetof(CPUX86State, ldt.selector);
    tcg_gen_ld_env(s->ir, v, off, MO_32);
    Operand d = gen_operand(s, in, 0);
    d.ot = d.is_mem ? MO_16 : (MemOp)in->ot;
    gen_store_operand(s, &d, v);
}

void gen_lar_lsl(DisasContext *s, X86Insn *in)
{
    if (!s->pe || s->vm86) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv sel = gen_src(s, in, 1, MO_16), r = tmp(s), old = tmp(s), z = tmp(s);
    gen_compute_eflags(s);
    gen_sync(s);
    HCALL(s, lar, r, sel, cst(s, in->e->arg), null_tcgv, null_tcgv);
    gen_op_mov_v_reg(s, (MemOp)in->ot, old, in->reg);
    tcg_gen_andi(s->ir, z, cpu_cc_src, CC_Z);
    tcg_gen_movcond(s->ir, TCG_COND_NE, r, z, cst(s, 0), r, old);
    gen_op_mov_reg_v(s, (MemOp)in->ot, in->reg, r);
}

void gen_verr(DisasContext *s, X86Insn *in)
{
    if (!s->pe || s->vm86) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    TCGv sel = gen_src(s, in, 0, MO_16);
    gen_compute_eflags(s);
    gen_sync(s);
    HCALL(s, verr, null_tcgv, sel, cst(s, in->e->arg), null_tcgv, null_tcgv);
}

void gen_arpl(DisasContext *s, X86Insn *in)
{
    if (!s->pe || s->vm86) {
        gen_exception(s, EXCP06_ILLOP, 0);
        return;
    }
    Operand d = gen_operand(s, in, 0);
    d.ot = MO_16;
    TCGv dst = tmp(s), src = tmp(s), rd = tmp(s), rs = tmp(s), nd = tmp(s), z = tmp(s);
    gen_load_operand(s, &d, dst);
    gen_op_mov_v_reg(s, MO_16, src, in->reg);
    tcg_gen_andi(s->ir, rd, dst, 3);
    tcg_gen_andi(s->ir, rs, src, 3);
    TCGv adj = tmp(s);
    tcg_gen_andi(s->ir, adj, dst, ~3u);
    tcg_gen_or(s->ir, adj, adj, rs);
    tcg_gen_movcond(s->ir, TCG_COND_LTU, nd, rd, rs, adj, dst);
    gen_store_operand(s, &d, nd);
    gen_compute_eflags(s);
    tcg_gen_setcond(s->ir, TCG_COND_LTU, z, rd, rs);
    tcg_gen_shli(s->ir, z, z, 6); /* ZF */
    tcg_gen_andi(s->ir, cpu_cc_src, cpu_cc_src, ~CC_Z);
    tcg_gen_or(s->ir, cpu_cc_src, cpu_cc_src, z);
}

void gen_invd(DisasContext *s, X86Insn *in)
{
    (void)in;
    gen_priv_check(s);
}

void gen_invlpg(DisasContext *s, X86Insn *in)
{
    if (!gen_priv_check(s)) {
        return;
    }
    TCGv a = gen_lea_modrm(s, in);
    gen_sync(s);
    HCALL(s, invlpg, null_tcgv, a, null_tcgv, null_tcgv, null_tcgv);
    gen_eob(s);
}
