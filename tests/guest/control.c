/*
 * control.c - control transfer: CALL rel32 / RET, CALL and JMP through a
 * register and through memory (FF /2, FF /4), jump tables (switch), RET
 * imm16 (callee pops its arguments, stdcall), JMP rel8/rel32, function
 * pointers, and a computed-goto state machine.
 *
 * These end translation blocks with indirect targets, which a translator
 * cannot chain statically: each must be looked up (jump cache, hash).
 */
#include "guest.h"

#define NOINLINE __attribute__((noinline, noclone))

static NOINLINE uint32_t add3(uint32_t a, uint32_t b, uint32_t c)
{
    return a + b * 3 + c * 7;
}

/* stdcall: RET 12 (c2 0c 00) pops the three arguments */
static NOINLINE __attribute__((stdcall)) uint32_t std3(uint32_t a, uint32_t b, uint32_t c)
{
    return a * 100 + b * 10 + c;
}

static uint32_t f0(uint32_t x) { return x + 1; }
static uint32_t f1(uint32_t x) { return x * 2; }
static uint32_t f2(uint32_t x) { return x ^ 0x5555; }
static uint32_t f3(uint32_t x) { return x >> 1; }
static uint32_t f4(uint32_t x) { return x - 7; }

static uint32_t (*volatile table[5])(uint32_t) = {f0, f1, f2, f3, f4};

static NOINLINE uint32_t via_switch(uint32_t op, uint32_t x)
{
    switch (op) { /* dense cases: gcc emits jmp *table(,%eax,4) */
    case 0: return x + 11;
    case 1: return x * 5;
    case 2: return x ^ 0xabcdef;
    case 3: return x - 1000;
    case 4: return ~x;
    case 5: return x << 3;
    case 6: return x >> 2;
    case 7: return x | 0x80000000u;
    default: return 0;
    }
}

/* computed goto: a tiny bytecode interpreter */
static NOINLINE uint32_t run_bytecode(const uint8_t *code, uint32_t acc)
{
    static void *const labels[] = {&&op_halt, &&op_inc, &&op_dbl, &&op_xor, &&op_jnz};
    uint32_t pc = 0, counter = 0;
#define NEXT goto *labels[code[pc++]]
    NEXT;
op_inc:
    acc++;
    NEXT;
op_dbl:
    acc *= 2;
    NEXT;
op_xor:
    acc ^= 0x1234;
    NEXT;
op_jnz: /* loop back to 0 until counter reaches 50 */
    if (++counter < 50) {
        pc = 0;
    }
    NEXT;
op_halt:
    return acc;
#undef NEXT
}

int main(void)
{
    uint32_t h = 0x811c9dc5u;
    guest_puts("control: CALL RET RET imm16 JMP/CALL indirect\n");
    CHECK_EQ(add3(1, 2, 3), 1 + 6 + 21);

    /* stdcall: ESP must be the same before and after */
    uint32_t sp0, sp1, r;
    __asm__ volatile("movl %%esp, %0" : "=r"(sp0));
    r = std3(1, 2, 3);
    __asm__ volatile("movl %%esp, %0" : "=r"(sp1));
    CHECK_EQ(r, 123);
    CHECK_EQ(sp0, sp1);

    /* call through a register (ff d0+r) and through memory (ff 15 / ff 14 85) */
    uint32_t x = 1000;
    for (int i = 0; i < 500; i++) {
        x = table[i % 5](x);
        h = (h ^ x) * 0x01000193u;
    }
    guest_printf("indirect calls: x=%u hash %08x\n", x, h);
    uint32_t y;
    __asm__ volatile("pushl $21\n\tcall *%1\n\taddl $4, %%esp" /* ff 15 disp32 */
                     : "=a"(y)
                     : "m"(table[1])
                     : "ecx", "edx", "memory", "cc");
    CHECK_EQ(y, 42);

    /* jump table */
    uint32_t s = 1;
    for (uint32_t i = 0; i < 400; i++) {
        s = via_switch(i % 9, s) + i;
    }
    guest_printf("switch: %08x\n", s);
    h = (h ^ s) * 0x01000193u;

    /* jmp through a register and through memory */
    uint32_t out = 0;
    static void *target;
    __asm__ volatile("movl $1f, %%eax\n\t"
                     "jmp *%%eax\n\t"        /* ff e0 */
                     "movl $99, %0\n"
                     "1:\tmovl $2f, %1\n\t"
                     "jmp *%1\n\t"           /* ff 25 disp32 */
                     "movl $98, %0\n"
                     "2:\taddl $5, %0"
                     : "+r"(out), "=m"(target)
                     :
                     : "eax");
    CHECK_EQ(out, 5);

    /* near jumps both ways, rel8 and rel32 */
    __asm__ volatile("jmp 1f\n\t"                  /* eb */
                     ".fill 200, 1, 0x90\n"         /* nops: rel8 cannot reach */
                     "1:\tjmp 3f\n\t"               /* eb: short forward */
                     "2:\tincl %0\n\t"
                     "jmp 4f\n"
                     "3:\t%{disp32%} jmp 2b\n"      /* e9 rel32, backwards */
                     "4:"
                     : "+r"(out));
    CHECK_EQ(out, 6);

    static const uint8_t code[] = {1, 2, 3, 1, 4, 0};
    uint32_t acc = run_bytecode(code, 7);
    guest_printf("bytecode: %08x\n", acc);
    h = (h ^ acc) * 0x01000193u;
    guest_printf("hash %08x\n", h);
    return guest_result("control");
}
