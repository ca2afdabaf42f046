/*
 * softmmu_ioport_test.c - the port space: unclaimed ports, registration
 * conflicts, and the width dispatch rule of ioport.h (wide accesses to
 * byte-only devices split into bytes, low port first; accesses straddling
 * two devices split; narrow accesses to word devices widened).
 */
#include <check.h>
#include <stdlib.h>

#include "softmmu/ioport.h"

#define MAXLOG 16

typedef struct PortLog {
    int n;
    struct {
        char op;
        uint32_t offset, val;
        int size;
    } e[MAXLOG];
} PortLog;

static IOSpace *io;
static PortLog bytedev, worddev;

static uint32_t log_read(void *opaque, uint32_t offset, int size)
{
    PortLog *l = opaque;

    if (l->n < MAXLOG) {
        l->e[l->n].op = 'r';
        l->e[l->n].offset = offset;
        l->e[l->n].size = size;
        l->n++;
    }
    return 0xa0 + offset; /* byte devices: 0xa0, 0xa1...; word devices more */
}

static void log_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    PortLog *l = opaque;

    if (l->n < MAXLOG) {
        l->e[l->n].op = 'w';
        l->e[l->n].offset = offset;
        l->e[l->n].val = val;
        l->e[l->n].size = size;
        l->n++;
    }
}

static const IOOps byte_ops = {.read = log_read, .write = log_write, .sizes = IO_SIZE8};
static const IOOps word_ops = {.read = log_read, .write = log_write, .sizes = IO_SIZE16};
static const IOOps writeonly_ops = {.write = log_write, .sizes = IO_SIZE8};

static void setup(void)
{
    io = malloc(sizeof(*io));
    ioport_init(io);
    bytedev.n = 0;
    worddev.n = 0;
    ck_assert_int_eq(ioport_register(io, "byte", 0x100, 4, &byte_ops, &bytedev), 0);
    ck_assert_int_eq(ioport_register(io, "word", 0x200, 4, &word_ops, &worddev), 0);
}

static void teardown(void)
{
    free(io);
}

START_TEST(ioport_unclaimed_reads_all_ones)
{
    ck_assert_uint_eq(ioport_read(io, 0x80, 1), 0xff);
    ck_assert_uint_eq(ioport_read(io, 0x80, 2), 0xffff);
    ck_assert_uint_eq(ioport_read(io, 0x80, 4), 0xffffffff);
    ioport_write(io, 0x80, 0x12345678, 4); /* ignored, no crash */
    ck_assert_uint_eq(ioport_read(io, 0xffff, 2), 0xffff);
}
END_TEST

START_TEST(ioport_register_rejects_conflicts_and_overflow)
{
    ck_assert_int_eq(ioport_register(io, "dup", 0x103, 1, &byte_ops, NULL), -1);
    ck_assert_int_eq(ioport_register(io, "over", 0x0fe, 4, &byte_ops, NULL), -1);
    ck_assert_int_eq(ioport_register(io, "wrap", 0xfffe, 4, &byte_ops, NULL), -1);
    ck_assert_int_eq(ioport_register(io, "zero", 0x300, 0, &byte_ops, NULL), -1);
    ck_assert_int_eq(ioport_register(io, "noops", 0x300, 1, NULL, NULL), -1);
    ck_assert_int_eq(ioport_register(io, "last", 0xffff, 1, &byte_ops, NULL), 0);
    ck_assert_int_eq(ioport_register(io, "adjacent", 0x104, 1, &byte_ops, NULL), 0);
}
END_TEST

START_TEST(ioport_word_read_of_byte_device_is_two_byte_reads)
{
    ck_assert_uint_eq(ioport_read(io, 0x101, 2), 0xa2a1);
    ck_assert_int_eq(bytedev.n, 2);
    ck_assert_uint_eq(bytedev.e[0].offset, 1);
    ck_assert_uint_eq(bytedev.e[1].offset, 2);
    ck_assert_int_eq(bytedev.e[0].size, 1);
    ck_assert_int_eq(bytedev.e[1].size, 1);
}
END_TEST

START_TEST(ioport_dword_write_to_byte_device_is_four_byte_writes)
{
    int i;

    ioport_write(io, 0x100, 0x44332211, 4);
    ck_assert_int_eq(bytedev.n, 4);
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(bytedev.e[i].op, 'w');
        ck_assert_uint_eq(bytedev.e[i].offset, (uint32_t)i);
        ck_assert_uint_eq(bytedev.e[i].val, 0x11u * (uint32_t)(i + 1));
        ck_assert_int_eq(bytedev.e[i].size, 1);
    }
}
END_TEST

START_TEST(ioport_word_device_takes_words_whole)
{
    ioport_write(io, 0x200, 0xbeef, 2);
    ck_assert_int_eq(worddev.n, 1);
    ck_assert_int_eq(worddev.e[0].size, 2);
    ck_assert_uint_eq(worddev.e[0].val, 0xbeef);
    ck_assert_uint_eq(ioport_read(io, 0x200, 4), (0xa2u << 16) | 0xa0);
    ck_assert_int_eq(worddev.n, 3);
    ck_assert_uint_eq(worddev.e[2].offset, 2);
    ck_assert_int_eq(worddev.e[2].size, 2);
}
END_TEST

START_TEST(ioport_byte_access_to_word_device_is_widened)
{
    ck_assert_uint_eq(ioport_read(io, 0x201, 1), 0xa1);
    ck_assert_int_eq(worddev.e[0].size, 2);
    ioport_write(io, 0x201, 0x1ff, 1);
    ck_assert_int_eq(worddev.e[1].size, 2);
    ck_assert_uint_eq(worddev.e[1].val, 0xff); /* the byte, zero-extended */
}
END_TEST

START_TEST(ioport_access_straddling_devices_is_split)
{
    ck_assert_uint_eq(ioport_read(io, 0x103, 2), 0xffa3); /* 0x104 is unclaimed */
    ck_assert_int_eq(bytedev.n, 1);
    ck_assert_uint_eq(ioport_read(io, 0x1ff, 2), 0xa0ff);
    ck_assert_int_eq(worddev.n, 1);
}
END_TEST

START_TEST(ioport_write_only_device_reads_all_ones)
{
    PortLog l = {0};

    ck_assert_int_eq(ioport_register(io, "wo", 0x300, 1, &writeonly_ops, &l), 0);
    ck_assert_uint_eq(ioport_read(io, 0x300, 1), 0xff);
    ioport_write(io, 0x300, 0x42, 1);
    ck_assert_int_eq(l.n, 1);
}
END_TEST

static Suite *ioport_suite(void)
{
    Suite *s = suite_create("ioport");
    TCase *tc = tcase_create("dispatch");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ioport_unclaimed_reads_all_ones);
    tcase_add_test(tc, ioport_register_rejects_conflicts_and_overflow);
    tcase_add_test(tc, ioport_word_read_of_byte_device_is_two_byte_reads);
    tcase_add_test(tc, ioport_dword_write_to_byte_device_is_four_byte_writes);
    tcase_add_test(tc, ioport_word_device_takes_words_whole);
    tcase_add_test(tc, ioport_byte_access_to_word_device_is_widened);
    tcase_add_test(tc, ioport_access_straddling_devices_is_split);
    tcase_add_test(tc, ioport_write_only_device_reads_all_ones);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ioport_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
