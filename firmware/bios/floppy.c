/* floppy.c - floppy disks of pcemu's BIOS: 82077AA FDC with 8237 DMA.
 *
 * Transfers go through DMA channel 2 straight into the caller's buffer, so
 * a buffer that crosses a 64 KiB physical boundary gets error 09h, as on
 * the IBM AT (DOS splits such transfers itself). Command completion is
 * IRQ6, whose handler (entry.S) sets bit 7 of the BDA recalibrate byte;
 * waits give up after about two seconds (error 80h). The drive types come
 * from CMOS 10h; the media is assumed to be what the drive type says.
 */
#include "bios.h"

#define FDC_DOR  0x3f2
#define FDC_MSR  0x3f4
#define FDC_DATA 0x3f5
#define FDC_CCR  0x3f7

#define FDC_SPIN 100000

/* Per drive type (CMOS nibble 1-5): cylinders, sectors per track, data rate. */
struct FloppyType {
    uint8_t cyls, spt, rate;
};

static const struct FloppyType floppy_types[6] = {
    {0, 0, 0}, {40, 9, 2}, {80, 15, 0}, {80, 9, 2}, {80, 18, 0}, {80, 36, 3},
};

static bool fd_calibrated[2];

static uint8_t floppy_type(uint8_t drive)
{
    uint8_t t = cmos_read(CMOS_FLOPPY_TYPES);
    t = drive == 0 ? t >> 4 : t & 15;
    return t <= 5 ? t : 0;
}

bool floppy_present(uint8_t drive)
{
    return drive < 2 && floppy_type(drive) != 0;
}

void floppy_geometry(uint8_t drive, uint8_t *type, uint16_t *cyls, uint8_t *heads, uint8_t *spt)
{
    uint8_t t = drive < 2 ? floppy_type(drive) : 0;
    *type = t;
    *cyls = floppy_types[t].cyls;
    *heads = t ? 2 : 0;
    *spt = floppy_types[t].spt;
}

static bool fdc_wait_irq(void)
{
    uint32_t start = ticks_now();
    irq_disable();
    while (!(BDA8(BDA_FD_RECAL) & 0x80)) {
        uint32_t now = BDA32(BDA_TICKS);
        if (now >= start && now - start > 37) {
            irq_enable();
            return false;
        }
        wait_irq();
    }
    BDA8(BDA_FD_RECAL) &= 0x7f;
    irq_enable();
    return true;
}

static bool fdc_out(uint8_t v)
{
    for (uint32_t i = 0; i < FDC_SPIN; i++) {
        if ((inb(FDC_MSR) & 0xc0) == 0x80) {
            outb(FDC_DATA, v);
            return true;
        }
    }
    return false;
}

static int fdc_in(void)
{
    for (uint32_t i = 0; i < FDC_SPIN; i++) {
        if ((inb(FDC_MSR) & 0xc0) == 0xc0) {
            return inb(FDC_DATA);
        }
    }
    return -1;
}

static void fdc_sense(uint8_t *st0, uint8_t *pcn)
{
    fdc_out(0x08);
    *st0 = (uint8_t)fdc_in();
    *pcn = (uint8_t)fdc_in();
}

void floppy_reset(void)
{
    uint8_t st0, pcn;
    BDA8(BDA_FD_RECAL) &= 0x7f;
    outb(FDC_DOR, 0x00);
    io_delay();
    outb(FDC_DOR, 0x0c);
    fdc_wait_irq();
    for (int i = 0; i < 4; i++) {
        fdc_sense(&st0, &pcn);
    }
    outb(FDC_CCR, floppy_types[floppy_type(0)].rate);
    fdc_out(0x03); /* specify: SRT/HUT, HLT, DMA mode */
    fdc_out(0xdf);
    fdc_out(0x02);
    fd_calibrated[0] = fd_calibrated[1] = false;
    BDA8(BDA_FD_MOTOR) = 0;
}

void floppy_init(void)
{
    if (!floppy_present(0) && !floppy_present(1)) {
        return;
    }
    floppy_reset();
}

