/*
 * pm_int_gate.c - INT n through a 32-bit interrupt gate at the same
 * privilege level: pushed EIP is the next instruction, CS and EFLAGS
 * (with IF) are pushed, IF is clear in the handler and restored by IRET.
 */
#include "pm.h"

static volatile uint32_t in_flags;

static int hook(PMFrame *f)
{
    if (f->vec == 0x30) {
        uint32_t fl;
        __asm__ volatile("pushfl\n\tpopl %0" : "=r"(fl));
        in_flags = fl;
    }
    return 0;
}

int main(void)
{
    extern char after_int[];
    guest_puts("pm_int_gate\n");
    pm_init();
    outb(0x21, 0xff); /* mask the PIC: IF is about to be set */
    outb(0xa1, 0xff);
    pm_set_isr(0x30, (void (*)(void))PM_ISR_ADDR(48), 14, 0);
    pm_hook = hook;
    __asm__ volatile("sti\n\tint $0x30\nafter_int:\n\tcli" ::: "memory");
    guest_printf("vec %x eip ok %d cs %x pushed IF %d handler IF %d\n", pm_last_vec,
                 pm_last_eip == (uint32_t)after_int, pm_last_cs, (pm_last_eflags >> 9) & 1,
                 (in_flags >> 9) & 1);
    CHECK_EQ(pm_last_eip, (uint32_t)after_int);
    CHECK_EQ(in_flags & 0x200, 0);
    return guest_result("pm_int_gate");
}
