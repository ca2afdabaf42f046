/*
 * msr_mtrr.c - the MTRR MSRs (SDM vol. 3, 11.11) as storage: IA32_MTRRCAP
 * reads VCNT 8, FIX and WC; every variable-range pair, every fixed-range
 * MTRR and IA32_MTRR_DEF_TYPE read back what was written, both halves.
 * QEMU needs -cpu pentium2 for MTRR (msr_mtrr.qemu-args). Reset values are
 * not printed: QEMU's SeaBIOS programs the MTRRs before the kernel runs.
 * The #GP cases (unknown MSRs, reserved bits) are in msr_gp: QEMU 7.2
 * reads unknown MSRs as 0 and ignores writes to them.
 */
#include "guest.h"

#define MSR_MTRRCAP       0xfe
#define MSR_MTRR_DEF_TYPE 0x2ff

static const uint32_t fixed_msrs[11] = {0x250, 0x258, 0x259, 0x268, 0x269, 0x26a,
                                        0x26b, 0x26c, 0x26d, 0x26e, 0x26f};

static void wrmsr(uint32_t msr, uint32_t lo, uint32_t hi)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"(lo), "d"(hi));
}

static void rdmsr(uint32_t msr, uint32_t *lo, uint32_t *hi)
{
    __asm__ volatile("rdmsr" : "=a"(*lo), "=d"(*hi) : "c"(msr));
}

/* Write, read back, print; returns 1 if it matched. */
static int roundtrip(uint32_t msr, uint32_t lo, uint32_t hi)
{
    uint32_t rlo, rhi;
    wrmsr(msr, lo, hi);
    rdmsr(msr, &rlo, &rhi);
    guest_printf("msr %x = %x:%08x\n", msr, rhi, rlo);
    return rlo == lo && rhi == hi;
}

int main(void)
{
    guest_puts("msr_mtrr\n");

    uint32_t lo, hi;
    rdmsr(MSR_MTRRCAP, &lo, &hi);
    guest_printf("mtrrcap %x:%08x vcnt %u fix %u wc %u\n", hi, lo, lo & 0xff, (lo >> 8) & 1,
                 (lo >> 10) & 1);
    CHECK_EQ(lo & 0xff, 8);
    CHECK_EQ((lo >> 8) & 1, 1);
    CHECK_EQ((lo >> 10) & 1, 1);

    /* MTRRs off while we scribble on them, as a BIOS would */
    CHECK(roundtrip(MSR_MTRR_DEF_TYPE, 0x000, 0));
    for (uint32_t i = 0; i < 8; i++) {
        /* base i * 16 MiB, type WB/WC/WT/WP/UC in turn; mask 16 MiB, V */
        static const uint32_t types[5] = {6, 1, 4, 5, 0};
        CHECK(roundtrip(0x200 + 2 * i, (i << 24) | types[i % 5], i & 1));
        CHECK(roundtrip(0x201 + 2 * i, 0xff000800u, 0xf));
    }
    for (uint32_t i = 0; i < 11; i++) {
        uint32_t t = i & 1 ? 0x06050401u : 0x00010406u; /* byte = type of a sub-range */
        CHECK(roundtrip(fixed_msrs[i], t, i & 1 ? 0x04060100u : 0x01000605u));
    }
    CHECK(roundtrip(MSR_MTRR_DEF_TYPE, 0xc06, 0)); /* E, FE, default WB */
    CHECK(roundtrip(MSR_MTRR_DEF_TYPE, 0x000, 0));

    return guest_result("msr_mtrr");
}
