/*
 * helper_misc.c - system helpers: exceptions and INT n, HLT, CPUID, TSC
 * and MSRs, port I/O with its protection check, EFLAGS images, the
 * descriptor-table registers, control and debug registers.
 *
 * CPUID describes exactly what is implemented: a P6-family integer CPU
 * (family 6, model 3, stepping 3) without x87, with PSE, TSC, MSR, CX8
 * and CMOV. The TSC counts retired guest instructions, which keeps runs
 * reproducible.
 */
#include <string.h>

#include "cpu/excp.h"
#include "cpu/helper.h"
#include "cpu/translate.h"
#include "softmmu/ioport.h"
#include "softmmu/tlb.h"
#include "tcg/exec.h"

#define CPUID_PSE  (1u << 3)
#define CPUID_TSC  (1u << 4)
#define CPUID_MSR  (1u << 5)
#define CPUID_CX8  (1u << 8)
#define CPUID_CMOV (1u << 15)
#define CPUID_FEATURES (CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_CX8 | CPUID_CMOV)
#define CPUID_SIGNATURE 0x00000633u

#define MSR_IA32_TSC          0x10
#define MSR_IA32_APICBASE     0x1b
#define MSR_IA32_SYSENTER_CS  0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176

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
    /* INT1 (0xF1) is delivered like a debug trap, not as a software INT */
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
    uint64_t t = cpu_tsc(env);
    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = (uint32_t)(t >> 32);
    return 0;
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
    default:
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
    default:
        log_mask(env->log, LOG_UNIMP, "wrmsr %08x\n", env->regs[R_ECX]);
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC(env));
    }
    return 0;
}

HELPER(sysenter)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    raise_exception_ra(env, EXCP06_ILLOP, GETPC(env)); /* no SEP in CPUID */
}

HELPER(sysexit)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    raise_exception_ra(env, EXCP06_ILLOP, GETPC(env));
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
    cpu_st_data(env, a, dt->limit, 2, mmu, ra);
    cpu_st_data(env, a + 2, dt->base, 4, mmu, ra);
    return 0;
}

HELPER(mov_to_cr)
{
    (void)c;
    (void)d;
    uintptr_t ra = GETPC(env);
    switch (a) {
    case 0:
        if ((b & CR0_PG_MASK) && !(b & CR0_PE_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        if ((b ^ env->cr[0]) & (CR0_PG_MASK | CR0_PE_MASK | (1u << 16))) {
            tlb_flush(env);
        }
        env->cr[0] = b | 0x10; /* ET is hardwired */
        break;
    case 3:
        env->cr[3] = b;
        tlb_flush(env);
        break;
    case 4:
        if (b & ~0x10u) { /* only PSE is implemented */
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        env->cr[4] = b;
        tlb_flush(env);
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

HELPER(mov_to_dr)
{
    (void)c;
    (void)d;
    env->dr[a & 7] = b;
    return 0;
}

HELPER(mov_from_dr)
{
    (void)b;
    (void)c;
    (void)d;
    return env->dr[a & 7];
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
