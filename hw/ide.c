/*
 * ide.c - the primary IDE channel with one ATA hard disk, PIO only
 * (ATA/ATAPI-4, T13 1153D: "I/O register descriptions", "Command
 * descriptions", "PIO data-in/data-out protocols").
 *
 * Modelled: the task file (with 8-, 16- and 32-bit data port access),
 * status/alternate status (reading status acknowledges the interrupt),
 * error, device control (nIEN, SRST with the device signature), CHS and
 * LBA28 addressing, and the commands IDENTIFY DEVICE, READ/WRITE SECTORS
 * (with and without retries), READ/WRITE MULTIPLE with SET MULTIPLE MODE
 * (blocks of up to 16 sectors), READ VERIFY, SEEK, RECALIBRATE,
 * INITIALIZE DEVICE PARAMETERS (the CHS translation follows it), SET
 * FEATURES (accepted, nothing changes), FLUSH CACHE (fdatasync), EXECUTE
 * DEVICE DIAGNOSTIC, the power commands (accepted; always active) and
 * READ NATIVE MAX ADDRESS. Unknown commands abort (ABRT), which is also
 * how ATAPI probes (IDENTIFY PACKET DEVICE) learn this is no CD-ROM.
 *
 * Not modelled: the slave (selecting it makes the status read 0 and its
 * commands are ignored), DMA, LBA48, the secondary channel, command
 * timing (BSY is never set: each command completes inside the port write
 * that issued it). The default geometry is 16 heads, 63 sectors per
 * track, as many cylinders as fit (at most 16383); smaller images get
 * fewer heads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/ide.h"
#include "softmmu/bswap.h"

#define IDE_SECTOR_SIZE     512
#define IDE_LBA28_MAX  (1u << 28)
#define IDE_MODEL      "PCEMU HARDDISK"
#define IDE_SERIAL     "PCEMU00000001"
#define IDE_FIRMWARE   "1.0"

struct IDEState {
    IRQLine *irq;
    const Log *log;
    BlockDev *blk;
    uint32_t total;       /* sectors reachable (LBA28) */
    int cyls, heads, spt; /* default geometry */
    int cur_cyls, cur_heads, cur_spt;
    /* task file */
    uint8_t feature;
    uint8_t error;
    uint8_t nsector;
    uint8_t sector;
    uint8_t lcyl;
    uint8_t hcyl;
    uint8_t select;
    uint8_t status;
    uint8_t ctl;
    int mult_sectors; /* 0: multiple mode off */
    /* PIO transfer */
    uint8_t cmd;
    uint32_t xfer_lba;  /* next sector */
    int xfer_left;      /* sectors still to transfer */
    int xfer_block;     /* sectors per DRQ block */
    int buf_pos;
    int buf_len;
    bool irq_pending;
    int irq_level;
    uint8_t buf[IDE_MAX_MULT * IDE_SECTOR_SIZE];
};

static const Log ide_nolog = {0, NULL};

static bool ide_slave_selected(const IDEState *s)
{
    return (s->select & IDE_SELECT_DEV) != 0;
}

static void ide_update_irq(IDEState *s)
{
    int level = s->irq_pending && !(s->ctl & IDE_CTL_NIEN);

    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(s->irq, level);
    }
}

static void ide_raise(IDEState *s)
{
    s->irq_pending = true;
    ide_update_irq(s);
}

static void ide_set_signature(IDEState *s)
{
    s->nsector = 1;
    s->sector = 1;
    s->lcyl = 0;
    s->hcyl = 0;
    s->select &= IDE_SELECT_DEV;
    s->select |= 0xa0;
}

static void ide_default_geometry(IDEState *s)
{
    s->cur_cyls = s->cyls;
    s->cur_heads = s->heads;
    s->cur_spt = s->spt;
}

