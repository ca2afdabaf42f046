/*
 * tlb.c - the softmmu TLB: fill, victim table, flushes, and the slow
 * paths of guest loads, stores and code fetches.
 *
 * Owns the TLB arrays inside CPUX86State (filled only here). The page walk
 * itself is cpu/paging.c's; the physical map is softmmu/memory.c's. A
 * store to a page that holds translated code (TLB_NOTDIRTY) invalidates
 * the TBs it overlaps before it lands; if the writer's own TB was hit,
 * the store is abandoned and its instruction re-run alone (a one-insn TB),
 * so the guest sees its new code from the next instruction on.
 */
#include "softmmu/tlb.h"

#include <string.h>

#include "cpu/paging.h"
#include "softmmu/memory.h"
#include "tcg/exec.h"
#include "tcg/ir.h"
#include "tcg/tb.h"

static void tlb_entry_invalidate(CPUTLBEntry *e)
{
    e->addr_read = e->addr_write = e->addr_code = UINT32_MAX;
    e->attrs = 0;
    e->addend = 0;
    e->paddr = 0;
}

static bool entry_valid(const CPUTLBEntry *e)
{
    return e->addr_read != UINT32_MAX || e->addr_write != UINT32_MAX || e->addr_code != UINT32_MAX;
}

/* Flush one mmu_idx; keep_global keeps the entries of global pages. */
static void tlb_flush_idx(CPUX86State *env, int m, bool keep_global)
{
    for (int i = 0; i < TLB_SIZE; i++) {
        if (!keep_global || !(env->tlb[m][i].attrs & TLB_ATTR_GLOBAL)) {
            tlb_entry_invalidate(&env->tlb[m][i]);
        }
    }
    for (int i = 0; i < TLB_VICTIM; i++) {
        if (!keep_global || !(env->tlb_v[m][i].attrs & TLB_ATTR_GLOBAL)) {
            tlb_entry_invalidate(&env->tlb_v[m][i]);
        }
    }
    if (!keep_global) {
        env->tlb_large_addr[m] = UINT32_MAX;
        env->tlb_large_mask[m] = 0;
    }
}

/* The TB jump cache is keyed by linear pc: a mapping change must drop it
 * (the hash table is keyed by physical address and stays valid). */
static void jmp_cache_clear(CPUX86State *env)
{
    memset(env->tb_jmp_cache, 0, sizeof(env->tb_jmp_cache));
}

/* Drop jump-cache entries of TBs starting on page or the page before it
 * (a TB may run into the next page). */
static void jmp_cache_clear_page(CPUX86State *env, uint32_t page)
{
    for (int i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        TranslationBlock *tb = env->tb_jmp_cache[i];
        if (tb && ((tb->pc & TARGET_PAGE_MASK) == page ||
                   (tb->pc & TARGET_PAGE_MASK) == page - TARGET_PAGE_SIZE)) {
            env->tb_jmp_cache[i] = NULL;
        }
    }
}

void tlb_flush(CPUX86State *env)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        tlb_flush_idx(env, m, false);
    }
    jmp_cache_clear(env);
    env->stats.tlb_flushes++;
}

void tlb_flush_nonglobal(CPUX86State *env)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        tlb_flush_idx(env, m, true);
    }
    jmp_cache_clear(env);
    env->stats.tlb_flushes++;
}

static bool entry_maps(const CPUTLBEntry *e, uint32_t page)
{
    return (e->addr_read & TARGET_PAGE_MASK) == page ||
           (e->addr_write & TARGET_PAGE_MASK) == page || (e->addr_code & TARGET_PAGE_MASK) == page;
}

void tlb_flush_page(CPUX86State *env, uint32_t vaddr)
{
    uint32_t page = vaddr & TARGET_PAGE_MASK;
    env->stats.tlb_flush_pages++;
    jmp_cache_clear_page(env, page);
    for (int m = 0; m < NB_MMU_MODES; m++) {
        if ((vaddr & env->tlb_large_mask[m]) == env->tlb_large_addr[m]) {
            /* inside a 2/4 MiB page: its 4 KiB pieces may be anywhere */
            tlb_flush_idx(env, m, false);
            jmp_cache_clear(env);
            continue;
        }
        CPUTLBEntry *e = &env->tlb[m][tlb_index(vaddr)];
        if (entry_maps(e, page)) {
            tlb_entry_invalidate(e);
        }
        for (int i = 0; i < TLB_VICTIM; i++) {
            if (entry_maps(&env->tlb_v[m][i], page)) {
                tlb_entry_invalidate(&env->tlb_v[m][i]);
            }
        }
    }
}

