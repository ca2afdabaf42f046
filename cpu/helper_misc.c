/*
 * helper_misc.c - system helpers: exceptions and INT n, HLT, CPUID, TSC
 * and MSRs, port I/O with its protection check, EFLAGS images, the
 * descriptor-table registers, control and debug registers.
 *
 * CPUID describes exactly what is implemented: a P6-family integer CPU
 * (family 6, model 3, stepping 3: a Pentium II, so SEP is meaningful)
 * without x87, with PSE, TSC (and CR4.TSD), MSR, PAE, CX8, SEP
 * (SYSENTER/SYSEXIT), MTRR (storage only), PGE and CMOV, and NX in
 * extended leaf 0x80000001 (IA32_EFER.NXE). Not reported, as not
 * implemented: FPU, VME, DE, MCE/MCA, APIC, PAT, PSE-36. The TSC counts
 * retired guest instructions, which keeps runs reproducible.
 *
 * Debug (SDM vol. 3, 17.3): the TF single-step trap is raised by
 * single_step, which the translator calls at the end of every TB it built
 * with TF set (such TBs hold one instruction). DR0-DR3 execution
 * breakpoints are found at translation time (x86_exec_breakpoints): any
 * write to DR0-DR3 or DR7, and a task switch that disables a local
 * breakpoint (seg.c), flushes the TB cache, so TBs never hold stale
 * checks. RF (set by IRET from the handler's EFLAGS image) is part of
 * hflags: a TB built with it holds one instruction, skips its breakpoint
 * check and clears RF (translate.c, gen_clear_rf).
 */
#include <string.h>

#include "cpu/excp.h"
#include "cpu/helper.h"
#include "cpu/translate.h"
#include "softmmu/ioport.h"
#include "cpu/paging.h"
#include "softmmu/tlb.h"
#include "tcg/exec.h"
#include "tcg/tb.h"

#define CPUID_PSE  (1u << 3)
#define CPUID_TSC  (1u << 4)
#define CPUID_MSR  (1u << 5)
#define CPUID_PAE  (1u << 6)
#define CPUID_CX8  (1u << 8)
#define CPUID_SEP  (1u << 11)
#define CPUID_MTRR (1u << 12)
#define CPUID_PGE  (1u << 13)
#define CPUID_CMOV (1u << 15)
#define CPUID_FEATURES                                                                             \
    (CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_PAE | CPUID_CX8 | CPUID_SEP | CPUID_MTRR |         \
     CPUID_PGE | CPUID_CMOV)
#define CPUID_EXT_MAX 0x80000001u /* highest extended leaf */
#define CPUID_EXT2_NX (1u << 20)  /* leaf 0x80000001 EDX */
#define CPUID_SIGNATURE 0x00000633u

#define MSR_IA32_TSC          0x10
#define MSR_IA32_APICBASE     0x1b
#define MSR_IA32_SYSENTER_CS  0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define MSR_MTRRCAP           0xfe
#define MSR_MTRR_PHYSBASE0    0x200 /* PHYSBASEn = 0x200 + 2n, PHYSMASKn = 0x201 + 2n */
#define MSR_MTRR_FIX64K_00000 0x250
#define MSR_MTRR_FIX16K_80000 0x258 /* and A0000 at 0x259 */
#define MSR_MTRR_FIX4K_C0000  0x268 /* .. F8000 at 0x26F */
#define MSR_MTRR_DEF_TYPE     0x2ff

#define MTRRCAP_VALUE 0x508u /* VCNT 8, FIX, WC; no SMRR (a Pentium II's value) */
#define MTRR_PHYS_MASK (((1ull << PG_PHYS_BITS) - 1) & ~0xfffull)

HELPER(raise_exception)
{
    (void)c;
    (void)d;
    env->exception_index = (int)a;
    env->error_code = (int)b;
    env->exception_is_int = false;
    cpu_loop_exit(env); /* eip was set by the translator */
}

HELPER(raise_interrupt)
{
    (void)c;
    (void)d;
    env->exception_index = (int)(a & 0xff);
    env->error_code = 0;
    /* INT1 (0xF1) is delivered like a debug trap, not as a software INT:
     * no gate DPL check, EXT in the error code of a fault on the way (SDM
     * INT n/INTO/INT3/INT1; x86_cpu_do_interrupt) */
    env->exception_is_int = !(a & 0x100);
    env->exception_next_eip = b;
    if (!env->exception_is_int) {
        env->eip = b;
    }
    cpu_loop_exit(env);
}

