/*
 * paging_pae_nx.c - PAE paging (CR4.PAE, SDM vol. 3, 4.4) with execute-
 * disable (IA32_EFER.NXE, CPUID 80000001h EDX bit 20): 2 MiB pages for
 * the identity map, a 4 KiB page table for a test region. A call into an
 * XD page faults with error code 11h (present, instruction fetch) at the
 * target; data reads and writes of that page still work; clearing XD
 * (and INVLPG) makes it executable. A fetch from a not-present page
 * reports 10h.
 */
#include "paging.h"

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1u << 11)
#define CODE_VA  0x40000000u
#define HOLE_VA  0x40002000u

static uint64_t pdpt[4] __attribute__((aligned(32)));
static uint64_t pd0[512] __attribute__((aligned(4096)));
static uint64_t pd1[512] __attribute__((aligned(4096)));
static uint64_t pt[512] __attribute__((aligned(4096)));

__asm__(".text\n"
        "pae_ret_stub:\n"
        "    ret\n"
        "pae_code:\n"
        "    movl $0x1234, %eax\n"
        "    ret\n"
        "pae_code_end:\n");
extern uint8_t pae_ret_stub[], pae_code[], pae_code_end[];

/* A fetch fault from a call: return to the caller with EAX = 0xdead. */
static int fetch_fault(PGFrame *f, uint32_t cr2)
{
    if (f->eip != cr2 || (cr2 != CODE_VA && cr2 != HOLE_VA)) {
        return 0;
    }
    f->eip = (uint32_t)(uintptr_t)pae_ret_stub;
    f->eax = 0xdead;
    return 1;
}

int main(void)
{
    uint32_t r[4];
    guest_puts("paging_pae_nx: PAE paging and execute-disable\n");
    pg_cpuid(0x80000000u, r);
    uint32_t nx = 0;
    if (r[0] >= 0x80000001u) {
        pg_cpuid(0x80000001u, r);
        nx = (r[3] >> 20) & 1;
    }
    pg_cpuid(1, r);
    guest_printf("cpuid: pae %u pge %u nx %u\n", (r[3] >> 6) & 1, (r[3] >> 13) & 1, nx);
    CHECK(nx);
    pg_idt_init();
    pg_handler = fetch_fault;

    for (uint32_t i = 0; i < PG_IDENT_MB / 2; i++) {
        pd0[i] = (i << 21) | PG_PS | PG_P | PG_RW;
    }
    pd1[0] = (uint32_t)(uintptr_t)pt | PG_P | PG_RW;
    uint32_t frame = pg_alloc_frame();
    memcpy((void *)(uintptr_t)frame, pae_code, (size_t)(pae_code_end - pae_code));
    pt[0] = (uint64_t)PG_NX_HI << 32 | frame | PG_P | PG_RW;
    pdpt[0] = (uint32_t)(uintptr_t)pd0 | PG_P;
    pdpt[1] = (uint32_t)(uintptr_t)pd1 | PG_P;
    pg_wrmsr(MSR_EFER, pg_rdmsr(MSR_EFER) | EFER_NXE);
    pg_write_cr4(pg_read_cr4() | CR4_PAE);
    pg_write_cr3((uint32_t)(uintptr_t)pdpt);
    pg_write_cr0(pg_read_cr0() | CR0_PG);

    uint32_t (*fn)(void) = (uint32_t (*)(void))(uintptr_t)CODE_VA;
    CHECK_EQ(fn(), 0xdead);
    CHECK_EQ(pg_faults, 1);
    CHECK_EQ(pg_last_err, 0x11);
    CHECK_EQ(pg_last_cr2, CODE_VA);
    volatile uint8_t *code = (volatile uint8_t *)(uintptr_t)CODE_VA;
    CHECK_EQ(code[0], 0xb8); /* reads work */
    code[100] = 0x5a;        /* and so do writes */
    CHECK_EQ(*(volatile uint8_t *)(uintptr_t)(frame + 100), 0x5a);
    CHECK_EQ(((volatile uint64_t *)pt)[0] & (PG_A | PG_D), PG_A | PG_D);

    pt[0] &= ~((uint64_t)PG_NX_HI << 32);
    pg_invlpg(CODE_VA);
    CHECK_EQ(fn(), 0x1234);
    CHECK_EQ(pg_faults, 1);

    uint32_t (*hole)(void) = (uint32_t (*)(void))(uintptr_t)HOLE_VA;
    CHECK_EQ(hole(), 0xdead);
    CHECK_EQ(pg_last_err, 0x10);
    CHECK_EQ(pg_last_cr2, HOLE_VA);
    CHECK_EQ(((volatile uint64_t *)pd0)[0] & PG_A, PG_A); /* the guest's code lives there */
    guest_printf("faults %u, last err %x cr2 %08x\n", pg_faults, pg_last_err, pg_last_cr2);
    pg_disable();
    pg_wrmsr(MSR_EFER, 0);
    return guest_result("paging_pae_nx");
}
