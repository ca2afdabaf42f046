/*
 * cpu.c - CPUX86State life cycle: creation, reset, the multiboot entry
 * state, hflags, EFLAGS folding, and the register dump.
 */
#include "cpu/cpu.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/excp.h"
#include "cpu/helper.h"
#include "cpu/translate.h"
#include "softmmu/tlb.h"
#include "tcg/ir.h"
#include "tcg/tb.h"

CPUX86State *cpu_x86_new(struct PCMachine *m, struct AddressSpace *as, struct IOSpace *io,
                         struct TBContext *tbs, const Log *log)
{
    CPUX86State *env = calloc(1, sizeof(*env));
    if (!env) {
        return NULL;
    }
    env->machine = m;
    env->as = as;
    env->io = io;
    env->tbs = tbs;
    env->log = log;
    tb_context_attach_cpu(tbs, env);
    IRContext *ir = tb_context_ir(tbs);
    if (ir->nb_globals == 1) {
        x86_translate_init(ir);
    }
    cpu_x86_reset(env);
    return env;
}

void cpu_x86_free(CPUX86State *env)
{
    free(env);
}

void cpu_x86_update_hflags(CPUX86State *env)
{
    uint32_t hf = env->hflags & (HF_CPL_MASK | HF_INHIBIT_MASK);
    if (env->cr[0] & CR0_PE_MASK) {
        hf |= HF_PE_MASK;
    }
    if (env->cr[0] & CR0_PG_MASK) {
        hf |= HF_PG_MASK;
    }
    if (env->eflags & VM_MASK) {
        hf |= HF_VM_MASK;
    }
    if (env->eflags & TF_MASK) {
        hf |= HF_TF_MASK;
    }
    hf |= ((env->eflags & IOPL_MASK) >> 12) << HF_IOPL_SHIFT;
    if ((env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK)) {
        if (env->segs[R_CS].flags & DESC_B_MASK) {
            hf |= HF_CS32_MASK;
        }
        if (env->segs[R_SS].flags & DESC_B_MASK) {
            hf |= HF_SS32_MASK;
        }
        if (x86_seg_unchecked(env, R_DS) && x86_seg_unchecked(env, R_ES) &&
            x86_seg_unchecked(env, R_SS)) {
            hf |= HF_FLAT_MASK;
        }
        hf |= x86_seg_unchecked(env, R_FS) ? HF_FLATFS_MASK : 0;
        hf |= x86_seg_unchecked(env, R_GS) ? HF_FLATGS_MASK : 0;
        hf |= env->segs[R_CS].limit != 0xffffffffu ? HF_CSLIM_MASK : 0;
    } else if (env->segs[R_CS].limit != 0xffffffffu) {
        /* real and V86 mode: the usual 0xFFFF (always in V86 mode), or a
         * limit left from protected mode; checked like protected mode, so
         * an instruction crossing offset 0xFFFF raises #GP(0) */
        hf |= HF_CSLIM_MASK;
    }
    if (env->eflags & RF_MASK) {
        hf |= HF_RF_MASK;
    }
    if ((env->cr[0] & (CR0_PE_MASK | CR0_AM_MASK)) == (CR0_PE_MASK | CR0_AM_MASK) &&
        (env->eflags & AC_MASK) && (hf & HF_CPL_MASK) == 3) {
        hf |= HF_AC_MASK;
    }
    if (!(hf & HF_PE_MASK) || (hf & HF_VM_MASK) || env->segs[R_DS].base ||
        env->segs[R_ES].base || env->segs[R_SS].base || env->segs[R_CS].base) {
        hf |= HF_ADDSEG_MASK;
    }
    env->hflags = hf;
}

void cpu_x86_load_seg_cache(CPUX86State *env, int seg, uint32_t selector, uint32_t base,
                            uint32_t limit, uint32_t flags)
{
    env->segs[seg].selector = selector;
    env->segs[seg].base = base;
    env->segs[seg].limit = limit;
    env->segs[seg].flags = flags;
    env->seg_base[seg] = base;
    if (seg == R_CS && (env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK)) {
        env->hflags = (env->hflags & ~HF_CPL_MASK) | (selector & 3);
    }
    cpu_x86_update_hflags(env);
}