HELPER(hlt)
{
    (void)b;
    (void)c;
    (void)d;
    env->eip = a;
    /* after STI: HLT was the one inhibited instruction, and cpu_loop_exit
     * skips the loop's clearing of the shadow, which would then block
     * the interrupt meant to wake us (as QEMU's helper_hlt) */
    env->hflags &= ~HF_INHIBIT_MASK;
    env->halted = true;
    env->exception_index = EXCP_HLT;
    cpu_loop_exit(env);
}

HELPER(cpuid)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    static const char vendor[12] = "GenuineIntel";
    uint32_t leaf = env->regs[R_EAX];
    uint32_t r[4] = {0, 0, 0, 0};
    if (leaf == 0) {
        r[0] = 1;
        memcpy(&r[1], vendor, 4);     /* EBX */
        memcpy(&r[3], vendor + 4, 4); /* EDX */
        memcpy(&r[2], vendor + 8, 4); /* ECX */
    } else if (leaf == 1) {
        r[0] = CPUID_SIGNATURE;
        r[3] = CPUID_FEATURES;
    } else if (leaf == 0x80000000u) {
        r[0] = CPUID_EXT_MAX;
    } else if (leaf == 0x80000001u) {
        r[3] = CPUID_EXT2_NX;
    }
    env->regs[R_EAX] = r[0];
    env->regs[R_EBX] = r[1];
    env->regs[R_ECX] = r[2];
    env->regs[R_EDX] = r[3];
    return 0;
}

static uint64_t cpu_tsc(CPUX86State *env)
{
    /* instructions retired so far, including the current slice */
    return env->insns_executed + (uint64_t)(env->icount_given - env->icount_decr) +
           (uint64_t)env->tsc_offset;
}

HELPER(rdtsc)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    /* CR4.TSD: RDTSC is privileged (SDM RDTSC); CPL is 3 in v86 mode */
    if ((env->cr[4] & CR4_TSD_MASK) && (env->cr[0] & CR0_PE_MASK) &&
        (env->hflags & HF_CPL_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC(env));
    }
    uint64_t t = cpu_tsc(env);
    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = (uint32_t)(t >> 32);
    return 0;
}

/* Where an MTRR MSR is stored, or NULL if msr is none. */
static uint64_t *mtrr_reg(CPUX86State *env, uint32_t msr)
{
    if (msr >= MSR_MTRR_PHYSBASE0 && msr < MSR_MTRR_PHYSBASE0 + 16) {
        return &env->mtrr_var[msr - MSR_MTRR_PHYSBASE0];
    }
    if (msr == MSR_MTRR_FIX64K_00000) {
        return &env->mtrr_fixed[0];
    }
    if (msr == MSR_MTRR_FIX16K_80000 || msr == MSR_MTRR_FIX16K_80000 + 1) {
        return &env->mtrr_fixed[1 + msr - MSR_MTRR_FIX16K_80000];
    }
    if (msr >= MSR_MTRR_FIX4K_C0000 && msr < MSR_MTRR_FIX4K_C0000 + 8) {
        return &env->mtrr_fixed[3 + msr - MSR_MTRR_FIX4K_C0000];
    }
    return msr == MSR_MTRR_DEF_TYPE ? &env->mtrr_def_type : NULL;
}

/* UC WC WT WP WB (SDM vol. 3, table 11-8); 2, 3 and 7+ are reserved. */
static bool mtrr_type_valid(uint64_t type)
{
    return type == 0 || type == 1 || type == 4 || type == 5 || type == 6;
}

/* WRMSR to an MTRR #GPs on a reserved bit or memory type (SDM vol. 3, 11.11.2). */
static bool mtrr_value_valid(uint32_t msr, uint64_t v)
{
    if (msr == MSR_MTRR_DEF_TYPE) {
        return !(v & ~0xcffull) && mtrr_type_valid(v & 0xff); /* type, FE, E */
    }
    if (msr < MSR_MTRR_PHYSBASE0 + 16) {
        if (msr & 1) {
            return !(v & ~(MTRR_PHYS_MASK | 0x800)); /* mask, V */
        }
        return !(v & ~(MTRR_PHYS_MASK | 0xff)) && mtrr_type_valid(v & 0xff);
    }
    for (int i = 0; i < 64; i += 8) {
        if (!mtrr_type_valid((v >> i) & 0xff)) {
            return false;
        }
    }
    return true;
}

