/*
 * opsize16.c - 16-bit operations through the 0x66 operand-size prefix:
 * MOV (register, memory, imm16), ADD/SUB/AND with imm16 and simm8, INC/DEC,
 * XCHG, SHL/ROL, NEG/NOT, MOVS/STOS by words, PUSH/POP, a 16-bit counter
 * loop, and a 16-bit memory store next to other data.
 *
 * The rule under test: a 16-bit write changes only the low word of a
 * register or only two bytes of memory; the upper half is kept (unlike
 * 32-bit writes in 64-bit mode zeroing anything). Immediates shrink to 16
 * bits (66 B8 iw is 4 bytes long, not 6: a decoder that reads an imm32
 * here goes off the rails on the next instruction).
 */
#include "flagtest.h"

static volatile uint16_t words[8] = {0x1111, 0x2222, 0x3333, 0x4444,
                                     0x5555, 0x6666, 0x7777, 0x8888};

int main(void)
{
    uint32_t h = 0x811c9dc5u, a, b, f;
    guest_puts("opsize16: 0x66-prefixed 16-bit operations\n");

    a = 0xdeadbeef;
    __asm__("movw $0x1234, %w0" : "+r"(a)); /* 66 b8+r 34 12 */
    CHECK_EQ(a, 0xdead1234);
    __asm__("addw $0x7fff, %w0" : "+r"(a) : : "cc"); /* 66 81 /0 iw */
    CHECK_EQ(a, 0xdead9233);
    __asm__("subw $-1, %w0" : "+r"(a) : : "cc"); /* 66 83 /5 ff */
    CHECK_EQ(a, 0xdead9234);
    __asm__("andw $0x0ff0, %w0" : "+r"(a) : : "cc"); /* 66 81 /4 iw */
    CHECK_EQ(a, 0xdead0230);
    __asm__("incw %w0" : "+r"(a) : : "cc"); /* 66 40+r */
    CHECK_EQ(a, 0xdead0231);
    a = 0x12340000;
    __asm__("decw %w0" : "+r"(a) : : "cc"); /* 0 - 1 wraps inside the word */
    CHECK_EQ(a, 0x1234ffff);
    __asm__("negw %w0" : "+r"(a) : : "cc");
    CHECK_EQ(a, 0x12340001);
    __asm__("notw %w0" : "+r"(a));
    CHECK_EQ(a, 0x1234fffe);
    __asm__("shlw $4, %w0" : "+r"(a) : : "cc");
    CHECK_EQ(a, 0x1234ffe0);
    __asm__("rolw $8, %w0" : "+r"(a) : : "cc");
    CHECK_EQ(a, 0x1234e0ff);
    b = 0xaaaa5555;
    __asm__("xchgw %w0, %w1" : "+r"(a), "+r"(b));
    CHECK_EQ(a, 0x12345555);
    CHECK_EQ(b, 0xaaaae0ff);
    h = ft_fold(h, a, b, 0, 0);

    /* memory: a word store touches two bytes only */
    __asm__ volatile("movw $0xbeef, %0" : "=m"(words[2])); /* 66 c7 05 disp32 iw */
    CHECK_EQ(words[1], 0x2222);
    CHECK_EQ(words[2], 0xbeef);
    CHECK_EQ(words[3], 0x4444);
    __asm__ volatile("addw %w1, %0" : "+m"(words[4]) : "r"(0x10001u) : "cc");
    CHECK_EQ(words[4], 0x5556);
    __asm__ volatile("incw %0" : "+m"(words[7]) : : "cc");
    CHECK_EQ(words[7], 0x8889);
    a = 0xffff0000;
    __asm__("movw %1, %w0" : "+r"(a) : "m"(words[5])); /* 66 8b /r */
    CHECK_EQ(a, 0xffff6666);

    /* flags come from bit 15, not bit 31 */
    a = 0x00007fff;
    __asm__("pushl $2\n\tpopfl\n\taddw $1, %w0\n\tpushfl\n\tpopl %1" : "+r"(a), "=r"(f) : : "cc");
    CHECK_EQ(a, 0x00008000);
    CHECK_EQ(f & FL_ARITH, FL_OF | FL_SF | FL_AF | FL_PF);
    a = 0xffffffff;
    __asm__("pushl $2\n\tpopfl\n\tcmpw $-1, %w0\n\tpushfl\n\tpopl %1" : "+r"(a), "=r"(f) : : "cc");
    CHECK_EQ(f & FL_ARITH, FL_ZF | FL_PF);
    h = ft_fold(h, a, f, words[4], words[7]);

    /* 16-bit string ops */
    static uint16_t src[6] = {1, 2, 3, 4, 5, 6}, dst[8];
    uint32_t esi = (uint32_t)(uintptr_t)src, edi = (uint32_t)(uintptr_t)dst, ecx = 6;
    __asm__ volatile("rep movsw" : "+S"(esi), "+D"(edi), "+c"(ecx) : : "memory");
    CHECK(memcmp(src, dst, 12) == 0 && dst[6] == 0);
    edi = (uint32_t)(uintptr_t)&dst[6];
    ecx = 2;
    __asm__ volatile("rep stosw" : "+D"(edi), "+c"(ecx) : "a"(0x12349999u) : "memory");
    CHECK(dst[6] == 0x9999 && dst[7] == 0x9999);

    /* 16-bit push/pop move ESP by 2 */
    uint32_t sp0, sp1, popped = 0xeeeeeeee;
    __asm__ volatile("movl %%esp, %0\n\tpushw $0x4321\n\tmovl %%esp, %1\n\tpopw %w2"
                     : "=&r"(sp0), "=&r"(sp1), "+r"(popped));
    CHECK_EQ(sp0 - sp1, 2);
    CHECK_EQ(popped, 0xeeee4321);

    /* a 16-bit counter wrapping at 0x10000 */
    uint32_t n = 0xabcdfff0, iters = 0;
    do {
        __asm__("incw %w0" : "+r"(n) : : "cc");
        iters++;
    } while ((n & 0xffff) != 0);
    CHECK_EQ(iters, 16);
    CHECK_EQ(n, 0xabcd0000);
    h = ft_fold(h, sp0 - sp1, popped, iters, n);
    guest_printf("hash %08x\n", h);
    return guest_result("opsize16");
}
