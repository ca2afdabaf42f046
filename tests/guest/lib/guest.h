/*
 * guest.h - the runtime shared by the pcemu guest tests (tests/guest/lib).
 *
 * Guests are freestanding multiboot v1 kernels (crt0.S, guest.ld). This
 * header gives them port I/O, output on COM1 (polled 16550: wait for LSR
 * bit 5, THR empty, then write THR) and on the debugcon port 0xE9, a small
 * printf, the C functions gcc may call by itself (memcpy, memset, memmove,
 * memcmp), CRC32 and a PRNG, and the check/exit convention: a test counts
 * failed checks with CHECK() and returns guest_result() from main; crt0
 * writes that to isa-debug-exit (0 = pass).
 *
 * Nothing here may use an instruction outside the emulator's guest contract
 * (no x87/MMX/SSE, no segment loads, no interrupts, no 64-bit division:
 * there is no libgcc, so u64 / u32 goes through guest_udiv64).
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define COM1_BASE      0x3F8
#define COM1_LSR       (COM1_BASE + 5)
#define UART_LSR_THRE  0x20
#define DEBUGCON_PORT  0xE9
#define DEBUG_EXIT_PORT 0xF4

/* EFLAGS arithmetic bits (SDM vol. 1, 3.4.3.1) */
#define FL_CF 0x0001u
#define FL_PF 0x0004u
#define FL_AF 0x0010u
#define FL_ZF 0x0040u
#define FL_SF 0x0080u
#define FL_DF 0x0400u
#define FL_OF 0x0800u
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* The multiboot v1 information structure (fields we read). */
typedef struct MultibootInfo {
    uint32_t flags;
    uint32_t mem_lower; /* KiB below 1 MiB, valid if flags bit 0 */
    uint32_t mem_upper; /* KiB above 1 MiB, valid if flags bit 0 */
    uint32_t boot_device;
    uint32_t cmdline;   /* physical address of a C string, flags bit 2 */
    uint32_t mods_count;
    uint32_t mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length;
    uint32_t mmap_addr;
} MultibootInfo;

#define MULTIBOOT_LOADER_MAGIC 0x2BADB002u
#define MBI_FLAG_MEM     (1u << 0)
#define MBI_FLAG_CMDLINE (1u << 2)

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* Output: COM1 is what the test driver compares. */
void serial_putc(char c);
void debugcon_putc(char c);
void guest_putc(char c);
void guest_puts(const char *s);
void guest_put_hex(uint32_t v, int digits);
void guest_put_dec(uint32_t v);
void guest_vprintf(const char *fmt, va_list ap);
/* %c %s %d %u %x %X %% with optional '0' and width; %llx %llu for u64. */
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Stop now with debug-exit value v (0 = pass). Does not return. */
__attribute__((noreturn)) void exit_guest(uint32_t v);

/* Checks: count failures, print the first few. */
extern int guest_failures;
void guest_check_fail(const char *file, int line, const char *what);
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            guest_check_fail(__FILE__, __LINE__, #cond);                                           \
        }                                                                                          \
    } while (0)
#define CHECK_EQ(got, want)                                                                        \
    do {                                                                                           \
        uint32_t got_ = (uint32_t)(got), want_ = (uint32_t)(want);                                 \
        if (got_ != want_) {                                                                       \
            guest_printf("  got %08x want %08x: ", got_, want_);                                   \
            guest_check_fail(__FILE__, __LINE__, #got);                                            \
        }                                                                                          \
    } while (0)
/* Prints "NAME: PASS" or "NAME: FAIL (n)" and returns the exit value. */
int guest_result(const char *name);

/* C library pieces gcc may emit calls to. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* 64-bit unsigned division without libgcc (shift-subtract). */
uint64_t guest_udiv64(uint64_t n, uint64_t d, uint64_t *rem);

/* CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320), init/final xor ~0. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);
uint32_t crc32(const void *buf, size_t len);
/* Fold one u32 into a running CRC (little-endian bytes). */
uint32_t crc32_u32(uint32_t crc, uint32_t v);

/* xorshift32: deterministic, never returns 0 for a non-zero state. */
static inline uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* EFLAGS read and write around an instruction under test. */
static inline uint32_t read_eflags(void)
{
    uint32_t f;
    __asm__ volatile("pushfl; popl %0" : "=r"(f));
    return f;
}

#endif
