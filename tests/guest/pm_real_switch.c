/*
 * pm_real_switch.c - protected mode -> real mode -> protected mode (SDM
 * vol. 3, 9.9.2 "Switching back to real-address mode"): a far jump to a
 * 16-bit code segment, 16-bit data segments with 64 KiB limits, LIDT of
 * the real-mode IVT, CR0.PE cleared, a far jump to a real-mode CS. In
 * real mode: segment * 16 addressing and INT 0x40 through the IVT (the
 * handler sees the return address and the flags, IRET comes back).
 * Then PE is set again, a far jump reloads CS with a 32-bit selector, the
 * data segments and our IDT are reloaded, and an INT3 goes through it.
 */
#include "pm.h"

#define BLOB_BASE 0x8000 /* linear address of the 16-bit code */
#define BLOB_SEG  0x0800
#define DATA_OFF  0x0800 /* results, at BLOB_BASE + DATA_OFF */
#define SEL_C16   0x30   /* code, 16-bit, base BLOB_BASE, limit 0xFFFF */
#define SEL_D16   0x38   /* data, 16-bit, base 0, limit 0xFFFF */

volatile uint32_t saved_esp;
volatile uint32_t ivt_addr = 0; /* the real-mode IVT (a variable: gcc warns on a constant 0) */

/* The blob: entered in 16-bit protected mode at offset 0 (CS = SEL_C16);
 * leaves through a 32-bit far jump to pm_back. */
__asm__(".text\n.code16\n"
        "blob_start:\n"
        "\tmovw $0x38, %ax\n"
        "\tmovw %ax, %ds\n\tmovw %ax, %es\n\tmovw %ax, %ss\n\tmovw %ax, %fs\n\tmovw %ax, %gs\n"
        "\tlidtw %cs:(rm_idt - blob_start)\n"
        "\tmovl %cr0, %eax\n"
        "\tandl $0xfffffffe, %eax\n"
        "\tmovl %eax, %cr0\n"
        "\tljmp $0x0800, $(rm_entry - blob_start)\n"
        "rm_entry:\n"
        "\tmovw %cs, %ax\n"
        "\tmovw %ax, %ds\n\tmovw %ax, %ss\n"
        "\tmovw $0xfff0, %sp\n"
        "\tmovw %cs, 0x800\n"                    /* CS in real mode */
        "\tmovw $0x0900, %ax\n"
        "\tmovw %ax, %es\n"
        "\tmovw $0x5a5a, %es:0x10\n"             /* linear 0x9010 */
        "\tmovw $0x1111, %ax\n"
        "\tstc\n\tstd\n"                          /* CF DF survive INT and IRET */
        "\tint $0x40\n"
        "rm_after_int:\n"
        "\tmovw %ax, 0x802\n"                    /* AX from the handler */
        "\tpushfw\n\tpopw 0x804\n"               /* flags after IRET */
        "\tcld\n"
        "\tmovw %sp, 0x806\n"
        "\tcli\n"
        "\tmovl %cr0, %eax\n"
        "\torl $1, %eax\n"
        "\tmovl %eax, %cr0\n"
        "\t.byte 0x66, 0xea\n\t.long pm_back\n\t.word 0x08\n"
        "rm_int40:\n"
        "\tmovw %sp, %bp\n"
        "\tmovw (%bp), %ax\n\tmovw %ax, 0x808\n"   /* return IP */
        "\tmovw 2(%bp), %ax\n\tmovw %ax, 0x80a\n"  /* return CS */
        "\tpushfw\n\tpopw 0x80c\n"                /* flags in the handler */
        "\tmovw $0xbeef, %ax\n"
        "\tiret\n"
        "rm_idt:\n\t.word 0x3ff\n\t.long 0\n"
        "blob_end:\n"
        ".code32\n"
        "pm_back:\n"
        "\tmovl $0x10, %eax\n"
        "\tmovl %eax, %ds\n\tmovl %eax, %es\n\tmovl %eax, %ss\n\tmovl %eax, %fs\n"
        "\tmovl %eax, %gs\n"
        "\tmovl saved_esp, %esp\n"
        "\tpopl %edi\n\tpopl %esi\n\tpopl %ebx\n\tpopl %ebp\n"
        "\tret\n"
        /* void switch_to_real(void) */
        ".globl switch_to_real\n"
        "switch_to_real:\n"
        "\tpushl %ebp\n\tpushl %ebx\n\tpushl %esi\n\tpushl %edi\n"
        "\tmovl %esp, saved_esp\n"
        "\tljmp $0x30, $0\n");

void switch_to_real(void);

static uint16_t rm_word(int off)
{
    return *(volatile uint16_t *)(BLOB_BASE + DATA_OFF + off);
}

int main(void)
{
    extern char blob_start[], blob_end[], rm_int40[], rm_after_int[];
    guest_puts("pm_real_switch\n");
    pm_init();
    pm_set_desc(SEL_C16, pm_desc(BLOB_BASE, 0xffff, ACC_CODE, FLG_16));
    pm_set_desc(SEL_D16, pm_desc(0, 0xffff, ACC_DATA, FLG_16));
    memcpy((void *)BLOB_BASE, blob_start, (size_t)(blob_end - blob_start));
    memset((void *)(BLOB_BASE + DATA_OFF), 0, 16);
    *(volatile uint16_t *)0x9010 = 0;
    /* IVT entry 0x40 -> BLOB_SEG:rm_int40 */
    volatile uint16_t *ivt = (volatile uint16_t *)(uintptr_t)ivt_addr;
    ivt[0x40 * 2] = (uint16_t)(rm_int40 - blob_start);
    ivt[0x40 * 2 + 1] = BLOB_SEG;

    switch_to_real();
    pm_lidt();
    uint32_t cs;
    __asm__ volatile("movl %%cs, %0" : "=r"(cs));
    guest_printf("back in protected mode: cs %x\n", cs);
    guest_printf("real mode: cs %x, es:0x10 -> %x\n", rm_word(0), *(volatile uint16_t *)0x9010);
    guest_printf("int 0x40: ax %x, return %x:%x, handler flags %x\n", rm_word(2), rm_word(10),
                 rm_word(8), rm_word(12) & 0x0701);
    guest_printf("after iret: flags %x, sp %x\n", rm_word(4) & 0x0701, rm_word(6));
    CHECK_EQ(cs, SEL_KCODE);
    CHECK_EQ(rm_word(0), BLOB_SEG);
    CHECK_EQ(*(volatile uint16_t *)0x9010, 0x5a5a);
    CHECK_EQ(rm_word(2), 0xbeef);
    CHECK_EQ(rm_word(8), (uint16_t)(rm_after_int - blob_start));
    CHECK_EQ(rm_word(10), BLOB_SEG);
    CHECK_EQ(rm_word(12) & 0x0701, 0x0401);
    CHECK_EQ(rm_word(4) & 0x0701, 0x0401);
    CHECK_EQ(rm_word(6), 0xfff0);
    __asm__ volatile("int3");
    guest_printf("int3 in protected mode: %d\n", pm_count[3]);
    CHECK_EQ(pm_count[3], 1);
    return guest_result("pm_real_switch");
}
