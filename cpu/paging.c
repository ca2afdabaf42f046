/*
 * paging.c - linear to physical translation for the TLB fill.
 *
 * Paging off (or the physical mmu_idx): identity with the A20 mask.
 * Paging on, two walks (SDM vol. 3, chapter 4):
 *  - 32-bit paging (4.3): PDE -> PTE, or a 4 MiB page when PDE.PS and
 *    CR4.PSE. No PSE-36: bits 21:13 of a 4 MiB PDE are reserved.
 *  - PAE paging (4.4): PDPTE (cached in env->pdpte) -> PDE -> PTE, or a
 *    2 MiB page when PDE.PS. Entries are 64-bit; bits 62:36 are reserved
 *    (MAXPHYADDR 36), bit 63 is XD with IA32_EFER.NXE, reserved without.
 * Each level is checked for P then for reserved bits; the rights combine
 * across levels (U/S and R/W by AND, XD by OR) and are checked at the end
 * (4.6: supervisor writes ignore R/W unless CR0.WP). A of a non-leaf
 * entry is set as the walk passes it, A and D of the leaf only when the
 * access is allowed, as QEMU (our oracle) and P6-family parts do. A page
 * not yet dirty is given to the TLB read-only, so the first write comes
 * back here to set D. No SMEP/SMAP/PKE: CPUID does not report them.
 */
#include "cpu/paging.h"

#include "softmmu/memory.h"

#define PAE_ADDR_MASK   0x0000000ffffff000ull            /* bits 35:12 */
#define PAE_RSVD_HIGH   0x7ffffff000000000ull            /* bits 62:36 */
#define PDPTE_RSVD_MASK (0xfffffff000000000ull | 0x1e6u) /* 63:36, 8:5, 2:1 */
#define PAE_PDE2M_RSVD  0x001fe000u                      /* bits 20:13 of a 2 MiB PDE */
#define PDE4M_RSVD      0x003fe000u                      /* bits 21:13 of a 4 MiB PDE (no PSE-36) */

static uint64_t a20(const CPUX86State *env, uint64_t paddr)
{
    return paddr & ((uint64_t)env->a20_mask | 0xffffffff00000000ull);
}

/* Paging structures above 4 GiB read as unassigned memory (all ones). */
static uint32_t phys_ldl(CPUX86State *env, uint64_t paddr)
{
    paddr = a20(env, paddr);
    return paddr >> 32 ? UINT32_MAX : mem_read(env->as, (uint32_t)paddr, 4);
}

static uint64_t phys_ldq(CPUX86State *env, uint64_t paddr)
{
    return phys_ldl(env, paddr) | (uint64_t)phys_ldl(env, paddr + 4) << 32;
}

/* Set A (and D) in the entry at paddr: only its low dword changes. */
static void pte_set_bits(CPUX86State *env, uint64_t paddr, uint64_t pte, uint32_t bits)
{
    paddr = a20(env, paddr);
    if (((uint32_t)pte & bits) != bits && !(paddr >> 32)) {
        mem_write(env->as, (uint32_t)paddr, (uint32_t)pte | bits, 4);
    }
}

static uint64_t pae_rsvd_mask(const CPUX86State *env)
{
    return PAE_RSVD_HIGH | ((env->efer & EFER_NXE) ? 0 : PG_NX_MASK);
}

int x86_load_pdptes(CPUX86State *env, uint32_t cr3)
{
    uint64_t pdpte[4];
    for (int i = 0; i < 4; i++) {
        pdpte[i] = phys_ldq(env, (cr3 & ~0x1fu) + 8u * (uint32_t)i);
        if ((pdpte[i] & PG_PRESENT_MASK) && (pdpte[i] & PDPTE_RSVD_MASK)) {
            return -1;
        }
    }
    for (int i = 0; i < 4; i++) {
        env->pdpte[i] = pdpte[i];
    }
    return 0;
}

/* What the walk found: the leaf and the rights combined over the levels. */
typedef struct PageWalk {
    uint64_t leaf;      /* the PTE, or the PDE of a large page */
    uint64_t leaf_addr; /* its physical address */
    uint64_t page_base; /* physical base of the page */
    uint32_t page_size;
    bool user, rw, nx;
} PageWalk;

static void walk_combine(PageWalk *w, uint64_t entry)
{
    w->user = w->user && (entry & PG_USER_MASK);
    w->rw = w->rw && (entry & PG_RW_MASK);
    w->nx = w->nx || (entry & PG_NX_MASK);
}

