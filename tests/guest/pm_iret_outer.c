/*
 * pm_iret_outer.c - IRET from ring 0 to ring 3 (pm_enter_user) with
 * IOPL 0: at CPL 3, POPF may not change IF or IOPL (silently kept), CLI
 * raises #GP(0); with IOPL 3 the same POPF changes IF. IRET from the
 * handler back to ring 3 restores the user SS:ESP.
 */
#include "pm.h"

static uint32_t user(void)
{
    uint32_t f;
    __asm__ volatile("pushfl\n\torl $0x3200, (%%esp)\n\tpopfl\n\tpushfl\n\tpopl %0" : "=r"(f));
    return f;
}

int main(void)
{
    guest_puts("pm_iret_outer\n");
    pm_init();
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    uint32_t f = pm_enter_user(user, pm_user_stack(), 0x0002);
    guest_printf("iopl0: flags after popf %x\n", f & 0x3200);
    CHECK_EQ(f & 0x3200, 0);
    f = pm_enter_user(user, pm_user_stack(), 0x3002);
    guest_printf("iopl3: flags after popf %x\n", f & 0x3200);
    CHECK_EQ(f & 0x3200, 0x3200);
    __asm__ volatile("cli");
    return guest_result("pm_iret_outer");
}
