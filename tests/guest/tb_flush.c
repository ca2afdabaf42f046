/*
 * tb_flush.c - a lot of distinct code, run several times: forces the
 * translator's code buffer to fill and flush (run with "-tb-size 1", see
 * tb_flush.args and tb_flush.stats).
 *
 * tb_chain is 20000 small blocks, each "add imm32; rol 3; jmp next", so
 * every block is its own TB (about 200 KB of guest code, several MB of
 * translated code). Three passes with different inputs must each match
 * the same computation done by a C loop, before and after the flushes
 * the emulator performs in between (DESIGN.md 2, step 3: flush, then
 * retry at a safe point).
 */
#include "guest.h"

#define NBLOCKS 20000

/* uint32_t tb_chain(uint32_t x) [regparm: EAX in, EAX out] */
__asm__(".text\n"
        ".globl tb_chain\n"
        "tb_chain:\n"
        "    .set k, 0\n"
        "    .rept 20000\n"
        "    addl $(k * 7919 + 13), %eax\n" /* 05 id */
        "    roll $3, %eax\n"               /* c1 c0 03 */
        "    jmp 1f\n"                      /* eb 00: ends the TB */
        "1:\n"
        "    .set k, k + 1\n"
        "    .endr\n"
        "    ret\n");

uint32_t tb_chain(uint32_t x) __attribute__((regparm(1)));

static uint32_t model(uint32_t x)
{
    for (uint32_t k = 0; k < NBLOCKS; k++) {
        x += k * 7919 + 13;
        x = (x << 3) | (x >> 29);
    }
    return x;
}

int main(void)
{
    guest_printf("tb_flush: %d blocks of distinct code, 3 passes\n", NBLOCKS);
    static const uint32_t seeds[] = {0, 0x12345678, 0xffffffff};
    for (int pass = 0; pass < 3; pass++) {
        uint32_t got = tb_chain(seeds[pass]);
        uint32_t want = model(seeds[pass]);
        CHECK_EQ(got, want);
        guest_printf("pass %d: %08x\n", pass, got);
    }
    return guest_result("tb_flush");
}
