/*
 * pm_sysenter.c - SYSENTER/SYSEXIT (SDM vol. 2B): with IA32_SYSENTER_CS
 * = 0 both raise #GP(0); SYSEXIT from ring 0 enters ring 3 with CS =
 * MSR + 16 | 3, SS = MSR + 24 | 3, EIP = EDX, ESP = ECX; SYSEXIT at CPL 3
 * raises #GP(0), and so does RDMSR; SYSENTER from ring 3 enters ring 0 with
 * CS = MSR, SS = MSR + 8, ESP and EIP from the MSRs and IF clear. The GDT
 * of pm.h has exactly the layout SYSENTER/SYSEXIT assume (0x08 0x10 0x18
 * 0x20). QEMU needs -cpu pentium2 for SEP (pm_sysenter.qemu-args).
 */
#include "pm.h"

#define MSR_SYSENTER_CS  0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176

static uint8_t sysenter_stack[4096] __attribute__((aligned(16)));

/* filled in by the asm below: what each side saw on entry */
volatile uint32_t k_saved_esp, u_cs, u_ss, u_esp, k_cs, k_ss, k_esp, k_eflags, k_ecx, k_edx;
/* what the #GPs at CPL 3 recorded */
static volatile uint32_t u_sysexit_vec, u_sysexit_err, u_sysexit_cs, u_rdmsr_vec;

void user_main(void);
void user_entry(void);
void kernel_entry(void);
void user_back(void);
uint32_t run_user(void (*entry)(void), uint32_t esp);

/* run_user(eip, esp): SYSEXIT to ring 3; returns when ring 3 SYSENTERs. */
__asm__(".text\n"
        ".globl run_user\n"
        "run_user:\n"
        "\tpushl %ebp\n"
        "\tpushl %ebx\n"
        "\tpushl %esi\n"
        "\tpushl %edi\n"
        "\tmovl %esp, k_saved_esp\n"
        "\tmovl 20(%esp), %edx\n"
        "\tmovl 24(%esp), %ecx\n"
        "\tsysexit\n"
        ".globl kernel_entry\n"
        "kernel_entry:\n"
        "\tmovl %esp, k_esp\n"
        "\tmovl $0x10, %eax\n"
        "\tmovl %eax, %ds\n"
        "\tmovl %eax, %es\n"
        "\tmovl %eax, %fs\n"
        "\tmovl %eax, %gs\n"
        "\tmovl %cs, %eax\n"
        "\tmovzwl %ax, %eax\n"
        "\tmovl %eax, k_cs\n"
        "\tmovl %ss, %eax\n"
        "\tmovzwl %ax, %eax\n"
        "\tmovl %eax, k_ss\n"
        "\tpushfl\n"
        "\tpopl k_eflags\n"
        "\tmovl %ecx, k_ecx\n"
        "\tmovl %edx, k_edx\n"
        "\tmovl k_saved_esp, %esp\n"
        "\tpopl %edi\n"
        "\tpopl %esi\n"
        "\tpopl %ebx\n"
        "\tpopl %ebp\n"
        "\tmovl $1, %eax\n"
        "\tret\n"
        ".globl user_entry\n"
        "user_entry:\n"
        /* SYSEXIT leaves DS..GS alone; IRET back to ring 3 after a fault
         * would null these DPL-0 selectors */
        "\tmovl $0x23, %eax\n"
        "\tmovl %eax, %ds\n"
        "\tmovl %eax, %es\n"
        "\tmovl %eax, %fs\n"
        "\tmovl %eax, %gs\n"
        "\tmovl %esp, u_esp\n"
        "\tmovl %cs, %eax\n"
        "\tmovzwl %ax, %eax\n"
        "\tmovl %eax, u_cs\n"
        "\tmovl %ss, %eax\n"
        "\tmovzwl %ax, %eax\n"
        "\tmovl %eax, u_ss\n"
        "\tcall user_main\n"
        /* back to ring 0: EDX/ECX tell the kernel where to return */
        "\tmovl $user_back, %edx\n"
        "\tmovl %esp, %ecx\n"
        "\tsysenter\n"
        "user_back:\n"
        "\tud2\n");

