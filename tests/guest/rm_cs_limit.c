/*
 * rm_cs_limit.c - the CS limit in real mode (SDM vol. 3, 20.1.3 and
 * 9.9.2): a real-mode CS keeps the limit its cache had in protected mode,
 * here 0x0FFF from a 16-bit code segment; an indirect JMP, a direct
 * JMP, a far JMP, a far CALL, a far RET and an IRET to offset 0x1000,
 * and a far JMP ptr16:32 to 0x10000, then raise #GP(0) (vector 13
 * through the IVT) at the transfer, with CS:IP and the stack unchanged:
 * the far CALL pushes nothing, the RET and IRET pop nothing (SDM JMP,
 * CALL, RET, IRET: "IF tempEIP not within code segment limit"). The
 * usual 0xFFFF limit: rm_ip_wrap.rom.
 *
 * QEMU does not check CS limits on fetch or jumps (.no-qemu): the
 * answers are checked below.
 */
#include "pm.h"

#define BLOB_BASE 0x8000 /* linear address of the 16-bit code */
#define BLOB_SEG  0x0800
#define DATA_OFF  0x0800 /* results, at BLOB_BASE + DATA_OFF */
#define SEL_C16   0x30   /* code, 16-bit, base BLOB_BASE, limit 0x0FFF */
#define SEL_D16   0x38   /* data, 16-bit, base 0, limit 0xFFFF */

volatile uint32_t saved_esp;
volatile uint32_t ivt_addr = 0; /* the real-mode IVT (a variable: gcc warns on a constant 0) */

/* Entered in 16-bit protected mode at offset 0; the #GP handler counts,
 * records the return IP and SP and continues at the address in DI. */
__asm__(".text\n.code16\n"
        "rcl_start:\n"
        "\tmovw $0x38, %ax\n"
        "\tmovw %ax, %ds\n\tmovw %ax, %es\n\tmovw %ax, %ss\n\tmovw %ax, %fs\n\tmovw %ax, %gs\n"
        "\tlidtw %cs:(rcl_idt - rcl_start)\n"
        "\tmovl %cr0, %eax\n"
        "\tandl $0xfffffffe, %eax\n"
        "\tmovl %eax, %cr0\n"
        "\tljmp $0x0800, $(rcl_entry - rcl_start)\n"
        "rcl_entry:\n"
        "\tmovw %cs, %ax\n"
        "\tmovw %ax, %ds\n\tmovw %ax, %ss\n"
        "\tmovw $0x0ff0, %sp\n"
        "\tmovw $(rcl_1 - rcl_start), %di\n"
        "\tmovw $0x1000, %bx\n"
        "rcl_jmp_ind:\n"
        "\tjmp *%bx\n"
        "rcl_1:\n"
        "\tmovw $(rcl_2 - rcl_start), %di\n"
        "rcl_jmp_dir:\n"
        "\t.byte 0xe9\n\t.word 0x1000 - (rcl_jmp_dir + 3 - rcl_start)\n"
        "rcl_2:\n"
        "\tmovw $(rcl_3 - rcl_start), %di\n"
        "rcl_ljmp:\n"
        "\tljmp $0x0800, $0x1000\n"
        "rcl_3:\n"
        "\tmovw $(rcl_4 - rcl_start), %di\n"
        "rcl_lcall:\n"
        "\tlcall $0x0800, $0x1000\n"
        "rcl_4:\n"
        "\tmovw $(rcl_5 - rcl_start), %di\n"
        "\tpushw $0x0800\n\tpushw $0x1000\n"
        "rcl_lret:\n"
        "\tlret\n"
        "rcl_5:\n"
        "\taddw $4, %sp\n"
        "\tmovw $(rcl_6 - rcl_start), %di\n"
        "\tpushfw\n\tpushw $0x0800\n\tpushw $0x1000\n"
        "rcl_iret:\n"
        "\tiret\n"
        "rcl_6:\n"
        "\taddw $6, %sp\n"
        "\tmovw $(rcl_7 - rcl_start), %di\n"
        "rcl_ljmp32:\n"
        "\tljmpl $0x0800, $0x10000\n"
        "rcl_7:\n"
        "\tmovw $0x1234, 0x83e\n"               /* code under the limit still runs */
        "\tcli\n"
        "\tmovl %cr0, %eax\n"
        "\torl $1, %eax\n"
        "\tmovl %eax, %cr0\n"
        "\t.byte 0x66, 0xea\n\t.long rcl_back\n\t.word 0x08\n"
        "rcl_gp:\n"
        "\tincw 0x800\n"
        "\tmovw %sp, %bp\n"
        "\tmovw 0x800, %si\n"
        "\tshlw $2, %si\n"
        "\tmovw (%bp), %ax\n\tmovw %ax, 0x800(%si)\n"  /* return IP */
        "\tleaw 6(%bp), %ax\n\tmovw %ax, 0x802(%si)\n" /* SP before the #GP */
        "\taddw $6, %sp\n"
        "\tjmp *%di\n"
        "rcl_idt:\n\t.word 0x3ff\n\t.long 0\n"
        "rcl_end:\n"
        ".code32\n"
        "rcl_back:\n"
        "\tmovl $0x10, %eax\n"
        "\tmovl %eax, %ds\n\tmovl %eax, %es\n\tmovl %eax, %ss\n\tmovl %eax, %fs\n"
        "\tmovl %eax, %gs\n"
        "\tmovl saved_esp, %esp\n"
        "\tpopl %edi\n\tpopl %esi\n\tpopl %ebx\n\tpopl %ebp\n"
        "\tret\n"
        ".globl rcl_switch\n"
        "rcl_switch:\n"
        "\tpushl %ebp\n\tpushl %ebx\n\tpushl %esi\n\tpushl %edi\n"
        "\tmovl %esp, saved_esp\n"
        "\tljmp $0x30, $0\n");

