/*
 * tb.c - the TB cache: the code buffer, the hash table, per-page TB lists,
 * jump chaining bookkeeping, invalidation and flush.
 *
 * Memory: one anonymous mapping of -tb-size bytes. TB structs and their
 * code are carved from it in order, so TBs sorted by address are sorted
 * by allocation and tb_find_by_host_pc is a binary search over tbs[].
 * Nothing is freed one by one, except the last TB (a discarded duplicate
 * or a one-shot TB); the buffer is reset whole by tb_flush.
 *
 * Per-page lists: a TB is on the list of each physical page it covers
 * (one or two); list links are tagged pointers (tb | n, n = which of the
 * TB's pages). Incoming jumps are a list on the destination of
 * (source tb | slot) so invalidation can unlink them.
 */
#include "tcg/tb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/cpu.h"
#include "softmmu/memory.h"
#include "softmmu/tlb.h"
#include "tcg/backend.h"
#include "tcg/exec.h"
#include "tcg/tb-internal.h"

#define TB_HASH_BITS 15
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define TB_L1_BITS   10
#define TB_L2_BITS   (32 - TARGET_PAGE_BITS - TB_L1_BITS)

static uint32_t tb_hash(uint32_t phys_pc, uint32_t pc, uint32_t flags)
{
    uint32_t h = phys_pc * 0x9e3779b1u ^ pc * 0x85ebca77u ^ flags * 0xc2b2ae3du;
    return (h ^ (h >> 15)) & (TB_HASH_SIZE - 1);
}

static void page_l2_free(TBPageDesc *l2);
static void tb_write_notify(void *opaque, uint32_t paddr, uint32_t len);

TBContext *tb_context_new(size_t code_size, char *err, size_t errlen)
{
    TBContext *ctx = calloc(1, sizeof(*ctx));
    if (!ctx) {
        snprintf(err, errlen, "out of memory for the TB cache");
        return NULL;
    }
    ctx->buf = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                    -1, 0);
    ctx->max_tbs = (int)(code_size / 64);
    ctx->tbs = calloc((size_t)ctx->max_tbs, sizeof(*ctx->tbs));
    ctx->htable = calloc(TB_HASH_SIZE, sizeof(*ctx->htable));
    ctx->l1 = calloc(1u << TB_L1_BITS, sizeof(*ctx->l1));
    ctx->ir = malloc(sizeof(IRContext));
    if (ctx->buf == MAP_FAILED || !ctx->tbs || !ctx->htable || !ctx->l1 || !ctx->ir ||
        ir_context_init(ctx->ir) < 0) {
        if (ctx->buf == MAP_FAILED) {
            ctx->buf = NULL;
        }
        tb_context_free(ctx);
        snprintf(err, errlen, "cannot allocate a %zu MiB code buffer", code_size >> 20);
        return NULL;
    }
    ctx->size = code_size;
    madvise(ctx->buf, code_size, MADV_HUGEPAGE); /* a hint: fewer iTLB misses */
    tb_context_set_backend(ctx, "tci");
    return ctx;
}

void tb_context_free(TBContext *ctx)
{
    if (!ctx) {
        return;
    }
    if (ctx->buf) {
        munmap(ctx->buf, ctx->size);
    }
    if (ctx->l1) {
        for (unsigned i = 0; i < (1u << TB_L1_BITS); i++) {
            page_l2_free(ctx->l1[i]);
        }
    }
    if (ctx->ir) {
        ir_context_destroy(ctx->ir);
    }
    free(ctx->ir);
    free(ctx->l1);
    free(ctx->htable);
    free(ctx->tbs);
    free(ctx);
}

int tb_context_set_backend(TBContext *ctx, const char *name)
{
    const TCGBackend *be;
    if (!strcmp(name, "tci")) {
        be = &tcg_backend_tci;
    } else if (!strcmp(name, "tcg")) {
        be = &tcg_backend_x86_64;
    } else {
        return -1;
    }
    if (ctx->nb_tbs) {
        tb_flush(ctx);
    }
    ctx->be = be;
    ctx->ir->host_features = be->host_features ? be->host_features() : 0;
    size_t n = be->emit_prologue(ctx->buf, ctx->size, &ctx->epilogue);
    ctx->code_start = ctx->buf + ((n + 63) & ~(size_t)63);
    ctx->ptr = ctx->code_start;
    return 0;
}

