/*
 * pm_stack_limit.c - limit checks on the stack accesses the CPU makes
 * inside far CALL, far RET, IRET, ENTER, call gates and interrupt
 * delivery (SDM vol. 3, 5.3, and the instructions' protected-mode
 * exceptions):
 *   - on the current stack: #SS(0) (far CALL, far RET, IRET, ENTER's new
 *     ESP and its frame-pointer copy);
 *   - on the inner stack of a stack switch (call gate, INT n through an
 *     interrupt gate), taken from the TSS: #SS(new SS selector) when the
 *     frame does not fit, #TS(new SS) when SS is not a writable data
 *     segment of the right privilege.
 * The faulting EIP is the instruction's, ESP is unchanged.
 *
 * The ring-3 cases fault onto the ring-0 stack; the stack switches go to
 * ring 1 (TSS SS1:ESP1), so the #SS they raise is delivered on the good
 * ring-0 stack. QEMU checks none of these limits (NAME.no-qemu): the
 * test checks each answer itself.
 */
#include "pm.h"

#define SEL_CODE1 0x30 /* code32 DPL1 flat */
#define SEL_STK1  0x38 /* data DPL1, base stk1, limit 0xFFF */
#define SEL_GATE  0x40 /* call gate DPL3 -> SEL_CODE1:ring1_entry */
#define SEL_STK3  0x50 /* data DPL3, base stk3, limit 0xFFF */
#define SEL_CODE1_RO 0x58 /* code DPL1: not a stack */
#define VEC_R1    0x31 /* interrupt gate DPL3 -> SEL_CODE1:ring1_entry */

uint8_t stk1[8192] __attribute__((aligned(4096)));
uint8_t stk3[8192] __attribute__((aligned(4096)));
volatile uint32_t saved_esp, esp_after, r1_calls;

/* ring 1 (DS is the ring-3 flat data): count, then back to ring 3 (through the far RET / IRET) */
__asm__(".text\n"
        "ring1_entry:\n"
        "\tincl r1_calls\n"
        "\tlret\n"
        "ring1_isr:\n"
        "\tincl r1_calls\n"
        "\tiret\n");

/* One ring-3 case: load SS = SEL_STK3 with ESP = esp, run insns (label
 * f_NAME marks the faulting instruction), record ESP after the resume,
 * restore the flat stack. */
#define STK3_CASE(name, esp, insns)                                                                \
    __asm__ volatile("movl %%esp, saved_esp\n\t"                                                   \
                     "movl $1f, pm_resume\n\t"                                                     \
                     "movl $" #esp ", %%eax\n\t"                                                   \
                     "movl $0x53, %%edx\n\tmovl %%edx, %%ss\n\tmovl %%eax, %%esp\n"                \
                     "f_" #name ":\t" insns "\n\tmovl $0, pm_resume\n"                             \
                     "1:\tmovl %%esp, esp_after\n\t"                                               \
                     "movl $0x23, %%edx\n\tmovl %%edx, %%ss\n\tmovl saved_esp, %%esp\n"            \
                     : : : "eax", "ecx", "edx", "memory")

extern char f_lcall[], f_lret[], f_iret[], f_enter_esp[], f_enter_copy[];
extern char f_gate[], f_int[], f_gate_ok[];
volatile uint32_t res[8][4];

static void rec(int i, uint32_t esp)
{
    res[i][0] = pm_last_vec;
    res[i][1] = pm_last_err;
    res[i][2] = pm_last_eip;
    res[i][3] = esp_after == esp;
    pm_last_vec = 0xffffffffu;
}

