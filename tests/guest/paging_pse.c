/*
 * paging_pse.c - 4 MiB pages (CR4.PSE, SDM vol. 3, 4.3): two large pages
 * at 0x80000000 map physical 16 MiB and 20 MiB; the A and D bits of the
 * PDE; a dword read straddling the two large pages; INVLPG of one
 * address inside a large page drops the whole page's translation.
 */
#include "paging.h"

#define VA 0x80000000u
#define PA 0x01000000u

int main(void)
{
    guest_puts("paging_pse: 4 MiB pages\n");
    pg_idt_init();
    pg_enable_32(false);
    pg_write_cr4(pg_read_cr4() | CR4_PSE);
    pg_dir[VA >> 22] = PA | PG_PS | PG_P | PG_RW;
    pg_dir[(VA >> 22) + 1] = (PA + 0x400000u) | PG_PS | PG_P | PG_RW;
    pg_write_cr3(pg_read_cr3());

    volatile uint32_t *phys = (volatile uint32_t *)(uintptr_t)PA;
    volatile uint32_t *virt = (volatile uint32_t *)(uintptr_t)VA;
    phys[0x12345] = 0xfeedface;
    CHECK_EQ(virt[0x12345], 0xfeedface);
    CHECK_EQ(pg_dir[VA >> 22] & (PG_A | PG_D), PG_A);
    virt[0x2345] = 0x600dcafe;
    CHECK_EQ(phys[0x2345], 0x600dcafe);
    CHECK_EQ(pg_dir[VA >> 22] & (PG_A | PG_D), PG_A | PG_D);
    CHECK_EQ(pg_dir[(VA >> 22) + 1] & PG_A, 0);

    /* a dword across the two large pages */
    *(volatile uint32_t *)(uintptr_t)(PA + 0x3ffffe) = 0x44332211u;
    *(volatile uint32_t *)(uintptr_t)(PA + 0x400000) = 0x88776655u;
    CHECK_EQ(*(volatile uint32_t *)(uintptr_t)(VA + 0x3ffffe), 0x66552211u);
    CHECK_EQ(pg_dir[(VA >> 22) + 1] & (PG_A | PG_D), PG_A);

    /* remap the first large page; INVLPG somewhere else inside it */
    pg_dir[VA >> 22] = (PA + 0x800000u) | PG_PS | PG_P | PG_RW;
    pg_invlpg(VA + 0x3ff000u);
    *(volatile uint32_t *)(uintptr_t)(PA + 0x800000u + 0x48d14) = 0x13572468u;
    CHECK_EQ(virt[0x12345], 0x13572468u);
    guest_printf("pde %08x %08x, straddle %08x\n", pg_dir[VA >> 22], pg_dir[(VA >> 22) + 1],
                 *(volatile uint32_t *)(uintptr_t)(VA + 0x3ffffe));
    pg_disable();
    return guest_result("paging_pse");
}
