/*
 * pm_task_jmp.c - JMP to a TSS and back (SDM 7.3): the old task's state
 * (EIP after the JMP, registers) is saved in its TSS, busy bits move
 * from the old TSS to the new one, NT stays clear and the back link is
 * not written; a second JMP resumes the task where it left off. JMP to a
 * busy TSS raises #GP(sel).
 */
#include "pm_task.h"

volatile uint32_t t2_count, t2_ebx, t2_flags, t2_tr;

__asm__(".text\n"
        "task2_entry:\n"
        "\tincl t2_count\n"
        "\tmovl %ebx, t2_ebx\n"
        "\tpushfl\n"
        "\tpopl t2_flags\n"
        "\tstr t2_tr\n"
        "\tljmp $0x28, $0\n"
        "\tjmp task2_entry\n");

int main(void)
{
    extern char task2_entry[];
    guest_puts("pm_task_jmp\n");
    pm_init();
    pm_task_setup(&pm_tss2, 0x30, (void (*)(void))task2_entry, pm_task_stack2);
    pm_tss2.ebx = 0x2222;
    pm_tss2.link = 0x5555;
    __asm__ volatile("movl $0x1111, %%ebx\n\tljmp $0x30, $0\njmp_ret1:" ::: "ebx", "memory");
    guest_printf("task2 ran %d ebx %x tr %x NT %d link %x\n", t2_count, t2_ebx, t2_tr,
                 (t2_flags >> 14) & 1, pm_tss2.link);
    extern char jmp_ret1[];
    guest_printf("saved main eip ok %d ebx %x\n", pm_tss.eip == (uint32_t)jmp_ret1, pm_tss.ebx);
    guest_printf("types: main %x task2 %x\n", pm_tss_type(0x28), pm_tss_type(0x30));
    CHECK_EQ(t2_count, 1);
    CHECK_EQ(pm_tss_type(0x28), 11);
    CHECK_EQ(pm_tss_type(0x30), 9);
    __asm__ volatile("ljmp $0x30, $0" ::: "memory");
    guest_printf("second jmp: task2 ran %d\n", t2_count);
    CHECK_EQ(t2_count, 2);
    PM_EXPECT("ljmp $0x28, $0");
    pm_report("jmp to busy tss");
    uint16_t tr;
    __asm__ volatile("str %0" : "=r"(tr));
    guest_printf("tr %x cr0.ts %d\n", tr, (int)((({ uint32_t c; __asm__ volatile("movl %%cr0, %0" : "=r"(c)); c; }) >> 3) & 1));
    __asm__ volatile("clts");
    return guest_result("pm_task_jmp");
}
