/* bios.h - shared definitions of pcemu's BIOS: register frame, BDA, I/O.
 *
 * Execution model (see docs/bios.md): the image is linked at offsets of
 * segment F000. Every service runs C code with CS=F000, DS=ES=SS=the EBDA
 * segment (its .data/.rodata/.bss were copied there by POST, the stack is
 * at its top) and GS=0, so low memory (IVT, BDA, boot sector) is reached
 * through __seg_gs pointers and any other far memory through the far_*
 * helpers, which load FS. The entry stub (entry.S) copies the caller's
 * registers into a struct BRegs on the BIOS stack and back on return.
 */
#ifndef BIOS_H
#define BIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where the EBDA lives: its size in KiB is also what INT 12h subtracts from
 * 640. */
#define EBDA_SEG 0x9F00
#define EBDA_KIB 4
#define BIOS_SEG 0xF000

/* Caller registers, laid out as entry.S pushes them. */
struct BRegs {
    uint16_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
    uint32_t handler;
    uint16_t ip, cs, flags;
} __attribute__((packed));

#define F_CF 0x0001
#define F_ZF 0x0040
#define F_IF 0x0200

/* Byte and word views of the 32-bit register fields. */
#define R_AL(r) (*((uint8_t *)&(r)->eax))
#define R_AH(r) (*((uint8_t *)&(r)->eax + 1))
#define R_BL(r) (*((uint8_t *)&(r)->ebx))
#define R_BH(r) (*((uint8_t *)&(r)->ebx + 1))
#define R_CL(r) (*((uint8_t *)&(r)->ecx))
#define R_CH(r) (*((uint8_t *)&(r)->ecx + 1))
#define R_DL(r) (*((uint8_t *)&(r)->edx))
#define R_DH(r) (*((uint8_t *)&(r)->edx + 1))
#define R_AX(r) (*((uint16_t *)&(r)->eax))
#define R_BX(r) (*((uint16_t *)&(r)->ebx))
#define R_CX(r) (*((uint16_t *)&(r)->ecx))
#define R_DX(r) (*((uint16_t *)&(r)->edx))
#define R_SI(r) (*((uint16_t *)&(r)->esi))
#define R_DI(r) (*((uint16_t *)&(r)->edi))

static inline void set_cf(struct BRegs *r, bool on)
{
    if (on) {
        r->flags |= F_CF;
    } else {
        r->flags &= ~F_CF;
    }
}

static inline void set_zf(struct BRegs *r, bool on)
{
    if (on) {
        r->flags |= F_ZF;
    } else {
        r->flags &= ~F_ZF;
    }
}

/* Return AH=code with CF set when code is not 0. */
static inline void ret_status(struct BRegs *r, uint8_t code)
{
    R_AH(r) = code;
    set_cf(r, code != 0);
}

/* Low memory (first 64 KiB) through GS=0. */
#define LOW8(a)  (*(volatile __seg_gs uint8_t *)(uintptr_t)(a))
#define LOW16(a) (*(volatile __seg_gs uint16_t *)(uintptr_t)(a))
#define LOW32(a) (*(volatile __seg_gs uint32_t *)(uintptr_t)(a))

/* BIOS data area fields (offsets from 0x400). */
#define BDA8(o)  LOW8(0x400 + (o))
#define BDA16(o) LOW16(0x400 + (o))
#define BDA32(o) LOW32(0x400 + (o))

#define BDA_COM_BASE     0x00
#define BDA_EBDA_SEG     0x0E
#define BDA_EQUIP        0x10
#define BDA_MEM_KIB      0x13
#define BDA_KBD_FLAGS1   0x17
#define BDA_KBD_FLAGS2   0x18
#define BDA_KBD_HEAD     0x1A
#define BDA_KBD_TAIL     0x1C
#define BDA_KBD_BUF      0x1E
#define BDA_FD_RECAL     0x3E /* bit 7: IRQ6 seen */
#define BDA_FD_MOTOR     0x3F
#define BDA_FD_MOTOR_TMO 0x40
#define BDA_FD_STATUS    0x41
#define BDA_VID_MODE     0x49
#define BDA_VID_COLS     0x4A
#define BDA_VID_PAGESZ   0x4C
#define BDA_VID_PAGEOFF  0x4E
#define BDA_CURSOR_POS   0x50 /* 8 words: low = column, high = row */
#define BDA_CURSOR_TYPE  0x60
#define BDA_VID_PAGE     0x62
#define BDA_CRTC_BASE    0x63
#define BDA_RESET_VEC    0x67
#define BDA_TICKS        0x6C
#define BDA_MIDNIGHT     0x70
#define BDA_HD_STATUS    0x74
#define BDA_HD_COUNT     0x75
#define BDA_COM_TIMEOUT  0x7C
#define BDA_KBD_START    0x80
#define BDA_KBD_END      0x82
#define BDA_VID_ROWS     0x84 /* rows - 1 */
#define BDA_CHAR_HEIGHT  0x85
#define BDA_FD_MEDIA0    0x90
#define BDA_FD_CYL0      0x94
#define BDA_KBD_FLAGS3   0x96
#define BDA_KBD_LEDS     0x97

#define TICKS_PER_DAY 0x1800B0

/* CMOS indices the BIOS reads. */
#define CMOS_FLOPPY_TYPES 0x10
#define CMOS_EXT_KIB_LO   0x30 /* KiB above 1 MiB, up to 64 MiB */
#define CMOS_EXT_KIB_HI   0x31
#define CMOS_MEM16_LO     0x34 /* 64 KiB blocks above 16 MiB */
#define CMOS_MEM16_HI     0x35
#define CMOS_BOOT_ORDER2  0x38 /* bits 7-4: third boot device */
#define CMOS_BOOT_ORDER   0x3D /* low nibble first, high nibble second */
#define CMOS_PCEMU_FLAGS  0x5F /* bit 0: mirror the console to COM1 */
#define CMOS_PCEMU_MIRROR 0x01

