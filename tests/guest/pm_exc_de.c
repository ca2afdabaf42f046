/*
 * pm_exc_de.c - #DE from DIV and IDIV (divide by zero, quotient overflow)
 * through our own IDT: vector, no error code, and the pushed CS:EIP is
 * the faulting instruction (SDM vol. 3, 6.15 "Interrupt 0").
 */
#include "pm.h"

int main(void)
{
    extern char de1[], de2[], de3[];
    guest_puts("pm_exc_de\n");
    pm_init();
    PM_EXPECT("xorl %%ecx, %%ecx\n\tmovl $5, %%eax\n\txorl %%edx, %%edx\n"
              "de1:\n\tdivl %%ecx");
    pm_report("div 0");
    CHECK_EQ(pm_last_vec, 0);
    CHECK_EQ(pm_last_eip, (uint32_t)de1);
    CHECK_EQ(pm_last_cs, SEL_KCODE);
    PM_EXPECT("movl $2, %%ecx\n\tmovl $0, %%eax\n\tmovl $4, %%edx\n"
              "de2:\n\tdivl %%ecx");
    pm_report("div overflow");
    CHECK_EQ(pm_last_eip, (uint32_t)de2);
    PM_EXPECT("movl $-1, %%ecx\n\tmovl $0, %%eax\n\tmovl $0x40000000, %%edx\n"
              "de3:\n\tidivl %%ecx");
    pm_report("idiv overflow");
    CHECK_EQ(pm_last_eip, (uint32_t)de3);
    PM_EXPECT("movb $0, %%cl\n\tmovw $100, %%ax\n\tdivb %%cl");
    pm_report("divb 0");
    CHECK_EQ(pm_count[0], 4);
    return guest_result("pm_exc_de");
}
