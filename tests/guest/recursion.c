/*
 * recursion.c - deep and branchy call/return: naive Fibonacci, Ackermann,
 * mutual recursion and Towers of Hanoi.
 *
 * These stress CALL/RET (the translator's return-address handling and TB
 * chaining across calls), stack frames and the stack pointer at depth.
 * Ackermann(2, n) and (3, n) recurse ~2^(n+3) deep on the C stack; with
 * the 16 KiB stack from crt0 ack(3, 5) (depth 253) is comfortably safe.
 * noinline/noclone keep gcc from turning the recursion into loops.
 */
#include "guest.h"

#define NOINLINE __attribute__((noinline, noclone))

static volatile uint32_t calls;

static NOINLINE uint32_t fib(uint32_t n)
{
    calls++;
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static NOINLINE uint32_t ack(uint32_t m, uint32_t n)
{
    calls++;
    if (m == 0) {
        return n + 1;
    }
    if (n == 0) {
        return ack(m - 1, 1);
    }
    return ack(m - 1, ack(m, n - 1));
}

static NOINLINE int is_odd(uint32_t n);

static NOINLINE int is_even(uint32_t n)
{
    return n == 0 ? 1 : is_odd(n - 1);
}

static NOINLINE int is_odd(uint32_t n)
{
    return n == 0 ? 0 : is_even(n - 1);
}

static uint32_t hanoi_hash;

static NOINLINE void hanoi(int n, int from, int to, int via)
{
    if (n == 0) {
        return;
    }
    hanoi(n - 1, from, via, to);
    hanoi_hash = hanoi_hash * 31 + (uint32_t)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

int main(void)
{
    guest_puts("recursion: fib, ackermann, mutual, hanoi\n");
    static const uint32_t fibs[] = {0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377,
                                    610, 987, 1597, 2584, 4181, 6765};
    for (uint32_t n = 0; n <= 20; n++) {
        calls = 0;
        uint32_t f = fib(n);
        CHECK_EQ(f, fibs[n]);
        if (n % 5 == 0) {
            guest_printf("fib(%u) = %u in %u calls\n", n, f, calls);
        }
    }
    /* ack(2, n) = 2n + 3, ack(3, n) = 2^(n+3) - 3 */
    for (uint32_t n = 0; n <= 5; n++) {
        calls = 0;
        uint32_t a2 = ack(2, n);
        uint32_t c2 = calls;
        calls = 0;
        uint32_t a3 = ack(3, n);
        CHECK_EQ(a2, 2 * n + 3);
        CHECK_EQ(a3, (1u << (n + 3)) - 3);
        guest_printf("ack(2,%u) = %u (%u calls), ack(3,%u) = %u (%u calls)\n", n, a2, c2, n, a3,
                     calls);
    }
    CHECK(is_even(1000) && !is_odd(1000) && is_odd(777));
    guest_printf("is_even(1000) = %d, is_odd(777) = %d\n", is_even(1000), is_odd(777));
    hanoi(12, 0, 2, 1);
    guest_printf("hanoi(12) hash %08x\n", hanoi_hash);
    return guest_result("recursion");
}
