/*
 * softmmu_log_test.c - -d category parsing, the help list, and that the
 * printer honours the mask and the file.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "softmmu/log.h"

START_TEST(log_parse_mask_accepts_lists)
{
    uint32_t mask = 0;
    char err[64];

    ck_assert_int_eq(log_parse_mask("in_asm,int", &mask, err, sizeof(err)), 0);
    ck_assert_uint_eq(mask, LOG_IN_ASM | LOG_INT);
    ck_assert_int_eq(log_parse_mask("op_opt", &mask, err, sizeof(err)), 0);
    ck_assert_uint_eq(mask, LOG_OP_OPT);
    ck_assert_int_eq(log_parse_mask("nochain,stats,cpu,guest_errors", &mask, err, sizeof(err)), 0);
    ck_assert_uint_eq(mask, LOG_NOCHAIN | LOG_STATS | LOG_CPU | LOG_GUEST_ERRORS);
    ck_assert_int_eq(log_parse_mask("all", &mask, err, sizeof(err)), 0);
    ck_assert_uint_eq(mask & LOG_NOCHAIN, 0);
    ck_assert_uint_eq(mask & LOG_EXEC, LOG_EXEC);
}
END_TEST

START_TEST(log_parse_mask_names_the_bad_item)
{
    uint32_t mask = 0x55;
    char err[64];

    ck_assert_int_eq(log_parse_mask("int,bogus,exec", &mask, err, sizeof(err)), -1);
    ck_assert_str_eq(err, "bogus");
    ck_assert_uint_eq(mask, 0x55); /* untouched on error */
    ck_assert_int_eq(log_parse_mask("in_as", &mask, err, sizeof(err)), -1);
    ck_assert_int_eq(log_parse_mask("int,", &mask, err, sizeof(err)), -1);
    ck_assert_int_eq(log_parse_mask("", &mask, err, sizeof(err)), -1);
}
END_TEST

START_TEST(log_help_lists_every_category)
{
    static const char *names[] = {"in_asm", "op",           "op_opt",  "out_asm", "int", "exec",
                                  "unimp",  "guest_errors", "nochain", "stats",   "cpu"};
    char *text = NULL;
    size_t len = 0, i;
    FILE *f = open_memstream(&text, &len);

    log_print_help(f);
    fclose(f);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        ck_assert_ptr_nonnull(strstr(text, names[i]));
    }
    free(text);
}
END_TEST

START_TEST(log_mask_prints_only_enabled_categories)
{
    char *text = NULL;
    size_t len = 0;
    Log log = {.mask = LOG_INT, .file = open_memstream(&text, &len)};

    log_mask(&log, LOG_EXEC, "exec %d\n", 1);
    log_mask(&log, LOG_INT, "int %d\n", 2);
    fclose(log.file);
    ck_assert_str_eq(text, "int 2\n");
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("mask");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, log_parse_mask_accepts_lists);
    tcase_add_test(tc, log_parse_mask_names_the_bad_item);
    tcase_add_test(tc, log_help_lists_every_category);
    tcase_add_test(tc, log_mask_prints_only_enabled_categories);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
