/*
 * paging.h - scaffolding for the paging and SMC guest tests (paging_*.c,
 * smc_*.c): control registers, INVLPG, identity-mapped 32-bit and PAE
 * page tables, and a #PF handler.
 *
 * Header-only; include it in exactly one file. pg_idt_init loads a flat
 * GDT (code 0x08, data 0x10) and an IDT with a stub for #PF (14) and one
 * for every other exception 0-19
 * that reports the vector and fails the test. The #PF stub saves the
 * registers and calls pg_on_fault, which hands the frame and CR2 to the
 * test's pg_handler; the handler fixes the cause (maps a page) or moves
 * f->eip, and the stub returns with IRET past the error code.
 *
 * Tables: pg_dir/pg_tab give 32-bit paging with the first PG_IDENT_MB of
 * physical memory identity mapped (supervisor, writable); the tests map
 * their own regions above that. Frames for the tests come from
 * pg_alloc_frame, a bump allocator from 16 MiB (inside the identity map).
 */
#ifndef PAGING_H
#define PAGING_H

#include <stdbool.h>

#include "guest.h"

#define PG_P   0x001u
#define PG_RW  0x002u
#define PG_US  0x004u
#define PG_A   0x020u
#define PG_D   0x040u
#define PG_PS  0x080u
#define PG_G   0x100u
#define PG_NX_HI 0x80000000u /* bit 63: high dword of a PAE entry */

#define CR0_WP (1u << 16)
#define CR0_PG (1u << 31)
#define CR4_PSE (1u << 4)
#define CR4_PAE (1u << 5)
#define CR4_PGE (1u << 7)

#define PG_IDENT_MB 32
#define PG_FRAMES_BASE 0x01000000u /* free frames from 16 MiB up */

typedef struct PGFrame {
    uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
    uint32_t vec, err;
    uint32_t eip, cs, eflags;
} PGFrame;

typedef struct __attribute__((packed)) PGDescPtr {
    uint16_t limit;
    uint32_t base;
} PGDescPtr;

/* volatile: the CPU sets A/D behind the compiler's back */
volatile uint32_t pg_dir[1024] __attribute__((aligned(4096)));
uint32_t pg_tab[PG_IDENT_MB / 4][1024] __attribute__((aligned(4096)));
uint64_t pg_idt[32] __attribute__((aligned(8)));
volatile uint32_t pg_faults, pg_last_err, pg_last_cr2, pg_last_eip;
uint32_t pg_next_frame = PG_FRAMES_BASE;
/* The test's #PF handler: return 1 once it dealt with the fault. */
int (*volatile pg_handler)(PGFrame *f, uint32_t cr2);

void pg_on_fault(PGFrame *f);

#define PG_STUB(n, pushzero) "pg_isr_" #n ":\n" pushzero "\tpushl $" #n "\n\tjmp pg_isr_common\n"
#define PG_NOERR "\tpushl $0\n"

__asm__(".text\n"
        PG_STUB(0, PG_NOERR) PG_STUB(1, PG_NOERR) PG_STUB(2, PG_NOERR) PG_STUB(3, PG_NOERR)
        PG_STUB(4, PG_NOERR) PG_STUB(5, PG_NOERR) PG_STUB(6, PG_NOERR) PG_STUB(7, PG_NOERR)
        PG_STUB(8, "") PG_STUB(9, PG_NOERR) PG_STUB(10, "") PG_STUB(11, "")
        PG_STUB(12, "") PG_STUB(13, "") PG_STUB(14, "") PG_STUB(15, PG_NOERR)
        PG_STUB(16, PG_NOERR) PG_STUB(17, "") PG_STUB(18, PG_NOERR) PG_STUB(19, PG_NOERR)
        "pg_isr_common:\n"
        "\tpushal\n"
        "\tcld\n"
        "\tpushl %esp\n"
        "\tcall pg_on_fault\n"
        "\taddl $4, %esp\n"
        "\tpopal\n"
        "\taddl $8, %esp\n"
        "\tiret\n"
        ".section .rodata\n"
        ".p2align 2\n"
        "pg_isr_table:\n"
        "\t.long pg_isr_0, pg_isr_1, pg_isr_2, pg_isr_3, pg_isr_4, pg_isr_5, pg_isr_6\n"
        "\t.long pg_isr_7, pg_isr_8, pg_isr_9, pg_isr_10, pg_isr_11, pg_isr_12, pg_isr_13\n"
        "\t.long pg_isr_14, pg_isr_15, pg_isr_16, pg_isr_17, pg_isr_18, pg_isr_19\n"
        ".text\n");

extern const uint32_t pg_isr_table[20];

