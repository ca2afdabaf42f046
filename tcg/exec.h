/*
 * exec.h - the execution loop's services to the translator, the helpers
 * and the back ends: TB lookup, precise state restore, leaving a TB.
 *
 * Guest faults unwind with cpu_loop_exit* (siglongjmp to cpu_exec); only
 * helpers and tlb_fill may call them, passing the retaddr of the op that
 * called them so cpu_restore_state can rebuild eip and cc_op from the TB's
 * search data. Devices never call them.
 */
#ifndef PCEMU_EXEC_H
#define PCEMU_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "tcg/tb.h"

/* Find the TB containing host code address retaddr (NULL if none). */
TranslationBlock *tb_find_by_host_pc(TBContext *ctx, uintptr_t retaddr);
/* Rebuild eip/cc_op (and the instruction budget) for the guest
 * instruction whose code contains retaddr. False if retaddr is not in a TB. */
bool cpu_restore_state(CPUX86State *env, uintptr_t retaddr);
/* Unwind to cpu_exec, which delivers env->exception_index. */
__attribute__((noreturn)) void cpu_loop_exit(CPUX86State *env);
__attribute__((noreturn)) void cpu_loop_exit_restore(CPUX86State *env, uintptr_t retaddr);
/* Raise a guest exception from a helper. */
__attribute__((noreturn)) void raise_exception_err_ra(CPUX86State *env, int excp, int err,
                                                      uintptr_t retaddr);
__attribute__((noreturn)) void raise_exception_ra(CPUX86State *env, int excp, uintptr_t retaddr);

/* For lookup_goto: the TB for env's current state if it may be entered
 * directly (cached, chaining allowed), else NULL. */
TranslationBlock *tb_lookup_for_goto(CPUX86State *env);

/* The TB being built takes at most this many instructions next time (SMC). */
void cpu_set_next_tb_cflags(CPUX86State *env, uint32_t cflags);

#endif
