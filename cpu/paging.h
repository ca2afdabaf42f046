/*
 * paging.h - the x86 page walk (SDM vol. 3, 4.3 "32-bit paging").
 *
 * x86_page_walk translates a linear address for one access, updating the
 * accessed/dirty bits as hardware does; it never touches the TLB (that is
 * softmmu/tlb.c's) and never raises: it returns the #PF error code.
 */
#ifndef PCEMU_PAGING_H
#define PCEMU_PAGING_H

#include <stdint.h>

#include "cpu/cpu.h"
#include "softmmu/tlb.h"

#define PAGE_READ  1
#define PAGE_WRITE 2
#define PAGE_EXEC  4

#define PG_PRESENT_MASK  0x001u
#define PG_RW_MASK       0x002u
#define PG_USER_MASK     0x004u
#define PG_ACCESSED_MASK 0x020u
#define PG_DIRTY_MASK    0x040u
#define PG_PSE_MASK      0x080u

#define CR0_WP_MASK  (1u << 16)
#define CR4_PSE_MASK (1u << 4)

/* -1 with paddr and prot set on success, else the #PF error code (>= 0). */
int x86_page_walk(CPUX86State *env, uint32_t vaddr, MMUAccessType access, int mmu_idx,
                  uint32_t *paddr, int *prot);

#endif
