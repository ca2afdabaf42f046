/*
 * i8042.c - the 8042 keyboard controller, a PS/2 keyboard and a PS/2
 * mouse (IBM PS/2 Hardware Interface Technical Reference: "Keyboard and
 * Auxiliary Device Controller", "Keyboard", "Pointing Device"; the
 * 8042's set 2 -> set 1 translation table is the one every AT-compatible
 * controller uses).
 *
 * Modelled: the status register, the 32 bytes of controller RAM (byte 0
 * is the command byte: interrupt enables, system flag, interface
 * disables, translation), the one-byte output buffer shared by keyboard
 * and mouse (keyboard first), the output port (A20 gate, CPU reset),
 * controller commands 0x20-0x3F/0x60-0x7F (RAM), 0xA7-0xA9 (aux
 * disable/enable/test), 0xAA (self test, 0x55), 0xAB (interface test),
 * 0xAD/0xAE, 0xC0 (input port), 0xD0-0xD4 (output port, fake input,
 * write to mouse), 0xDD/0xDF (A20 off/on), 0xE0, 0xF0-0xFF (pulse output
 * port: 0xFE resets). The keyboard: reset (0xFA 0xAA), echo, ID (0xAB
 * 0x83), scan set select/query, LEDs, typematic (stored), enable/disable
 * and defaults, a 16-byte queue. The mouse: reset (0xFA 0xAA 0x00), ID
 * 0x00, status request, stream/remote mode, read data, wrap mode, sample
 * rate, resolution and scaling (stored), 3-byte packets.
 *
 * Not modelled: timing (a byte written is taken at once, so IBF is never
 * set; a byte read is replaced by the next at once), typematic repeat
 * (the host repeats), scan set 3 codes (set 2 is sent instead), Pause and
 * Print Screen's long sequences, the IntelliMouse wheel, parity and
 * timeout errors, the password and keyboard lock.
 */
#include <stdlib.h>
#include <string.h>

#include "hw/i8042.h"
#include "hw/pc.h"

#define KBD_ACK     0xfa
#define KBD_RESEND  0xfe
#define KBD_BAT_OK  0xaa
#define KBD_DEFAULT_MODE (KBD_MODE_XLATE | KBD_MODE_SYS | KBD_MODE_KBD_INT)
#define KBD_DEFAULT_OUTPORT 0xcf

typedef struct PS2Queue {
    uint8_t data[KBD_QUEUE_SIZE];
    int rptr;
    int count;
} PS2Queue;

typedef struct PS2Keyboard {
    PS2Queue q;
    bool scan_enabled;
    int scancode_set;
    uint8_t pending; /* command waiting for its parameter, 0 = none */
    uint8_t leds;
    uint8_t typematic;
} PS2Keyboard;

typedef struct PS2Mouse {
    PS2Queue q;
    bool reporting;
    bool remote;
    bool wrap;
    bool scaling21;
    uint8_t pending;
    uint8_t sample_rate;
    uint8_t resolution;
    uint8_t buttons;
} PS2Mouse;

struct KBDState {
    struct PCMachine *m;
    IRQLine *kbd_irq;
    IRQLine *mouse_irq;
    const Log *log;
    uint8_t ram[32]; /* ram[0]: the command byte */
    uint8_t outport;
    bool last_was_cmd;
    uint8_t obuf;
    bool obf;
    bool obf_aux;
    uint8_t write_cmd; /* controller command waiting for a data byte */
    bool xlate_break;  /* translation swallowed an 0xF0 */
    int kbd_level;
    int mouse_level;
    PS2Keyboard kbd;
    PS2Mouse mouse;
};

static const Log kbd_nolog = {0, NULL};

// clang-format off
/* The 8042's translation of scan set 2 bytes to set 1 (0x88-0xFF pass). */
static const uint8_t kbd_xlate_table[0x88] = {
    0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
    0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a, 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
    0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c, 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
    0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e, 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
    0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60, 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
    0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e, 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
    0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b, 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
    0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45, 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
    0x80, 0x81, 0x82, 0x41, 0x54, 0x85, 0x86, 0x87,
};
// clang-format on

static uint8_t kbd_xlate(uint8_t set2)
{
    return set2 < sizeof(kbd_xlate_table) ? kbd_xlate_table[set2] : set2;
}

