/*
 * pm_v86_iopl.c - IOPL-sensitive instructions in virtual-8086 mode with
 * IOPL 0: CLI, STI, PUSHF, POPF, INT n and IRET raise #GP(0) (SDM 20.2.7);
 * IN/OUT are checked against the TSS I/O bitmap instead (none here:
 * #GP); HLT is privileged (#GP). The handler skips each one.
 */
#include "pm_v86.h"

static volatile uint32_t skipped[16], nskip;

static int hook(PMFrame *f)
{
    if (f->vec != 13) {
        return 0;
    }
    uint8_t op = *(volatile uint8_t *)(f->cs * 16 + f->eip);
    if (nskip < 16) {
        skipped[nskip++] = op | (f->err << 8);
    }
    if (op == 0xf4) {
        pm_leave(f);
        return 1;
    }
    f->eip += (op == 0xcd || op == 0xe4 || op == 0x66) ? 2 : 1;
    return 1;
}

__asm__(".text\n.code16\n"
        "v86_start:\n"
        "\tcli\n"
        "\tsti\n"
        "\tpushfw\n"
        "\tpopfw\n"
        "\tint $0x30\n"
        "\tiretw\n"
        "\tinb $0x80, %al\n"
        "\tmovw $0x3f8, %dx\n"
        "\toutb %al, %dx\n"
        "\thlt\n"
        "v86_end:\n.code32\n");

int main(void)
{
    extern char v86_start[], v86_end[];
    guest_puts("pm_v86_iopl\n");
    pm_init();
    pm_hook = hook;
    pm_run_v86(v86_start, v86_end, 0x0002);
    guest_printf("#GP count %d\n", pm_count[13]);
    for (uint32_t i = 0; i < nskip; i++) {
        guest_printf("  opcode %02x err %x\n", skipped[i] & 0xff, skipped[i] >> 8);
    }
    CHECK_EQ(pm_count[13], 9);
    return guest_result("pm_v86_iopl");
}
