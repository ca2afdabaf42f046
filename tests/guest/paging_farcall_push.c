/*
 * paging_farcall_push.c - a precise #PF in the middle of a far CALL's
 * pushes: ring-3 code runs a same-privilege `lcall $0x1b, $target` with
 * ESP 4 bytes above a not-present page, so the push of CS lands but the
 * push of EIP faults. SDM vol. 3, 6.5 ("Exception Classifications": faults
 * leave the state as before the instruction): the #PF frame, taken at
 * ring 0 on the TSS stack, holds the EIP of the LCALL and the user ESP
 * from before it, CR2 is the address of the EIP slot and the error code
 * is 6 (user, write, not present). The handler maps the page and IRETs;
 * the call is restarted, completes, and returns.
 *
 * Uses pm.h (GDT, IDT, TSS, ring-3 entry) and the page-table helpers of
 * paging.h; the identity map of the test image is made user-accessible.
 */
#include "pm.h"

#include "paging.h"

#define USTACK     0x40000000u /* page USTACK not present, USTACK + 4096 present */
#define USTACK_TOP (USTACK + 4096u + 8u)

extern char __bss_end[];
extern char farcall_site[], farcall_ret[];
uint32_t user_farcall(void);

/* Written at ring 3: in the (user-accessible) image. */
volatile uint32_t esp_before, esp_after, target_esp, target_eip, target_cs;

static volatile uint32_t pf_count, pf_cr2, pf_err, pf_eip, pf_cs, pf_esp, pf_frame;

/* ESP at entry is USTACK + 4100 (pm_user_tramp's CALL pushed the return
 * address at USTACK + 4100): CS goes to USTACK + 4096, EIP would go to
 * USTACK + 4092, on the missing page. */
__asm__(".text\n"
        ".globl user_farcall\n"
        "user_farcall:\n"
        "\tmovl %esp, esp_before\n"
        "farcall_site:\n"
        "\tlcall $0x1b, $farcall_target\n"
        "farcall_ret:\n"
        "\tmovl %esp, esp_after\n"
        "\txorl %eax, %eax\n"
        "\tret\n"
        "farcall_target:\n"
        "\tmovl %esp, target_esp\n"
        "\tmovl (%esp), %eax\n"
        "\tmovl %eax, target_eip\n"
        "\tmovl 4(%esp), %eax\n"
        "\tmovl %eax, target_cs\n"
        "\tlret\n");

static int hook(PMFrame *f)
{
    if (f->vec != 14) {
        return 0;
    }
    uint32_t cr2 = pg_read_cr2();
    if (cr2 < USTACK || cr2 >= USTACK + 4096u || pf_count++ != 0) {
        return 0;
    }
    pf_cr2 = cr2;
    pf_err = f->err;
    pf_eip = f->eip;
    pf_cs = f->cs;
    pf_esp = f->esp;
    pf_frame = (uint32_t)f;
    *pg_pte(cr2) = pg_alloc_frame() | PG_P | PG_RW | PG_US;
    pg_invlpg(cr2);
    return 1;
}

int main(void)
{
    guest_puts("paging_farcall_push: #PF on the second push of a far call\n");
    pm_init();
    pg_enable_32(false);
    for (uint32_t va = 0x100000u; va < (uint32_t)__bss_end; va += 4096u) {
        *pg_pte(va) |= PG_US;
    }
    pg_write_cr3(pg_read_cr3());
    pg_new_table(USTACK, PG_RW | PG_US);
    *pg_pte(USTACK + 4096u) = pg_alloc_frame() | PG_P | PG_RW | PG_US;
    pm_hook = hook;

    uint32_t r = pm_enter_user(user_farcall, USTACK_TOP, 0x0002);
    uint32_t slot_cs = *(volatile uint32_t *)(uintptr_t)(USTACK + 4096u) & 0xffff;

    guest_printf("faults %u cr2 %x err %x cs %x\n", pf_count, pf_cr2, pf_err, pf_cs);
    guest_printf("fault eip %s, user esp %s (%x)\n",
                 pf_eip == (uint32_t)farcall_site ? "at lcall" : "WRONG",
                 pf_esp == esp_before ? "unchanged" : "WRONG", pf_esp);
    guest_printf("handler on stack0 %d\n", pf_frame > (uint32_t)pm_stack0 &&
                                               pf_frame < (uint32_t)pm_stack0 + sizeof(pm_stack0));
    guest_printf("target esp %x ret %s cs %x, slot cs %x, esp after %x, r %u\n", target_esp,
                 target_eip == (uint32_t)farcall_ret ? "after lcall" : "WRONG", target_cs & 0xffff,
                 slot_cs, esp_after, r);
    CHECK_EQ(pf_count, 1);
    CHECK_EQ(pf_cr2, USTACK + 4092u);
    CHECK_EQ(pf_err, 6);
    CHECK_EQ(pf_cs, SEL_UCODE);
    CHECK_EQ(pf_eip, (uint32_t)farcall_site);
    CHECK_EQ(esp_before, USTACK + 4100u);
    CHECK_EQ(pf_esp, esp_before);
    CHECK_EQ(target_esp, USTACK + 4092u);
    CHECK_EQ(target_eip, (uint32_t)farcall_ret);
    CHECK_EQ(target_cs & 0xffff, SEL_UCODE);
    CHECK_EQ(esp_after, esp_before);
    CHECK_EQ(r, 0);
    return guest_result("paging_farcall_push");
}
