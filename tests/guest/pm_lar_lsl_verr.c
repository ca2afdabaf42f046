/*
 * pm_lar_lsl_verr.c - LAR, LSL, VERR and VERW on the null selector, code
 * and data segments, a TSS, a call gate, a selector beyond the GDT and a
 * DPL0 segment seen from ring 3 (ZF and the value for each). The
 * accessed bit is masked: QEMU does not set it on CS loads, the CPU does.
 */
#include "pm.h"

static const uint32_t sels[] = {0, 0x08, 0x10, 0x1b, 0x23, 0x28, 0x30, 0x38, 0x1f8};

static void probe(const char *who)
{
    for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
        uint32_t sel = sels[i], ar = 0xdead, lim = 0xbeef;
        uint8_t zl, zs, zr, zw;
        __asm__ volatile("larl %2, %0\n\tsetz %1" : "+r"(ar), "=q"(zl) : "r"(sel) : "cc");
        __asm__ volatile("lsll %2, %0\n\tsetz %1" : "+r"(lim), "=q"(zs) : "r"(sel) : "cc");
        __asm__ volatile("verr %w1\n\tsetz %0" : "=q"(zr) : "r"(sel) : "cc");
        __asm__ volatile("verw %w1\n\tsetz %0" : "=q"(zw) : "r"(sel) : "cc");
        guest_printf("%s %03x: lar %d %08x lsl %d %08x verr %d verw %d\n", who, sel, zl, ar & ~0x100u, zs,
                     lim, zr, zw);
    }
}

static uint32_t user(void)
{
    probe("cpl3");
    return 0;
}

int main(void)
{
    guest_puts("pm_lar_lsl_verr\n");
    pm_init();
    pm_set_desc(0x30, pm_gate(SEL_KCODE, 0x1234, 12, 3, 2));
    pm_set_desc(0x38, pm_desc(0x5000, 0x3ff, 0x98, FLG_16)); /* execute-only */
    probe("cpl0");
    pm_enter_user(user, pm_user_stack(), 0x3002);
    return guest_result("pm_lar_lsl_verr");
}
