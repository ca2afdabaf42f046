/*
 * pm_conforming.c - a conforming DPL0 code segment called from ring 3
 * runs at CPL 3 (CS.RPL keeps the caller's CPL, no stack switch); a
 * non-conforming DPL0 segment is refused (#GP(sel)); far RET returns.
 */
#include "pm.h"

volatile uint32_t conf_cs, conf_ss;

__asm__(".text\n"
        "conf_target:\n"
        "\tmovw %cs, conf_cs\n"
        "\tmovw %ss, conf_ss\n"
        "\tlret\n");

static uint32_t user(void)
{
    extern char conf_target[];
    struct { uint32_t off; uint16_t sel; } __attribute__((packed)) fp = {(uint32_t)conf_target,
                                                                         0x30};
    __asm__ volatile("lcall *%0" : : "m"(fp) : "memory");
    fp.sel = 0x08;
    pm_last_vec = 0xffffffffu;
    __asm__ volatile("movl $1f, pm_resume\n\tlcall *%0\n\tmovl $0, pm_resume\n1:\n"
                     : : "m"(fp) : "memory");
    return 0;
}

int main(void)
{
    guest_puts("pm_conforming\n");
    pm_init();
    pm_set_desc(0x30, pm_desc(0, 0xfffff, 0x9e, FLG_32)); /* conforming, readable */
    pm_enter_user(user, pm_user_stack(), 0x3002);
    guest_printf("conforming: cs %x ss %x\n", conf_cs, conf_ss);
    CHECK_EQ(conf_cs, 0x33);
    pm_report("non-conforming dpl0 from ring 3");
    CHECK_EQ(pm_last_err, 0x08);
    return guest_result("pm_conforming");
}
