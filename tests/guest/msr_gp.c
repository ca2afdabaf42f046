/*
 * msr_gp.c - RDMSR/WRMSR raise #GP(0) (through the IDT) on an MSR pcemu
 * does not implement, on a write to the read-only IA32_MTRRCAP, and on a
 * reserved bit or undefined memory type in an MTRR (SDM vol. 3, 11.11.2:
 * types 2, 3 and 7-255 are reserved); a faulting WRMSR leaves the MSR
 * unchanged. IA32_PAT (0x277) is not implemented (CPUID has no PAT).
 *
 * .no-qemu: QEMU 7.2 reads unknown MSRs as 0, ignores writes to them and
 * does not check MTRR values; the expected output is pcemu's.
 */
#include "pm.h"

/* One RDMSR or WRMSR of ecx = msr with edx:eax = hi:lo; the vector it raised. */
static uint32_t msr_fault(int write, uint32_t msr, uint32_t lo, uint32_t hi)
{
    pm_last_vec = 0xffffffffu;
    pm_last_err = 0xffffffffu;
    if (write) {
        __asm__ volatile("movl $1f, pm_resume\n\twrmsr\n\tmovl $0, pm_resume\n1:\n"
                         : : "c"(msr), "a"(lo), "d"(hi) : "memory");
    } else {
        __asm__ volatile("movl $1f, pm_resume\n\trdmsr\n\tmovl $0, pm_resume\n1:\n"
                         : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
    }
    guest_printf("%s %x (%x:%08x): %s err=%x\n", write ? "wrmsr" : "rdmsr", msr, hi, lo,
                 pm_last_vec == 0xffffffffu ? "no fault" : pm_vec_name(pm_last_vec), pm_last_err);
    return pm_last_vec;
}

static uint32_t rdmsr_lo(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return lo;
}

int main(void)
{
    guest_puts("msr_gp\n");
    pm_init();
    static const uint32_t unknown[] = {0x0, 0x2c0, 0x277, 0x1a0, 0x179, 0xc0000081u, 0x40000000u};
    for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        CHECK_EQ(msr_fault(0, unknown[i], 0, 0), 13);
        CHECK_EQ(pm_last_err, 0);
        CHECK_EQ(msr_fault(1, unknown[i], 0, 0), 13);
    }
    CHECK_EQ(msr_fault(1, 0xfe, 0x508, 0), 13); /* MTRRCAP is read-only */

    /* MTRRs: valid values pass, reserved bits and types fault */
    CHECK_EQ(msr_fault(1, 0x2ff, 0xc06, 0), 0xffffffffu);
    CHECK_EQ(msr_fault(1, 0x2ff, 0x002, 0), 13);  /* type 2 */
    CHECK_EQ(msr_fault(1, 0x2ff, 0x100, 0), 13);  /* bit 8 */
    CHECK_EQ(rdmsr_lo(0x2ff), 0xc06);
    CHECK_EQ(msr_fault(1, 0x200, 0x00000007, 0), 13); /* type 7 */
    CHECK_EQ(msr_fault(1, 0x200, 0x00000106, 0), 13); /* bit 8 */
    CHECK_EQ(msr_fault(1, 0x200, 0x00000006, 0x10), 13); /* above MAXPHYADDR 36 */
    CHECK_EQ(msr_fault(1, 0x201, 0xff000400, 0xf), 13); /* bit 10 */
    CHECK_EQ(msr_fault(1, 0x201, 0xff000800, 0xf), 0xffffffffu);
    CHECK_EQ(msr_fault(1, 0x250, 0x06060606, 0x06060306), 13); /* a type-3 byte */
    CHECK_EQ(msr_fault(1, 0x26f, 0x06060606, 0x06060606), 0xffffffffu);
    CHECK_EQ(msr_fault(1, 0x2ff, 0, 0), 0xffffffffu);
    return guest_result("msr_gp");
}
