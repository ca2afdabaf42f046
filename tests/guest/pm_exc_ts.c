/*
 * pm_exc_ts.c - #TS (vector 10): a task switch to a TSS whose limit is
 * below 103 (error code: the TSS selector), and a call gate to an inner
 * level whose TSS SS1 is null (error code 0) or has the wrong RPL.
 */
#include "pm.h"

static TSS32 small_tss;

static void inner(void)
{
}

static uint32_t user_call(void)
{
    PM_EXPECT("lcall $0x48, $0");
    return 0;
}

int main(void)
{
    guest_puts("pm_exc_ts\n");
    pm_init();
    pm_set_desc(0x30, pm_desc((uint32_t)&small_tss, 0x50, 0x89, 0));
    PM_EXPECT("ljmp $0x30, $0");
    pm_report("jmp to short tss");
    CHECK_EQ(pm_last_vec, 10);
    CHECK_EQ(pm_last_err, 0x30);
    /* a DPL1 code segment: the exception itself still uses SS0 */
    pm_set_desc(0x50, pm_desc(0, 0xfffff, ACC_CODE | ACC_DPL(1), FLG_32));
    pm_set_desc(0x48, pm_gate(0x50, (uint32_t)inner, 12, 3, 0));
    pm_tss.ss1 = 0;
    pm_enter_user(user_call, pm_user_stack(), 0x3002);
    pm_report("call gate, ss0 null");
    CHECK_EQ(pm_last_err, 0);
    pm_tss.ss1 = 0x13;
    pm_enter_user(user_call, pm_user_stack(), 0x3002);
    pm_report("call gate, ss0 rpl3");
    CHECK_EQ(pm_last_err, 0x10);
    CHECK_EQ(pm_count[10], 3);
    return guest_result("pm_exc_ts");
}
