/*
 * dma8237.c - two cascaded 8237A DMA controllers and the PC/AT page
 * registers (Intel 8237A-5 datasheet, "Register Description" and
 * "Software Commands"; IBM PC/AT Technical Reference, "DMA Controller").
 *
 * Modelled: per channel the base/current address and word count with the
 * byte-pointer flip-flop, the mode register (verify/write/read transfers,
 * autoinitialize, address increment or decrement; demand, single and
 * block mode behave alike since a transfer completes at once), the mask
 * register (single bit, all bits, clear), the request register, the
 * status register (TC bits clear on read), the command register's
 * controller-disable bit, the temporary register and master clear. The
 * 16-bit controller addresses words: channel 5-7 addresses are shifted
 * left one and A16 comes from the word address, as on the AT; its page
 * register's bit 0 is ignored.
 *
 * Not modelled: memory-to-memory transfers (command bit 0; no PC used
 * them), DREQ/DACK timing and priority (devices call dma_transfer when
 * they have data and the transfer is instantaneous), and cascade mode
 * beyond "channel 4 moves nothing".
 */
#include <stdlib.h>
#include <string.h>

#include "hw/dma8237.h"

#define DMA_REG_STATUS  0x8 /* read; write: command */
#define DMA_REG_REQUEST 0x9
#define DMA_REG_MASK1   0xa /* single mask bit */
#define DMA_REG_MODE    0xb
#define DMA_REG_CLEARFF 0xc
#define DMA_REG_TEMP    0xd /* read; write: master clear */
#define DMA_REG_UNMASK  0xe /* clear mask register */
#define DMA_REG_MASKALL 0xf

#define DMA_CMD_DISABLE 0x04

typedef struct DMAChannel {
    uint16_t base_addr;
    uint16_t base_count;
    uint16_t cur_addr;
    uint16_t cur_count;
    uint8_t mode;
} DMAChannel;

/* One 8237A. */
typedef struct DMAController {
    DMAChannel ch[4];
    uint8_t command;
    uint8_t status; /* TC in bits 0-3, requests in bits 4-7 */
    uint8_t mask;
    uint8_t temp;
    bool flip_flop; /* false: next byte is the low byte */
} DMAController;

struct DMAState {
    AddressSpace *as;
    const Log *log;
    DMAController ctl[2];
    uint8_t page[16]; /* ports 0x80-0x8F */
};

static const Log dma_nolog = {0, NULL};

/* Page register port (minus 0x80) per channel. */
static const uint8_t dma_page_port[DMA_CHANNELS] = {0x7, 0x3, 0x1, 0x2, 0xf, 0xb, 0x9, 0xa};

static void dma_controller_clear(DMAController *c)
{
    c->command = 0;
    c->status = 0;
    c->mask = 0x0f;
    c->temp = 0;
    c->flip_flop = false;
}

void dma_reset(DMAState *s)
{
    memset(s->ctl, 0, sizeof(s->ctl));
    memset(s->page, 0, sizeof(s->page));
    dma_controller_clear(&s->ctl[0]);
    dma_controller_clear(&s->ctl[1]);
}

static uint32_t dma_ctl_read(DMAState *s, int chip, int reg)
{
    DMAController *c = &s->ctl[chip];
    uint32_t val;

    if (reg < 8) {
        DMAChannel *ch = &c->ch[reg >> 1];
        uint16_t v = (reg & 1) ? ch->cur_count : ch->cur_addr;

        val = c->flip_flop ? v >> 8 : v & 0xff;
        c->flip_flop = !c->flip_flop;
        return val;
    }
    switch (reg) {
    case DMA_REG_STATUS:
        val = c->status;
        c->status &= 0xf0;
        return val;
    case DMA_REG_TEMP:
        return c->temp;
    case DMA_REG_MASKALL:
        return c->mask | 0xf0;
    default:
        return 0xff;
    }
}

static void dma_write_addr_count(DMAController *c, int reg, uint8_t val)
{
    DMAChannel *ch = &c->ch[reg >> 1];
    uint16_t *base = (reg & 1) ? &ch->base_count : &ch->base_addr;
    uint16_t *cur = (reg & 1) ? &ch->cur_count : &ch->cur_addr;

    if (c->flip_flop) {
        *base = (uint16_t)((*base & 0x00ff) | (val << 8));
    } else {
        *base = (uint16_t)((*base & 0xff00) | val);
    }
    *cur = *base;
    c->flip_flop = !c->flip_flop;
}

