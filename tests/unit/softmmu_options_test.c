/*
 * softmmu_options_test.c - the command line into PCConfig: defaults,
 * sizes and ranges, chardev references in either order, devices, -d,
 * and that every error is one message naming the option and the value.
 */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "softmmu/options.h"

static PCConfig conf;
static char err[512];
static char *out_text;

/* Parses a NULL-terminated argument list (argv[0] is added). */
static int parse(const char *first, ...)
{
    char *argv[64];
    int argc = 0, ret;
    size_t len = 0;
    FILE *out = open_memstream(&out_text, &len);
    va_list ap;
    const char *a;

    argv[argc++] = (char *)"pcemu";
    va_start(ap, first);
    for (a = first; a; a = va_arg(ap, const char *)) {
        argv[argc++] = (char *)a;
    }
    va_end(ap);
    pc_config_defaults(&conf);
    err[0] = '\0';
    free(out_text);
    out_text = NULL;
    ret = options_parse(argc, argv, &conf, out, err, sizeof(err));
    fclose(out);
    return ret;
}

static void assert_error(const char *needle1, const char *needle2)
{
    ck_assert_ptr_null(strchr(err, '\n'));
    ck_assert_msg(strstr(err, needle1), "'%s' not in '%s'", needle1, err);
    if (needle2) {
        ck_assert_msg(strstr(err, needle2), "'%s' not in '%s'", needle2, err);
    }
}

START_TEST(options_no_args_gives_demo_defaults)
{
    ck_assert_int_eq(parse(NULL), 0);
    ck_assert_ptr_null(conf.kernel);
    ck_assert_uint_eq(conf.ram_mb, 128);
    ck_assert_int_eq(conf.serial_chr, 0);
    ck_assert_str_eq(conf.chardevs[0].kind, "stdio");
    ck_assert_int_eq(conf.nexitdev, 1);
    ck_assert_uint_eq(conf.exitdev[0].iobase, 0xf4);
    ck_assert_uint_eq(conf.exitdev[0].iosize, 4);
    ck_assert(conf.poweroff);
    ck_assert(!conf.graphic);
    ck_assert(!conf.tci); /* the JIT by default */
    ck_assert_uint_eq(conf.tb_size_mb, 32);
    ck_assert_int_eq(conf.icount_shift, -1);
}
END_TEST

START_TEST(options_ram_sizes_and_suffixes)
{
    ck_assert_int_eq(parse("-m", "256", NULL), 0);
    ck_assert_uint_eq(conf.ram_mb, 256);
    ck_assert_int_eq(parse("-m", "1G", NULL), 0);
    ck_assert_uint_eq(conf.ram_mb, 1024);
    ck_assert_int_eq(parse("-m", "64M", NULL), 0);
    ck_assert_uint_eq(conf.ram_mb, 64);
    ck_assert_int_eq(parse("-m", "size=3584", NULL), 0);
    ck_assert_uint_eq(conf.ram_mb, 3584);
    ck_assert_int_eq(parse("-m", "2048k", NULL), 0);
    ck_assert_uint_eq(conf.ram_mb, 2);
    ck_assert_int_eq(parse("--m", "16", NULL), 0); /* QEMU accepts --opt too */
    ck_assert_uint_eq(conf.ram_mb, 16);
}
END_TEST

START_TEST(options_ram_out_of_range_or_malformed)
{
    ck_assert_int_eq(parse("-m", "0", NULL), -1);
    assert_error("-m 0", "between 2 and 3584");
    ck_assert_int_eq(parse("-m", "1", NULL), -1);
    ck_assert_int_eq(parse("-m", "3585", NULL), -1);
    ck_assert_int_eq(parse("-m", "99999", NULL), -1);
    assert_error("99999", "MiB");
    ck_assert_int_eq(parse("-m", "4G", NULL), -1);
    ck_assert_int_eq(parse("-m", "99999999999999999999999", NULL), -1);
    ck_assert_int_eq(parse("-m", "abc", NULL), -1);
    assert_error("-m abc", "invalid");
    ck_assert_int_eq(parse("-m", "12X", NULL), -1);
    ck_assert_int_eq(parse("-m", "-5", NULL), -1);
    ck_assert_int_eq(parse("-m", "1500k", NULL), -1);
    assert_error("whole number", NULL);
}
END_TEST

START_TEST(options_unknown_option_and_missing_argument)
{
    ck_assert_int_eq(parse("-frobnicate", NULL), -1);
    assert_error("-frobnicate", "unknown option");
    ck_assert_int_eq(parse("-kernel", NULL), -1);
    assert_error("-kernel", "needs an argument");
    ck_assert_int_eq(parse("disk.img", NULL), -1);
    assert_error("disk.img", NULL);
    ck_assert_int_eq(parse("-", NULL), -1);
}
END_TEST

