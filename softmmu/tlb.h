/*
 * tlb.h - the softmmu TLB: guest virtual -> host access for loads, stores
 * and code fetch (docs/architecture.md, "Memory").
 *
 * Per mmu_idx a direct-mapped table of TLB_SIZE entries plus a small
 * victim table, all inside CPUX86State. An entry's addr_read/addr_write/
 * addr_code hold the page address (or -1) with TLB_* flag bits; a fast
 * path hit is "(addr & (PAGE_MASK | align)) == comparator" and then
 * host = addend + addr. Anything else goes to the helpers below, which
 * may raise guest exceptions (they restore state from retaddr first).
 * Counters in env->stats: misses (page walks), victim hits, slow-path
 * hits, whole flushes and page flushes.
 */
#ifndef PCEMU_TLB_H
#define PCEMU_TLB_H

#include <stdint.h>

#include "cpu/cpu.h"

typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

static inline unsigned tlb_index(uint32_t vaddr)
{
    return (vaddr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
}

/* CPUTLBEntry.attrs */
#define TLB_ATTR_GLOBAL   1u /* a global page (PTE.G with CR4.PGE) */
#define TLB_ATTR_ABOVE_4G 2u /* PAE mapped it above 4 GiB: reads all ones */

/* Everything, global pages too (CR0/CR4 paging changes, EFER.NXE). */
void tlb_flush(CPUX86State *env);
/* All but global pages (MOV to CR3, SDM vol. 3, 4.10.4.1). */
void tlb_flush_nonglobal(CPUX86State *env);
/* One page, global or not, in every mmu_idx (INVLPG). Inside a region
 * mapped by 2/4 MiB pages the mmu_idx is flushed whole. */
void tlb_flush_page(CPUX86State *env, uint32_t vaddr);
/* The physical page became a code page: route its writes to the slow path. */
void tlb_protect_code_page(CPUX86State *env, uint32_t paddr);
/* Fill the entry for vaddr or raise the fault (restoring from retaddr). */
void tlb_fill(CPUX86State *env, uint32_t vaddr, MMUAccessType access, int mmu_idx,
              uintptr_t retaddr);

/* Slow paths of qemu_ld/qemu_st; oi is a MemOpIdx (ir.h). */
uint32_t helper_ld_mmu(CPUX86State *env, uint32_t addr, uint32_t oi, uintptr_t retaddr);
void helper_st_mmu(CPUX86State *env, uint32_t addr, uint32_t val, uint32_t oi, uintptr_t retaddr);

/* Helpers and the translator: accesses through the TLB (may fault). */
uint32_t cpu_ld_data(CPUX86State *env, uint32_t addr, int size, int mmu_idx, uintptr_t retaddr);
void cpu_st_data(CPUX86State *env, uint32_t addr, uint32_t val, int size, int mmu_idx,
                 uintptr_t retaddr);

/* Code: physical address of linear addr for a TB, or -1 when the code is
 * not in RAM/ROM (MMIO, unassigned). May raise #PF/#GP at a TB boundary. */
int64_t get_page_addr_code(CPUX86State *env, uint32_t addr);
/* The same without the fault: -2 when addr has no code mapping now. For
 * the TB lookup, which must leave faults to the translator's fetches (a
 * cached TB's second page may lie past the current CS limit). */
int64_t probe_page_addr_code(CPUX86State *env, uint32_t addr);
/* One code byte for the translator (through the code TLB). */
uint8_t cpu_ldub_code(CPUX86State *env, uint32_t addr);

static inline int cpu_mmu_index(const CPUX86State *env)
{
    if (!(env->cr[0] & CR0_PG_MASK)) {
        return MMU_PHYS_IDX;
    }
    return (env->hflags & 3) == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
}

#endif
