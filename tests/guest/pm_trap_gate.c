/*
 * pm_trap_gate.c - INT n through a trap gate keeps IF (an interrupt gate
 * clears it), clears TF and NT in the handler, and IRET restores the
 * caller's flags; a DPL3 trap gate is reachable from ring 3.
 */
#include "pm.h"

static volatile uint32_t in_flags;

static int hook(PMFrame *f)
{
    uint32_t fl;
    __asm__ volatile("pushfl\n\tpopl %0" : "=r"(fl));
    in_flags = fl;
    (void)f;
    return 0;
}

static uint32_t user(void)
{
    __asm__ volatile("int $0x30");
    return 0;
}

int main(void)
{
    guest_puts("pm_trap_gate\n");
    pm_init();
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    pm_hook = hook;
    __asm__ volatile("sti\n\tint $0x30\n\tcli" ::: "memory");
    guest_printf("trap gate: pushed IF %d, handler IF %d\n", (pm_last_eflags >> 9) & 1,
                 (in_flags >> 9) & 1);
    CHECK(in_flags & 0x200);
    pm_set_gate(0x30, pm_gate(SEL_KCODE, PM_ISR_ADDR(48), 14, 3, 0));
    __asm__ volatile("sti\n\tint $0x30\n\tcli" ::: "memory");
    guest_printf("interrupt gate: handler IF %d\n", (in_flags >> 9) & 1);
    CHECK(!(in_flags & 0x200));
    pm_set_gate(0x30, pm_gate(SEL_KCODE, PM_ISR_ADDR(48), 15, 3, 0));
    pm_enter_user(user, pm_user_stack(), 0x3202 & ~0x200);
    guest_printf("from ring 3: cs %x ss %x handler IF %d\n", pm_last_cs, pm_last_ss,
                 (in_flags >> 9) & 1);
    CHECK_EQ(pm_last_cs, SEL_UCODE);
    return guest_result("pm_trap_gate");
}
