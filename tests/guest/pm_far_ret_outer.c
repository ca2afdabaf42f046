/*
 * pm_far_ret_outer.c - a far RET from ring 0 to ring 3 pops CS:EIP and
 * then SS:ESP; data segment registers holding DPL0 segments are nulled
 * (SDM RET, "RETURN-TO-OUTER-PRIVILEGE-LEVEL"), DPL3 ones are kept. Ring 3
 * stores its findings through SS: a store through the nulled DS would
 * raise #GP(0).
 */
#include "pm.h"

volatile uint32_t u_cs, u_ss, u_ds, u_es, u_fs;

__asm__(".text\n"
        "ret_user:\n"
        "\tmovw %cs, %ss:u_cs\n"
        "\tmovw %ss, %ss:u_ss\n"
        "\tmovw %ds, %ss:u_ds\n"
        "\tmovw %es, %ss:u_es\n"
        "\tmovw %fs, %ss:u_fs\n"
        "\tint $0x81\n"
        ".globl do_ret_outer\n"
        "do_ret_outer:\n" /* (esp3) */
        "\tpushl %ebp\n\tpushl %ebx\n\tpushl %esi\n\tpushl %edi\n"
        "\tmovl %esp, pm_kernel_esp\n"
        "\tmovl 20(%esp), %eax\n"
        "\tmovl $0x23, %edx\n"
        "\tmovl %edx, %fs\n" /* DPL3: kept */
        "\tmovl $0x10, %edx\n"
        "\tmovl %edx, %es\n" /* DPL0: nulled */
        "\tpushl $0x23\n\tpushl %eax\n\tpushl $0x1b\n\tpushl $ret_user\n"
        "\tlret\n");

void do_ret_outer(uint32_t esp3);

int main(void)
{
    guest_puts("pm_far_ret_outer\n");
    pm_init();
    do_ret_outer(pm_user_stack());
    guest_printf("ring 3: cs %x ss %x ds %x es %x fs %x\n", u_cs, u_ss, u_ds, u_es, u_fs);
    CHECK_EQ(u_cs, SEL_UCODE);
    CHECK_EQ(u_es, 0);
    CHECK_EQ(u_fs, SEL_UDATA);
    return guest_result("pm_far_ret_outer");
}
