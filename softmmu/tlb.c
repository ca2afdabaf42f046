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
    e->addend = 0;
    e->paddr = 0;
}

void tlb_flush(CPUX86State *env)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < TLB_SIZE; i++) {
            tlb_entry_invalidate(&env->tlb[m][i]);
        }
        for (int i = 0; i < TLB_VICTIM; i++) {
            tlb_entry_invalidate(&env->tlb_v[m][i]);
        }
    }
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
    for (int m = 0; m < NB_MMU_MODES; m++) {
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

/* Look in the victim table; on a hit swap the entry into the main table. */
static bool victim_lookup(CPUX86State *env, int mmu_idx, uint32_t vaddr, MMUAccessType access)
{
    uint32_t page = vaddr & TARGET_PAGE_MASK;
    for (int i = 0; i < TLB_VICTIM; i++) {
        CPUTLBEntry *v = &env->tlb_v[mmu_idx][i];
        uint32_t cmp = access == MMU_DATA_LOAD    ? v->addr_read
                       : access == MMU_DATA_STORE ? v->addr_write
                                                  : v->addr_code;
        if ((cmp & ~TLB_FLAGS_MASK & TARGET_PAGE_MASK) == page && cmp != UINT32_MAX &&
            !(cmp & TLB_INVALID_MASK)) {
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

static void tlb_set_page(CPUX86State *env, int mmu_idx, uint32_t vaddr, uint32_t paddr, int prot)
{
    uint32_t vpage = vaddr & TARGET_PAGE_MASK, ppage = paddr & TARGET_PAGE_MASK;
    CPUTLBEntry *e = &env->tlb[mmu_idx][tlb_index(vaddr)];
    if (e->addr_read != UINT32_MAX || e->addr_write != UINT32_MAX ||
        e->addr_code != UINT32_MAX) {
        int v = env->tlb_v_next[mmu_idx];
        env->tlb_v[mmu_idx][v] = *e;
        env->tlb_v_next[mmu_idx] = (v + 1) % TLB_VICTIM;
    }
    const MemRegion *r = mem_lookup(env->as, ppage);
    uint32_t flags = 0;
    uintptr_t addend = 0;
    if (r->kind == MR_RAM || r->kind == MR_ROM) {
        addend = (uintptr_t)(r->host + (ppage - r->base)) - vpage;
    } else {
        flags = TLB_MMIO;
    }
    e->addr_read = (prot & PAGE_READ) ? (vpage | flags) : UINT32_MAX;
    e->addr_code = (prot & PAGE_EXEC) ? (vpage | flags) : UINT32_MAX;
    uint32_t wflags = flags;
    if (r->kind == MR_ROM) {
        wflags = TLB_MMIO; /* writes to ROM are dropped in the slow path */
    } else if (r->kind == MR_RAM && tb_page_is_code(env->tbs, ppage)) {
        wflags |= TLB_NOTDIRTY;
    }
    e->addr_write = (prot & PAGE_WRITE) ? (vpage | wflags) : UINT32_MAX;
    e->addend = addend;
    e->paddr = ppage;
}

void tlb_fill(CPUX86State *env, uint32_t vaddr, MMUAccessType access, int mmu_idx,
              uintptr_t retaddr)
{
    if (victim_lookup(env, mmu_idx, vaddr, access)) {
        return;
    }
    env->stats.tlb_misses++;
    uint32_t paddr;
    int prot;
    int err = x86_page_walk(env, vaddr, access, mmu_idx, &paddr, &prot);
    if (err >= 0) {
        env->cr[2] = vaddr;
        raise_exception_err_ra(env, EXCP0E_PAGE, err, retaddr);
    }
    tlb_set_page(env, mmu_idx, vaddr, paddr, prot);
}

/* The entry for addr after making sure it allows access (may fault). */
static CPUTLBEntry *tlb_entry_for(CPUX86State *env, uint32_t addr, MMUAccessType access,
                                  int mmu_idx, uintptr_t retaddr)
{
    CPUTLBEntry *e = &env->tlb[mmu_idx][tlb_index(addr)];
    uint32_t page = addr & TARGET_PAGE_MASK;
    uint32_t cmp = access == MMU_DATA_LOAD    ? e->addr_read
                   : access == MMU_DATA_STORE ? e->addr_write
                                              : e->addr_code;
    if ((cmp & TARGET_PAGE_MASK) != page || cmp == UINT32_MAX) {
        tlb_fill(env, addr, access, mmu_idx, retaddr);
        e = &env->tlb[mmu_idx][tlb_index(addr)];
    }
    return e;
}

static uint32_t ld_page(CPUX86State *env, uint32_t addr, int size, int mmu_idx,
                        uintptr_t retaddr)
{
    CPUTLBEntry *e = tlb_entry_for(env, addr, MMU_DATA_LOAD, mmu_idx, retaddr);
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
        tlb_entry_for(env, addr + (uint32_t)size - 1, MMU_DATA_STORE, mmu_idx, retaddr);
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

int64_t get_page_addr_code(CPUX86State *env, uint32_t addr)
{
    int mmu_idx = cpu_mmu_index(env);
    CPUTLBEntry *e = tlb_entry_for(env, addr, MMU_INST_FETCH, mmu_idx, 0);
    if (e->addr_code & TLB_MMIO) {
        return -1;
    }
    return (int64_t)(e->paddr | (addr & ~TARGET_PAGE_MASK));
}

uint8_t cpu_ldub_code(CPUX86State *env, uint32_t addr)
{
    int mmu_idx = cpu_mmu_index(env);
    CPUTLBEntry *e = tlb_entry_for(env, addr, MMU_INST_FETCH, mmu_idx, 0);
    if (e->addr_code & TLB_MMIO) {
        return (uint8_t)mem_read(env->as, e->paddr | (addr & ~TARGET_PAGE_MASK), 1);
    }
    return *(const uint8_t *)(e->addend + addr);
}
