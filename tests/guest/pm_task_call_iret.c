/*
 * pm_task_call_iret.c - CALL to a TSS nests: the new task gets NT=1 and
 * a back link to the caller, both TSSs stay busy; IRET with NT returns
 * to the caller (the callee's busy bit and NT are cleared), and a second
 * CALL resumes the callee after its IRET.
 */
#include "pm_task.h"

volatile uint32_t t2_count, t2_flags, t2_link;

__asm__(".text\n"
        "task2_entry:\n"
        "\tincl t2_count\n"
        "\tpushfl\n"
        "\tpopl t2_flags\n"
        "\tmovl pm_tss2, %eax\n"
        "\tmovl %eax, t2_link\n"
        "\tiret\n"
        "\tjmp task2_entry\n");

int main(void)
{
    extern char task2_entry[];
    guest_puts("pm_task_call_iret\n");
    pm_init();
    pm_task_setup(&pm_tss2, 0x30, (void (*)(void))task2_entry, pm_task_stack2);
    __asm__ volatile("lcall $0x30, $0" ::: "eax", "memory");
    uint32_t fl = read_eflags();
    guest_printf("task2 ran %d NT in task2 %d link %x\n", t2_count, (t2_flags >> 14) & 1,
                 t2_link);
    guest_printf("after iret: NT %d types main %x task2 %x\n", (fl >> 14) & 1,
                 pm_tss_type(0x28), pm_tss_type(0x30));
    guest_printf("task2 saved NT %d\n", (pm_tss2.eflags >> 14) & 1);
    CHECK_EQ(t2_link, 0x28);
    CHECK_EQ((t2_flags >> 14) & 1, 1);
    CHECK_EQ(pm_tss_type(0x30), 9);
    __asm__ volatile("lcall $0x30, $0" ::: "eax", "memory");
    guest_printf("second call: task2 ran %d\n", t2_count);
    CHECK_EQ(t2_count, 2);
    __asm__ volatile("clts");
    return guest_result("pm_task_call_iret");
}
