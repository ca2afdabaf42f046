/*
 * pm_align_check.c - #AC (SDM vol. 3, 6.15 "Interrupt 17"): with CR0.AM
 * and EFLAGS.AC set, a word or dword data access at CPL 3 whose address
 * is not a multiple of its size raises #AC(0) with EIP at the
 * instruction: loads, stores, pushes, string elements. Byte accesses,
 * aligned ones, CPL 0, AC clear or AM clear: no fault.
 *
 * QEMU does not model alignment checking (NAME.no-qemu).
 */
#include "pm.h"

uint8_t abuf[64] __attribute__((aligned(16)));
uint8_t abuf2[64] __attribute__((aligned(16)));
volatile uint32_t saved_esp;
volatile uint32_t res[8][3];

#define AC_CASE(name, insns)                                                                       \
    __asm__ volatile("movl %%esp, saved_esp\n\tmovl $1f, pm_resume\n\t"                            \
                     "movl $abuf, %%ecx\n"                                                         \
                     "f_" #name ":\t" insns "\n\tmovl $0, pm_resume\n"                             \
                     "1:\tmovl saved_esp, %%esp\n"                                                 \
                     : : : "eax", "ecx", "edx", "esi", "edi", "memory")

extern char f_ld32[], f_ld32ok[], f_st16[], f_st8[], f_push[], f_movsd[], f_noac[], f_cmpxchg8b[];

static void rec(int i)
{
    res[i][0] = pm_last_vec;
    res[i][1] = pm_last_err;
    res[i][2] = pm_last_eip;
    pm_last_vec = 0xffffffffu;
}

static uint32_t user(void)
{
    pm_last_vec = 0xffffffffu;
    AC_CASE(ld32, "movl 1(%%ecx), %%eax");
    rec(0);
    AC_CASE(ld32ok, "movl 4(%%ecx), %%eax");
    rec(1);
    AC_CASE(st16, "movw %%ax, 3(%%ecx)");
    rec(2);
    AC_CASE(st8, "movb %%al, 3(%%ecx)");
    rec(3);
    AC_CASE(push, "subl $2, %%esp\n\tpushl %%eax");
    rec(4);
    AC_CASE(movsd, "leal 2(%%ecx), %%esi\n\tmovl $abuf2, %%edi\n\tmovl $2, %%ecx\n\trep movsl");
    rec(5);
    AC_CASE(cmpxchg8b, "movl %%ecx, %%esi\n\tcmpxchg8b 4(%%esi)");
    rec(6);
    /* AC off (POPF at CPL 3 may change it): no fault */
    AC_CASE(noac, "pushfl\n\tandl $~0x40000, (%%esp)\n\tpopfl\n\tmovl 1(%%ecx), %%eax\n\t"
                  "pushfl\n\torl $0x40000, (%%esp)\n\tpopfl");
    rec(7);
    return 0;
}

static uint32_t user_noam(void)
{
    pm_last_vec = 0xffffffffu;
    AC_CASE(noam, "movl 1(%%ecx), %%eax");
    return pm_last_vec;
}

int main(void)
{
    guest_puts("pm_align_check\n");
    pm_init();
    uint32_t cr0;
    __asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("movl %0, %%cr0" : : "r"(cr0 | 0x40000u)); /* AM */
    /* CPL 0 with AC set: never checked */
    pm_last_vec = 0xffffffffu;
    __asm__ volatile("pushfl\n\torl $0x40000, (%%esp)\n\tpopfl\n\t"
                     "movl abuf+1, %%eax\n\t"
                     "pushfl\n\tandl $~0x40000, (%%esp)\n\tpopfl" : : : "eax", "memory", "cc");
    pm_report("cpl 0");
    CHECK_EQ(pm_last_vec, 0xffffffffu);

    pm_enter_user(user, pm_user_stack(), 0x40002);
    static const char *const names[8] = {"load dword +1", "load dword +4", "store word +3",
                                         "store byte +3", "push at esp-2", "rep movsd from +2",
                                         "cmpxchg8b +4", "AC clear"};
    static const int faults[8] = {1, 0, 1, 0, 1, 1, 1, 0};
    uint32_t eips[8] = {(uint32_t)f_ld32, 0, (uint32_t)f_st16, 0, (uint32_t)f_push + 3,
                        (uint32_t)f_movsd + 13, (uint32_t)f_cmpxchg8b + 2, 0};
    for (int i = 0; i < 8; i++) {
        if (res[i][0] == 0xffffffffu) {
            guest_printf("%s: no exception\n", names[i]);
        } else {
            guest_printf("%s: %s err=%04x eip ok %d\n", names[i], pm_vec_name(res[i][0]),
                         res[i][1], res[i][2] == eips[i]);
        }
        CHECK_EQ(res[i][0], faults[i] ? 17 : 0xffffffffu);
        if (faults[i]) {
            CHECK_EQ(res[i][1], 0);
            CHECK_EQ(res[i][2], eips[i]);
        }
    }
    __asm__ volatile("movl %0, %%cr0" : : "r"(cr0 & ~0x40000u));
    uint32_t v = pm_enter_user(user_noam, pm_user_stack(), 0x40002);
    guest_printf("AM clear: %s\n", v == 0xffffffffu ? "no exception" : pm_vec_name(v));
    CHECK_EQ(v, 0xffffffffu);
    return guest_result("pm_align_check");
}