void tb_context_limit_host_features(TBContext *ctx, uint32_t mask)
{
    ctx->ir->host_features &= mask;
    if (ctx->nb_tbs) {
        tb_flush(ctx);
    }
}

const struct TCGBackend *tb_context_backend(const TBContext *ctx)
{
    return ctx->be;
}

void tb_context_set_exit_hook(TBContext *ctx, TBExitHook *fn, void *opaque)
{
    ctx->exit_hook = fn;
    ctx->exit_hook_opaque = opaque;
}

void tb_context_attach_cpu(TBContext *ctx, CPUX86State *env)
{
    ctx->cpu = env;
    if (env->as) { /* device and DMA writes to RAM drop the code they hit */
        env->as->write_notify = tb_write_notify;
        env->as->notify_opaque = ctx;
    }
}

const TBStats *tb_stats(const TBContext *ctx)
{
    return &ctx->stats;
}

struct IRContext *tb_context_ir(TBContext *ctx)
{
    return ctx->ir;
}

TBStats *tb_stats_mut(TBContext *ctx)
{
    return &ctx->stats;
}

/* --- per-page descriptors --- */

/* A physical page's TBs, and a bitmap of the bytes they cover (one bit a
 * byte, a superset; NULL until a write to the page needs it, dropped when
 * a TB leaves the page): a store to a code page that overlaps no TB then
 * costs a few bit tests instead of a walk of the list. */
struct TBPageDesc {
    uintptr_t first; /* tagged head of the TB list */
    uint8_t *code_bitmap;
};

static TBPageDesc *page_desc(TBContext *ctx, uint32_t paddr, bool alloc)
{
    uint32_t page = paddr >> TARGET_PAGE_BITS;
    TBPageDesc **l2 = &ctx->l1[page >> TB_L2_BITS];
    if (!*l2) {
        if (!alloc) {
            return NULL;
        }
        *l2 = calloc(1u << TB_L2_BITS, sizeof(TBPageDesc));
        if (!*l2) {
            pc_abort("out of memory for TB page lists");
        }
    }
    return &(*l2)[page & ((1u << TB_L2_BITS) - 1)];
}

/* Free one L2 table of page descriptors and their bitmaps. */
static void page_l2_free(TBPageDesc *l2)
{
    if (l2) {
        for (unsigned i = 0; i < (1u << TB_L2_BITS); i++) {
            free(l2[i].code_bitmap);
        }
        free(l2);
    }
}

bool tb_page_is_code(const TBContext *ctx, uint32_t paddr)
{
    uint32_t page = paddr >> TARGET_PAGE_BITS;
    const TBPageDesc *l2 = ctx->l1[page >> TB_L2_BITS];
    return l2 && l2[page & ((1u << TB_L2_BITS) - 1)].first != 0;
}

/* The physical bytes [*start, *end) of tb on its page n. */
static void tb_page_range(const TranslationBlock *tb, int n, uint32_t *start, uint32_t *end)
{
    if (n == 0) {
        *start = tb->phys_pc;
        *end = tb->page_addr[1] == UINT32_MAX ? tb->phys_pc + tb->size
                                              : tb->page_addr[0] + TARGET_PAGE_SIZE;
    } else {
        *start = tb->page_addr[1];
        *end = *start + (tb->pc & ~TARGET_PAGE_MASK) + tb->size - TARGET_PAGE_SIZE;
    }
}

static void bitmap_set_tb(uint8_t *bm, const TranslationBlock *tb, int n)
{
    uint32_t start, end;
    tb_page_range(tb, n, &start, &end);
    uint32_t off = start & ~TARGET_PAGE_MASK;
    for (uint32_t i = off; i < off + (end - start); i++) {
        bm[i >> 3] |= (uint8_t)(1u << (i & 7));
    }
}

static void page_build_bitmap(TBPageDesc *pd)
{
    pd->code_bitmap = calloc(TARGET_PAGE_SIZE / 8, 1);
    if (!pd->code_bitmap) {
        return; /* no bitmap: every write walks the list */
    }
    for (uintptr_t e = pd->first; e;) {
        TranslationBlock *tb = (TranslationBlock *)(e & ~(uintptr_t)3);
        int n = (int)(e & 3);
        bitmap_set_tb(pd->code_bitmap, tb, n);
        e = (uintptr_t)tb->page_next[n];
    }
}

