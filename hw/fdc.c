/*
 * fdc.c - the Intel 82077AA floppy disk controller (82077AA datasheet:
 * "Register Description", "Command Set/Descriptions", "Status Register
 * Encoding"), in PC-AT mode with two drives backed by raw images.
 *
 * Modelled: DOR (drive select, reset, DMA/IRQ gate), MSR, DSR (data rate,
 * software reset), CCR, DIR (disk change), the command/result FIFO, and
 * the commands SPECIFY, SENSE DRIVE STATUS, RECALIBRATE, SENSE INTERRUPT
 * STATUS (with the four polling interrupts after a reset), SEEK, READ
 * DATA, WRITE DATA (multi-sector, multi-track, ending at terminal count
 * or end of track), FORMAT TRACK (fills each sector with the filler byte,
 * at the sector numbers the ID fields give), READ ID, VERSION, CONFIGURE,
 * LOCK, DUMPREG and PERPENDICULAR MODE (stored). The data rate must match
 * the medium (500 kbit/s for 1.2M/1.44M, 250 for 720K, 250 or 300 for
 * 40-track media, 1 Mbit/s for 2.88M) or reads fail with "missing address
 * mark", which is how BIOSes sense the medium.
 *
 * Not modelled: non-DMA (PIO) data transfers (SPECIFY ND=1 makes data
 * commands fail with an overrun; logged under -d unimp), READ TRACK,
 * VERIFY, SCAN, READ/WRITE DELETED DATA (invalid command), sector sizes
 * other than 512 bytes, FM recording, seek and head-load timing (every
 * command completes at once), motor timing (commands work with the motor
 * off), and the PS/2 and Model 30 register modes. Sector addresses come
 * from the command's C/H/R (an implied seek), not the head position.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/fdc.h"

#define FDC_SECTOR 512
#define FDC_MAX_CMD 9
#define FDC_MAX_RES 10

/* ST0..ST3 bits (datasheet, "Status Register Encoding"). */
#define FDC_ST0_ABNORMAL 0x40
#define FDC_ST0_INVALID  0x80
#define FDC_ST0_POLL     0xc0
#define FDC_ST0_SE       0x20
#define FDC_ST0_EC       0x10
#define FDC_ST1_MA       0x01
#define FDC_ST1_NW       0x02
#define FDC_ST1_ND       0x04
#define FDC_ST1_OR       0x10
#define FDC_ST1_DE       0x20
#define FDC_ST1_EN       0x80
#define FDC_ST2_MD       0x01
#define FDC_ST2_DD       0x20
#define FDC_ST3_T0       0x10
#define FDC_ST3_TS       0x08
#define FDC_ST3_RDY      0x20
#define FDC_ST3_WP       0x40

#define FDC_CMD_MT 0x80

#define FDC_CONFIG_EFIFO 0x20
#define FDC_CONFIG_POLL  0x10 /* 1: polling disabled */

enum {
    FDC_CMD_SPECIFY = 0x03,
    FDC_CMD_SENSE_DRIVE = 0x04,
    FDC_CMD_WRITE = 0x05,
    FDC_CMD_READ = 0x06,
    FDC_CMD_RECALIBRATE = 0x07,
    FDC_CMD_SENSE_INT = 0x08,
    FDC_CMD_READ_ID = 0x0a,
    FDC_CMD_FORMAT = 0x0d,
    FDC_CMD_DUMPREG = 0x0e,
    FDC_CMD_SEEK = 0x0f,
    FDC_CMD_VERSION = 0x10,
    FDC_CMD_PERPENDICULAR = 0x12,
    FDC_CMD_CONFIGURE = 0x13,
    FDC_CMD_LOCK = 0x14,
};

typedef struct FDCFormat {
    uint32_t size;
    uint8_t cyls;
    uint8_t heads;
    uint8_t spt;
    uint8_t rate;     /* FDC_RATE_* the medium is recorded at */
    uint8_t alt_rate; /* also accepted (5.25" media in a 1.2M drive) */
    uint8_t cmos_type;
} FDCFormat;

