/*
 * seg.c - segmentation: descriptor reads, segment register loads with
 * their protection checks, far JMP/CALL/RET, IRET, ENTER, BOUND and the
 * descriptor-table instructions (SDM vol. 3, chapters 3 and 5).
 *
 * Covered: real mode, protected-mode code/data segments, call gates (to
 * the same or an inner privilege level, with the parameter copy), far
 * returns and IRET to an outer privilege level, task switches through a
 * TSS or task gate (JMP, CALL, INT via excp.c, IRET with NT; 32- and
 * 16-bit TSSs, the T bit), IRET to virtual-8086 mode, LLDT/LTR,
 * LAR/LSL/VERR/VERW.
 * Faults raised after a task switch has committed are delivered in the
 * new task (retaddr 0), as the SDM's task-switch table (7-1) orders.
 */
#include <string.h>

#include "cpu/excp.h"
#include "cpu/helper.h"
#include "cpu/translate.h"
#include "softmmu/tlb.h"
#include "tcg/exec.h"
#include "tcg/tb.h"

#define DESC_TYPE_SHIFT 8

static inline int desc_dpl(uint32_t e2)
{
    return (int)((e2 >> 13) & 3);
}

uint32_t desc_base(uint32_t e1, uint32_t e2)
{
    return (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000u);
}

uint32_t desc_limit(uint32_t e1, uint32_t e2)
{
    uint32_t limit = (e1 & 0xffff) | (e2 & 0x000f0000u);
    return (e2 & DESC_G_MASK) ? (limit << 12) | 0xfff : limit;
}

static inline int cpl(const CPUX86State *env)
{
    return (int)(env->hflags & HF_CPL_MASK);
}

static inline bool pm(const CPUX86State *env)
{
    return (env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK);
}

bool x86_read_descriptor(CPUX86State *env, uint32_t selector, uint32_t *e1, uint32_t *e2,
                         uintptr_t retaddr)
{
    const DescTable *dt = (selector & 4) ? &env->ldt : &env->gdt;
    uint32_t index = selector & ~7u;
    if (index + 7 > dt->limit) {
        return false;
    }
    *e1 = cpu_ld_data(env, dt->base + index, 4, MMU_KERNEL_IDX, retaddr);
    *e2 = cpu_ld_data(env, dt->base + index + 4, 4, MMU_KERNEL_IDX, retaddr);
    return true;
}

static void set_accessed(CPUX86State *env, uint32_t selector, uint32_t e2, uintptr_t retaddr)
{
    if (!(e2 & DESC_A_MASK)) {
        const DescTable *dt = (selector & 4) ? &env->ldt : &env->gdt;
        cpu_st_data(env, dt->base + (selector & ~7u) + 4, e2 | DESC_A_MASK, 4, MMU_KERNEL_IDX,
                    retaddr);
    }
}

uint32_t x86_sp_mask(const CPUX86State *env)
{
    return (env->segs[R_SS].flags & DESC_B_MASK) && pm(env) ? 0xffffffffu : 0xffffu;
}

void x86_set_esp(CPUX86State *env, uint32_t esp, uint32_t sp_mask)
{
    env->regs[R_ESP] = (env->regs[R_ESP] & ~sp_mask) | (esp & sp_mask);
}

bool x86_seg_unchecked(const CPUX86State *env, int seg)
{
    const uint32_t mask = DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_C_MASK | DESC_R_MASK;
    return (env->segs[seg].flags & mask) == (DESC_P_MASK | DESC_S_MASK | DESC_R_MASK) &&
           env->segs[seg].limit == 0xffffffffu;
}

