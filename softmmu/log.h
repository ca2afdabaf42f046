/*
 * log.h - the -d debug log: categories, the mask test and the printer.
 *
 * Owns nothing global: a Log lives in the PCMachine and is passed (or
 * reached through env->log) wherever something may be logged. Logging when
 * a category is off costs one bit test. Never used for user-facing errors
 * (those are returned to main) nor for normal guest output.
 */
#ifndef PCEMU_LOG_H
#define PCEMU_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum {
    LOG_IN_ASM       = 1u << 0,  /* guest code as it is translated */
    LOG_OP           = 1u << 1,  /* IR before optimization */
    LOG_OP_OPT       = 1u << 2,  /* IR after optimization */
    LOG_OUT_ASM      = 1u << 3,  /* host code (back-end bytecode for TCI) */
    LOG_INT          = 1u << 4,  /* interrupts and exceptions */
    LOG_EXEC         = 1u << 5,  /* every TB executed */
    LOG_UNIMP        = 1u << 6,  /* unimplemented device/CPU features touched */
    LOG_GUEST_ERRORS = 1u << 7,  /* guest did something invalid */
    LOG_NOCHAIN      = 1u << 8,  /* not a log: disables TB chaining */
    LOG_STATS        = 1u << 9,  /* counters printed at exit */
    LOG_CPU          = 1u << 10, /* CPU state before each TB */
};

typedef struct Log {
    uint32_t mask;
    FILE *file; /* stderr unless -D */
} Log;

static inline bool log_enabled(const Log *log, uint32_t mask)
{
    return (log->mask & mask) != 0;
}

void log_printf(const Log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_mask(log, mask, ...)                                                                   \
    do {                                                                                           \
        if (log_enabled((log), (mask))) {                                                          \
            log_printf((log), __VA_ARGS__);                                                        \
        }                                                                                          \
    } while (0)

/* Parses "in_asm,op,int" into *mask. Returns 0, or -1 with the bad item in err. */
int log_parse_mask(const char *list, uint32_t *mask, char *err, size_t errlen);
/* One line per category for -d help. */
void log_print_help(FILE *f);

/* Our own bugs only (STYLE 7c): never for guest-controlled input. */
__attribute__((noreturn)) void pc_abort(const char *msg);

#endif
