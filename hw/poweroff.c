/*
 * poweroff.c - the ACPI PM1a_CNT register (ACPI spec 6.4, 4.8.3.2.1,
 * "PM1 Control Registers"), only as far as powering off.
 *
 * Modelled: the 16-bit register with SCI_EN (reads 1: ACPI mode, as the
 * firmware leaves it), SLP_TYP kept as written, SLP_EN write-only. Setting
 * SLP_EN with SLP_TYP 0 is QEMU's S5: the machine stops with status 0.
 * Other sleep types are ignored. Byte and word accesses; a dword write is
 * split by the port space and the low word lands here.
 */
#include <stdlib.h>

#include "hw/pc.h"
#include "hw/poweroff.h"

struct PowerOffState {
    struct PCMachine *machine;
    uint16_t cnt;
};

static uint32_t poweroff_ioport_read(void *opaque, uint32_t offset, int size)
{
    PowerOffState *s = opaque;
    uint32_t val = s->cnt >> (8 * offset);

    return size == 1 ? (val & 0xff) : (val & 0xffff);
}

static void poweroff_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    PowerOffState *s = opaque;
    uint16_t cnt = s->cnt;

    if (size == 1) {
        uint16_t shift = (uint16_t)(8 * offset);

        cnt = (uint16_t)((cnt & ~(0xffu << shift)) | ((val & 0xff) << shift));
    } else {
        cnt = (uint16_t)val;
    }
    cnt |= POWEROFF_SCI_EN;
    if (cnt & POWEROFF_SLP_EN) {
        cnt &= (uint16_t)~POWEROFF_SLP_EN;
        if ((cnt & POWEROFF_SLP_TYP) == 0) {
            pc_request_exit(s->machine, 0);
        }
    }
    s->cnt = cnt;
}

static const IOOps poweroff_ops = {
    .read = poweroff_ioport_read,
    .write = poweroff_ioport_write,
    .sizes = IO_SIZE8 | IO_SIZE16,
};

PowerOffState *poweroff_init(struct PCMachine *m, IOSpace *io, uint16_t iobase)
{
    PowerOffState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->machine = m;
    if (ioport_register(io, "acpi-pm1a-cnt", iobase, 2, &poweroff_ops, s) < 0) {
        free(s);
        return NULL;
    }
    poweroff_reset(s);
    return s;
}

void poweroff_free(PowerOffState *s)
{
    free(s);
}

void poweroff_reset(PowerOffState *s)
{
    s->cnt = POWEROFF_SCI_EN;
}