/* Protected mode: the rights and limit of one access (x86_seg_check). */
static void seg_check_pm(CPUX86State *env, int seg, uint32_t off, int size, int access,
                         uintptr_t ra)
{
    const SegmentCache *sc = &env->segs[seg];
    uint64_t last = (uint64_t)off + (uint32_t)size - 1;
    int excp = seg == R_SS ? EXCP0C_STACK : EXCP0D_GPF;
    if (!(sc->flags & DESC_P_MASK)) { /* null selector */
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (sc->flags & DESC_CS_MASK) {
        if (access == SEG_ACC_WRITE || !(sc->flags & DESC_R_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
    } else if (access == SEG_ACC_WRITE && !(sc->flags & DESC_R_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (!(sc->flags & DESC_CS_MASK) && (sc->flags & DESC_C_MASK)) { /* expand-down */
        uint32_t upper = (sc->flags & DESC_B_MASK) ? 0xffffffffu : 0xffffu;
        if (off <= sc->limit || last > upper) {
            raise_exception_err_ra(env, excp, 0, ra);
        }
    } else if (last > sc->limit) {
        raise_exception_err_ra(env, excp, 0, ra);
    }
}

void x86_seg_check(CPUX86State *env, int seg, uint32_t off, int size, int access,
                   uintptr_t retaddr)
{
    if (pm(env)) {
        if (!x86_seg_unchecked(env, seg)) {
            seg_check_pm(env, seg, off, size, access, retaddr);
        }
    } else if ((uint64_t)off + (uint32_t)size - 1 > env->segs[seg].limit) {
        raise_exception_err_ra(env, seg == R_SS ? EXCP0C_STACK : EXCP0D_GPF, 0, retaddr);
    }
}

HELPER(seg_check)
{
    (void)c;
    (void)d;
    x86_seg_check(env, (int)(b & 7), a, (int)((b >> 4) & 15), (int)((b >> 8) & 1), GETPC(env));
    return 0;
}

void x86_stack_cur(const CPUX86State *env, X86Stack *st)
{
    const SegmentCache *sc = &env->segs[R_SS];
    st->base = sc->base;
    st->mask = x86_sp_mask(env);
    st->lo = 0;
    st->hi = sc->limit;
    st->err = 0;
    st->mmu_idx = cpu_mmu_index(env);
    st->ac = (env->hflags & HF_AC_MASK) != 0;
    if (pm(env) && !(sc->flags & DESC_CS_MASK) && (sc->flags & DESC_C_MASK)) {
        st->lo = sc->limit + 1;
        st->hi = (sc->flags & DESC_B_MASK) ? 0xffffffffu : 0xffffu;
    }
}

void x86_stack_desc(const CPUX86State *env, X86Stack *st, uint32_t e1, uint32_t e2, int err)
{
    uint32_t limit = desc_limit(e1, e2);
    st->base = desc_base(e1, e2);
    st->mask = (e2 & DESC_B_MASK) ? 0xffffffffu : 0xffffu;
    st->lo = 0;
    st->hi = limit;
    st->err = err;
    /* an inner stack (its level below 3), written while CPL is still the
     * outer one: supervisor accesses, no alignment check */
    st->mmu_idx = (env->cr[0] & CR0_PG_MASK) ? MMU_KERNEL_IDX : MMU_PHYS_IDX;
    st->ac = false;
    if (e2 & DESC_C_MASK) { /* expand-down (a stack is never a code segment) */
        st->lo = limit + 1;
        st->hi = st->mask;
    }
}

void x86_align_check(CPUX86State *env, uint32_t vaddr, int size, uintptr_t retaddr)
{
    if ((env->hflags & HF_AC_MASK) && (vaddr & (uint32_t)(size - 1))) {
        raise_exception_err_ra(env, EXCP11_ALGN, 0, retaddr);
    }
}

/* The limit first, then the alignment (the order of the translator's
 * accesses: segment check, #AC, then the page walk). */
void x86_stack_check(CPUX86State *env, const X86Stack *st, uint32_t esp, int size,
                     uintptr_t retaddr)
{
    uint32_t off = esp & st->mask;
    if (off < st->lo || (uint64_t)off + (uint32_t)size - 1 > st->hi) {
        raise_exception_err_ra(env, EXCP0C_STACK, st->err, retaddr);
    }
    if (st->ac && ((st->base + off) & (uint32_t)(size - 1))) {
        raise_exception_err_ra(env, EXCP11_ALGN, 0, retaddr);
    }
}

void x86_push(CPUX86State *env, const X86Stack *st, uint32_t *esp, int size, uint32_t val,
              uintptr_t retaddr)
{
    uint32_t nesp = *esp - (uint32_t)size;
    x86_stack_check(env, st, nesp, size, retaddr);
    cpu_st_data(env, st->base + (nesp & st->mask), val, size, st->mmu_idx, retaddr);
    *esp = nesp;
}

uint32_t x86_pop(CPUX86State *env, const X86Stack *st, uint32_t *esp, int size,
                 uintptr_t retaddr)
{
    x86_stack_check(env, st, *esp, size, retaddr);
    uint32_t v = cpu_ld_data(env, st->base + (*esp & st->mask), size, st->mmu_idx, retaddr);
    *esp += (uint32_t)size;
    return v;
}

static void load_seg_real(CPUX86State *env, int seg, uint32_t selector)
{
    uint32_t flags = env->segs[seg].flags, limit = env->segs[seg].limit;
    if (env->eflags & VM_MASK) {
        flags = 0xf300 | (seg == R_CS ? 0x800 : 0); /* DPL3, present, writable/code */
        limit = 0xffff;                             /* SDM vol. 3, 20.1.1 */
    }
    cpu_x86_load_seg_cache(env, seg, selector & 0xffff, (selector & 0xffff) << 4, limit, flags);
}

/* Real and V86 mode far JMP/CALL/RET/IRET: the new CS keeps its cached
 * limit (0xFFFF in V86 mode, as load_seg_real sets it), and a target
 * offset past it is #GP(0) at the transfer, before anything is pushed,
 * popped for good or loaded (SDM JMP, CALL, RET, IRET: "IF tempEIP not
 * within code segment limit THEN #GP(0)"), not at the target. */
static void far_real_check(CPUX86State *env, uint32_t eip, uintptr_t ra)
{
    uint32_t limit = (env->eflags & VM_MASK) ? 0xffff : env->segs[R_CS].limit;
    if (eip > limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}

/* MOV/POP/LxS to a data or stack segment register (SDM MOV, "Operation"). */
static void load_seg_pm(CPUX86State *env, int seg, uint32_t sel, uintptr_t ra)
{
    uint32_t e1, e2;
    int rpl = (int)(sel & 3);
    if ((sel & ~3u) == 0) {
        if (seg == R_SS) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cpu_x86_load_seg_cache(env, seg, sel, 0, 0, 0);
        return;
    }
    if (!x86_read_descriptor(env, sel, &e1, &e2, ra) || !(e2 & DESC_S_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    int dpl = desc_dpl(e2);
    if (seg == R_SS) {
        if (rpl != cpl(env) || dpl != cpl(env) || (e2 & DESC_CS_MASK) || !(e2 & DESC_R_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
        }
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0C_STACK, (int)(sel & 0xfffc), ra);
        }
    } else {
        if ((e2 & DESC_CS_MASK) && !(e2 & DESC_R_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
        }
        if ((!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) && (dpl < cpl(env) || dpl < rpl)) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
        }
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(sel & 0xfffc), ra);
        }
    }
    set_accessed(env, sel, e2, ra);
    cpu_x86_load_seg_cache(env, seg, sel, desc_base(e1, e2), desc_limit(e1, e2),
                           e2 | DESC_A_MASK);
}

/* --- task switches (SDM vol. 3, 7.3) --- */

/* Where a TSS keeps the task's state: the 32-bit TSS (SDM vol. 3, figure
 * 7-2) and the 80286 one (figure 7-11, "16-bit TSS"). Both hold the back
 * link at offset 0, the selectors in the order ES CS SS DS (FS GS), and
 * the inner stacks SP0/SS0..SP2/SS2 right after the link. */
typedef struct TSSLayout {
    uint32_t min_limit;  /* a smaller limit is #TS */
    int size;            /* width of EIP, EFLAGS, the GPRs and the SPn fields */
    uint32_t stack0;     /* ESP0 / SP0; SSn follows ESPn/SPn */
    uint32_t stack_step; /* from level n to n + 1 */
    uint32_t eip, eflags, regs, segs, ldt;
    int nsegs; /* ES..GS, or ES..DS */
    uint32_t seg_step;
} TSSLayout;

#define TSS_LINK   0x00
#define TSS32_CR3  0x1c
#define TSS32_TRAP 0x64 /* bit 0: T, a #DB trap when the task is entered */

static const TSSLayout tss32_layout = {
    .min_limit = 103,
    .size = 4,
    .stack0 = 0x04,
    .stack_step = 8,
    .eip = 0x20,
    .eflags = 0x24,
    .regs = 0x28,
    .segs = 0x48,
    .ldt = 0x60,
    .nsegs = 6,
    .seg_step = 4,
};
static const TSSLayout tss16_layout = {
    .min_limit = 43,
    .size = 2,
    .stack0 = 0x02,
    .stack_step = 4,
    .eip = 0x0e,
    .eflags = 0x10,
    .regs = 0x12,
    .segs = 0x22,
    .ldt = 0x2a,
    .nsegs = 4,
    .seg_step = 2,
};

/* The layout of the TSS with descriptor (or TR cache) flags e2: type 9/11
 * is a 32-bit TSS, type 1/3 a 16-bit one. */
static const TSSLayout *tss_layout(uint32_t e2)
{
    return ((e2 >> DESC_TYPE_SHIFT) & 8) ? &tss32_layout : &tss16_layout;
}

static uint32_t ld_kernel(CPUX86State *env, uint32_t addr, int size, uintptr_t ra)
{
    return cpu_ld_data(env, addr, size, MMU_KERNEL_IDX, ra);
}

static void st_kernel(CPUX86State *env, uint32_t addr, uint32_t v, int size, uintptr_t ra)
{
    cpu_st_data(env, addr, v, size, MMU_KERNEL_IDX, ra);
}

/* Stack of the inner level dpl from the current TSS (SDM 7.2.1 and 7.6:
 * SS0:ESP0 at 8/4 in a 32-bit TSS, SS0:SP0 at 4/2 in a 16-bit one; an SP
 * is zero-extended). A field past the TSS limit is #TS(TR). */
void x86_tss_stack(CPUX86State *env, int dpl, uint32_t *ss, uint32_t *esp, uintptr_t retaddr)
{
    const TSSLayout *l = tss_layout(env->tr.flags);
    uint32_t off = l->stack0 + l->stack_step * (uint32_t)dpl;
    if (off + (uint32_t)l->size + 1 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP0A_TSS, (int)(env->tr.selector & 0xfffc), retaddr);
    }
    *esp = ld_kernel(env, env->tr.base + off, l->size, retaddr);
    *ss = ld_kernel(env, env->tr.base + off + (uint32_t)l->size, 2, retaddr);
}

/* Set or clear the busy bit of the TSS descriptor sel (in the GDT). */
static void set_tss_busy(CPUX86State *env, uint32_t sel, bool busy, uintptr_t ra)
{
    uint32_t addr = env->gdt.base + (sel & ~7u) + 4;
    uint32_t e2 = ld_kernel(env, addr, 4, ra);
    e2 = busy ? e2 | (2u << DESC_TYPE_SHIFT) : e2 & ~(2u << DESC_TYPE_SHIFT);
    st_kernel(env, addr, e2, 4, ra);
}

/* Load segment register seg of the new task: the checks of SDM 7.3 step
 * 13, with #TS instead of #GP. The task is already switched: ra is 0. */
static void task_load_seg(CPUX86State *env, int seg, uint32_t sel)
{
    uint32_t e1, e2;
    int err = (int)(sel & 0xfffc), rpl = (int)(sel & 3), cur = cpl(env);
    if ((sel & ~3u) == 0) {
        if (seg == R_CS || seg == R_SS) {
            raise_exception_err_ra(env, EXCP0A_TSS, err, 0);
        }
        cpu_x86_load_seg_cache(env, seg, sel, 0, 0, 0);
        return;
    }
    if (!x86_read_descriptor(env, sel, &e1, &e2, 0) || !(e2 & DESC_S_MASK)) {
        raise_exception_err_ra(env, EXCP0A_TSS, err, 0);
    }
    int dpl = desc_dpl(e2);
    if (seg == R_CS) {
        if (!(e2 & DESC_CS_MASK) || ((e2 & DESC_C_MASK) ? dpl > rpl : dpl != rpl)) {
            raise_exception_err_ra(env, EXCP0A_TSS, err, 0);
        }
    } else if (seg == R_SS) {
        if ((e2 & DESC_CS_MASK) || !(e2 & DESC_R_MASK) || dpl != cur || rpl != cur) {
            raise_exception_err_ra(env, EXCP0A_TSS, err, 0);
        }
    } else {
        if ((e2 & DESC_CS_MASK) && !(e2 & DESC_R_MASK)) {
            raise_exception_err_ra(env, EXCP0A_TSS, err, 0);
        }
        if ((!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) && (dpl < cur || dpl < rpl)) {
            raise_exception_err_ra(env, EXCP0A_TSS, err, 0);
        }
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, seg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG, err, 0);
    }
    set_accessed(env, sel, e2, 0);
    cpu_x86_load_seg_cache(env, seg, sel, desc_base(e1, e2), desc_limit(e1, e2),
                           e2 | DESC_A_MASK);
}

/* The state a task switch loads, read from the new TSS before anything
 * changes. */
typedef struct TaskState {
    uint32_t cr3, eip, eflags, regs[8], segs[6], ldt;
    bool has_cr3; /* a 16-bit TSS keeps the current page tables */
    bool trap;    /* T bit (32-bit TSS only) */
} TaskState;

/* A 16-bit TSS holds only IP, FLAGS and the low halves of the GPRs, and
 * has no slots for CR3, FS, GS or the T bit (SDM 7.6). For the upper
 * halves the SDM says only "modified and not maintained"; pcemu does what
 * QEMU does: EIP's is zeroed, the GPRs' and EFLAGS' keep their values
 * (task_commit_regs), except VM, as a 16-bit TSS is never a virtual-8086
 * task. FS and GS become null. */
static void task_read_state(CPUX86State *env, uint32_t base, const TSSLayout *l, TaskState *t,
                            uintptr_t ra)
{
    t->has_cr3 = l == &tss32_layout;
    t->cr3 = t->has_cr3 ? ld_kernel(env, base + TSS32_CR3, 4, ra) : 0;
    t->eip = ld_kernel(env, base + l->eip, l->size, ra);
    t->eflags = ld_kernel(env, base + l->eflags, l->size, ra);
    for (int i = 0; i < 8; i++) {
        t->regs[i] = ld_kernel(env, base + l->regs + (uint32_t)(l->size * i), l->size, ra);
    }
    for (int i = 0; i < 6; i++) {
        uint32_t off = l->segs + l->seg_step * (uint32_t)i;
        t->segs[i] = i < l->nsegs ? ld_kernel(env, base + off, 2, ra) : 0; /* FS GS null */
    }
    t->ldt = ld_kernel(env, base + l->ldt, 2, ra);
    t->trap = l == &tss32_layout && (ld_kernel(env, base + TSS32_TRAP, 2, ra) & 1);
}

/* EIP, EFLAGS and the GPRs of the new task (layout l, see above). */
static void task_commit_regs(CPUX86State *env, const TSSLayout *l, const TaskState *t)
{
    uint32_t keep = l->size == 2 ? 0xffff0000u : 0;
    env->eip = t->eip;
    for (int i = 0; i < 8; i++) {
        env->regs[i] = (env->regs[i] & keep) | t->regs[i];
    }
    uint32_t eflags = (cpu_x86_get_eflags(env) & keep & ~VM_MASK) | t->eflags;
    cpu_x86_load_eflags(env, eflags, ~0u);
}

/* Save the running task in its TSS (layout l); a 16-bit TSS keeps only
 * the low halves (SDM 7.6). */
static void task_save_state(CPUX86State *env, const TSSLayout *l, uint32_t eip, uint32_t eflags,
                            uintptr_t ra)
{
    uint32_t base = env->tr.base;
    st_kernel(env, base + l->eip, eip, l->size, ra);
    st_kernel(env, base + l->eflags, eflags, l->size, ra);
    for (int i = 0; i < 8; i++) {
        st_kernel(env, base + l->regs + (uint32_t)(l->size * i), env->regs[i], l->size, ra);
    }
    for (int i = 0; i < l->nsegs; i++) {
        st_kernel(env, base + l->segs + l->seg_step * (uint32_t)i, env->segs[i].selector, 2, ra);
    }
}

/* The LDT of the new task (SDM 7.3 step 12): #TS(LDT selector). */
static void task_load_ldt(CPUX86State *env, uint32_t sel)
{
    env->ldt.selector = sel & ~4u;
    env->ldt.base = env->ldt.limit = env->ldt.flags = 0;
    if (sel & 4) {
        raise_exception_err_ra(env, EXCP0A_TSS, (int)(sel & 0xfffc), 0);
    }
    if ((sel & ~3u) == 0) {
        return;
    }
    uint32_t l1, l2;
    if (!x86_read_descriptor(env, sel, &l1, &l2, 0) || (l2 & DESC_S_MASK) ||
        ((l2 >> DESC_TYPE_SHIFT) & 15) != 2 || !(l2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0A_TSS, (int)(sel & 0xfffc), 0);
    }
    env->ldt.base = desc_base(l1, l2);
    env->ldt.limit = desc_limit(l1, l2);
    env->ldt.flags = l2;
}

/* Raise now the #PF a supervisor write of len bytes at vaddr would take
 * (the range lies within two pages): its first and last byte are probed
 * for reading, then for writing, as QEMU does before a task switch, so a
 * not-present page reports a read (error code 0) and a read-only one
 * under CR0.WP a write (3). Nothing is written. */
static void task_probe_write(CPUX86State *env, uint32_t vaddr, uint32_t len, uintptr_t ra)
{
    uint32_t last = vaddr + len - 1;
    (void)ld_kernel(env, vaddr, 1, ra);
    (void)ld_kernel(env, last, 1, ra);
    tlb_fill(env, vaddr, MMU_DATA_STORE, MMU_KERNEL_IDX, ra);
    tlb_fill(env, last, MMU_DATA_STORE, MMU_KERNEL_IDX, ra);
}

/* DR7 L0-L3 (SDM vol. 3, 17.2.4): local breakpoints belong to the old
 * task, and the processor clears them on every task switch. Breakpoints
 * are compiled into TBs (helper_misc.c), so if one stops being enabled
 * every TB goes. That is safe in the middle of a helper here: a far JMP,
 * CALL or IRET TB only leaves with exit_tb(0) after its helper (no
 * chaining from it), its code stays in the buffer until the loop
 * translates again, and an interrupt is delivered between TBs. */
static void task_clear_local_breakpoints(CPUX86State *env)
{
    uint32_t old = env->dr[7], dr7 = old & ~DR7_LOCAL_MASK;
    bool dropped = false;
    for (int i = 0; i < 4; i++) {
        dropped |= ((old >> (2 * i)) & 3) != 0 && ((dr7 >> (2 * i)) & 3) == 0;
    }
    env->dr[7] = dr7;
    if (dropped) {
        tb_flush(env->tbs);
    }
}

void x86_task_switch(CPUX86State *env, uint32_t sel, uint32_t e1, uint32_t e2, int source,
                     uint32_t next_eip, const X86TaskEvent *ev, uintptr_t ra)
{
    int type = (int)((e2 >> DESC_TYPE_SHIFT) & 15);
    if (type == 5) { /* task gate: its selector names the TSS */
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(sel & 0xfffc), ra);
        }
        sel = e1 >> 16;
        if ((sel & 4) || !x86_read_descriptor(env, sel, &e1, &e2, ra) ||
            (e2 & DESC_S_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
        }
        type = (int)((e2 >> DESC_TYPE_SHIFT) & 15);
        if ((type & 7) != 1 && (type & 7) != 3) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
        }
    }
    if ((type & 7) != 1 && (type & 7) != 3) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    bool busy = (type & 2) != 0;
    if (source == X86_TS_IRET ? !busy : busy) {
        raise_exception_err_ra(env, source == X86_TS_IRET ? EXCP0A_TSS : EXCP0D_GPF,
                               (int)(sel & 0xfffc), ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(sel & 0xfffc), ra);
    }
    uint32_t base = desc_base(e1, e2), limit = desc_limit(e1, e2);
    const TSSLayout *new_l = tss_layout(e2), *old_l = tss_layout(env->tr.flags);
    if (limit < new_l->min_limit) {
        raise_exception_err_ra(env, EXCP0A_TSS, (int)(sel & 0xfffc), ra);
    }
    if (env->tr.limit < old_l->min_limit) {
        raise_exception_err_ra(env, EXCP0A_TSS, (int)(env->tr.selector & 0xfffc), ra);
    }
    log_mask(env->log, LOG_INT, "task switch %04x -> %04x (%s, %d-bit TSS)\n", env->tr.selector,
             sel,
             source == X86_TS_JMP    ? "jmp"
             : source == X86_TS_CALL ? "call"
                                     : "iret",
             new_l->size * 8);

    /* read the whole new state first: a fault here leaves the old task */
    TaskState t;
    task_read_state(env, base, new_l, &t, ra);
    /* SDM 7.3 step 5: what the switch writes must be paged in before
     * anything changes: the fields of the old TSS saved below, the back
     * link of the new one (CALL), the GDT dwords whose busy bits change */
    uint32_t save_end = old_l->segs + old_l->seg_step * (uint32_t)old_l->nsegs;
    task_probe_write(env, env->tr.base + old_l->eip, save_end - old_l->eip, ra);
    if (source == X86_TS_CALL) {
        task_probe_write(env, base + TSS_LINK, 2, ra);
    } else {
        task_probe_write(env, env->gdt.base + (env->tr.selector & ~7u) + 4, 4, ra);
    }
    if (source != X86_TS_IRET) {
        task_probe_write(env, env->gdt.base + (sel & ~7u) + 4, 4, ra);
    }

    /* save the old task; the EFLAGS image of a fault has RF (SDM 17.3.1.1) */
    uint32_t old_eflags = cpu_x86_get_eflags(env);
    if (source == X86_TS_JMP || source == X86_TS_IRET) {
        set_tss_busy(env, env->tr.selector, false, ra);
    }
    if (source == X86_TS_IRET) {
        old_eflags &= ~NT_MASK;
    }
    if (ev && ev->fault) {
        old_eflags |= RF_MASK;
    }
    task_save_state(env, old_l, next_eip, old_eflags, ra);
    if (source == X86_TS_CALL) {
        st_kernel(env, base + TSS_LINK, env->tr.selector, 2, ra);
        t.eflags |= NT_MASK;
    }
    if (source != X86_TS_IRET) {
        set_tss_busy(env, sel, true, ra);
    }

    /* commit: from here on, faults belong to the new task */
    env->cr[0] |= 1u << 3; /* CR0.TS */
    env->tr.selector = sel;
    env->tr.base = base;
    env->tr.limit = limit;
    env->tr.flags = e2 | (2u << DESC_TYPE_SHIFT);
    task_clear_local_breakpoints(env);
    if (t.has_cr3 && (env->cr[0] & CR0_PG_MASK)) {
        env->cr[3] = t.cr3;
        tlb_flush(env);
    }
    task_commit_regs(env, new_l, &t);
    if (t.eflags & VM_MASK) {
        for (int i = 0; i < 6; i++) {
            load_seg_real(env, i, t.segs[i]);
        }
        env->hflags |= 3; /* CPL 3 in virtual-8086 mode */
        cpu_x86_update_hflags(env);
    } else {
        /* selectors first (CPL comes from CS.RPL), descriptors next */
        for (int i = 0; i < 6; i++) {
            cpu_x86_load_seg_cache(env, i, t.segs[i], 0, 0, 0);
        }
    }
    task_load_ldt(env, t.ldt);
    if (!(t.eflags & VM_MASK)) {
        task_load_seg(env, R_CS, t.segs[R_CS]);
        task_load_seg(env, R_SS, t.segs[R_SS]);
        task_load_seg(env, R_ES, t.segs[R_ES]);
        task_load_seg(env, R_DS, t.segs[R_DS]);
        task_load_seg(env, R_FS, t.segs[R_FS]);
        task_load_seg(env, R_GS, t.segs[R_GS]);
    }
    if (t.eip > env->segs[R_CS].limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
    /* an exception through a task gate: its error code goes on the new
     * task's stack, a word or a dword as the new TSS is 16 or 32 bits */
    if (ev && ev->error_code >= 0) {
        uint32_t esp = env->regs[R_ESP];
        X86Stack st;
        x86_stack_cur(env, &st);
        x86_push(env, &st, &esp, new_l->size, (uint32_t)ev->error_code, 0);
        x86_set_esp(env, esp, st.mask);
    }
    /* T bit: a debug trap in the new task, before its first instruction
     * (SDM 7.2.1 and 17.3.1.5): DR6.BT. Raised last, once the switch is
     * complete (error code pushed), like the faults after the commit. */
    if (t.trap) {
        env->dr[6] |= DR6_BT;
        raise_exception_err_ra(env, EXCP01_DB, 0, 0);
    }
}

HELPER(load_seg)
{
    (void)c;
    (void)d;
    if (pm(env)) {
        load_seg_pm(env, (int)a, b & 0xffff, GETPC(env));
    } else {
        load_seg_real(env, (int)a, b);
    }
    if (a == R_SS) {
        env->hflags |= HF_INHIBIT_MASK;
    }
    return 0;
}

/* Checks of a code segment for a far JMP/CALL (no gates); loads CS:EIP. */
static void far_code_pm(CPUX86State *env, uint32_t sel, uint32_t off, uintptr_t ra)
{
    uint32_t e1, e2;
    if ((sel & ~3u) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_descriptor(env, sel, &e1, &e2, ra) || !(e2 & DESC_S_MASK) ||
        !(e2 & DESC_CS_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    int dpl = desc_dpl(e2), rpl = (int)(sel & 3);
    if ((e2 & DESC_C_MASK) ? dpl > cpl(env) : (rpl > cpl(env) || dpl != cpl(env))) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(sel & 0xfffc), ra);
    }
    uint32_t limit = desc_limit(e1, e2);
    if (off > limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    set_accessed(env, sel, e2, ra);
    cpu_x86_load_seg_cache(env, R_CS, (sel & ~3u) | (uint32_t)cpl(env), desc_base(e1, e2), limit,
                           e2 | DESC_A_MASK);
    env->eip = off;
}

/* A far JMP/CALL to a system descriptor: TSS or task gate (switch tasks)
 * or call gate (*gate_out = true, with the gate in e1/e2). */
static bool far_system_pm(CPUX86State *env, uint32_t sel, uint32_t e1, uint32_t e2, int source,
                          uint32_t next_eip, uintptr_t ra)
{
    int type = (int)((e2 >> DESC_TYPE_SHIFT) & 15), dpl = desc_dpl(e2);
    int rpl = (int)(sel & 3);
    switch (type) {
    case 1: case 9: case 5: /* available TSS, task gate */
        if (dpl < cpl(env) || dpl < rpl) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
        }
        x86_task_switch(env, sel, e1, e2, source, next_eip, NULL, ra);
        return false;
    case 4: case 12: /* call gate */
        if (dpl < cpl(env) || dpl < rpl) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
        }
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(sel & 0xfffc), ra);
        }
        return true;
    default:
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
}

