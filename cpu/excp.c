/*
 * excp.c - delivery of exceptions and interrupts (SDM vol. 3, 6.12
 * "Exception and interrupt handling") and the double-fault rules (table
 * 6-5): contributory after contributory, or anything but a benign one
 * after #PF, becomes #DF; a fault while delivering #DF shuts the CPU down
 * (triple fault), which the board turns into a reset or an exit.
 *
 * Covered: real-mode IVT; protected-mode interrupt and trap gates, 16 and
 * 32 bit, to the same or an inner privilege level (stack from the TSS),
 * from virtual-8086 mode to a PL0 handler (GS FS DS ES pushed and nulled),
 * and task gates (a nested task switch, seg.c; the error code goes on the
 * new task's stack).
 */
#include "cpu/excp.h"

#include "cpu/helper.h"
#include "cpu/translate.h"
#include "softmmu/tlb.h"
#include "tcg/exec.h"

static bool has_error_code(int intno)
{
    return intno == EXCP08_DBLE || (intno >= EXCP0A_TSS && intno <= EXCP0E_PAGE) ||
           intno == EXCP11_ALGN;
}

/* Error codes with an EXT bit (bit 0): selector and IDT-vector codes,
 * and the otherwise null one of #AC (SDM vol. 3, interrupt 17: a frame
 * push at CPL 3 while delivering an exception). */
static bool has_ext_bit(int intno)
{
    return (intno >= EXCP0A_TSS && intno <= EXCP0D_GPF) || intno == EXCP11_ALGN;
}

/* Faults (SDM vol. 3, table 6-1) whose EFLAGS image gets RF (17.3.1.1).
 * #DB is left out: an instruction breakpoint is the exception to the rule
 * and pcemu's other #DB (single step) is a trap. */
static bool is_fault(int intno)
{
    return intno == EXCP00_DIVZ || (intno >= 5 && intno <= 7) ||
           (intno >= EXCP0A_TSS && intno <= EXCP0E_PAGE) || intno == 16 || intno == EXCP11_ALGN ||
           intno == 19;
}

static bool contributory(int intno)
{
    return intno == 0 || (intno >= 10 && intno <= 13);
}

/* SS:ESP of the inner level dpl for an interrupt, with the checks of SDM
 * INT n, "INTER-PRIVILEGE-LEVEL-INTERRUPT": #TS(SS) for a null, wrongly
 * privileged or non-writable-data SS, #SS(SS) if it is not present. */
static void inner_stack(CPUX86State *env, int dpl, uint32_t *ss, uint32_t *esp, uint32_t *e1,
                        uint32_t *e2)
{
    x86_tss_stack(env, dpl, ss, esp, 0);
    int err = (int)(*ss & 0xfffc);
    if ((*ss & ~3u) == 0 || (int)(*ss & 3) != dpl || !x86_read_descriptor(env, *ss, e1, e2, 0) ||
        !(*e2 & DESC_S_MASK) || (*e2 & DESC_CS_MASK) || !(*e2 & DESC_R_MASK) ||
        (int)((*e2 >> 13) & 3) != dpl) {
        raise_exception_err_ra(env, EXCP0A_TSS, err, 0);
    }
    if (!(*e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0C_STACK, err, 0);
    }
}

static void do_interrupt_real(CPUX86State *env, int intno, uint32_t next_eip, bool is_int)
{
    uint32_t off = (uint32_t)intno * 4;
    if (off + 3 > env->idt.limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, intno * 8 + 2, 0);
    }
    uint32_t vec = cpu_ld_data(env, env->idt.base + off, 4, MMU_KERNEL_IDX, 0);
    uint32_t esp = env->regs[R_ESP];
    X86Stack st;
    x86_stack_cur(env, &st);
    x86_push(env, &st, &esp, 2, cpu_x86_get_eflags(env), 0);
    x86_push(env, &st, &esp, 2, env->segs[R_CS].selector, 0);
    x86_push(env, &st, &esp, 2, is_int ? next_eip : env->eip, 0);
    x86_set_esp(env, esp, 0xffff);
    env->eip = vec & 0xffff;
    cpu_x86_load_seg_cache(env, R_CS, vec >> 16, (vec >> 16) << 4, env->segs[R_CS].limit,
                           env->segs[R_CS].flags);
    env->eflags &= ~(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
    cpu_x86_update_hflags(env);
}

