/*
 * pm_v86_enter_exit.c - enter virtual-8086 mode with IRET (VM=1 in the
 * popped EFLAGS at CPL 0: EIP CS EFLAGS ESP SS ES DS FS GS), run 16-bit
 * code with real-mode addressing (segment * 16 + offset), read CS and
 * FLAGS there, and leave through INT 0x81 to a ring-0 handler (which
 * sees EFLAGS.VM=1 in its frame).
 */
#include "pm_v86.h"

__asm__(".text\n.code16\n"
        "v86_start:\n"
        "\tmovw $0x1234, %ax\n"
        "\taddw $0x1111, %ax\n"
        "\tmovw %ax, 0x100\n"
        "\tmovw %cs, %bx\n"
        "\tmovw %bx, 0x102\n"
        "\tpushfw\n"
        "\tpopw %cx\n"
        "\tmovw %cx, 0x104\n"
        "\tmovw %sp, 0x106\n"
        "\tmovw $0x1ff0, %dx\n"
        "\tmovw %dx, %es\n"
        "\tmovw %es:0x200, %si\n" /* 0x1ff00 + 0x200: the word at 0x100 */
        "\tmovw %si, 0x108\n"
        "\tint $0x81\n"
        "v86_end:\n.code32\n");

int main(void)
{
    extern char v86_start[], v86_end[];
    guest_puts("pm_v86_enter_exit\n");
    pm_init();
    pm_run_v86(v86_start, v86_end, 0x3002);
    guest_printf("v86: ax %x cs %x flags %x sp %x es-read %x\n", pm_v86_word(0), pm_v86_word(2),
                 pm_v86_word(4), pm_v86_word(6), pm_v86_word(8));
    uint32_t cs;
    __asm__ volatile("movl %%cs, %0" : "=r"(cs));
    guest_printf("back in pm: cs %x\n", cs);
    CHECK_EQ(pm_v86_word(0), 0x2345);
    CHECK_EQ(pm_v86_word(2), PM_V86_SEG);
    return guest_result("pm_v86_enter_exit");
}