/* The code segment a call gate names: checked and returned in c1/c2. */
static uint32_t gate_target(CPUX86State *env, uint32_t e1, uint32_t *c1, uint32_t *c2,
                            uintptr_t ra)
{
    uint32_t csel = e1 >> 16;
    if ((csel & ~3u) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_descriptor(env, csel, c1, c2, ra) || !(*c2 & DESC_S_MASK) ||
        !(*c2 & DESC_CS_MASK) || desc_dpl(*c2) > cpl(env)) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(csel & 0xfffc), ra);
    }
    if (!(*c2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(csel & 0xfffc), ra);
    }
    return csel;
}

static uint32_t gate_offset(uint32_t e1, uint32_t e2)
{
    uint32_t off = e1 & 0xffff;
    if ((e2 >> DESC_TYPE_SHIFT) & 8) {
        off |= e2 & 0xffff0000u;
    }
    return off;
}

HELPER(ljmp)
{
    (void)d;
    uintptr_t ra = GETPC(env);
    if (!pm(env)) {
        far_real_check(env, b, ra);
        load_seg_real(env, R_CS, a);
        env->eip = b;
        return 0;
    }
    uint32_t sel = a & 0xffff, e1, e2, c1, c2;
    if ((sel & ~3u) && x86_read_descriptor(env, sel, &e1, &e2, ra) && !(e2 & DESC_S_MASK)) {
        if (!far_system_pm(env, sel, e1, e2, X86_TS_JMP, c, ra)) {
            return 0;
        }
        uint32_t csel = gate_target(env, e1, &c1, &c2, ra);
        int cdpl = desc_dpl(c2);
        if (!(c2 & DESC_C_MASK) && cdpl != cpl(env)) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(csel & 0xfffc), ra);
        }
        uint32_t off = gate_offset(e1, e2);
        if (off > desc_limit(c1, c2)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        set_accessed(env, csel, c2, ra);
        cpu_x86_load_seg_cache(env, R_CS, (csel & ~3u) | (uint32_t)cpl(env), desc_base(c1, c2),
                               desc_limit(c1, c2), c2 | DESC_A_MASK);
        env->eip = off;
        return 0;
    }
    far_code_pm(env, sel, b, ra);
    return 0;
}

