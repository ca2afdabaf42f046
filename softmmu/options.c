/*
 * options.c - the command line (QEMU's names) -> PCConfig.
 *
 * One table row per option (name, takes an argument, handler). Handlers
 * validate their argument at once; references between options
 * (-serial chardev:ID before its -chardev) and the defaults are resolved
 * after the whole line was read. Also defines pc_config_defaults: the
 * defaults are part of what the command line means. Owns no memory: the
 * PCConfig keeps pointers into argv.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "hw/debugcon.h"
#include "hw/debugexit.h"
#include "softmmu/options.h"

#define OPT_ID_LEN    32
#define OPT_MAX_PROPS 8
#define OPT_PROP_BUF  1024

/* A chardev reference by id, resolved once all -chardev are known. */
typedef struct OptChrRef {
    char id[OPT_ID_LEN];
    char opt[OPT_ID_LEN]; /* the option that made it, for the message */
} OptChrRef;

typedef struct OptState {
    PCConfig *conf;
    FILE *out;
    char *err;
    size_t errlen;
    bool nographic;
    bool nodefaults;
    bool display_given;
    bool serial_given;
    bool debugcon_given;
    bool exitdev_given;
    OptChrRef serial_ref;
    bool monitor_given;
    OptChrRef monitor_ref;
    OptChrRef debugcon_ref[PC_MAX_DEBUGCONS];
} OptState;

typedef struct OptProp {
    const char *key;
    const char *val;
} OptProp;

typedef struct OptDef {
    const char *name;
    bool has_arg;
    int (*handler)(OptState *s, const char *opt, const char *arg);
} OptDef;

void pc_config_defaults(PCConfig *conf)
{
    memset(conf, 0, sizeof(*conf));
    conf->ram_mb = 128;
    conf->serial_chr = -1;
    conf->graphic = false;
    conf->tci = false;
    conf->tb_size_mb = 32;
    conf->icount_shift = -1;
    conf->poweroff = true;
    conf->monitor_chr = -1;
}