HELPER(rdmsr)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    uint64_t v;
    switch (env->regs[R_ECX]) {
    case MSR_IA32_TSC:
        v = cpu_tsc(env);
        break;
    case MSR_IA32_APICBASE:
        v = env->apic_base;
        break;
    case MSR_IA32_SYSENTER_CS:
        v = env->sysenter_cs;
        break;
    case MSR_IA32_SYSENTER_ESP:
        v = env->sysenter_esp;
        break;
    case MSR_IA32_SYSENTER_EIP:
        v = env->sysenter_eip;
        break;
    case MSR_EFER:
        v = env->efer;
        break;
    case MSR_MTRRCAP:
        v = MTRRCAP_VALUE;
        break;
    default:
        if (mtrr_reg(env, env->regs[R_ECX])) {
            v = *mtrr_reg(env, env->regs[R_ECX]);
            break;
        }
        log_mask(env->log, LOG_UNIMP, "rdmsr %08x\n", env->regs[R_ECX]);
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC(env));
    }
    env->regs[R_EAX] = (uint32_t)v;
    env->regs[R_EDX] = (uint32_t)(v >> 32);
    return 0;
}

HELPER(wrmsr)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    uint64_t v = ((uint64_t)env->regs[R_EDX] << 32) | env->regs[R_EAX];
    switch (env->regs[R_ECX]) {
    case MSR_IA32_TSC:
        env->tsc_offset += (int64_t)(v - cpu_tsc(env));
        break;
    case MSR_IA32_APICBASE:
        env->apic_base = v;
        break;
    case MSR_IA32_SYSENTER_CS:
        env->sysenter_cs = (uint32_t)v & 0xffff;
        break;
    case MSR_IA32_SYSENTER_ESP:
        env->sysenter_esp = (uint32_t)v;
        break;
    case MSR_IA32_SYSENTER_EIP:
        env->sysenter_eip = (uint32_t)v;
        break;
    case MSR_EFER:
        if (v & ~EFER_NXE) { /* no SCE (SYSCALL) or long mode */
            raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC(env));
        }
        if ((v ^ env->efer) & EFER_NXE) {
            tlb_flush(env);
        }
        env->efer = v;
        break;
    default:
        if (mtrr_reg(env, env->regs[R_ECX])) {
            if (!mtrr_value_valid(env->regs[R_ECX], v)) {
                raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC(env));
            }
            *mtrr_reg(env, env->regs[R_ECX]) = v;
            break;
        }
        log_mask(env->log, LOG_UNIMP, "wrmsr %08x\n", env->regs[R_ECX]);
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC(env));
    }
    return 0;
}

/* SYSENTER/SYSEXIT (SDM vol. 2B, "Operation"): fixed flat segments derived
 * from IA32_SYSENTER_CS, no descriptor is read. SYSENTER: CS = MSR & ~3
 * (DPL 0, execute/read), SS = CS + 8; SYSEXIT: CS = MSR + 16, SS = MSR +
 * 24, both RPL 3. Limit 4 GiB, 32-bit, accessed. */
#define SYSENTER_CODE_FLAGS 0x00cf9b00u /* G, D, P, DPL 0, type 11 */
#define SYSENTER_DATA_FLAGS 0x00cf9300u /* G, B, P, DPL 0, type 3 */
#define SYSENTER_DPL3       0x00006000u

static bool sysenter_cs_null(const CPUX86State *env)
{
    return !(env->cr[0] & CR0_PE_MASK) || !(env->sysenter_cs & 0xfffc);
}

HELPER(sysenter)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    if (sysenter_cs_null(env)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC(env));
    }
    uint32_t cs = env->sysenter_cs & 0xfffc;
    env->eflags &= ~(VM_MASK | IF_MASK | RF_MASK); /* before CS: CPL becomes its RPL */
    cpu_x86_load_seg_cache(env, R_CS, cs, 0, 0xffffffffu, SYSENTER_CODE_FLAGS);
    cpu_x86_load_seg_cache(env, R_SS, cs + 8, 0, 0xffffffffu, SYSENTER_DATA_FLAGS);
    env->regs[R_ESP] = env->sysenter_esp;
    env->eip = env->sysenter_eip;
    return 0;
}