START_TEST(options_serial_backends)
{
    ck_assert_int_eq(parse("-serial", "none", NULL), 0);
    ck_assert_int_eq(conf.serial_chr, -1);
    ck_assert_int_eq(parse("-serial", "file:out.txt", NULL), 0);
    ck_assert_str_eq(conf.chardevs[conf.serial_chr].kind, "file");
    ck_assert_str_eq(conf.chardevs[conf.serial_chr].path, "out.txt");
    ck_assert_int_eq(parse("-serial", "null", NULL), 0);
    ck_assert_str_eq(conf.chardevs[conf.serial_chr].kind, "null");
    ck_assert_int_eq(parse("-serial", "tcp:1234", NULL), -1);
    assert_error("-serial tcp:1234", "unknown backend");
    ck_assert_int_eq(parse("-serial", "file:", NULL), -1);
    ck_assert_int_eq(parse("-serial", "stdio", "-serial", "null", NULL), -1);
}
END_TEST

START_TEST(options_chardev_reference_in_either_order)
{
    ck_assert_int_eq(parse("-serial", "chardev:c1", "-chardev", "file,id=c1,path=log.txt", NULL),
                     0);
    ck_assert_str_eq(conf.chardevs[conf.serial_chr].id, "c1");
    ck_assert_str_eq(conf.chardevs[conf.serial_chr].path, "log.txt");
    ck_assert_int_eq(parse("-chardev", "null,id=n", "-serial", "chardev:n", NULL), 0);
    ck_assert_str_eq(conf.chardevs[conf.serial_chr].kind, "null");
}
END_TEST

START_TEST(options_chardev_errors)
{
    ck_assert_int_eq(parse("-serial", "chardev:nope", NULL), -1);
    assert_error("nope", "no -chardev");
    ck_assert_int_eq(parse("-chardev", "null,id=a", "-chardev", "stdio,id=a", NULL), -1);
    assert_error("duplicate", "'a'");
    ck_assert_int_eq(parse("-chardev", "null", NULL), -1);
    assert_error("id=", NULL);
    ck_assert_int_eq(parse("-chardev", "file,id=f", NULL), -1);
    assert_error("path", NULL);
    ck_assert_int_eq(parse("-chardev", "socket,id=s", NULL), -1);
    assert_error("socket", NULL);
    ck_assert_int_eq(parse("-chardev", "null,id=9x", NULL), -1);
    ck_assert_int_eq(parse("-chardev", "null,id=x,color=red", NULL), -1);
    assert_error("color", NULL);
    ck_assert_int_eq(parse("-chardev", "stdio,id=x,signal=off", NULL), 0);
}
END_TEST

START_TEST(options_debug_exit_device)
{
    ck_assert_int_eq(parse("-device", "isa-debug-exit,iobase=0x501,iosize=2", NULL), 0);
    ck_assert_int_eq(conf.nexitdev, 1); /* replaces the default one */
    ck_assert_uint_eq(conf.exitdev[0].iobase, 0x501);
    ck_assert_uint_eq(conf.exitdev[0].iosize, 2);
    ck_assert_int_eq(parse("-device", "isa-debug-exit", NULL), 0);
    ck_assert_uint_eq(conf.exitdev[0].iobase, 0xf4);
    ck_assert_uint_eq(conf.exitdev[0].iosize, 4);
    ck_assert_int_eq(parse("-device", "isa-debug-exit,iobase=0x10000", NULL), -1);
    assert_error("iobase", NULL);
    ck_assert_int_eq(parse("-device", "isa-debug-exit,iobase=zz", NULL), -1);
    ck_assert_int_eq(parse("-device", "isa-debug-exit,iobase", NULL), -1);
    ck_assert_int_eq(parse("-device", "isa-debug-exit,iobase=0xfffe,iosize=4", NULL), -1);
    ck_assert_int_eq(parse("-device", "isa-debug-exit,speed=1", NULL), -1);
    assert_error("speed", NULL);
}
END_TEST

START_TEST(options_debugcon_devices)
{
    ck_assert_int_eq(parse("-debugcon", "stdio", "-chardev", "file,id=d,path=x", "-device",
                           "isa-debugcon,iobase=0x402,chardev=d", NULL),
                     0);
    ck_assert_int_eq(conf.ndebugcon, 2);
    ck_assert_uint_eq(conf.debugcon[0].iobase, 0xe9);
    ck_assert_str_eq(conf.chardevs[conf.debugcon[0].chr].kind, "stdio");
    ck_assert_uint_eq(conf.debugcon[1].iobase, 0x402);
    ck_assert_str_eq(conf.chardevs[conf.debugcon[1].chr].id, "d");
    ck_assert_int_eq(parse("-device", "isa-debugcon,iobase=0x402", NULL), -1);
    assert_error("chardev", NULL);
    ck_assert_int_eq(parse("-device", "isa-debugcon,chardev=zz", NULL), -1);
    assert_error("zz", NULL);
    ck_assert_int_eq(parse("-device", "e1000", NULL), -1);
    assert_error("e1000", "unknown device");
    ck_assert_int_eq(parse("-device", "help", NULL), 1);
    ck_assert_ptr_nonnull(strstr(out_text, "isa-debugcon"));
}
END_TEST