static void protect_entry(CPUTLBEntry *e, uint32_t ppage)
{
    if (e->addr_write != UINT32_MAX && e->paddr == ppage && !(e->addr_write & TLB_MMIO)) {
        e->addr_write |= TLB_NOTDIRTY;
    }
}

void tlb_protect_code_page(CPUX86State *env, uint32_t paddr)
{
    uint32_t ppage = paddr & TARGET_PAGE_MASK;
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < TLB_SIZE; i++) {
            protect_entry(&env->tlb[m][i], ppage);
        }
        for (int i = 0; i < TLB_VICTIM; i++) {
            protect_entry(&env->tlb_v[m][i], ppage);
        }
    }
}

static uint32_t entry_cmp(const CPUTLBEntry *e, MMUAccessType access)
{
    return access == MMU_DATA_LOAD    ? e->addr_read
           : access == MMU_DATA_STORE ? e->addr_write
                                      : e->addr_code;
}

/* Look in the victim table; on a hit swap the entry into the main table. */
static bool victim_lookup(CPUX86State *env, int mmu_idx, uint32_t vaddr, MMUAccessType access)
{
    uint32_t page = vaddr & TARGET_PAGE_MASK;
    for (int i = 0; i < TLB_VICTIM; i++) {
        CPUTLBEntry *v = &env->tlb_v[mmu_idx][i];
        uint32_t cmp = entry_cmp(v, access);
        if ((cmp & TARGET_PAGE_MASK) == page && cmp != UINT32_MAX && !(cmp & TLB_INVALID_MASK)) {
            CPUTLBEntry *e = &env->tlb[mmu_idx][tlb_index(vaddr)];
            CPUTLBEntry tmp = *e;
            *e = *v;
            *v = tmp;
            env->stats.tlb_victim_hits++;
            return true;
        }
    }
    return false;
}

/* Remember the span of a large page for INVLPG (QEMU's tlb_add_large_page). */
static void tlb_add_large_page(CPUX86State *env, int mmu_idx, uint32_t vaddr, uint32_t size)
{
    uint32_t mask = ~(size - 1);
    uint32_t addr = vaddr & mask;
    if (env->tlb_large_mask[mmu_idx]) {
        /* widen the region until it covers both pages */
        uint32_t lmask = env->tlb_large_mask[mmu_idx] & mask;
        while (((env->tlb_large_addr[mmu_idx] ^ addr) & lmask) != 0) {
            lmask <<= 1;
        }
        mask = lmask;
        addr &= mask;
    }
    env->tlb_large_addr[mmu_idx] = addr;
    env->tlb_large_mask[mmu_idx] = mask;
}

static void tlb_set_page(CPUX86State *env, int mmu_idx, uint32_t vaddr, const X86Translation *t)
{
    uint32_t vpage = vaddr & TARGET_PAGE_MASK;
    uint32_t ppage = (uint32_t)t->paddr & TARGET_PAGE_MASK;
    CPUTLBEntry *e = &env->tlb[mmu_idx][tlb_index(vaddr)];
    if (entry_valid(e) && !entry_maps(e, vpage)) {
        int v = env->tlb_v_next[mmu_idx];
        env->tlb_v[mmu_idx][v] = *e;
        env->tlb_v_next[mmu_idx] = (v + 1) % TLB_VICTIM;
    }
    if (t->page_size > TARGET_PAGE_SIZE) {
        tlb_add_large_page(env, mmu_idx, vaddr, t->page_size);
    }
    bool above_4g = (t->paddr >> 32) != 0;
    const MemRegion *r = above_4g ? &env->as->regions[0] : mem_lookup(env->as, ppage);
    uint32_t flags = 0;
    uintptr_t addend = 0;
    if (r->kind == MR_RAM || r->kind == MR_ROM) {
        addend = (uintptr_t)(r->host + (ppage - r->base)) - vpage;
    } else {
        flags = TLB_MMIO;
    }
    e->addr_read = (t->prot & PAGE_READ) ? (vpage | flags) : UINT32_MAX;
    e->addr_code = (t->prot & PAGE_EXEC) ? (vpage | flags) : UINT32_MAX;
    uint32_t wflags = flags;
    if (r->kind == MR_ROM) {
        wflags = TLB_MMIO; /* writes to ROM are dropped in the slow path */
    } else if (r->kind == MR_RAM && tb_page_is_code(env->tbs, ppage)) {
        wflags |= TLB_NOTDIRTY;
    }
    e->addr_write = (t->prot & PAGE_WRITE) ? (vpage | wflags) : UINT32_MAX;
    e->attrs = (t->global ? TLB_ATTR_GLOBAL : 0) | (above_4g ? TLB_ATTR_ABOVE_4G : 0);
    e->addend = addend;
    e->paddr = ppage;
}