/* True if some TB may cover a byte of [off, off + len) of the page. */
static bool bitmap_hit(const uint8_t *bm, uint32_t off, uint32_t len)
{
    for (uint32_t i = off; i < off + len && i < TARGET_PAGE_SIZE; i++) {
        if (bm[i >> 3] & (1u << (i & 7))) {
            return true;
        }
    }
    return false;
}

static void page_add_tb(TBContext *ctx, TranslationBlock *tb, int n)
{
    TBPageDesc *pd = page_desc(ctx, tb->page_addr[n], true);
    bool first = pd->first == 0;
    tb->page_next[n] = (TranslationBlock *)pd->first;
    pd->first = (uintptr_t)tb | (uintptr_t)n;
    if (pd->code_bitmap) {
        bitmap_set_tb(pd->code_bitmap, tb, n);
    }
    if (first && ctx->cpu) {
        tlb_protect_code_page(ctx->cpu, tb->page_addr[n]);
    }
}

static void page_remove_tb(TBContext *ctx, TranslationBlock *tb, int n)
{
    TBPageDesc *pd = page_desc(ctx, tb->page_addr[n], false);
    if (!pd) {
        return;
    }
    free(pd->code_bitmap); /* rebuilt by the next write that needs it */
    pd->code_bitmap = NULL;
    uintptr_t *pp = &pd->first;
    while (*pp) {
        TranslationBlock *t = (TranslationBlock *)(*pp & ~(uintptr_t)3);
        int tn = (int)(*pp & 3);
        if (t == tb && tn == n) {
            *pp = (uintptr_t)tb->page_next[n];
            return;
        }
        pp = (uintptr_t *)&t->page_next[tn];
    }
}

/* AddressSpace.write_notify: a write that bypassed the TLB (DMA, loader,
 * page-walk A/D updates, MMIO slow path into RAM). */
static void tb_write_notify(void *opaque, uint32_t paddr, uint32_t len)
{
    TBContext *ctx = opaque;
    for (uint64_t a = paddr & TARGET_PAGE_MASK; a < (uint64_t)paddr + len; a += TARGET_PAGE_SIZE) {
        if (tb_page_is_code(ctx, (uint32_t)a)) {
            tb_invalidate_phys_range(ctx, paddr, len, 0);
            return;
        }
    }
}

/* --- hash table --- */

TranslationBlock *tb_htable_lookup(TBContext *ctx, uint32_t pc, uint32_t cs_base, uint32_t flags,
                                   uint32_t cflags, uint32_t phys_pc)
{
    uint32_t h = tb_hash(phys_pc, pc, flags);
    for (TranslationBlock *tb = ctx->htable[h]; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
            tb->cflags == cflags && tb->page_addr[0] == (phys_pc & TARGET_PAGE_MASK) &&
            tb->phys_pc == phys_pc) {
            if (tb->page_addr[1] != UINT32_MAX && ctx->cpu) {
                /* no fault here: a miss lets the translator fetch (and
                 * fault, or stop at the CS limit before that page) */
                uint32_t page2 = (pc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
                int64_t p2 = probe_page_addr_code(ctx->cpu, page2);
                if (p2 < 0 || (uint32_t)p2 != tb->page_addr[1]) {
                    continue;
                }
            }
            return tb;
        }
    }
    return NULL;
}

static void htable_remove(TBContext *ctx, TranslationBlock *tb)
{
    TranslationBlock **pp = &ctx->htable[tb->hash];
    while (*pp) {
        if (*pp == tb) {
            *pp = tb->hash_next;
            return;
        }
        pp = &(*pp)->hash_next;
    }
}

/* Insert tb, or return the identical TB already there. */
TranslationBlock *tb_link_page(TBContext *ctx, TranslationBlock *tb)
{
    TranslationBlock *old = tb_htable_lookup(ctx, tb->pc, tb->cs_base, tb->flags, tb->cflags,
                                             tb->phys_pc);
    if (old && old->page_addr[1] == tb->page_addr[1]) {
        return old;
    }
    tb->hash = tb_hash(tb->phys_pc, tb->pc, tb->flags);
    tb->hash_next = ctx->htable[tb->hash];
    ctx->htable[tb->hash] = tb;
    page_add_tb(ctx, tb, 0);
    if (tb->page_addr[1] != UINT32_MAX) {
        page_add_tb(ctx, tb, 1);
    }
    return tb;
}

/* --- allocation --- */

