/*
 * hw_fdc_test.c - the 82077AA as a BIOS drives it: reset and the four
 * polling interrupts, SPECIFY/RECALIBRATE/SEEK/SENSE INTERRUPT, READ DATA
 * of a known sector through DMA channel 2 into RAM, multi-sector and
 * multi-track reads, WRITE DATA into the image file, FORMAT TRACK, READ
 * ID, the data-rate check, write protection, VERSION/LOCK/DUMPREG/
 * CONFIGURE, invalid commands, and image size checks.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/fdc.h"

#define RAM_SIZE 0x100000
#define IMG_1440 1474560
#define BUF_ADDR 0x20000

static IOSpace *io;
static AddressSpace *as;
static uint8_t *ram;
static DMAState *dma;
static FDCState *fdc;
static BlockDev *blk;
static IRQLine line;
static int irq_level;
static char path[64];
static char err[256];

static void probe_set(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    irq_level = level;
}

/* Each sector's bytes: lba low, lba high, then the offset. */
static void make_image(const char *p, uint32_t size)
{
    FILE *f = fopen(p, "wb");
    uint32_t i;

    ck_assert_ptr_nonnull(f);
    for (i = 0; i < size; i++) {
        uint32_t lba = i / 512, off = i % 512;
        int b = off == 0 ? (int)(lba & 0xff) : off == 1 ? (int)(lba >> 8) : (int)(off & 0xff);

        fputc(b, f);
    }
    fclose(f);
}

static void attach(bool readonly)
{
    blk = blk_open(path, readonly, false, err, sizeof(err));
    ck_assert_ptr_nonnull(blk);
    ck_assert_int_eq(fdc_attach(fdc, 0, blk, err, sizeof(err)), 0);
}

