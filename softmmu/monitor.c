/*
 * monitor.c - the human monitor and screendumps (see monitor.h).
 *
 * Input arrives in whatever pieces the chardev gives; bytes collect in a
 * line buffer until CR or LF, backspace edits it, and on a raw terminal
 * the monitor echoes what is typed (the terminal does not). Output goes
 * to the same chardev with CR LF line ends. Commands that act on the
 * machine go through the board's requests (pc_request_reset,
 * pc_request_exit), which take effect at the next TB boundary.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/vgafont.h"
#include "softmmu/monitor.h"
#include "softmmu/png.h"

#define MON_LINE_MAX 1024
#define MON_PROMPT   "(pcemu) "

struct Monitor {
    PCMachine *m;
    CharDev *chr;
    VGAState *vga;
    CPUX86State *env;
    char line[MON_LINE_MAX];
    int len;
    bool overflow;
    bool quit; /* no prompt after quit */
};

typedef struct MonCmd {
    const char *name;
    const char *args;
    const char *help;
    void (*handler)(Monitor *mon, const char *arg);
} MonCmd;

/* Text with "\n" line ends to the chardev, as "\r\n". */
static void mon_puts(Monitor *mon, const char *text)
{
    const char *nl;

    while ((nl = strchr(text, '\n')) != NULL) {
        chr_write(mon->chr, (const uint8_t *)text, (size_t)(nl - text));
        chr_write(mon->chr, (const uint8_t *)"\r\n", 2);
        text = nl + 1;
    }
    chr_write(mon->chr, (const uint8_t *)text, strlen(text));
}

