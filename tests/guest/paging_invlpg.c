/*
 * paging_invlpg.c - the TLB is not coherent with the page tables (SDM
 * vol. 3, 4.10.4): after a PTE is changed, the old translation is still
 * used until INVLPG of that page or a CR3 load. Real processors may drop
 * a translation at any time, but neither QEMU nor pcemu do so for the few
 * pages used here.
 */
#include "paging.h"

#define VA 0x40000000u

int main(void)
{
    guest_puts("paging_invlpg: stale translations until INVLPG\n");
    pg_idt_init();
    pg_enable_32(false);
    pg_new_table(VA, PG_RW);
    uint32_t f1 = pg_alloc_frame(), f2 = pg_alloc_frame();
    *(volatile uint32_t *)(uintptr_t)f1 = 0x11111111u;
    *(volatile uint32_t *)(uintptr_t)f2 = 0x22222222u;
    *pg_pte(VA) = f1 | PG_P | PG_RW;
    *pg_pte(VA + 4096) = f1 | PG_P | PG_RW;
    volatile uint32_t *v = (volatile uint32_t *)(uintptr_t)VA;
    volatile uint32_t *w = (volatile uint32_t *)(uintptr_t)(VA + 4096);

    uint32_t a = v[0], b = w[0];
    *pg_pte(VA) = f2 | PG_P | PG_RW;
    *pg_pte(VA + 4096) = f2 | PG_P | PG_RW;
    uint32_t stale = v[0];
    pg_invlpg(VA);
    uint32_t fresh = v[0];
    uint32_t other = w[0]; /* not invalidated: still stale */
    guest_printf("before %08x %08x, stale %08x, after invlpg %08x, other page %08x\n", a, b, stale,
                 fresh, other);
    CHECK_EQ(stale, 0x11111111u);
    CHECK_EQ(fresh, 0x22222222u);
    CHECK_EQ(other, 0x11111111u);

    /* a CR3 load drops non-global translations */
    pg_write_cr3(pg_read_cr3());
    CHECK_EQ(w[0], 0x22222222u);
    *pg_pte(VA) = f1 | PG_P | PG_RW;
    pg_write_cr3(pg_read_cr3());
    CHECK_EQ(v[0], 0x11111111u);
    guest_printf("after cr3 reload %08x %08x\n", v[0], w[0]);
    pg_disable();
    return guest_result("paging_invlpg");
}
