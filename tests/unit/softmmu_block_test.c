/*
 * softmmu_block_test.c - raw images: writes reach the file before
 * blk_write returns, -snapshot keeps them in memory and leaves the file
 * untouched, readonly refuses writes, bad files give one clear error.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "softmmu/block.h"

#define IMG_SIZE (64 * 1024)

static char path[64];
static char err[512];

/* A temp image whose byte i is (i * 7) & 0xff. */
static void setup(void)
{
    uint8_t buf[IMG_SIZE];
    int fd, i;

    snprintf(path, sizeof(path), "/tmp/pcemu-blk-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    for (i = 0; i < IMG_SIZE; i++) {
        buf[i] = (uint8_t)(i * 7);
    }
    ck_assert_int_eq(write(fd, buf, sizeof(buf)), sizeof(buf));
    close(fd);
}

static void teardown(void)
{
    unlink(path);
}

static uint8_t file_byte(off_t off)
{
    uint8_t b = 0;
    int fd = open(path, O_RDONLY);

    ck_assert_int_eq(pread(fd, &b, 1, off), 1);
    close(fd);
    return b;
}

START_TEST(blk_write_reaches_the_file_before_returning)
{
    BlockDev *b = blk_open(path, false, false, err, sizeof(err));
    uint8_t data[600], back[600];

    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(blk_size(b), IMG_SIZE);
    memset(data, 0x5a, sizeof(data));
    ck_assert_int_eq(blk_write(b, 1000, data, sizeof(data)), 0);
    /* another reader of the file sees it now, with b still open */
    ck_assert_uint_eq(file_byte(1000), 0x5a);
    ck_assert_uint_eq(file_byte(1599), 0x5a);
    ck_assert_uint_eq(file_byte(1600), (uint8_t)(1600 * 7));
    ck_assert_int_eq(blk_read(b, 1000, back, sizeof(back)), 0);
    ck_assert_mem_eq(back, data, sizeof(data));
    ck_assert_int_eq(blk_flush(b), 0);
    blk_close(b);
}
END_TEST

START_TEST(blk_snapshot_leaves_the_file_untouched)
{
    BlockDev *b = blk_open(path, false, true, err, sizeof(err));
    uint8_t data[5000], back[8192];
    int i;

    ck_assert_ptr_nonnull(b);
    memset(data, 0xa5, sizeof(data));
    /* crosses two cluster boundaries */
    ck_assert_int_eq(blk_write(b, 4000, data, sizeof(data)), 0);
    ck_assert_int_eq(blk_read(b, 2048, back, sizeof(back)), 0);
    for (i = 0; i < (int)sizeof(back); i++) {
        uint32_t off = 2048 + (uint32_t)i;
        uint8_t want = off >= 4000 && off < 9000 ? 0xa5 : (uint8_t)(off * 7);

        ck_assert_uint_eq(back[i], want);
    }
    blk_close(b);
    ck_assert_uint_eq(file_byte(4000), (uint8_t)(4000 * 7));
    ck_assert_uint_eq(file_byte(8999), (uint8_t)(8999 * 7));
}
END_TEST

START_TEST(blk_readonly_refuses_writes)
{
    BlockDev *b = blk_open(path, true, false, err, sizeof(err));
    uint8_t data[512] = {1};

    ck_assert_ptr_nonnull(b);
    ck_assert(blk_is_readonly(b));
    ck_assert_int_eq(blk_write(b, 0, data, sizeof(data)), -1);
    ck_assert_uint_eq(file_byte(0), 0);
    blk_close(b);
}
END_TEST

START_TEST(blk_out_of_range_is_an_error)
{
    BlockDev *b = blk_open(path, false, false, err, sizeof(err));
    uint8_t data[512];

    ck_assert_int_eq(blk_read(b, IMG_SIZE - 256, data, sizeof(data)), -1);
    ck_assert_int_eq(blk_write(b, IMG_SIZE, data, 1), -1);
    ck_assert_int_eq(blk_read(b, IMG_SIZE - 512, data, sizeof(data)), 0);
    blk_close(b);
}
END_TEST

START_TEST(blk_unwritable_file_suggests_readonly)
{
    BlockDev *b;

    chmod(path, 0444);
    if (access(path, W_OK) == 0) {
        return; /* root writes anyway: nothing to check */
    }
    b = blk_open(path, false, false, err, sizeof(err));
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(err, "readonly=on"));
    b = blk_open(path, true, false, err, sizeof(err));
    ck_assert_ptr_nonnull(b);
    blk_close(b);
}
END_TEST

START_TEST(blk_missing_and_empty_files_fail_with_the_name)
{
    int fd;

    ck_assert_ptr_null(blk_open("/nonexistent/x.img", false, false, err, sizeof(err)));
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.img"));
    fd = open(path, O_WRONLY | O_TRUNC);
    close(fd);
    ck_assert_ptr_null(blk_open(path, false, false, err, sizeof(err)));
    ck_assert_ptr_nonnull(strstr(err, "empty"));
    ck_assert_ptr_null(strchr(err, '\n'));
}
END_TEST

static Suite *block_suite(void)
{
    Suite *s = suite_create("block");
    TCase *tc = tcase_create("raw");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, blk_write_reaches_the_file_before_returning);
    tcase_add_test(tc, blk_snapshot_leaves_the_file_untouched);
    tcase_add_test(tc, blk_readonly_refuses_writes);
    tcase_add_test(tc, blk_out_of_range_is_an_error);
    tcase_add_test(tc, blk_unwritable_file_suggests_readonly);
    tcase_add_test(tc, blk_missing_and_empty_files_fail_with_the_name);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(block_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
