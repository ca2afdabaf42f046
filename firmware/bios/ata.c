/* ata.c - hard disks of pcemu's BIOS: ATA PIO on the primary channel.
 *
 * POST sends IDENTIFY DEVICE to the master and the slave at 1F0h; ATAPI
 * devices and empty positions are skipped. Transfers use LBA28 READ/WRITE
 * SECTORS with the status register polled (nIEN set, so IRQ14 stays
 * quiet). INT 13h's CHS view is a logical geometry: the drive's own when it
 * has at most 1024 cylinders, else LBA-assisted translation (63 sectors,
 * 16-255 heads).
 */
#include "bios.h"

#define ATA_BASE 0x1f0
#define ATA_CTRL 0x3f6

#define ATA_DATA    0
#define ATA_COUNT   2
#define ATA_LBA0    3
#define ATA_LBA1    4
#define ATA_LBA2    5
#define ATA_DEVICE  6
#define ATA_STATUS  7
#define ATA_COMMAND 7

#define ATA_SR_ERR 0x01
#define ATA_SR_DRQ 0x08
#define ATA_SR_DF  0x20
#define ATA_SR_BSY 0x80

#define ATA_SPIN 1000000

struct AtaDrive {
    bool present;
    uint8_t unit; /* 0 master, 1 slave */
    uint32_t sectors;
    uint16_t cyls;
    uint8_t heads, spt;
};

static struct AtaDrive ata_drives[2];
static uint16_t ata_id[256];

static uint8_t ata_wait(void)
{
    for (uint32_t i = 0; i < ATA_SPIN; i++) {
        uint8_t st = inb(ATA_BASE + ATA_STATUS);
        if (!(st & ATA_SR_BSY)) {
            return st;
        }
    }
    return 0xff;
}

static void ata_select(uint8_t unit, uint8_t bits)
{
    outb(ATA_BASE + ATA_DEVICE, 0xa0 | bits | (unit << 4));
    for (int i = 0; i < 4; i++) {
        inb(ATA_CTRL);
    }
}

static void pio_in(uint16_t seg, uint16_t off)
{
    uint32_t di = off, cx = 256;
    __asm__ volatile("pushw %%es\n\tmovw %w2, %%es\n\trep insw\n\tpopw %%es"
                     : "+D"(di), "+c"(cx)
                     : "r"(seg), "d"(ATA_BASE)
                     : "memory");
}

static void pio_out(uint16_t seg, uint16_t off)
{
    uint32_t si = off, cx = 256;
    __asm__ volatile("pushw %%ds\n\tmovw %w2, %%ds\n\trep outsw\n\tpopw %%ds"
                     : "+S"(si), "+c"(cx)
                     : "r"(seg), "d"(ATA_BASE)
                     : "memory");
}

static void ata_probe(struct AtaDrive *d, uint8_t unit)
{
    d->unit = unit;
    ata_select(unit, 0);
    uint8_t st = inb(ATA_BASE + ATA_STATUS);
    if (st == 0 || st == 0xff || st == 0x7f) {
        return;
    }
    st = ata_wait();
    if (st == 0xff) {
        return;
    }
    outb(ATA_BASE + ATA_COMMAND, 0xec);
    st = ata_wait();
    if (st == 0xff || (st & ATA_SR_ERR) || !(st & ATA_SR_DRQ)) {
        return;
    }
    pio_in(EBDA_SEG, bios_offset(ata_id));
    d->present = true;
    d->sectors = ata_id[49] & 0x200 ? ata_id[60] | ((uint32_t)ata_id[61] << 16)
                                    : (uint32_t)ata_id[1] * ata_id[3] * ata_id[6];
    if (ata_id[1] <= 1024 && ata_id[3] <= 16 && ata_id[6] <= 63) {
        d->cyls = ata_id[1];
        d->heads = ata_id[3];
        d->spt = ata_id[6];
        return;
    }
    d->spt = 63;
    d->heads = 255;
    static const uint8_t heads[4] = {16, 32, 64, 128};
    for (int i = 0; i < 4; i++) {
        if (d->sectors <= (uint32_t)1024 * heads[i] * 63) {
            d->heads = heads[i];
            break;
        }
    }
    uint32_t c = d->sectors / ((uint32_t)d->heads * 63);
    d->cyls = c > 1024 ? 1024 : c;
}

void ata_init(void)
{
    uint8_t n = 0;
    if (inb(ATA_BASE + ATA_STATUS) == 0xff) {
        return;
    }
    outb(ATA_CTRL, 0x02); /* nIEN: we poll */
    /* INT 13h numbers the drives found from 80h, master first. */
    for (uint8_t unit = 0; unit < 2; unit++) {
        ata_probe(&ata_drives[n], unit);
        n += ata_drives[n].present;
    }
    BDA8(BDA_HD_COUNT) = n;
}

bool ata_present(uint8_t unit)
{
    return unit < 2 && ata_drives[unit].present;
}

uint32_t ata_sectors(uint8_t unit)
{
    return ata_drives[unit].sectors;
}

void ata_geometry(uint8_t unit, uint16_t *cyls, uint8_t *heads, uint8_t *spt)
{
    *cyls = ata_drives[unit].cyls;
    *heads = ata_drives[unit].heads;
    *spt = ata_drives[unit].spt;
}

/* Transfer count sectors from LBA lba; returns 0 or a BIOS error code. */
int ata_xfer(bool write, uint8_t unit, uint32_t lba, uint16_t count, uint16_t seg, uint16_t off,
             uint16_t *done)
{
    uint32_t lin = ((uint32_t)seg << 4) + off;
    *done = 0;
    if (!ata_present(unit)) {
        return 0x01;
    }
    if (lba + count > ata_drives[unit].sectors || lba + count < lba) {
        return 0x04;
    }
    while (count) {
        uint8_t n = count > 128 ? 128 : count;
        if (ata_wait() & ATA_SR_BSY) {
            return 0x80;
        }
        ata_select(ata_drives[unit].unit, 0x40 | ((lba >> 24) & 0x0f));
        outb(ATA_BASE + ATA_COUNT, n);
        outb(ATA_BASE + ATA_LBA0, lba & 0xff);
        outb(ATA_BASE + ATA_LBA1, (lba >> 8) & 0xff);
        outb(ATA_BASE + ATA_LBA2, (lba >> 16) & 0xff);
        outb(ATA_BASE + ATA_COMMAND, write ? 0x30 : 0x20);
        for (uint8_t i = 0; i < n; i++) {
            uint8_t st = ata_wait();
            if (st == 0xff) {
                return 0x80;
            }
            if (st & (ATA_SR_ERR | ATA_SR_DF) || !(st & ATA_SR_DRQ)) {
                return write ? 0xcc : 0x10;
            }
            if (write) {
                pio_out(lin >> 4, lin & 15);
            } else {
                pio_in(lin >> 4, lin & 15);
            }
            lin += 512;
            (*done)++;
        }
        if (write) {
            uint8_t st = ata_wait();
            if (st & (ATA_SR_ERR | ATA_SR_DF)) {
                return 0xcc;
            }
        }
        lba += n;
        count -= n;
    }
    return 0;
}
