/*
 * smc.c - self-modifying code: an instruction that already ran (and so has
 * been translated) is patched and run again; the new bytes must be used.
 *
 * Three cases (DESIGN.md 2, "Self-modifying code"):
 *  1. another block: patch the imm32 of "movl $imm, %eax" inside a
 *     function, then call it again (the TB holding it must be dropped);
 *  2. the same block: a store patches the very next instruction, with no
 *     branch in between, so the running TB itself is hit and must end
 *     after the store (SDM vol. 3 8.1.3 allows either on old CPUs; every
 *     P6+ CPU and QEMU use the new bytes, so we test that);
 *  3. an opcode change: ADD becomes SUB in a function that ran before.
 * Each is repeated in a loop so that invalidation happens many times.
 */
#include "guest.h"

__asm__(".text\n"
        ".globl smc_get, smc_imm\n"
        "smc_get:\n"
        "    movl $0x11111111, %eax\n" /* b8 id */
        "smc_imm = . - 4\n"
        "    ret\n"
        ".globl smc_op, smc_opcode\n"
        "smc_op:\n"                    /* uint32_t smc_op(a, b) */
        "    movl 4(%esp), %eax\n"
        "smc_opcode:\n"
        "    addl 8(%esp), %eax\n"     /* 03 44 24 08; sub is 2b 44 24 08 */
        "    ret\n");

uint32_t smc_get(void);
uint32_t smc_op(uint32_t a, uint32_t b);
extern volatile uint32_t smc_imm;
extern volatile uint8_t smc_opcode;

/* Case 2: patch the next instruction's imm32 from inside the same block. */
static uint32_t same_block(uint32_t v)
{
    uint32_t out;
    __asm__ volatile("movl %1, 1f + 1\n\t"      /* c7 05 / 89 15: store into the next insn */
                     "1:\tmovl $0xdeadbeef, %0" /* b8 id: must load v */
                     : "=a"(out)
                     : "r"(v)
                     : "memory");
    return out;
}

int main(void)
{
    guest_puts("smc: self-modifying code\n");
    CHECK_EQ(smc_get(), 0x11111111);
    uint32_t h = 0;
    for (uint32_t i = 0; i < 50; i++) {
        uint32_t v = 0x9e3779b9u * (i + 1);
        smc_imm = v;
        uint32_t got = smc_get();
        CHECK_EQ(got, v);
        h = (h ^ got) * 0x01000193u;
    }
    guest_printf("other block: %08x\n", h);

    for (uint32_t i = 0; i < 50; i++) {
        uint32_t v = 0x01000193u * (i + 3);
        uint32_t got = same_block(v);
        CHECK_EQ(got, v);
        h = (h ^ got) * 0x01000193u;
    }
    guest_printf("same block: %08x\n", h);

    for (uint32_t i = 0; i < 20; i++) {
        CHECK_EQ(smc_op(100, i), 100 + i);
        smc_opcode = 0x2b; /* sub r32, r/m32 */
        CHECK_EQ(smc_op(100, i), 100 - i);
        smc_opcode = 0x03; /* add r32, r/m32 */
    }
    CHECK_EQ(smc_op(1, 2), 3);
    guest_printf("opcode patch: %u\n", smc_op(40, 2));
    return guest_result("smc");
}
