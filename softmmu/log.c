/*
 * log.c - the -d debug log: category names, mask parsing and the printer.
 *
 * Owns only the const table of category names (ORDER LOG_*: the bits of
 * log.h). The Log itself lives in the PCMachine; this file never opens or
 * closes its file and never prints user-facing errors.
 */
#include <stdarg.h>
#include <string.h>

#include "softmmu/log.h"

typedef struct LogCategory {
    const char *name;
    uint32_t mask;
    const char *help;
} LogCategory;

// clang-format off
static const LogCategory log_categories[] = {
    { "in_asm",       LOG_IN_ASM,       "show guest code as it is translated" },
    { "op",           LOG_OP,           "show IR before optimization" },
    { "op_opt",       LOG_OP_OPT,       "show IR after optimization" },
    { "out_asm",      LOG_OUT_ASM,      "show host code (TCI bytecode) of each TB" },
    { "int",          LOG_INT,          "show interrupts and exceptions" },
    { "exec",         LOG_EXEC,         "show every TB executed" },
    { "unimp",        LOG_UNIMP,        "log unimplemented device/CPU features touched" },
    { "guest_errors", LOG_GUEST_ERRORS, "log invalid guest actions (bad ports, bad MMIO...)" },
    { "nochain",      LOG_NOCHAIN,      "do not chain TBs (each TB returns to the loop)" },
    { "stats",        LOG_STATS,        "print TB cache, TLB and run counters at exit" },
    { "cpu",          LOG_CPU,          "show CPU state before each TB" },
};
// clang-format on

#define LOG_NCATEGORIES (sizeof(log_categories) / sizeof(log_categories[0]))

void log_printf(const Log *log, const char *fmt, ...)
{
    FILE *f = log->file ? log->file : stderr;
    va_list ap;

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
}

static int log_lookup(const char *name, size_t len, uint32_t *mask)
{
    size_t i;

    if (len == 3 && strncmp(name, "all", 3) == 0) {
        *mask = 0;
        for (i = 0; i < LOG_NCATEGORIES; i++) {
            *mask |= log_categories[i].mask;
        }
        *mask &= ~(uint32_t)LOG_NOCHAIN;
        return 0;
    }
    for (i = 0; i < LOG_NCATEGORIES; i++) {
        if (strlen(log_categories[i].name) == len &&
            strncmp(log_categories[i].name, name, len) == 0) {
            *mask = log_categories[i].mask;
            return 0;
        }
    }
    return -1;
}

int log_parse_mask(const char *list, uint32_t *mask, char *err, size_t errlen)
{
    const char *p = list;
    uint32_t result = 0;

    if (*list == '\0') {
        if (errlen > 0) {
            err[0] = '\0'; /* the bad item is the empty one */
        }
        return -1;
    }
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        uint32_t bit;

        if (log_lookup(p, len, &bit) < 0) {
            snprintf(err, errlen, "%.*s", (int)len, p);
            return -1;
        }
        result |= bit;
        if (!end) {
            break;
        }
        p = end + 1;
    }
    *mask = result;
    return 0;
}

void log_print_help(FILE *f)
{
    size_t i;

    fprintf(f, "Log items (comma separated):\n");
    for (i = 0; i < LOG_NCATEGORIES; i++) {
        fprintf(f, "%-13s %s\n", log_categories[i].name, log_categories[i].help);
    }
    fprintf(f, "%-13s %s\n", "all", "every category except nochain");
}

void pc_abort(const char *msg)
{
    fprintf(stderr, "pcemu: internal error: %s\n", msg);
    abort();
}
