/*
 * pm_gdt_reload.c - LGDT of our own table, a far jump to reload CS, MOV
 * to every data segment register, SGDT/SIDT read-back, a data segment
 * with a non-zero base (DS:offset = base + offset) and the accessed bit
 * set by a segment load.
 */
#include "pm.h"

static uint32_t buf[16];

int main(void)
{
    guest_puts("pm_gdt_reload\n");
    pm_init();
    DescPtr g, i;
    __asm__ volatile("sgdt %0\n\tsidt %1" : "=m"(g), "=m"(i));
    guest_printf("gdt limit %x idt limit %x\n", g.limit, i.limit);
    CHECK_EQ(g.base, (uint32_t)pm_gdt);
    CHECK_EQ(i.base, (uint32_t)pm_idt);
    uint32_t cs, ds, ss;
    __asm__ volatile("movl %%cs, %0\n\tmovl %%ds, %1\n\tmovl %%ss, %2"
                     : "=r"(cs), "=r"(ds), "=r"(ss));
    guest_printf("cs %x ds %x ss %x\n", cs, ds, ss);
    buf[3] = 0x12345678;
    pm_set_desc(0x30, pm_desc((uint32_t)buf, 0xfffff, ACC_DATA, FLG_32));
    uint32_t v;
    __asm__ volatile("movl $0x30, %%eax\n\tmovl %%eax, %%fs\n\tmovl %%fs:12, %0\n\t"
                     "movl $0xabcd, %%fs:16"
                     : "=r"(v) : : "eax", "memory");
    guest_printf("fs:12 = %x buf[4] = %x\n", v, buf[4]);
    CHECK_EQ(v, 0x12345678);
    CHECK_EQ(buf[4], 0xabcd);
    guest_printf("fs accessed %d\n", (int)((pm_gdt[6] >> 40) & 1));
    __asm__ volatile("movl $0x10, %%eax\n\tmovl %%eax, %%fs" : : : "eax");
    return guest_result("pm_gdt_reload");
}
