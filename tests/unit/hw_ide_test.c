/*
 * hw_ide_test.c - the primary IDE channel as a driver sees it: the
 * signature, IDENTIFY DEVICE fields, READ/WRITE SECTORS in LBA28 and CHS
 * (written data read back from the image file), READ/WRITE MULTIPLE
 * with SET MULTIPLE MODE, INITIALIZE DEVICE PARAMETERS, IDNF and ABRT
 * errors, nIEN and SRST, an absent slave.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/ide.h"

#define IMG_SECTORS 8064 /* 8 cylinders of 16 heads x 63 sectors */

static IOSpace *io;
static IDEState *ide;
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

static void setup(void)
{
    FILE *f;
    int fd;
    uint32_t i;

    snprintf(path, sizeof(path), "/tmp/pcemu-ide-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    f = fopen(path, "wb");
    for (i = 0; i < IMG_SECTORS * 512u; i++) {
        uint32_t lba = i / 512, off = i % 512;

        fputc(off == 0 ? (int)(lba & 0xff) : off == 1 ? (int)(lba >> 8) : 0x11, f);
    }
    fclose(f);
    io = malloc(sizeof(*io));
    ioport_init(io);
    irq_level = 0;
    irq_init(&line, probe_set, NULL, IDE_IRQ);
    ide = ide_init(io, &line, NULL);
    ck_assert_ptr_nonnull(ide);
    blk = blk_open(path, false, false, err, sizeof(err));
    ck_assert_ptr_nonnull(blk);
    ck_assert_int_eq(ide_attach(ide, blk, err, sizeof(err)), 0);
}

static void teardown(void)
{
    ide_free(ide);
    blk_close(blk);
    free(io);
    unlink(path);
}

static void wr(int reg, uint8_t v)
{
    ioport_write(io, (uint16_t)(IDE_BASE + reg), v, 1);
}

static uint8_t rd(int reg)
{
    return (uint8_t)ioport_read(io, (uint16_t)(IDE_BASE + reg), 1);
}

static uint16_t rdw(void)
{
    return (uint16_t)ioport_read(io, IDE_BASE, 2);
}

static void lba_cmd(uint32_t lba, uint8_t count, uint8_t cmd)
{
    wr(IDE_SELECT, (uint8_t)(0xe0 | (lba >> 24)));
    wr(IDE_NSECTOR, count);
    wr(IDE_SECTOR, (uint8_t)lba);
    wr(IDE_LCYL, (uint8_t)(lba >> 8));
    wr(IDE_HCYL, (uint8_t)(lba >> 16));
    wr(IDE_COMMAND, cmd);
}

/* Reads one 512-byte DRQ block; returns the sector's LBA tag. */
static uint32_t read_sector(void)
{
    uint16_t w0 = 0;
    int i;

    ck_assert_uint_eq(rd(IDE_STATUS) & (IDE_STAT_DRQ | IDE_STAT_ERR), IDE_STAT_DRQ);
    for (i = 0; i < 256; i++) {
        uint16_t w = rdw();

        if (i == 0) {
            w0 = w;
        }
    }
    return w0;
}

START_TEST(ide_signature_and_status_after_reset)
{
    ck_assert_uint_eq(rd(IDE_NSECTOR), 1);
    ck_assert_uint_eq(rd(IDE_SECTOR), 1);
    ck_assert_uint_eq(rd(IDE_LCYL), 0);
    ck_assert_uint_eq(rd(IDE_HCYL), 0);
    ck_assert_uint_eq(rd(IDE_ERROR), 0x01);
    ck_assert_uint_eq(rd(IDE_STATUS), IDE_STAT_DRDY | IDE_STAT_DSC);
}
END_TEST

START_TEST(ide_identify_fields)
{
    uint16_t w[256];
    char model[41];
    int i;

    wr(IDE_SELECT, 0xa0);
    wr(IDE_COMMAND, 0xec);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(ioport_read(io, IDE_CTL_PORT, 1) & IDE_STAT_DRQ, IDE_STAT_DRQ);
    ck_assert_int_eq(irq_level, 1); /* alternate status does not acknowledge */
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_DRQ, IDE_STAT_DRQ);
    ck_assert_int_eq(irq_level, 0);
    for (i = 0; i < 256; i++) {
        w[i] = rdw();
    }
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_DRQ, 0);
    ck_assert_uint_eq(w[0], 0x0040);
    ck_assert_uint_eq(w[1], 8);  /* cylinders */
    ck_assert_uint_eq(w[3], 16); /* heads */
    ck_assert_uint_eq(w[6], 63); /* sectors per track */
    for (i = 0; i < 20; i++) {
        model[2 * i] = (char)(w[27 + i] >> 8);
        model[2 * i + 1] = (char)w[27 + i];
    }
    model[40] = '\0';
    ck_assert_str_eq(model, "PCEMU HARDDISK                          ");
    ck_assert_uint_eq(w[47] & 0xff, IDE_MAX_MULT);
    ck_assert_uint_eq(w[49] & 0x0200, 0x0200); /* LBA */
    ck_assert_uint_eq(w[53] & 1, 1);
    ck_assert_uint_eq(w[54], 8);
    ck_assert_uint_eq(w[55], 16);
    ck_assert_uint_eq(w[56], 63);
    ck_assert_uint_eq(w[57] | (uint32_t)w[58] << 16, IMG_SECTORS);
    ck_assert_uint_eq(w[60] | (uint32_t)w[61] << 16, IMG_SECTORS);
}
END_TEST

