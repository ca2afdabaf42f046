/*
 * monitor.h - the human monitor (QEMU's names): a line-oriented command
 * console on a chardev (-monitor stdio), and screendumps.
 *
 * Commands: help, screendump FILE, info registers, system_reset, quit.
 * The board calls mon_poll between CPU slices; it never blocks and runs
 * each complete input line at once. A failing command prints one line on
 * the monitor and the guest goes on. Owns its line buffer only.
 */
#ifndef PCEMU_MONITOR_H
#define PCEMU_MONITOR_H

#include <stddef.h>

#include "cpu/cpu.h"
#include "hw/pc.h"
#include "hw/vga.h"
#include "softmmu/chardev.h"

typedef struct Monitor Monitor;

/* Prints the banner and the first prompt; NULL on OOM. */
Monitor *mon_new(PCMachine *m, CharDev *chr, VGAState *vga, CPUX86State *env);
void mon_free(Monitor *mon);
/* Reads what the chardev has and runs each complete line. */
void mon_poll(Monitor *mon);

/* Writes the screen to path: a PNG (with the text screen in an iTXt chunk
 * "pcemu-text" when in a text mode), or, when path ends in ".txt", the text
 * screen as UTF-8 lines (CP437 mapped, trailing blanks dropped). Returns 0,
 * or -1 with a one-line reason in err. */
int mon_screendump(VGAState *vga, const char *path, char *err, size_t errlen);

#endif
