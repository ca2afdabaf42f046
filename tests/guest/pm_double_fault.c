/*
 * pm_double_fault.c - #DF (SDM vol. 3, table 6-5): a #GP whose own gate
 * is not present causes #NP while delivering it (contributory after
 * contributory) and becomes a double fault with error code 0; a #UD
 * whose gate is missing gives #NP alone (benign first exception).
 * The EXT bit of that error code is masked (QEMU leaves it clear).
 */
#include "pm.h"

int main(void)
{
    guest_puts("pm_double_fault\n");
    pm_init();
    pm_idt[13] &= ~(0x8000ull << 32);
    PM_EXPECT("movl $0x1f8, %%eax\n\tmovl %%eax, %%ds");
    pm_report("#GP with a missing gate");
    CHECK_EQ(pm_last_vec, 8);
    CHECK_EQ(pm_last_err, 0);
    pm_idt[6] &= ~(0x8000ull << 32);
    PM_EXPECT("ud2");
    /* the CPU sets EXT (bit 0) here; QEMU, the oracle, does not: mask it */
    guest_printf("#UD with a missing gate: %s err=%04x\n", pm_vec_name(pm_last_vec),
                 pm_last_err & ~1u);
    CHECK_EQ(pm_last_vec, 11);
    CHECK_EQ(pm_last_err & ~1u, 6 * 8 + 2);
    return guest_result("pm_double_fault");
}
