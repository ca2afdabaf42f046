/*
 * smc_alias.c - one physical code frame mapped at two linear addresses
 * (and writable at a third): TBs are keyed by physical address, so code
 * run through both aliases is dropped by a write through any mapping,
 * or through the identity map of the frame (DESIGN.md 2, "Self-modifying
 * code").
 */
#include "paging.h"

#define VA_X1 0x40000000u
#define VA_X2 0x40005000u
#define VA_W  0x4000a000u

/* mov eax, imm32; ret */
static const uint8_t func[] = {0xb8, 0x00, 0x00, 0x00, 0x00, 0xc3};

int main(void)
{
    guest_puts("smc_alias: code through two aliases, written through a third\n");
    pg_idt_init();
    pg_enable_32(false);
    pg_new_table(VA_X1, PG_RW);
    uint32_t frame = pg_alloc_frame();
    memcpy((void *)(uintptr_t)(frame + 0x100), func, sizeof(func));
    *pg_pte(VA_X1) = frame | PG_P;
    *pg_pte(VA_X2) = frame | PG_P;
    *pg_pte(VA_W) = frame | PG_P | PG_RW;
    uint32_t (*x1)(void) = (uint32_t (*)(void))(uintptr_t)(VA_X1 + 0x100);
    uint32_t (*x2)(void) = (uint32_t (*)(void))(uintptr_t)(VA_X2 + 0x100);
    volatile uint32_t *imm_w = (volatile uint32_t *)(uintptr_t)(VA_W + 0x101);
    volatile uint32_t *imm_p = (volatile uint32_t *)(uintptr_t)(frame + 0x101);
    uint32_t h = 0;
    for (uint32_t i = 0; i < 40; i++) {
        uint32_t v = 0x9e3779b9u * (i + 1);
        if (i & 1) {
            *imm_w = v;
        } else {
            *imm_p = v;
        }
        uint32_t a = x1(), b = x2();
        CHECK_EQ(a, v);
        CHECK_EQ(b, v);
        h = (h ^ a ^ (b >> 1)) * 0x01000193u;
    }
    guest_printf("hash %08x\n", h);
    pg_disable();
    return guest_result("smc_alias");
}
