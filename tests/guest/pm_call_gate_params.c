/*
 * pm_call_gate_params.c - a call gate with a parameter count of 3 from
 * ring 3 to ring 0: the three dwords are copied from the user stack to
 * the ring-0 stack between the old SS:ESP and CS:EIP, and RET 12 pops
 * them on both stacks when returning to ring 3.
 */
#include "pm.h"

volatile uint32_t p0, p1, p2, ret_ss, ret_esp;

__asm__(".text\n"
        "param_target:\n"
        "\tmovl 8(%esp), %eax\n"
        "\tmovl %eax, p0\n"
        "\tmovl 12(%esp), %eax\n"
        "\tmovl %eax, p1\n"
        "\tmovl 16(%esp), %eax\n"
        "\tmovl %eax, p2\n"
        "\tmovl 20(%esp), %eax\n"
        "\tmovl %eax, ret_esp\n"
        "\tmovl 24(%esp), %eax\n"
        "\tmovl %eax, ret_ss\n"
        "\tlret $12\n");

static uint32_t user(void)
{
    uint32_t before, after;
    __asm__ volatile("movl %%esp, %0\n\t"
                     "pushl $0x333\n\tpushl $0x222\n\tpushl $0x111\n\t"
                     "lcall $0x30, $0\n\t"
                     "movl %%esp, %1"
                     : "=&r"(before), "=r"(after) : : "eax", "memory");
    return before - after;
}

int main(void)
{
    extern char param_target[];
    guest_puts("pm_call_gate_params\n");
    pm_init();
    pm_set_desc(0x30, pm_gate(SEL_KCODE, (uint32_t)param_target, 12, 3, 3));
    uint32_t d = pm_enter_user(user, pm_user_stack(), 0x3002);
    guest_printf("params %x %x %x old ss %x esp delta %d\n", p0, p1, p2, ret_ss, d);
    CHECK_EQ(p0, 0x111);
    CHECK_EQ(p1, 0x222);
    CHECK_EQ(p2, 0x333);
    CHECK_EQ(d, 0);
    return guest_result("pm_call_gate_params");
}
