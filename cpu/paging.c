/*
 * paging.c - linear to physical translation for the TLB fill.
 *
 * Paging off (or the physical mmu_idx): identity with the A20 mask.
 * Paging on: the 2-level 32-bit walk with 4 MiB pages under CR4.PSE
 * (SDM vol. 3, 4.3), U/S and R/W with CR0.WP, A/D updates. The walk reads
 * and writes page tables as physical memory through softmmu/memory.c.
 */
#include "cpu/paging.h"

#include "softmmu/memory.h"

static uint32_t pte_read(CPUX86State *env, uint32_t paddr)
{
    return mem_read(env->as, paddr & env->a20_mask, 4);
}

static void pte_set_bits(CPUX86State *env, uint32_t paddr, uint32_t pte, uint32_t bits)
{
    if ((pte & bits) != bits) {
        mem_write(env->as, paddr & env->a20_mask, pte | bits, 4);
    }
}

/* Protection of a present mapping for this access; -1 or error code. */
static int check_access(CPUX86State *env, uint32_t rights, MMUAccessType access, bool user,
                        int *prot)
{
    bool wp = (env->cr[0] & CR0_WP_MASK) != 0;
    *prot = PAGE_READ | PAGE_EXEC;
    if (user) {
        if (!(rights & PG_USER_MASK)) {
            *prot = 0;
        } else if (rights & PG_RW_MASK) {
            *prot |= PAGE_WRITE;
        }
    } else if ((rights & PG_RW_MASK) || !wp) {
        *prot |= PAGE_WRITE;
    }
    int need = access == MMU_DATA_STORE ? PAGE_WRITE : access == MMU_INST_FETCH ? PAGE_EXEC
                                                                                 : PAGE_READ;
    if (!(*prot & need)) {
        return 1 | (access == MMU_DATA_STORE ? 2 : 0) | (user ? 4 : 0);
    }
    return -1;
}

int x86_page_walk(CPUX86State *env, uint32_t vaddr, MMUAccessType access, int mmu_idx,
                  uint32_t *paddr, int *prot)
{
    bool user = mmu_idx == MMU_USER_IDX;
    int err_base = (access == MMU_DATA_STORE ? 2 : 0) | (user ? 4 : 0);
    if (mmu_idx == MMU_PHYS_IDX || !(env->cr[0] & CR0_PG_MASK)) {
        *paddr = vaddr & env->a20_mask;
        *prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        return -1;
    }
    uint32_t pde_addr = (env->cr[3] & ~0xfffu) + ((vaddr >> 20) & 0xffc);
    uint32_t pde = pte_read(env, pde_addr);
    if (!(pde & PG_PRESENT_MASK)) {
        return err_base;
    }
    if ((pde & PG_PSE_MASK) && (env->cr[4] & CR4_PSE_MASK)) {
        int r = check_access(env, pde, access, user, prot);
        if (r >= 0) {
            return r;
        }
        uint32_t bits = PG_ACCESSED_MASK | (access == MMU_DATA_STORE ? PG_DIRTY_MASK : 0);
        pte_set_bits(env, pde_addr, pde, bits);
        if (!(pde & PG_DIRTY_MASK) && access != MMU_DATA_STORE) {
            *prot &= ~PAGE_WRITE; /* the first write must set D */
        }
        *paddr = ((pde & 0xffc00000u) | (vaddr & 0x3fffffu)) & env->a20_mask;
        return -1;
    }
    uint32_t pte_addr = (pde & ~0xfffu) + ((vaddr >> 10) & 0xffc);
    uint32_t pte = pte_read(env, pte_addr);
    if (!(pte & PG_PRESENT_MASK)) {
        return err_base;
    }
    int r = check_access(env, pde & pte, access, user, prot);
    if (r >= 0) {
        return r;
    }
    pte_set_bits(env, pde_addr, pde, PG_ACCESSED_MASK);
    uint32_t bits = PG_ACCESSED_MASK | (access == MMU_DATA_STORE ? PG_DIRTY_MASK : 0);
    pte_set_bits(env, pte_addr, pte, bits);
    if (!(pte & PG_DIRTY_MASK) && access != MMU_DATA_STORE) {
        *prot &= ~PAGE_WRITE;
    }
    *paddr = ((pte & ~0xfffu) | (vaddr & 0xfffu)) & env->a20_mask;
    return -1;
}
