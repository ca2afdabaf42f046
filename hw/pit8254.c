/*
 * pit8254.c - the 8254 programmable interval timer (Intel 8254 datasheet:
 * "Control Word Format", "Read-Back Command", "Mode Definitions") and the
 * PC's port 0x61 (IBM PC/AT Technical Reference, "System Control Port B").
 *
 * Modelled: three 16-bit counters clocked at 1.193182 MHz, modes 0-5
 * (6 and 7 alias 2 and 3), binary and BCD counting, LSB/MSB/LSB-then-MSB
 * access with a separate read and write byte sequence, the counter latch
 * command, the read-back command (count and status, OUT and null count
 * bits), gates (modes 0 and 4 pause, 1 and 5 trigger on a rising edge, 2
 * and 3 restart on it and hold OUT high while low). Channel 0 and 1 gates
 * are tied high as on a PC; channel 2's is port 0x61 bit 0 and its OUT is
 * bit 5; bit 4 toggles every 15.085 us (the DRAM refresh request BIOSes
 * time short delays with).
 * A counter is a function of time: value and OUT follow from the ticks
 * elapsed since the count was loaded, so only channel 0, whose OUT is
 * IRQ0, arms a timer, at each OUT transition. Its callback evaluates the
 * transition at its scheduled tick, not at "now", so when the board runs
 * timers late every edge still reaches the PIC in order (up to one second
 * of them; a longer stall skips ahead).
 * Not modelled: the one-clock delay between writing a count and its
 * loading (a count takes effect at once), a new count written during a
 * mode 2/3 period waiting for the period's end (it restarts counting at
 * once), odd counts in mode 3 (counter reads are approximate), and the
 * speaker itself (bit 1 is stored only).
 */
#include <stdlib.h>

#include "hw/pit8254.h"

#define PIT_NS_PER_SEC 1000000000LL
#define PIT_REFRESH_NS 15085

enum {
    PIT_RW_LATCH = 0,
    PIT_RW_LSB = 1,
    PIT_RW_MSB = 2,
    PIT_RW_WORD0 = 3, /* LSB then MSB: next is the LSB */
    PIT_RW_WORD1 = 4, /* ... next is the MSB */
};

typedef struct PITChannel {
    PITState *pit;
    uint32_t count;   /* reload value, 1..0x10000 (BCD: 1..10000) */
    int64_t load_tick; /* absolute tick at which counting (re)started */
    int64_t frozen_d;  /* ticks counted when counting stopped */
    bool loaded;       /* a count was written since the control word */
    bool counting;
    bool triggered; /* modes 1 and 5: gate edge seen */
    bool gate;
    bool null_count;
    uint8_t ctrl; /* control word bits 5-0 (RW, mode, BCD) */
    uint8_t mode;
    bool bcd;
    uint8_t read_state;
    uint8_t write_state;
    uint8_t write_latch;
    uint8_t count_latched; /* PIT_RW_* of the latched count, 0 = none */
    uint16_t latched_count;
    bool status_latched;
    uint8_t status;
    /* channel 0 only */
    Timer timer;
    int64_t next_tick;
    bool irq_level;
} PITChannel;

struct PITState {
    Clock *clock;
    IRQLine *irq;
    PITChannel ch[3];
    uint8_t port_b; /* bits 0-3 as written */
};

static int64_t pit_ticks_of_ns(int64_t ns)
{
    return (int64_t)((__int128)ns * PIT_FREQ_HZ / PIT_NS_PER_SEC);
}

/* The first ns at which the tick count has reached tick. */
static int64_t pit_ns_of_tick(int64_t tick)
{
    return (int64_t)(((__int128)tick * PIT_NS_PER_SEC + PIT_FREQ_HZ - 1) / PIT_FREQ_HZ);
}

static int64_t pit_now(const PITState *s)
{
    return pit_ticks_of_ns(clock_get_ns(s->clock));
}

