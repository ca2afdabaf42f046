/*
 * paging_demand.c - demand paging: a region whose page table starts empty
 * is filled in by the #PF handler, one zeroed frame per touched page.
 * The error code tells a read (0) from a write (2) of a not-present page;
 * CR2 is the faulting address; the faulting instruction is re-run.
 */
#include "paging.h"

#define REGION 0x40000000u
#define NPAGES 64u

static uint32_t err_or;

static int demand(PGFrame *f, uint32_t cr2)
{
    if (cr2 < REGION || cr2 >= REGION + (NPAGES + 1) * 4096u || (f->err & PG_P)) {
        return 0;
    }
    uint32_t frame = pg_alloc_frame();
    memset((void *)(uintptr_t)frame, 0, 4096);
    *pg_pte(cr2) = frame | PG_P | PG_RW;
    err_or |= f->err;
    return 1;
}

int main(void)
{
    guest_puts("paging_demand: #PF handler maps pages on demand\n");
    pg_idt_init();
    pg_enable_32(false);
    pg_new_table(REGION, PG_RW);
    pg_handler = demand;

    volatile uint32_t *r = (volatile uint32_t *)(uintptr_t)REGION;
    CHECK_EQ(r[4], 0);
    CHECK_EQ(pg_faults, 1);
    CHECK_EQ(pg_last_err, 0);
    CHECK_EQ(pg_last_cr2, REGION + 16);
    for (uint32_t i = 0; i < NPAGES; i++) {
        volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)(REGION + i * 4096 + (i * 68) % 4000);
        *p = i * 0x01010101u ^ 0x5a5a;
    }
    CHECK_EQ(pg_faults, NPAGES);
    CHECK_EQ(err_or, 2);
    uint32_t sum = 0;
    for (uint32_t i = 0; i < NPAGES; i++) {
        volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)(REGION + i * 4096 + (i * 68) % 4000);
        CHECK_EQ(*p, i * 0x01010101u ^ 0x5a5a);
        sum = sum * 31 + *p;
    }
    guest_printf("%u faults, sum %08x\n", pg_faults, sum);

    /* a dword store that straddles into an unmapped page: CR2 is the
     * first byte of the second page, and nothing is written before */
    volatile uint8_t *last = (volatile uint8_t *)(uintptr_t)(REGION + NPAGES * 4096 - 2);
    *(volatile uint32_t *)last = 0xa1b2c3d4u;
    CHECK_EQ(pg_faults, NPAGES + 1);
    CHECK_EQ(pg_last_cr2, REGION + NPAGES * 4096);
    CHECK_EQ(pg_last_err, 2);
    CHECK_EQ(*(volatile uint32_t *)last, 0xa1b2c3d4u);
    guest_printf("straddling store: cr2 %08x err %x\n", pg_last_cr2, pg_last_err);
    pg_disable();
    return guest_result("paging_demand");
}