static uint32_t user(void)
{
    /* far CALL: CS fits at 0x0, EIP would go to -4 */
    STK3_CASE(lcall, 4, "lcall $0x1b, $0");
    rec(0, 4);
    /* far RET: EIP at 0xFFC, CS at 0x1000 is past the limit */
    STK3_CASE(lret, 0xffc, "lret");
    rec(1, 0xffc);
    /* IRET: EFLAGS at 0x1000 */
    STK3_CASE(iret, 0xff8, "iret");
    rec(2, 0xff8);
    /* ENTER $16, $0: EBP pushed at 8, the new ESP (-8) is outside */
    STK3_CASE(enter_esp, 12, "enter $16, $0");
    rec(3, 12);
    /* ENTER $0, $2: the copy of [EBP-4] with EBP = 0x2000 is outside */
    STK3_CASE(enter_copy, 0x800, "movl $0x2000, %%ebp\nf_enter_copy2:\tenter $0, $2");
    rec(4, 0x800);
    /* call gate to ring 1: SS1:ESP1 = SEL_STK1:8 holds SS and ESP only */
    PM_EXPECT("f_gate:\tlcall $0x43, $0");
    rec(5, 0);
    /* INT to ring 1 through an interrupt gate: same stack */
    PM_EXPECT("f_int:\tint $0x31");
    rec(6, 0);
    return 0;
}

static uint32_t user_ok(void)
{
    __asm__ volatile("lcall $0x43, $0\n\tint $0x31" : : : "memory");
    return 0;
}

static uint32_t user_ts(void)
{
    PM_EXPECT("f_gate_ok:\tlcall $0x43, $0");
    rec(7, 0);
    return 0;
}

int main(void)
{
    guest_puts("pm_stack_limit\n");
    pm_init();
    pm_set_desc(SEL_CODE1, pm_desc(0, 0xfffff, ACC_CODE | ACC_DPL(1), FLG_32));
    pm_set_desc(SEL_STK1, pm_desc((uint32_t)stk1, 0xfff, ACC_DATA | ACC_DPL(1), 0x40));
    pm_set_desc(SEL_STK3, pm_desc((uint32_t)stk3, 0xfff, ACC_DATA | ACC_DPL(3), 0x40));
    pm_set_desc(SEL_CODE1_RO, pm_desc(0, 0xfffff, ACC_CODE | ACC_DPL(1), FLG_32));
    extern char ring1_entry[], ring1_isr[];
    pm_gdt[SEL_GATE >> 3] = pm_gate(SEL_CODE1 | 1, (uint32_t)ring1_entry, 12, 3, 0);
    pm_set_gate(VEC_R1, pm_gate(SEL_CODE1, (uint32_t)ring1_isr, 14, 3, 0));
    pm_tss.ss1 = SEL_STK1 | 1;
    pm_tss.esp1 = 8;
    pm_enter_user(user, pm_user_stack(), 0x2);

    static const char *const names[7] = {"lcall", "lret", "iret", "enter esp", "enter copy",
                                         "call gate", "int"};
    uint32_t want_eip[7] = {(uint32_t)f_lcall, (uint32_t)f_lret, (uint32_t)f_iret,
                            (uint32_t)f_enter_esp, 0, (uint32_t)f_gate, (uint32_t)f_int};
    extern char f_enter_copy2[];
    want_eip[4] = (uint32_t)f_enter_copy2;
    for (int i = 0; i < 7; i++) {
        uint32_t err = i < 5 ? 0 : SEL_STK1;
        guest_printf("%s: %s err=%04x eip ok %d", names[i], pm_vec_name(res[i][0]), res[i][1],
                     res[i][2] == want_eip[i]);
        guest_printf(i < 5 ? " esp kept %d\n" : "\n", res[i][3]);
        CHECK_EQ(res[i][0], 12);
        CHECK_EQ(res[i][1], err);
        CHECK_EQ(res[i][2], want_eip[i]);
        if (i < 5) {
            CHECK_EQ(res[i][3], 1);
        }
    }

    /* with room for the frame, both stack switches work */
    pm_tss.esp1 = 0x1000;
    pm_enter_user(user_ok, pm_user_stack(), 0x2);
    guest_printf("ring 1 entered %d times\n", r1_calls);
    CHECK_EQ(r1_calls, 2);

    /* SS1 a code segment: #TS(SS1) */
    pm_tss.ss1 = SEL_CODE1_RO | 1;
    pm_enter_user(user_ts, pm_user_stack(), 0x2);
    guest_printf("code SS1: %s err=%04x eip ok %d\n", pm_vec_name(res[7][0]), res[7][1],
                 res[7][2] == (uint32_t)f_gate_ok);
    CHECK_EQ(res[7][0], 10);
    CHECK_EQ(res[7][1], SEL_CODE1_RO);
    return guest_result("pm_stack_limit");
}