START_TEST(ide_read_sectors_lba)
{
    lba_cmd(1000, 3, 0x20);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(read_sector(), 1000);
    ck_assert_uint_eq(read_sector(), 1001);
    ck_assert_uint_eq(read_sector(), 1002);
    ck_assert_uint_eq(rd(IDE_STATUS), IDE_STAT_DRDY | IDE_STAT_DSC);
    ck_assert_uint_eq(rd(IDE_SECTOR), (uint8_t)1002); /* last sector transferred */
    ck_assert_uint_eq(rd(IDE_LCYL), 1002 >> 8);
}
END_TEST

START_TEST(ide_read_sectors_chs)
{
    /* C2 H3 S4 -> (2 * 16 + 3) * 63 + 3 = 2208 */
    wr(IDE_SELECT, 0xa0 | 3);
    wr(IDE_NSECTOR, 1);
    wr(IDE_SECTOR, 4);
    wr(IDE_LCYL, 2);
    wr(IDE_HCYL, 0);
    wr(IDE_COMMAND, 0x21);
    ck_assert_uint_eq(read_sector(), 2208);
}
END_TEST

START_TEST(ide_write_sectors_reach_the_file)
{
    uint8_t back[1024];
    FILE *f;
    int i;

    lba_cmd(77, 2, 0x30);
    ck_assert_int_eq(irq_level, 0); /* no interrupt before the first block */
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_DRQ, IDE_STAT_DRQ);
    for (i = 0; i < 256; i++) {
        ioport_write(io, IDE_BASE, 0xbeef, 2);
    }
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_DRQ, IDE_STAT_DRQ);
    for (i = 0; i < 128; i++) {
        ioport_write(io, IDE_BASE, 0x12345678, 4);
    }
    ck_assert_uint_eq(rd(IDE_STATUS), IDE_STAT_DRDY | IDE_STAT_DSC);
    f = fopen(path, "rb");
    fseek(f, 77 * 512L, SEEK_SET);
    ck_assert_int_eq(fread(back, 1, sizeof(back), f), sizeof(back));
    fclose(f);
    ck_assert_uint_eq(back[0], 0xef);
    ck_assert_uint_eq(back[511], 0xbe);
    ck_assert_uint_eq(back[512], 0x78);
    ck_assert_uint_eq(back[1023], 0x12);
    lba_cmd(78, 1, 0x20);
    ck_assert_uint_eq(read_sector(), 0x5678);
}
END_TEST

START_TEST(ide_read_multiple_needs_set_multiple)
{
    int i;

    lba_cmd(10, 8, 0xc4);
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_ERR, IDE_STAT_ERR);
    ck_assert_uint_eq(rd(IDE_ERROR), IDE_ERR_ABRT);
    wr(IDE_NSECTOR, 3); /* not a power of two */
    wr(IDE_COMMAND, 0xc6);
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_ERR, IDE_STAT_ERR);
    wr(IDE_NSECTOR, 4);
    wr(IDE_COMMAND, 0xc6);
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_ERR, 0);
    irq_level = 0;
    lba_cmd(10, 8, 0xc4);
    ck_assert_int_eq(irq_level, 1);
    rd(IDE_STATUS);
    for (i = 0; i < 4; i++) {
        uint32_t tag = read_sector();

        ck_assert_uint_eq(tag, 10 + (uint32_t)i);
        if (i < 3) {
            ck_assert_int_eq(irq_level, 0); /* one interrupt per block of 4 */
        }
    }
    ck_assert_int_eq(irq_level, 1);
    for (i = 0; i < 4; i++) {
        ck_assert_uint_eq(read_sector(), 14 + (uint32_t)i);
    }
}
END_TEST

START_TEST(ide_out_of_range_is_idnf)
{
    lba_cmd(IMG_SECTORS - 1, 2, 0x20);
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_ERR, IDE_STAT_ERR);
    ck_assert_uint_eq(rd(IDE_ERROR), IDE_ERR_IDNF);
    wr(IDE_SELECT, 0xa0);
    wr(IDE_NSECTOR, 1);
    wr(IDE_SECTOR, 0); /* CHS sector 0 does not exist */
    wr(IDE_COMMAND, 0x20);
    ck_assert_uint_eq(rd(IDE_ERROR), IDE_ERR_IDNF);
}
END_TEST

