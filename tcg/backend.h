/*
 * backend.h - what tb_gen_code needs from a back end: turn the optimized
 * IR of one TB into code at a given place, run a TB, patch a chained jump.
 *
 * Two back ends implement it: TCI (tcg/tci.c, a compact bytecode and its
 * interpreter, the reference) and the x86-64 JIT (tcg/x86_64/). Both must
 * record, for every guest instruction, where its code ends (the search
 * data cpu_restore_state decodes), and where each goto_tb slot is patched.
 */
#ifndef PCEMU_BACKEND_H
#define PCEMU_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/ir.h"
#include "tcg/tb.h"

struct CPUX86State;

#define TCG_GEN_BUFFER_FULL (-1) /* flush the code buffer and retry */
#define TCG_GEN_TOO_BIG     (-2) /* halve max_insns and retry */

typedef struct TCGBackend {
    const char *name;
    /* Code shared by all TBs (the JIT's prologue/epilogue), emitted once at
     * the start of the code buffer. Returns its size; *epilogue is where
     * exit_tb jumps. TCI needs none. */
    size_t (*emit_prologue)(uint8_t *buf, size_t size, uint8_t **epilogue);
    /*
     * Emit code for the ops in s into [buf, buf_end). insn_end[i] gets the
     * code offset where guest instruction i ends. Sets tb->jmp_insn_offset[].
     * Returns the code size, TCG_GEN_BUFFER_FULL or TCG_GEN_TOO_BIG.
     */
    int (*gen_code)(IRContext *s, TranslationBlock *tb, uint8_t *buf, uint8_t *buf_end,
                    uint32_t *insn_end, int max_insns, const uint8_t *epilogue);
    /* Run from tb's code; returns the last TB | exit slot (0: no chaining). */
    uintptr_t (*tb_exec)(struct CPUX86State *env, TranslationBlock *tb, const uint8_t *prologue);
    /* Point goto_tb slot n of tb at dest's code (dest NULL: unlink). */
    void (*set_jmp_target)(TranslationBlock *tb, int n, TranslationBlock *dest);
    /* -d out_asm */
    void (*dump_code)(const TranslationBlock *tb, FILE *f);
    /* Optional: the host instruction-set extensions the back end may use
     * (TCG_HOST_*), probed once when the back end is chosen and handed to
     * gen_code in IRContext.host_features. */
    uint32_t (*host_features)(void);
} TCGBackend;

/* host features a back end may use */
#define TCG_HOST_LZCNT (1u << 0) /* LZCNT (ABM) */
#define TCG_HOST_BMI1  (1u << 1) /* TZCNT, ANDN */
#define TCG_HOST_BMI2  (1u << 2) /* SHLX, SHRX, SARX */

/*
 * The op walk both back ends share: records where each guest instruction's
 * code ends (insn_end) and where each label lands (label_off), stops on a
 * full buffer, on max_insns, or past max_code bytes (16-bit jump offsets),
 * and calls emit for every op that produces code and at_label just before
 * a label's position is taken. Returns 0, TCG_GEN_BUFFER_FULL or
 * TCG_GEN_TOO_BIG; the back end then resolves its branch relocations.
 */
struct CodeBuf;
typedef struct TCGEmitHooks {
    void (*emit)(void *gen, TCGOp *op);
    void (*at_label)(void *gen, int label); /* may be NULL */
} TCGEmitHooks;
int tcg_emit_ops(IRContext *s, struct CodeBuf *cb, uint32_t *insn_end, int max_insns,
                 uint32_t max_code, uint32_t *label_off, const TCGEmitHooks *hooks, void *gen);

extern const TCGBackend tcg_backend_tci;
extern const TCGBackend tcg_backend_x86_64;

#endif
