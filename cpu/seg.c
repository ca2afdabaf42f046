/*
 * seg.c - segmentation: descriptor reads, segment register loads with
 * their protection checks, far JMP/CALL/RET, IRET, ENTER, BOUND and the
 * descriptor-table instructions (SDM vol. 3, chapters 3 and 5).
 *
 * Covered: real mode, protected-mode code/data segments at the same
 * privilege, far returns and IRET to an outer privilege level, LLDT/LTR,
 * LAR/LSL/VERR/VERW. Call gates, task switches and virtual-8086 entry
 * raise #GP with a LOG_UNIMP note until the CPU issue adds them.
 */
#include <string.h>

#include "cpu/excp.h"
#include "cpu/helper.h"
#include "cpu/translate.h"
#include "softmmu/tlb.h"
#include "tcg/exec.h"

#define DESC_TYPE_SHIFT 8
#define DESC_S_MASK     (1u << 12)
#define DESC_CS_MASK    (1u << 11)
#define DESC_C_MASK     (1u << 10) /* conforming (code) / expand-down (data) */
#define DESC_R_MASK     (1u << 9)  /* readable code / writable data */
#define DESC_A_MASK     (1u << 8)
#define DESC_G_MASK     (1u << 23)

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

void x86_push(CPUX86State *env, uint32_t *esp, uint32_t ss_base, uint32_t sp_mask, int size,
              uint32_t val, uintptr_t retaddr)
{
    *esp -= (uint32_t)size;
    cpu_st_data(env, ss_base + (*esp & sp_mask), val, size, cpu_mmu_index(env), retaddr);
}

uint32_t x86_pop(CPUX86State *env, uint32_t *esp, uint32_t ss_base, uint32_t sp_mask, int size,
                 uintptr_t retaddr)
{
    uint32_t v = cpu_ld_data(env, ss_base + (*esp & sp_mask), size, cpu_mmu_index(env), retaddr);
    *esp += (uint32_t)size;
    return v;
}