static void do_interrupt_pm(CPUX86State *env, int intno, bool is_int, int error_code,
                            uint32_t next_eip, bool is_hw)
{
    int cpl = (int)(env->hflags & HF_CPL_MASK);
    uint32_t off = (uint32_t)intno * 8;
    int gerr = intno * 8 + 2; /* EXT is added by x86_cpu_do_interrupt */
    /* the EFLAGS image of a fault gets RF, in a frame or in the old TSS;
     * only exceptions push an error code, not INT n or an external
     * interrupt on the same vector (SDM 6.13) */
    bool fault = !is_int && !is_hw && is_fault(intno);
    bool push_err = !is_int && !is_hw && has_error_code(intno);
    if (off + 7 > env->idt.limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, gerr, 0);
    }
    uint32_t e1 = cpu_ld_data(env, env->idt.base + off, 4, MMU_KERNEL_IDX, 0);
    uint32_t e2 = cpu_ld_data(env, env->idt.base + off + 4, 4, MMU_KERNEL_IDX, 0);
    int type = (int)((e2 >> 8) & 0x1f);
    if (type != 5 && type != 6 && type != 7 && type != 14 && type != 15) {
        raise_exception_err_ra(env, EXCP0D_GPF, gerr, 0);
    }
    int dpl = (int)((e2 >> 13) & 3);
    if (is_int && !is_hw && dpl < cpl) {
        raise_exception_err_ra(env, EXCP0D_GPF, gerr, 0);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, gerr, 0);
    }
    if (type == 5) {
        X86TaskEvent ev = {
            .fault = fault,
            .error_code = push_err ? error_code : -1,
        };
        x86_task_switch(env, (uint32_t)gerr & ~3u, e1, e2, X86_TS_CALL,
                        is_int ? next_eip : env->eip, &ev, 0);
        return;
    }
    uint32_t sel = e1 >> 16, offset = (e2 & 0xffff0000u) | (e1 & 0xffff);
    uint32_t c1, c2;
    if ((sel & ~3u) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
    if (!x86_read_descriptor(env, sel, &c1, &c2, 0) || !(c2 & (1u << 12)) ||
        !(c2 & (1u << 11))) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), 0);
    }
    int cdpl = (int)((c2 >> 13) & 3);
    if (cdpl > cpl) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), 0);
    }
    if (!(c2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(sel & 0xfffc), 0);
    }
    bool from_vm = (env->eflags & VM_MASK) != 0;
    if (from_vm && cdpl != 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), 0);
    }
    int size = (type & 8) ? 4 : 2;
    bool inner = !(c2 & (1u << 10)) && cdpl < cpl;
    if (from_vm && !inner) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), 0);
    }
    uint32_t esp, old_ss = env->segs[R_SS].selector, old_esp = env->regs[R_ESP];
    uint32_t ss_e1 = 0, ss_e2 = 0, new_ss = 0;
    X86Stack st;
    if (inner) {
        inner_stack(env, cdpl, &new_ss, &esp, &ss_e1, &ss_e2);
        x86_stack_desc(env, &st, ss_e1, ss_e2, (int)(new_ss & 0xfffc));
    } else {
        esp = env->regs[R_ESP];
        x86_stack_cur(env, &st);
    }
    if (offset > desc_limit(c1, c2)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
    uint32_t fl = cpu_x86_get_eflags(env);
    if (fault) {
        fl |= RF_MASK;
    }
    uint32_t ret = is_int ? next_eip : env->eip;
    /* each push is limit-checked: #SS(0), or #SS(new SS) on the new stack */
    if (from_vm) {
        x86_push(env, &st, &esp, size, env->segs[R_GS].selector, 0);
        x86_push(env, &st, &esp, size, env->segs[R_FS].selector, 0);
        x86_push(env, &st, &esp, size, env->segs[R_DS].selector, 0);
        x86_push(env, &st, &esp, size, env->segs[R_ES].selector, 0);
    }
    if (inner) {
        x86_push(env, &st, &esp, size, old_ss, 0);
        x86_push(env, &st, &esp, size, old_esp, 0);
    }
    x86_push(env, &st, &esp, size, fl, 0);
    x86_push(env, &st, &esp, size, env->segs[R_CS].selector, 0);
    x86_push(env, &st, &esp, size, ret, 0);
    if (push_err) {
        x86_push(env, &st, &esp, size, (uint32_t)error_code, 0);
    }
    if (inner) {
        env->hflags = (env->hflags & ~HF_CPL_MASK) | (uint32_t)cdpl;
        cpu_x86_load_seg_cache(env, R_SS, (new_ss & ~3u) | (uint32_t)cdpl,
                               desc_base(ss_e1, ss_e2), desc_limit(ss_e1, ss_e2), ss_e2);
    }
    x86_set_esp(env, esp, st.mask);
    env->eflags &= ~(TF_MASK | VM_MASK | RF_MASK | NT_MASK);
    if (from_vm) {
        for (int i = 0; i < 6; i++) {
            if (i != R_CS && i != R_SS) {
                cpu_x86_load_seg_cache(env, i, 0, 0, 0, 0);
            }
        }
    }
    cpu_x86_load_seg_cache(env, R_CS, (sel & ~3u) | (uint32_t)(inner ? cdpl : cpl),
                           desc_base(c1, c2), desc_limit(c1, c2), c2);
    env->eip = size == 2 ? offset & 0xffff : offset;
    if (!(type & 1)) {
        env->eflags &= ~IF_MASK; /* interrupt gate */
    }
    cpu_x86_update_hflags(env);
}