HELPER(sysexit)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    if (sysenter_cs_null(env) || (env->eflags & VM_MASK) || (env->hflags & HF_CPL_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC(env));
    }
    uint32_t cs = ((env->sysenter_cs + 16) & 0xffff) | 3;
    cpu_x86_load_seg_cache(env, R_CS, cs, 0, 0xffffffffu, SYSENTER_CODE_FLAGS | SYSENTER_DPL3);
    cpu_x86_load_seg_cache(env, R_SS, (cs + 8) & 0xffff, 0, 0xffffffffu,
                           SYSENTER_DATA_FLAGS | SYSENTER_DPL3);
    env->regs[R_ESP] = env->regs[R_ECX];
    env->eip = env->regs[R_EDX];
    return 0;
}

HELPER(in)
{
    (void)c;
    (void)d;
    return ioport_read(env->io, (uint16_t)a, (int)b);
}

HELPER(out)
{
    (void)d;
    ioport_write(env->io, (uint16_t)a, b, (int)c);
    return 0;
}

/* I/O permission bitmap of the 32-bit TSS (SDM vol. 1, 18.5.2). */
HELPER(check_io)
{
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    uint32_t type = (env->tr.flags >> 8) & 15;
    if (!(env->tr.selector & ~3u) || (type != 9 && type != 11) || env->tr.limit < 103) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    uint32_t iobase = cpu_ld_data(env, env->tr.base + 0x66, 2, MMU_KERNEL_IDX, ra);
    uint32_t off = iobase + (a >> 3);
    if (off + 1 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    uint32_t bits = cpu_ld_data(env, env->tr.base + off, 2, MMU_KERNEL_IDX, ra);
    uint32_t mask = ((1u << b) - 1) << (a & 7);
    if (bits & mask) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    return 0;
}

HELPER(read_eflags)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    return cpu_x86_get_eflags(env);
}

/* POPF: which bits may change depends on CPL and IOPL (SDM POPF). */
HELPER(write_eflags)
{
    (void)c;
    (void)d;
    int cpl = (int)(env->hflags & HF_CPL_MASK);
    int iopl = (int)((env->eflags & IOPL_MASK) >> 12);
    uint32_t mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK | DF_MASK | CC_MASK;
    if (!(env->cr[0] & CR0_PE_MASK) || cpl == 0) {
        mask |= IOPL_MASK | IF_MASK;
    } else if (cpl <= iopl) {
        mask |= IF_MASK;
    }
    if (env->eflags & VM_MASK) {
        mask = (mask & ~IOPL_MASK) | IF_MASK;
    }
    if (b == MO_16) {
        mask &= 0xffff;
    }
    cpu_x86_load_eflags(env, a, mask);
    return 0;
}

HELPER(lxdt)
{
    (void)d;
    uintptr_t ra = GETPC(env);
    int mmu = cpu_mmu_index(env);
    uint32_t limit = cpu_ld_data(env, a, 2, mmu, ra);
    uint32_t base = cpu_ld_data(env, a + 2, 4, mmu, ra);
    if (c == MO_16) {
        base &= 0x00ffffff;
    }
    DescTable *dt = b ? &env->idt : &env->gdt;
    dt->base = base;
    dt->limit = limit;
    return 0;
}

HELPER(sxdt)
{
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    int mmu = cpu_mmu_index(env);
    const DescTable *dt = b ? &env->idt : &env->gdt;
    /* an aligned word (the limit), then an aligned dword (the base): only
     * an operand at an address 2 mod 4 passes at CPL 3 with alignment
     * checking on (SDM vol. 3, 3.5.1); both checked before any store */
    x86_align_check(env, a, 2, ra);
    x86_align_check(env, a + 2, 4, ra);
    cpu_st_data(env, a, dt->limit, 2, mmu, ra);
    cpu_st_data(env, a + 2, dt->base, 4, mmu, ra);
    return 0;
}

#define CR4_PAGING_BITS (CR4_PSE_MASK | CR4_PAE_MASK | CR4_PGE_MASK)
#define CR4_VALID_BITS  (CR4_PAGING_BITS | CR4_TSD_MASK) /* what CR4 implements */

/* PAE paging in the new state and a write that makes the processor load
 * the PDPTEs (SDM vol. 3, 4.4.1): load them, or #GP(0) on a reserved bit. */