void cpu_x86_reset(CPUX86State *env)
{
    memset(env->regs, 0, sizeof(env->regs));
    env->regs[R_EDX] = 0x00000633; /* family 6 model 3 stepping 3: see helper_cpuid */
    env->eflags = 2;
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = 0;
    env->cr[0] = 0x60000010;
    env->cr[2] = env->cr[3] = env->cr[4] = 0;
    env->efer = 0;
    env->sysenter_cs = env->sysenter_esp = env->sysenter_eip = 0;
    /* MTRRs disabled, variable ranges invalid (SDM vol. 3, 11.11.5); the
     * rest is undefined at power-up: zero */
    env->mtrr_def_type = 0;
    memset(env->mtrr_var, 0, sizeof(env->mtrr_var));
    memset(env->mtrr_fixed, 0, sizeof(env->mtrr_fixed));
    memset(env->dr, 0, sizeof(env->dr));
    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x400;
    env->hflags = 0;
    env->a20_mask = 0xffffffffu;
    env->halted = false;
    env->exception_index = -1;
    env->old_exception = -1;
    env->delivering_ext = false;
    env->cflags_next_tb = 0;
    env->gdt = (DescTable){0, 0xffff, 0, 0};
    env->idt = (DescTable){0, 0xffff, 0, 0};
    env->ldt = (DescTable){0, 0xffff, 0, 0x8200};
    env->tr = (DescTable){0, 0xffff, 0, 0x8b00};
    for (int i = 0; i < 6; i++) {
        cpu_x86_load_seg_cache(env, i, 0, 0, 0xffff, 0x9300);
    }
    cpu_x86_load_seg_cache(env, R_CS, 0xf000, 0xffff0000u, 0xffff, 0x9b00);
    env->eip = 0xfff0;
    tlb_flush(env);
    memset(env->tb_jmp_cache, 0, sizeof(env->tb_jmp_cache));
}

void cpu_x86_set_flat32(CPUX86State *env, uint32_t eip)
{
    const uint32_t code = 0x00cf9b00, data = 0x00cf9300; /* G, D/B, P, DPL0 */
    env->cr[0] |= CR0_PE_MASK;
    env->eflags = 2;
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = 0;
    env->hflags &= ~HF_CPL_MASK;
    for (int i = 0; i < 6; i++) {
        cpu_x86_load_seg_cache(env, i, 0x10, 0, 0xffffffffu, data);
    }
    cpu_x86_load_seg_cache(env, R_CS, 0x08, 0, 0xffffffffu, code);
    env->eip = eip;
    env->halted = false;
    tlb_flush(env);
}

uint32_t cpu_x86_get_eflags(CPUX86State *env)
{
    uint32_t cc = cc_compute_all(env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
    return (env->eflags & ~CC_MASK) | cc | 2;
}

void cpu_x86_load_eflags(CPUX86State *env, uint32_t eflags, uint32_t update_mask)
{
    env->cc_src = eflags & CC_MASK;
    env->cc_op = CC_OP_EFLAGS;
    env->eflags = (env->eflags & ~update_mask) | (eflags & update_mask) | 2;
    env->eflags &= ~CC_MASK;
    cpu_x86_update_hflags(env);
}

void cpu_x86_dump_state(CPUX86State *env, FILE *f)
{
    static const char *const seg_names[6] = {"ES", "CS", "SS", "DS", "FS", "GS"};
    uint32_t fl = cpu_x86_get_eflags(env);
    fprintf(f,
            "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n"
            "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
            "EIP=%08x EFL=%08x [%c%c%c%c%c%c%c] CPL=%u HF=%08x\n",
            env->regs[R_EAX], env->regs[R_EBX], env->regs[R_ECX], env->regs[R_EDX],
            env->regs[R_ESI], env->regs[R_EDI], env->regs[R_EBP], env->regs[R_ESP], env->eip, fl,
            fl & DF_MASK ? 'D' : '-', fl & CC_O ? 'O' : '-', fl & CC_S ? 'S' : '-',
            fl & CC_Z ? 'Z' : '-', fl & CC_A ? 'A' : '-', fl & CC_P ? 'P' : '-',
            fl & CC_C ? 'C' : '-', env->hflags & HF_CPL_MASK, env->hflags);
    for (int i = 0; i < 6; i++) {
        fprintf(f, "%s =%04x %08x %08x %08x\n", seg_names[i], env->segs[i].selector,
                env->segs[i].base, env->segs[i].limit, env->segs[i].flags);
    }
    fprintf(f, "GDT=     %08x %08x\nIDT=     %08x %08x\n", env->gdt.base, env->gdt.limit,
            env->idt.base, env->idt.limit);
    fprintf(f, "CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n", env->cr[0], env->cr[2], env->cr[3],
            env->cr[4]);
}
