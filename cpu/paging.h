/*
 * paging.h - the x86 page walk (SDM vol. 3, chapter 4): 32-bit paging
 * with 4 MiB pages (CR4.PSE), and PAE paging (CR4.PAE) with 2 MiB pages
 * and execute-disable (IA32_EFER.NXE).
 *
 * x86_page_walk translates a linear address for one access, updating the
 * accessed/dirty bits as hardware does; it never touches the TLB (that is
 * softmmu/tlb.c's) and never raises: it returns the #PF error code. The
 * PAE PDPTEs come from env->pdpte, loaded by x86_load_pdptes when the
 * guest writes CR3, or CR0/CR4 so that PAE paging becomes active, as the
 * processor does (SDM vol. 3, 4.4.1); a later change of the PDPT in
 * memory is not seen until the next such write.
 */
#ifndef PCEMU_PAGING_H
#define PCEMU_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "softmmu/tlb.h"

#define PAGE_READ  1
#define PAGE_WRITE 2
#define PAGE_EXEC  4

/* paging-structure entry bits (SDM vol. 3, tables 4-4..4-11) */
#define PG_PRESENT_MASK  0x001u
#define PG_RW_MASK       0x002u
#define PG_USER_MASK     0x004u
#define PG_PWT_MASK      0x008u
#define PG_PCD_MASK      0x010u
#define PG_ACCESSED_MASK 0x020u
#define PG_DIRTY_MASK    0x040u
#define PG_PSE_MASK      0x080u
#define PG_GLOBAL_MASK   0x100u
#define PG_NX_MASK       (1ull << 63)

/* #PF error code (SDM vol. 3, 4.7) */
#define PG_ERROR_P_MASK    0x01
#define PG_ERROR_W_MASK    0x02
#define PG_ERROR_U_MASK    0x04
#define PG_ERROR_RSVD_MASK 0x08
#define PG_ERROR_I_D_MASK  0x10

#define CR0_WP_MASK  (1u << 16)
#define CR4_PSE_MASK (1u << 4)
#define CR4_PAE_MASK (1u << 5)
#define CR4_PGE_MASK (1u << 7)

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1ull << 11)

/* MAXPHYADDR: 36 (CPUID has PAE and no leaf 0x80000008, SDM vol. 3, 4.1.4) */
#define PG_PHYS_BITS 36

typedef struct X86Translation {
    uint64_t paddr;     /* physical address (may lie above 4 GiB under PAE) */
    int prot;           /* PAGE_* the TLB may allow for this page */
    bool global;        /* G bit of the leaf with CR4.PGE */
    uint32_t page_size; /* 4 KiB, 2 MiB or 4 MiB */
} X86Translation;

/* -1 with *t filled on success, else the #PF error code (>= 0). */
int x86_page_walk(CPUX86State *env, uint32_t vaddr, MMUAccessType access, int mmu_idx,
                  X86Translation *t);
/* Load env->pdpte from the PDPT at cr3 (the value being written). -1,
 * leaving env->pdpte alone, if a present PDPTE sets a reserved bit: the
 * MOV to CR must then raise #GP(0) and change nothing. */
int x86_load_pdptes(CPUX86State *env, uint32_t cr3);
/* PAE paging is in force (CR0.PG and CR4.PAE). */
static inline bool x86_pae_enabled(const CPUX86State *env)
{
    return (env->cr[0] & CR0_PG_MASK) && (env->cr[4] & CR4_PAE_MASK);
}

#endif