START_TEST(ide_initialize_device_parameters_changes_chs)
{
    uint16_t w[256];
    int i;

    wr(IDE_SELECT, 0xa0 | 7); /* 8 heads */
    wr(IDE_NSECTOR, 32);
    wr(IDE_COMMAND, 0x91);
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_ERR, 0);
    /* C1 H2 S3 -> (1 * 8 + 2) * 32 + 2 = 322 */
    wr(IDE_SELECT, 0xa0 | 2);
    wr(IDE_NSECTOR, 1);
    wr(IDE_SECTOR, 3);
    wr(IDE_LCYL, 1);
    wr(IDE_HCYL, 0);
    wr(IDE_COMMAND, 0x20);
    ck_assert_uint_eq(read_sector(), 322);
    wr(IDE_COMMAND, 0xec);
    for (i = 0; i < 256; i++) {
        w[i] = rdw();
    }
    ck_assert_uint_eq(w[54], IMG_SECTORS / (8 * 32));
    ck_assert_uint_eq(w[55], 8);
    ck_assert_uint_eq(w[56], 32);
    ck_assert_uint_eq(w[1], 8); /* the default stays */
}
END_TEST

START_TEST(ide_nien_masks_the_interrupt)
{
    ioport_write(io, IDE_CTL_PORT, IDE_CTL_NIEN, 1);
    lba_cmd(5, 1, 0x20);
    ck_assert_int_eq(irq_level, 0);
    ioport_write(io, IDE_CTL_PORT, 0, 1);
    ck_assert_int_eq(irq_level, 1);
}
END_TEST

START_TEST(ide_srst_restores_the_signature)
{
    lba_cmd(1234, 1, 0x20);
    ioport_write(io, IDE_CTL_PORT, IDE_CTL_SRST, 1);
    ck_assert_uint_eq(ioport_read(io, IDE_CTL_PORT, 1) & IDE_STAT_BSY, IDE_STAT_BSY);
    ioport_write(io, IDE_CTL_PORT, 0, 1);
    ck_assert_uint_eq(rd(IDE_STATUS), IDE_STAT_DRDY | IDE_STAT_DSC);
    ck_assert_uint_eq(rd(IDE_NSECTOR), 1);
    ck_assert_uint_eq(rd(IDE_SECTOR), 1);
    ck_assert_uint_eq(rd(IDE_HCYL), 0);
    ck_assert_uint_eq(rd(IDE_ERROR), 0x01);
}
END_TEST

START_TEST(ide_absent_slave_reads_zero_status)
{
    wr(IDE_SELECT, 0xb0);
    ck_assert_uint_eq(rd(IDE_STATUS), 0);
    wr(IDE_COMMAND, 0xec);
    ck_assert_int_eq(irq_level, 0);
    wr(IDE_SELECT, 0xa0);
    ck_assert_uint_eq(rd(IDE_STATUS), IDE_STAT_DRDY | IDE_STAT_DSC);
}
END_TEST

START_TEST(ide_unknown_command_aborts_and_flush_succeeds)
{
    wr(IDE_COMMAND, 0xa1); /* IDENTIFY PACKET DEVICE: not ATAPI */
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_ERR, IDE_STAT_ERR);
    ck_assert_uint_eq(rd(IDE_ERROR), IDE_ERR_ABRT);
    wr(IDE_COMMAND, 0xe7);
    ck_assert_uint_eq(rd(IDE_STATUS), IDE_STAT_DRDY | IDE_STAT_DSC);
    wr(IDE_FEATURE, 0x03);
    wr(IDE_NSECTOR, 0x0c);
    wr(IDE_COMMAND, 0xef);
    ck_assert_uint_eq(rd(IDE_STATUS) & IDE_STAT_ERR, 0);
}
END_TEST

static Suite *ide_suite(void)
{
    Suite *s = suite_create("ide");
    TCase *tc = tcase_create("ata");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ide_signature_and_status_after_reset);
    tcase_add_test(tc, ide_identify_fields);
    tcase_add_test(tc, ide_read_sectors_lba);
    tcase_add_test(tc, ide_read_sectors_chs);
    tcase_add_test(tc, ide_write_sectors_reach_the_file);
    tcase_add_test(tc, ide_read_multiple_needs_set_multiple);
    tcase_add_test(tc, ide_out_of_range_is_idnf);
    tcase_add_test(tc, ide_initialize_device_parameters_changes_chs);
    tcase_add_test(tc, ide_nien_masks_the_interrupt);
    tcase_add_test(tc, ide_srst_restores_the_signature);
    tcase_add_test(tc, ide_absent_slave_reads_zero_status);
    tcase_add_test(tc, ide_unknown_command_aborts_and_flush_succeeds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ide_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
