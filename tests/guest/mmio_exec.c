/*
 * mmio_exec.c - code executed from the VGA window at 0xA0000, which is not
 * RAM: pcemu must translate it one instruction at a time into uncached TBs
 * (DESIGN.md 2, step 1: phys_pc = -1; mmio_exec.stats checks tb_nocache).
 *
 * A small position-independent function (relative branches only) is
 * copied there and called with several arguments; each result must equal
 * that of the same code run from RAM. The window is first set up like
 * VGA mode 13h (IBM VGA Technical Reference: sequencer map mask 0Fh and
 * memory mode 0Eh = chain-4; graphics controller mode 40h, misc 05h =
 * A0000h-AFFFFh, 64 KiB): there every byte address holds one byte, like
 * RAM. That is needed on a real VGA (and QEMU's), whose text-mode default
 * maps only B8000h in odd/even mode; a machine whose 0xA0000 window is
 * plain RAM-like MMIO ignores the register writes.
 */
#include "guest.h"

#define VGA_WINDOW 0xA0000u

/* uint32_t pic_func(uint32_t x): cdecl, position independent */
__asm__(".text\n"
        ".globl pic_func, pic_func_end\n"
        "pic_func:\n"
        "    movl 4(%esp), %eax\n"
        "    leal (%eax,%eax,2), %eax\n"      /* x * 3 */
        "    addl $0x1234, %eax\n"
        "    movl $5, %ecx\n"
        "1:  addl %ecx, %eax\n"               /* + 5 + 4 + 3 + 2 + 1 */
        "    roll $1, %eax\n"
        "    loop 1b\n"                        /* e2: relative */
        "    testl $1, %eax\n"
        "    jz 2f\n"                          /* relative */
        "    xorl $0xa5a5a5a5, %eax\n"
        "2:  ret\n"
        "pic_func_end:\n");

extern uint8_t pic_func[], pic_func_end[];
typedef uint32_t (*PicFunc)(uint32_t x);

static void vga_setup_linear(void)
{
    outb(0x3c4, 0x02); /* sequencer: map mask */
    outb(0x3c5, 0x0f);
    outb(0x3c4, 0x04); /* sequencer: memory mode = chain-4, no odd/even */
    outb(0x3c5, 0x0e);
    outb(0x3ce, 0x05); /* graphics: mode = write mode 0, read mode 0 */
    outb(0x3cf, 0x40);
    outb(0x3ce, 0x06); /* graphics: misc = A0000h 64 KiB, graphics */
    outb(0x3cf, 0x05);
    outb(0x3ce, 0x08); /* graphics: bit mask = all bits from the CPU */
    outb(0x3cf, 0xff);
    outb(0x3ce, 0x01); /* graphics: no set/reset */
    outb(0x3cf, 0x00);
    outb(0x3ce, 0x03); /* graphics: no rotate, no logical op */
    outb(0x3cf, 0x00);
}

int main(void)
{
    size_t len = (size_t)(pic_func_end - pic_func);
    uint8_t *window = (uint8_t *)(uintptr_t)VGA_WINDOW;
    guest_printf("mmio_exec: %u bytes of code run from %x\n", (unsigned)len, VGA_WINDOW);
    vga_setup_linear();
    memcpy(window, pic_func, len);
    if (memcmp(window, pic_func, len) != 0) {
        guest_puts("copy to the window did not read back\n");
        guest_failures++;
        return guest_result("mmio_exec");
    }
    PicFunc in_ram = (PicFunc)(uintptr_t)pic_func;
    PicFunc in_mmio = (PicFunc)(uintptr_t)VGA_WINDOW;
    uint32_t h = 0;
    for (uint32_t x = 0; x < 12; x++) {
        uint32_t arg = x * 0x01010101u + 7;
        uint32_t want = in_ram(arg);
        uint32_t got = in_mmio(arg);
        CHECK_EQ(got, want);
        h ^= got + x;
    }
    guest_printf("results xor %08x\n", h);
    return guest_result("mmio_exec");
}
