/*
 * pm_exc_ss.c - #SS (vector 12): SS loaded with a not-present writable
 * data segment gives #SS(selector); wrong DPL or a read-only segment
 * gives #GP(selector) instead (SDM MOV, "IF SS is loaded").
 */
#include "pm.h"

int main(void)
{
    guest_puts("pm_exc_ss\n");
    pm_init();
    pm_set_desc(0x30, pm_desc(0, 0xfffff, ACC_DATA & 0x7f, FLG_32));
    pm_set_desc(0x38, pm_desc(0, 0xfffff, 0x90, FLG_32)); /* read-only */
    pm_set_desc(0x40, pm_desc(0, 0xfffff, ACC_DATA | ACC_DPL(3), FLG_32));
    PM_EXPECT("movl $0x30, %%eax\n\tmovl %%eax, %%ss");
    pm_report("ss not present");
    CHECK_EQ(pm_last_vec, 12);
    CHECK_EQ(pm_last_err, 0x30);
    PM_EXPECT("movl $0x38, %%eax\n\tmovl %%eax, %%ss");
    pm_report("ss read-only");
    CHECK_EQ(pm_last_vec, 13);
    PM_EXPECT("movl $0x40, %%eax\n\tmovl %%eax, %%ss");
    pm_report("ss dpl3 at cpl0");
    CHECK_EQ(pm_last_err, 0x40);
    PM_EXPECT("movl $0x12, %%eax\n\tmovl %%eax, %%ss");
    pm_report("ss rpl2");
    CHECK_EQ(pm_last_err, 0x10);
    return guest_result("pm_exc_ss");
}