static void mon_printf(Monitor *mon, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void mon_printf(Monitor *mon, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    mon_puts(mon, buf);
}

/* ---- screendump ---- */

static size_t mon_put_utf8(char *p, uint16_t u)
{
    if (u < 0x80) {
        p[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        p[0] = (char)(0xc0 | (u >> 6));
        p[1] = (char)(0x80 | (u & 0x3f));
        return 2;
    }
    p[0] = (char)(0xe0 | (u >> 12));
    p[1] = (char)(0x80 | ((u >> 6) & 0x3f));
    p[2] = (char)(0x80 | (u & 0x3f));
    return 3;
}

/* The text screen as UTF-8 lines; NULL on OOM. NUL shows as a space. */
static char *mon_text_utf8(const VGATextSnapshot *snap)
{
    char *text = malloc((size_t)snap->rows * ((size_t)snap->cols * 3 + 1) + 1);
    char *p = text;
    int row, col;

    if (!text) {
        return NULL;
    }
    for (row = 0; row < snap->rows; row++) {
        char *line = p;
        char *end = p;

        for (col = 0; col < snap->cols; col++) {
            uint8_t ch = snap->cells[row * snap->cols + col] & 0xff;

            p += mon_put_utf8(p, ch == 0 ? ' ' : vga_cp437_unicode[ch]);
            if (ch != 0 && ch != ' ') {
                end = p;
            }
        }
        p = end > line ? end : line;
        *p++ = '\n';
    }
    *p = '\0';
    return text;
}

static bool mon_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int mon_write_text(const char *path, const char *text, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    int bad;

    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    bad = fputs(text, f) < 0;
    if (fclose(f) != 0 || bad) {
        snprintf(err, errlen, "%s: write error", path);
        return -1;
    }
    return 0;
}

int mon_screendump(VGAState *vga, const char *path, char *err, size_t errlen)
{
    VGATextSnapshot *snap = malloc(sizeof(*snap));
    char *text = NULL;
    uint32_t *rgb = NULL;
    int w, h, ret = -1;

    if (!snap) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    if (vga_text_snapshot(vga, snap) == 0 && !(text = mon_text_utf8(snap))) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    if (mon_ends_with(path, ".txt")) {
        if (!text) {
            snprintf(err, errlen, "%s: the screen is in a graphics mode, no text to dump", path);
            goto out;
        }
        ret = mon_write_text(path, text, err, errlen);
        goto out;
    }
    rgb = malloc(sizeof(*rgb) * VGA_MAX_WIDTH * VGA_MAX_HEIGHT);
    if (!rgb) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    vga_render(vga, rgb, &w, &h);
    ret = png_write_rgb(path, rgb, w, h, text ? "pcemu-text" : NULL, text, err, errlen);
out:
    free(rgb);
    free(text);
    free(snap);
    return ret;
}

/* ---- commands ---- */

static void mon_cmd_help(Monitor *mon, const char *arg);

static void mon_cmd_screendump(Monitor *mon, const char *arg)
{
    char err[600];

    if (!*arg) {
        mon_puts(mon, "screendump: missing file name\n");
        return;
    }
    if (mon_screendump(mon->vga, arg, err, sizeof(err)) < 0) {
        mon_printf(mon, "screendump: %s\n", err);
    }
}

static void mon_cmd_info(Monitor *mon, const char *arg)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f;

    if (strcmp(arg, "registers") != 0) {
        mon_puts(mon, "info: what? (info registers)\n");
        return;
    }
    f = open_memstream(&buf, &size);
    if (!f) {
        mon_puts(mon, "info registers: out of memory\n");
        return;
    }
    cpu_x86_dump_state(mon->env, f);
    fclose(f);
    mon_puts(mon, buf);
    free(buf);
}

static void mon_cmd_system_reset(Monitor *mon, const char *arg)
{
    (void)arg;
    pc_request_reset(mon->m);
}

static void mon_cmd_quit(Monitor *mon, const char *arg)
{
    (void)arg;
    mon->quit = true;
    pc_request_exit(mon->m, 0);
}

// clang-format off
static const MonCmd mon_cmds[] = {
    { "help",         "",          "list the commands",                    mon_cmd_help },
    { "?",            "",          "same as help",                         mon_cmd_help },
    { "screendump",   "FILE",      "save the screen as PNG (.txt: text)",  mon_cmd_screendump },
    { "info",         "registers", "show the CPU registers",               mon_cmd_info },
    { "system_reset", "",          "reset the machine",                    mon_cmd_system_reset },
    { "quit",         "",          "quit the emulator",                    mon_cmd_quit },
    { "q",            "",          "same as quit",                         mon_cmd_quit },
};
// clang-format on

#define MON_NCMDS (sizeof(mon_cmds) / sizeof(mon_cmds[0]))

static void mon_cmd_help(Monitor *mon, const char *arg)
{
    size_t i;

    (void)arg;
    for (i = 0; i < MON_NCMDS; i++) {
        mon_printf(mon, "%-12s %-10s %s\n", mon_cmds[i].name, mon_cmds[i].args, mon_cmds[i].help);
    }
}

/* Splits "name args" (blanks trimmed) and runs the command. */
static void mon_exec(Monitor *mon, char *line)
{
    char *name, *arg, *end;
    size_t i;

    name = line + strspn(line, " \t");
    end = name + strlen(name);
    while (end > name && (end[-1] == ' ' || end[-1] == '\t')) {
        *--end = '\0';
    }
    if (!*name) {
        return;
    }
    arg = name + strcspn(name, " \t");
    if (*arg) {
        *arg++ = '\0';
        arg += strspn(arg, " \t");
    }
    for (i = 0; i < MON_NCMDS; i++) {
        if (strcmp(mon_cmds[i].name, name) == 0) {
            mon_cmds[i].handler(mon, arg);
            return;
        }
    }
    mon_printf(mon, "unknown command: '%s' (try help)\n", name);
}

static void mon_input_byte(Monitor *mon, uint8_t c)
{
    bool echo = chr_is_tty(mon->chr);

    if (c == '\r' || c == '\n') {
        if (echo) {
            mon_puts(mon, "\n");
        }
        mon->line[mon->len] = '\0';
        if (mon->overflow) {
            mon_puts(mon, "line too long, ignored\n");
        } else {
            mon_exec(mon, mon->line);
        }
        mon->len = 0;
        mon->overflow = false;
        if (!mon->quit) {
            mon_puts(mon, MON_PROMPT);
        }
    } else if (c == 0x7f || c == 0x08) {
        if (mon->len > 0) {
            mon->len--;
            if (echo) {
                mon_puts(mon, "\b \b");
            }
        }
    } else if (c >= 0x20 && c < 0x7f) {
        if (mon->len + 1 >= MON_LINE_MAX) {
            mon->overflow = true;
            return;
        }
        mon->line[mon->len++] = (char)c;
        if (echo) {
            chr_write(mon->chr, &c, 1);
        }
    }
}

void mon_poll(Monitor *mon)
{
    uint8_t buf[256];
    int n, i;

    while ((n = chr_read(mon->chr, buf, sizeof(buf))) > 0) {
        for (i = 0; i < n; i++) {
            mon_input_byte(mon, buf[i]);
        }
    }
}

Monitor *mon_new(PCMachine *m, CharDev *chr, VGAState *vga, CPUX86State *env)
{
    Monitor *mon = calloc(1, sizeof(*mon));

    if (!mon) {
        return NULL;
    }
    mon->m = m;
    mon->chr = chr;
    mon->vga = vga;
    mon->env = env;
    mon_puts(mon, "pcemu monitor - type 'help' for more information\n" MON_PROMPT);
    return mon;
}

void mon_free(Monitor *mon)
{
    free(mon);
}
