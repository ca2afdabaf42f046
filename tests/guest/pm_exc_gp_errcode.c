/*
 * pm_exc_gp_errcode.c - #GP error codes (SDM vol. 3, 6.13): a selector
 * beyond the GDT limit, a system descriptor in DS, a null SS, a data
 * segment as a far jump target, a code segment that is not readable in
 * DS, an INT to a vector beyond the IDT limit (IDT bit set), an INT to a
 * DPL0 gate from ring 3 (vector*8+2), and MOV CR0 at CPL 3 (zero).
 */
#include "pm.h"

static uint32_t user_int(void)
{
    PM_EXPECT("int $0x31");
    return 0;
}

static uint32_t user_cr0(void)
{
    PM_EXPECT("movl %%cr0, %%eax");
    return 0;
}

int main(void)
{
    guest_puts("pm_exc_gp_errcode\n");
    pm_init();
    pm_set_desc(0x30, pm_desc(0, 0xfffff, 0x9a & ~0x02, FLG_32)); /* execute-only code */
    PM_EXPECT("movl $0x1f8, %%eax\n\tmovl %%eax, %%ds");
    pm_report("ds beyond gdt");
    CHECK_EQ(pm_last_err, 0x1f8);
    PM_EXPECT("movl $0x28, %%eax\n\tmovl %%eax, %%ds");
    pm_report("ds = tss");
    CHECK_EQ(pm_last_err, 0x28);
    PM_EXPECT("movl $0, %%eax\n\tmovl %%eax, %%ss");
    pm_report("ss = null");
    CHECK_EQ(pm_last_err, 0);
    PM_EXPECT("ljmp $0x10, $0");
    pm_report("ljmp data");
    CHECK_EQ(pm_last_err, 0x10);
    PM_EXPECT("movl $0x30, %%eax\n\tmovl %%eax, %%es");
    pm_report("es = exec-only code");
    CHECK_EQ(pm_last_err, 0x30);
    PM_EXPECT("movl $0x23, %%eax\n\tmovl %%eax, %%ds"); /* DPL3 data OK */
    pm_report("ds = dpl3 data");
    __asm__ volatile("movl $0x10, %%eax\n\tmovl %%eax, %%ds" : : : "eax");
    pm_report("restore ds");
    pm_set_isr(0x31, (void (*)(void))0, 14, 0);
    pm_enter_user(user_int, pm_user_stack(), 0x3002);
    pm_report("ring3 int to dpl0 gate");
    CHECK_EQ(pm_last_err, 0x31 * 8 + 2);
    pm_enter_user(user_cr0, pm_user_stack(), 0x3002);
    pm_report("ring3 mov cr0");
    CHECK_EQ(pm_last_err, 0);
    {
        DescPtr p = {0x40 * 8 - 1, (uint32_t)pm_idt};
        __asm__ volatile("lidt %0" : : "m"(p));
    }
    PM_EXPECT("int $0x41");
    pm_report("int beyond idt");
    CHECK_EQ(pm_last_err, 0x41 * 8 + 2);
    CHECK_EQ(pm_count[13], 8);
    return guest_result("pm_exc_gp_errcode");
}