/* Set 1 make code -> set 2: the inverse of the translation table. */
static uint8_t kbd_set1_to_set2(uint8_t set1)
{
    int i;

    if (set1 == 0x41) {
        return 0x83; /* F7: the table also maps the unused 0x02 to 0x41 */
    }
    if (set1 == 0x54) {
        return 0x84; /* Alt+SysRq */
    }
    for (i = 1; i < 0x80; i++) {
        if (kbd_xlate_table[i] == set1) {
            return (uint8_t)i;
        }
    }
    return 0;
}

static void ps2_queue_clear(PS2Queue *q)
{
    q->rptr = 0;
    q->count = 0;
}

static bool ps2_queue_room(const PS2Queue *q, int n)
{
    return q->count + n <= KBD_QUEUE_SIZE;
}

static void ps2_queue_push(PS2Queue *q, uint8_t b)
{
    if (q->count < KBD_QUEUE_SIZE) {
        q->data[(q->rptr + q->count) % KBD_QUEUE_SIZE] = b;
        q->count++;
    }
}

static uint8_t ps2_queue_pop(PS2Queue *q)
{
    uint8_t b = q->data[q->rptr];

    q->rptr = (q->rptr + 1) % KBD_QUEUE_SIZE;
    q->count--;
    return b;
}

static void kbd_update_irq(KBDState *s)
{
    int kl = s->obf && !s->obf_aux && (s->ram[0] & KBD_MODE_KBD_INT);
    int ml = s->obf && s->obf_aux && (s->ram[0] & KBD_MODE_AUX_INT);

    if (kl != s->kbd_level) {
        s->kbd_level = kl;
        irq_set(s->kbd_irq, kl);
    }
    if (ml != s->mouse_level) {
        s->mouse_level = ml;
        irq_set(s->mouse_irq, ml);
    }
}

/* Refill an empty output buffer from the keyboard, then the mouse. */
static void kbd_update(KBDState *s)
{
    while (!s->obf && s->kbd.q.count > 0 && !(s->ram[0] & KBD_MODE_DISABLE_KBD)) {
        uint8_t b = ps2_queue_pop(&s->kbd.q);

        if (s->ram[0] & KBD_MODE_XLATE) {
            if (b == 0xf0) {
                s->xlate_break = true;
                continue;
            }
            b = kbd_xlate(b) | (s->xlate_break ? 0x80 : 0);
            s->xlate_break = false;
        }
        s->obuf = b;
        s->obf = true;
        s->obf_aux = false;
    }
    if (!s->obf && s->mouse.q.count > 0 && !(s->ram[0] & KBD_MODE_DISABLE_AUX)) {
        s->obuf = ps2_queue_pop(&s->mouse.q);
        s->obf = true;
        s->obf_aux = true;
    }
    kbd_update_irq(s);
}

/* A byte from the controller itself (command results): replaces the buffer. */
static void kbd_ctl_output(KBDState *s, uint8_t val, bool aux)
{
    s->obuf = val;
    s->obf = true;
    s->obf_aux = aux;
    kbd_update_irq(s);
}

static void kbd_keyboard_defaults(PS2Keyboard *k)
{
    k->scan_enabled = true;
    k->scancode_set = 2;
    k->pending = 0;
    k->typematic = 0x2b;
}

static void kbd_mouse_defaults(PS2Mouse *ms)
{
    ms->reporting = false;
    ms->remote = false;
    ms->wrap = false;
    ms->scaling21 = false;
    ms->pending = 0;
    ms->sample_rate = 100;
    ms->resolution = 2;
}

static void kbd_set_outport(KBDState *s, uint8_t val)
{
    if ((val ^ s->outport) & KBD_OUT_A20) {
        pc_set_a20(s->m, PC_A20_KBC, (val & KBD_OUT_A20) != 0);
    }
    s->outport = val;
    if (!(val & KBD_OUT_RESET)) {
        s->outport |= KBD_OUT_RESET; /* the pulse ends with the reset */
        pc_request_reset(s->m);
    }
}

void kbd_reset(KBDState *s)
{
    memset(s->ram, 0, sizeof(s->ram));
    s->ram[0] = KBD_DEFAULT_MODE;
    s->outport = KBD_DEFAULT_OUTPORT;
    pc_set_a20(s->m, PC_A20_KBC, true);
    s->last_was_cmd = false;
    s->obuf = 0;
    s->obf = false;
    s->obf_aux = false;
    s->write_cmd = 0;
    s->xlate_break = false;
    ps2_queue_clear(&s->kbd.q);
    ps2_queue_clear(&s->mouse.q);
    kbd_keyboard_defaults(&s->kbd);
    s->kbd.leds = 0;
    kbd_mouse_defaults(&s->mouse);
    s->mouse.buttons = 0;
    kbd_update_irq(s);
}

