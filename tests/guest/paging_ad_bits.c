/*
 * paging_ad_bits.c - the accessed and dirty bits (SDM vol. 3, 4.8): a
 * read sets A in the PDE and the PTE, the first write sets D; a write to
 * a clean page sets both at once; a write that faults (read-only page,
 * CR0.WP) sets neither in the PTE; a walk that stops at a not-present
 * PTE has still set A in the PDE.
 */
#include "paging.h"

#define VA 0x40000000u

static volatile uint32_t resume_eip;

/* Continue after the faulting access, at the label the test armed. */
static int skip_fault(PGFrame *f, uint32_t cr2)
{
    (void)cr2;
    f->eip = resume_eip;
    return 1;
}

static uint32_t ad(uint32_t va)
{
    return *pg_pte(va) & (PG_A | PG_D);
}

int main(void)
{
    guest_puts("paging_ad_bits: accessed and dirty bits\n");
    pg_idt_init();
    pg_enable_32(true);
    pg_new_table(VA, PG_RW);
    for (uint32_t i = 0; i < 4; i++) {
        *pg_pte(VA + i * 4096) = pg_alloc_frame() | PG_P | (i == 3 ? 0 : PG_RW);
    }
    pg_write_cr3(pg_read_cr3());
    CHECK_EQ(pg_dir[VA >> 22] & PG_A, 0);
    volatile uint32_t *p0 = (volatile uint32_t *)(uintptr_t)VA;
    volatile uint32_t *p1 = (volatile uint32_t *)(uintptr_t)(VA + 4096);
    uint32_t v = p0[3];
    (void)v;
    CHECK_EQ(pg_dir[VA >> 22] & PG_A, PG_A);
    CHECK_EQ(ad(VA), PG_A);
    p0[3] = 1;
    CHECK_EQ(ad(VA), PG_A | PG_D);
    p1[0] = 2;
    CHECK_EQ(ad(VA + 4096), PG_A | PG_D);
    CHECK_EQ(ad(VA + 8192), 0);

    /* a faulting write to the read-only page: no A, no D in the PTE */
    pg_handler = skip_fault;
    __asm__ volatile("movl $1f, %0\n\t"
                     "movl %%eax, (%1)\n"
                     "1:" : "=m"(resume_eip) : "r"(VA + 3 * 4096), "a"(7) : "memory");
    CHECK_EQ(pg_faults, 1);
    CHECK_EQ(pg_last_err, 3);
    CHECK_EQ(ad(VA + 3 * 4096), 0);

    /* a not-present PTE under a PDE whose A we clear: A comes back */
    pg_dir[VA >> 22] &= ~PG_A;
    pg_write_cr3(pg_read_cr3());
    __asm__ volatile("movl $1f, %0\n\t"
                     "movl (%1), %%eax\n"
                     "1:" : "=m"(resume_eip) : "r"(VA + 5 * 4096) : "eax", "memory");
    CHECK_EQ(pg_faults, 2);
    CHECK_EQ(pg_last_err, 0);
    CHECK_EQ(pg_dir[VA >> 22] & PG_A, PG_A);
    guest_printf("pde %03x pte0 %03x pte1 %03x pte2 %03x pte3 %03x\n", pg_dir[VA >> 22] & 0xfff,
                 *pg_pte(VA) & 0xfff, *pg_pte(VA + 4096) & 0xfff, *pg_pte(VA + 8192) & 0xfff,
                 *pg_pte(VA + 3 * 4096) & 0xfff);
    pg_disable();
    return guest_result("paging_ad_bits");
}
