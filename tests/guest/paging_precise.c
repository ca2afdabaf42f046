/*
 * paging_precise.c - precise #PF state in the middle of translated code:
 * REP MOVSB/STOSD fault after some iterations with ECX/ESI/EDI telling
 * exactly how far they got and EIP at the string instruction (SDM vol. 2,
 * "REP": a fault leaves the registers of the iterations done); a PUSH of
 * an unmapped memory operand faults before ESP moves; a fault after other
 * instructions of the same block leaves their results in place.
 */
#include "paging.h"

#define SRC 0x40000000u
#define DST 0x40400000u

static uint32_t at_ecx, at_esi, at_edi, at_esp, at_eip, at_eax;

static int record_and_map(PGFrame *f, uint32_t cr2)
{
    if (cr2 < SRC || cr2 >= DST + 0x10000u || (f->err & PG_P)) {
        return 0;
    }
    at_ecx = f->ecx;
    at_esi = f->esi;
    at_edi = f->edi;
    at_eax = f->eax;
    at_esp = f->esp_pusha + 20; /* above vector, error code, EIP, CS, EFLAGS */
    at_eip = f->eip;
    *pg_pte(cr2) = pg_alloc_frame() | PG_P | PG_RW;
    return 1;
}

static void map(uint32_t va)
{
    *pg_pte(va) = pg_alloc_frame() | PG_P | PG_RW;
}

int main(void)
{
    guest_puts("paging_precise: faults in the middle of blocks\n");
    pg_idt_init();
    pg_enable_32(false);
    pg_new_table(SRC, PG_RW);
    pg_new_table(DST, PG_RW);
    pg_handler = record_and_map;
    map(SRC);
    map(SRC + 4096);
    map(DST); /* DST + 4096 stays unmapped until the fault */
    for (int i = 0; i < 8192; i++) {
        ((volatile uint8_t *)(uintptr_t)SRC)[i] = (uint8_t)(i * 7);
    }

    /* REP MOVSB of 6000 bytes: faults when EDI reaches DST + 4096 */
    uint32_t ecx = 6000, esi = SRC, edi = DST, eip;
    __asm__ volatile("movl $1f, %3\n\t"
                     "1: rep movsb"
                     : "+c"(ecx), "+S"(esi), "+D"(edi), "=m"(eip)
                     :
                     : "memory");
    guest_printf("movsb fault: ecx %u esi +%u edi +%u eip %s\n", at_ecx, at_esi - SRC,
                 at_edi - DST, at_eip == eip ? "at insn" : "WRONG");
    CHECK_EQ(at_ecx, 6000u - 4096u);
    CHECK_EQ(at_edi, DST + 4096u);
    CHECK_EQ(at_esi, SRC + 4096u);
    CHECK_EQ(at_eip, eip);
    CHECK_EQ(ecx, 0);
    for (int i = 0; i < 6000; i++) {
        CHECK_EQ(((volatile uint8_t *)(uintptr_t)DST)[i], (uint8_t)(i * 7));
    }

    /* REP STOSD backwards (DF=1) from DST+0xA000 down into unmapped pages */
    map(DST + 0xa000);
    ecx = 2000;
    edi = DST + 0xa000 + 4092;
    __asm__ volatile("std\n\t"
                     "movl $1f, %2\n\t"
                     "1: rep stosl\n\t"
                     "cld"
                     : "+c"(ecx), "+D"(edi), "=m"(eip)
                     : "a"(0x600dbeefu)
                     : "memory");
    guest_printf("stosd fault: ecx %u edi +%x eip %s\n", at_ecx, at_edi - DST,
                 at_eip == eip ? "at insn" : "WRONG");
    CHECK_EQ(at_ecx, 2000u - 1024u);
    CHECK_EQ(at_edi, DST + 0x9ffcu);
    CHECK_EQ(at_eip, eip);

    /* earlier instructions of the block keep their results; PUSH of an
     * unmapped operand leaves ESP alone */
    uint32_t esp_before, eax_out;
    __asm__ volatile("movl %%esp, %1\n\t"
                     "movl $0x1234, %%eax\n\t"
                     "addl $0x1111, %%eax\n\t"
                     "movl $1f, %2\n\t"
                     "1: pushl %3\n\t"
                     "addl $4, %%esp"
                     : "=a"(eax_out), "=m"(esp_before), "=m"(eip)
                     : "m"(*(volatile uint32_t *)(uintptr_t)(DST + 0xc000))
                     : "memory");
    guest_printf("push fault: eax %x esp %s eip %s\n", at_eax,
                 at_esp == esp_before ? "unchanged" : "WRONG", at_eip == eip ? "at insn" : "WRONG");
    CHECK_EQ(at_eax, 0x2345);
    CHECK_EQ(at_esp, esp_before);
    CHECK_EQ(at_eip, eip);
    (void)eax_out;
    return guest_result("paging_precise");
}
