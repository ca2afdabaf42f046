/*
 * ioport.h - the x86 I/O port space (64 KiB ports) and its dispatch.
 *
 * Devices register a port range with IOOps and an opaque pointer, and
 * state which access widths they take; wider accesses to a byte-only
 * device are split into byte accesses, as on an ISA bus. Unclaimed ports
 * read as all ones and ignore writes.
 *
 * Dispatch rule: an access of size N at port P goes to P's handler in one
 * call when the handler takes width N and owns P..P+N-1; otherwise it is
 * split in two halves (32 -> 16 + 16, 16 -> 8 + 8), each dispatched again,
 * low half at the lower port. A byte access to a device that takes no
 * bytes is widened to the device's smallest width (read: low byte kept;
 * write: the byte zero-extended).
 */
#ifndef PCEMU_IOPORT_H
#define PCEMU_IOPORT_H

#include <stdint.h>

#define IO_SIZE8  1u
#define IO_SIZE16 2u
#define IO_SIZE32 4u
#define IO_MAX_HANDLERS 63

typedef struct IOOps {
    /* offset is port - base; size is 1, 2 or 4 and one the ops accept */
    uint32_t (*read)(void *opaque, uint32_t offset, int size);
    void (*write)(void *opaque, uint32_t offset, uint32_t val, int size);
    unsigned sizes; /* IO_SIZE8 | IO_SIZE16 | IO_SIZE32 */
} IOOps;

typedef struct IOHandler {
    const IOOps *ops;
    void *opaque;
    uint16_t base;
    const char *name;
} IOHandler;

typedef struct IOSpace {
    IOHandler handlers[IO_MAX_HANDLERS + 1]; /* [0] = unassigned */
    int nhandlers;    /* entries in use, counting [0] */
    uint8_t map[65536];
} IOSpace;

void ioport_init(IOSpace *io);
/* Returns 0, or -1 when the table is full or a port is taken. */
int ioport_register(IOSpace *io, const char *name, uint16_t base, uint32_t len, const IOOps *ops,
                    void *opaque);
uint32_t ioport_read(IOSpace *io, uint16_t port, int size);
void ioport_write(IOSpace *io, uint16_t port, uint32_t val, int size);

#endif