// clang-format off
static const FDCFormat fdc_formats[] = {
    {  163840, 40, 1,  8, FDC_RATE_250K, FDC_RATE_300K, 1 }, /* 160K */
    {  184320, 40, 1,  9, FDC_RATE_250K, FDC_RATE_300K, 1 }, /* 180K */
    {  327680, 40, 2,  8, FDC_RATE_250K, FDC_RATE_300K, 1 }, /* 320K */
    {  368640, 40, 2,  9, FDC_RATE_250K, FDC_RATE_300K, 1 }, /* 360K */
    {  737280, 80, 2,  9, FDC_RATE_250K, FDC_RATE_250K, 3 }, /* 720K */
    { 1228800, 80, 2, 15, FDC_RATE_500K, FDC_RATE_500K, 2 }, /* 1.2M */
    { 1474560, 80, 2, 18, FDC_RATE_500K, FDC_RATE_500K, 4 }, /* 1.44M */
    { 1720320, 80, 2, 21, FDC_RATE_500K, FDC_RATE_500K, 4 }, /* 1.68M (DMF) */
    { 2949120, 80, 2, 36, FDC_RATE_1M,   FDC_RATE_1M,   5 }, /* 2.88M */
};

/* Parameter bytes after the opcode, by opcode & 0x1f; 0 = invalid. The
 * mask says which of the MT/MFM/SK bits the opcode may carry. */
static const struct {
    uint8_t len;
    uint8_t flags;
} fdc_cmd_table[32] = {
    [FDC_CMD_SPECIFY]       = { 3, 0x00 },
    [FDC_CMD_SENSE_DRIVE]   = { 2, 0x00 },
    [FDC_CMD_WRITE]         = { 9, 0xc0 },
    [FDC_CMD_READ]          = { 9, 0xe0 },
    [FDC_CMD_RECALIBRATE]   = { 2, 0x00 },
    [FDC_CMD_SENSE_INT]     = { 1, 0x00 },
    [FDC_CMD_READ_ID]       = { 2, 0x40 },
    [FDC_CMD_FORMAT]        = { 6, 0x40 },
    [FDC_CMD_DUMPREG]       = { 1, 0x00 },
    [FDC_CMD_SEEK]          = { 3, 0x00 },
    [FDC_CMD_VERSION]       = { 1, 0x00 },
    [FDC_CMD_PERPENDICULAR] = { 2, 0x00 },
    [FDC_CMD_CONFIGURE]     = { 4, 0x00 },
    [FDC_CMD_LOCK]          = { 1, 0x80 },
};
// clang-format on

#define FDC_NFORMATS (sizeof(fdc_formats) / sizeof(fdc_formats[0]))

typedef struct FDCDrive {
    BlockDev *blk;
    const FDCFormat *fmt;
    uint8_t track;
    bool dskchg;
} FDCDrive;

struct FDCState {
    IRQLine *irq;
    DMAState *dma;
    const Log *log;
    FDCDrive drv[FDC_DRIVES];
    uint8_t dor;
    uint8_t tdr;
    uint8_t rate;
    uint8_t msr;
    uint8_t cmd[FDC_MAX_CMD];
    int cmd_len; /* bytes the current command needs, 0 = idle */
    int cmd_pos;
    uint8_t res[FDC_MAX_RES];
    int res_len;
    int res_pos;
    bool irq_pending;
    int irq_level;
    /* what SENSE INTERRUPT STATUS reports next */
    bool sense_pending;
    uint8_t sense_st0;
    uint8_t sense_pcn;
    int reset_polls; /* polling interrupts left after a reset */
    uint8_t srt_hut;
    uint8_t hlt_nd;
    uint8_t config;
    uint8_t pretrk;
    uint8_t perp;
    uint8_t last_eot;
    bool lock;
    uint8_t buf[FDC_SECTOR];
};