/* 32-bit paging: 0, or the error bits P/RSVD of a failed walk | 0x100. */
static int walk_32(CPUX86State *env, uint32_t vaddr, PageWalk *w)
{
    uint64_t pde_addr = (env->cr[3] & ~0xfffu) + ((vaddr >> 20) & 0xffc);
    uint32_t pde = phys_ldl(env, pde_addr);
    if (!(pde & PG_PRESENT_MASK)) {
        return 0x100;
    }
    walk_combine(w, pde);
    if ((pde & PG_PSE_MASK) && (env->cr[4] & CR4_PSE_MASK)) {
        if (pde & PDE4M_RSVD) {
            return 0x100 | PG_ERROR_P_MASK | PG_ERROR_RSVD_MASK;
        }
        w->leaf = pde;
        w->leaf_addr = pde_addr;
        w->page_size = 4u << 20;
        w->page_base = pde & 0xffc00000u;
        return 0;
    }
    pte_set_bits(env, pde_addr, pde, PG_ACCESSED_MASK);
    uint64_t pte_addr = (pde & ~0xfffu) + ((vaddr >> 10) & 0xffc);
    uint32_t pte = phys_ldl(env, pte_addr);
    if (!(pte & PG_PRESENT_MASK)) {
        return 0x100;
    }
    walk_combine(w, pte);
    w->leaf = pte;
    w->leaf_addr = pte_addr;
    w->page_size = TARGET_PAGE_SIZE;
    w->page_base = pte & ~0xfffu;
    return 0;
}

static int walk_pae(CPUX86State *env, uint32_t vaddr, PageWalk *w)
{
    const int rsvd = 0x100 | PG_ERROR_P_MASK | PG_ERROR_RSVD_MASK;
    uint64_t rsvd_mask = pae_rsvd_mask(env);
    uint64_t pdpte = env->pdpte[vaddr >> 30];
    if (!(pdpte & PG_PRESENT_MASK)) {
        return 0x100;
    }
    uint64_t pde_addr = (pdpte & PAE_ADDR_MASK) + ((vaddr >> 18) & 0xff8);
    uint64_t pde = phys_ldq(env, pde_addr);
    if (!(pde & PG_PRESENT_MASK)) {
        return 0x100;
    }
    if (pde & rsvd_mask) {
        return rsvd;
    }
    walk_combine(w, pde);
    if (pde & PG_PSE_MASK) {
        if (pde & PAE_PDE2M_RSVD) {
            return rsvd;
        }
        w->leaf = pde;
        w->leaf_addr = pde_addr;
        w->page_size = 2u << 20;
        w->page_base = pde & PAE_ADDR_MASK & ~(uint64_t)0x1fffff;
        return 0;
    }
    pte_set_bits(env, pde_addr, pde, PG_ACCESSED_MASK);
    uint64_t pte_addr = (pde & PAE_ADDR_MASK) + ((vaddr >> 9) & 0xff8);
    uint64_t pte = phys_ldq(env, pte_addr);
    if (!(pte & PG_PRESENT_MASK)) {
        return 0x100;
    }
    if (pte & rsvd_mask) {
        return rsvd;
    }
    walk_combine(w, pte);
    w->leaf = pte;
    w->leaf_addr = pte_addr;
    w->page_size = TARGET_PAGE_SIZE;
    w->page_base = pte & PAE_ADDR_MASK;
    return 0;
}

/* The PAGE_* rights of a walked page for a user or supervisor access. */
static int walk_prot(const CPUX86State *env, const PageWalk *w, bool user)
{
    if (user && !w->user) {
        return 0;
    }
    int prot = PAGE_READ;
    if (w->rw || (!user && !(env->cr[0] & CR0_WP_MASK))) {
        prot |= PAGE_WRITE;
    }
    if (!w->nx) {
        prot |= PAGE_EXEC;
    }
    return prot;
}

int x86_page_walk(CPUX86State *env, uint32_t vaddr, MMUAccessType access, int mmu_idx,
                  X86Translation *t)
{
    bool user = mmu_idx == MMU_USER_IDX;
    if (mmu_idx == MMU_PHYS_IDX || !(env->cr[0] & CR0_PG_MASK)) {
        t->paddr = vaddr & env->a20_mask;
        t->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        t->global = false;
        t->page_size = TARGET_PAGE_SIZE;
        return -1;
    }
    bool pae = (env->cr[4] & CR4_PAE_MASK) != 0;
    int err = (access == MMU_DATA_STORE ? PG_ERROR_W_MASK : 0) | (user ? PG_ERROR_U_MASK : 0);
    if (access == MMU_INST_FETCH && pae && (env->efer & EFER_NXE)) {
        err |= PG_ERROR_I_D_MASK;
    }
    PageWalk w = {.user = true, .rw = true, .nx = false};
    int r = pae ? walk_pae(env, vaddr, &w) : walk_32(env, vaddr, &w);
    if (r) {
        return err | (r & 0xff);
    }
    int prot = walk_prot(env, &w, user);
    int need = access == MMU_DATA_STORE   ? PAGE_WRITE
               : access == MMU_INST_FETCH ? PAGE_EXEC
                                          : PAGE_READ;
    if (!(prot & need)) {
        return err | PG_ERROR_P_MASK;
    }
    bool store = access == MMU_DATA_STORE;
    pte_set_bits(env, w.leaf_addr, w.leaf, PG_ACCESSED_MASK | (store ? PG_DIRTY_MASK : 0));
    if (!(w.leaf & PG_DIRTY_MASK) && !store) {
        prot &= ~PAGE_WRITE; /* the first write must come back to set D */
    }
    t->paddr = a20(env, w.page_base | (vaddr & (w.page_size - 1)));
    t->prot = prot;
    t->global = (w.leaf & PG_GLOBAL_MASK) && (env->cr[4] & CR4_PGE_MASK);
    t->page_size = w.page_size;
    return -1;
}