static int opt_error(OptState *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int opt_error(OptState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(s->err, s->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Unsigned number, decimal or 0x-hex, the whole string. */
static bool opt_parse_u64(const char *str, uint64_t *val)
{
    char *end;

    if (*str < '0' || *str > '9') {
        return false;
    }
    errno = 0;
    *val = strtoull(str, &end, 0);
    return errno == 0 && *end == '\0';
}

/* Splits "driver,key=val,..." into buf; props point into buf. */
static int opt_split_props(OptState *s, const char *opt, const char *arg, char *buf, OptProp *props,
                           int *nprops)
{
    char *save = NULL;
    char *tok;

    if (strlen(arg) >= OPT_PROP_BUF) {
        return opt_error(s, "%s: argument too long", opt);
    }
    strcpy(buf, arg);
    *nprops = 0;
    strtok_r(buf, ",", &save);
    while ((tok = strtok_r(NULL, ",", &save)) != NULL) {
        char *eq = strchr(tok, '=');

        if (!eq) {
            return opt_error(s, "%s %s: property '%s' needs a value (key=value)", opt, arg, tok);
        }
        if (*nprops == OPT_MAX_PROPS) {
            return opt_error(s, "%s %s: too many properties", opt, arg);
        }
        *eq = '\0';
        props[*nprops].key = tok;
        props[*nprops].val = eq + 1;
        (*nprops)++;
    }
    return 0;
}

static bool opt_valid_id(const char *id)
{
    size_t i, len = strlen(id);

    if (len == 0 || len >= OPT_ID_LEN ||
        !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z'))) {
        return false;
    }
    for (i = 1; i < len; i++) {
        char c = id[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_')) {
            return false;
        }
    }
    return true;
}

static int opt_find_chardev(const PCConfig *conf, const char *id)
{
    int i;

    for (i = 0; i < conf->nchardevs; i++) {
        if (strcmp(conf->chardevs[i].id, id) == 0) {
            return i;
        }
    }
    return -1;
}

/* Appends a chardev conf; returns its index or -1 (message set). */
static int opt_add_chardev(OptState *s, const char *opt, const char *id, const char *kind,
                           const char *path)
{
    PCConfig *conf = s->conf;
    PCChardevConf *c;

    if (conf->nchardevs == PC_MAX_CHARDEVS) {
        return opt_error(s, "%s: too many character devices (at most %d)", opt, PC_MAX_CHARDEVS);
    }
    if (opt_find_chardev(conf, id) >= 0) {
        return opt_error(s, "%s: duplicate chardev id '%s'", opt, id);
    }
    if (path && strlen(path) >= sizeof(c->path)) {
        return opt_error(s, "%s: path too long", opt);
    }
    c = &conf->chardevs[conf->nchardevs];
    snprintf(c->id, sizeof(c->id), "%s", id);
    snprintf(c->kind, sizeof(c->kind), "%s", kind);
    snprintf(c->path, sizeof(c->path), "%s", path ? path : "");
    return conf->nchardevs++;
}

/* -serial / -debugcon backends: none, null, stdio, file:PATH, chardev:ID.
 * *chr gets the chardev index, -1 for none, or stays -2 with ref filled. */
static int opt_backend(OptState *s, const char *opt, const char *arg, const char *auto_id, int *chr,
                       OptChrRef *ref)
{
    *chr = -2;
    if (strcmp(arg, "none") == 0) {
        *chr = -1;
    } else if (strcmp(arg, "null") == 0) {
        *chr = opt_add_chardev(s, opt, auto_id, "null", NULL);
    } else if (strcmp(arg, "stdio") == 0 || strcmp(arg, "mon:stdio") == 0) {
        *chr = opt_add_chardev(s, opt, auto_id, "stdio", NULL);
    } else if (strncmp(arg, "file:", 5) == 0) {
        if (arg[5] == '\0') {
            return opt_error(s, "%s %s: missing file name", opt, arg);
        }
        *chr = opt_add_chardev(s, opt, auto_id, "file", arg + 5);
    } else if (strncmp(arg, "chardev:", 8) == 0) {
        if (!opt_valid_id(arg + 8)) {
            return opt_error(s, "%s %s: invalid chardev id '%s'", opt, arg, arg + 8);
        }
        snprintf(ref->id, sizeof(ref->id), "%s", arg + 8);
        snprintf(ref->opt, sizeof(ref->opt), "%s", opt);
        return 0;
    } else {
        return opt_error(s,
                         "%s %s: unknown backend (use stdio, file:PATH, null, none or "
                         "chardev:ID)",
                         opt, arg);
    }
    return *chr == -2 ? -1 : 0;
}

static int opt_ram(OptState *s, const char *opt, const char *arg)
{
    const char *num = strncmp(arg, "size=", 5) == 0 ? arg + 5 : arg;
    char digits[32];
    size_t n = strspn(num, "0123456789");
    uint64_t val, shift = 20;

    if (n == 0 || n >= sizeof(digits)) {
        return opt_error(s, "%s %s: invalid RAM size", opt, arg);
    }
    memcpy(digits, num, n);
    digits[n] = '\0';
    switch (num[n]) {
    case '\0':
    case 'M':
    case 'm':
        shift = 20;
        break;
    case 'G':
    case 'g':
        shift = 30;
        break;
    case 'K':
    case 'k':
        shift = 10;
        break;
    default:
        return opt_error(s, "%s %s: invalid RAM size", opt, arg);
    }
    if (num[n] != '\0' && strcmp(num + n + 1, "") != 0 && strcmp(num + n + 1, "B") != 0 &&
        strcmp(num + n + 1, "iB") != 0) {
        return opt_error(s, "%s %s: invalid RAM size", opt, arg);
    }
    errno = 0;
    val = strtoull(digits, NULL, 10);
    if (errno != 0 || val > ((uint64_t)1 << 34)) {
        return opt_error(s, "%s %s: RAM size must be between %d and %d MiB", opt, arg,
                         OPTIONS_MIN_RAM_MB, OPTIONS_MAX_RAM_MB);
    }
    val <<= shift;
    if ((val & ((1u << 20) - 1)) != 0) {
        return opt_error(s, "%s %s: RAM size must be a whole number of MiB", opt, arg);
    }
    if ((val >> 20) < OPTIONS_MIN_RAM_MB || (val >> 20) > OPTIONS_MAX_RAM_MB) {
        return opt_error(s, "%s %s: RAM size must be between %d and %d MiB", opt, arg,
                         OPTIONS_MIN_RAM_MB, OPTIONS_MAX_RAM_MB);
    }
    s->conf->ram_mb = (uint32_t)(val >> 20);
    return 0;
}

static int opt_kernel(OptState *s, const char *opt, const char *arg)
{
    (void)opt;
    s->conf->kernel = arg;
    return 0;
}

static int opt_append(OptState *s, const char *opt, const char *arg)
{
    (void)opt;
    s->conf->append = arg;
    return 0;
}

static int opt_bios(OptState *s, const char *opt, const char *arg)
{
    if (access(arg, R_OK) != 0) {
        return opt_error(s, "%s %s: %s", opt, arg, strerror(errno));
    }
    s->conf->bios = arg;
    return 0;
}

/* -monitor DEV: the same backends as -serial; stdio cannot be shared with
 * the serial port (checked in opt_finish). */
static int opt_monitor(OptState *s, const char *opt, const char *arg)
{
    if (s->monitor_given) {
        return opt_error(s, "%s %s: only one monitor is supported", opt, arg);
    }
    s->monitor_given = true;
    return opt_backend(s, opt, arg, "#monitor0", &s->conf->monitor_chr, &s->monitor_ref);
}

static int opt_screendump_at_exit(OptState *s, const char *opt, const char *arg)
{
    if (*arg == '\0') {
        return opt_error(s, "%s: missing file name", opt);
    }
    s->conf->screendump_at_exit = arg;
    return 0;
}

static int opt_serial(OptState *s, const char *opt, const char *arg)
{
    if (s->serial_given) {
        return opt_error(s, "%s %s: only one serial port (COM1) is supported", opt, arg);
    }
    s->serial_given = true;
    return opt_backend(s, opt, arg, "#serial0", &s->conf->serial_chr, &s->serial_ref);
}

/* Adds a debugcon at iobase whose chardev is given by a backend spec. */
static int opt_add_debugcon(OptState *s, const char *opt, const char *arg, uint16_t iobase,
                            const char *backend)
{
    PCConfig *conf = s->conf;
    int n = conf->ndebugcon;
    char auto_id[OPT_ID_LEN];

    if (n == PC_MAX_DEBUGCONS) {
        return opt_error(s, "%s %s: too many debug consoles (at most %d)", opt, arg,
                         PC_MAX_DEBUGCONS);
    }
    snprintf(auto_id, sizeof(auto_id), "#debugcon%d", n);
    conf->debugcon[n].iobase = iobase;
    if (opt_backend(s, opt, backend, auto_id, &conf->debugcon[n].chr, &s->debugcon_ref[n]) < 0) {
        return -1;
    }
    conf->ndebugcon++;
    return 0;
}

static int opt_debugcon(OptState *s, const char *opt, const char *arg)
{
    if (s->debugcon_given) {
        return opt_error(s, "%s %s: only one -debugcon is supported (use -device isa-debugcon)",
                         opt, arg);
    }
    s->debugcon_given = true;
    return opt_add_debugcon(s, opt, arg, DEBUGCON_DEFAULT_IOBASE, arg);
}

static int opt_chardev(OptState *s, const char *opt, const char *arg)
{
    char buf[OPT_PROP_BUF];
    OptProp props[OPT_MAX_PROPS];
    const char *id = NULL, *path = NULL;
    int i, n;

    if (opt_split_props(s, opt, arg, buf, props, &n) < 0) {
        return -1;
    }
    if (strcmp(buf, "stdio") != 0 && strcmp(buf, "file") != 0 && strcmp(buf, "null") != 0) {
        return opt_error(s, "%s %s: unknown backend '%s' (use stdio, file or null)", opt, arg, buf);
    }
    for (i = 0; i < n; i++) {
        if (strcmp(props[i].key, "id") == 0) {
            id = props[i].val;
        } else if (strcmp(props[i].key, "path") == 0 && strcmp(buf, "file") == 0) {
            path = props[i].val;
        } else if (strcmp(props[i].key, "signal") == 0 && strcmp(buf, "stdio") == 0) {
            continue; /* QEMU's signal=on|off: signals are always off here */
        } else {
            return opt_error(s, "%s %s: unknown property '%s'", opt, arg, props[i].key);
        }
    }
    if (!id) {
        return opt_error(s, "%s %s: missing id=ID", opt, arg);
    }
    if (!opt_valid_id(id)) {
        return opt_error(s, "%s %s: invalid id '%s'", opt, arg, id);
    }
    if (strcmp(buf, "file") == 0 && (!path || !*path)) {
        return opt_error(s, "%s %s: file backend needs path=FILE", opt, arg);
    }
    return opt_add_chardev(s, opt, id, buf, path) < 0 ? -1 : 0;
}

/* Port-like property: 0..max. */
static int opt_prop_u16(OptState *s, const char *opt, const char *arg, const OptProp *p,
                        uint32_t max, uint32_t *val)
{
    uint64_t v;

    if (!opt_parse_u64(p->val, &v) || v > max) {
        return opt_error(s, "%s %s: invalid %s '%s'", opt, arg, p->key, p->val);
    }
    *val = (uint32_t)v;
    return 0;
}

static int opt_device_exit(OptState *s, const char *opt, const char *arg, const OptProp *props,
                           int n)
{
    PCConfig *conf = s->conf;
    uint32_t iobase = DEBUGEXIT_DEFAULT_IOBASE, iosize = DEBUGEXIT_DEFAULT_IOSIZE;
    int i;

    for (i = 0; i < n; i++) {
        uint32_t *dst = strcmp(props[i].key, "iobase") == 0   ? &iobase
                        : strcmp(props[i].key, "iosize") == 0 ? &iosize
                                                              : NULL;

        if (!dst) {
            return opt_error(s, "%s %s: unknown property '%s'", opt, arg, props[i].key);
        }
        if (opt_prop_u16(s, opt, arg, &props[i], 0xffff, dst) < 0) {
            return -1;
        }
    }
    if (iosize == 0 || iobase + iosize > 0x10000) {
        return opt_error(s, "%s %s: port range 0x%x+0x%x is not within 0-0xffff", opt, arg, iobase,
                         iosize);
    }
    if (conf->nexitdev == PC_MAX_EXITDEVS) {
        return opt_error(s, "%s %s: too many isa-debug-exit devices (at most %d)", opt, arg,
                         PC_MAX_EXITDEVS);
    }
    conf->exitdev[conf->nexitdev].iobase = (uint16_t)iobase;
    conf->exitdev[conf->nexitdev].iosize = (uint16_t)iosize;
    conf->nexitdev++;
    s->exitdev_given = true;
    return 0;
}

static int opt_device_debugcon(OptState *s, const char *opt, const char *arg, const OptProp *props,
                               int n)
{
    uint32_t iobase = DEBUGCON_DEFAULT_IOBASE;
    const char *chardev = NULL;
    char backend[OPT_ID_LEN + 8];
    int i;

    for (i = 0; i < n; i++) {
        if (strcmp(props[i].key, "iobase") == 0) {
            if (opt_prop_u16(s, opt, arg, &props[i], 0xffff, &iobase) < 0) {
                return -1;
            }
        } else if (strcmp(props[i].key, "chardev") == 0) {
            chardev = props[i].val;
        } else {
            return opt_error(s, "%s %s: unknown property '%s'", opt, arg, props[i].key);
        }
    }
    if (!chardev) {
        return opt_error(s, "%s %s: missing chardev=ID", opt, arg);
    }
    snprintf(backend, sizeof(backend), "chardev:%s", chardev);
    return opt_add_debugcon(s, opt, arg, (uint16_t)iobase, backend);
}

static int opt_device(OptState *s, const char *opt, const char *arg)
{
    char buf[OPT_PROP_BUF];
    OptProp props[OPT_MAX_PROPS];
    int n;

    if (strcmp(arg, "help") == 0 || strcmp(arg, "?") == 0) {
        fprintf(s->out, "isa-debug-exit  iobase=PORT (0xf4), iosize=N (0x04): "
                        "a write of v exits with (v << 1) | 1\n"
                        "isa-debugcon    iobase=PORT (0xe9), chardev=ID: byte console port\n");
        return 1;
    }
    if (opt_split_props(s, opt, arg, buf, props, &n) < 0) {
        return -1;
    }
    if (strcmp(buf, "isa-debug-exit") == 0) {
        return opt_device_exit(s, opt, arg, props, n);
    }
    if (strcmp(buf, "isa-debugcon") == 0) {
        return opt_device_debugcon(s, opt, arg, props, n);
    }
    return opt_error(s, "%s %s: unknown device '%s' (try -device help)", opt, arg, buf);
}

static int opt_log(OptState *s, const char *opt, const char *arg)
{
    char bad[64];

    if (strcmp(arg, "help") == 0 || strcmp(arg, "?") == 0) {
        log_print_help(s->out);
        return 1;
    }
    if (*arg == '\0') {
        return opt_error(s, "%s: empty log category list (try -d help)", opt);
    }
    if (log_parse_mask(arg, &s->conf->log_mask, bad, sizeof(bad)) < 0) {
        return opt_error(s, "%s %s: unknown log category '%s' (try -d help)", opt, arg, bad);
    }
    return 0;
}

static int opt_log_file(OptState *s, const char *opt, const char *arg)
{
    if (*arg == '\0') {
        return opt_error(s, "%s: empty file name", opt);
    }
    s->conf->log_file = arg;
    return 0;
}

static int opt_accel(OptState *s, const char *opt, const char *arg)
{
    size_t len = strcspn(arg, ",");

    /* tcg: the x86-64 JIT; tci: the IR interpreter (the reference) */
    if (len == 3 && (strncmp(arg, "tci", 3) == 0 || strncmp(arg, "tcg", 3) == 0)) {
        s->conf->tci = strncmp(arg, "tci", 3) == 0;
        return 0;
    }
    return opt_error(s, "%s %.*s: unsupported accelerator (use tcg or tci)", opt, (int)len, arg);
}

static int opt_tb_size(OptState *s, const char *opt, const char *arg)
{
    uint64_t v;

    if (!opt_parse_u64(arg, &v)) {
        return opt_error(s, "%s %s: invalid number", opt, arg);
    }
    if (v < 1 || v > OPTIONS_MAX_TB_MB) {
        return opt_error(s, "%s %s: translation cache size must be between 1 and %d MiB", opt, arg,
                         OPTIONS_MAX_TB_MB);
    }
    s->conf->tb_size_mb = (uint32_t)v;
    return 0;
}

static int opt_icount(OptState *s, const char *opt, const char *arg)
{
    const char *num = strncmp(arg, "shift=", 6) == 0 ? arg + 6 : arg;
    uint64_t v;

    if (strcmp(num, "auto") == 0) {
        return opt_error(s, "%s %s: shift=auto is not supported (give a number 0-%d)", opt, arg,
                         OPTIONS_MAX_ICOUNT);
    }
    if (!opt_parse_u64(num, &v)) {
        return opt_error(s, "%s %s: invalid number", opt, arg);
    }
    if (v > OPTIONS_MAX_ICOUNT) {
        return opt_error(s, "%s %s: shift must be between 0 and %d", opt, arg, OPTIONS_MAX_ICOUNT);
    }
    s->conf->icount_shift = (int)v;
    return 0;
}

static int opt_display(OptState *s, const char *opt, const char *arg)
{
    size_t len = strcspn(arg, ",");

    if (len == 4 && strncmp(arg, "none", 4) == 0) {
        s->conf->graphic = false;
    } else if (len == 3 && strncmp(arg, "sdl", 3) == 0) {
        s->conf->graphic = true;
    } else {
        return opt_error(s, "%s %s: unknown display (use sdl or none)", opt, arg);
    }
    s->display_given = true;
    return 0;
}

static int opt_flag(OptState *s, const char *opt, const char *arg)
{
    (void)arg;
    if (strcmp(opt, "-nographic") == 0) {
        s->nographic = true;
        s->conf->graphic = false;
    } else if (strcmp(opt, "-no-reboot") == 0) {
        s->conf->no_reboot = true;
    } else if (strcmp(opt, "-nodefaults") == 0) {
        s->nodefaults = true;
    } else if (strcmp(opt, "-snapshot") == 0) {
        s->conf->snapshot = true;
    }
    return 0;
}

/* A disk image that must at least be readable; its size is checked when
 * the machine is built (what fits depends on the controller). path may
 * end at a ',' (inside a -drive argument): len is its length. */
static int opt_set_drive(OptState *s, const char *opt, const char *arg, const char *path,
                         size_t len, bool readonly, PCDriveConf *drive)
{
    if (drive->path[0]) {
        return opt_error(s, "%s %s: that drive already has an image (%s)", opt, arg, drive->path);
    }
    if (len == 0) {
        return opt_error(s, "%s %s: missing file name", opt, arg);
    }
    if (len >= sizeof(drive->path)) {
        return opt_error(s, "%s %s: path too long", opt, arg);
    }
    memcpy(drive->path, path, len);
    drive->path[len] = '\0';
    if (access(drive->path, R_OK) != 0) {
        int e = errno;

        drive->path[0] = '\0';
        return opt_error(s, "%s %s: %s", opt, arg, strerror(e));
    }
    drive->readonly = readonly;
    return 0;
}

static int opt_fda_hda(OptState *s, const char *opt, const char *arg)
{
    PCDriveConf *drive = strcmp(opt, "-fda") == 0 ? &s->conf->fda : &s->conf->hda;

    return opt_set_drive(s, opt, arg, arg, strlen(arg), false, drive);
}

/* -drive file=F[,if=floppy|ide][,index=0][,format=raw][,media=disk][,readonly=on|off] */
static int opt_drive(OptState *s, const char *opt, const char *arg)
{
    char buf[OPT_PROP_BUF];
    OptProp props[OPT_MAX_PROPS];
    const char *file = NULL, *iface = "ide";
    bool readonly = false;
    int i, n;

    /* opt_split_props skips the first item (a driver name): give it one */
    if (strlen(arg) + 3 > OPT_PROP_BUF) {
        return opt_error(s, "%s: argument too long", opt);
    }
    snprintf(buf, sizeof(buf), "x,%s", arg);
    if (opt_split_props(s, opt, buf, buf, props, &n) < 0) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        const char *k = props[i].key, *v = props[i].val;

        if (strcmp(k, "file") == 0) {
            file = v;
        } else if (strcmp(k, "if") == 0 && (strcmp(v, "floppy") == 0 || strcmp(v, "ide") == 0)) {
            iface = strcmp(v, "floppy") == 0 ? "floppy" : "ide";
        } else if ((strcmp(k, "index") == 0 && strcmp(v, "0") == 0) ||
                   (strcmp(k, "format") == 0 && strcmp(v, "raw") == 0) ||
                   (strcmp(k, "media") == 0 && strcmp(v, "disk") == 0)) {
            continue;
        } else if (strcmp(k, "readonly") == 0 && (strcmp(v, "on") == 0 || strcmp(v, "off") == 0)) {
            readonly = strcmp(v, "on") == 0;
        } else {
            return opt_error(s,
                             "%s %s: unsupported %s=%s (use file=, if=floppy|ide, index=0, "
                             "format=raw, readonly=on|off)",
                             opt, arg, k, v);
        }
    }
    if (!file) {
        return opt_error(s, "%s %s: missing file=FILE", opt, arg);
    }
    return opt_set_drive(s, opt, arg, file, strlen(file), readonly,
                         strcmp(iface, "floppy") == 0 ? &s->conf->fda : &s->conf->hda);
}

static int opt_help(OptState *s, const char *opt, const char *arg)
{
    (void)opt;
    (void)arg;
    options_print_help(s->out);
    return 1;
}

/* -boot a|c|d|ORDER or order=ORDER (QEMU's letters: a floppy, c disk). */
static int opt_boot(OptState *s, const char *opt, const char *arg)
{
    const char *order = strncmp(arg, "order=", 6) == 0 ? arg + 6 : arg;
    size_t n = strcspn(order, ",");
    if (n == 0 || n >= sizeof(s->conf->boot_order)) {
        return opt_error(s, "%s %s: expected a boot order like a, c or ac", opt, arg);
    }
    for (size_t i = 0; i < n; i++) {
        if (order[i] != 'a' && order[i] != 'c') {
            return opt_error(s, "%s %s: unknown boot device '%c' (use a or c)", opt, arg, order[i]);
        }
    }
    memcpy(s->conf->boot_order, order, n);
    s->conf->boot_order[n] = '\0';
    return 0;
}

static int opt_version(OptState *s, const char *opt, const char *arg)
{
    (void)opt;
    (void)arg;
    fprintf(s->out, "pcemu version %s\n", PACKAGE_VERSION);
    return 1;
}

// clang-format off
static const OptDef options_table[] = {
    { "m",          true,  opt_ram },
    { "kernel",     true,  opt_kernel },
    { "append",     true,  opt_append },
    { "bios",       true,  opt_bios },
    { "fda",        true,  opt_fda_hda },
    { "hda",        true,  opt_fda_hda },
    { "drive",      true,  opt_drive },
    { "snapshot",   false, opt_flag },
    { "boot",       true,  opt_boot },
    { "serial",     true,  opt_serial },
    { "debugcon",   true,  opt_debugcon },
    { "chardev",    true,  opt_chardev },
    { "device",     true,  opt_device },
    { "d",          true,  opt_log },
    { "D",          true,  opt_log_file },
    { "accel",      true,  opt_accel },
    { "tb-size",    true,  opt_tb_size },
    { "icount",     true,  opt_icount },
    { "display",    true,  opt_display },
    { "monitor",    true,  opt_monitor },
    { "screendump-at-exit", true, opt_screendump_at_exit },
    { "nographic",  false, opt_flag },
    { "no-reboot",  false, opt_flag },
    { "nodefaults", false, opt_flag },
    { "h",          false, opt_help },
    { "help",       false, opt_help },
    { "version",    false, opt_version },
};
// clang-format on

#define OPTIONS_NDEFS (sizeof(options_table) / sizeof(options_table[0]))

/* Looks up a -chardev id for a chardev:ID reference. */
static int opt_resolve(OptState *s, const OptChrRef *ref, int *chr)
{
    if (*chr != -2) {
        return 0;
    }
    *chr = opt_find_chardev(s->conf, ref->id);
    if (*chr < 0) {
        return opt_error(s, "%s chardev:%s: no -chardev with id '%s'", ref->opt, ref->id, ref->id);
    }
    return 0;
}

/* After the whole line: references, defaults, conflicts. */
static int opt_finish(OptState *s)
{
    PCConfig *conf = s->conf;
    int i;

    if (opt_resolve(s, &s->serial_ref, &conf->serial_chr) < 0 ||
        opt_resolve(s, &s->monitor_ref, &conf->monitor_chr) < 0) {
        return -1;
    }
    if (conf->monitor_chr >= 0 && strcmp(conf->chardevs[conf->monitor_chr].kind, "stdio") == 0 &&
        ((conf->serial_chr >= 0 && strcmp(conf->chardevs[conf->serial_chr].kind, "stdio") == 0) ||
         (!s->serial_given && !s->nodefaults))) {
        return opt_error(s, "-monitor stdio: the serial port already uses stdio "
                            "(add -serial none or -serial file:PATH)");
    }
    for (i = 0; i < conf->ndebugcon; i++) {
        if (opt_resolve(s, &s->debugcon_ref[i], &conf->debugcon[i].chr) < 0) {
            return -1;
        }
    }
    if (s->nographic && s->display_given) {
        return opt_error(s, "-nographic cannot be used with -display");
    }
    if (s->nodefaults) {
        conf->poweroff = false;
        return 0;
    }
    if (!s->serial_given) {
        conf->serial_chr = opt_add_chardev(s, "-serial", "#serial0", "stdio", NULL);
        if (conf->serial_chr < 0) {
            return -1;
        }
    }
    if (!s->exitdev_given) {
        conf->exitdev[0].iobase = DEBUGEXIT_DEFAULT_IOBASE;
        conf->exitdev[0].iosize = DEBUGEXIT_DEFAULT_IOSIZE;
        conf->nexitdev = 1;
    }
    return 0;
}

static const OptDef *opt_lookup(const char *name)
{
    size_t i;

    for (i = 0; i < OPTIONS_NDEFS; i++) {
        if (strcmp(options_table[i].name, name) == 0) {
            return &options_table[i];
        }
    }
    return NULL;
}

int options_parse(int argc, char **argv, PCConfig *conf, FILE *out, char *err, size_t errlen)
{
    OptState s = {.conf = conf, .out = out, .err = err, .errlen = errlen};
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *name = a[0] == '-' && a[1] == '-' ? a + 2 : a + 1;
        const OptDef *def = a[0] == '-' ? opt_lookup(name) : NULL;
        const char *arg = NULL;
        char optname[OPT_ID_LEN];
        int ret;

        if (a[0] != '-' || a[1] == '\0') {
            /* QEMU: a bare argument is the hard disk image */
            if (s.conf->hda.path[0]) {
                return opt_error(&s, "unexpected argument '%s' (try -help)", a);
            }
            ret = opt_set_drive(&s, "-hda", a, a, strlen(a), false, &s.conf->hda);
            if (ret != 0) {
                return ret;
            }
            continue;
        }
        if (!def) {
            return opt_error(&s, "unknown option '%s' (try -help)", a);
        }
        snprintf(optname, sizeof(optname), "-%s", def->name);
        if (def->has_arg) {
            if (i + 1 >= argc) {
                return opt_error(&s, "option '%s' needs an argument", optname);
            }
            arg = argv[++i];
        }
        ret = def->handler(&s, optname, arg);
        if (ret != 0) {
            return ret;
        }
    }
    return opt_finish(&s);
}

void options_print_help(FILE *out)
{
    fprintf(out, "usage: pcemu [options]\n"
                 "With no options pcemu boots its built-in demo guest, serial console on stdio.\n"
                 "\n"
                 "-m SIZE            RAM in MiB (suffix M or G allowed), 2-3584, default 128\n"
                 "-kernel FILE       boot a multiboot v1 ELF (i386) instead of the demo\n"
                 "-append STRING     kernel command line\n"
                 "-bios FILE         raw ROM image (64 KiB..1 MiB), run from reset without -kernel\n"
                 "-fda FILE          floppy A: raw image (360K, 720K, 1.2M, 1.44M, 2.88M)\n"
                 "-hda FILE          primary IDE master raw image (also: a bare FILE argument)\n"
                 "-drive file=FILE[,if=floppy|ide][,readonly=on]\n"
                 "                   the same with options; readonly=on refuses guest writes\n"
                 "-snapshot          keep disk writes in memory and discard them at exit\n"
                 "-boot a|c|ORDER    BIOS boot order: a floppy, c hard disk (default: a, then c)\n"
                 "-serial DEV        COM1 backend: stdio, file:PATH, null, none, chardev:ID\n"
                 "-debugcon DEV      port 0xE9 console: stdio, file:PATH, null, chardev:ID\n"
                 "-chardev BACKEND,id=ID[,path=FILE]\n"
                 "                   named host end: stdio, file or null\n"
                 "-device isa-debug-exit[,iobase=0xf4][,iosize=0x04]\n"
                 "                   a write of v to the port exits with status (v << 1) | 1\n"
                 "-device isa-debugcon,iobase=PORT,chardev=ID\n"
                 "                   byte console on any port\n"
                 "-nographic         no window; serial on stdio unless -serial is given\n"
                 "-display sdl|none  display back end (sdl is not available yet)\n"
                 "-no-reboot         exit instead of resetting the machine\n"
                 "-nodefaults        no default serial, isa-debug-exit or power-off port\n"
                 "-monitor DEV       monitor console (screendump, info registers, system_reset,\n"
                 "                   quit): stdio (with -serial none or file:), none, chardev:ID\n"
                 "-screendump-at-exit FILE\n"
                 "                   write the screen when pcemu exits (PNG; text if FILE.txt)\n"
                 "-d ITEM,...        debug log categories (-d help lists them)\n"
                 "-D FILE            write the debug log to FILE instead of stderr\n"
                 "-accel tcg|tci     back end: x86-64 JIT (default) or the IR interpreter\n"
                 "-tb-size MiB       translation cache size, 1-2048, default 32\n"
                 "-icount [shift=]N  deterministic clock: one instruction = 2^N ns, N 0-10\n"
                 "-h, -help          this help\n"
                 "-version           version\n"
                 "\n"
                 "During a run on stdio: Ctrl-A x quits, Ctrl-A h shows the escapes.\n"
                 "The guest powers off by writing 0x2000 to port 0x604 (16-bit), status 0.\n");
}
