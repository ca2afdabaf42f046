/*
 * paging_cow.c - copy-on-write: two linear pages share one read-only
 * frame; with CR0.WP a supervisor write faults (error code 3: present,
 * write) and the handler gives the writer a private copy. Then WP=0:
 * the supervisor may write read-only pages without a fault (SDM vol. 3,
 * 4.6.1).
 */
#include "paging.h"

#define VA_A 0x40000000u
#define VA_B 0x40001000u

static uint32_t shared;
static uint32_t copies;

static int cow(PGFrame *f, uint32_t cr2)
{
    if ((f->err & 3) != 3 || cr2 < VA_A || cr2 >= VA_B + 4096) {
        return 0;
    }
    uint32_t frame = pg_alloc_frame();
    memcpy((void *)(uintptr_t)frame, (const void *)(uintptr_t)shared, 4096);
    *pg_pte(cr2) = frame | PG_P | PG_RW;
    pg_invlpg(cr2);
    copies++;
    return 1;
}

int main(void)
{
    guest_puts("paging_cow: copy-on-write through #PF\n");
    pg_idt_init();
    pg_enable_32(true);
    pg_new_table(VA_A, PG_RW);
    shared = pg_alloc_frame();
    for (uint32_t i = 0; i < 1024; i++) {
        ((uint32_t *)(uintptr_t)shared)[i] = i * 0x9e3779b9u;
    }
    *pg_pte(VA_A) = shared | PG_P;
    *pg_pte(VA_B) = shared | PG_P;
    pg_handler = cow;

    volatile uint32_t *a = (volatile uint32_t *)(uintptr_t)VA_A;
    volatile uint32_t *b = (volatile uint32_t *)(uintptr_t)VA_B;
    CHECK_EQ(a[5], b[5]);
    a[5] = 0x11111111u;
    CHECK_EQ(pg_faults, 1);
    CHECK_EQ(pg_last_err, 3);
    CHECK_EQ(pg_last_cr2, VA_A + 20);
    CHECK_EQ(a[5], 0x11111111u);
    CHECK_EQ(b[5], 5 * 0x9e3779b9u);
    CHECK_EQ(((uint32_t *)(uintptr_t)shared)[5], 5 * 0x9e3779b9u);
    b[7] = 0x22222222u;
    a[6] = 0x33333333u; /* already private: no fault */
    CHECK_EQ(pg_faults, 2);
    CHECK_EQ(copies, 2);
    CHECK_EQ(b[5], 5 * 0x9e3779b9u);
    CHECK_EQ(b[7], 0x22222222u);
    CHECK_EQ(a[7], 7 * 0x9e3779b9u);
    guest_printf("faults %u, a5 %08x b5 %08x b7 %08x\n", pg_faults, a[5], b[5], b[7]);

    /* WP=0: supervisor writes ignore R/W */
    uint32_t va_c = VA_B + 4096;
    *pg_pte(va_c) = shared | PG_P;
    pg_write_cr0(pg_read_cr0() & ~CR0_WP);
    volatile uint32_t *c = (volatile uint32_t *)(uintptr_t)va_c;
    c[9] = 0x44444444u;
    CHECK_EQ(pg_faults, 2);
    CHECK_EQ(((uint32_t *)(uintptr_t)shared)[9], 0x44444444u);
    guest_printf("WP=0 write to a read-only page: %08x, faults %u\n", c[9], pg_faults);
    pg_disable();
    return guest_result("paging_cow");
}