static void triple_fault(CPUX86State *env)
{
    log_mask(env->log, LOG_INT, "triple fault\n");
    env->old_exception = -1;
    if (env->shutdown) {
        env->shutdown(env->machine, env->segs[R_CS].selector, env->eip);
    } else {
        env->halted = true; /* no board (test harness): the CPU just stops */
    }
    cpu_exit(env);
}

void x86_cpu_do_interrupt(CPUX86State *env)
{
    int intno = env->exception_index & 0xff;
    bool is_int = env->exception_is_int;
    bool is_hw = (env->exception_index & 0x200) != 0;
    int err = env->error_code;
    if (!is_int && !is_hw) {
        /* raised while delivering an external event or an exception (the
         * delivery unwound here without finishing): SDM 6.13, EXT */
        if (env->delivering_ext && has_ext_bit(intno)) {
            err |= 1;
        }
        int old = env->old_exception;
        if (old == EXCP08_DBLE) {
            env->delivering_ext = false;
            triple_fault(env);
            return;
        }
        if (old >= 0 && ((contributory(old) && contributory(intno)) ||
                         (old == EXCP0E_PAGE && (contributory(intno) || intno == EXCP0E_PAGE)))) {
            intno = EXCP08_DBLE;
            err = 0;
        }
        env->old_exception = intno;
    }
    log_mask(env->log, LOG_INT, "interrupt %02x %s err=%04x at %04x:%08x EAX=%08x CR2=%08x\n",
             intno, is_int ? "int" : is_hw ? "hw" : "exc", err, env->segs[R_CS].selector,
             env->eip, env->regs[R_EAX], env->cr[2]);
    env->delivering_ext = !is_int;
    if ((env->cr[0] & CR0_PE_MASK)) {
        do_interrupt_pm(env, intno, is_int, err, env->exception_next_eip, is_hw);
    } else {
        do_interrupt_real(env, intno, env->exception_next_eip, is_int);
    }
    env->old_exception = -1;
    env->delivering_ext = false;
    env->exception_is_int = false;
}

bool x86_cpu_handle_interrupt(CPUX86State *env)
{
    if (env->hflags & HF_INHIBIT_MASK) {
        return false; /* the instruction after STI / MOV SS runs first */
    }
    if (!env->intr_line || !(env->eflags & IF_MASK) || !env->intr_ack) {
        return false;
    }
    int vec = env->intr_ack(env->intr_opaque);
    env->halted = false;
    env->exception_index = vec | 0x200;
    env->exception_is_int = false;
    env->exception_next_eip = env->eip;
    x86_cpu_do_interrupt(env);
    env->exception_index = -1;
    return true;
}

void cpu_set_intr(CPUX86State *env, bool level)
{
    env->intr_line = level;
    if (level) {
        cpu_exit(env);
    }
}