/* --- the keyboard ---------------------------------------------------- */

static void kbd_keyboard_param(KBDState *s, uint8_t val)
{
    PS2Keyboard *k = &s->kbd;
    uint8_t cmd = k->pending;

    k->pending = 0;
    if (cmd == 0xed) {
        k->leds = val & 7;
    } else if (cmd == 0xf3) {
        k->typematic = val & 0x7f;
    } else if (val == 0) { /* 0xF0 0: which set? */
        ps2_queue_push(&k->q, KBD_ACK);
        ps2_queue_push(&k->q, (uint8_t)k->scancode_set);
        return;
    } else if (val <= 3) {
        if (val == 3) {
            log_mask(s->log, LOG_UNIMP, "kbd: scan set 3 (set 2 codes are sent)\n");
        }
        k->scancode_set = val;
    } else {
        ps2_queue_push(&k->q, KBD_RESEND);
        return;
    }
    ps2_queue_push(&k->q, KBD_ACK);
}

static void kbd_write_keyboard(KBDState *s, uint8_t val)
{
    PS2Keyboard *k = &s->kbd;

    if (k->pending && val < 0xed) {
        kbd_keyboard_param(s, val);
        return;
    }
    k->pending = 0;
    switch (val) {
    case 0xed: /* set LEDs */
    case 0xf0: /* scan set */
    case 0xf3: /* typematic rate */
        k->pending = val;
        ps2_queue_push(&k->q, KBD_ACK);
        break;
    case 0xee: /* echo */
        ps2_queue_push(&k->q, 0xee);
        break;
    case 0xf2: /* identify */
        ps2_queue_push(&k->q, KBD_ACK);
        ps2_queue_push(&k->q, 0xab);
        ps2_queue_push(&k->q, 0x83);
        break;
    case 0xf4:
        k->scan_enabled = true;
        ps2_queue_push(&k->q, KBD_ACK);
        break;
    case 0xf5: /* disable: defaults, scanning off */
        kbd_keyboard_defaults(k);
        k->scan_enabled = false;
        ps2_queue_push(&k->q, KBD_ACK);
        break;
    case 0xf6:
        kbd_keyboard_defaults(k);
        ps2_queue_push(&k->q, KBD_ACK);
        break;
    case 0xff: /* reset and self test */
        ps2_queue_clear(&k->q);
        kbd_keyboard_defaults(k);
        k->leds = 0;
        ps2_queue_push(&k->q, KBD_ACK);
        ps2_queue_push(&k->q, KBD_BAT_OK);
        break;
    case 0xf7: /* set 3 key types: accepted */
    case 0xf8:
    case 0xf9:
    case 0xfa:
    case 0xfb:
    case 0xfc:
    case 0xfd:
    case 0xfe: /* resend: the last byte is never lost here */
        ps2_queue_push(&k->q, KBD_ACK);
        break;
    default:
        log_mask(s->log, LOG_GUEST_ERRORS, "kbd: unknown keyboard command 0x%02x\n", val);
        ps2_queue_push(&k->q, KBD_RESEND);
        break;
    }
}

void kbd_put_key(KBDState *s, uint16_t keycode, bool down)
{
    PS2Keyboard *k = &s->kbd;
    bool ext = (keycode >> 8) == 0xe0;
    uint8_t code = keycode & 0x7f;
    uint8_t set2 = kbd_set1_to_set2(code);

    if (!k->scan_enabled || code == 0 || set2 == 0) {
        return;
    }
    if (k->scancode_set == 1) {
        if (!ps2_queue_room(&k->q, ext + 1)) {
            return;
        }
        if (ext) {
            ps2_queue_push(&k->q, 0xe0);
        }
        ps2_queue_push(&k->q, (uint8_t)(code | (down ? 0 : 0x80)));
    } else {
        if (!ps2_queue_room(&k->q, ext + !down + 1)) {
            return;
        }
        if (ext) {
            ps2_queue_push(&k->q, 0xe0);
        }
        if (!down) {
            ps2_queue_push(&k->q, 0xf0);
        }
        ps2_queue_push(&k->q, set2);
    }
    kbd_update(s);
}

/* --- the mouse ------------------------------------------------------- */

static void kbd_mouse_packet(PS2Mouse *ms, int dx, int dy)
{
    uint8_t b0 = 0x08 | (ms->buttons & 7);

    dx = dx < -256 ? -256 : dx > 255 ? 255 : dx;
    dy = dy < -256 ? -256 : dy > 255 ? 255 : dy;
    b0 |= dx < 0 ? 0x10 : 0;
    b0 |= dy < 0 ? 0x20 : 0;
    ps2_queue_push(&ms->q, b0);
    ps2_queue_push(&ms->q, (uint8_t)dx);
    ps2_queue_push(&ms->q, (uint8_t)dy);
}