/* Port I/O. */
static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %w0, %w1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %w1, %w0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void io_delay(void)
{
    outb(0x80, 0);
}

static inline void irq_enable(void)
{
    __asm__ volatile("sti" : : : "memory");
}

static inline void irq_disable(void)
{
    __asm__ volatile("cli" : : : "memory");
}

/* Wait for an interrupt with interrupts enabled; the STI shadow makes
 * "sti; hlt" atomic, so a flag tested with interrupts off is not missed. */
static inline void wait_irq(void)
{
    __asm__ volatile("sti\n\thlt\n\tcli" : : : "memory");
}

/* Far memory through FS. */
static inline uint8_t far_rd8(uint16_t seg, uint16_t off)
{
    uint8_t v;
    __asm__ volatile("movw %w1, %%fs\n\tmovb %%fs:(%k2), %b0"
                     : "=q"(v)
                     : "r"(seg), "r"((uint32_t)off)
                     : "memory");
    return v;
}

static inline uint16_t far_rd16(uint16_t seg, uint16_t off)
{
    uint16_t v;
    __asm__ volatile("movw %w1, %%fs\n\tmovw %%fs:(%k2), %w0"
                     : "=r"(v)
                     : "r"(seg), "r"((uint32_t)off)
                     : "memory");
    return v;
}

static inline uint32_t far_rd32(uint16_t seg, uint16_t off)
{
    uint32_t v;
    __asm__ volatile("movw %w1, %%fs\n\tmovl %%fs:(%k2), %k0"
                     : "=r"(v)
                     : "r"(seg), "r"((uint32_t)off)
                     : "memory");
    return v;
}

static inline void far_wr8(uint16_t seg, uint16_t off, uint8_t v)
{
    __asm__ volatile("movw %w0, %%fs\n\tmovb %b2, %%fs:(%k1)"
                     :
                     : "r"(seg), "r"((uint32_t)off), "q"(v)
                     : "memory");
}

static inline void far_wr16(uint16_t seg, uint16_t off, uint16_t v)
{
    __asm__ volatile("movw %w0, %%fs\n\tmovw %w2, %%fs:(%k1)"
                     :
                     : "r"(seg), "r"((uint32_t)off), "r"(v)
                     : "memory");
}

static inline void far_wr32(uint16_t seg, uint16_t off, uint32_t v)
{
    __asm__ volatile("movw %w0, %%fs\n\tmovl %k2, %%fs:(%k1)"
                     :
                     : "r"(seg), "r"((uint32_t)off), "r"(v)
                     : "memory");
}

/* The BIOS's own segment, for far pointers handed to callers. */
static inline uint16_t bios_offset(const void *p)
{
    return (uint16_t)(uintptr_t)p;
}

/* util.c */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
uint8_t cmos_read(uint8_t index);
void cmos_write(uint8_t index, uint8_t v);
void puts_bios(const char *s);
void put_hex(uint32_t v, int digits);
void put_dec(uint32_t v);
uint32_t ticks_now(void);
void ticks_wait(uint32_t n);

/* Statics shared by modules (in the EBDA). */
extern bool bios_mirror_com1;

/* post.c */
void pic_eoi(int irq);

/* video.c */
void video_init(void);
void video_putc(uint8_t c);
void handle_10(struct BRegs *r);

/* serial.c */
void serial_init(void);
bool serial_putc(uint16_t base, uint8_t c);
void handle_14(struct BRegs *r);

/* kbd.c */
void kbd_init(void);
bool kbd_enqueue(uint16_t key);
void handle_09(struct BRegs *r);
void handle_16(struct BRegs *r);

/* disk.c, floppy.c, ata.c */
void disk_init(void);
void handle_13(struct BRegs *r);
void floppy_init(void);
int floppy_xfer(int cmd, uint8_t drive, uint16_t cyl, uint8_t head, uint8_t sect, uint8_t count,
                uint16_t seg, uint16_t off, uint8_t *done);
void floppy_reset(void);
bool floppy_present(uint8_t drive);
void floppy_geometry(uint8_t drive, uint8_t *type, uint16_t *cyls, uint8_t *heads, uint8_t *spt);
void ata_init(void);
int ata_xfer(bool write, uint8_t unit, uint32_t lba, uint16_t count, uint16_t seg, uint16_t off,
             uint16_t *done);
bool ata_present(uint8_t unit);
uint32_t ata_sectors(uint8_t unit);
void ata_geometry(uint8_t unit, uint16_t *cyls, uint8_t *heads, uint8_t *spt);

/* system.c, clock.c, post.c */
void handle_15(struct BRegs *r);
void handle_1a(struct BRegs *r);
void clock_init(void);
void handle_11(struct BRegs *r);
void handle_12(struct BRegs *r);
void handle_17(struct BRegs *r);
void handle_18(struct BRegs *r);
void handle_19(struct BRegs *r);

/* entry.S */
void boot_jump(uint8_t drive) __attribute__((noreturn));
void lapic_virtual_wire(uint32_t apic_base);
extern const uint8_t diskette_param_table[];
extern const uint8_t bios_config_table[];

/* Disk command codes of floppy_xfer. */
#define XFER_READ   0
#define XFER_WRITE  1
#define XFER_VERIFY 2

#endif
