/* post.c - power-on self test of pcemu's BIOS, and the small services.
 *
 * POST builds the interrupt vector table, the BIOS data area and the
 * EBDA, programs the 8259A pair (IRQ0-7 at 08h, IRQ8-15 at 70h) and PIT
 * channel 0 (mode 3, divisor 65536: 18.2 Hz), then initialises COM1, the
 * screen, the keyboard and the disks, and returns to entry.S, which does
 * INT 19h. Also here: INT 11h, 12h, 17h, 18h, 19h (boot).
 */
#include "bios.h"

bool bios_mirror_com1;

extern char vec09[], vec10[], vec11[], vec12[], vec13[], vec14[], vec15[], vec16[];
extern char vec17[], vec18[], vec19[], vec1a[], int08_entry[], int0e_entry[];
extern char irq_master_default[], irq_slave_default[], default_iret[];

static void ivt_set(int vec, const void *handler)
{
    LOW32(vec * 4) = ((uint32_t)BIOS_SEG << 16) | bios_offset(handler);
}

static void ivt_init(void)
{
    for (int v = 0; v < 256; v++) {
        ivt_set(v, default_iret);
    }
    for (int v = 0; v < 8; v++) {
        ivt_set(0x08 + v, irq_master_default);
        ivt_set(0x70 + v, irq_slave_default);
    }
    ivt_set(0x08, int08_entry);
    ivt_set(0x09, vec09);
    ivt_set(0x0e, int0e_entry);
    ivt_set(0x10, vec10);
    ivt_set(0x11, vec11);
    ivt_set(0x12, vec12);
    ivt_set(0x13, vec13);
    ivt_set(0x14, vec14);
    ivt_set(0x15, vec15);
    ivt_set(0x16, vec16);
    ivt_set(0x17, vec17);
    ivt_set(0x18, vec18);
    ivt_set(0x19, vec19);
    ivt_set(0x1a, vec1a);
    ivt_set(0x1e, diskette_param_table);
    /* Tables we do not provide, and the user vectors, are null. */
    LOW32(0x1d * 4) = 0;
    LOW32(0x1f * 4) = 0;
    LOW32(0x41 * 4) = 0;
    LOW32(0x43 * 4) = 0;
    LOW32(0x46 * 4) = 0;
    for (int v = 0x60; v < 0x68; v++) {
        LOW32(v * 4) = 0;
    }
}

static void bda_init(void)
{
    for (int i = 0; i < 0x100; i++) {
        LOW8(0x400 + i) = 0;
    }
    BDA16(BDA_EBDA_SEG) = EBDA_SEG;
    BDA16(BDA_MEM_KIB) = 640 - EBDA_KIB;
    BDA16(BDA_KBD_HEAD) = BDA_KBD_BUF;
    BDA16(BDA_KBD_TAIL) = BDA_KBD_BUF;
    BDA16(BDA_KBD_START) = BDA_KBD_BUF;
    BDA16(BDA_KBD_END) = BDA_KBD_BUF + 32;
    /* EBDA header: its size in KiB. */
    far_wr8(EBDA_SEG, 0, EBDA_KIB);
}

static void pic_init(void)
{
    outb(0x20, 0x11); /* ICW1: edge, cascade, ICW4 */
    outb(0xa0, 0x11);
    outb(0x21, 0x08); /* ICW2: vector bases */
    outb(0xa1, 0x70);
    outb(0x21, 0x04); /* ICW3: slave on IRQ2 */
    outb(0xa1, 0x02);
    outb(0x21, 0x01); /* ICW4: 8086 mode */
    outb(0xa1, 0x01);
    /* OCW1: IRQ0 timer, 1 keyboard, 2 cascade, 6 floppy; IRQ14 IDE. */
    outb(0x21, 0xb8);
    outb(0xa1, 0xbf);
}

void pic_eoi(int irq)
{
    if (irq >= 8) {
        outb(0xa0, 0x20);
    }
    outb(0x20, 0x20);
}

/* A CPU with a local APIC powers up with LINT0 masked, so the 8259's INTR
 * would never reach it (QEMU models this). Put the APIC in virtual wire
 * mode, as the MP specification asks of a BIOS: LINT0 ExtINT, LINT1 NMI. */