static void cr_load_pdptes(CPUX86State *env, uint32_t cr0, uint32_t cr3, uint32_t cr4,
                           bool reload, uintptr_t ra)
{
    if (reload && (cr0 & CR0_PG_MASK) && (cr4 & CR4_PAE_MASK) && x86_load_pdptes(env, cr3) < 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}

HELPER(mov_to_cr)
{
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    const uint32_t cr0_cd_nw_pg = (1u << 30) | (1u << 29) | CR0_PG_MASK;
    switch (a) {
    case 0:
        if ((b & CR0_PG_MASK) && !(b & CR0_PE_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cr_load_pdptes(env, b, env->cr[3], env->cr[4], (b ^ env->cr[0]) & cr0_cd_nw_pg, ra);
        if ((b ^ env->cr[0]) & (CR0_PG_MASK | CR0_PE_MASK | CR0_WP_MASK)) {
            tlb_flush(env);
        }
        env->cr[0] = b | 0x10; /* ET is hardwired */
        break;
    case 3:
        cr_load_pdptes(env, env->cr[0], b, env->cr[4], true, ra);
        env->cr[3] = b;
        tlb_flush_nonglobal(env);
        break;
    case 4:
        if (b & ~CR4_VALID_BITS) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cr_load_pdptes(env, env->cr[0], env->cr[3], b, (b ^ env->cr[4]) & CR4_PAGING_BITS, ra);
        if ((b ^ env->cr[4]) & CR4_PAGING_BITS) {
            tlb_flush(env);
        }
        env->cr[4] = b;
        break;
    default:
        env->cr[a & 7] = b;
        break;
    }
    cpu_x86_update_hflags(env);
    return 0;
}

HELPER(mov_from_cr)
{
    (void)b;
    (void)c;
    (void)d;
    return env->cr[a & 7];
}

/* The #DB of a single step (DR6.BS), delivered when the loop is next
 * reached; env->eip is already the next instruction's. */
static void set_single_step_trap(CPUX86State *env)
{
    env->dr[6] |= DR6_BS;
    env->exception_index = EXCP01_DB;
    env->error_code = 0;
    env->exception_is_int = false;
}

/* a = register, b = value, c = next eip. */
HELPER(mov_to_dr)
{
    (void)d;
    int reg = (int)(a & 7);
    if (reg == 4 || reg == 5) {
        reg += 2; /* aliases of DR6/DR7 while CR4.DE = 0 */
    }
    if (reg == 6) {
        env->dr[6] = b | 0xffff0ff0u;
        return 0;
    }
    env->dr[reg] = reg == 7 ? (b & ~0xd800u) | 0x400u : b;
    /* breakpoints are compiled into TBs: drop them all, resume after us,
     * with this instruction's single-step trap if TF is set (the TB's own
     * trap after the helper is not reached) */
    tb_flush(env->tbs);
    env->eip = c;
    env->exception_index = -1;
    if (env->eflags & TF_MASK) {
        set_single_step_trap(env);
    }
    cpu_loop_exit(env);
}

uint32_t x86_exec_breakpoints(const CPUX86State *env, uint32_t linear)
{
    uint32_t dr7 = env->dr[7], hits = 0;
    for (int i = 0; i < 4; i++) {
        bool enabled = (dr7 >> (2 * i)) & 3;
        uint32_t rw = (dr7 >> (16 + 4 * i)) & 3;
        if (enabled && rw == 0 && env->dr[i] == linear) {
            hits |= 1u << i;
        }
    }
    return hits;
}

HELPER(debug_bp)
{
    (void)b;
    (void)c;
    (void)d;
    env->dr[6] = (env->dr[6] & ~0xfu) | (a & 0xf);
    env->exception_index = EXCP01_DB;
    env->error_code = 0;
    env->exception_is_int = false;
    cpu_loop_exit(env); /* a fault: eip is the breakpoint's instruction */
}

HELPER(single_step)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    set_single_step_trap(env);
    cpu_loop_exit(env); /* a trap: eip is the next instruction */
}

HELPER(cs_limit_stale)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    env->exception_index = -1;
    cpu_set_next_tb_cflags(env, CF_NOCACHE | 1);
    cpu_loop_exit_restore(env, GETPC(env));
}

HELPER(mov_from_dr)
{
    (void)b;
    (void)c;
    (void)d;
    int reg = (int)(a & 7);
    return env->dr[reg == 4 || reg == 5 ? reg + 2 : reg];
}

HELPER(invlpg)
{
    (void)b;
    (void)c;
    (void)d;
    tlb_flush_page(env, a);
    return 0;
}

HELPER(lmsw)
{
    (void)b;
    (void)c;
    (void)d;
    /* LMSW sets PE but never clears it; touches only PE MP EM TS */
    uint32_t v = (env->cr[0] & ~0xeu) | (a & 0xf) | (env->cr[0] & 1);
    return helper_mov_to_cr(env, 0, v, 0, 0);
}

HELPER(clts)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    env->cr[0] &= ~(1u << 3);
    return 0;
}
