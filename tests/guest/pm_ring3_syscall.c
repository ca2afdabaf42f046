/*
 * pm_ring3_syscall.c - INT 0x80 from ring 3 through a DPL3 trap gate to
 * ring 0: the stack switches to SS0:ESP0 of the TSS, and the frame holds
 * the user SS:ESP, CS (RPL 3) and the next EIP; IRET goes back to ring 3
 * with the user stack; the "system call" returns a value in EAX.
 */
#include "pm.h"

static volatile uint32_t handler_esp;

static int hook(PMFrame *f)
{
    if (f->vec == 0x80) {
        handler_esp = (uint32_t)f;
        f->eax = f->eax * 2 + 1;
        return 1;
    }
    return 0;
}

static uint32_t user(void)
{
    uint32_t r = 20, cs;
    __asm__ volatile("int $0x80" : "+a"(r) : : "memory");
    __asm__ volatile("movl %%cs, %0" : "=r"(cs));
    return r + (cs << 16);
}

int main(void)
{
    guest_puts("pm_ring3_syscall\n");
    pm_init();
    pm_hook = hook;
    uint32_t r = pm_enter_user(user, pm_user_stack(), 0x3002);
    guest_printf("result %x frame cs %x ss %x user esp in stack3 %d\n", r, pm_last_cs,
                 pm_last_ss,
                 pm_last_esp > (uint32_t)pm_stack3 && pm_last_esp <= pm_user_stack());
    guest_printf("handler on stack0 %d\n", handler_esp > (uint32_t)pm_stack0 &&
                                               handler_esp < (uint32_t)pm_stack0 + 8192);
    CHECK_EQ(r, 0x1b0029);
    CHECK_EQ(pm_last_ss, SEL_UDATA);
    return guest_result("pm_ring3_syscall");
}