/* CALL through a call gate (SDM CALL, "CALL-GATE"): to the same level, or
 * to an inner one on the stack from the TSS with the parameters copied. */
static void call_gate(CPUX86State *env, uint32_t e1, uint32_t e2, uint32_t next_eip,
                      uintptr_t ra)
{
    uint32_t c1, c2;
    uint32_t csel = gate_target(env, e1, &c1, &c2, ra);
    int cdpl = desc_dpl(c2), size = ((e2 >> DESC_TYPE_SHIFT) & 8) ? 4 : 2;
    uint32_t off = gate_offset(e1, e2), limit = desc_limit(c1, c2);
    uint32_t old_cs = env->segs[R_CS].selector, old_ss = env->segs[R_SS].selector;
    uint32_t old_esp = env->regs[R_ESP];
    X86Stack old;
    x86_stack_cur(env, &old);
    if (!(c2 & DESC_C_MASK) && cdpl < cpl(env)) {
        uint32_t ss, esp, s1, s2;
        x86_tss_stack(env, cdpl, &ss, &esp, ra);
        if ((ss & ~3u) == 0) {
            raise_exception_err_ra(env, EXCP0A_TSS, 0, ra);
        }
        if ((int)(ss & 3) != cdpl || !x86_read_descriptor(env, ss, &s1, &s2, ra) ||
            !(s2 & DESC_S_MASK) || (s2 & DESC_CS_MASK) || !(s2 & DESC_R_MASK) ||
            desc_dpl(s2) != cdpl) {
            raise_exception_err_ra(env, EXCP0A_TSS, (int)(ss & 0xfffc), ra);
        }
        if (!(s2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0C_STACK, (int)(ss & 0xfffc), ra);
        }
        if (off > limit) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        /* the new stack must hold the whole frame: #SS(new SS) */
        X86Stack st;
        x86_stack_desc(env, &st, s1, s2, (int)(ss & 0xfffc));
        uint32_t nparams = e2 & 0x1f;
        x86_push(env, &st, &esp, size, old_ss, ra);
        x86_push(env, &st, &esp, size, old_esp, ra);
        for (uint32_t i = nparams; i-- > 0;) {
            uint32_t p = old_esp + i * (uint32_t)size;
            uint32_t v = x86_pop(env, &old, &p, size, ra); /* #SS(0) on the caller's stack */
            x86_push(env, &st, &esp, size, v, ra);
        }
        x86_push(env, &st, &esp, size, old_cs, ra);
        x86_push(env, &st, &esp, size, next_eip, ra);
        env->hflags = (env->hflags & ~HF_CPL_MASK) | (uint32_t)cdpl;
        set_accessed(env, ss, s2, ra);
        cpu_x86_load_seg_cache(env, R_SS, (ss & ~3u) | (uint32_t)cdpl, st.base,
                               desc_limit(s1, s2), s2 | DESC_A_MASK);
        x86_set_esp(env, esp, st.mask);
    } else {
        uint32_t esp = old_esp;
        if (off > limit) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        x86_push(env, &old, &esp, size, old_cs, ra);
        x86_push(env, &old, &esp, size, next_eip, ra);
        x86_set_esp(env, esp, old.mask);
        cdpl = cpl(env);
    }
    set_accessed(env, csel, c2, ra);
    cpu_x86_load_seg_cache(env, R_CS, (csel & ~3u) | (uint32_t)cdpl, desc_base(c1, c2), limit,
                           c2 | DESC_A_MASK);
    env->eip = off;
}

