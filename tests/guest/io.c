/*
 * io.c - port I/O: IN/OUT with an imm8 port (E4-E7) and with DX (EC-EF),
 * byte/word/dword, and the string forms OUTSB/INSB with REP.
 *
 * The device is COM1, a 16550 (National Semiconductor PC16550D datasheet):
 * its scratch register (base+7) holds any byte written to it, LSR
 * (base+5) bit 5 says the transmitter can take a byte, and THR (base+0)
 * sends one. REP OUTSB to THR prints a line without polling: fine on an
 * emulated UART, which transmits at once. Word and dword accesses go to
 * ports whose value is not checked (an unassigned port and the debugcon
 * port 0xE9): only the decode and the register width are exercised there.
 */
#include "guest.h"

#define COM1_SCR (COM1_BASE + 7)

int main(void)
{
    guest_puts("io: IN OUT INS OUTS\n");

    /* scratch register through DX (ee / ec) */
    for (uint32_t v = 0; v < 256; v += 17) {
        outb(COM1_SCR, (uint8_t)v);
        CHECK_EQ(inb(COM1_SCR), v);
    }
    /* LSR through an imm8 port is not possible (0x3fd > 0xff): use DX */
    CHECK(inb(COM1_LSR) & UART_LSR_THRE);

    /* imm8 port forms: 0x80 is the POST diagnostic port, write-only here */
    __asm__ volatile("outb %%al, $0x80" : : "a"(0x42));          /* e6 80 */
    __asm__ volatile("outw %%ax, $0x80" : : "a"(0x4242));        /* 66 e7 80 */
    __asm__ volatile("outl %%eax, $0x80" : : "a"(0x42424242));   /* e7 80 */
    uint32_t v = 0x12345678;
    __asm__ volatile("inb $0x80, %%al" : "+a"(v));                /* e4 80 */
    CHECK_EQ(v & 0xffffff00u, 0x12345600); /* only AL written */
    v = 0x12345678;
    __asm__ volatile("inw $0x80, %%ax" : "+a"(v));                /* 66 e5 80 */
    CHECK_EQ(v & 0xffff0000u, 0x12340000); /* only AX written */
    __asm__ volatile("inl $0x80, %%eax" : "+a"(v));               /* e5 80 */
    __asm__ volatile("outw %%ax, %%dx" : : "a"(0), "d"(0xe9 + 0x100)); /* 66 ef */
    __asm__ volatile("inl %%dx, %%eax" : "=a"(v) : "d"(0x2f0));       /* ed */

    /* REP OUTSB to THR */
    static const char line[] = "rep outsb to COM1 THR\n";
    uint32_t esi = (uint32_t)(uintptr_t)line, ecx = sizeof(line) - 1;
    __asm__ volatile("rep outsb" : "+S"(esi), "+c"(ecx) : "d"(COM1_BASE) : "memory"); /* f3 6e */
    CHECK_EQ(ecx, 0);
    CHECK_EQ(esi, (uint32_t)(uintptr_t)line + sizeof(line) - 1);

    /* REP INSB from the scratch register, then backwards with DF=1 */
    static uint8_t buf[8];
    outb(COM1_SCR, 0x5a);
    uint32_t edi = (uint32_t)(uintptr_t)buf;
    ecx = 4;
    __asm__ volatile("rep insb" : "+D"(edi), "+c"(ecx) : "d"(COM1_SCR) : "memory"); /* f3 6c */
    CHECK(buf[0] == 0x5a && buf[3] == 0x5a && buf[4] == 0);
    CHECK_EQ(edi, (uint32_t)(uintptr_t)buf + 4);
    outb(COM1_SCR, 0xa5);
    edi = (uint32_t)(uintptr_t)&buf[7];
    ecx = 2;
    __asm__ volatile("std\n\trep insb\n\tcld" : "+D"(edi), "+c"(ecx) : "d"(COM1_SCR) : "memory");
    CHECK(buf[7] == 0xa5 && buf[6] == 0xa5 && buf[5] == 0);
    CHECK_EQ(edi, (uint32_t)(uintptr_t)&buf[5]);
    /* single OUTSB, INSB */
    static const char bang[] = "!\n";
    esi = (uint32_t)(uintptr_t)bang;
    __asm__ volatile("outsb\n\toutsb" : "+S"(esi) : "d"(COM1_BASE) : "memory"); /* 6e */
    outb(COM1_SCR, 0x77);
    edi = (uint32_t)(uintptr_t)&buf[5];
    __asm__ volatile("insb" : "+D"(edi) : "d"(COM1_SCR) : "memory"); /* 6c */
    CHECK_EQ(buf[5], 0x77);
    guest_printf("buf %02x %02x %02x %02x %02x %02x %02x %02x\n", buf[0], buf[1], buf[2], buf[3],
                 buf[4], buf[5], buf[6], buf[7]);
    return guest_result("io");
}
