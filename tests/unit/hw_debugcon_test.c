/*
 * hw_debugcon_test.c - the port 0xE9 console: bytes reach the chardev at
 * once, word writes come out as two bytes (low first), reads give 0xE9.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/debugcon.h"

START_TEST(debugcon_bytes_reach_the_chardev_in_order)
{
    char path[] = "/tmp/debugcon_testXXXXXX";
    char err[128], buf[16] = {0};
    int fd = mkstemp(path);
    CharDev *chr = chr_open("file", path, err, sizeof(err));
    IOSpace *io = malloc(sizeof(*io));
    DebugconState *d;

    ck_assert_ptr_nonnull(chr);
    ioport_init(io);
    d = debugcon_init(io, DEBUGCON_DEFAULT_IOBASE, chr);
    ck_assert_ptr_nonnull(d);
    ioport_write(io, 0xe9, 'o', 1);
    ioport_write(io, 0xe9, 'k', 1);
    ck_assert_int_eq(read(fd, buf, sizeof(buf)), 2); /* unbuffered */
    ck_assert_str_eq(buf, "ok");
    debugcon_free(d);
    chr_close(chr);
    free(io);
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(debugcon_word_write_is_split_low_byte_first)
{
    char path[] = "/tmp/debugcon_testXXXXXX";
    char err[128], buf[16] = {0};
    int fd = mkstemp(path);
    CharDev *chr = chr_open("file", path, err, sizeof(err));
    IOSpace *io = malloc(sizeof(*io));
    DebugconState *d, *d2;

    ioport_init(io);
    d = debugcon_init(io, 0x402, chr);
    d2 = debugcon_init(io, 0x403, chr);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(d2);
    ioport_write(io, 0x402, 0x4241, 2); /* 'A' to 0x402, 'B' to 0x403 */
    ck_assert_int_eq(read(fd, buf, sizeof(buf)), 2);
    ck_assert_str_eq(buf, "AB");
    debugcon_free(d);
    debugcon_free(d2);
    chr_close(chr);
    free(io);
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(debugcon_reads_return_e9)
{
    IOSpace *io = malloc(sizeof(*io));
    DebugconState *d;

    ioport_init(io);
    d = debugcon_init(io, DEBUGCON_DEFAULT_IOBASE, NULL);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(ioport_read(io, 0xe9, 1), 0xe9);
    ioport_write(io, 0xe9, 'x', 1); /* no chardev: dropped */
    ck_assert_ptr_null(debugcon_init(io, DEBUGCON_DEFAULT_IOBASE, NULL));
    debugcon_free(d);
    free(io);
}
END_TEST

static Suite *debugcon_suite(void)
{
    Suite *s = suite_create("debugcon");
    TCase *tc = tcase_create("port");

    tcase_add_test(tc, debugcon_bytes_reach_the_chardev_in_order);
    tcase_add_test(tc, debugcon_word_write_is_split_low_byte_first);
    tcase_add_test(tc, debugcon_reads_return_e9);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(debugcon_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
