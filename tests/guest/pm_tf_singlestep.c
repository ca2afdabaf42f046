/*
 * pm_tf_singlestep.c - TF single-step: after POPF sets TF, a #DB trap
 * follows each instruction (the one after the POPF first), with the
 * EIP of the next instruction pushed and DR6.BS set; the handler runs
 * with TF clear and the trap stops when a handler clears TF in the frame.
 * A MOV to DR7 single-steps like any other instruction (pcemu drops its
 * translated code after a debug-register write and must still trap).
 */
#include "pm.h"

static volatile uint32_t eips[16], n, dr6, stop_at = 6;

static int hook(PMFrame *f)
{
    if (f->vec != 1) {
        return 0;
    }
    uint32_t d;
    __asm__ volatile("movl %%dr6, %0" : "=r"(d));
    dr6 = d;
    if (n < 16) {
        eips[n++] = f->eip;
    }
    if (n == stop_at) {
        f->eflags &= ~0x100u;
    }
    return 1;
}

int main(void)
{
    extern char s0[], s1[], s2[], s3[], s4[], s5[], s6[];
    guest_puts("pm_tf_singlestep\n");
    pm_init();
    pm_hook = hook;
    __asm__ volatile("pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n"
                     "s0:\tnop\n"
                     "s1:\tmovl $3, %%eax\n"
                     "s2:\taddl $4, %%eax\n"
                     "s3:\tjmp s4\n"
                     "\tud2\n"
                     "s4:\tnop\n"
                     "s5:\tnop\n"
                     "s6:\tnop\n"
                     "\tnop\n" ::: "eax", "memory", "cc");
    const char *const labels[] = {s0, s1, s2, s3, s4, s5, s6};
    for (uint32_t i = 0; i < n; i++) {
        int which = -1;
        for (int k = 0; k < 7; k++) {
            if (eips[i] == (uint32_t)labels[k]) {
                which = k;
            }
        }
        guest_printf("#DB %d at s%d\n", i, which);
    }
    guest_printf("DR6.BS %d, TF now %d\n", (dr6 >> 14) & 1, (read_eflags() >> 8) & 1);
    CHECK_EQ(n, 6);
    CHECK_EQ(eips[0], (uint32_t)s1);
    CHECK_EQ(eips[3], (uint32_t)s4);

    extern char t1[], t2[];
    n = 0;
    stop_at = 2;
    __asm__ volatile("movl $0x400, %%eax\n\t"
                     "pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n"
                     "\tmovl %%eax, %%dr7\n" /* traps with EIP t1 */
                     "t1:\tnop\n"
                     "t2:\tnop\n"
                     "\tnop\n" ::: "eax", "memory", "cc");
    guest_printf("after MOV DR7: %u traps, first at %s\n", n,
                 n && eips[0] == (uint32_t)t1 ? "t1" : "elsewhere");
    CHECK_EQ(n, 2);
    CHECK_EQ(eips[0], (uint32_t)t1);
    CHECK_EQ(eips[1], (uint32_t)t2);
    return guest_result("pm_tf_singlestep");
}
