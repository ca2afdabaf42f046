/*
 * pm_dr_breakpoint.c - a DR0 execution breakpoint (DR7 L0, R/W0 = 00):
 * #DB is a fault taken before the instruction at DR0 executes (pushed
 * EIP = DR0, DR6.B0 set); the handler disables it and the instruction
 * then runs. A breakpoint in the middle of a straight-line block works
 * too, and a disabled one (L0 = 0) never fires.
 */
#include "pm.h"

static volatile uint32_t hits, hit_eip, hit_dr6, eax_at_hit;

static int hook(PMFrame *f)
{
    if (f->vec != 1) {
        return 0;
    }
    uint32_t d;
    __asm__ volatile("movl %%dr6, %0" : "=r"(d));
    hits++;
    hit_eip = f->eip;
    hit_dr6 = d;
    eax_at_hit = f->eax;
    __asm__ volatile("movl %0, %%dr7" : : "r"(0u));
    return 1;
}

__attribute__((noinline, noclone)) static uint32_t run(void)
{
    uint32_t r;
    __asm__ volatile("movl $1, %%eax\n"
                     "\taddl $1, %%eax\n"
                     "bp_here:\taddl $10, %%eax\n"
                     "\taddl $100, %%eax\n"
                     : "=a"(r) : : "cc");
    return r;
}

int main(void)
{
    extern char bp_here[];
    guest_puts("pm_dr_breakpoint\n");
    pm_init();
    pm_hook = hook;
    uint32_t r = run(); /* translate the block before setting DR0 */
    __asm__ volatile("movl %0, %%dr0\n\tmovl %1, %%dr7" : : "r"((uint32_t)bp_here), "r"(1u));
    r = run();
    guest_printf("hits %d eip ok %d eax at hit %d result %d B0 %d\n", hits,
                 hit_eip == (uint32_t)bp_here, eax_at_hit, r, hit_dr6 & 1);
    CHECK_EQ(hits, 1);
    CHECK_EQ(eax_at_hit, 2);
    CHECK_EQ(r, 112);
    __asm__ volatile("movl %0, %%dr7" : : "r"(0x10000u)); /* R/W0 = write, not enabled */
    r = run();
    guest_printf("disabled: hits %d\n", hits);
    return guest_result("pm_dr_breakpoint");
}
