/*
 * tb_halve.c - one straight line of 3200 memory-heavy instructions with no
 * branch: the translator's "TB too big, halve max_insns and retry" path
 * (DESIGN.md 2, step 4, return value -2; tb_halve.stats checks that the
 * retry_halve counter moved).
 *
 * Each group of four is
 *     addl %eax, d1(%ebx,%ecx,4)    add to memory, CF out
 *     adcl d2(%ebx,%ecx,4), %eax    consumes that CF
 *     xorl %eax, d3(%ebx,%ecx,4)
 *     addl $imm, %eax
 * with displacements and immediates varying per group, so nothing can be
 * folded away. A C model of the same sequence checks EAX and the memory.
 */
#include "guest.h"

#define NGROUPS 800
#define NWORDS  34 /* ECX = 2 plus 32 slots */

__asm__(".text\n"
        ".globl straight_line\n"
        "straight_line:\n" /* EAX = state, EBX = memory, ECX = 2 */
        "    .set i, 0\n"
        "    .rept 800\n"
        "    addw %ax, (((i * 5 + 1) & 31) * 4)(%ebx,%ecx,4)\n"
        "    adcw (((i * 11 + 7) & 31) * 4)(%ebx,%ecx,4), %ax\n"
        "    xorw %ax, (((i * 3 + 17) & 31) * 4)(%ebx,%ecx,4)\n"
        "    addw %ax, (((i * 13 + 5) & 31) * 4)(%ebx,%ecx,4)\n"
        "    .set i, i + 1\n"
        "    .endr\n"
        "    ret\n");

static uint32_t run_line(uint32_t eax, uint32_t *mem)
{
    __asm__ volatile("call straight_line" : "+a"(eax) : "b"(mem), "c"(2) : "memory", "cc", "edx");
    return eax;
}

static uint32_t model(uint32_t eax, uint32_t *mem)
{
    for (uint32_t i = 0; i < NGROUPS; i++) {
        uint32_t *m1 = &mem[2 + ((i * 5 + 1) & 31)];
        uint32_t *m2 = &mem[2 + ((i * 11 + 7) & 31)];
        uint32_t *m3 = &mem[2 + ((i * 3 + 17) & 31)];
        uint32_t s = (uint32_t)*(uint16_t *)m1 + (uint16_t)eax;
        *(uint16_t *)m1 = (uint16_t)s;
        eax = (eax & 0xffff0000u) | ((eax + *(uint16_t *)m2 + (s >> 16)) & 0xffff);
        *(uint16_t *)m3 ^= (uint16_t)eax;
        uint16_t *m4 = (uint16_t *)&mem[2 + ((i * 13 + 5) & 31)];
        *m4 = (uint16_t)(*m4 + eax);
    }
    return eax;
}

int main(void)
{
    static uint32_t mem[NWORDS], ref[NWORDS];
    guest_printf("tb_halve: %d branch-free memory instructions\n", NGROUPS * 4);
    uint32_t seed = 99;
    for (int run = 0; run < 2; run++) {
        for (int i = 0; i < NWORDS; i++) {
            mem[i] = ref[i] = xorshift32(&seed);
        }
        uint32_t start = xorshift32(&seed);
        uint32_t got = run_line(start, mem);
        uint32_t want = model(start, ref);
        CHECK_EQ(got, want);
        CHECK(memcmp(mem, ref, sizeof(mem)) == 0);
        guest_printf("run %d: eax %08x mem crc %08x\n", run, got, crc32(mem, sizeof(mem)));
    }
    return guest_result("tb_halve");
}