static void kbd_mouse_status(PS2Mouse *ms)
{
    /* status byte: remote, enabled, scaling, left, middle, right */
    uint8_t b = (uint8_t)((ms->remote ? 0x40 : 0) | (ms->reporting ? 0x20 : 0) |
                          (ms->scaling21 ? 0x10 : 0) | ((ms->buttons & KBD_MOUSE_LEFT) ? 4 : 0) |
                          ((ms->buttons & KBD_MOUSE_MIDDLE) ? 2 : 0) |
                          ((ms->buttons & KBD_MOUSE_RIGHT) ? 1 : 0));

    ps2_queue_push(&ms->q, b);
    ps2_queue_push(&ms->q, ms->resolution);
    ps2_queue_push(&ms->q, ms->sample_rate);
}

static void kbd_write_mouse(KBDState *s, uint8_t val)
{
    PS2Mouse *ms = &s->mouse;

    if (ms->wrap && val != 0xec && val != 0xff) {
        ps2_queue_push(&ms->q, val);
        return;
    }
    if (ms->pending) {
        if (ms->pending == 0xf3) {
            ms->sample_rate = val;
        } else {
            ms->resolution = val & 3;
        }
        ms->pending = 0;
        ps2_queue_push(&ms->q, KBD_ACK);
        return;
    }
    if (val != 0xff && val != 0xe9 && val != 0xeb && val != 0xf2) {
        ps2_queue_push(&ms->q, val >= 0xe6 ? KBD_ACK : KBD_RESEND);
    }
    switch (val) {
    case 0xe6:
    case 0xe7:
        ms->scaling21 = val == 0xe7;
        break;
    case 0xe8: /* resolution */
    case 0xf3: /* sample rate */
        ms->pending = val;
        break;
    case 0xe9:
        ps2_queue_push(&ms->q, KBD_ACK);
        kbd_mouse_status(ms);
        break;
    case 0xea:
    case 0xf0:
        ms->remote = val == 0xf0;
        break;
    case 0xeb: /* read data */
        ps2_queue_push(&ms->q, KBD_ACK);
        kbd_mouse_packet(ms, 0, 0);
        break;
    case 0xec:
    case 0xee:
        ms->wrap = val == 0xee;
        break;
    case 0xf2:
        ps2_queue_push(&ms->q, KBD_ACK);
        ps2_queue_push(&ms->q, 0x00);
        break;
    case 0xf4:
    case 0xf5:
        ms->reporting = val == 0xf4;
        break;
    case 0xf6:
        kbd_mouse_defaults(ms);
        break;
    case 0xff:
        ps2_queue_clear(&ms->q);
        kbd_mouse_defaults(ms);
        ps2_queue_push(&ms->q, KBD_ACK);
        ps2_queue_push(&ms->q, KBD_BAT_OK);
        ps2_queue_push(&ms->q, 0x00);
        break;
    default:
        if (val < 0xe6) {
            log_mask(s->log, LOG_GUEST_ERRORS, "kbd: unknown mouse command 0x%02x\n", val);
        }
        break;
    }
}

void kbd_mouse_event(KBDState *s, int dx, int dy, int buttons)
{
    PS2Mouse *ms = &s->mouse;

    ms->buttons = (uint8_t)(buttons & 7);
    if (!ms->reporting || ms->remote || ms->wrap || !ps2_queue_room(&ms->q, 3)) {
        return;
    }
    kbd_mouse_packet(ms, dx, dy);
    kbd_update(s);
}

/* --- the controller -------------------------------------------------- */