static void setup(void)
{
    int fd;

    io = malloc(sizeof(*io));
    as = calloc(1, sizeof(*as));
    ram = calloc(1, RAM_SIZE);
    ioport_init(io);
    ck_assert_int_eq(mem_init(as), 0);
    ck_assert_int_eq(mem_map_ram(as, "ram", 0, RAM_SIZE, ram), 0);
    dma = dma_init(io, as, NULL);
    irq_level = 0;
    irq_init(&line, probe_set, NULL, FDC_IRQ);
    fdc = fdc_init(io, dma, &line, NULL);
    ck_assert_ptr_nonnull(fdc);
    snprintf(path, sizeof(path), "/tmp/pcemu-fdc-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    make_image(path, IMG_1440);
    blk = NULL;
}

static void teardown(void)
{
    fdc_free(fdc);
    blk_close(blk);
    dma_free(dma);
    mem_destroy(as);
    free(as);
    free(ram);
    free(io);
    unlink(path);
}

static void out(uint16_t port, uint8_t v)
{
    ioport_write(io, port, v, 1);
}

static uint8_t in(uint16_t port)
{
    return (uint8_t)ioport_read(io, port, 1);
}

static void cmd(int n, const uint8_t *bytes)
{
    for (int i = 0; i < n; i++) {
        ck_assert_uint_eq(in(FDC_BASE + FDC_MSR) & (FDC_MSR_RQM | FDC_MSR_DIO), FDC_MSR_RQM);
        out(FDC_BASE + FDC_FIFO, bytes[i]);
    }
}

static int result(uint8_t *res, int max)
{
    int n = 0;

    while ((in(FDC_BASE + FDC_MSR) & (FDC_MSR_RQM | FDC_MSR_DIO)) == (FDC_MSR_RQM | FDC_MSR_DIO)) {
        ck_assert_int_lt(n, max);
        res[n++] = in(FDC_BASE + FDC_FIFO);
    }
    return n;
}

/* DMA channel 2, device -> memory (or back) for len bytes at BUF_ADDR. */
static void dma_ch2(uint32_t len, bool to_memory)
{
    out(0x0a, 0x06);
    out(0x0c, 0);
    out(0x0b, (to_memory ? DMA_MODE_WRITE : DMA_MODE_READ) | 0x40 | 2);
    out(0x04, (uint8_t)BUF_ADDR);
    out(0x04, (uint8_t)(BUF_ADDR >> 8));
    out(0x81, (uint8_t)(BUF_ADDR >> 16));
    out(0x05, (uint8_t)(len - 1));
    out(0x05, (uint8_t)((len - 1) >> 8));
    out(0x0a, 0x02);
}

static void rw(uint8_t op, uint8_t c, uint8_t h, uint8_t r, uint8_t eot, uint8_t *res)
{
    const uint8_t bytes[9] = {op, (uint8_t)(h << 2), c, h, r, 2, eot, 0x1b, 0xff};

    cmd(9, bytes);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_int_eq(result(res, 7), 7);
    ck_assert_int_eq(irq_level, 0);
}

START_TEST(fdc_reset_gives_four_polling_interrupts)
{
    uint8_t res[10];
    const uint8_t sense = 0x08;
    int i;

    out(FDC_BASE + FDC_DOR, 0x08);
    ck_assert_uint_eq(in(FDC_BASE + FDC_MSR), 0);
    out(FDC_BASE + FDC_DOR, 0x0c);
    ck_assert_int_eq(irq_level, 1);
    for (i = 0; i < 4; i++) {
        cmd(1, &sense);
        ck_assert_int_eq(result(res, 2), 2);
        ck_assert_uint_eq(res[0], 0xc0 | i);
    }
    ck_assert_int_eq(irq_level, 0);
    cmd(1, &sense); /* nothing pending: invalid */
    ck_assert_int_eq(result(res, 2), 1);
    ck_assert_uint_eq(res[0], 0x80);
}
END_TEST

START_TEST(fdc_recalibrate_and_seek_report_through_sense_interrupt)
{
    uint8_t res[10];
    const uint8_t specify[3] = {0x03, 0xdf, 0x02}, recal[2] = {0x07, 0x00};
    const uint8_t seek[3] = {0x0f, 0x04, 42}, sense = 0x08, status[2] = {0x04, 0x00};

    attach(false);
    ck_assert_uint_eq(in(FDC_BASE + FDC_DIR) & FDC_DIR_DSKCHG, FDC_DIR_DSKCHG);
    cmd(3, specify);
    ck_assert_int_eq(irq_level, 0);
    cmd(2, recal);
    ck_assert_int_eq(irq_level, 1);
    cmd(1, &sense);
    ck_assert_int_eq(result(res, 2), 2);
    ck_assert_uint_eq(res[0], 0x20);
    ck_assert_uint_eq(res[1], 0);
    cmd(2, status);
    ck_assert_int_eq(result(res, 1), 1);
    ck_assert_uint_eq(res[0], 0x20 | 0x10 | 0x08); /* ready, track 0, two sides */
    cmd(3, seek);
    cmd(1, &sense);
    ck_assert_int_eq(result(res, 2), 2);
    ck_assert_uint_eq(res[0], 0x24);
    ck_assert_uint_eq(res[1], 42);
    ck_assert_uint_eq(in(FDC_BASE + FDC_DIR) & FDC_DIR_DSKCHG, 0); /* stepping cleared it */
}
END_TEST

START_TEST(fdc_read_data_dmas_the_sector_into_ram)
{
    uint8_t res[7];

    attach(false);
    dma_ch2(512, true);
    rw(0xe6, 1, 1, 3, 18, res);               /* MT MFM SK READ, C1 H1 R3 */
    ck_assert_uint_eq(res[0], 0x04);           /* normal, head 1, drive 0 */
    ck_assert_uint_eq(res[1], 0);
    ck_assert_uint_eq(res[3], 1);
    ck_assert_uint_eq(res[4], 1);
    ck_assert_uint_eq(res[5], 4);              /* next sector */
    ck_assert_uint_eq(res[6], 2);
    /* LBA (1 * 2 + 1) * 18 + 2 = 56 */
    ck_assert_uint_eq(ram[BUF_ADDR], 56);
    ck_assert_uint_eq(ram[BUF_ADDR + 1], 0);
    ck_assert_uint_eq(ram[BUF_ADDR + 2], 2);
    ck_assert_uint_eq(ram[BUF_ADDR + 511], 0xff);
}
END_TEST

START_TEST(fdc_multitrack_read_continues_on_head_1)
{
    uint8_t res[7];

    attach(false);
    dma_ch2(3 * 512, true);
    rw(0xc6, 0, 0, 17, 18, res); /* sectors 17, 18 of head 0, then 1 of head 1 */
    ck_assert_uint_eq(res[0], 0x04);
    ck_assert_uint_eq(res[5], 2);
    ck_assert_uint_eq(ram[BUF_ADDR], 16);
    ck_assert_uint_eq(ram[BUF_ADDR + 512], 17);
    ck_assert_uint_eq(ram[BUF_ADDR + 1024], 18);
}
END_TEST

START_TEST(fdc_read_past_end_of_track_without_tc_is_abnormal)
{
    uint8_t res[7];

    attach(false);
    dma_ch2(4 * 512, true);
    rw(0x46, 0, 0, 17, 18, res); /* no MT: two sectors, DMA wanted four */
    ck_assert_uint_eq(res[0], 0x40);
    ck_assert_uint_eq(res[1], 0x80); /* end of cylinder */
    ck_assert_uint_eq(res[3], 1);    /* C + 1 */
    ck_assert_uint_eq(res[5], 1);
}
END_TEST

START_TEST(fdc_write_data_reaches_the_image_file)
{
    uint8_t res[7], back[512];
    FILE *f;

    attach(false);
    memset(ram + BUF_ADDR, 0xc3, 512);
    dma_ch2(512, false);
    rw(0x45, 2, 0, 5, 18, res);
    ck_assert_uint_eq(res[0], 0x00);
    f = fopen(path, "rb");
    fseek(f, (2 * 2 * 18 + 4) * 512L, SEEK_SET);
    ck_assert_int_eq(fread(back, 1, 512, f), 512);
    fclose(f);
    ck_assert_uint_eq(back[0], 0xc3);
    ck_assert_uint_eq(back[511], 0xc3);
}
END_TEST

START_TEST(fdc_write_protected_image_fails_with_nw)
{
    uint8_t res[7];

    attach(true);
    dma_ch2(512, false);
    rw(0x45, 0, 0, 1, 18, res);
    ck_assert_uint_eq(res[0], 0x40);
    ck_assert_uint_eq(res[1], 0x02);
}
END_TEST

START_TEST(fdc_format_track_fills_sectors)
{
    uint8_t res[7], back[512];
    const uint8_t seek[3] = {0x0f, 0x00, 3}, sense = 0x08;
    const uint8_t format[6] = {0x4d, 0x04, 2, 18, 0x54, 0xe5};
    FILE *f;
    int i;

    attach(false);
    cmd(3, seek);
    cmd(1, &sense);
    result(res, 2);
    for (i = 0; i < 18; i++) {
        uint8_t *id = ram + BUF_ADDR + i * 4;

        id[0] = 3;
        id[1] = 1;
        id[2] = (uint8_t)(i + 1);
        id[3] = 2;
    }
    dma_ch2(18 * 4, false);
    cmd(6, format);
    ck_assert_int_eq(result(res, 7), 7);
    ck_assert_uint_eq(res[0], 0x04);
    f = fopen(path, "rb");
    fseek(f, ((3 * 2 + 1) * 18 + 17) * 512L, SEEK_SET);
    ck_assert_int_eq(fread(back, 1, 512, f), 512);
    fclose(f);
    ck_assert_uint_eq(back[0], 0xe5);
    ck_assert_uint_eq(back[511], 0xe5);
}
END_TEST

START_TEST(fdc_data_rate_must_match_the_medium)
{
    uint8_t res[7];
    const uint8_t readid[2] = {0x4a, 0x00};

    attach(false);
    cmd(2, readid);
    ck_assert_int_eq(result(res, 7), 7);
    ck_assert_uint_eq(res[0], 0x00);
    ck_assert_uint_eq(res[6], 2);
    out(FDC_BASE + FDC_CCR, FDC_RATE_250K); /* 720K rate on a 1.44M disk */
    cmd(2, readid);
    ck_assert_int_eq(result(res, 7), 7);
    ck_assert_uint_eq(res[0], 0x40);
    ck_assert_uint_eq(res[1], 0x01); /* missing address mark */
}
END_TEST

START_TEST(fdc_version_lock_configure_dumpreg)
{
    uint8_t res[10];
    const uint8_t version = 0x10, lock = 0x94, unlock = 0x14, dumpreg = 0x0e;
    const uint8_t configure[4] = {0x13, 0x00, 0x4a, 0x07}, perp[2] = {0x12, 0x80};

    cmd(1, &version);
    ck_assert_int_eq(result(res, 1), 1);
    ck_assert_uint_eq(res[0], 0x90);
    cmd(4, configure);
    cmd(2, perp);
    cmd(1, &lock);
    ck_assert_int_eq(result(res, 1), 1);
    ck_assert_uint_eq(res[0], 0x10);
    out(FDC_BASE + FDC_DSR, FDC_DSR_SWRESET); /* locked: CONFIGURE survives */
    cmd(1, &dumpreg);
    ck_assert_int_eq(result(res, 10), 10);
    ck_assert_uint_eq(res[7], 0x80);
    ck_assert_uint_eq(res[8], 0x4a);
    ck_assert_uint_eq(res[9], 0x07);
    cmd(1, &unlock);
    ck_assert_int_eq(result(res, 1), 1);
    ck_assert_uint_eq(res[0], 0x00);
}
END_TEST

START_TEST(fdc_invalid_command_gives_st0_0x80)
{
    uint8_t res[2];
    const uint8_t bogus = 0x1f;

    cmd(1, &bogus);
    ck_assert_int_eq(result(res, 2), 1);
    ck_assert_uint_eq(res[0], 0x80);
}
END_TEST

START_TEST(fdc_rejects_unsupported_image_sizes)
{
    make_image(path, 1000000);
    blk = blk_open(path, false, false, err, sizeof(err));
    ck_assert_int_eq(fdc_attach(fdc, 0, blk, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "unsupported floppy image size"));
    ck_assert_int_eq(fdc_drive_type(fdc, 0), 0);
}
END_TEST

START_TEST(fdc_720k_geometry)
{
    uint8_t res[7];

    make_image(path, 737280);
    attach(false);
    ck_assert_int_eq(fdc_drive_type(fdc, 0), 3);
    out(FDC_BASE + FDC_CCR, FDC_RATE_250K);
    dma_ch2(512, true);
    rw(0x46, 79, 1, 9, 9, res); /* the last sector */
    ck_assert_uint_eq(res[0], 0x04);
    ck_assert_uint_eq(ram[BUF_ADDR] | ram[BUF_ADDR + 1] << 8, 1439);
    rw(0x46, 0, 0, 10, 18, res); /* sector 10 does not exist */
    ck_assert_uint_eq(res[1], 0x04);
}
END_TEST

static Suite *fdc_suite(void)
{
    Suite *s = suite_create("fdc");
    TCase *tc = tcase_create("fdc");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fdc_reset_gives_four_polling_interrupts);
    tcase_add_test(tc, fdc_recalibrate_and_seek_report_through_sense_interrupt);
    tcase_add_test(tc, fdc_read_data_dmas_the_sector_into_ram);
    tcase_add_test(tc, fdc_multitrack_read_continues_on_head_1);
    tcase_add_test(tc, fdc_read_past_end_of_track_without_tc_is_abnormal);
    tcase_add_test(tc, fdc_write_data_reaches_the_image_file);
    tcase_add_test(tc, fdc_write_protected_image_fails_with_nw);
    tcase_add_test(tc, fdc_format_track_fills_sectors);
    tcase_add_test(tc, fdc_data_rate_must_match_the_medium);
    tcase_add_test(tc, fdc_version_lock_configure_dumpreg);
    tcase_add_test(tc, fdc_invalid_command_gives_st0_0x80);
    tcase_add_test(tc, fdc_rejects_unsupported_image_sizes);
    tcase_add_test(tc, fdc_720k_geometry);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fdc_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