HELPER(lcall)
{
    uintptr_t ra = GETPC(env);
    int size = d == 2 ? 4 : 2; /* MO_32 = 2 */
    uint32_t esp = env->regs[R_ESP];
    uint32_t old_cs = env->segs[R_CS].selector;
    X86Stack st;
    x86_stack_cur(env, &st);
    if (pm(env)) {
        uint32_t e1, e2, sel = a & 0xffff;
        /* check the target before pushing so a fault leaves the stack */
        if ((sel & ~3u) == 0) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        if (!x86_read_descriptor(env, sel, &e1, &e2, ra)) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
        }
        if (!(e2 & DESC_S_MASK)) {
            if (far_system_pm(env, sel, e1, e2, X86_TS_CALL, c, ra)) {
                call_gate(env, e1, e2, c, ra);
            }
            return 0;
        }
        /* probe both slots, then commit */
        uint32_t probe = esp;
        x86_push(env, &st, &probe, size, old_cs, ra);
        x86_push(env, &st, &probe, size, c, ra);
        far_code_pm(env, sel, b, ra);
        x86_push(env, &st, &esp, size, old_cs, ra);
        x86_push(env, &st, &esp, size, c, ra);
    } else {
        uint32_t eip = size == 2 ? b & 0xffff : b;
        far_real_check(env, eip, ra);
        x86_push(env, &st, &esp, size, old_cs, ra);
        x86_push(env, &st, &esp, size, c, ra);
        load_seg_real(env, R_CS, a);
        env->eip = eip;
    }
    x86_set_esp(env, esp, st.mask);
    return 0;
}