static const Log fdc_nolog = {0, NULL};

static void fdc_update_irq(FDCState *s)
{
    int level = s->irq_pending && (s->dor & FDC_DOR_DMAEN);

    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(s->irq, level);
    }
}

static void fdc_set_irq(FDCState *s, bool pending)
{
    s->irq_pending = pending;
    fdc_update_irq(s);
}

static void fdc_to_command_phase(FDCState *s)
{
    s->cmd_len = 0;
    s->cmd_pos = 0;
    s->res_len = 0;
    s->res_pos = 0;
    s->msr = FDC_MSR_RQM;
}

/* Starts the result phase with the n bytes in s->res. */
static void fdc_result(FDCState *s, int n, bool irq)
{
    s->res_len = n;
    s->res_pos = 0;
    s->cmd_len = 0;
    s->msr = FDC_MSR_RQM | FDC_MSR_DIO | FDC_MSR_BUSY;
    if (irq) {
        fdc_set_irq(s, true);
    }
}

/* Software reset (DOR.nRESET pulse or DSR.SWRESET). */
static void fdc_soft_reset(FDCState *s)
{
    fdc_to_command_phase(s);
    s->sense_pending = false;
    if (!s->lock) {
        s->config = FDC_CONFIG_EFIFO;
        s->pretrk = 0;
    }
    s->perp &= 0x80 | 0x3c; /* OW and D0-D3 survive, GAP and WGATE do not */
    s->reset_polls = (s->config & FDC_CONFIG_POLL) ? 0 : 4;
    fdc_set_irq(s, true);
}

void fdc_reset(FDCState *s)
{
    int i;

    s->dor = FDC_DOR_NRESET | FDC_DOR_DMAEN;
    s->tdr = 0;
    s->rate = FDC_RATE_500K;
    s->srt_hut = 0;
    s->hlt_nd = 0;
    s->lock = false;
    s->perp = 0;
    s->config = FDC_CONFIG_EFIFO;
    s->pretrk = 0;
    s->last_eot = 0;
    s->sense_pending = false;
    s->reset_polls = 0;
    for (i = 0; i < FDC_DRIVES; i++) {
        s->drv[i].track = 0;
        s->drv[i].dskchg = true;
    }
    fdc_to_command_phase(s);
    fdc_set_irq(s, false);
}

static FDCDrive *fdc_drive(FDCState *s, int n)
{
    return n < FDC_DRIVES && s->drv[n].blk ? &s->drv[n] : NULL;
}

static bool fdc_rate_ok(const FDCState *s, const FDCDrive *d)
{
    return s->rate == d->fmt->rate || s->rate == d->fmt->alt_rate;
}

/* The seven-byte result of the data commands. */
static void fdc_rw_result(FDCState *s, uint8_t st0, uint8_t st1, uint8_t st2, uint8_t c, uint8_t h,
                          uint8_t r)
{
    s->res[0] = st0;
    s->res[1] = st1;
    s->res[2] = st2;
    s->res[3] = c;
    s->res[4] = h;
    s->res[5] = r;
    s->res[6] = 2;
    fdc_result(s, 7, true);
}

/* Common checks before a data command; 0 or the ST1 error bits. */
static uint8_t fdc_check_drive(FDCState *s, FDCDrive *d, bool write)
{
    if (!d || !fdc_rate_ok(s, d)) {
        return FDC_ST1_MA;
    }
    if (write && blk_is_readonly(d->blk)) {
        return FDC_ST1_NW;
    }
    if (s->hlt_nd & 1) {
        log_mask(s->log, LOG_UNIMP, "fdc: non-DMA data transfer (SPECIFY ND=1)\n");
        return FDC_ST1_OR;
    }
    return 0;
}

