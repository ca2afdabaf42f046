/*
 * pm_int3_into_bound.c - the trap-class exceptions INT3 (#BP) and INTO
 * (#OF, only with OF=1) push the address of the next instruction; BOUND
 * (#BR) is a fault and pushes its own address. INT3 and INTO through
 * DPL0 gates from ring 3 give #GP instead.
 */
#include "pm.h"

int32_t bounds[2] = {10, 20};

static uint32_t user_int3(void)
{
    PM_EXPECT("int3");
    return 0;
}

int main(void)
{
    extern char bp_after[], of_after[], br_at[];
    guest_puts("pm_int3_into_bound\n");
    pm_init();
    __asm__ volatile("int3\nbp_after:\n" ::: "memory");
    pm_report("int3");
    CHECK_EQ(pm_last_vec, 3);
    CHECK_EQ(pm_last_eip, (uint32_t)bp_after);
    pm_last_vec = 0xffffffffu;
    __asm__ volatile("movl $1, %%eax\n\taddl $0, %%eax\n\tinto" ::: "eax", "cc");
    pm_report("into, OF=0");
    __asm__ volatile("movl $0x7fffffff, %%eax\n\taddl $1, %%eax\n\tinto\nof_after:\n" ::: "eax",
                     "cc");
    pm_report("into, OF=1");
    CHECK_EQ(pm_last_vec, 4);
    CHECK_EQ(pm_last_eip, (uint32_t)of_after);
    pm_last_vec = 0xffffffffu;
    __asm__ volatile("movl $15, %%eax\n\tbound %%eax, bounds" ::: "eax");
    pm_report("bound in range");
    PM_EXPECT("movl $21, %%eax\nbr_at:\n\tbound %%eax, bounds");
    pm_report("bound above");
    CHECK_EQ(pm_last_vec, 5);
    CHECK_EQ(pm_last_eip, (uint32_t)br_at);
    PM_EXPECT("movl $9, %%eax\n\tbound %%eax, bounds");
    pm_report("bound below");
    pm_set_gate(3, pm_gate(SEL_KCODE, PM_ISR_ADDR(3), 15, 0, 0));
    pm_enter_user(user_int3, pm_user_stack(), 0x3002);
    pm_report("ring3 int3, dpl0 gate");
    CHECK_EQ(pm_last_err, 3 * 8 + 2);
    return guest_result("pm_int3_into_bound");
}
