/*
 * exec.c - the execution loop (cpu_exec), tb_gen_code, the search data
 * and precise state restore (docs/architecture.md, "The life of a TB").
 *
 * cpu_exec owns the only sigsetjmp: helpers and tlb_fill unwind to it with
 * cpu_loop_exit* after cpu_restore_state has rebuilt eip and cc_op of the
 * faulting guest instruction from the TB's search data. Flushes happen
 * here, between TBs, never while a TB runs.
 */
#include "tcg/exec.h"

#include <string.h>

#include "cpu/excp.h"
#include "cpu/translate.h"
#include "softmmu/tlb.h"
#include "tcg/backend.h"
#include "tcg/tb-internal.h"

/* --- search data: per insn sleb128 deltas of (pc, cc_op, code end) --- */

static uint8_t *put_sleb128(uint8_t *p, uint8_t *end, int64_t val)
{
    bool more;
    do {
        uint8_t byte = val & 0x7f;
        val >>= 7;
        more = !((val == 0 && !(byte & 0x40)) || (val == -1 && (byte & 0x40)));
        if (p >= end) {
            return NULL;
        }
        *p++ = more ? (byte | 0x80) : byte;
    } while (more);
    return p;
}

static int64_t get_sleb128(const uint8_t **pp)
{
    const uint8_t *p = *pp;
    int64_t val = 0;
    int shift = 0;
    uint8_t byte;
    do {
        byte = *p++;
        val |= (int64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (shift < 64 && (byte & 0x40)) {
        val |= -((int64_t)1 << shift);
    }
    *pp = p;
    return val;
}

/* Returns the search data size, or -1 if it does not fit before end. */
static int encode_search(TBContext *ctx, TranslationBlock *tb, uint8_t *p, uint8_t *end)
{
    uint8_t *start = p;
    int64_t prev[3] = {tb->pc, CC_OP_DYNAMIC, 0};
    int n = 0;
    IRContext *ir = ctx->ir;
    for (int i = 0; i < ir->nb_ops && n < tb->icount; i++) {
        const TCGOp *op = &ir->ops[i];
        if (op->opc != INDEX_op_insn_start) {
            continue;
        }
        int64_t cur[3] = {(uint32_t)op->args[0], (int64_t)op->args[1], ctx->insn_end[n]};
        for (int k = 0; k < 3; k++) {
            p = put_sleb128(p, end, cur[k] - prev[k]);
            if (!p) {
                return -1;
            }
            prev[k] = cur[k];
        }
        n++;
    }
    return (int)(p - start);
}

bool cpu_restore_state(CPUX86State *env, uintptr_t retaddr)
{
    TranslationBlock *tb = tb_find_by_host_pc(env->tbs, retaddr);
    if (!tb) {
        return false;
    }
    uintptr_t off = retaddr - (uintptr_t)tb->tc_ptr;
    const uint8_t *p = tb->tc_ptr + tb->search_off;
    int64_t v[3] = {tb->pc, CC_OP_DYNAMIC, 0};
    int i;
    for (i = 0; i < tb->icount; i++) {
        for (int k = 0; k < 3; k++) {
            v[k] += get_sleb128(&p);
        }
        if (off < (uintptr_t)v[2]) {
            break;
        }
    }
    if (i == tb->icount) {
        i = tb->icount - 1; /* past the last insn's code: the exit path */
    }
    env->eip = (uint32_t)v[0] - tb->cs_base;
    if (v[1] != CC_OP_DYNAMIC) {
        env->cc_op = (uint32_t)v[1];
    }
    /* instructions i.. did not complete */
    env->icount_decr += tb->icount - i;
    return true;
}

void cpu_loop_exit(CPUX86State *env)
{
    siglongjmp(env->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUX86State *env, uintptr_t retaddr)
{
    if (retaddr) {
        cpu_restore_state(env, retaddr);
    }
    cpu_loop_exit(env);
}

void raise_exception_err_ra(CPUX86State *env, int excp, int err, uintptr_t retaddr)
{
    env->exception_index = excp;
    env->error_code = err;
    env->exception_is_int = false;
    env->exception_next_eip = 0;
    cpu_loop_exit_restore(env, retaddr);
}

void raise_exception_ra(CPUX86State *env, int excp, uintptr_t retaddr)
{
    raise_exception_err_ra(env, excp, 0, retaddr);
}

void cpu_set_next_tb_cflags(CPUX86State *env, uint32_t cflags)
{
    env->cflags_next_tb = cflags;
}

/* --- tb_gen_code --- */

static void log_translation(CPUX86State *env, TBContext *ctx, TranslationBlock *tb, bool opt)
{
    const Log *log = env->log;
    if (!opt && log_enabled(log, LOG_IN_ASM)) {
        log_printf(log, "IN:\n");
        x86_log_in_asm(env, tb, log->file);
        log_printf(log, "\n");
    }
    if (!opt && log_enabled(log, LOG_OP)) {
        log_printf(log, "OP:\n");
        tcg_dump_ops(ctx->ir, log->file);
        log_printf(log, "\n");
    }
    if (opt && log_enabled(log, LOG_OP_OPT)) {
        log_printf(log, "OP after optimization and liveness analysis:\n");
        tcg_dump_ops(ctx->ir, log->file);
        log_printf(log, "\n");
    }
}

/* Steps 4-5: translate, optimize, emit, encode_search. Returns 0, or
 * TCG_GEN_BUFFER_FULL / TCG_GEN_TOO_BIG. */
static int tb_translate(CPUX86State *env, TranslationBlock *tb, uint8_t *code, int max_insns)
{
    TBContext *ctx = env->tbs;
    IRContext *ir = ctx->ir;
    uint8_t *end = ctx->buf + ctx->size;
    ir_func_start(ir);
    ir->count_tlb_hits = log_enabled(env->log, LOG_STATS);
    ir->chain_ok = !log_enabled(env->log, LOG_NOCHAIN | LOG_EXEC | LOG_CPU);
    gen_intermediate_code(env, tb, ir, max_insns);
    if (ir->overflow) {
        return TCG_GEN_TOO_BIG;
    }
    log_translation(env, ctx, tb, false);
    tcg_optimize(ir);
    tcg_liveness(ir);
    log_translation(env, ctx, tb, true);
    tb->tc_ptr = code;
    int size = ctx->be->gen_code(ir, tb, code, end, ctx->insn_end, max_insns, ctx->epilogue);
    if (size < 0) {
        return size;
    }
    int search = encode_search(ctx, tb, code + size, end);
    if (search < 0) {
        return TCG_GEN_BUFFER_FULL;
    }
    tb->search_off = (uint32_t)size;
    tb->tc_size = (uint32_t)(size + search);
    return 0;
}

static void tb_page_addrs(CPUX86State *env, TranslationBlock *tb, int64_t phys_pc)
{
    tb->phys_pc = (uint32_t)phys_pc;
    tb->page_addr[0] = (uint32_t)phys_pc & TARGET_PAGE_MASK;
    tb->page_addr[1] = UINT32_MAX;
    uint32_t last = tb->pc + tb->size - 1;
    if (phys_pc >= 0 && (last & TARGET_PAGE_MASK) != (tb->pc & TARGET_PAGE_MASK)) {
        int64_t p2 = get_page_addr_code(env, last & TARGET_PAGE_MASK);
        if (p2 < 0) {
            tb->cflags |= CF_NOCACHE; /* second page is not RAM: run once */
        } else {
            tb->page_addr[1] = (uint32_t)p2;
        }
    }
}

/* Step 1: the code page of pc, or -1 (translated once, not cached) when
 * it is not RAM/ROM or when EIP is past the CS limit: the translator then
 * raises #GP(0) before any page walk could raise #PF (SDM vol. 3, 5.3). */
static int64_t tb_code_page(CPUX86State *env, uint32_t pc, uint32_t flags)
{
    if (x86_eip_past_cs_limit(env, flags)) {
        return -1;
    }
    return get_page_addr_code(env, pc);
}

TranslationBlock *tb_gen_code(CPUX86State *env, uint32_t pc, uint32_t cs_base, uint32_t flags,
                              uint32_t cflags)
{
    TBContext *ctx = env->tbs;
    int64_t phys_pc = tb_code_page(env, pc, flags); /* step 1 */
    if (phys_pc < 0) {
        cflags = (cflags & ~CF_COUNT_MASK) | CF_NOCACHE | 1;
    }
    int max_insns = (int)(cflags & CF_COUNT_MASK); /* step 2 */
    if (max_insns == 0 || max_insns > TCG_MAX_INSNS) {
        max_insns = TCG_MAX_INSNS;
    }
    for (;;) {
        uint8_t *code;
        TranslationBlock *tb = tb_alloc(ctx, &code); /* step 3 */
        if (!tb) {
            tb_flush(ctx);
            ctx->stats.retry_flush++;
            env->exception_index = -1;
            cpu_loop_exit(env); /* the loop retries with an empty cache */
        }
        tb->pc = pc;
        tb->cs_base = cs_base;
        tb->flags = flags;
        tb->cflags = cflags;
        int r = tb_translate(env, tb, code, max_insns); /* steps 4-5 */
        if (r == TCG_GEN_BUFFER_FULL) {
            tb_flush(ctx);
            ctx->stats.retry_flush++;
            env->exception_index = -1;
            cpu_loop_exit(env);
        }
        if (r == TCG_GEN_TOO_BIG) {
            ctx->stats.retry_halve++;
            max_insns = max_insns > 1 ? max_insns / 2 : 1;
            continue;
        }
        ctx->stats.translated++;
        ctx->stats.guest_insns_translated += tb->icount;
        tb_page_addrs(env, tb, phys_pc);
        tb_commit(ctx, tb);
        if (log_enabled(env->log, LOG_OUT_ASM)) {
            log_printf(env->log, "OUT: [size=%u]\n", tb->search_off);
            ctx->be->dump_code(tb, env->log->file);
            log_printf(env->log, "\n");
        }
        /* step 6: chaining state is zeroed by tb_alloc; step 7 */
        if (tb->cflags & CF_NOCACHE) {
            ctx->stats.nocache++;
            return tb;
        }
        TranslationBlock *existing = tb_link_page(ctx, tb); /* step 8 */
        if (existing != tb) {
            ctx->stats.dedup++;
            tb_discard_dup(ctx, tb);
            return existing;
        }
        return tb;
    }
}

/* --- lookup --- */

static inline unsigned jc_hash(uint32_t pc, uint32_t flags)
{
    return tb_jmp_cache_hash(pc, flags);
}

static inline void cpu_get_tb_cpu_state(CPUX86State *env, uint32_t *pc, uint32_t *cs_base,
                                        uint32_t *flags)
{
    *cs_base = env->segs[R_CS].base;
    *pc = *cs_base + env->eip;
    *flags = x86_tb_flags(env);
}

static TranslationBlock *tb_find(CPUX86State *env, uint32_t cflags)
{
    TBContext *ctx = env->tbs;
    uint32_t pc, cs_base, flags;
    cpu_get_tb_cpu_state(env, &pc, &cs_base, &flags);
    unsigned h = jc_hash(pc, flags);
    TranslationBlock *tb = env->tb_jmp_cache[h];
    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == cflags && !tb->invalid) {
        env->stats.jc_hits++;
        return tb;
    }
    env->stats.jc_misses++;
    int64_t phys_pc = tb_code_page(env, pc, flags);
    tb = phys_pc >= 0 ? tb_htable_lookup(ctx, pc, cs_base, flags, cflags, (uint32_t)phys_pc)
                      : NULL;
    if (tb) {
        ctx->stats.hash_hits++;
    } else {
        ctx->stats.hash_misses++;
        tb = tb_gen_code(env, pc, cs_base, flags, cflags);
    }
    if (!(tb->cflags & CF_NOCACHE)) {
        env->tb_jmp_cache[h] = tb;
    }
    return tb;
}

static bool chaining_allowed(const CPUX86State *env)
{
    return !log_enabled(env->log, LOG_NOCHAIN | LOG_EXEC | LOG_CPU);
}

TranslationBlock *tb_lookup_for_goto(CPUX86State *env)
{
    uint32_t pc, cs_base, flags;
    if (!chaining_allowed(env) || env->cflags_next_tb || env->exit_request) {
        return NULL;
    }
    cpu_get_tb_cpu_state(env, &pc, &cs_base, &flags);
    TranslationBlock *tb = env->tb_jmp_cache[jc_hash(pc, flags)];
    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags && tb->cflags == 0 &&
        !tb->invalid) {
        env->stats.jc_hits++;
        return tb;
    }
    return NULL;
}

/* --- the loop --- */

static void budget_account(CPUX86State *env)
{
    env->insns_executed += (uint32_t)(env->icount_given - env->icount_decr);
    env->icount_given = env->icount_decr;
}

/* Hand out the rest of the budget; false when none is left. What is left
 * below TCG_MAX_INSNS is carried over to the next cpu_exec call. */
static bool budget_refill(CPUX86State *env)
{
    budget_account(env);
    if (env->icount_extra <= 0) {
        return false;
    }
    int64_t avail = env->icount_extra + (env->icount_decr > 0 ? env->icount_decr : 0);
    int64_t give = avail > (1 << 30) ? (1 << 30) : avail;
    env->icount_extra = avail - give;
    env->icount_decr = (int32_t)give;
    env->icount_given = (int32_t)give;
    return true;
}

void cpu_exit(CPUX86State *env)
{
    env->exit_request = true;
    if (env->icount_decr > 0) {
        env->icount_extra += env->icount_decr;
        env->icount_given -= env->icount_decr;
        env->icount_decr = 0;
    }
}

/* Returns true (and *ret) when cpu_exec must return. */
static bool cpu_handle_exception(CPUX86State *env, int *ret)
{
    if (env->exception_index < 0) {
        return false;
    }
    if (env->exception_index == EXCP_HLT) {
        env->exception_index = -1;
        env->halted = true;
        return false;
    }
    if (env->exception_index >= EXCP_INTERRUPT) {
        *ret = env->exception_index;
        env->exception_index = -1;
        return true;
    }
    env->stats.exceptions++;
    x86_cpu_do_interrupt(env);
    env->exception_index = -1;
    return false;
}

static void log_exec(CPUX86State *env, const TranslationBlock *tb)
{
    if (log_enabled(env->log, LOG_CPU)) {
        cpu_x86_dump_state(env, env->log->file);
    }
    log_mask(env->log, LOG_EXEC, "Trace %p [%08x/%08x/%08x] %s\n", (void *)tb->tc_ptr, tb->cs_base,
             tb->pc, tb->flags, (tb->cflags & CF_NOCACHE) ? "nocache" : "");
}

static int cpu_exec_loop(CPUX86State *env)
{
    TBContext *ctx = env->tbs;
    TranslationBlock *last_tb = NULL;
    int slot = 0, ret;
    for (;;) {
        if (cpu_handle_exception(env, &ret)) {
            budget_account(env);
            return ret;
        }
        if (env->exit_request) {
            env->exit_request = false;
            budget_account(env);
            return EXCP_INTERRUPT;
        }
        if (x86_cpu_handle_interrupt(env)) {
            last_tb = NULL;
        }
        if (env->halted) {
            budget_account(env);
            return EXCP_HALTED;
        }
        if (env->icount_decr <= 0 && !budget_refill(env)) {
            return EXCP_INTERRUPT;
        }
        uint32_t cflags = env->cflags_next_tb;
        env->cflags_next_tb = 0;
        TranslationBlock *tb = tb_find(env, cflags);
        if (last_tb && chaining_allowed(env) && !(tb->cflags & CF_NOCACHE) &&
            tb->page_addr[1] == UINT32_MAX) {
            tb_add_jump(ctx, last_tb, slot, tb);
        }
        log_exec(env, tb);
        ctx->running_nocache = (tb->cflags & CF_NOCACHE) ? tb : NULL;
        uintptr_t r = ctx->be->tb_exec(env, tb, ctx->buf);
        if (tb->flags & HF_INHIBIT_MASK) {
            env->hflags &= ~HF_INHIBIT_MASK; /* its one instruction ran */
        }
        if (ctx->running_nocache) {
            tb_free_nocache(ctx, tb);
            ctx->running_nocache = NULL;
        }
        last_tb = (TranslationBlock *)(r & ~(uintptr_t)TB_EXIT_MASK);
        slot = (int)(r & TB_EXIT_MASK);
        if (slot == TB_EXIT_REQUESTED || (last_tb && (last_tb->cflags & CF_NOCACHE))) {
            last_tb = NULL;
        }
        if (slot == TB_EXIT_REQUESTED && !env->exit_request && !budget_refill(env)) {
            return EXCP_INTERRUPT; /* the rest of the budget is too small for that TB */
        }
        if (ctx->exit_hook) {
            ctx->exit_hook(env, ctx->exit_hook_opaque);
        }
    }
}

int cpu_exec(CPUX86State *env, int64_t budget)
{
    TBContext *ctx = env->tbs;
    env->icount_extra = budget + (env->icount_decr > 0 ? env->icount_decr : 0);
    env->icount_decr = 0;
    env->icount_given = 0;
    for (;;) {
        if (sigsetjmp(env->jmp_env, 0) == 0) {
            return cpu_exec_loop(env);
        }
        /* unwound from a helper, tlb_fill or tb_gen_code */
        if (ctx->running_nocache) {
            tb_free_nocache(ctx, ctx->running_nocache);
            ctx->running_nocache = NULL;
        }
    }
}