/* Moves one sector between the image and DMA; 0, or the ST1 error. */
static uint8_t fdc_rw_sector(FDCState *s, FDCDrive *d, uint32_t lba, int n, bool write)
{
    uint64_t off = (uint64_t)lba * FDC_SECTOR;

    if (write) {
        memset(s->buf, 0, sizeof(s->buf));
        dma_transfer(s->dma, FDC_DMA_CHANNEL, s->buf, n, false);
        return blk_write(d->blk, off, s->buf, FDC_SECTOR) < 0 ? FDC_ST1_DE : 0;
    }
    if (blk_read(d->blk, off, s->buf, FDC_SECTOR) < 0) {
        return FDC_ST1_DE;
    }
    dma_transfer(s->dma, FDC_DMA_CHANNEL, s->buf, n, true);
    return 0;
}

/* READ DATA / WRITE DATA: sector R to EOT (and head 1 with MT), until
 * terminal count. */
static void fdc_cmd_rw(FDCState *s, bool write)
{
    int ds = s->cmd[1] & 3, hds = (s->cmd[1] >> 2) & 1;
    bool mt = (s->cmd[0] & FDC_CMD_MT) != 0;
    uint8_t c = s->cmd[2], h = s->cmd[3], r = s->cmd[4], eot = s->cmd[6];
    uint8_t st1, st2 = 0, st0 = (uint8_t)(hds << 2 | ds);
    FDCDrive *d = fdc_drive(s, ds);
    bool first = true;

    s->last_eot = eot;
    st1 = fdc_check_drive(s, d, write);
    if (!st1 && s->cmd[5] != 2) {
        log_mask(s->log, LOG_UNIMP, "fdc: sector size code %d\n", s->cmd[5]);
        st1 = FDC_ST1_MA;
    }
    if (d) {
        d->track = c;
    }
    while (!st1) {
        int rem = dma_remaining(s->dma, FDC_DMA_CHANNEL);
        int n = rem < FDC_SECTOR ? rem : FDC_SECTOR;

        if (c >= d->fmt->cyls || h >= d->fmt->heads || r == 0 || r > d->fmt->spt) {
            st1 = FDC_ST1_ND;
            break;
        }
        if (rem == 0) {
            /* first sector: DMA not ready is an overrun; else TC already hit */
            st1 = first ? FDC_ST1_OR : 0;
            break;
        }
        first = false;
        st1 = fdc_rw_sector(s, d, ((uint32_t)c * d->fmt->heads + h) * d->fmt->spt + r - 1, n,
                            write);
        if (st1) {
            st2 = write ? 0 : FDC_ST2_DD;
            break;
        }
        if (r != eot) {
            r++;
        } else if (mt && !(h & 1)) {
            r = 1;
            h ^= 1;
            hds = 1;
        } else {
            r = 1;
            h = mt ? (uint8_t)(h ^ 1) : h;
            c++;
            if (n != rem) {
                st1 = FDC_ST1_EN; /* end of cylinder before terminal count */
            }
            break;
        }
        if (n == rem) {
            break; /* terminal count */
        }
    }
    if (st1 & FDC_ST1_MA) {
        st2 |= FDC_ST2_MD;
    }
    st0 = (uint8_t)((st1 ? FDC_ST0_ABNORMAL : 0) | hds << 2 | ds);
    fdc_rw_result(s, st0, st1, st2, c, h, r);
}

