/*
 * pm_iobitmap.c - the TSS I/O permission bitmap at CPL 3 with IOPL 0
 * (SDM vol. 1, 18.5.2): ports whose bits are clear are allowed, a set bit
 * gives #GP(0), a word access needs both bits clear; with IOPL 3 the
 * bitmap is not consulted. Port 0x3FF (the UART scratch register) is
 * written and read back.
 */
#include "pm.h"

struct {
    TSS32 tss;
    uint8_t bitmap[8192 + 1];
} __attribute__((packed, aligned(128))) big;

static uint32_t user_ok(void)
{
    outb(0x3ff, 0x5a);
    return inb(0x3ff);
}

static uint32_t user_denied(void)
{
    PM_EXPECT("movw $0x3fe, %%dx\n\tinb %%dx, %%al");
    pm_report("inb 0x3fe (bit set)");
    PM_EXPECT("movw $0x3ff, %%dx\n\tinw %%dx, %%ax");
    pm_report("inw 0x3ff (0x400 bit set)");
    PM_EXPECT("movw $0x3fd, %%dx\n\tinb %%dx, %%al");
    pm_report("inb 0x3fd (bit clear)");
    return 0;
}

int main(void)
{
    guest_puts("pm_iobitmap\n");
    pm_init();
    memset(big.bitmap, 0xff, sizeof(big.bitmap));
    big.bitmap[0x3f8 / 8] = (uint8_t)~((1u << 5) | (1u << 7)); /* 0x3fd, 0x3ff allowed */
    pm_init_tss(&big.tss, sizeof(big.tss));
    big.tss.iomap = sizeof(big.tss);
    pm_set_desc(0x30, pm_desc((uint32_t)&big, sizeof(big) - 1, 0x89, 0));
    __asm__ volatile("ltr %w0" : : "r"(0x30));
    /* COM1 output needs the UART at CPL 3: allow 0x3f8 and 0x3fd too */
    big.bitmap[0x3f8 / 8] &= (uint8_t)~1u;
    uint32_t v = pm_enter_user(user_ok, pm_user_stack(), 0x0002);
    guest_printf("scratch read back %x\n", v);
    CHECK_EQ(v, 0x5a);
    pm_enter_user(user_denied, pm_user_stack(), 0x0002);
    guest_printf("#GP count %d\n", pm_count[13]);
    CHECK_EQ(pm_count[13], 2);
    return guest_result("pm_iobitmap");
}
