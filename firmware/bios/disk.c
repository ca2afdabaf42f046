/* disk.c - INT 13h of pcemu's BIOS: drive numbers, CHS and LBA requests.
 *
 * Drives 00h-01h are the floppy drives (floppy.c), 80h-81h the ATA disks
 * found at POST (ata.c). Functions: 00h reset, 01h last status, 02h read,
 * 03h write, 04h verify, 08h parameters, 15h type, 16h change line (never
 * reports a change), and for hard disks 41h-44h, 47h, 48h (EDD 3.0 with a
 * 16-byte packet; the 64-bit flat buffer form is refused). 05h (format),
 * 0Ch/0Dh/10h/11h succeed without touching the drive.
 */
#include "bios.h"

void disk_init(void)
{
    floppy_init();
    ata_init();
}

static void disk_status(struct BRegs *r, uint8_t code)
{
    if (R_DL(r) & 0x80) {
        BDA8(BDA_HD_STATUS) = code;
    } else {
        BDA8(BDA_FD_STATUS) = code;
    }
    ret_status(r, code);
}

static void floppy_chs(struct BRegs *r, int cmd)
{
    uint8_t done = 0;
    uint16_t cyl = R_CH(r) | ((R_CL(r) & 0xc0) << 2);
    int err =
        floppy_xfer(cmd, R_DL(r), cyl, R_DH(r), R_CL(r) & 0x3f, R_AL(r), r->es, R_BX(r), &done);
    R_AL(r) = done;
    disk_status(r, err);
}

static void ata_chs(struct BRegs *r, uint8_t unit, int cmd)
{
    uint16_t cyls, done = 0;
    uint8_t heads, spt;
    uint16_t cyl = R_CH(r) | ((R_CL(r) & 0xc0) << 2);
    uint8_t sect = R_CL(r) & 0x3f, head = R_DH(r);
    ata_geometry(unit, &cyls, &heads, &spt);
    if (sect == 0 || sect > spt || head >= heads || cyl >= cyls || R_AL(r) == 0) {
        R_AL(r) = 0;
        disk_status(r, 0x01);
        return;
    }
    uint32_t lba = ((uint32_t)cyl * heads + head) * spt + sect - 1;
    int err = 0;
    if (cmd == XFER_VERIFY) {
        done = R_AL(r);
        if (lba + done > ata_sectors(unit)) {
            err = 0x04;
            done = 0;
        }
    } else {
        err = ata_xfer(cmd == XFER_WRITE, unit, lba, R_AL(r), r->es, R_BX(r), &done);
    }
    R_AL(r) = done;
    disk_status(r, err);
}

static void disk_params(struct BRegs *r)
{
    uint16_t cyls;
    uint8_t heads, spt, type;
    if (R_DL(r) & 0x80) {
        uint8_t unit = R_DL(r) & 0x7f;
        if (!ata_present(unit)) {
            disk_status(r, 0x01);
            return;
        }
        ata_geometry(unit, &cyls, &heads, &spt);
        cyls -= 1;
        R_CH(r) = cyls & 0xff;
        R_CL(r) = spt | ((cyls >> 2) & 0xc0);
        R_DH(r) = heads - 1;
        R_DL(r) = BDA8(BDA_HD_COUNT);
        R_AX(r) = 0;
        set_cf(r, false);
        return;
    }
    floppy_geometry(R_DL(r), &type, &cyls, &heads, &spt);
    uint8_t n = floppy_present(0) + floppy_present(1);
    R_BL(r) = type;
    R_BH(r) = 0;
    if (type) {
        cyls -= 1;
        R_CH(r) = cyls & 0xff;
        R_CL(r) = spt | ((cyls >> 2) & 0xc0);
        R_DH(r) = heads - 1;
        r->es = BIOS_SEG;
        R_DI(r) = bios_offset(diskette_param_table);
    } else {
        R_CX(r) = 0;
        R_DH(r) = 0;
    }
    R_DL(r) = n;
    R_AX(r) = 0;
    set_cf(r, false);
}