static void fdc_cmd_format(FDCState *s)
{
    int ds = s->cmd[1] & 3, hds = (s->cmd[1] >> 2) & 1, i;
    int sc = s->cmd[3];
    FDCDrive *d = fdc_drive(s, ds);
    uint8_t st1 = fdc_check_drive(s, d, true), id[4] = {0, 0, 0, 0};

    if (!st1 && s->cmd[2] != 2) {
        log_mask(s->log, LOG_UNIMP, "fdc: format with sector size code %d\n", s->cmd[2]);
        st1 = FDC_ST1_MA;
    }
    for (i = 0; i < sc && !st1; i++) {
        if (dma_transfer(s->dma, FDC_DMA_CHANNEL, id, 4, false) < 4) {
            st1 = FDC_ST1_OR;
            break;
        }
        if (d->track >= d->fmt->cyls || hds >= d->fmt->heads || id[2] == 0 ||
            id[2] > d->fmt->spt) {
            log_mask(s->log, LOG_GUEST_ERRORS, "fdc: format: sector %d on C%d H%d is not in the "
                     "image\n", id[2], d->track, hds);
            continue;
        }
        memset(s->buf, s->cmd[5], sizeof(s->buf));
        if (blk_write(d->blk,
                      (((uint64_t)d->track * d->fmt->heads + hds) * d->fmt->spt + id[2] - 1) *
                          FDC_SECTOR,
                      s->buf, FDC_SECTOR) < 0) {
            st1 = FDC_ST1_DE;
        }
    }
    fdc_rw_result(s, (uint8_t)((st1 ? FDC_ST0_ABNORMAL : 0) | hds << 2 | ds), st1, 0, id[0], id[1],
                  id[2]);
}

static void fdc_cmd_read_id(FDCState *s)
{
    int ds = s->cmd[1] & 3, hds = (s->cmd[1] >> 2) & 1;
    FDCDrive *d = fdc_drive(s, ds);
    uint8_t st1 = (!d || !fdc_rate_ok(s, d)) ? FDC_ST1_MA : 0;

    if (!st1 && (d->track >= d->fmt->cyls || hds >= d->fmt->heads)) {
        st1 = FDC_ST1_MA;
    }
    fdc_rw_result(s, (uint8_t)((st1 ? FDC_ST0_ABNORMAL : 0) | hds << 2 | ds), st1,
                  st1 ? FDC_ST2_MD : 0, d ? d->track : 0, (uint8_t)hds, 1);
}

/* SEEK and RECALIBRATE: the head moves at once; the interrupt reports it. */
static void fdc_cmd_seek(FDCState *s, int ds, int hds, uint8_t ncn)
{
    FDCDrive *d = fdc_drive(s, ds);

    s->sense_pending = true;
    s->sense_st0 = (uint8_t)(FDC_ST0_SE | hds << 2 | ds);
    if (!d) {
        /* no drive: the track-0 signal never comes */
        s->sense_st0 |= FDC_ST0_ABNORMAL | FDC_ST0_EC;
        s->sense_pcn = 0;
    } else {
        d->track = ncn;
        d->dskchg = false;
        s->sense_pcn = ncn;
    }
    fdc_to_command_phase(s);
    fdc_set_irq(s, true);
}

static void fdc_cmd_sense_int(FDCState *s)
{
    fdc_set_irq(s, false);
    if (s->reset_polls > 0) {
        int n = 4 - s->reset_polls--;

        s->res[0] = (uint8_t)(FDC_ST0_POLL | n);
        s->res[1] = n < FDC_DRIVES ? s->drv[n].track : 0;
        fdc_result(s, 2, false);
    } else if (s->sense_pending) {
        s->sense_pending = false;
        s->res[0] = s->sense_st0;
        s->res[1] = s->sense_pcn;
        fdc_result(s, 2, false);
    } else {
        s->res[0] = FDC_ST0_INVALID;
        fdc_result(s, 1, false);
    }
}

static void fdc_cmd_sense_drive(FDCState *s)
{
    int ds = s->cmd[1] & 3, hds = (s->cmd[1] >> 2) & 1;
    FDCDrive *d = fdc_drive(s, ds);
    uint8_t st3 = (uint8_t)(hds << 2 | ds);

    if (d) {
        st3 |= FDC_ST3_RDY | FDC_ST3_TS;
        st3 |= d->track == 0 ? FDC_ST3_T0 : 0;
        st3 |= blk_is_readonly(d->blk) ? FDC_ST3_WP : 0;
    }
    s->res[0] = st3;
    fdc_result(s, 1, false);
}

