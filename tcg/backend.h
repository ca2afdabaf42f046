/*
 * backend.h - what tb_gen_code needs from a back end: turn the optimized
 * IR of one TB into code at a given place, and run a TB.
 *
 * The TCI back end (tci.c) emits a compact bytecode and interprets it; the
 * x86-64 JIT will implement the same three calls. The code must record,
 * for every guest instruction, where its code ends (the search data that
 * cpu_restore_state decodes), and where each goto_tb slot can be patched.
 */
#ifndef PCEMU_BACKEND_H
#define PCEMU_BACKEND_H

#include <stdint.h>

#include "tcg/ir.h"
#include "tcg/tb.h"

struct CPUX86State;

#define TCG_GEN_BUFFER_FULL (-1) /* flush the code buffer and retry */
#define TCG_GEN_TOO_BIG     (-2) /* halve max_insns and retry */

/*
 * Emit code for the ops in s into [buf, buf_end). insn_end[i] gets the
 * code offset where guest instruction i ends. Sets tb->jmp_insn_offset[].
 * Returns the code size, TCG_GEN_BUFFER_FULL or TCG_GEN_TOO_BIG.
 */
int tcg_gen_code(IRContext *s, TranslationBlock *tb, uint8_t *buf, uint8_t *buf_end,
                 uint32_t *insn_end, int max_insns);
/* Run from tb's code; returns the last TB | exit slot (0 = no chaining). */
uintptr_t tcg_tb_exec(struct CPUX86State *env, TranslationBlock *tb);
/* Point goto_tb slot n of tb at dest's code (dest NULL = unlink). */
void tcg_set_jmp_target(TranslationBlock *tb, int n, TranslationBlock *dest);
/* -d out_asm: print tb's code. */
void tcg_dump_code(const TranslationBlock *tb, FILE *f);

#endif
