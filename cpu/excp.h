/*
 * excp.h - exception and interrupt delivery (SDM vol. 3, chapter 6) and
 * the descriptor/segment services the helpers share (seg.c).
 *
 * Delivery runs from cpu_exec between TBs, with env already restored to
 * the faulting instruction. Everything here may raise a further guest
 * exception with retaddr 0 (the state is exact: no TB is running).
 */
#ifndef PCEMU_EXCP_H
#define PCEMU_EXCP_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

/* Deliver env->exception_index (fault, trap, INT n), handling #DF/triple. */
void x86_cpu_do_interrupt(CPUX86State *env);
/* Take a pending hardware interrupt if allowed; true if one was taken. */
bool x86_cpu_handle_interrupt(CPUX86State *env);

/* seg.c */
void cpu_x86_load_seg_cache(CPUX86State *env, int seg, uint32_t selector, uint32_t base,
                            uint32_t limit, uint32_t flags);
/* Read the 8-byte descriptor of selector; false if outside GDT/LDT. */
bool x86_read_descriptor(CPUX86State *env, uint32_t selector, uint32_t *e1, uint32_t *e2,
                         uintptr_t retaddr);
uint32_t desc_base(uint32_t e1, uint32_t e2);
uint32_t desc_limit(uint32_t e1, uint32_t e2);
/* A stack the helpers push on or pop from: SS, or the new SS of a stack
 * switch before it is loaded. An access of size bytes at offset off is
 * within the segment when lo <= off and off + size - 1 <= hi (expand-up:
 * 0..limit; expand-down: limit+1..0xFFFF or 0xFFFFFFFF by the B bit);
 * otherwise #SS(err): err is 0, or the new SS selector on a stack switch
 * (SDM CALL, INT n and IRET, "#SS(selector)"). ac: the slots are CPL-3
 * stack accesses under alignment checking (HF_AC_MASK when the stack was
 * taken), so a slot whose linear address is not a multiple of its size
 * raises #AC(0) after the limit check. mmu_idx: the privilege of the
 * accesses, the stack's own level, which is not always the CPL: an
 * interrupt, exception or call gate to an inner level pushes its frame on
 * the new stack before CPL changes (SDM INT n and CALL pseudocode), and
 * those pushes are supervisor accesses, so a kernel stack may sit in U/S = 0
 * pages (Bochs writes the new stack at the new code segment's DPL). The
 * caller's stack (a call gate's parameters) is read at the old CPL. */
typedef struct X86Stack {
    uint32_t base;
    uint32_t mask; /* 0xFFFF (SP) or 0xFFFFFFFF (ESP) */
    uint32_t lo, hi;
    int err;
    int mmu_idx;
    bool ac;
} X86Stack;
/* The current SS (real and V86 mode: expand-up, the cached limit); ac
 * from hflags, the accesses at the CPL (cpu_mmu_index). */
void x86_stack_cur(const CPUX86State *env, X86Stack *st);
/* A protected-mode stack segment from its descriptor: the inner stack of
 * a call gate or interrupt (CPL < 3): supervisor accesses, never checked
 * for alignment. */
void x86_stack_desc(const CPUX86State *env, X86Stack *st, uint32_t e1, uint32_t e2, int err);
/* #AC(0) if alignment checking is on (HF_AC_MASK: CR0.AM, EFLAGS.AC, CPL
 * 3) and vaddr is not a multiple of size (SDM vol. 3, 6.15, interrupt
 * 17): for the data accesses helpers make on behalf of CPL-3 code. */
void x86_align_check(CPUX86State *env, uint32_t vaddr, int size, uintptr_t retaddr);
/* Push/pop (size 2 or 4) with the limit and alignment checks: may raise
 * #SS, #AC or #PF. */
void x86_push(CPUX86State *env, const X86Stack *st, uint32_t *esp, int size, uint32_t val,
              uintptr_t retaddr);
uint32_t x86_pop(CPUX86State *env, const X86Stack *st, uint32_t *esp, int size,
                 uintptr_t retaddr);
/* The limit and alignment checks alone, for an access of size bytes at
 * esp (ENTER): #SS(st->err), #AC(0). */
void x86_stack_check(CPUX86State *env, const X86Stack *st, uint32_t esp, int size,
                     uintptr_t retaddr);
uint32_t x86_sp_mask(const CPUX86State *env);
/* Task switch (SDM 7.3) to the TSS or task gate sel with descriptor e1/e2,
 * for a JMP, a CALL/INT (nesting: back link, NT) or an IRET with NT;
 * next_eip is what the old task resumes at. 32-bit TSSs (types 9/11) and
 * 16-bit ones (types 1/3, SDM 7.6) in either direction. ev is NULL, or
 * for an exception or interrupt through a task gate: what the switch adds.
 * If the new TSS has its T bit set, the switch ends with a #DB trap
 * (DR6.BT) in the new task. */
enum { X86_TS_JMP, X86_TS_CALL, X86_TS_IRET };
typedef struct X86TaskEvent {
    bool fault;     /* a fault: the EFLAGS image saved in the old TSS has RF */
    int error_code; /* pushed on the new task's stack (word or dword), or -1 */
} X86TaskEvent;
void x86_task_switch(CPUX86State *env, uint32_t sel, uint32_t e1, uint32_t e2, int source,
                     uint32_t next_eip, const X86TaskEvent *ev, uintptr_t retaddr);
/* SS:ESP of privilege level dpl from the current TSS (32 or 16 bits), #TS. */
void x86_tss_stack(CPUX86State *env, int dpl, uint32_t *ss, uint32_t *esp, uintptr_t retaddr);

void x86_set_esp(CPUX86State *env, uint32_t esp, uint32_t sp_mask);
/* Size bytes at offset off through segment seg, read or written (access,
 * SEG_ACC_* in helper.h). Real and V86 mode: they must lie within the limit (a word at offset
 * 0xFFFF does not; SDM vol. 3, 20.1.3). Protected mode (SDM vol. 3, 5.3
 * and 5.5): a null or not-present segment, a write to a read-only data or
 * any code segment, a read of execute-only code, and offsets outside the
 * limit (expand-down: outside limit+1 .. 0xFFFF or 0xFFFFFFFF by the B
 * bit) fault. The fault is #SS(0) through SS, #GP(0) otherwise. */
void x86_seg_check(CPUX86State *env, int seg, uint32_t off, int size, int access,
                   uintptr_t retaddr);
/* The cached segment needs no protected-mode check for any access: a
 * present, writable, expand-up data segment with a 4 GiB limit (any base).
 * cpu_x86_update_hflags folds this into HF_FLAT_MASK and friends. */
bool x86_seg_unchecked(const CPUX86State *env, int seg);

#endif