static void kbd_write_command(KBDState *s, uint8_t val)
{
    s->last_was_cmd = true;
    if ((val >= 0x20 && val < 0x40)) {
        kbd_ctl_output(s, s->ram[val & 0x1f], false);
        return;
    }
    if ((val >= 0x60 && val < 0x80) || (val >= 0xd1 && val <= 0xd4)) {
        s->write_cmd = val;
        return;
    }
    if (val >= 0xf0) {
        if (!(val & 1)) {
            pc_request_reset(s->m);
        }
        return;
    }
    switch (val) {
    case 0xa7:
        s->ram[0] |= KBD_MODE_DISABLE_AUX;
        break;
    case 0xa8:
        s->ram[0] &= (uint8_t)~KBD_MODE_DISABLE_AUX;
        break;
    case 0xa9: /* aux interface test: no error */
    case 0xab: /* keyboard interface test */
        kbd_ctl_output(s, 0x00, false);
        break;
    case 0xaa: /* self test */
        kbd_ctl_output(s, 0x55, false);
        break;
    case 0xad:
        s->ram[0] |= KBD_MODE_DISABLE_KBD;
        break;
    case 0xae:
        s->ram[0] &= (uint8_t)~KBD_MODE_DISABLE_KBD;
        break;
    case 0xc0: /* input port: keyboard not inhibited */
        kbd_ctl_output(s, 0x80, false);
        break;
    case 0xd0: {
        uint8_t out = s->outport & (uint8_t)~0x30;

        out |= (s->obf && !s->obf_aux) ? 0x10 : 0;
        out |= (s->obf && s->obf_aux) ? 0x20 : 0;
        kbd_ctl_output(s, out, false);
        break;
    }
    case 0xdd:
    case 0xdf:
        kbd_set_outport(s, (uint8_t)((s->outport & ~KBD_OUT_A20) | (val == 0xdf ? KBD_OUT_A20 : 0)));
        break;
    case 0xe0: /* test inputs */
        kbd_ctl_output(s, 0x00, false);
        break;
    default:
        log_mask(s->log, LOG_GUEST_ERRORS, "kbd: unknown controller command 0x%02x\n", val);
        break;
    }
    kbd_update(s);
}

static void kbd_write_data(KBDState *s, uint8_t val)
{
    uint8_t cmd = s->write_cmd;

    s->last_was_cmd = false;
    s->write_cmd = 0;
    if (cmd >= 0x60 && cmd < 0x80) {
        s->ram[cmd & 0x1f] = val;
    } else if (cmd == 0xd1) {
        kbd_set_outport(s, val);
    } else if (cmd == 0xd2 || cmd == 0xd3) {
        kbd_ctl_output(s, val, cmd == 0xd3);
    } else if (cmd == 0xd4) {
        s->ram[0] &= (uint8_t)~KBD_MODE_DISABLE_AUX;
        kbd_write_mouse(s, val);
    } else {
        /* sending to the keyboard re-enables its interface (as QEMU does) */
        s->ram[0] &= (uint8_t)~KBD_MODE_DISABLE_KBD;
        kbd_write_keyboard(s, val);
    }
    kbd_update(s);
}

static uint8_t kbd_read_status(const KBDState *s)
{
    return (uint8_t)((s->obf ? KBD_STAT_OBF : 0) | (s->obf && s->obf_aux ? KBD_STAT_AUX_OBF : 0) |
                     (s->ram[0] & KBD_MODE_SYS) | (s->last_was_cmd ? KBD_STAT_CMD : 0) |
                     KBD_STAT_UNLOCKED);
}

static uint32_t kbd_data_read(void *opaque, uint32_t offset, int size)
{
    KBDState *s = opaque;
    uint8_t val = s->obuf;

    (void)offset;
    (void)size;
    if (s->obf) {
        s->obf = false;
        kbd_update(s);
    }
    return val;
}

static void kbd_data_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    (void)offset;
    (void)size;
    kbd_write_data(opaque, (uint8_t)val);
}

static uint32_t kbd_status_read(void *opaque, uint32_t offset, int size)
{
    (void)offset;
    (void)size;
    return kbd_read_status(opaque);
}

static void kbd_command_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    (void)offset;
    (void)size;
    kbd_write_command(opaque, (uint8_t)val);
}

static const IOOps kbd_data_ops = {.read = kbd_data_read, .write = kbd_data_write, .sizes = IO_SIZE8};
static const IOOps kbd_cmd_ops = {
    .read = kbd_status_read, .write = kbd_command_write, .sizes = IO_SIZE8};

KBDState *kbd_init(struct PCMachine *m, IOSpace *io, IRQLine *kbd_irq, IRQLine *mouse_irq,
                   const Log *log)
{
    KBDState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->m = m;
    s->kbd_irq = kbd_irq;
    s->mouse_irq = mouse_irq;
    s->log = log ? log : &kbd_nolog;
    kbd_reset(s);
    if (ioport_register(io, "i8042-data", KBD_DATA_PORT, 1, &kbd_data_ops, s) < 0 ||
        ioport_register(io, "i8042-cmd", KBD_STATUS_PORT, 1, &kbd_cmd_ops, s) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void kbd_free(KBDState *s)
{
    free(s);
}