TranslationBlock *tb_alloc(TBContext *ctx, uint8_t **code)
{
    uintptr_t p = ((uintptr_t)ctx->ptr + 15) & ~(uintptr_t)15;
    uint8_t *end = ctx->buf + ctx->size;
    if (ctx->nb_tbs >= ctx->max_tbs ||
        (uint8_t *)p + sizeof(TranslationBlock) + TB_MIN_CODE_ROOM > end) {
        return NULL;
    }
    TranslationBlock *tb = (TranslationBlock *)p;
    memset(tb, 0, sizeof(*tb));
    *code = (uint8_t *)(((uintptr_t)(tb + 1) + 15) & ~(uintptr_t)15);
    return tb;
}

void tb_commit(TBContext *ctx, TranslationBlock *tb)
{
    ctx->ptr = tb->tc_ptr + tb->tc_size;
    ctx->tbs[ctx->nb_tbs++] = tb;
}

/* Give the last allocated TB's space back. */
static void tb_uncommit(TBContext *ctx, TranslationBlock *tb)
{
    if (ctx->nb_tbs > 0 && ctx->tbs[ctx->nb_tbs - 1] == tb) {
        ctx->nb_tbs--;
        ctx->ptr = (uint8_t *)tb;
    }
}

void tb_discard_dup(TBContext *ctx, TranslationBlock *tb)
{
    tb_uncommit(ctx, tb);
}

void tb_free_nocache(TBContext *ctx, TranslationBlock *tb)
{
    tb_uncommit(ctx, tb);
}

TranslationBlock *tb_find_by_host_pc(TBContext *ctx, uintptr_t retaddr)
{
    int lo = 0, hi = ctx->nb_tbs - 1;
    if (retaddr < (uintptr_t)ctx->buf || retaddr >= (uintptr_t)ctx->buf + ctx->size) {
        return NULL;
    }
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        TranslationBlock *tb = ctx->tbs[mid];
        uintptr_t start = (uintptr_t)tb->tc_ptr;
        if (retaddr < start) {
            hi = mid - 1;
        } else if (retaddr >= start + tb->tc_size) {
            lo = mid + 1;
        } else {
            return tb;
        }
    }
    return NULL;
}

/* --- chaining --- */

void tb_add_jump(TBContext *ctx, TranslationBlock *tb, int n, TranslationBlock *dest)
{
    if (tb->jmp_dest[n] || tb->jmp_insn_offset[n] == 0xffff || dest->invalid || tb->invalid) {
        return;
    }
    tb->jmp_dest[n] = dest;
    tb->jmp_list_next[n] = dest->jmp_list_head;
    dest->jmp_list_head = (uintptr_t)tb | (uintptr_t)n;
    ctx->be->set_jmp_target(tb, n, dest);
    ctx->stats.chained++;
}

/* Remove (src, n) from dest's incoming list. */
static void jmp_list_remove(TranslationBlock *dest, TranslationBlock *src, int n)
{
    uintptr_t *pp = &dest->jmp_list_head;
    uintptr_t want = (uintptr_t)src | (uintptr_t)n;
    while (*pp) {
        TranslationBlock *t = (TranslationBlock *)(*pp & ~(uintptr_t)3);
        int tn = (int)(*pp & 3);
        if (*pp == want) {
            *pp = t->jmp_list_next[tn];
            return;
        }
        pp = &t->jmp_list_next[tn];
    }
}

static void tb_jmp_unlink(TBContext *ctx, TranslationBlock *tb)
{
    /* incoming: every (src, n) jumping to tb falls back to its exit */
    uintptr_t e = tb->jmp_list_head;
    while (e) {
        TranslationBlock *src = (TranslationBlock *)(e & ~(uintptr_t)3);
        int n = (int)(e & 3);
        e = src->jmp_list_next[n];
        ctx->be->set_jmp_target(src, n, NULL);
        src->jmp_dest[n] = NULL;
    }
    tb->jmp_list_head = 0;
    /* outgoing */
    for (int n = 0; n < 2; n++) {
        if (tb->jmp_dest[n]) {
            jmp_list_remove(tb->jmp_dest[n], tb, n);
            ctx->be->set_jmp_target(tb, n, NULL);
            tb->jmp_dest[n] = NULL;
        }
    }
}

