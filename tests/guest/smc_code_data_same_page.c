/*
 * smc_code_data_same_page.c - code and often-written data on one page.
 * The page holds translated code, so its writes leave the TLB fast path,
 * but only a write that overlaps translated bytes may invalidate a TB
 * (the per-page code bitmap): smc_code_data_same_page.stats bounds
 * tb_invalidations. At the end one write does hit the code, and the new
 * code must run.
 */
#include "guest.h"

static uint8_t page[4096] __attribute__((aligned(4096)));

/* uint32_t f(uint32_t x) { return x * 3 + IMM; } */
static const uint8_t func[] = {
    0x8b, 0x44, 0x24, 0x04,       /* mov eax, [esp+4] */
    0x8d, 0x04, 0x40,             /* lea eax, [eax+eax*2] */
    0x05, 0x11, 0x00, 0x00, 0x00, /* add eax, 0x11 */
    0xc3,                         /* ret */
};

int main(void)
{
    guest_puts("smc_code_data_same_page: data writes next to code\n");
    memcpy(page, func, sizeof(func));
    uint32_t (*f)(uint32_t) = (uint32_t (*)(uint32_t))(uintptr_t)page;
    volatile uint32_t *data = (volatile uint32_t *)(page + 2048);
    uint32_t h = 0;
    for (uint32_t i = 0; i < 20000; i++) {
        data[i & 255] = i;
        data[(i * 7) & 255] += f(i);
        h = h * 33 + data[(i * 13) & 255];
    }
    CHECK_EQ(f(5), 5 * 3 + 0x11);
    page[8] = 0x22; /* the ADD's immediate */
    CHECK_EQ(f(5), 5 * 3 + 0x22);
    guest_printf("hash %08x, f(5) = %u\n", h, f(5));
    return guest_result("smc_code_data_same_page");
}