static void dma_ctl_write(DMAState *s, int chip, int reg, uint8_t val)
{
    DMAController *c = &s->ctl[chip];

    if (reg < 8) {
        dma_write_addr_count(c, reg, val);
        return;
    }
    switch (reg) {
    case DMA_REG_STATUS:
        c->command = val;
        if (val & ~DMA_CMD_DISABLE) {
            log_mask(s->log, LOG_UNIMP, "dma%d: command 0x%02x (only bit 2 is modelled)\n", chip,
                     val);
        }
        break;
    case DMA_REG_REQUEST:
        if (val & 4) {
            c->status |= (uint8_t)(0x10 << (val & 3));
        } else {
            c->status &= (uint8_t)~(0x10 << (val & 3));
        }
        break;
    case DMA_REG_MASK1:
        if (val & 4) {
            c->mask |= (uint8_t)(1 << (val & 3));
        } else {
            c->mask &= (uint8_t)~(1 << (val & 3));
        }
        break;
    case DMA_REG_MODE:
        c->ch[val & 3].mode = val & 0xfc;
        break;
    case DMA_REG_CLEARFF:
        c->flip_flop = false;
        break;
    case DMA_REG_TEMP:
        dma_controller_clear(c);
        break;
    case DMA_REG_UNMASK:
        c->mask = 0;
        break;
    case DMA_REG_MASKALL:
        c->mask = val & 0x0f;
        break;
    }
}

static uint32_t dma_ioport_read(void *opaque, uint32_t offset, int size)
{
    DMAState *s = opaque;

    (void)size;
    if (offset < 0x10) {
        return dma_ctl_read(s, 0, (int)offset);
    }
    if (offset >= 0x80 && offset < 0x90) {
        return s->page[offset - 0x80];
    }
    return dma_ctl_read(s, 1, (int)((offset - 0xc0) >> 1));
}

static void dma_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    DMAState *s = opaque;

    (void)size;
    if (offset < 0x10) {
        dma_ctl_write(s, 0, (int)offset, (uint8_t)val);
    } else if (offset >= 0x80 && offset < 0x90) {
        s->page[offset - 0x80] = (uint8_t)val;
    } else {
        dma_ctl_write(s, 1, (int)((offset - 0xc0) >> 1), (uint8_t)val);
    }
}

/* The ports are disjoint; one ops table with offsets from port 0. */
static uint32_t dma_low_read(void *opaque, uint32_t offset, int size)
{
    return dma_ioport_read(opaque, offset, size);
}

static void dma_low_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    dma_ioport_write(opaque, offset, val, size);
}

static uint32_t dma_page_read(void *opaque, uint32_t offset, int size)
{
    return dma_ioport_read(opaque, offset + 0x81, size);
}

static void dma_page_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    dma_ioport_write(opaque, offset + 0x81, val, size);
}

static uint32_t dma_high_read(void *opaque, uint32_t offset, int size)
{
    return (offset & 1) ? 0xff : dma_ioport_read(opaque, offset + 0xc0, size);
}

static void dma_high_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    if (!(offset & 1)) {
        dma_ioport_write(opaque, offset + 0xc0, val, size);
    }
}

static const IOOps dma_low_ops = {.read = dma_low_read, .write = dma_low_write, .sizes = IO_SIZE8};
static const IOOps dma_page_ops = {
    .read = dma_page_read, .write = dma_page_write, .sizes = IO_SIZE8};
static const IOOps dma_high_ops = {
    .read = dma_high_read, .write = dma_high_write, .sizes = IO_SIZE8};