static int64_t pit_elapsed(const PITChannel *c, int64_t tick)
{
    return c->counting ? tick - c->load_tick : c->frozen_d;
}

static bool pit_out_at(const PITChannel *c, int64_t tick)
{
    int64_t n = c->count;
    int64_t d = pit_elapsed(c, tick);

    if (!c->loaded) {
        return c->mode != 0;
    }
    switch (c->mode) {
    case 0:
        return d >= n;
    case 1:
        return !c->triggered || d >= n;
    case 2:
        return !c->gate || n < 2 || d % n != n - 1;
    case 3:
        return !c->gate || n < 2 || d % n < (n + 1) / 2;
    case 5:
        return !c->triggered || d != n;
    default: /* 4 */
        return d != n;
    }
}

/* Absolute tick of OUT's next transition, -1 if none comes. */
static int64_t pit_next_transition(const PITChannel *c, int64_t tick)
{
    int64_t n = c->count;
    int64_t d = tick - c->load_tick;
    int64_t base, next;

    if (!c->loaded || !c->counting) {
        return -1;
    }
    switch (c->mode) {
    case 0:
    case 1:
        if (d >= n) {
            return -1;
        }
        next = n;
        break;
    case 2:
    case 3:
        if (n < 2) {
            return -1;
        }
        base = d - d % n;
        if (c->mode == 2) {
            next = d % n < n - 1 ? base + n - 1 : base + n;
        } else {
            next = d % n < (n + 1) / 2 ? base + (n + 1) / 2 : base + n;
        }
        break;
    default: /* 4, 5 */
        if (d > n) {
            return -1;
        }
        next = d < n ? n : n + 1;
        break;
    }
    return c->load_tick + next;
}

/* Channel 0: drive IRQ0 with OUT at tick and arm the next transition. */
static void pit_irq_update(PITChannel *c, int64_t tick)
{
    PITState *s = c->pit;
    bool out;
    int64_t next;

    if (c != &s->ch[0]) {
        return;
    }
    out = pit_out_at(c, tick);
    if (out != c->irq_level) {
        c->irq_level = out;
        irq_set(s->irq, out);
    }
    next = pit_next_transition(c, tick);
    if (next < 0) {
        timer_del(&c->timer);
        return;
    }
    c->next_tick = next;
    timer_mod(&c->timer, pit_ns_of_tick(next));
}

static void pit_timer_cb(void *opaque)
{
    PITChannel *c = opaque;
    int64_t now = pit_now(c->pit);
    int64_t tick = c->next_tick;

    if (now - tick > PIT_FREQ_HZ) {
        tick = now; /* stalled for over a second: do not replay every edge */
    }
    pit_irq_update(c, tick);
}

static uint16_t pit_to_bcd(uint32_t v)
{
    return (uint16_t)((v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000 % 10) << 12);
}

static uint32_t pit_from_bcd(uint16_t v)
{
    return (v & 15) + (v >> 4 & 15) * 10 + (v >> 8 & 15) * 100 + (v >> 12 & 15) * 1000;
}

/* What the counting element holds, as the guest reads it. */
static uint16_t pit_get_count(const PITChannel *c, int64_t tick)
{
    int64_t n = c->count;
    int64_t d = pit_elapsed(c, tick);
    int64_t modulus = c->bcd ? 10000 : 0x10000;
    int64_t v;

    if (!c->loaded || ((c->mode == 1 || c->mode == 5) && !c->triggered)) {
        v = n % modulus;
    } else if (c->mode == 2) {
        v = n - d % n;
    } else if (c->mode == 3) {
        v = n - (2 * d) % n;
    } else {
        v = ((n - d) % modulus + modulus) % modulus;
    }
    v %= modulus;
    return c->bcd ? pit_to_bcd((uint32_t)v) : (uint16_t)v;
}