void ide_reset(IDEState *s)
{
    s->select = 0xa0;
    s->feature = 0;
    s->ctl = 0;
    s->mult_sectors = 0;
    s->buf_pos = s->buf_len = 0;
    s->xfer_left = 0;
    s->error = 0x01; /* diagnostics passed */
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
    ide_set_signature(s);
    ide_default_geometry(s);
    s->irq_pending = false;
    ide_update_irq(s);
}

/* Command completed; err != 0 sets ERR with that error register. */
static void ide_complete(IDEState *s, uint8_t err)
{
    s->buf_pos = s->buf_len = 0;
    s->xfer_left = 0;
    s->error = err;
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC | (err ? IDE_STAT_ERR : 0);
    ide_raise(s);
}

/* The sector the task file addresses, or -1 (IDNF). */
static int64_t ide_get_lba(const IDEState *s)
{
    if (s->select & IDE_SELECT_LBA) {
        return (int64_t)(s->select & 0x0f) << 24 | s->hcyl << 16 | s->lcyl << 8 | s->sector;
    }
    int cyl = s->lcyl | s->hcyl << 8, head = s->select & 0x0f, sect = s->sector;

    if (sect == 0 || sect > s->cur_spt || head >= s->cur_heads || cyl >= s->cur_cyls) {
        return -1;
    }
    return ((int64_t)cyl * s->cur_heads + head) * s->cur_spt + sect - 1;
}

/* Writes lba back to the task file in the addressing mode in use. */
static void ide_set_lba(IDEState *s, uint32_t lba)
{
    if (s->select & IDE_SELECT_LBA) {
        s->sector = (uint8_t)lba;
        s->lcyl = (uint8_t)(lba >> 8);
        s->hcyl = (uint8_t)(lba >> 16);
        s->select = (uint8_t)((s->select & 0xf0) | ((lba >> 24) & 0x0f));
    } else {
        uint32_t track = lba / (uint32_t)s->cur_spt, cyl = track / (uint32_t)s->cur_heads;

        s->sector = (uint8_t)(lba % (uint32_t)s->cur_spt + 1);
        s->lcyl = (uint8_t)cyl;
        s->hcyl = (uint8_t)(cyl >> 8);
        s->select = (uint8_t)((s->select & 0xf0) | (track % (uint32_t)s->cur_heads));
    }
}

static void ide_put_string(uint8_t *words, const char *str, int nbytes)
{
    int i, len = (int)strlen(str);

    for (i = 0; i < nbytes; i++) {
        /* ATA strings: the first character in the high byte of each word */
        words[i ^ 1] = (uint8_t)(i < len ? str[i] : ' ');
    }
}