static void load_seg_real(CPUX86State *env, int seg, uint32_t selector)
{
    uint32_t flags = env->segs[seg].flags;
    if (env->eflags & VM_MASK) {
        flags = 0xf300 | (seg == R_CS ? 0x800 : 0); /* DPL3, present, writable/code */
    }
    cpu_x86_load_seg_cache(env, seg, selector & 0xffff, (selector & 0xffff) << 4,
                           env->segs[seg].limit, flags);
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
static void far_code_pm(CPUX86State *env, uint32_t sel, uint32_t off, uintptr_t ra,
                        uint32_t *e2_out)
{
    uint32_t e1, e2;
    if ((sel & ~3u) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_descriptor(env, sel, &e1, &e2, ra)) {
        raise_exception_err_ra(env, EXCP0D_GPF, (int)(sel & 0xfffc), ra);
    }
    if (!(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)) {
        log_mask(env->log, LOG_UNIMP, "far transfer through a gate/TSS %04x\n", sel);
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
    *e2_out = e2;
    set_accessed(env, sel, e2, ra);
    cpu_x86_load_seg_cache(env, R_CS, (sel & ~3u) | (uint32_t)cpl(env), desc_base(e1, e2), limit,
                           e2 | DESC_A_MASK);
    env->eip = off;
}

HELPER(ljmp)
{
    (void)c;
    (void)d;
    uint32_t e2;
    if (pm(env)) {
        far_code_pm(env, a & 0xffff, b, GETPC(env), &e2);
    } else {
        load_seg_real(env, R_CS, a);
        env->eip = b;
    }
    return 0;
}

HELPER(lcall)
{
    uintptr_t ra = GETPC(env);
    int size = d == 2 ? 4 : 2; /* MO_32 = 2 */
    uint32_t mask = x86_sp_mask(env), esp = env->regs[R_ESP], ssb = env->segs[R_SS].base;
    uint32_t old_cs = env->segs[R_CS].selector;
    if (pm(env)) {
        uint32_t e1, e2;
        /* check the target before pushing so a fault leaves the stack */
        if (!x86_read_descriptor(env, a & 0xffff, &e1, &e2, ra) || !(e2 & DESC_S_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, (int)(a & 0xfffc), ra);
        }
        x86_push(env, &esp, ssb, mask, size, old_cs, ra);
        x86_push(env, &esp, ssb, mask, size, c, ra);
        far_code_pm(env, a & 0xffff, b, ra, &e2);
    } else {
        x86_push(env, &esp, ssb, mask, size, old_cs, ra);
        x86_push(env, &esp, ssb, mask, size, c, ra);
        load_seg_real(env, R_CS, a);
        env->eip = size == 2 ? b & 0xffff : b;
    }
    x86_set_esp(env, esp, mask);
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
    uint32_t e1, e2, mask = x86_sp_mask(env), ssb = env->segs[R_SS].base;
    int rpl = (int)(sel & 3);
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
    *esp += extra;
    if (rpl == cpl(env)) {
        cpu_x86_load_seg_cache(env, R_CS, sel, desc_base(e1, e2), desc_limit(e1, e2), e2);
        x86_set_esp(env, *esp, mask);
        env->eip = eip;
        return;
    }
    uint32_t new_esp = x86_pop(env, esp, ssb, mask, size, ra);
    uint32_t new_ss = x86_pop(env, esp, ssb, mask, size, ra) & 0xffff;
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
    uint32_t mask = x86_sp_mask(env), esp = env->regs[R_ESP], ssb = env->segs[R_SS].base;
    uint32_t eip = x86_pop(env, &esp, ssb, mask, size, ra);
    uint32_t sel = x86_pop(env, &esp, ssb, mask, size, ra) & 0xffff;
    if (pm(env)) {
        return_pm(env, sel, eip, &esp, size, b, ra);
        return 0;
    }
    load_seg_real(env, R_CS, sel);
    env->eip = eip;
    x86_set_esp(env, esp + b, mask);
    return 0;
}

HELPER(iret)
{
    (void)b;
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    int size = a == 2 ? 4 : 2;
    uint32_t mask = x86_sp_mask(env), esp = env->regs[R_ESP], ssb = env->segs[R_SS].base;
    if (pm(env) && (env->eflags & NT_MASK)) {
        log_mask(env->log, LOG_UNIMP, "iret with NT (task return)\n");
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    uint32_t eip = x86_pop(env, &esp, ssb, mask, size, ra);
    uint32_t sel = x86_pop(env, &esp, ssb, mask, size, ra) & 0xffff;
    uint32_t fl = x86_pop(env, &esp, ssb, mask, size, ra);
    uint32_t umask = TF_MASK | AC_MASK | ID_MASK | NT_MASK | DF_MASK | CC_MASK | RF_MASK;
    if (!pm(env)) {
        load_seg_real(env, R_CS, sel);
        env->eip = eip;
        x86_set_esp(env, esp, mask);
        umask |= IF_MASK | IOPL_MASK;
    } else {
        if ((fl & VM_MASK) && size == 4 && cpl(env) == 0) {
            log_mask(env->log, LOG_UNIMP, "iret to virtual-8086 mode\n");
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
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
    int size = c == 2 ? 4 : 2;
    uint32_t mask = x86_sp_mask(env), ssb = env->segs[R_SS].base;
    uint32_t esp = env->regs[R_ESP], ebp = env->regs[R_EBP];
    x86_push(env, &esp, ssb, mask, size, ebp, ra);
    uint32_t frame = esp;
    for (uint32_t i = 1; i < b; i++) {
        ebp -= (uint32_t)size;
        uint32_t v = cpu_ld_data(env, ssb + (ebp & mask), size, cpu_mmu_index(env), ra);
        x86_push(env, &esp, ssb, mask, size, v, ra);
    }
    if (b > 0) {
        x86_push(env, &esp, ssb, mask, size, frame, ra);
    }
    esp -= a;
    /* the stack must be writable down to the new ESP before anything changes */
    cpu_st_data(env, ssb + (esp & mask), cpu_ld_data(env, ssb + (esp & mask), 1,
                cpu_mmu_index(env), ra), 1, cpu_mmu_index(env), ra);
    if (size == 4) {
        env->regs[R_EBP] = frame;
    } else {
        env->regs[R_EBP] = (env->regs[R_EBP] & 0xffff0000u) | (frame & 0xffff);
    }
    x86_set_esp(env, esp, mask);
    return 0;
}

HELPER(bound)
{
    (void)d;
    uintptr_t ra = GETPC(env);
    int size = c == 2 ? 4 : 2;
    int mmu = cpu_mmu_index(env);
    int32_t lo, hi, idx;
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

/* LAR/LSL/VERR/VERW: ZF says whether the selector passed. */
static bool check_visible(CPUX86State *env, uint32_t sel, uint32_t *e1, uint32_t *e2,
                          bool system_ok)
{
    if ((sel & ~3u) == 0 || !x86_read_descriptor(env, sel, e1, e2, GETPC(env))) {
        return false;
    }
    int dpl = desc_dpl(*e2), rpl = (int)(sel & 3);
    if (!(*e2 & DESC_S_MASK)) {
        int type = (int)((*e2 >> DESC_TYPE_SHIFT) & 15);
        bool ok = system_ok && (type == 1 || type == 2 || type == 3 || type == 9 || type == 11);
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
    bool ok = check_visible(env, a & 0xffff, &e1, &e2, true);
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
    bool ok = check_visible(env, a & 0xffff, &e1, &e2, false) && (e2 & DESC_S_MASK);
    if (ok) {
        bool code = (e2 & DESC_CS_MASK) != 0;
        ok = b == 0 ? (!code || (e2 & DESC_R_MASK)) : (!code && (e2 & DESC_R_MASK));
    }
    env->cc_src = (env->cc_src & ~CC_Z) | (ok ? CC_Z : 0);
    return 0;
}
