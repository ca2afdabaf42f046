/*
 * ioport.c - the x86 I/O port space: registration and width dispatch.
 *
 * Owns the port -> handler map. Device state is reached only through the
 * handler's IOOps and opaque pointer. The dispatch rule (splitting wide
 * accesses for narrow devices, as an ISA bus does) is stated in ioport.h.
 * Never logs and never stops the machine: unclaimed ports read all ones.
 */
#include <stdbool.h>
#include <string.h>

#include "softmmu/bswap.h"
#include "softmmu/ioport.h"

void ioport_init(IOSpace *io)
{
    memset(io, 0, sizeof(*io));
    io->handlers[0].name = "unassigned";
    io->nhandlers = 1;
}

int ioport_register(IOSpace *io, const char *name, uint16_t base, uint32_t len, const IOOps *ops,
                    void *opaque)
{
    uint32_t p;
    int idx;

    if (len == 0 || (uint32_t)base + len > 65536 || !ops || !(ops->sizes & 7)) {
        return -1;
    }
    if (io->nhandlers > IO_MAX_HANDLERS) {
        return -1;
    }
    for (p = base; p < (uint32_t)base + len; p++) {
        if (io->map[p] != 0) {
            return -1;
        }
    }
    idx = io->nhandlers++;
    io->handlers[idx] = (IOHandler){.ops = ops, .opaque = opaque, .base = base, .name = name};
    for (p = base; p < (uint32_t)base + len; p++) {
        io->map[p] = (uint8_t)idx;
    }
    return 0;
}

/* True when port..port+size-1 all belong to handler idx. */
static bool ioport_owns(const IOSpace *io, int idx, uint16_t port, int size)
{
    int i;

    for (i = 1; i < size; i++) {
        if (io->map[(uint16_t)(port + i)] != idx) {
            return false;
        }
    }
    return true;
}

static int ioport_smallest_size(unsigned sizes)
{
    return (sizes & IO_SIZE8) ? 1 : (sizes & IO_SIZE16) ? 2 : 4;
}

uint32_t ioport_read(IOSpace *io, uint16_t port, int size)
{
    int idx = io->map[port];
    const IOHandler *h = &io->handlers[idx];
    int half = size / 2;

    if (idx != 0 && (h->ops->sizes & (unsigned)size) && ioport_owns(io, idx, port, size)) {
        if (!h->ops->read) {
            return size_mask(size);
        }
        return h->ops->read(h->opaque, (uint32_t)(port - h->base), size) & size_mask(size);
    }
    if (size > 1) {
        uint32_t lo = ioport_read(io, port, half);
        uint32_t hi = ioport_read(io, (uint16_t)(port + half), half);

        return lo | (hi << (8 * half));
    }
    if (idx == 0 || !h->ops->read) {
        return 0xff;
    }
    return h->ops->read(h->opaque, (uint32_t)(port - h->base),
                        ioport_smallest_size(h->ops->sizes)) &
           0xff;
}

void ioport_write(IOSpace *io, uint16_t port, uint32_t val, int size)
{
    int idx = io->map[port];
    const IOHandler *h = &io->handlers[idx];
    int half = size / 2;

    val &= size_mask(size);
    if (idx != 0 && (h->ops->sizes & (unsigned)size) && ioport_owns(io, idx, port, size)) {
        if (h->ops->write) {
            h->ops->write(h->opaque, (uint32_t)(port - h->base), val, size);
        }
        return;
    }
    if (size > 1) {
        ioport_write(io, port, val & size_mask(half), half);
        ioport_write(io, (uint16_t)(port + half), val >> (8 * half), half);
        return;
    }
    if (idx != 0 && h->ops->write) {
        h->ops->write(h->opaque, (uint32_t)(port - h->base), val,
                      ioport_smallest_size(h->ops->sizes));
    }
}