static void pit_load_count(PITChannel *c, uint16_t val)
{
    int64_t now = pit_now(c->pit);

    if (c->bcd) {
        c->count = pit_from_bcd(val);
        c->count = c->count ? c->count : 10000;
    } else {
        c->count = val ? val : 0x10000;
    }
    c->loaded = true;
    c->null_count = false;
    if (c->mode == 1 || c->mode == 5) {
        /* armed: counting starts at the next gate rising edge */
    } else if (c->gate) {
        c->counting = true;
        c->load_tick = now;
    } else {
        c->counting = false;
        c->frozen_d = 0;
    }
    pit_irq_update(c, now);
}

static void pit_latch_count(PITChannel *c)
{
    if (!c->count_latched) {
        c->latched_count = pit_get_count(c, pit_now(c->pit));
        c->count_latched = c->read_state == PIT_RW_WORD1 ? PIT_RW_WORD0 : c->read_state;
    }
}

static void pit_latch_status(PITChannel *c)
{
    if (!c->status_latched) {
        c->status = (uint8_t)((pit_out_at(c, pit_now(c->pit)) ? 0x80 : 0) |
                              (c->null_count ? 0x40 : 0) | c->ctrl);
        c->status_latched = true;
    }
}

static void pit_write_control(PITState *s, uint8_t val)
{
    int sel = val >> 6;
    PITChannel *c;
    int i;

    if (sel == 3) { /* read-back: bits 1-3 select, 5 = !count, 4 = !status */
        for (i = 0; i < 3; i++) {
            if (!(val & (2 << i))) {
                continue;
            }
            if (!(val & 0x20)) {
                pit_latch_count(&s->ch[i]);
            }
            if (!(val & 0x10)) {
                pit_latch_status(&s->ch[i]);
            }
        }
        return;
    }
    c = &s->ch[sel];
    if (((val >> 4) & 3) == PIT_RW_LATCH) {
        pit_latch_count(c);
        return;
    }
    c->ctrl = val & 0x3f;
    c->mode = (val >> 1) & 7;
    if (c->mode >= 6) {
        c->mode -= 4;
    }
    c->bcd = (val & 1) != 0;
    c->read_state = c->write_state = (val >> 4) & 3;
    c->count_latched = 0;
    c->status_latched = false;
    c->loaded = false;
    c->counting = false;
    c->triggered = false;
    c->frozen_d = 0;
    c->null_count = true;
    pit_irq_update(c, pit_now(s));
}

static void pit_write_count(PITChannel *c, uint8_t val)
{
    switch (c->write_state) {
    case PIT_RW_LSB:
        pit_load_count(c, val);
        break;
    case PIT_RW_MSB:
        pit_load_count(c, (uint16_t)(val << 8));
        break;
    case PIT_RW_WORD0:
        c->write_latch = val;
        c->write_state = PIT_RW_WORD1;
        if (c->mode == 0 && c->counting) { /* mode 0: the first byte stops counting */
            c->frozen_d = pit_elapsed(c, pit_now(c->pit));
            c->counting = false;
        }
        break;
    default:
        c->write_state = PIT_RW_WORD0;
        pit_load_count(c, (uint16_t)(c->write_latch | val << 8));
        break;
    }
}

static uint8_t pit_read_count(PITChannel *c)
{
    uint16_t count;

    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    if (c->count_latched) {
        count = c->latched_count;
        switch (c->count_latched) {
        case PIT_RW_WORD0:
            c->count_latched = PIT_RW_MSB;
            return (uint8_t)count;
        case PIT_RW_MSB:
            c->count_latched = 0;
            return (uint8_t)(count >> 8);
        default:
            c->count_latched = 0;
            return (uint8_t)count;
        }
    }
    count = pit_get_count(c, pit_now(c->pit));
    switch (c->read_state) {
    case PIT_RW_MSB:
        return (uint8_t)(count >> 8);
    case PIT_RW_WORD0:
        c->read_state = PIT_RW_WORD1;
        return (uint8_t)count;
    case PIT_RW_WORD1:
        c->read_state = PIT_RW_WORD0;
        return (uint8_t)(count >> 8);
    default:
        return (uint8_t)count;
    }
}

