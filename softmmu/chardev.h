/*
 * chardev.h - host ends of character devices: stdio, a file, or null.
 *
 * A CharDev is what a UART or debugcon talks to. Writes are unbuffered
 * from the guest's point of view (flushed before the call returns), reads
 * never block: chr_read returns what is available now. stdio puts a tty
 * into raw mode (restored by chr_close and at exit) and gives QEMU's
 * escape: Ctrl-A x quits.
 */
#ifndef PCEMU_CHARDEV_H
#define PCEMU_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct CharDev CharDev;

/* kind: "stdio", "file" (path required), "null". NULL + message in err. */
CharDev *chr_open(const char *kind, const char *path, char *err, size_t errlen);
void chr_close(CharDev *chr);
void chr_write(CharDev *chr, const uint8_t *buf, size_t len);
/* Non-blocking: returns the number of bytes read, 0 if none. */
int chr_read(CharDev *chr, uint8_t *buf, int len);
/* True while input may still arrive (an input side, not at EOF). */
bool chr_input_open(const CharDev *chr);
/* True once the user typed the quit escape (Ctrl-A x) on stdio. */
bool chr_quit_requested(const CharDev *chr);
/* True when the host end is a terminal in raw mode (it does not echo). */
bool chr_is_tty(const CharDev *chr);

#endif