static void ide_identify(IDEState *s)
{
    uint8_t *p = s->buf;
    uint32_t cur_cap = (uint32_t)(s->cur_cyls * s->cur_heads * s->cur_spt);

    memset(p, 0, IDE_SECTOR_SIZE);
    stw_le_p(p + 0 * 2, 0x0040); /* fixed disk */
    stw_le_p(p + 1 * 2, (uint32_t)s->cyls);
    stw_le_p(p + 3 * 2, (uint32_t)s->heads);
    stw_le_p(p + 4 * 2, (uint32_t)(IDE_SECTOR_SIZE * s->spt));
    stw_le_p(p + 5 * 2, IDE_SECTOR_SIZE);
    stw_le_p(p + 6 * 2, (uint32_t)s->spt);
    ide_put_string(p + 10 * 2, IDE_SERIAL, 20);
    stw_le_p(p + 20 * 2, 3);   /* buffer type: dual ported, read cache */
    stw_le_p(p + 21 * 2, 512); /* buffer size in sectors */
    ide_put_string(p + 23 * 2, IDE_FIRMWARE, 8);
    ide_put_string(p + 27 * 2, IDE_MODEL, 40);
    stw_le_p(p + 47 * 2, 0x8000 | IDE_MAX_MULT);
    stw_le_p(p + 49 * 2, 0x0200); /* LBA supported */
    stw_le_p(p + 50 * 2, 0x4000);
    stw_le_p(p + 51 * 2, 0x0200); /* PIO mode 2 timing */
    stw_le_p(p + 53 * 2, 0x0003); /* words 54-58 and 64-70 valid */
    stw_le_p(p + 54 * 2, (uint32_t)s->cur_cyls);
    stw_le_p(p + 55 * 2, (uint32_t)s->cur_heads);
    stw_le_p(p + 56 * 2, (uint32_t)s->cur_spt);
    stw_le_p(p + 57 * 2, cur_cap & 0xffff);
    stw_le_p(p + 58 * 2, cur_cap >> 16);
    stw_le_p(p + 59 * 2, s->mult_sectors ? 0x100 | (uint32_t)s->mult_sectors : 0);
    stw_le_p(p + 60 * 2, s->total & 0xffff);
    stw_le_p(p + 61 * 2, s->total >> 16);
    stw_le_p(p + 64 * 2, 0x0003); /* PIO modes 3 and 4 */
    stw_le_p(p + 65 * 2, 120);
    stw_le_p(p + 66 * 2, 120);
    stw_le_p(p + 67 * 2, 120);
    stw_le_p(p + 68 * 2, 120);
    stw_le_p(p + 80 * 2, 0x001e); /* ATA-1 to ATA-4 */
    stw_le_p(p + 82 * 2, 0x0000);
    stw_le_p(p + 83 * 2, 0x5000); /* FLUSH CACHE supported; bit 14 = valid */
    stw_le_p(p + 84 * 2, 0x4000);
    stw_le_p(p + 86 * 2, 0x1000); /* FLUSH CACHE enabled */
    stw_le_p(p + 87 * 2, 0x4000);
    s->buf_pos = 0;
    s->buf_len = IDE_SECTOR_SIZE;
    s->xfer_left = 0;
    s->cmd = 0xec;
    s->error = 0;
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC | IDE_STAT_DRQ;
    ide_raise(s);
}

/* Reads the next block into the buffer and asks for it to be taken. */
static void ide_read_block(IDEState *s)
{
    int n = s->xfer_left < s->xfer_block ? s->xfer_left : s->xfer_block;

    if (blk_read(s->blk, (uint64_t)s->xfer_lba * IDE_SECTOR_SIZE, s->buf, (size_t)n * IDE_SECTOR_SIZE) < 0) {
        log_mask(s->log, LOG_GUEST_ERRORS, "ide: read error at sector %u\n", s->xfer_lba);
        ide_set_lba(s, s->xfer_lba);
        ide_complete(s, IDE_ERR_UNC | IDE_ERR_ABRT);
        return;
    }
    s->buf_pos = 0;
    s->buf_len = n * IDE_SECTOR_SIZE;
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC | IDE_STAT_DRQ;
    ide_raise(s);
}

/* The guest may now fill the next block (no interrupt for the first). */
static void ide_write_block(IDEState *s, bool irq)
{
    int n = s->xfer_left < s->xfer_block ? s->xfer_left : s->xfer_block;

    s->buf_pos = 0;
    s->buf_len = n * IDE_SECTOR_SIZE;
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC | IDE_STAT_DRQ;
    if (irq) {
        ide_raise(s);
    }
}

/* READ/WRITE SECTORS or MULTIPLE: check the range, then the first block. */
static void ide_start_rw(IDEState *s, bool write, int block)
{
    int64_t lba = ide_get_lba(s);
    int count = s->nsector ? s->nsector : 256;

    if (block == 0) {
        ide_complete(s, IDE_ERR_ABRT); /* multiple mode is off */
        return;
    }
    if (lba < 0 || (uint64_t)lba + (uint64_t)count > s->total) {
        ide_complete(s, IDE_ERR_IDNF);
        return;
    }
    if (write && blk_is_readonly(s->blk)) {
        ide_complete(s, IDE_ERR_ABRT);
        return;
    }
    s->xfer_lba = (uint32_t)lba;
    s->xfer_left = count;
    s->xfer_block = block;
    if (write) {
        ide_write_block(s, false);
    } else {
        ide_read_block(s);
    }
}

