/*
 * pm_exc_np.c - #NP (vector 11) with the selector as error code: a
 * not-present data segment in DS, a not-present code segment as a far
 * jump target, and INT through a not-present gate (vector*8+2).
 */
#include "pm.h"

int main(void)
{
    guest_puts("pm_exc_np\n");
    pm_init();
    pm_set_desc(0x30, pm_desc(0, 0xfffff, ACC_DATA & 0x7f, FLG_32));
    pm_set_desc(0x38, pm_desc(0, 0xfffff, ACC_CODE & 0x7f, FLG_32));
    pm_set_gate(0x32, pm_gate(SEL_KCODE, 0, 14, 0, 0) & ~(0x8000ull << 32));
    PM_EXPECT("movl $0x30, %%eax\n\tmovl %%eax, %%fs");
    pm_report("fs not present");
    CHECK_EQ(pm_last_vec, 11);
    CHECK_EQ(pm_last_err, 0x30);
    PM_EXPECT("ljmp $0x38, $0");
    pm_report("ljmp not present");
    CHECK_EQ(pm_last_err, 0x38);
    PM_EXPECT("int $0x32");
    pm_report("int not-present gate");
    CHECK_EQ(pm_last_err, 0x32 * 8 + 2);
    PM_EXPECT("lcall $0x38, $0");
    pm_report("lcall not present");
    CHECK_EQ(pm_count[11], 4);
    return guest_result("pm_exc_np");
}