/* After a return to an outer level: null data segments the new CPL may not use. */
static void validate_seg(CPUX86State *env, int seg)
{
    uint32_t f = env->segs[seg].flags;
    if ((env->segs[seg].selector & ~3u) == 0) {
        return;
    }
    if (!(f & DESC_CS_MASK) || !(f & DESC_C_MASK)) {
        if (desc_dpl(f) < cpl(env)) {
            cpu_x86_load_seg_cache(env, seg, 0, 0, 0, 0);
        }
    }
}

/* Protected-mode far return of RET/IRET: CS:EIP already popped. */
static void return_pm(CPUX86State *env, uint32_t sel, uint32_t eip, uint32_t *esp, int size,
                      uint32_t extra, uintptr_t ra)
{
    uint32_t e1, e2;
    int rpl = (int)(sel & 3);
    X86Stack st;
    x86_stack_cur(env, &st);
    if ((sel & ~3u) == 0 || !x86_read_descriptor(env, sel, &e1, &e2, ra) ||
        !(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK) || rpl < cpl(env)) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    int dpl = desc_dpl(e2);
    if ((e2 & DESC_C_MASK) ? dpl > rpl : dpl != rpl) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(sel & 0xfffc), ra);
    }
    if (eip > desc_limit(e1, e2)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    *esp += extra;
    if (rpl == cpl(env)) {
        cpu_x86_load_seg_cache(env, R_CS, sel, desc_base(e1, e2), desc_limit(e1, e2), e2);
        x86_set_esp(env, *esp, st.mask);
        env->eip = eip;
        return;
    }
    uint32_t new_esp = x86_pop(env, &st, esp, size, ra);
    uint32_t new_ss = x86_pop(env, &st, esp, size, ra) & 0xffff;
    cpu_x86_load_seg_cache(env, R_CS, sel, desc_base(e1, e2), desc_limit(e1, e2), e2);
    load_seg_pm(env, R_SS, new_ss, ra);
    x86_set_esp(env, new_esp + extra, x86_sp_mask(env));
    env->eip = eip;
    validate_seg(env, R_ES);
    validate_seg(env, R_DS);
    validate_seg(env, R_FS);
    validate_seg(env, R_GS);
}

