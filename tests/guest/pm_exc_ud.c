/*
 * pm_exc_ud.c - #UD (vector 6, no error code, EIP of the instruction) from
 * UD2, a LOCK prefix on a non-lockable instruction, LOCK on a register
 * destination, and LEA with a register operand (SDM vol. 3, 6.15).
 */
#include "pm.h"

int main(void)
{
    extern char ud1[], ud2[], ud3[];
    guest_puts("pm_exc_ud\n");
    pm_init();
    PM_EXPECT("ud1:\n\tud2");
    pm_report("ud2");
    CHECK_EQ(pm_last_vec, 6);
    CHECK_EQ(pm_last_eip, (uint32_t)ud1);
    PM_EXPECT("ud2:\n\t.byte 0xf0, 0x90"); /* lock nop */
    pm_report("lock nop");
    CHECK_EQ(pm_last_eip, (uint32_t)ud2);
    PM_EXPECT("ud3:\n\t.byte 0xf0, 0x01, 0xc0"); /* lock add eax, eax */
    pm_report("lock add reg");
    CHECK_EQ(pm_last_eip, (uint32_t)ud3);
    PM_EXPECT(".byte 0x8d, 0xc0"); /* lea eax, eax */
    pm_report("lea reg");
    CHECK_EQ(pm_count[6], 4);
    return guest_result("pm_exc_ud");
}