static void fdc_cmd_dumpreg(FDCState *s)
{
    s->res[0] = s->drv[0].track;
    s->res[1] = s->drv[1].track;
    s->res[2] = 0;
    s->res[3] = 0;
    s->res[4] = s->srt_hut;
    s->res[5] = s->hlt_nd;
    s->res[6] = s->last_eot;
    s->res[7] = (uint8_t)((s->lock ? 0x80 : 0) | (s->perp & 0x7f));
    s->res[8] = s->config;
    s->res[9] = s->pretrk;
    fdc_result(s, 10, false);
}

static void fdc_execute(FDCState *s)
{
    switch (s->cmd[0] & 0x1f) {
    case FDC_CMD_SPECIFY:
        s->srt_hut = s->cmd[1];
        s->hlt_nd = s->cmd[2];
        fdc_to_command_phase(s);
        break;
    case FDC_CMD_SENSE_DRIVE:
        fdc_cmd_sense_drive(s);
        break;
    case FDC_CMD_WRITE:
        fdc_cmd_rw(s, true);
        break;
    case FDC_CMD_READ:
        fdc_cmd_rw(s, false);
        break;
    case FDC_CMD_RECALIBRATE:
        fdc_cmd_seek(s, s->cmd[1] & 3, 0, 0);
        break;
    case FDC_CMD_SENSE_INT:
        fdc_cmd_sense_int(s);
        break;
    case FDC_CMD_READ_ID:
        fdc_cmd_read_id(s);
        break;
    case FDC_CMD_FORMAT:
        fdc_cmd_format(s);
        break;
    case FDC_CMD_DUMPREG:
        fdc_cmd_dumpreg(s);
        break;
    case FDC_CMD_SEEK:
        fdc_cmd_seek(s, s->cmd[1] & 3, (s->cmd[1] >> 2) & 1, s->cmd[2]);
        break;
    case FDC_CMD_VERSION:
        s->res[0] = 0x90; /* 82077AA */
        fdc_result(s, 1, false);
        break;
    case FDC_CMD_PERPENDICULAR:
        s->perp = s->cmd[1];
        fdc_to_command_phase(s);
        break;
    case FDC_CMD_CONFIGURE:
        s->config = s->cmd[2];
        s->pretrk = s->cmd[3];
        fdc_to_command_phase(s);
        break;
    case FDC_CMD_LOCK:
        s->lock = (s->cmd[0] & 0x80) != 0;
        s->res[0] = s->lock ? 0x10 : 0;
        fdc_result(s, 1, false);
        break;
    }
}

static void fdc_write_fifo(FDCState *s, uint8_t val)
{
    if (!(s->dor & FDC_DOR_NRESET) || (s->msr & FDC_MSR_DIO)) {
        log_mask(s->log, LOG_GUEST_ERRORS, "fdc: FIFO write 0x%02x %s\n", val,
                 (s->msr & FDC_MSR_DIO) ? "during the result phase" : "in reset");
        return;
    }
    if (s->cmd_len == 0) {
        int op = val & 0x1f;

        if (fdc_cmd_table[op].len == 0 || (val & 0xe0 & ~fdc_cmd_table[op].flags)) {
            log_mask(s->log, LOG_UNIMP, "fdc: command 0x%02x\n", val);
            s->res[0] = FDC_ST0_INVALID;
            fdc_result(s, 1, false);
            return;
        }
        if (op != FDC_CMD_SENSE_INT) {
            fdc_set_irq(s, false);
        }
        s->cmd_len = fdc_cmd_table[op].len;
        s->cmd_pos = 0;
        s->msr = FDC_MSR_RQM | FDC_MSR_BUSY;
    }
    s->cmd[s->cmd_pos++] = val;
    if (s->cmd_pos == s->cmd_len) {
        fdc_execute(s);
    }
}

static uint8_t fdc_read_fifo(FDCState *s)
{
    uint8_t val;

    if (!(s->msr & FDC_MSR_DIO) || s->res_pos >= s->res_len) {
        log_mask(s->log, LOG_GUEST_ERRORS, "fdc: FIFO read outside the result phase\n");
        return 0;
    }
    if (s->res_pos == 0) {
        fdc_set_irq(s, false);
    }
    val = s->res[s->res_pos++];
    if (s->res_pos == s->res_len) {
        fdc_to_command_phase(s);
    }
    return val;
}