void user_main(void)
{
    PM_EXPECT("sysexit");
    u_sysexit_vec = pm_last_vec;
    u_sysexit_err = pm_last_err;
    u_sysexit_cs = pm_last_cs;
    PM_EXPECT("movl $0x174, %%ecx\n\trdmsr");
    u_rdmsr_vec = pm_last_vec;
}

static void wrmsr(uint32_t msr, uint32_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"(v), "d"(0));
}

static uint32_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return lo;
}

int main(void)
{
    guest_puts("pm_sysenter\n");
    pm_init();

    /* SYSENTER_CS = 0: #GP(0) for both */
    wrmsr(MSR_SYSENTER_CS, 0);
    PM_EXPECT("sysenter");
    pm_report("sysenter with SYSENTER_CS 0");
    CHECK_EQ(pm_last_vec, 13);
    CHECK_EQ(pm_last_err, 0);
    PM_EXPECT("sysexit");
    pm_report("sysexit with SYSENTER_CS 0");
    CHECK_EQ(pm_last_vec, 13);
    CHECK_EQ(pm_last_err, 0);

    uint32_t kstack = (uint32_t)(sysenter_stack + sizeof(sysenter_stack));
    wrmsr(MSR_SYSENTER_CS, SEL_KCODE);
    wrmsr(MSR_SYSENTER_ESP, kstack);
    wrmsr(MSR_SYSENTER_EIP, (uint32_t)kernel_entry);
    guest_printf("msrs cs %x esp ok %d eip ok %d\n", rdmsr(MSR_SYSENTER_CS),
                 rdmsr(MSR_SYSENTER_ESP) == kstack,
                 rdmsr(MSR_SYSENTER_EIP) == (uint32_t)kernel_entry);

    uint32_t ustack = pm_user_stack() - 64;
    uint32_t r = run_user(user_entry, ustack);
    guest_printf("back in ring 0: %d\n", r);
    guest_printf("ring 3: cs %x ss %x esp ok %d\n", u_cs, u_ss, u_esp == ustack);
    guest_printf("ring 3 sysexit: %s err=%x cs %x\n", pm_vec_name(u_sysexit_vec), u_sysexit_err,
                 u_sysexit_cs);
    guest_printf("ring 3 rdmsr: %s\n", pm_vec_name(u_rdmsr_vec));
    guest_printf("ring 0: cs %x ss %x esp ok %d if %d edx ok %d ecx in stack3 %d\n", k_cs, k_ss,
                 k_esp == kstack, (k_eflags >> 9) & 1, k_edx == (uint32_t)user_back,
                 k_ecx > (uint32_t)pm_stack3 && k_ecx <= ustack);
    CHECK_EQ(r, 1);
    CHECK_EQ(u_cs, SEL_UCODE);
    CHECK_EQ(u_ss, SEL_UDATA);
    CHECK_EQ(u_esp, ustack);
    CHECK_EQ(u_sysexit_vec, 13);
    CHECK_EQ(u_sysexit_err, 0);
    CHECK_EQ(u_sysexit_cs, SEL_UCODE);
    CHECK_EQ(u_rdmsr_vec, 13);
    CHECK_EQ(k_cs, SEL_KCODE);
    CHECK_EQ(k_ss, SEL_KDATA);
    CHECK_EQ(k_esp, kstack);
    CHECK_EQ(k_edx, (uint32_t)user_back);

    /* the RPL bits of SYSENTER_CS are ignored: CS 0x08, SS 0x10 */
    wrmsr(MSR_SYSENTER_CS, SEL_KCODE | 3);
    r = run_user(user_entry, ustack);
    guest_printf("SYSENTER_CS %x: ring 3 cs %x ss %x, ring 0 cs %x ss %x\n", SEL_KCODE | 3, u_cs,
                 u_ss, k_cs, k_ss);
    CHECK_EQ(u_cs, SEL_UCODE);
    CHECK_EQ(u_ss, SEL_UDATA);
    CHECK_EQ(k_cs, SEL_KCODE);
    CHECK_EQ(k_ss, SEL_KDATA);
    return guest_result("pm_sysenter");
}