/* The guest took (read) or gave (write) the whole buffer. */
static void ide_block_done(IDEState *s)
{
    int n = s->buf_len / IDE_SECTOR_SIZE;
    bool write = s->cmd == 0x30 || s->cmd == 0x31 || s->cmd == 0xc5;

    s->status &= (uint8_t)~IDE_STAT_DRQ;
    s->buf_pos = s->buf_len = 0;
    if (s->cmd == 0xec) {
        return;
    }
    if (write && blk_write(s->blk, (uint64_t)s->xfer_lba * IDE_SECTOR_SIZE, s->buf,
                           (size_t)n * IDE_SECTOR_SIZE) < 0) {
        log_mask(s->log, LOG_GUEST_ERRORS, "ide: write error at sector %u\n", s->xfer_lba);
        ide_set_lba(s, s->xfer_lba);
        ide_complete(s, IDE_ERR_ABRT);
        return;
    }
    s->xfer_lba += (uint32_t)n;
    s->xfer_left -= n;
    ide_set_lba(s, s->xfer_lba - 1);
    s->nsector = (uint8_t)s->xfer_left;
    if (s->xfer_left == 0) {
        if (write) {
            ide_complete(s, 0);
        }
        return;
    }
    if (write) {
        ide_write_block(s, true);
    } else {
        ide_read_block(s);
    }
}

static void ide_init_params(IDEState *s)
{
    int heads = (s->select & 0x0f) + 1, spt = s->nsector;
    uint32_t cyls;

    if (spt == 0) {
        ide_complete(s, IDE_ERR_ABRT);
        return;
    }
    cyls = s->total / (uint32_t)(heads * spt);
    s->cur_heads = heads;
    s->cur_spt = spt;
    s->cur_cyls = cyls > 65535 ? 65535 : (int)cyls;
    ide_complete(s, 0);
}

static void ide_set_multiple(IDEState *s)
{
    int n = s->nsector;

    if (n > IDE_MAX_MULT || (n & (n - 1)) != 0) {
        ide_complete(s, IDE_ERR_ABRT);
        return;
    }
    s->mult_sectors = n;
    ide_complete(s, 0);
}

/* Commands that only check the address (READ VERIFY, SEEK). */
static void ide_check_address(IDEState *s)
{
    int64_t lba = ide_get_lba(s);

    ide_complete(s, lba < 0 || (uint64_t)lba >= s->total ? IDE_ERR_IDNF : 0);
}