void rcl_switch(void);

static uint16_t rm_word(int off)
{
    return *(volatile uint16_t *)(BLOB_BASE + DATA_OFF + off);
}

int main(void)
{
    extern char rcl_start[], rcl_end[], rcl_gp[], rcl_jmp_ind[], rcl_jmp_dir[], rcl_ljmp[],
        rcl_lcall[], rcl_lret[], rcl_iret[], rcl_ljmp32[];
    guest_puts("rm_cs_limit\n");
    pm_init();
    pm_set_desc(SEL_C16, pm_desc(BLOB_BASE, 0x0fff, ACC_CODE, FLG_16));
    pm_set_desc(SEL_D16, pm_desc(0, 0xffff, ACC_DATA, FLG_16));
    memcpy((void *)BLOB_BASE, rcl_start, (size_t)(rcl_end - rcl_start));
    memset((void *)(BLOB_BASE + DATA_OFF), 0, 64);
    volatile uint16_t *ivt = (volatile uint16_t *)(uintptr_t)ivt_addr;
    uint16_t old13[2] = {ivt[13 * 2], ivt[13 * 2 + 1]};
    ivt[13 * 2] = (uint16_t)(rcl_gp - rcl_start);
    ivt[13 * 2 + 1] = BLOB_SEG;

    rcl_switch();
    pm_lidt();
    ivt[13 * 2] = old13[0];
    ivt[13 * 2 + 1] = old13[1];
    guest_printf("#GP in real mode: %d\n", rm_word(0));
    guest_printf("JMP r/m16 to 0x1000: #GP at %x, sp %x\n", rm_word(4), rm_word(6));
    guest_printf("JMP rel16 to 0x1000: #GP at %x, sp %x\n", rm_word(8), rm_word(10));
    guest_printf("JMP ptr16:16 to 0x1000: #GP at %x, sp %x\n", rm_word(12), rm_word(14));
    guest_printf("CALL ptr16:16 to 0x1000: #GP at %x, sp %x\n", rm_word(16), rm_word(18));
    guest_printf("RETF to 0x1000: #GP at %x, sp %x\n", rm_word(20), rm_word(22));
    guest_printf("IRET to 0x1000: #GP at %x, sp %x\n", rm_word(24), rm_word(26));
    guest_printf("JMP ptr16:32 to 0x10000: #GP at %x, sp %x\n", rm_word(28), rm_word(30));
    guest_printf("code under the limit: %x\n", rm_word(0x3e));
    CHECK_EQ(rm_word(0), 7);
    CHECK_EQ(rm_word(4), (uint16_t)(rcl_jmp_ind - rcl_start));
    CHECK_EQ(rm_word(6), 0x0ff0);
    CHECK_EQ(rm_word(8), (uint16_t)(rcl_jmp_dir - rcl_start));
    CHECK_EQ(rm_word(10), 0x0ff0);
    CHECK_EQ(rm_word(12), (uint16_t)(rcl_ljmp - rcl_start));
    CHECK_EQ(rm_word(14), 0x0ff0);
    CHECK_EQ(rm_word(16), (uint16_t)(rcl_lcall - rcl_start));
    CHECK_EQ(rm_word(18), 0x0ff0); /* nothing pushed */
    CHECK_EQ(rm_word(20), (uint16_t)(rcl_lret - rcl_start));
    CHECK_EQ(rm_word(22), 0x0ff0 - 4); /* nothing popped */
    CHECK_EQ(rm_word(24), (uint16_t)(rcl_iret - rcl_start));
    CHECK_EQ(rm_word(26), 0x0ff0 - 6);
    CHECK_EQ(rm_word(28), (uint16_t)(rcl_ljmp32 - rcl_start));
    CHECK_EQ(rm_word(30), 0x0ff0);
    CHECK_EQ(rm_word(0x3e), 0x1234);
    return guest_result("rm_cs_limit");
}
