/*
 * resetctl.c - the PIIX/ICH Reset Control Register at 0xCF9 (Intel
 * 82371AB PIIX4 datasheet, "RC - Reset Control Register").
 *
 * Modelled: a byte write to 0xCF9 with RST_CPU set requests a system
 * reset; SYS_RST and FULL_RST are kept for reads. Not modelled: the
 * difference between soft (INIT), hard and full resets (all are full),
 * and the PCI configuration mechanism that shares the dword at 0xCF8.
 */
#include <stdlib.h>

#include "hw/pc.h"
#include "hw/resetctl.h"

struct RCRState {
    struct PCMachine *m;
    uint8_t rc;
};

void rcr_reset(RCRState *s)
{
    s->rc = 0;
}

static uint32_t rcr_read(void *opaque, uint32_t offset, int size)
{
    RCRState *s = opaque;

    if (size == 1 && offset == RCR_PORT - RCR_BASE) {
        return s->rc;
    }
    return size == 4 ? 0xffffffffu : size == 2 ? 0xffff : 0xff;
}

static void rcr_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    RCRState *s = opaque;

    if (size != 1 || offset != RCR_PORT - RCR_BASE) {
        return; /* PCI configuration address: no PCI bus */
    }
    s->rc = (uint8_t)(val & (RCR_SYS_RST | RCR_FULL_RST));
    if (val & RCR_RST_CPU) {
        pc_request_reset(s->m);
    }
}

static const IOOps rcr_ops = {
    .read = rcr_read, .write = rcr_write, .sizes = IO_SIZE8 | IO_SIZE16 | IO_SIZE32};

RCRState *rcr_init(struct PCMachine *m, IOSpace *io)
{
    RCRState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->m = m;
    if (ioport_register(io, "reset-control", RCR_BASE, 4, &rcr_ops, s) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void rcr_free(RCRState *s)
{
    free(s);
}
