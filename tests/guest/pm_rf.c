/*
 * pm_rf.c - EFLAGS.RF and instruction breakpoints (SDM vol. 3, 17.3.1.1):
 * a DR0 execution breakpoint is a fault; the #DB handler sets RF in the
 * EFLAGS image instead of disabling the breakpoint, and IRET returns to
 * the instruction, which then executes without a second #DB. RF is
 * cleared once that instruction completes, so the breakpoint fires again
 * the next time the code runs. The #DB frame shows RF = 0.
 */
#include "pm.h"

static volatile uint32_t hits, bad_eip, rf_in_frame;

static int hook(PMFrame *f)
{
    extern char rf_bp[];
    if (f->vec != 1) {
        return 0;
    }
    hits++;
    bad_eip |= f->eip != (uint32_t)rf_bp;
    rf_in_frame |= f->eflags & 0x10000u;
    f->eflags |= 0x10000u; /* RF: resume without re-triggering */
    if (hits > 10) {
        __asm__ volatile("movl %0, %%dr7" : : "r"(0u)); /* RF ignored: stop the loop */
    }
    return 1;
}

__attribute__((noinline, noclone)) static uint32_t run(void)
{
    uint32_t r;
    __asm__ volatile("movl $1, %%eax\n"
                     "\taddl $1, %%eax\n"
                     "rf_bp:\taddl $10, %%eax\n"
                     "\taddl $100, %%eax\n"
                     : "=a"(r) : : "cc");
    return r;
}

int main(void)
{
    extern char rf_bp[];
    guest_puts("pm_rf\n");
    pm_init();
    pm_hook = hook;
    __asm__ volatile("movl %0, %%dr0\n\tmovl %1, %%dr7" : : "r"((uint32_t)rf_bp), "r"(1u));
    uint32_t r1 = run();
    guest_printf("first run: hits %d result %d\n", hits, r1);
    CHECK_EQ(hits, 1);
    CHECK_EQ(r1, 112);
    uint32_t r2 = run();
    guest_printf("second run: hits %d result %d\n", hits, r2);
    CHECK_EQ(hits, 2);
    CHECK_EQ(r2, 112);
    uint32_t fl;
    __asm__ volatile("pushfl\n\tpopl %0" : "=r"(fl));
    guest_printf("eip ok %d RF in #DB frame %d RF now %d\n", !bad_eip, rf_in_frame != 0,
                 (fl >> 16) & 1);
    CHECK_EQ(bad_eip, 0);
    CHECK_EQ(rf_in_frame, 0);
    __asm__ volatile("movl %0, %%dr7" : : "r"(0u));
    return guest_result("pm_rf");
}