static void lapic_init(void)
{
    uint32_t f0, f1, a, b, c, d;
    __asm__ volatile("pushfl\n\tpopl %0\n\tmovl %0, %1\n\txorl $0x200000, %0\n\t"
                     "pushl %0\n\tpopfl\n\tpushfl\n\tpopl %0"
                     : "=&r"(f1), "=&r"(f0));
    if (!((f0 ^ f1) & 0x200000)) {
        return; /* no CPUID */
    }
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1));
    if ((d & (1 << 9)) && (d & (1 << 5))) {
        __asm__ volatile("rdmsr" : "=a"(a), "=d"(d) : "c"(0x1b));
        if (a & (1u << 11)) {
            lapic_virtual_wire(a & 0xfffff000);
        }
    }
}

static void pit_init(void)
{
    outb(0x43, 0x36); /* channel 0, lobyte/hibyte, mode 3, binary */
    outb(0x40, 0);
    outb(0x40, 0);
}

static void equipment_init(void)
{
    uint16_t eq = 0x0020; /* initial video mode: 80x25 colour */
    uint8_t fd = cmos_read(CMOS_FLOPPY_TYPES);
    int nfd = ((fd >> 4) != 0) + ((fd & 15) != 0);
    if (nfd) {
        eq |= 0x0001 | ((nfd - 1) << 6);
    }
    if (inb(0x3fd) != 0xff) {
        BDA16(BDA_COM_BASE) = 0x3f8;
        eq |= 1 << 9;
    }
    BDA16(BDA_EQUIP) = eq;
}

void post_main(void)
{
    ivt_init();
    bda_init();
    lapic_init();
    pic_init();
    pit_init();
    equipment_init();
    bios_mirror_com1 = (cmos_read(CMOS_PCEMU_FLAGS) & CMOS_PCEMU_MIRROR) != 0;
    serial_init();
    video_init();
    clock_init();
    irq_enable();
    puts_bios("pcemu BIOS\r\n");
    kbd_init();
    disk_init();
}

void handle_11(struct BRegs *r)
{
    R_AX(r) = BDA16(BDA_EQUIP);
}

void handle_12(struct BRegs *r)
{
    R_AX(r) = BDA16(BDA_MEM_KIB);
}

/* No printer: every function reports a time-out. */
void handle_17(struct BRegs *r)
{
    R_AH(r) = 0x01;
}

static void halt_forever(void)
{
    for (;;) {
        irq_disable();
        wait_irq();
    }
}

void handle_18(struct BRegs *r)
{
    (void)r;
    puts_bios("No bootable device.\r\n");
    halt_forever();
}

static bool boot_floppy(void)
{
    uint8_t done;
    if (!floppy_present(0)) {
        return false;
    }
    puts_bios("Booting from floppy...\r\n");
    for (int tries = 0; tries < 3; tries++) {
        floppy_reset();
        if (floppy_xfer(XFER_READ, 0, 0, 0, 1, 1, 0, 0x7c00, &done) == 0) {
            boot_jump(0x00);
        }
    }
    return false;
}

static bool boot_disk(void)
{
    uint16_t done;
    if (!ata_present(0)) {
        return false;
    }
    puts_bios("Booting from hard disk...\r\n");
    if (ata_xfer(false, 0, 0, 1, 0, 0x7c00, &done) != 0 || LOW16(0x7dfe) != 0xaa55) {
        puts_bios("Boot sector not bootable.\r\n");
        return false;
    }
    boot_jump(0x80);
}

/* Boot order from CMOS 3Dh (low nibble first, high nibble second) and
 * 38h bits 7-4 (third), as QEMU's board sets it: 1 floppy, 2 hard disk,
 * 3 CD-ROM (not supported). Nothing set: floppy, then hard disk. */
void handle_19(struct BRegs *r)
{
    uint8_t order[3];
    uint8_t b = cmos_read(CMOS_BOOT_ORDER);
    (void)r;
    order[0] = b & 15;
    order[1] = b >> 4;
    order[2] = cmos_read(CMOS_BOOT_ORDER2) >> 4;
    if (order[0] == 0) {
        order[0] = 1;
        order[1] = 2;
        order[2] = 0;
    }
    for (int i = 0; i < 3; i++) {
        if (order[i] == 1 && boot_floppy()) {
            break;
        }
        if (order[i] == 2 && boot_disk()) {
            break;
        }
    }
    handle_18(r);
}
