/*
 * helper_string.c - MOVS CMPS STOS LODS SCAS INS OUTS, with and without
 * REP/REPE/REPNE, one helper for all (SDM vol. 2, "REP/REPE/REPNE").
 *
 * Each iteration commits ESI/EDI/ECX before the next one starts, so a
 * fault in iteration n leaves exactly the state hardware leaves: the
 * registers after n-1 iterations and EIP at the instruction. A REP runs at
 * most STRING_CHUNK iterations per call and then asks to be run again, so
 * a long REP cannot delay interrupts or a requested exit.
 */
#include "cpu/helper.h"
#include "softmmu/ioport.h"
#include "softmmu/tlb.h"
#include "tcg/exec.h"
#include "tcg/ir.h"

#define STRING_CHUNK 4096

enum { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS = 6, STR_OUTS = 7 };

static void set_reg_masked(CPUX86State *env, int reg, uint32_t v, uint32_t amask)
{
    env->regs[reg] = (env->regs[reg] & ~amask) | (v & amask);
}

static void string_cmp_flags(CPUX86State *env, uint32_t x, uint32_t y, int ot)
{
    env->cc_dst = x - y;
    env->cc_src = y;
    env->cc_op = CC_OP_SUBB + (uint32_t)ot;
}

/* One iteration; returns false when a REPE/REPNE condition ends the loop. */
static bool string_step(CPUX86State *env, int op, int ot, uint32_t amask, int seg, uintptr_t ra)
{
    int size = 1 << ot, mmu = cpu_mmu_index(env);
    uint32_t step = (env->eflags & DF_MASK) ? (uint32_t)-size : (uint32_t)size;
    uint32_t si = env->regs[R_ESI] & amask, di = env->regs[R_EDI] & amask;
    uint32_t src = env->segs[seg].base + si, dst = env->segs[R_ES].base + di;
    uint32_t vmask = ot == 2 ? 0xffffffffu : (1u << (8 * size)) - 1;
    uint32_t v, w;
    switch (op) {
    case STR_MOVS:
        v = cpu_ld_data(env, src, size, mmu, ra);
        cpu_st_data(env, dst, v, size, mmu, ra);
        set_reg_masked(env, R_ESI, si + step, amask);
        set_reg_masked(env, R_EDI, di + step, amask);
        return true;
    case STR_CMPS:
        v = cpu_ld_data(env, src, size, mmu, ra);
        w = cpu_ld_data(env, dst, size, mmu, ra);
        set_reg_masked(env, R_ESI, si + step, amask);
        set_reg_masked(env, R_EDI, di + step, amask);
        string_cmp_flags(env, v, w, ot);
        return v == w;
    case STR_STOS:
        cpu_st_data(env, dst, env->regs[R_EAX] & vmask, size, mmu, ra);
        set_reg_masked(env, R_EDI, di + step, amask);
        return true;
    case STR_LODS:
        v = cpu_ld_data(env, src, size, mmu, ra);
        set_reg_masked(env, R_EAX, v, vmask);
        set_reg_masked(env, R_ESI, si + step, amask);
        return true;
    case STR_SCAS:
        w = cpu_ld_data(env, dst, size, mmu, ra);
        v = env->regs[R_EAX] & vmask;
        set_reg_masked(env, R_EDI, di + step, amask);
        string_cmp_flags(env, v, w, ot);
        return v == w;
    case STR_INS:
        /* probe the destination before the port read has side effects */
        cpu_st_data(env, dst, cpu_ld_data(env, dst, size, mmu, ra), size, mmu, ra);
        v = ioport_read(env->io, (uint16_t)env->regs[R_EDX], size);
        cpu_st_data(env, dst, v, size, mmu, ra);
        set_reg_masked(env, R_EDI, di + step, amask);
        return true;
    default: /* OUTS */
        v = cpu_ld_data(env, src, size, mmu, ra);
        ioport_write(env->io, (uint16_t)env->regs[R_EDX], v, size);
        set_reg_masked(env, R_ESI, si + step, amask);
        return true;
    }
}

HELPER(string)
{
    (void)d;
    uintptr_t ra = GETPC(env);
    int op = (int)(a & 7), ot = (int)((a >> 3) & 3), rep = (int)((a >> 7) & 3);
    uint32_t amask = ((a >> 5) & 3) == MO_16 ? 0xffffu : 0xffffffffu;
    int seg = (int)b;
    bool cmp = op == STR_CMPS || op == STR_SCAS;
    if (!rep) {
        string_step(env, op, ot, amask, seg, ra);
        return 1;
    }
    for (int n = 0; n < STRING_CHUNK; n++) {
        if ((env->regs[R_ECX] & amask) == 0) {
            return 1;
        }
        bool eq = string_step(env, op, ot, amask, seg, ra);
        set_reg_masked(env, R_ECX, env->regs[R_ECX] - 1, amask);
        if (cmp && (rep == 1 ? !eq : eq)) {
            return 1;
        }
        if (env->exit_request) {
            break;
        }
    }
    (void)c;
    return (env->regs[R_ECX] & amask) == 0;
}
