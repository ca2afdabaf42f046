/*
 * pm_iopl_cli.c - CLI/STI at CPL 3: #GP(0) when CPL > IOPL, allowed with
 * IOPL 3; IN/OUT at CPL 3 with IOPL 0 and no I/O bitmap (TSS limit 103)
 * raise #GP(0); HLT at CPL 3 is always #GP(0).
 */
#include "pm.h"

static uint32_t user_iopl3(void)
{
    PM_EXPECT("cli");
    pm_report("cli iopl3");
    uint32_t f = read_eflags();
    return f;
}

int main(void)
{
    guest_puts("pm_iopl_cli\n");
    pm_init();
    pm_enter_user(user_iopl3, pm_user_stack(), 0x3002);
    /* at IOPL 0 the user code cannot print (COM1 is a port): count only */
    uint32_t before = pm_count[13];
    extern uint32_t run_iopl0(void);
    guest_printf("iopl0 #GPs: %d\n", run_iopl0() - before);
    CHECK_EQ(pm_count[13] - before, 4);
    return guest_result("pm_iopl_cli");
}

static uint32_t user_quiet(void)
{
    PM_EXPECT("cli");
    PM_EXPECT("sti");
    PM_EXPECT("inb $0x80, %%al");
    PM_EXPECT("hlt");
    return 0;
}

uint32_t run_iopl0(void)
{
    pm_enter_user(user_quiet, pm_user_stack(), 0x0002);
    return pm_count[13];
}
