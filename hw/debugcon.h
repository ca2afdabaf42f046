/*
 * debugcon.h - QEMU's isa-debugcon (Bochs port 0xE9 hack): a write-only
 * console port.
 *
 * Each byte written goes to the CharDev at once; reading the port returns
 * 0xE9 so a guest can detect the device (QEMU's readback value). Owns no
 * buffer; does not own the CharDev.
 */
#ifndef PCEMU_DEBUGCON_H
#define PCEMU_DEBUGCON_H

#include <stdint.h>

#include "softmmu/chardev.h"
#include "softmmu/ioport.h"

#define DEBUGCON_DEFAULT_IOBASE 0xe9
#define DEBUGCON_READBACK       0xe9

typedef struct DebugconState DebugconState;

/* One port at iobase; chr may be NULL (output dropped). NULL if taken/OOM. */
DebugconState *debugcon_init(IOSpace *io, uint16_t iobase, CharDev *chr);
void debugcon_free(DebugconState *s);
/* Stateless device: nothing to reset; kept for the device contract. */
void debugcon_reset(DebugconState *s);

#endif