static void tb_phys_invalidate(TBContext *ctx, TranslationBlock *tb)
{
    tb->invalid = true;
    htable_remove(ctx, tb);
    page_remove_tb(ctx, tb, 0);
    if (tb->page_addr[1] != UINT32_MAX) {
        page_remove_tb(ctx, tb, 1);
    }
    if (ctx->cpu) {
        TranslationBlock **slot = &ctx->cpu->tb_jmp_cache[tb_jmp_cache_hash(tb->pc, tb->flags)];
        if (*slot == tb) {
            *slot = NULL;
        }
    }
    tb_jmp_unlink(ctx, tb);
    ctx->stats.invalidations++;
}

bool tb_invalidate_phys_range(TBContext *ctx, uint32_t paddr, uint32_t len, uintptr_t retaddr)
{
    bool modified_self = false;
    TranslationBlock *cur = retaddr ? tb_find_by_host_pc(ctx, retaddr) : NULL;
    uint32_t first = paddr & TARGET_PAGE_MASK, last = (paddr + len - 1) & TARGET_PAGE_MASK;
    for (uint32_t page = first;; page += TARGET_PAGE_SIZE) {
        TBPageDesc *pd = page_desc(ctx, page, false);
        uintptr_t e = pd ? pd->first : 0;
        if (e && !pd->code_bitmap) {
            page_build_bitmap(pd);
        }
        if (e && pd->code_bitmap) {
            uint32_t off = page == first ? paddr & ~TARGET_PAGE_MASK : 0;
            uint32_t bytes = page == first ? len : paddr + len - page;
            if (!bitmap_hit(pd->code_bitmap, off, bytes)) {
                e = 0; /* data next to code: nothing to drop */
            }
        }
        while (e) {
            TranslationBlock *tb = (TranslationBlock *)(e & ~(uintptr_t)3);
            int n = (int)(e & 3);
            e = (uintptr_t)tb->page_next[n];
            uint32_t start, end;
            tb_page_range(tb, n, &start, &end);
            if (paddr < end && paddr + len > start) {
                if (tb == cur && tb->icount > 1) {
                    modified_self = true;
                }
                tb_phys_invalidate(ctx, tb);
            }
        }
        if (page == last) {
            break;
        }
    }
    return modified_self;
}

void tb_flush(TBContext *ctx)
{
    for (int i = 0; i < ctx->nb_tbs; i++) {
        ctx->tbs[i]->invalid = true;
    }
    ctx->nb_tbs = 0;
    ctx->ptr = ctx->code_start;
    memset(ctx->htable, 0, TB_HASH_SIZE * sizeof(*ctx->htable));
    for (unsigned i = 0; i < (1u << TB_L1_BITS); i++) {
        page_l2_free(ctx->l1[i]);
        ctx->l1[i] = NULL;
    }
    if (ctx->cpu) {
        memset(ctx->cpu->tb_jmp_cache, 0, sizeof(ctx->cpu->tb_jmp_cache));
        tlb_flush(ctx->cpu); /* drops the NOTDIRTY marks of old code pages */
    }
    ctx->stats.flushes++;
}

void tb_print_stats(const TBContext *ctx, const CPUX86State *env, const Log *log)
{
    const TBStats *s = &ctx->stats;
#define STAT(name, val) log_printf(log, "pcemu-stats %s %llu\n", name, (unsigned long long)(val))
    STAT("tbs_translated", s->translated);
    STAT("tb_dedup", s->dedup);
    STAT("tb_nocache", s->nocache);
    STAT("tb_flushes", s->flushes);
    STAT("tb_invalidations", s->invalidations);
    STAT("retry_flush", s->retry_flush);
    STAT("retry_halve", s->retry_halve);
    STAT("hash_hits", s->hash_hits);
    STAT("hash_misses", s->hash_misses);
    STAT("tb_chained", s->chained);
    STAT("insns_translated", s->guest_insns_translated);
    STAT("tbs_live", ctx->nb_tbs);
    STAT("code_bytes_used", (size_t)(ctx->ptr - ctx->buf));
    if (env) {
        STAT("insns_executed", env->insns_executed);
        STAT("jc_hits", env->stats.jc_hits);
        STAT("jc_misses", env->stats.jc_misses);
        STAT("tlb_hits", env->stats.tlb_hits);
        STAT("tlb_misses", env->stats.tlb_misses);
        STAT("tlb_victim_hits", env->stats.tlb_victim_hits);
        STAT("tlb_flushes", env->stats.tlb_flushes);
        STAT("tlb_flush_pages", env->stats.tlb_flush_pages);
        STAT("tlb_hits_slow", env->stats.tlb_hits_slow);
        STAT("exceptions", env->stats.exceptions);
    }
#undef STAT
}
