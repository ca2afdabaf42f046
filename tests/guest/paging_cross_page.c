/*
 * paging_cross_page.c - an instruction that starts on a mapped page and
 * ends on a not-present one faults with CR2 = the first byte of the
 * second page and EIP = the start of the instruction (nothing of it ran);
 * the #PF handler maps the page and the instruction is run again. The
 * instructions before it on the first page ran normally.
 */
#include "paging.h"

#define VA 0x40000000u

static const uint8_t tail[] = {
    0x90, 0x90, 0x41,             /* nop; nop; inc ecx */
    0xb8, 0x78, 0x56, 0x34, 0x12, /* mov eax, 0x12345678: 2 bytes + 3 bytes */
    0xc3,                         /* ret */
};

static uint32_t second_frame;

static int map_second(PGFrame *f, uint32_t cr2)
{
    if (cr2 != VA + 4096 || (f->err & PG_P)) {
        return 0;
    }
    *pg_pte(cr2) = second_frame | PG_P | PG_RW;
    return 1;
}

int main(void)
{
    guest_puts("paging_cross_page: instruction crossing into a not-present page\n");
    pg_idt_init();
    pg_enable_32(false);
    pg_new_table(VA, PG_RW);
    uint32_t first = pg_alloc_frame();
    second_frame = pg_alloc_frame();
    /* tail starts 5 bytes before the boundary: the MOV straddles it */
    uint32_t start = 4096 - 5;
    for (uint32_t i = 0; i < sizeof(tail); i++) {
        uint32_t off = start + i;
        uint8_t *dst = off < 4096 ? (uint8_t *)(uintptr_t)(first + off)
                                  : (uint8_t *)(uintptr_t)(second_frame + off - 4096);
        *dst = tail[i];
    }
    *pg_pte(VA) = first | PG_P | PG_RW;
    pg_handler = map_second;

    uint32_t eax, ecx = 0;
    __asm__ volatile("call *%2" : "=a"(eax), "+c"(ecx) : "r"(VA + start) : "memory");
    guest_printf("eax %08x ecx %u faults %u err %x cr2 %08x eip %08x\n", eax, ecx, pg_faults,
                 pg_last_err, pg_last_cr2, pg_last_eip);
    CHECK_EQ(eax, 0x12345678u);
    CHECK_EQ(ecx, 1);
    CHECK_EQ(pg_faults, 1);
    CHECK_EQ(pg_last_err, 0);
    CHECK_EQ(pg_last_cr2, VA + 4096);
    CHECK_EQ(pg_last_eip, VA + 4096 - 2);
    pg_disable();
    return guest_result("paging_cross_page");
}
