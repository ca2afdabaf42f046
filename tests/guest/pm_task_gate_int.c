/*
 * pm_task_gate_int.c - interrupts through task gates in the IDT: INT
 * 0x40 switches to task 2 (NT, back link), whose IRET returns; #GP
 * through a task gate runs task 3 with the error code pushed on its
 * stack, which repairs the faulting task's saved EIP and IRETs.
 */
#include "pm_task.h"

volatile uint32_t t2_count, t3_err, t3_eip, t3_link;
extern char gp_resume[];

__asm__(".text\n"
        "task2_entry:\n"
        "\tincl t2_count\n"
        "\tiret\n"
        "\tjmp task2_entry\n"
        "task3_entry:\n"
        "\tpopl t3_err\n"
        "\tmovl pm_tss+0x20, %eax\n"
        "\tmovl %eax, t3_eip\n"
        "\tmovl pm_tss3, %eax\n"
        "\tmovl %eax, t3_link\n"
        "\tmovl $gp_resume, pm_tss+0x20\n"
        "\tiret\n"
        "\tjmp task3_entry\n");

int main(void)
{
    extern char task2_entry[], task3_entry[], gp_at[];
    guest_puts("pm_task_gate_int\n");
    pm_init();
    pm_task_setup(&pm_tss2, 0x30, (void (*)(void))task2_entry, pm_task_stack2);
    pm_task_setup(&pm_tss3, 0x38, (void (*)(void))task3_entry, pm_task_stack3);
    pm_set_gate(0x40, pm_gate(0x30, 0, 5, 0, 0));
    pm_set_gate(13, pm_gate(0x38, 0, 5, 0, 0));
    __asm__ volatile("int $0x40\n\tint $0x40" ::: "eax", "memory");
    guest_printf("int 0x40 twice: task2 ran %d\n", t2_count);
    CHECK_EQ(t2_count, 2);
    __asm__ volatile("movl $0x48, %%eax\ngp_at:\n\tmovl %%eax, %%ds\ngp_resume:\n" ::: "eax",
                     "memory");
    guest_printf("#GP via task gate: err %x eip ok %d link %x\n", t3_err,
                 t3_eip == (uint32_t)gp_at, t3_link);
    CHECK_EQ(t3_err, 0x48);
    CHECK_EQ(t3_link, 0x28);
    __asm__ volatile("clts");
    return guest_result("pm_task_gate_int");
}