HELPER(lret)
{
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    int size = a == 2 ? 4 : 2;
    uint32_t esp = env->regs[R_ESP];
    X86Stack st;
    x86_stack_cur(env, &st);
    uint32_t eip = x86_pop(env, &st, &esp, size, ra);
    uint32_t sel = x86_pop(env, &st, &esp, size, ra) & 0xffff;
    if (pm(env)) {
        return_pm(env, sel, eip, &esp, size, b, ra);
        return 0;
    }
    far_real_check(env, eip, ra);
    load_seg_real(env, R_CS, sel);
    env->eip = eip;
    x86_set_esp(env, esp + b, st.mask);
    return 0;
}

/* IRET from CPL 0 to virtual-8086 mode: EIP CS EFLAGS already popped,
 * ESP SS ES DS FS GS follow (SDM IRET, "RETURN-TO-VIRTUAL-8086-MODE"). */
static void iret_to_v86(CPUX86State *env, uint32_t eip, uint32_t cs, uint32_t fl, uint32_t esp,
                        uintptr_t ra)
{
    X86Stack st;
    x86_stack_cur(env, &st);
    uint32_t new_esp = x86_pop(env, &st, &esp, 4, ra);
    uint32_t sel[6];
    sel[R_SS] = x86_pop(env, &st, &esp, 4, ra);
    sel[R_ES] = x86_pop(env, &st, &esp, 4, ra);
    sel[R_DS] = x86_pop(env, &st, &esp, 4, ra);
    sel[R_FS] = x86_pop(env, &st, &esp, 4, ra);
    sel[R_GS] = x86_pop(env, &st, &esp, 4, ra);
    sel[R_CS] = cs;
    cpu_x86_load_eflags(env, fl, TF_MASK | AC_MASK | ID_MASK | NT_MASK | DF_MASK | CC_MASK |
                                     RF_MASK | IF_MASK | IOPL_MASK | VM_MASK | VIF_MASK |
                                     VIP_MASK);
    env->hflags |= 3; /* CPL 3 */
    for (int i = 0; i < 6; i++) {
        load_seg_real(env, i, sel[i] & 0xffff);
    }
    env->regs[R_ESP] = new_esp;
    env->eip = eip & 0xffff;
}

HELPER(iret)
{
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    int size = a == 2 ? 4 : 2;
    uint32_t esp = env->regs[R_ESP];
    X86Stack st;
    x86_stack_cur(env, &st);
    if (pm(env) && (env->eflags & NT_MASK)) {
        /* return to the task in the back link (SDM 7.4) */
        uint32_t link = ld_kernel(env, env->tr.base + TSS_LINK, 2, ra), e1, e2;
        if ((link & 4) || !x86_read_descriptor(env, link, &e1, &e2, ra) || (e2 & DESC_S_MASK) ||
            ((e2 >> DESC_TYPE_SHIFT) & 7) != 3) { /* busy TSS */
            raise_exception_err_ra(env, EXCP0A_TSS, (int)(link & 0xfffc), ra);
        }
        x86_task_switch(env, link, e1, e2, X86_TS_IRET, b, NULL, ra);
        return 0;
    }
    uint32_t eip = x86_pop(env, &st, &esp, size, ra);
    uint32_t sel = x86_pop(env, &st, &esp, size, ra) & 0xffff;
    uint32_t fl = x86_pop(env, &st, &esp, size, ra);
    uint32_t umask = TF_MASK | AC_MASK | ID_MASK | NT_MASK | DF_MASK | CC_MASK | RF_MASK;
    if (!pm(env)) {
        far_real_check(env, eip, ra);
        load_seg_real(env, R_CS, sel);
        env->eip = eip;
        x86_set_esp(env, esp, st.mask);
        umask |= IF_MASK;
        if (!(env->eflags & VM_MASK)) {
            umask |= IOPL_MASK; /* v86 IRET (IOPL 3) keeps IOPL */
        }
    } else {
        if ((fl & VM_MASK) && size == 4 && cpl(env) == 0) {
            iret_to_v86(env, eip, sel, fl, esp, ra);
            return 0;
        }
        int old_cpl = cpl(env);
        return_pm(env, sel, eip, &esp, size, 0, ra);
        if (old_cpl == 0) {
            umask |= IOPL_MASK;
        }
        if (old_cpl <= (int)((env->eflags & IOPL_MASK) >> 12)) {
            umask |= IF_MASK;
        }
    }
    if (size == 2) {
        umask &= 0xffff;
    }
    cpu_x86_load_eflags(env, fl, umask);
    return 0;
}