DMAState *dma_init(IOSpace *io, AddressSpace *as, const Log *log)
{
    DMAState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->as = as;
    s->log = log ? log : &dma_nolog;
    dma_reset(s);
    if (ioport_register(io, "dma1", 0x00, 0x10, &dma_low_ops, s) < 0 ||
        ioport_register(io, "dma-page", 0x81, 0x0f, &dma_page_ops, s) < 0 ||
        ioport_register(io, "dma2", 0xc0, 0x20, &dma_high_ops, s) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void dma_free(DMAState *s)
{
    free(s);
}

static bool dma_channel_active(const DMAState *s, int channel)
{
    const DMAController *c;

    if (channel < 0 || channel >= DMA_CHANNELS) {
        return false;
    }
    c = &s->ctl[channel >> 2];
    return !(c->command & DMA_CMD_DISABLE) && !(c->mask & (1 << (channel & 3))) &&
           (c->ch[channel & 3].mode & DMA_MODE_SEL) != DMA_MODE_CASCADE;
}

int dma_remaining(const DMAState *s, int channel)
{
    if (!s || !dma_channel_active(s, channel)) {
        return 0;
    }
    return (s->ctl[channel >> 2].ch[channel & 3].cur_count + 1) << (channel >> 2);
}

/* Guest physical address of the channel's current unit. */
static uint32_t dma_paddr(const DMAState *s, int channel)
{
    const DMAChannel *ch = &s->ctl[channel >> 2].ch[channel & 3];
    uint32_t page = s->page[dma_page_port[channel]];

    if (channel < 4) {
        return (page << 16) | ch->cur_addr;
    }
    return ((page & 0xfe) << 16) | ((uint32_t)ch->cur_addr << 1);
}

static void dma_copy(DMAState *s, int channel, uint32_t paddr, uint8_t *buf, uint32_t len,
                     bool to_memory)
{
    int r = to_memory ? mem_write_buf(s->as, paddr, buf, len, false)
                      : mem_read_buf(s->as, paddr, buf, len);

    if (r < 0) {
        log_mask(s->log, LOG_GUEST_ERRORS, "dma: channel %d: 0x%x+%u is not RAM\n", channel, paddr,
                 len);
    }
}

/* Terminal count reached: TC status bit, then autoinit or self-mask. */
static void dma_terminal_count(DMAState *s, int channel)
{
    DMAController *c = &s->ctl[channel >> 2];
    DMAChannel *ch = &c->ch[channel & 3];

    c->status |= (uint8_t)(1 << (channel & 3));
    c->status &= (uint8_t)~(0x10 << (channel & 3));
    if (ch->mode & DMA_MODE_AUTOINIT) {
        ch->cur_addr = ch->base_addr;
        ch->cur_count = ch->base_count;
    } else {
        c->mask |= (uint8_t)(1 << (channel & 3));
    }
}

int dma_transfer(DMAState *s, int channel, void *buf, int len, bool to_memory)
{
    DMAChannel *ch;
    int shift = channel >> 2, unit = 1 << shift, done = 0;
    uint8_t type;
    uint32_t units;

    if (!s || !dma_channel_active(s, channel) || len < unit) {
        return 0;
    }
    ch = &s->ctl[channel >> 2].ch[channel & 3];
    type = ch->mode & DMA_MODE_TYPE;
    if (type != DMA_MODE_VERIFY && (type == DMA_MODE_WRITE) != to_memory) {
        log_mask(s->log, LOG_GUEST_ERRORS,
                 "dma: channel %d programmed for %s, device transfers %s memory\n", channel,
                 type == DMA_MODE_WRITE ? "write" : "read", to_memory ? "to" : "from");
    }
    units = (uint32_t)ch->cur_count + 1;
    if ((uint32_t)(len >> shift) < units) {
        units = (uint32_t)(len >> shift);
    }
    while (units > 0) {
        /* a run of units without an address wrap (decrement: one unit) */
        uint32_t run = (ch->mode & DMA_MODE_DECR) ? 1 : 0x10000 - ch->cur_addr;

        if (run > units) {
            run = units;
        }
        if (type != DMA_MODE_VERIFY) {
            dma_copy(s, channel, dma_paddr(s, channel), (uint8_t *)buf + done, run << shift,
                     to_memory);
        }
        done += (int)(run << shift);
        units -= run;
        ch->cur_addr = (uint16_t)((ch->mode & DMA_MODE_DECR) ? ch->cur_addr - run
                                                             : ch->cur_addr + run);
        if (run == (uint32_t)ch->cur_count + 1) {
            ch->cur_count = 0xffff;
            dma_terminal_count(s, channel);
            break;
        }
        ch->cur_count = (uint16_t)(ch->cur_count - run);
    }
    return done;
}
