/*
 * softmmu_chardev_test.c - host ends: file output is unbuffered, null
 * swallows, stdio input goes through QEMU's Ctrl-A escapes (a pipe stands
 * in for the terminal), and bad backends fail with a message.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "softmmu/chardev.h"

static CharDev *stdio_from_pipe(int *wfd)
{
    char err[128];
    int fds[2];

    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    close(fds[0]);
    *wfd = fds[1];
    return chr_open("stdio", NULL, err, sizeof(err));
}

START_TEST(chr_file_write_is_visible_at_once)
{
    char path[] = "/tmp/chardev_testXXXXXX";
    char err[128], buf[16] = {0};
    int fd = mkstemp(path);
    CharDev *chr = chr_open("file", path, err, sizeof(err));
    uint8_t in[4];

    ck_assert_ptr_nonnull(chr);
    chr_write(chr, (const uint8_t *)"abc", 3);
    ck_assert_int_eq(read(fd, buf, sizeof(buf)), 3);
    ck_assert_str_eq(buf, "abc");
    ck_assert_int_eq(chr_read(chr, in, sizeof(in)), 0); /* files give no input */
    ck_assert(!chr_quit_requested(chr));
    chr_close(chr);
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(chr_null_swallows_everything)
{
    char err[128];
    uint8_t in[4];
    CharDev *chr = chr_open("null", NULL, err, sizeof(err));

    ck_assert_ptr_nonnull(chr);
    chr_write(chr, (const uint8_t *)"x", 1);
    ck_assert_int_eq(chr_read(chr, in, sizeof(in)), 0);
    chr_close(chr);
}
END_TEST

START_TEST(chr_bad_backends_fail_with_message)
{
    char err[128] = "";

    ck_assert_ptr_null(chr_open("pty", NULL, err, sizeof(err)));
    ck_assert_ptr_nonnull(strstr(err, "pty"));
    ck_assert_ptr_null(chr_open("file", NULL, err, sizeof(err)));
    ck_assert_ptr_null(chr_open("file", "/nonexistent-dir/x/y", err, sizeof(err)));
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/x/y"));
}
END_TEST

START_TEST(chr_stdio_read_never_blocks)
{
    int wfd;
    uint8_t buf[8];
    CharDev *chr = stdio_from_pipe(&wfd);

    ck_assert_ptr_nonnull(chr);
    ck_assert_int_eq(chr_read(chr, buf, sizeof(buf)), 0);
    ck_assert_int_eq(write(wfd, "hi", 2), 2);
    ck_assert_int_eq(chr_read(chr, buf, sizeof(buf)), 2);
    ck_assert_mem_eq(buf, "hi", 2);
    close(wfd);
    ck_assert_int_eq(chr_read(chr, buf, sizeof(buf)), 0); /* EOF */
    chr_close(chr);
}
END_TEST

START_TEST(chr_stdio_ctrl_a_x_requests_quit)
{
    int wfd;
    uint8_t buf[8];
    CharDev *chr = stdio_from_pipe(&wfd);

    ck_assert_int_eq(write(wfd, "a\001x", 3), 3);
    ck_assert_int_eq(chr_read(chr, buf, sizeof(buf)), 1);
    ck_assert_uint_eq(buf[0], 'a');
    ck_assert(chr_quit_requested(chr));
    close(wfd);
    chr_close(chr);
}
END_TEST

START_TEST(chr_stdio_ctrl_a_twice_sends_one_ctrl_a)
{
    int wfd;
    uint8_t buf[8];
    CharDev *chr = stdio_from_pipe(&wfd);

    ck_assert_int_eq(write(wfd, "\001", 1), 1);
    ck_assert_int_eq(chr_read(chr, buf, sizeof(buf)), 0); /* escape pending */
    ck_assert_int_eq(write(wfd, "\001b\001q", 4), 4);
    ck_assert_int_eq(chr_read(chr, buf, sizeof(buf)), 2); /* Ctrl-A q is dropped */
    ck_assert_uint_eq(buf[0], 1);
    ck_assert_uint_eq(buf[1], 'b');
    ck_assert(!chr_quit_requested(chr));
    close(wfd);
    chr_close(chr);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chardev");
    TCase *tc = tcase_create("backends");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, chr_file_write_is_visible_at_once);
    tcase_add_test(tc, chr_null_swallows_everything);
    tcase_add_test(tc, chr_bad_backends_fail_with_message);
    tcase_add_test(tc, chr_stdio_read_never_blocks);
    tcase_add_test(tc, chr_stdio_ctrl_a_x_requests_quit);
    tcase_add_test(tc, chr_stdio_ctrl_a_twice_sends_one_ctrl_a);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