HELPER(enter)
{
    (void)d;
    uintptr_t ra = GETPC(env);
    int size = c == 2 ? 4 : 2, mmu = cpu_mmu_index(env);
    uint32_t esp = env->regs[R_ESP], ebp = env->regs[R_EBP];
    X86Stack st;
    x86_stack_cur(env, &st);
    x86_push(env, &st, &esp, size, ebp, ra);
    uint32_t frame = esp;
    for (uint32_t i = 1; i < b; i++) {
        ebp -= (uint32_t)size;
        uint32_t p = ebp;
        x86_push(env, &st, &esp, size, x86_pop(env, &st, &p, size, ra), ra);
    }
    if (b > 0) {
        x86_push(env, &st, &esp, size, frame, ra);
    }
    esp -= a;
    /* the stack must be writable down to the new ESP before anything
     * changes; its limit: SDM ENTER, "#SS(0) if the new value of ESP is
     * outside the stack segment limit" */
    if (a > 0) {
        x86_stack_check(env, &st, esp, 1, ra);
    }
    uint32_t lin = st.base + (esp & st.mask);
    cpu_st_data(env, lin, cpu_ld_data(env, lin, 1, mmu, ra), 1, mmu, ra);
    if (size == 4) {
        env->regs[R_EBP] = frame;
    } else {
        env->regs[R_EBP] = (env->regs[R_EBP] & 0xffff0000u) | (frame & 0xffff);
    }
    x86_set_esp(env, esp, st.mask);
    return 0;
}

HELPER(bound)
{
    (void)d;
    uintptr_t ra = GETPC(env);
    int size = c == 2 ? 4 : 2;
    int mmu = cpu_mmu_index(env);
    int32_t lo, hi, idx;
    x86_align_check(env, b, size, ra); /* each bound is a word or dword */
    if (size == 4) {
        lo = (int32_t)cpu_ld_data(env, b, 4, mmu, ra);
        hi = (int32_t)cpu_ld_data(env, b + 4, 4, mmu, ra);
        idx = (int32_t)a;
    } else {
        lo = (int16_t)cpu_ld_data(env, b, 2, mmu, ra);
        hi = (int16_t)cpu_ld_data(env, b + 2, 2, mmu, ra);
        idx = (int16_t)a;
    }
    if (idx < lo || idx > hi) {
        raise_exception_ra(env, EXCP05_BOUND, ra);
    }
    return 0;
}

static void load_system_desc(CPUX86State *env, DescTable *dt, uint32_t sel, int type_a,
                             int type_b, uintptr_t ra)
{
    uint32_t e1, e2;
    if ((sel & ~3u) == 0) {
        if (dt == &env->tr) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        dt->selector = sel;
        dt->base = dt->limit = 0;
        return;
    }
    if ((sel & 4) || !x86_read_descriptor(env, sel, &e1, &e2, ra) || (e2 & DESC_S_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    int type = (int)((e2 >> DESC_TYPE_SHIFT) & 15);
    if (type != type_a && type != type_b) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, (int)(sel & 0xfffc), ra);
    }
    dt->selector = sel;
    dt->base = desc_base(e1, e2);
    dt->limit = desc_limit(e1, e2);
    dt->flags = e2;
    if (dt == &env->tr) { /* mark busy */
        cpu_st_data(env, env->gdt.base + (sel & ~7u) + 4, e2 | (2u << DESC_TYPE_SHIFT), 4,
                    MMU_KERNEL_IDX, ra);
        dt->flags |= 2u << DESC_TYPE_SHIFT;
    }
}

HELPER(lldt)
{
    (void)b;
    (void)c;
    (void)d;
    load_system_desc(env, &env->ldt, a & 0xffff, 2, 2, GETPC(env));
    return 0;
}

HELPER(ltr)
{
    (void)b;
    (void)c;
    (void)d;
    load_system_desc(env, &env->tr, a & 0xffff, 1, 9, GETPC(env));
    return 0;
}

/* LAR/LSL/VERR/VERW: ZF says whether the selector passed. system_ok: 0 no
 * system descriptors (VERR/VERW), 1 TSS/LDT (LSL), 2 also gates (LAR). */
static bool check_visible(CPUX86State *env, uint32_t sel, uint32_t *e1, uint32_t *e2,
                          int system_ok)
{
    if ((sel & ~3u) == 0 || !x86_read_descriptor(env, sel, e1, e2, GETPC(env))) {
        return false;
    }
    int dpl = desc_dpl(*e2), rpl = (int)(sel & 3);
    if (!(*e2 & DESC_S_MASK)) {
        int type = (int)((*e2 >> DESC_TYPE_SHIFT) & 15);
        bool ok = system_ok && (type == 1 || type == 2 || type == 3 || type == 9 || type == 11 ||
                                (system_ok == 2 && (type == 4 || type == 5 || type == 12)));
        return ok && dpl >= cpl(env) && dpl >= rpl;
    }
    if ((*e2 & DESC_CS_MASK) && (*e2 & DESC_C_MASK)) {
        return true;
    }
    return dpl >= cpl(env) && dpl >= rpl;
}

HELPER(lar)
{
    (void)c;
    (void)d;
    uint32_t e1 = 0, e2 = 0;
    /* LAR also accepts call and task gates (SDM LAR, table 3-1); LSL does not */
    bool ok = check_visible(env, a & 0xffff, &e1, &e2, b ? 1 : 2);
    env->cc_src = (env->cc_src & ~CC_Z) | (ok ? CC_Z : 0);
    if (!ok) {
        return 0;
    }
    return b ? desc_limit(e1, e2) : (e2 & 0x00f0ff00u);
}

HELPER(verr)
{
    (void)c;
    (void)d;
    uint32_t e1 = 0, e2 = 0;
    bool ok = check_visible(env, a & 0xffff, &e1, &e2, 0) && (e2 & DESC_S_MASK);
    if (ok) {
        bool code = (e2 & DESC_CS_MASK) != 0;
        ok = b == 0 ? (!code || (e2 & DESC_R_MASK)) : (!code && (e2 & DESC_R_MASK));
    }
    env->cc_src = (env->cc_src & ~CC_Z) | (ok ? CC_Z : 0);
    return 0;
}