static void fdc_write_dor(FDCState *s, uint8_t val)
{
    uint8_t old = s->dor;

    s->dor = val;
    if (!(old & FDC_DOR_NRESET) && (val & FDC_DOR_NRESET)) {
        fdc_soft_reset(s);
    } else if (!(val & FDC_DOR_NRESET)) {
        fdc_to_command_phase(s);
        s->irq_pending = false;
    }
    fdc_update_irq(s);
}

static uint32_t fdc_ioport_read(void *opaque, uint32_t offset, int size)
{
    FDCState *s = opaque;
    FDCDrive *d;

    (void)size;
    switch (offset) {
    case FDC_DOR:
        return s->dor;
    case FDC_TDR:
        return s->tdr;
    case FDC_MSR:
        return (s->dor & FDC_DOR_NRESET) ? s->msr : 0;
    case FDC_FIFO:
        return fdc_read_fifo(s);
    case FDC_DIR:
        d = &s->drv[s->dor & 1];
        return d->dskchg ? FDC_DIR_DSKCHG : 0;
    default:
        return 0xff;
    }
}

static void fdc_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    FDCState *s = opaque;

    (void)size;
    switch (offset) {
    case FDC_DOR:
        fdc_write_dor(s, (uint8_t)val);
        break;
    case FDC_TDR:
        s->tdr = (uint8_t)val & 3;
        break;
    case FDC_DSR:
        s->rate = val & 3;
        if (val & FDC_DSR_SWRESET) {
            fdc_soft_reset(s);
        }
        break;
    case FDC_FIFO:
        fdc_write_fifo(s, (uint8_t)val);
        break;
    case FDC_CCR:
        s->rate = val & 3;
        break;
    default:
        break;
    }
}

static uint32_t fdc_dir_read(void *opaque, uint32_t offset, int size)
{
    return fdc_ioport_read(opaque, offset + FDC_DIR, size);
}

static void fdc_ccr_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    fdc_ioport_write(opaque, offset + FDC_CCR, val, size);
}

static const IOOps fdc_ops = {.read = fdc_ioport_read, .write = fdc_ioport_write, .sizes = IO_SIZE8};
static const IOOps fdc_dir_ops = {.read = fdc_dir_read, .write = fdc_ccr_write, .sizes = IO_SIZE8};

FDCState *fdc_init(IOSpace *io, DMAState *dma, IRQLine *irq, const Log *log)
{
    FDCState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->dma = dma;
    s->irq = irq;
    s->log = log ? log : &fdc_nolog;
    fdc_reset(s);
    if (ioport_register(io, "fdc", FDC_BASE, 6, &fdc_ops, s) < 0 ||
        ioport_register(io, "fdc-dir", FDC_BASE + FDC_DIR, 1, &fdc_dir_ops, s) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void fdc_free(FDCState *s)
{
    free(s);
}

int fdc_attach(FDCState *s, int drive, BlockDev *blk, char *err, size_t errlen)
{
    uint64_t size = blk_size(blk);
    size_t i;

    for (i = 0; i < FDC_NFORMATS; i++) {
        if (fdc_formats[i].size == size) {
            s->drv[drive].blk = blk;
            s->drv[drive].fmt = &fdc_formats[i];
            s->drv[drive].dskchg = true;
            return 0;
        }
    }
    snprintf(err, errlen,
             "%s: unsupported floppy image size %llu bytes (use 360K, 720K, 1.2M, 1.44M or 2.88M "
             "raw images)",
             blk_path(blk), (unsigned long long)size);
    return -1;
}

int fdc_drive_type(const FDCState *s, int drive)
{
    return drive < FDC_DRIVES && s->drv[drive].blk ? s->drv[drive].fmt->cmos_type : 0;
}
