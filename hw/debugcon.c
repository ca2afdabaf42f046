/*
 * debugcon.c - QEMU's isa-debugcon (hw/char/debugcon.c in QEMU), the
 * Bochs "port E9 hack".
 *
 * A byte-wide port: wider writes are split into bytes by the port space,
 * so "outw 0x4241" prints "AB". Reads return 0xE9. Owns nothing but its
 * link to the CharDev.
 */
#include <stdlib.h>

#include "hw/debugcon.h"

struct DebugconState {
    CharDev *chr;
};

static uint32_t debugcon_ioport_read(void *opaque, uint32_t offset, int size)
{
    (void)opaque;
    (void)offset;
    (void)size;
    return DEBUGCON_READBACK;
}

static void debugcon_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    DebugconState *s = opaque;
    uint8_t c = (uint8_t)val;

    (void)offset;
    (void)size;
    if (s->chr) {
        chr_write(s->chr, &c, 1);
    }
}

static const IOOps debugcon_ops = {
    .read = debugcon_ioport_read,
    .write = debugcon_ioport_write,
    .sizes = IO_SIZE8,
};

DebugconState *debugcon_init(IOSpace *io, uint16_t iobase, CharDev *chr)
{
    DebugconState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->chr = chr;
    if (ioport_register(io, "isa-debugcon", iobase, 1, &debugcon_ops, s) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void debugcon_free(DebugconState *s)
{
    free(s);
}

void debugcon_reset(DebugconState *s)
{
    (void)s;
}