/* Extended read/write/verify/seek through the disk address packet at DS:SI. */
static void ext_xfer(struct BRegs *r, uint8_t unit, uint8_t fn)
{
    uint16_t ds = r->ds, si = R_SI(r);
    uint16_t count = far_rd16(ds, si + 2);
    uint16_t off = far_rd16(ds, si + 4), seg = far_rd16(ds, si + 6);
    uint32_t lba = far_rd32(ds, si + 8), lba_hi = far_rd32(ds, si + 12);
    uint16_t done = 0;
    int err = 0;
    if (far_rd8(ds, si) < 0x10 || lba_hi != 0 || (seg == 0xffff && off == 0xffff)) {
        disk_status(r, 0x01);
        return;
    }
    if (fn == 0x42 || fn == 0x43) {
        err = ata_xfer(fn == 0x43, unit, lba, count, seg, off, &done);
    } else if (lba + count > ata_sectors(unit)) {
        err = 0x04;
    } else {
        done = count;
    }
    if (fn != 0x47) {
        far_wr16(ds, si + 2, done);
    }
    disk_status(r, err);
}

static void ext_params(struct BRegs *r, uint8_t unit)
{
    uint16_t ds = r->ds, si = R_SI(r), cyls;
    uint8_t heads, spt;
    if (far_rd16(ds, si) < 0x1a) {
        disk_status(r, 0x01);
        return;
    }
    ata_geometry(unit, &cyls, &heads, &spt);
    far_wr16(ds, si, 0x1a);
    far_wr16(ds, si + 2, 0x0002); /* CHS information valid */
    far_wr32(ds, si + 4, cyls);
    far_wr32(ds, si + 8, heads);
    far_wr32(ds, si + 12, spt);
    far_wr32(ds, si + 16, ata_sectors(unit));
    far_wr32(ds, si + 20, 0);
    far_wr16(ds, si + 24, 512);
    disk_status(r, 0);
}

static void handle_13_hd(struct BRegs *r)
{
    uint8_t unit = R_DL(r) & 0x7f, fn = R_AH(r);
    if (!ata_present(unit)) {
        disk_status(r, 0x01);
        return;
    }
    switch (fn) {
    case 0x00:
    case 0x05:
    case 0x09:
    case 0x0c:
    case 0x0d:
    case 0x10:
    case 0x11:
    case 0x14:
        disk_status(r, 0);
        break;
    case 0x01:
        R_AL(r) = BDA8(BDA_HD_STATUS);
        ret_status(r, R_AL(r));
        break;
    case 0x02:
        ata_chs(r, unit, XFER_READ);
        break;
    case 0x03:
        ata_chs(r, unit, XFER_WRITE);
        break;
    case 0x04:
        ata_chs(r, unit, XFER_VERIFY);
        break;
    case 0x08:
        disk_params(r);
        break;
    case 0x15: {
        uint32_t n = ata_sectors(unit);
        R_CX(r) = n >> 16;
        R_DX(r) = n & 0xffff;
        R_AH(r) = 0x03;
        set_cf(r, false);
        break;
    }
    case 0x41:
        if (R_BX(r) != 0x55aa) {
            disk_status(r, 0x01);
            break;
        }
        R_BX(r) = 0xaa55;
        R_CX(r) = 0x0001;
        R_AH(r) = 0x30;
        set_cf(r, false);
        break;
    case 0x42:
    case 0x43:
    case 0x44:
    case 0x47:
        ext_xfer(r, unit, fn);
        break;
    case 0x48:
        ext_params(r, unit);
        break;
    default:
        disk_status(r, 0x01);
        break;
    }
}

static void handle_13_fd(struct BRegs *r)
{
    uint8_t drive = R_DL(r);
    switch (R_AH(r)) {
    case 0x00:
        if (floppy_present(drive)) {
            floppy_reset();
        }
        disk_status(r, 0);
        break;
    case 0x01:
        R_AL(r) = BDA8(BDA_FD_STATUS);
        ret_status(r, R_AL(r));
        break;
    case 0x02:
        floppy_chs(r, XFER_READ);
        break;
    case 0x03:
        floppy_chs(r, XFER_WRITE);
        break;
    case 0x04:
        floppy_chs(r, XFER_VERIFY);
        break;
    case 0x08:
        disk_params(r);
        break;
    case 0x15:
        R_AH(r) = floppy_present(drive) ? 0x02 : 0x00;
        set_cf(r, false);
        break;
    case 0x16:
        disk_status(r, floppy_present(drive) ? 0x00 : 0x80);
        break;
    case 0x17:
        disk_status(r, 0);
        break;
    case 0x18:
        r->es = BIOS_SEG;
        R_DI(r) = bios_offset(diskette_param_table);
        disk_status(r, 0);
        break;
    default:
        disk_status(r, 0x01);
        break;
    }
}

void handle_13(struct BRegs *r)
{
    irq_enable();
    if (R_DL(r) & 0x80) {
        handle_13_hd(r);
    } else {
        handle_13_fd(r);
    }
}
