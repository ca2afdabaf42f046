/*
 * debugexit.c - QEMU's isa-debug-exit (hw/misc/debugexit.c in QEMU).
 *
 * Not real hardware: a test hook. A write of v of any width stops the
 * machine with status (v << 1) | 1 through pc_request_exit. Owns only its
 * link to the board.
 */
#include <stdlib.h>

#include "hw/debugexit.h"
#include "hw/pc.h"

struct DebugExitState {
    struct PCMachine *machine;
};

static uint32_t debugexit_ioport_read(void *opaque, uint32_t offset, int size)
{
    (void)opaque;
    (void)offset;
    (void)size;
    return 0;
}

static void debugexit_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    DebugExitState *s = opaque;

    (void)offset;
    (void)size;
    pc_request_exit(s->machine, (int)((val << 1) | 1));
}

static const IOOps debugexit_ops = {
    .read = debugexit_ioport_read,
    .write = debugexit_ioport_write,
    .sizes = IO_SIZE8 | IO_SIZE16 | IO_SIZE32,
};

DebugExitState *debugexit_init(struct PCMachine *m, IOSpace *io, uint16_t iobase, uint16_t iosize)
{
    DebugExitState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->machine = m;
    if (ioport_register(io, "isa-debug-exit", iobase, iosize, &debugexit_ops, s) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void debugexit_free(DebugExitState *s)
{
    free(s);
}

void debugexit_reset(DebugExitState *s)
{
    (void)s;
}