/* Walk the page tables for vaddr and fill its entry: -1, or the #PF
 * error code of a walk that faults (then nothing is filled or raised). */
static int tlb_walk_and_set(CPUX86State *env, uint32_t vaddr, MMUAccessType access, int mmu_idx)
{
    X86Translation t;
    int err = x86_page_walk(env, vaddr, access, mmu_idx, &t);
    if (err < 0) {
        tlb_set_page(env, mmu_idx, vaddr, &t);
    }
    return err;
}

void tlb_fill(CPUX86State *env, uint32_t vaddr, MMUAccessType access, int mmu_idx,
              uintptr_t retaddr)
{
    if (victim_lookup(env, mmu_idx, vaddr, access)) {
        return;
    }
    env->stats.tlb_misses++;
    int err = tlb_walk_and_set(env, vaddr, access, mmu_idx);
    if (err >= 0) {
        env->cr[2] = vaddr;
        raise_exception_err_ra(env, EXCP0E_PAGE, err, retaddr);
    }
}

/* Does e map addr's page for access? */
static bool tlb_hit(const CPUTLBEntry *e, uint32_t addr, MMUAccessType access)
{
    uint32_t cmp = entry_cmp(e, access);
    return (cmp & TARGET_PAGE_MASK) == (addr & TARGET_PAGE_MASK) && cmp != UINT32_MAX;
}

/* The entry for addr after making sure it allows access (may fault). */
static CPUTLBEntry *tlb_entry_for(CPUX86State *env, uint32_t addr, MMUAccessType access,
                                  int mmu_idx, uintptr_t retaddr)
{
    CPUTLBEntry *e = &env->tlb[mmu_idx][tlb_index(addr)];
    if (!tlb_hit(e, addr, access)) {
        tlb_fill(env, addr, access, mmu_idx, retaddr);
        e = &env->tlb[mmu_idx][tlb_index(addr)];
    } else {
        env->stats.tlb_hits_slow++;
    }
    return e;
}

static uint32_t ld_page(CPUX86State *env, uint32_t addr, int size, int mmu_idx, uintptr_t retaddr)
{
    CPUTLBEntry *e = tlb_entry_for(env, addr, MMU_DATA_LOAD, mmu_idx, retaddr);
    if (e->attrs & TLB_ATTR_ABOVE_4G) {
        return size == 4 ? UINT32_MAX : (1u << (8 * size)) - 1;
    }
    if (e->addr_read & TLB_MMIO) {
        return mem_read(env->as, e->paddr | (addr & ~TARGET_PAGE_MASK), size);
    }
    uint32_t v = 0;
    memcpy(&v, (const uint8_t *)(e->addend + addr), (size_t)size);
    return v;
}

uint32_t cpu_ld_data(CPUX86State *env, uint32_t addr, int size, int mmu_idx, uintptr_t retaddr)
{
    if (((addr & ~TARGET_PAGE_MASK) + (uint32_t)size) > TARGET_PAGE_SIZE) {
        uint32_t v = 0;
        for (int i = 0; i < size; i++) {
            v |= ld_page(env, addr + (uint32_t)i, 1, mmu_idx, retaddr) << (8 * i);
        }
        return v;
    }
    return ld_page(env, addr, size, mmu_idx, retaddr);
}

