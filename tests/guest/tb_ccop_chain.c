/*
 * tb_ccop_chain.c - a TB's key holds the lazy-flags state (cc_op) it is
 * entered with, so that it can read inherited flags inline. An exit whose
 * cc_op a helper set at run time may leave a different cc_op each time:
 * here REPE CMPSB with ECX = 0 keeps the flags of the ADD before it and
 * with ECX = 1 sets those of its compare, and the JMP after it goes to a
 * SETC. That exit must not be chained to the TB built for the first
 * cc_op seen: the carry would be read the wrong way on the next round.
 */
#include "guest.h"

static const uint8_t same[2] = {5, 5};

/* CF after "add $2 to 0xffffffff; repe cmpsb (n bytes); jmp; setc" */
static uint32_t carry_after(uint32_t n)
{
    uint32_t v = 0xffffffffu;
    const uint8_t *a = same, *b = same + 1;
    __asm__ volatile("addl $2, %%eax\n\t" /* CF = 1 */
                     "repe cmpsb\n\t"     /* n = 0: CF kept; n = 1: 5 - 5, CF = 0 */
                     "jmp 1f\n"
                     "1:\tsetc %%al\n\t"
                     "movzbl %%al, %%eax"
                     : "+a"(v), "+c"(n), "+S"(a), "+D"(b)
                     :
                     : "cc", "memory");
    return v;
}

int main(void)
{
    for (uint32_t i = 0; i < 16; i++) {
        uint32_t n = (i >> 1) & 1; /* 0 0 1 1 0 0 ...: each way twice in a row */
        CHECK_EQ(carry_after(n), n ? 0u : 1u);
    }
    guest_printf("tb_ccop_chain: carry read right after both kinds of exit\n");
    return guest_result("tb_ccop_chain");
}
