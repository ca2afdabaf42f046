/*
 * helper.h - the helpers translated code calls (TCGHelperFn signature:
 * env plus four u32 arguments, u32 result), and the flags each is called
 * with. Helpers that may raise a guest exception read env->retaddr (set
 * by the back end before every call) to restore the faulting state.
 */
#ifndef PCEMU_HELPER_H
#define PCEMU_HELPER_H

#include <stdint.h>

#include "cpu/cpu.h"

#define GETPC(env) ((env)->retaddr)
#define HELPER(name)                                                                               \
    uint32_t helper_##name(CPUX86State *env, uint32_t a, uint32_t b, uint32_t c, uint32_t d)

/* cc.c: flags of a lazy state. a=dst b=src c=src2 d=cc_op. Pure. */
HELPER(cc_compute_all);
uint32_t cc_compute_all(uint32_t cc_op, uint32_t dst, uint32_t src, uint32_t src2);

/* helper_arith.c */
HELPER(div);        /* a = divisor, b = MemOp size | MO_SIGN: EDX:EAX / a, #DE */
HELPER(shift_cl);   /* a = value, b = count, c = op | ot << 3: flags in/out cc_src */
HELPER(shiftd);     /* a = dst, b = src, c = count, d = right | ot << 1 */
HELPER(cmpxchg8b);  /* a = linear address */
HELPER(bcd);        /* a = op (daa das aaa aas aam aad), b = imm8 */

/* helper_misc.c */
HELPER(raise_exception); /* a = exception, b = error code; eip already set */
HELPER(raise_interrupt); /* a = vector, b = next eip; eip already set */
HELPER(hlt);             /* a = next eip */
HELPER(cpuid);
HELPER(rdtsc);
HELPER(rdmsr);
HELPER(wrmsr);
HELPER(sysenter);        /* #GP(0) or ring 0 at SYSENTER_CS:EIP, ESP */
HELPER(sysexit);         /* #GP(0) or ring 3 at EDX, ESP = ECX */
HELPER(in);              /* a = port, b = size */
HELPER(out);             /* a = port, b = value, c = size */
HELPER(check_io);        /* a = port, b = size: IOPL / I/O bitmap, #GP */
HELPER(read_eflags);     /* the EFLAGS image (lazy flags folded in) */
HELPER(write_eflags);    /* a = value, b = operand size: POPF/IRET rules */
HELPER(lxdt);            /* a = linear address, b = 0 gdt / 1 idt, c = operand size */
HELPER(sxdt);            /* a = linear address, b = 0 gdt / 1 idt */
HELPER(mov_to_cr);       /* a = cr number, b = value */
HELPER(mov_from_cr);     /* a = cr number */
HELPER(mov_to_dr);       /* a = dr number, b = value, c = next eip */
HELPER(mov_from_dr);
HELPER(debug_bp);        /* a = DR6 B0-B3 hits: #DB fault at the synced eip */
HELPER(single_step);     /* TF trap after an instruction: #DB, DR6.BS */
HELPER(cs_limit_stale);  /* CS.limit differs from the TB's: rerun in a fresh 1-insn TB */
/* DR0-DR3 execution breakpoints enabled in DR7 at linear: B0-B3 mask. */
uint32_t x86_exec_breakpoints(const CPUX86State *env, uint32_t linear);
HELPER(invlpg);          /* a = linear address */
HELPER(lmsw);            /* a = value */
HELPER(clts);

/* helper_string.c: a = op | ot << 3 | aflag << 5 | rep << 7, b = segment
 * (override or DS), c = next eip. Returns 1 when done, 0 to run again. */
HELPER(string);

/* seg.c */
HELPER(load_seg);        /* a = segment register, b = selector */
/* kinds of data access for helper_seg_check and x86_seg_check */
#define SEG_ACC_READ  0
#define SEG_ACC_WRITE 1
HELPER(seg_check);       /* a = offset, b = segment | size << 4 | access << 8: #GP/#SS */
HELPER(ljmp);            /* a = selector, b = offset, c = next eip */
HELPER(lcall);           /* a = selector, b = offset, c = next eip, d = operand size */
HELPER(lret);            /* a = operand size, b = bytes to pop */
HELPER(iret);            /* a = operand size, b = next eip */
HELPER(enter);           /* a = frame size, b = level, c = operand size */
HELPER(bound);           /* a = index, b = linear address, c = operand size */
HELPER(lldt);            /* a = selector */
HELPER(ltr);
HELPER(lar);             /* a = selector, b = 0 lar / 1 lsl: result; ZF in cc_src */
HELPER(verr);            /* a = selector, b = 0 verr / 1 verw: ZF in cc_src */

#endif
