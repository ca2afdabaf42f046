/*
 * tb.h - translation blocks and the TB cache (docs/architecture.md, "The
 * life of a TB").
 *
 * The TBContext owns the code buffer (TB structs and their code/bytecode,
 * carved from one region, bounded by -tb-size), the hash table keyed by
 * (phys_pc, pc, cs_base, flags, cflags, page_addr[1]), the per-page TB
 * lists used to invalidate code on writes, and the counters printed by
 * -d stats. TBs are keyed by physical page: a TB stays valid across CR3
 * changes and is dropped only when its code bytes change or on a flush.
 * Flushing happens only at a safe point (from the execution loop).
 */
#ifndef PCEMU_TB_H
#define PCEMU_TB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "softmmu/log.h"

struct CPUX86State;

#define TCG_MAX_INSNS 512
#define CF_COUNT_MASK 0x000003ffu /* max instructions, 0 = TCG_MAX_INSNS */
#define CF_NOCACHE    0x00010000u /* one-shot TB (code from MMIO/unmapped) */
#define CF_NOCHAIN    0x00020000u

/* exit_tb return values: TB pointer | slot, slot 3 = exit requested */
#define TB_EXIT_MASK      3
#define TB_EXIT_IDX0      0
#define TB_EXIT_IDX1      1
#define TB_EXIT_REQUESTED 3

typedef struct TranslationBlock TranslationBlock;

struct TranslationBlock {
    uint32_t pc;      /* linear address of the first instruction */
    uint32_t cs_base;
    uint32_t flags;   /* hflags at translation time */
    uint32_t cflags;
    uint32_t size;    /* guest bytes */
    uint16_t icount;  /* guest instructions */
    bool invalid;
    uint32_t phys_pc;      /* physical address of the first byte */
    uint32_t page_addr[2]; /* physical pages, [1] = -1 if on one page */
    uint8_t *tc_ptr;       /* code (bytecode for TCI) */
    uint32_t tc_size;      /* code + search data */
    uint32_t search_off;   /* offset of the search data from tc_ptr */
    /* chaining: slot n patched at tc_ptr + jmp_insn_offset[n] */
    uint16_t jmp_insn_offset[2];
    uint16_t jmp_reset_offset[2];
    /* JIT: where slot n enters when it chains to this same TB (a loop):
     * past the code that loads the TB's registers, which the slot's exit
     * path has kept current (0: at tc_ptr). Set by the back end. */
    uint16_t jmp_self_offset[2];
    TranslationBlock *jmp_dest[2];
    /* incoming jumps: list of (tb, slot) that jump to us, tagged pointers */
    uintptr_t jmp_list_head;
    uintptr_t jmp_list_next[2];
    /* hash chain and per-page lists */
    TranslationBlock *hash_next;
    TranslationBlock *page_next[2];
    uint32_t hash;
};

typedef struct TBStats {
    uint64_t translated;     /* TBs generated (including discarded dups) */
    uint64_t dedup;          /* tb_link_page found an existing identical TB */
    uint64_t nocache;        /* one-shot TBs for MMIO/unmapped code */
    uint64_t flushes;
    uint64_t invalidations;
    uint64_t hash_hits;
    uint64_t hash_misses;
    uint64_t retry_flush;    /* tb_gen_code -1 path taken */
    uint64_t retry_halve;    /* tb_gen_code -2 path taken */
    uint64_t guest_insns_translated;
    uint64_t chained;
} TBStats;

typedef struct TBContext TBContext;

/* code_size bytes of code buffer. NULL on failure (message in err). */
TBContext *tb_context_new(size_t code_size, char *err, size_t errlen);
void tb_context_free(TBContext *ctx);
const TBStats *tb_stats(const TBContext *ctx);
void tb_print_stats(const TBContext *ctx, const struct CPUX86State *env, const Log *log);
/* Back end: "tci" (the IR interpreter, default) or "tcg" (x86-64 JIT).
 * Returns 0, or -1 for an unknown name. Flushes the cache. */
int tb_context_set_backend(TBContext *ctx, const char *name);
const struct TCGBackend *tb_context_backend(const TBContext *ctx);
/* Let the back end use only the host features in mask (TCG_HOST_*): tests
 * run the fallback code of a host without them. Flushes the TBs. */
void tb_context_limit_host_features(TBContext *ctx, uint32_t mask);
/*
 * A tool's hook (tests/diff): when set, cpu_exec calls fn(env, opaque) each
 * time the back end returns to the loop after running a TB (with chaining,
 * after the whole chain: tools also set -d nochain). Not called for a TB
 * that unwound (fault, HLT). fn may call cpu_exit to return after this TB.
 * NULL (the default) costs one test per return to the loop.
 */
typedef void TBExitHook(struct CPUX86State *env, void *opaque);
void tb_context_set_exit_hook(TBContext *ctx, TBExitHook *fn, void *opaque);
/* The CPU whose jump cache and TLB follow this cache's invalidations. */
void tb_context_attach_cpu(TBContext *ctx, struct CPUX86State *env);

/* --- for the execution loop (exec.c) and the memory slow paths --- */

/* Drop every TB, jump cache and code page; reset the buffer. */
void tb_flush(TBContext *ctx);
/* Look up a cached TB by its key; NULL if none. */
TranslationBlock *tb_htable_lookup(TBContext *ctx, uint32_t pc, uint32_t cs_base, uint32_t flags,
                                   uint32_t cflags, uint32_t phys_pc);
/* Translate a TB for (pc, cs_base, flags, cflags); may unwind on a fault
 * or after a flush (the loop then retries). */
TranslationBlock *tb_gen_code(struct CPUX86State *env, uint32_t pc, uint32_t cs_base,
                              uint32_t flags, uint32_t cflags);
/* Give a one-shot (CF_NOCACHE) TB's space back after it ran. */
void tb_free_nocache(TBContext *ctx, TranslationBlock *tb);
/* Chain: make tb's exit n jump straight to dest. */
void tb_add_jump(TBContext *ctx, TranslationBlock *tb, int n, TranslationBlock *dest);
/* True if physical page paddr holds translated code. */
bool tb_page_is_code(const TBContext *ctx, uint32_t paddr);
/*
 * A write of len bytes at paddr: invalidate every TB overlapping it.
 * Returns true if one of them contains host address retaddr and has more
 * than one instruction (the writer modified its own TB).
 */
bool tb_invalidate_phys_range(TBContext *ctx, uint32_t paddr, uint32_t len, uintptr_t retaddr);
TBStats *tb_stats_mut(TBContext *ctx);
/* The IR context the front end registers its globals in. */
struct IRContext *tb_context_ir(TBContext *ctx);

#endif