static void st_page(CPUX86State *env, uint32_t addr, uint32_t val, int size, int mmu_idx,
                    uintptr_t retaddr)
{
    CPUTLBEntry *e = tlb_entry_for(env, addr, MMU_DATA_STORE, mmu_idx, retaddr);
    uint32_t paddr = e->paddr | (addr & ~TARGET_PAGE_MASK);
    if (e->attrs & TLB_ATTR_ABOVE_4G) {
        return; /* nothing is mapped above 4 GiB */
    }
    if (e->addr_write & TLB_MMIO) {
        mem_write(env->as, paddr, val, size);
        return;
    }
    if (e->addr_write & TLB_NOTDIRTY) {
        if (tb_invalidate_phys_range(env->tbs, paddr, (uint32_t)size, retaddr)) {
            /* the writer's own TB changed: re-run this insn alone */
            cpu_restore_state(env, retaddr);
            env->cflags_next_tb = 1;
            env->exception_index = -1;
            cpu_loop_exit(env);
        }
        if (!tb_page_is_code(env->tbs, paddr)) {
            e->addr_write &= ~TLB_NOTDIRTY;
        }
    }
    memcpy((uint8_t *)(e->addend + addr), &val, (size_t)size);
}

void cpu_st_data(CPUX86State *env, uint32_t addr, uint32_t val, int size, int mmu_idx,
                 uintptr_t retaddr)
{
    if (((addr & ~TARGET_PAGE_MASK) + (uint32_t)size) > TARGET_PAGE_SIZE) {
        /* probe both pages first: a fault must leave memory untouched */
        tlb_entry_for(env, addr, MMU_DATA_STORE, mmu_idx, retaddr);
        /* the second page faults at its first byte (CR2), as on hardware */
        tlb_entry_for(env, (addr + (uint32_t)size - 1) & TARGET_PAGE_MASK, MMU_DATA_STORE, mmu_idx,
                      retaddr);
        for (int i = 0; i < size; i++) {
            st_page(env, addr + (uint32_t)i, (val >> (8 * i)) & 0xff, 1, mmu_idx, retaddr);
        }
        return;
    }
    st_page(env, addr, val, size, mmu_idx, retaddr);
}

uint32_t helper_ld_mmu(CPUX86State *env, uint32_t addr, uint32_t oi, uintptr_t retaddr)
{
    return cpu_ld_data(env, addr, 1 << (get_memop(oi) & MO_SIZE), get_mmuidx(oi), retaddr);
}

void helper_st_mmu(CPUX86State *env, uint32_t addr, uint32_t val, uint32_t oi, uintptr_t retaddr)
{
    cpu_st_data(env, addr, val, 1 << (get_memop(oi) & MO_SIZE), get_mmuidx(oi), retaddr);
}

/* The physical address of addr through its code entry e, -1 for MMIO */
static int64_t code_paddr(const CPUTLBEntry *e, uint32_t addr)
{
    if (e->addr_code & TLB_MMIO) {
        return -1;
    }
    return (int64_t)(e->paddr | (addr & ~TARGET_PAGE_MASK));
}

int64_t get_page_addr_code(CPUX86State *env, uint32_t addr)
{
    return code_paddr(tlb_entry_for(env, addr, MMU_INST_FETCH, cpu_mmu_index(env), 0), addr);
}

int64_t probe_page_addr_code(CPUX86State *env, uint32_t addr)
{
    int mmu_idx = cpu_mmu_index(env);
    if (!tlb_hit(&env->tlb[mmu_idx][tlb_index(addr)], addr, MMU_INST_FETCH) &&
        !victim_lookup(env, mmu_idx, addr, MMU_INST_FETCH) &&
        tlb_walk_and_set(env, addr, MMU_INST_FETCH, mmu_idx) >= 0) {
        return -2; /* no fault raised, CR2 untouched */
    }
    return code_paddr(&env->tlb[mmu_idx][tlb_index(addr)], addr);
}

uint8_t cpu_ldub_code(CPUX86State *env, uint32_t addr)
{
    int mmu_idx = cpu_mmu_index(env);
    CPUTLBEntry *e = tlb_entry_for(env, addr, MMU_INST_FETCH, mmu_idx, 0);
    if (e->attrs & TLB_ATTR_ABOVE_4G) {
        return 0xff;
    }
    if (e->addr_code & TLB_MMIO) {
        return (uint8_t)mem_read(env->as, e->paddr | (addr & ~TARGET_PAGE_MASK), 1);
    }
    return *(const uint8_t *)(e->addend + addr);
}
