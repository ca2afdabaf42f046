/*
 * port92.c - System Control Port A (IBM PS/2 Hardware Interface
 * Technical Reference, "System Control Port A"; Intel PIIX datasheet,
 * "Port 92h").
 *
 * Modelled: bit 1 (alternate A20 gate) and bit 0 (fast reset on a 0->1
 * write; it reads back as written, as on the PIIX). Not modelled: bit 3
 * (CMOS password lock: stored only) and the activity-light bits 6-7
 * (stored only).
 */
#include <stdlib.h>

#include "hw/pc.h"
#include "hw/port92.h"

struct Port92State {
    struct PCMachine *m;
    uint8_t value;
};

void port92_reset(Port92State *s)
{
    s->value = 0;
    pc_set_a20(s->m, PC_A20_PORT92, false);
}

static uint32_t port92_read(void *opaque, uint32_t offset, int size)
{
    Port92State *s = opaque;

    (void)offset;
    (void)size;
    return s->value;
}

static void port92_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    Port92State *s = opaque;
    uint8_t old = s->value;

    (void)offset;
    (void)size;
    s->value = (uint8_t)val;
    if ((old ^ val) & PORT92_A20) {
        pc_set_a20(s->m, PC_A20_PORT92, (val & PORT92_A20) != 0);
    }
    if ((val & PORT92_RESET) && !(old & PORT92_RESET)) {
        pc_request_reset(s->m);
    }
}

static const IOOps port92_ops = {.read = port92_read, .write = port92_write, .sizes = IO_SIZE8};

Port92State *port92_init(struct PCMachine *m, IOSpace *io)
{
    Port92State *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->m = m;
    if (ioport_register(io, "port92", PORT92_PORT, 1, &port92_ops, s) < 0) {
        free(s);
        return NULL;
    }
    port92_reset(s);
    return s;
}

void port92_free(Port92State *s)
{
    free(s);
}
