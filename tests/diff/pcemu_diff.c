/*
 * pcemu_diff.c - run a multiboot guest under the JIT and under TCI side by
 * side and stop at the first difference (tests/diff/diff.h).
 *
 *   pcemu_diff [-m MB] [-tb-size MB] [-append CMDLINE] [-max-insns N]
 *              [-mem-every N] [-accel A,B] [-q] KERNEL.elf
 *
 * Exit status: 0 when both runs agree to the end, 1 on a difference (both
 * states printed on stderr) or when the guest does not end, 2 on bad usage.
 * The guest's own verdict (its exit port value) is printed, not judged:
 * the guest tests judge themselves under run-guest-test.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/diff/diff.h"

typedef struct DiffArgs {
    uint32_t ram_mb, tb_mb;
    const char *append;
    const char *accel[2];
    char accel_buf[32];
    const char *kernel;
    DiffOptions opt;
} DiffArgs;

static int diff_usage(void)
{
    fprintf(stderr, "usage: pcemu_diff [-m MB] [-tb-size MB] [-append CMDLINE] [-max-insns N]\n"
                    "                  [-mem-every N] [-accel tcg,tci] [-q] KERNEL.elf\n");
    return 2;
}

static int diff_parse_accel(DiffArgs *a, const char *val)
{
    snprintf(a->accel_buf, sizeof(a->accel_buf), "%s", val);
    char *comma = strchr(a->accel_buf, ',');
    if (!comma) {
        return -1;
    }
    *comma = '\0';
    a->accel[0] = a->accel_buf;
    a->accel[1] = comma + 1;
    return 0;
}

static int diff_parse(int argc, char **argv, DiffArgs *a)
{
    a->ram_mb = 128;
    a->tb_mb = 32;
    a->append = NULL;
    a->accel[0] = "tcg";
    a->accel[1] = "tci";
    a->opt.max_insns = 2000000000;
    a->opt.mem_every = 0;
    a->opt.quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "-q")) {
            a->opt.quiet = true;
            continue;
        }
        if (o[0] != '-') {
            a->kernel = o;
            continue;
        }
        if (!v) {
            return -1;
        }
        i++;
        if (!strcmp(o, "-m")) {
            a->ram_mb = (uint32_t)strtoul(v, NULL, 0);
        } else if (!strcmp(o, "-tb-size")) {
            a->tb_mb = (uint32_t)strtoul(v, NULL, 0);
        } else if (!strcmp(o, "-append")) {
            a->append = v;
        } else if (!strcmp(o, "-max-insns")) {
            a->opt.max_insns = strtoll(v, NULL, 0);
        } else if (!strcmp(o, "-mem-every")) {
            a->opt.mem_every = strtoull(v, NULL, 0);
        } else if (!strcmp(o, "-accel")) {
            if (diff_parse_accel(a, v) < 0) {
                return -1;
            }
        } else {
            return -1;
        }
    }
    return a->kernel && a->ram_mb >= 2 && a->tb_mb >= 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
    DiffArgs args;
    DiffSide side[2];
    DiffReport rep;
    char err[512];

    memset(&args, 0, sizeof(args));
    if (diff_parse(argc, argv, &args) < 0) {
        return diff_usage();
    }
    for (int i = 0; i < 2; i++) {
        if (diff_side_init(&side[i], args.accel[i], args.ram_mb, args.tb_mb) < 0) {
            fprintf(stderr, "pcemu_diff: cannot build the %s machine\n", args.accel[i]);
            return 1;
        }
        if (diff_side_load_elf(&side[i], args.kernel, args.append, err, sizeof(err)) < 0) {
            fprintf(stderr, "pcemu_diff: %s\n", err);
            return 1;
        }
    }
    DiffResult r = diff_run(&side[0], &side[1], &args.opt, &rep);
    const char *name = strrchr(args.kernel, '/') ? strrchr(args.kernel, '/') + 1 : args.kernel;
    if (r == DIFF_SAME) {
        printf("%s: %s and %s agree: %llu insns, %llu/%llu TBs, %llu state compares, "
               "exit %s 0x%x\n",
               name, args.accel[0], args.accel[1], (unsigned long long)rep.insns,
               (unsigned long long)rep.steps[0], (unsigned long long)rep.steps[1],
               (unsigned long long)rep.compares, side[0].exited ? "port" : "hlt",
               side[0].exit_value);
    } else {
        printf("%s: %s: %s\n", name, r == DIFF_TIMEOUT ? "TIMEOUT" : "MISMATCH", rep.what);
    }
    for (int i = 0; i < 2; i++) {
        diff_side_free(&side[i]);
    }
    return r == DIFF_SAME ? 0 : 1;
}