static void ide_exec_cmd(IDEState *s, uint8_t cmd)
{
    if (ide_slave_selected(s) && cmd != 0x90) {
        return; /* no slave: nobody executes it */
    }
    s->cmd = cmd;
    s->irq_pending = false;
    ide_update_irq(s);
    if ((cmd & 0xf0) == 0x10) {
        ide_complete(s, 0); /* RECALIBRATE */
        return;
    }
    if ((cmd & 0xf0) == 0x70) {
        ide_check_address(s); /* SEEK */
        return;
    }
    switch (cmd) {
    case 0x20: /* READ SECTORS */
    case 0x21:
        ide_start_rw(s, false, 1);
        break;
    case 0x30: /* WRITE SECTORS */
    case 0x31:
        ide_start_rw(s, true, 1);
        break;
    case 0xc4: /* READ MULTIPLE */
        ide_start_rw(s, false, s->mult_sectors);
        break;
    case 0xc5: /* WRITE MULTIPLE */
        ide_start_rw(s, true, s->mult_sectors);
        break;
    case 0x40: /* READ VERIFY SECTORS */
    case 0x41:
        ide_check_address(s);
        break;
    case 0x90: /* EXECUTE DEVICE DIAGNOSTIC */
        s->select &= (uint8_t)~IDE_SELECT_DEV;
        ide_set_signature(s);
        ide_complete(s, 0);
        s->error = 0x01;
        break;
    case 0x91:
        ide_init_params(s);
        break;
    case 0xc6:
        ide_set_multiple(s);
        break;
    case 0xe5: /* CHECK POWER MODE: active */
        s->nsector = 0xff;
        ide_complete(s, 0);
        break;
    case 0xe0: /* STANDBY IMMEDIATE, IDLE IMMEDIATE, STANDBY, IDLE, SLEEP */
    case 0xe1:
    case 0xe2:
    case 0xe3:
    case 0xe6:
    case 0xef: /* SET FEATURES: accepted, nothing to change */
        ide_complete(s, 0);
        break;
    case 0xe7: /* FLUSH CACHE */
        ide_complete(s, blk_flush(s->blk) < 0 ? IDE_ERR_ABRT : 0);
        break;
    case 0xec:
        ide_identify(s);
        break;
    case 0xf8: /* READ NATIVE MAX ADDRESS */
        s->select |= IDE_SELECT_LBA;
        ide_set_lba(s, s->total - 1);
        ide_complete(s, 0);
        break;
    default:
        log_mask(s->log, LOG_UNIMP, "ide: command 0x%02x\n", cmd);
        ide_complete(s, IDE_ERR_ABRT);
        break;
    }
}

static uint32_t ide_data_read(IDEState *s, int size)
{
    uint32_t val;

    if (!(s->status & IDE_STAT_DRQ) || ide_slave_selected(s) || s->cmd == 0x30 ||
        s->cmd == 0x31 || s->cmd == 0xc5 || s->buf_pos + size > s->buf_len) {
        return size_mask(size);
    }
    val = ld_le_p(s->buf + s->buf_pos, size);
    s->buf_pos += size;
    if (s->buf_pos >= s->buf_len) {
        ide_block_done(s);
    }
    return val;
}

static void ide_data_write(IDEState *s, uint32_t val, int size)
{
    bool write = s->cmd == 0x30 || s->cmd == 0x31 || s->cmd == 0xc5;

    if (!(s->status & IDE_STAT_DRQ) || !write || s->buf_pos + size > s->buf_len) {
        return;
    }
    st_le_p(s->buf + s->buf_pos, val, size);
    s->buf_pos += size;
    if (s->buf_pos >= s->buf_len) {
        ide_block_done(s);
    }
}

static uint8_t ide_reg_read(IDEState *s, uint32_t reg)
{
    switch (reg) {
    case IDE_ERROR:
        return ide_slave_selected(s) ? 0 : s->error;
    case IDE_NSECTOR:
        return s->nsector;
    case IDE_SECTOR:
        return s->sector;
    case IDE_LCYL:
        return s->lcyl;
    case IDE_HCYL:
        return s->hcyl;
    case IDE_SELECT:
        return s->select;
    default: /* IDE_STATUS */
        if (ide_slave_selected(s)) {
            return 0;
        }
        s->irq_pending = false;
        ide_update_irq(s);
        return s->status;
    }
}

static void ide_reg_write(IDEState *s, uint32_t reg, uint8_t val)
{
    switch (reg) {
    case IDE_FEATURE:
        s->feature = val;
        break;
    case IDE_NSECTOR:
        s->nsector = val;
        break;
    case IDE_SECTOR:
        s->sector = val;
        break;
    case IDE_LCYL:
        s->lcyl = val;
        break;
    case IDE_HCYL:
        s->hcyl = val;
        break;
    case IDE_SELECT:
        s->select = val | 0xa0;
        break;
    default: /* IDE_COMMAND */
        ide_exec_cmd(s, val);
        break;
    }
}