START_TEST(options_nodefaults_removes_default_devices)
{
    ck_assert_int_eq(parse("-nodefaults", NULL), 0);
    ck_assert_int_eq(conf.serial_chr, -1);
    ck_assert_int_eq(conf.nexitdev, 0);
    ck_assert(!conf.poweroff);
    ck_assert_int_eq(parse("-nodefaults", "-serial", "stdio", NULL), 0);
    ck_assert_int_ge(conf.serial_chr, 0);
}
END_TEST

START_TEST(options_log_categories)
{
    ck_assert_int_eq(parse("-d", "in_asm,int", "-D", "pcemu.log", NULL), 0);
    ck_assert_uint_eq(conf.log_mask, LOG_IN_ASM | LOG_INT);
    ck_assert_str_eq(conf.log_file, "pcemu.log");
    ck_assert_int_eq(parse("-d", "in_asm,bogus", NULL), -1);
    assert_error("bogus", "-d");
    ck_assert_int_eq(parse("-d", "help", NULL), 1);
    ck_assert_ptr_nonnull(strstr(out_text, "guest_errors"));
}
END_TEST

START_TEST(options_accel_tb_size_icount)
{
    ck_assert_int_eq(parse("-accel", "tcg", "-tb-size", "64", "-icount", "3", NULL), 0);
    ck_assert(!conf.tci);
    ck_assert_uint_eq(conf.tb_size_mb, 64);
    ck_assert_int_eq(conf.icount_shift, 3);
    ck_assert_int_eq(parse("-accel", "tci", NULL), 0);
    ck_assert(conf.tci);
    ck_assert_int_eq(parse("-icount", "shift=0", NULL), 0);
    ck_assert_int_eq(conf.icount_shift, 0);
    ck_assert_int_eq(parse("-accel", "kvm", NULL), -1);
    assert_error("kvm", NULL);
    ck_assert_int_eq(parse("-tb-size", "0", NULL), -1);
    ck_assert_int_eq(parse("-tb-size", "2049", NULL), -1);
    ck_assert_int_eq(parse("-tb-size", "big", NULL), -1);
    ck_assert_int_eq(parse("-icount", "11", NULL), -1);
    assert_error("-icount 11", NULL);
    ck_assert_int_eq(parse("-icount", "shift=auto", NULL), -1);
}
END_TEST

START_TEST(options_display_and_flags)
{
    ck_assert_int_eq(parse("-display", "sdl", NULL), 0);
    ck_assert(conf.graphic); /* pc_init reports that SDL is not there yet */
    ck_assert_int_eq(parse("-display", "none", "-no-reboot", NULL), 0);
    ck_assert(!conf.graphic);
    ck_assert(conf.no_reboot);
    ck_assert_int_eq(parse("-display", "gtk", NULL), -1);
    ck_assert_int_eq(parse("-nographic", "-display", "none", NULL), -1);
    ck_assert_int_eq(parse("-nographic", "-kernel", "k.elf", "-append", "a b", NULL), 0);
    ck_assert_str_eq(conf.kernel, "k.elf");
    ck_assert_str_eq(conf.append, "a b");
}
END_TEST

START_TEST(options_bios_must_exist)
{
    ck_assert_int_eq(parse("-bios", "/nonexistent/bios.bin", NULL), -1);
    assert_error("/nonexistent/bios.bin", "No such file");
}
END_TEST

START_TEST(options_help_and_version_are_informational)
{
    ck_assert_int_eq(parse("-help", NULL), 1);
    ck_assert_ptr_nonnull(strstr(out_text, "usage"));
    ck_assert_int_eq(parse("-h", NULL), 1);
    ck_assert_int_eq(parse("--version", NULL), 1);
    ck_assert_ptr_nonnull(strstr(out_text, "pcemu version"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("parse");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, options_no_args_gives_demo_defaults);
    tcase_add_test(tc, options_ram_sizes_and_suffixes);
    tcase_add_test(tc, options_ram_out_of_range_or_malformed);
    tcase_add_test(tc, options_unknown_option_and_missing_argument);
    tcase_add_test(tc, options_serial_backends);
    tcase_add_test(tc, options_chardev_reference_in_either_order);
    tcase_add_test(tc, options_chardev_errors);
    tcase_add_test(tc, options_debug_exit_device);
    tcase_add_test(tc, options_debugcon_devices);
    tcase_add_test(tc, options_nodefaults_removes_default_devices);
    tcase_add_test(tc, options_log_categories);
    tcase_add_test(tc, options_accel_tb_size_icount);
    tcase_add_test(tc, options_display_and_flags);
    tcase_add_test(tc, options_bios_must_exist);
    tcase_add_test(tc, options_help_and_version_are_informational);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free(out_text);
    return failed == 0 ? 0 : 1;
}
