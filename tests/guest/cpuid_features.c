/*
 * cpuid_features.c - CPUID reports exactly what pcemu implements: vendor
 * GenuineIntel, max leaf 1, family 6 model 3 stepping 3, leaf 1 EDX =
 * PSE TSC MSR PAE CX8 SEP MTRR PGE CMOV (no FPU VME DE MCE APIC MCA PAT
 * PSE-36), ECX = 0, NX in leaf 0x80000001. Then two promises of those
 * bits: TSC includes CR4.TSD (RDTSC at CPL 3 raises #GP(0)), and CR4.DE,
 * not reported, cannot be set (#GP(0)).
 *
 * .no-qemu: QEMU has no CPU model with this exact set (pentium2 has FPU,
 * MMX, MCE...); the expected output is pcemu's, and the test checks the
 * values itself.
 */
#include "pm.h"

#define EDX_PSE  (1u << 3)
#define EDX_TSC  (1u << 4)
#define EDX_MSR  (1u << 5)
#define EDX_PAE  (1u << 6)
#define EDX_CX8  (1u << 8)
#define EDX_SEP  (1u << 11)
#define EDX_MTRR (1u << 12)
#define EDX_PGE  (1u << 13)
#define EDX_CMOV (1u << 15)

#define CR4_TSD (1u << 2)
#define CR4_DE  (1u << 3)

static const char *const edx_names[32] = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", "10", "sep",
    "mtrr", "pge", "mca", "cmov", "pat", "pse36", "psn", "clfsh", "20", "ds", "acpi", "mmx",
    "fxsr", "sse", "sse2", "ss", "htt", "tm", "30", "pbe"};

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

static uint32_t read_cr4(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr4, %0" : "=r"(v));
    return v;
}

static void write_cr4(uint32_t v)
{
    __asm__ volatile("movl %0, %%cr4" : : "r"(v));
}

static volatile uint32_t user_rdtsc_vec;

static uint32_t user(void)
{
    PM_EXPECT("rdtsc");
    user_rdtsc_vec = pm_last_vec;
    return 0;
}

int main(void)
{
    guest_puts("cpuid_features\n");
    pm_init();

    uint32_t r[4];
    char vendor[13];
    cpuid(0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = 0;
    guest_printf("leaf 0: max %x vendor %s\n", r[0], vendor);
    CHECK_EQ(r[0], 1);
    CHECK(strcmp(vendor, "GenuineIntel") == 0);

    cpuid(1, r);
    guest_printf("leaf 1: eax %x ebx %x ecx %x edx %x\n", r[0], r[1], r[2], r[3]);
    guest_printf("family %u model %u stepping %u\n", (r[0] >> 8) & 15, (r[0] >> 4) & 15,
                 r[0] & 15);
    guest_puts("edx:");
    for (int i = 0; i < 32; i++) {
        if (r[3] & (1u << i)) {
            guest_printf(" %s", edx_names[i]);
        }
    }
    guest_puts("\n");
    CHECK_EQ(r[0], 0x633);
    CHECK_EQ(r[2], 0);
    CHECK_EQ(r[3], EDX_PSE | EDX_TSC | EDX_MSR | EDX_PAE | EDX_CX8 | EDX_SEP | EDX_MTRR | EDX_PGE |
                       EDX_CMOV);

    cpuid(0x80000000u, r);
    guest_printf("leaf 80000000: max %x\n", r[0]);
    CHECK_EQ(r[0], 0x80000001u);
    cpuid(0x80000001u, r);
    guest_printf("leaf 80000001: ecx %x edx %x (nx %u)\n", r[2], r[3], (r[3] >> 20) & 1);
    CHECK_EQ(r[3], 1u << 20);

    /* TSC: CR4.TSD makes RDTSC privileged */
    write_cr4(read_cr4() | CR4_TSD);
    guest_printf("cr4.tsd set %u\n", (read_cr4() >> 2) & 1);
    pm_enter_user(user, pm_user_stack(), 0x0002);
    pm_report("rdtsc at cpl 3 with cr4.tsd");
    CHECK_EQ(user_rdtsc_vec, 13);
    CHECK_EQ(pm_last_err, 0);
    write_cr4(read_cr4() & ~CR4_TSD);
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    guest_printf("rdtsc at cpl 0: ok %d\n", lo != 0 || hi != 0);

    /* no DE: CR4.DE is reserved */
    uint32_t cr4 = read_cr4();
    PM_EXPECT("movl %%cr4, %%eax\n\torl $8, %%eax\n\tmovl %%eax, %%cr4");
    pm_report("set cr4.de");
    CHECK_EQ(pm_last_vec, 13);
    CHECK_EQ(read_cr4(), cr4);
    return guest_result("cpuid_features");
}
