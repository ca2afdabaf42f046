/*
 * options.h - the command line: QEMU's option names parsed into a
 * PCConfig (hw/pc.h).
 *
 * Owns nothing after it returns: strings in the PCConfig point into argv.
 * Checks everything that can be checked without building the machine
 * (syntax, numbers and ranges, chardev ids, files that must exist) and
 * reports the first problem as one line naming the option and the value.
 * It never exits and never prints errors itself: main does.
 *
 * Defaults applied here (without -nodefaults): serial on stdio when no
 * -serial is given, isa-debug-exit at 0xf4/4 when no isa-debug-exit is
 * given, and the ACPI power-off port.
 */
#ifndef PCEMU_OPTIONS_H
#define PCEMU_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "hw/pc.h"

#define OPTIONS_MIN_RAM_MB 2
#define OPTIONS_MAX_RAM_MB 3584
#define OPTIONS_MAX_TB_MB  2048
#define OPTIONS_MAX_ICOUNT 10

/* Fills conf (after pc_config_defaults) from argv[1..argc-1].
 * Returns 0 to run, 1 when the request was only informational (-help,
 * -version, -d help, -device help: printed to out), or -1 with one line
 * in err. */
int options_parse(int argc, char **argv, PCConfig *conf, FILE *out, char *err, size_t errlen);
void options_print_help(FILE *out);

#endif