static uint32_t ide_ioport_read(void *opaque, uint32_t offset, int size)
{
    IDEState *s = opaque;
    uint32_t val = 0;
    int i;

    if (offset == IDE_DATA) {
        return ide_data_read(s, size);
    }
    for (i = 0; i < size; i++) {
        val |= (uint32_t)(offset + i < 8 ? ide_reg_read(s, offset + i) : 0xff) << (8 * i);
    }
    return val;
}

static void ide_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    IDEState *s = opaque;
    int i;

    if (offset == IDE_DATA) {
        ide_data_write(s, val, size);
        return;
    }
    for (i = 0; i < size && offset + i < 8; i++) {
        ide_reg_write(s, offset + i, (uint8_t)(val >> (8 * i)));
    }
}

static uint32_t ide_ctl_read(void *opaque, uint32_t offset, int size)
{
    IDEState *s = opaque;

    (void)offset;
    (void)size;
    return ide_slave_selected(s) ? 0 : s->status; /* alternate status: no acknowledge */
}

static void ide_ctl_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    IDEState *s = opaque;
    uint8_t old = s->ctl;

    (void)offset;
    (void)size;
    s->ctl = (uint8_t)val;
    if (val & IDE_CTL_SRST) {
        s->status = IDE_STAT_BSY;
        s->buf_pos = s->buf_len = 0;
        s->xfer_left = 0;
    } else if (old & IDE_CTL_SRST) {
        /* end of the reset pulse: diagnostics passed, signature, ready */
        s->error = 0x01;
        s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
        s->mult_sectors = 0;
        s->select &= (uint8_t)~IDE_SELECT_DEV;
        ide_set_signature(s);
        ide_default_geometry(s);
    }
    ide_update_irq(s);
}

static const IOOps ide_ops = {
    .read = ide_ioport_read, .write = ide_ioport_write, .sizes = IO_SIZE8 | IO_SIZE16 | IO_SIZE32};
static const IOOps ide_ctl_ops = {.read = ide_ctl_read, .write = ide_ctl_write, .sizes = IO_SIZE8};

IDEState *ide_init(IOSpace *io, IRQLine *irq, const Log *log)
{
    IDEState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->irq = irq;
    s->log = log ? log : &ide_nolog;
    s->cyls = s->heads = s->spt = 1;
    ide_reset(s);
    if (ioport_register(io, "ide", IDE_BASE, 8, &ide_ops, s) < 0 ||
        ioport_register(io, "ide-ctl", IDE_CTL_PORT, 1, &ide_ctl_ops, s) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void ide_free(IDEState *s)
{
    free(s);
}

int ide_attach(IDEState *s, BlockDev *blk, char *err, size_t errlen)
{
    uint64_t size = blk_size(blk), sectors = size / IDE_SECTOR_SIZE;
    uint32_t cyls;

    if (size < IDE_SECTOR_SIZE || size % IDE_SECTOR_SIZE != 0) {
        snprintf(err, errlen, "%s: hard disk image size %llu is not a whole number of %d-byte "
                 "sectors", blk_path(blk), (unsigned long long)size, IDE_SECTOR_SIZE);
        return -1;
    }
    s->blk = blk;
    s->total = sectors > IDE_LBA28_MAX ? IDE_LBA28_MAX : (uint32_t)sectors;
    s->spt = 63;
    s->heads = 16;
    if (s->total < 16 * 63) {
        s->heads = s->total >= 63 ? (int)(s->total / 63) : 1;
        s->spt = s->total >= 63 ? 63 : (int)s->total;
    }
    cyls = s->total / (uint32_t)(s->heads * s->spt);
    s->cyls = cyls > 16383 ? 16383 : (int)cyls;
    ide_reset(s);
    return 0;
}

bool ide_geometry(const IDEState *s, int *cyls, int *heads, int *spt)
{
    if (!s->blk) {
        return false;
    }
    *cyls = s->cyls;
    *heads = s->heads;
    *spt = s->spt;
    return true;
}
