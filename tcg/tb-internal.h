/*
 * tb-internal.h - the TBContext layout, shared by tb.c (the cache) and
 * exec.c (tb_gen_code and the loop). Nobody else looks inside.
 */
#ifndef PCEMU_TB_INTERNAL_H
#define PCEMU_TB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "tcg/ir.h"
#include "tcg/tb.h"

typedef struct TBPageDesc TBPageDesc;

/* The TB jump cache slot of a pc and key flags (exec.c fills it, tb.c
 * clears it, the JIT's inline lookup computes it too). The flags' top byte
 * (the cc_op at entry, translate.h) is mixed in so that the variants of
 * one pc, such as a return address reached with different lazy flags,
 * do not evict each other. */
#define TB_JMP_CACHE_FLAGS_MUL 0x9e3u
static inline unsigned tb_jmp_cache_hash(uint32_t pc, uint32_t flags)
{
    return (pc ^ (pc >> TB_JMP_CACHE_BITS) ^ (flags >> 24) * TB_JMP_CACHE_FLAGS_MUL) &
           (TB_JMP_CACHE_SIZE - 1);
}

/* room a new TB must find: the biggest TCI TB plus its search data */
#define TB_MIN_CODE_ROOM (72 * 1024)

struct TBContext {
    uint8_t *buf;
    size_t size;
    uint8_t *ptr; /* next free byte */
    uint8_t *code_start; /* after the back end's prologue */
    uint8_t *epilogue;
    const struct TCGBackend *be;
    TranslationBlock **tbs; /* allocation (= address) order */
    int nb_tbs;
    int max_tbs;
    TranslationBlock **htable;
    TBPageDesc **l1; /* per physical page: its TB list and code bitmap */
    IRContext *ir;
    struct CPUX86State *cpu;
    TBStats stats;
    TranslationBlock *running_nocache; /* one-shot TB being executed */
    TBExitHook *exit_hook; /* tb_context_set_exit_hook, NULL = none */
    void *exit_hook_opaque;
    uint32_t insn_end[TCG_MAX_INSNS];
};

TranslationBlock *tb_alloc(TBContext *ctx, uint8_t **code);
void tb_commit(TBContext *ctx, TranslationBlock *tb);
TranslationBlock *tb_link_page(TBContext *ctx, TranslationBlock *tb);
void tb_discard_dup(TBContext *ctx, TranslationBlock *tb);

#endif
