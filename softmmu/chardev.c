/*
 * chardev.c - host ends of character devices: stdio, a file, or null.
 *
 * Owns the host file descriptors and, for stdio on a terminal, the saved
 * terminal settings: chr_open puts the tty into raw mode (QEMU's stdio
 * settings: no echo, no canonical mode, no signals, output processing kept
 * so "\n" still returns the carriage) and chr_close restores them. main
 * closes every chardev on each exit path (pc_free), which is how "restored
 * at exit" holds without a process-global; a crash can leave the tty raw
 * (`stty sane` repairs it).
 *
 * Input on stdio goes through QEMU's escape: Ctrl-A x requests quit,
 * Ctrl-A Ctrl-A sends one Ctrl-A, Ctrl-A h prints the help; any other
 * Ctrl-A pair is dropped. Reads never block (poll with a zero timeout).
 * Never touches guest state.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "softmmu/chardev.h"

#define CHR_ESCAPE 0x01 /* Ctrl-A */

typedef enum CharDevKind {
    CHR_NULL,
    CHR_STDIO,
    CHR_FILE,
} CharDevKind;

struct CharDev {
    CharDevKind kind;
    int fd_in;    /* -1: no input */
    int fd_out;   /* -1: output dropped */
    bool tty_raw; /* saved_tty must be restored */
    struct termios saved_tty;
    bool in_eof;
    bool escape_pending; /* last input byte was Ctrl-A */
    bool quit;
};

static void chr_set_raw(CharDev *chr)
{
    struct termios tty;

    if (!isatty(chr->fd_in) || tcgetattr(chr->fd_in, &chr->saved_tty) < 0) {
        return;
    }
    tty = chr->saved_tty;
    tty.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | IEXTEN | ISIG);
    tty.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    if (tcsetattr(chr->fd_in, TCSANOW, &tty) == 0) {
        chr->tty_raw = true;
    }
}

CharDev *chr_open(const char *kind, const char *path, char *err, size_t errlen)
{
    CharDev *chr = calloc(1, sizeof(*chr));

    if (!chr) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    chr->fd_in = -1;
    chr->fd_out = -1;
    if (strcmp(kind, "null") == 0) {
        chr->kind = CHR_NULL;
    } else if (strcmp(kind, "stdio") == 0) {
        chr->kind = CHR_STDIO;
        chr->fd_in = STDIN_FILENO;
        chr->fd_out = STDOUT_FILENO;
        chr_set_raw(chr);
    } else if (strcmp(kind, "file") == 0 && path && *path) {
        chr->kind = CHR_FILE;
        chr->fd_out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (chr->fd_out < 0) {
            snprintf(err, errlen, "cannot open '%s' for writing: %s", path, strerror(errno));
            free(chr);
            return NULL;
        }
    } else {
        snprintf(err, errlen, "unknown character device backend '%s'", kind);
        free(chr);
        return NULL;
    }
    return chr;
}

void chr_close(CharDev *chr)
{
    if (!chr) {
        return;
    }
    if (chr->tty_raw) {
        tcsetattr(chr->fd_in, TCSANOW, &chr->saved_tty);
    }
    if (chr->kind == CHR_FILE) {
        close(chr->fd_out);
    }
    free(chr);
}

void chr_write(CharDev *chr, const uint8_t *buf, size_t len)
{
    while (len > 0 && chr->fd_out >= 0) {
        ssize_t n = write(chr->fd_out, buf, len);

        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0) {
            chr->fd_out = -1; /* host end went away: drop output from now on */
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}

static void chr_print_escape_help(CharDev *chr)
{
    static const char help[] = "\r\nC-a h    print this help\r\n"
                               "C-a x    exit emulator\r\n"
                               "C-a C-a  sends C-a\r\n";

    chr_write(chr, (const uint8_t *)help, sizeof(help) - 1);
}

/* Runs the escape state machine over buf in place; returns the bytes kept. */
static int chr_filter_escape(CharDev *chr, uint8_t *buf, int len)
{
    int in, out = 0;

    for (in = 0; in < len; in++) {
        uint8_t c = buf[in];

        if (!chr->escape_pending) {
            if (c == CHR_ESCAPE) {
                chr->escape_pending = true;
            } else {
                buf[out++] = c;
            }
            continue;
        }
        chr->escape_pending = false;
        if (c == 'x' || c == 'X') {
            chr->quit = true;
        } else if (c == CHR_ESCAPE) {
            buf[out++] = c;
        } else if (c == 'h' || c == '?') {
            chr_print_escape_help(chr);
        }
    }
    return out;
}

int chr_read(CharDev *chr, uint8_t *buf, int len)
{
    struct pollfd pfd;
    ssize_t n;

    if (chr->fd_in < 0 || chr->in_eof || chr->quit || len <= 0) {
        return 0;
    }
    pfd.fd = chr->fd_in;
    pfd.events = POLLIN;
    if (poll(&pfd, 1, 0) <= 0) {
        return 0;
    }
    if (pfd.revents & (POLLNVAL | POLLERR)) {
        chr->in_eof = true;
        return 0;
    }
    if (!(pfd.revents & (POLLIN | POLLHUP))) {
        return 0;
    }
    n = read(chr->fd_in, buf, (size_t)len);
    if (n <= 0) {
        if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
            chr->in_eof = true;
        }
        return 0;
    }
    return chr_filter_escape(chr, buf, (int)n);
}

bool chr_input_open(const CharDev *chr)
{
    return chr->fd_in >= 0 && !chr->in_eof && !chr->quit;
}

bool chr_quit_requested(const CharDev *chr)
{
    return chr->quit;
}

bool chr_is_tty(const CharDev *chr)
{
    return chr->tty_raw;
}