static inline uint32_t pg_read_cr0(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr0, %0" : "=r"(v));
    return v;
}

static inline void pg_write_cr0(uint32_t v)
{
    __asm__ volatile("movl %0, %%cr0" ::"r"(v) : "memory");
}

static inline uint32_t pg_read_cr2(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint32_t pg_read_cr3(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr3, %0" : "=r"(v));
    return v;
}

static inline void pg_write_cr3(uint32_t v)
{
    __asm__ volatile("movl %0, %%cr3" ::"r"(v) : "memory");
}

static inline uint32_t pg_read_cr4(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr4, %0" : "=r"(v));
    return v;
}

static inline void pg_write_cr4(uint32_t v)
{
    __asm__ volatile("movl %0, %%cr4" ::"r"(v) : "memory");
}

static inline void pg_invlpg(uint32_t va)
{
    __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

static inline void pg_cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

static inline void pg_wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t pg_rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

void pg_on_fault(PGFrame *f)
{
    uint32_t cr2 = f->vec == 14 ? pg_read_cr2() : 0;
    if (f->vec == 14) {
        pg_faults++;
        pg_last_err = f->err;
        pg_last_cr2 = cr2;
        pg_last_eip = f->eip;
        if (pg_handler && pg_handler(f, cr2)) {
            return;
        }
    }
    guest_printf("unexpected exception %u err %x at %x cr2 %x\n", f->vec, f->err, f->eip, cr2);
    outb(DEBUG_EXIT_PORT, 1); /* fail */
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

/* Flat code (0x08) and data (0x10): the multiboot GDTR may be invalid
 * (multiboot spec 3.2), and IDT gates need a code descriptor. */
static const uint64_t pg_gdt[3] __attribute__((aligned(8))) = {
    0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull};

static inline void pg_idt_init(void)
{
    const uint16_t cs = 0x08;
    PGDescPtr g = {sizeof(pg_gdt) - 1, (uint32_t)(uintptr_t)pg_gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp $0x08, $1f\n"
                     "1:\tmovl $0x10, %%eax\n\t"
                     "movl %%eax, %%ds\n\t"
                     "movl %%eax, %%es\n\t"
                     "movl %%eax, %%fs\n\t"
                     "movl %%eax, %%gs\n\t"
                     "movl %%eax, %%ss" ::"m"(g) : "eax", "memory");
    for (int i = 0; i < 20; i++) {
        uint32_t off = pg_isr_table[i];
        pg_idt[i] = (uint64_t)(off & 0xffff) | (uint64_t)cs << 16 | (uint64_t)0x8e00 << 32 |
                    (uint64_t)(off >> 16) << 48;
    }
    PGDescPtr p = {sizeof(pg_idt) - 1, (uint32_t)(uintptr_t)pg_idt};
    __asm__ volatile("lidt %0" ::"m"(p));
}

/* A zeroed 4 KiB frame above the identity-mapped tables. */
static inline uint32_t pg_alloc_frame(void)
{
    uint32_t f = pg_next_frame;
    pg_next_frame += 4096;
    return f;
}

/* The PTE of va in the 32-bit tables (its page table must exist). */
static inline volatile uint32_t *pg_pte(uint32_t va)
{
    uint32_t pde = pg_dir[va >> 22];
    return (volatile uint32_t *)(uintptr_t)(pde & ~0xfffu) + ((va >> 12) & 0x3ff);
}

/* Give va's 4 MiB slot an empty page table (from pg_alloc_frame). */
static inline void pg_new_table(uint32_t va, uint32_t flags)
{
    uint32_t t = pg_alloc_frame();
    memset((void *)(uintptr_t)t, 0, 4096);
    pg_dir[va >> 22] = t | flags | PG_P;
}

/* 32-bit paging, the first PG_IDENT_MB identity mapped, WP as asked. */
static inline void pg_enable_32(bool wp)
{
    for (uint32_t i = 0; i < PG_IDENT_MB / 4; i++) {
        for (uint32_t j = 0; j < 1024; j++) {
            pg_tab[i][j] = ((i << 22) | (j << 12)) | PG_P | PG_RW;
        }
        pg_dir[i] = (uint32_t)(uintptr_t)pg_tab[i] | PG_P | PG_RW | PG_US;
    }
    pg_write_cr3((uint32_t)(uintptr_t)pg_dir);
    pg_write_cr0(pg_read_cr0() | CR0_PG | (wp ? CR0_WP : 0));
}

static inline void pg_disable(void)
{
    pg_write_cr0(pg_read_cr0() & ~(CR0_PG | CR0_WP));
    pg_write_cr4(0);
}

#endif
