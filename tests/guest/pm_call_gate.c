/*
 * pm_call_gate.c - far CALL and JMP through call gates: a 32-bit gate at
 * the same level (no stack switch), and from ring 3 to a ring-0 code
 * segment (stack from TSS.SS0:ESP0, old SS:ESP and CS:EIP pushed, CPL 0),
 * returning to ring 3 with a far RET. A gate with DPL 0 is not reachable
 * from ring 3 (#GP(gate)).
 */
#include "pm.h"

volatile uint32_t seen_cs, seen_ss, seen_ret_cs, seen_old_ss;

__asm__(".text\n"
        "gate_target:\n"
        "\tmovw %cs, seen_cs\n"
        "\tmovw %ss, seen_ss\n"
        "\tmovl 4(%esp), %eax\n"
        "\tmovl %eax, seen_ret_cs\n"
        "\tmovl 12(%esp), %eax\n"
        "\tmovl %eax, seen_old_ss\n"
        "\tlret\n"
        "jmp_target:\n"
        "\tmovw %cs, seen_cs\n"
        "\tljmp $0x08, $jmp_back\n");

static uint32_t user(void)
{
    __asm__ volatile("lcall $0x30, $0" ::: "eax", "memory");
    return 1;
}

static uint32_t user_bad(void)
{
    PM_EXPECT("lcall $0x38, $0");
    return 2;
}

int main(void)
{
    extern char gate_target[], jmp_target[];
    guest_puts("pm_call_gate\n");
    pm_init();
    pm_set_desc(0x30, pm_gate(SEL_KCODE, (uint32_t)gate_target, 12, 3, 0));
    pm_set_desc(0x38, pm_gate(SEL_KCODE, (uint32_t)gate_target, 12, 0, 0));
    pm_set_desc(0x40, pm_gate(SEL_KCODE, (uint32_t)jmp_target, 12, 0, 0));
    seen_old_ss = 0;
    __asm__ volatile("lcall $0x38, $0" ::: "eax", "memory");
    guest_printf("same level: cs %x ret cs %x\n", seen_cs, seen_ret_cs);
    CHECK_EQ(seen_ret_cs, SEL_KCODE);
    __asm__ volatile("ljmp $0x40, $0\njmp_back:\n" ::: "memory");
    guest_printf("jmp gate: cs %x\n", seen_cs);
    uint32_t r = pm_enter_user(user, pm_user_stack(), 0x3002);
    guest_printf("from ring 3: r %d cs %x ss %x ret cs %x old ss %x\n", r, seen_cs, seen_ss,
                 seen_ret_cs, seen_old_ss);
    CHECK_EQ(seen_cs, SEL_KCODE);
    CHECK_EQ(seen_ret_cs, SEL_UCODE);
    CHECK_EQ(seen_old_ss, SEL_UDATA);
    pm_enter_user(user_bad, pm_user_stack(), 0x3002);
    pm_report("ring 3, dpl0 gate");
    CHECK_EQ(pm_last_err, 0x38);
    return guest_result("pm_call_gate");
}