void pit_set_gate(PITState *s, int ch, bool level)
{
    PITChannel *c = &s->ch[ch];
    int64_t now = pit_now(s);

    if (level == c->gate) {
        return;
    }
    c->gate = level;
    if (!c->loaded) {
        return;
    }
    if (level) {
        if (c->mode == 0 || c->mode == 4) {
            c->load_tick = now - c->frozen_d; /* resume */
        } else {
            c->load_tick = now; /* trigger or restart */
            c->triggered = true;
        }
        c->counting = true;
    } else if (c->mode != 1 && c->mode != 5 && c->counting) {
        c->frozen_d = now - c->load_tick;
        c->counting = false;
    }
    pit_irq_update(c, now);
}

bool pit_get_out(PITState *s, int ch)
{
    return pit_out_at(&s->ch[ch], pit_now(s));
}

static void pit_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    PITState *s = opaque;

    (void)size;
    if (offset == 3) {
        pit_write_control(s, (uint8_t)val);
    } else {
        pit_write_count(&s->ch[offset], (uint8_t)val);
    }
}

static uint32_t pit_ioport_read(void *opaque, uint32_t offset, int size)
{
    PITState *s = opaque;

    (void)size;
    if (offset == 3) {
        return 0xff; /* the control register is write-only */
    }
    return pit_read_count(&s->ch[offset]);
}

static uint32_t pit_port_b_read(void *opaque, uint32_t offset, int size)
{
    PITState *s = opaque;
    int64_t now = clock_get_ns(s->clock);

    (void)offset;
    (void)size;
    return (uint32_t)((s->port_b & 0x0f) | ((now / PIT_REFRESH_NS) & 1) << 4 |
                      (pit_get_out(s, 2) ? 0x20 : 0));
}

static void pit_port_b_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    PITState *s = opaque;

    (void)offset;
    (void)size;
    s->port_b = (uint8_t)(val & 0x0f);
    pit_set_gate(s, 2, (val & 1) != 0);
}

static const IOOps pit_ops = {
    .read = pit_ioport_read,
    .write = pit_ioport_write,
    .sizes = IO_SIZE8,
};

static const IOOps pit_port_b_ops = {
    .read = pit_port_b_read,
    .write = pit_port_b_write,
    .sizes = IO_SIZE8,
};

void pit_reset(PITState *s)
{
    int i;

    for (i = 0; i < 3; i++) {
        PITChannel *c = &s->ch[i];

        timer_del(&c->timer);
        c->mode = 0;
        c->ctrl = 0;
        c->bcd = false;
        c->count = 0x10000;
        c->loaded = false;
        c->counting = false;
        c->triggered = false;
        c->frozen_d = 0;
        c->null_count = true;
        c->read_state = c->write_state = PIT_RW_WORD0;
        c->count_latched = 0;
        c->status_latched = false;
        c->gate = i != 2;
    }
    s->port_b = 0;
    pit_irq_update(&s->ch[0], pit_now(s));
}

PITState *pit_init(IOSpace *io, Clock *clock, IRQLine *irq0)
{
    PITState *s = calloc(1, sizeof(*s));
    int i;

    if (!s) {
        return NULL;
    }
    s->clock = clock;
    s->irq = irq0;
    for (i = 0; i < 3; i++) {
        s->ch[i].pit = s;
    }
    timer_init(&s->ch[0].timer, clock, pit_timer_cb, &s->ch[0]);
    if (ioport_register(io, "pit8254", PIT_BASE, 4, &pit_ops, s) < 0 ||
        ioport_register(io, "port61", PIT_PORT_B, 1, &pit_port_b_ops, s) < 0) {
        free(s);
        return NULL;
    }
    pit_reset(s);
    return s;
}

void pit_free(PITState *s)
{
    if (s) {
        timer_del(&s->ch[0].timer);
        free(s);
    }
}