static void motor_on(uint8_t drive)
{
    irq_disable();
    BDA8(BDA_FD_MOTOR_TMO) = 0xff;
    if (!(BDA8(BDA_FD_MOTOR) & (1 << drive))) {
        BDA8(BDA_FD_MOTOR) = (BDA8(BDA_FD_MOTOR) & 0xf0) | (1 << drive);
        outb(FDC_DOR, 0x0c | (0x10 << drive) | drive);
    }
    irq_enable();
}

static bool fdc_seek(uint8_t drive, uint8_t head, uint8_t cyl)
{
    uint8_t st0, pcn;
    if (!fd_calibrated[drive]) {
        BDA8(BDA_FD_RECAL) &= 0x7f;
        fdc_out(0x07);
        fdc_out(drive);
        if (!fdc_wait_irq()) {
            return false;
        }
        fdc_sense(&st0, &pcn);
        fd_calibrated[drive] = true;
        BDA8(BDA_FD_CYL0 + drive) = 0;
    }
    if (BDA8(BDA_FD_CYL0 + drive) == cyl) {
        return true;
    }
    BDA8(BDA_FD_RECAL) &= 0x7f;
    fdc_out(0x0f);
    fdc_out((head << 2) | drive);
    fdc_out(cyl);
    if (!fdc_wait_irq()) {
        return false;
    }
    fdc_sense(&st0, &pcn);
    if ((st0 & 0xc0) || pcn != cyl) {
        fd_calibrated[drive] = false;
        return false;
    }
    BDA8(BDA_FD_CYL0 + drive) = cyl;
    return true;
}

static void dma_setup(int cmd, uint32_t phys, uint16_t len)
{
    static const uint8_t modes[3] = {0x46, 0x4a, 0x42};
    outb(0x0a, 0x06);
    outb(0x0c, 0x00);
    outb(0x0b, modes[cmd]);
    outb(0x04, phys & 0xff);
    outb(0x04, (phys >> 8) & 0xff);
    outb(0x81, (phys >> 16) & 0xff);
    outb(0x05, (len - 1) & 0xff);
    outb(0x05, (len - 1) >> 8);
    outb(0x0a, 0x02);
}

static uint8_t fdc_error(const uint8_t *res)
{
    if (res[1] & 0x02) {
        return 0x03;
    }
    if (res[1] & 0x20 || res[2] & 0x20) {
        return 0x10;
    }
    if (res[1] & 0x10) {
        return 0x08;
    }
    if (res[1] & 0x01 || res[2] & 0x01) {
        return 0x02;
    }
    return 0x04;
}

/* Transfer count sectors at CHS (cyl, head, sect) of drive to or from
 * seg:off. Returns 0 or a BIOS error code; *done gets the sector count. */
int floppy_xfer(int cmd, uint8_t drive, uint16_t cyl, uint8_t head, uint8_t sect, uint8_t count,
                uint16_t seg, uint16_t off, uint8_t *done)
{
    uint8_t res[7];
    uint8_t type = floppy_type(drive);
    uint32_t phys = ((uint32_t)seg << 4) + off;
    uint32_t len = (uint32_t)count * 512;
    *done = 0;
    if (!floppy_present(drive) || count == 0 || sect == 0) {
        return 0x01;
    }
    if ((phys & 0xffff) + len > 0x10000) {
        return 0x09;
    }
    motor_on(drive);
    outb(FDC_CCR, floppy_types[type].rate);
    if (!fdc_seek(drive, head, cyl)) {
        BDA8(BDA_FD_MOTOR_TMO) = 37;
        return 0x40;
    }
    dma_setup(cmd, phys, len);
    BDA8(BDA_FD_RECAL) &= 0x7f;
    fdc_out(cmd == XFER_WRITE ? 0xc5 : 0xe6);
    fdc_out((head << 2) | drive);
    fdc_out(cyl);
    fdc_out(head);
    fdc_out(sect);
    fdc_out(2);
    fdc_out(floppy_types[type].spt);
    fdc_out(0x1b);
    fdc_out(0xff);
    bool ok = fdc_wait_irq();
    BDA8(BDA_FD_MOTOR_TMO) = 37;
    if (!ok) {
        floppy_reset();
        return 0x80;
    }
    for (int i = 0; i < 7; i++) {
        res[i] = (uint8_t)fdc_in();
        BDA8(0x42 + i) = res[i];
    }
    if (res[0] & 0xc0) {
        return fdc_error(res);
    }
    *done = count;
    return 0;
}
