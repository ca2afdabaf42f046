/* kbd.c - keyboard of pcemu's BIOS: INT 09h (IRQ1), INT 16h, the COM1 feed.
 *
 * The 8042 translates the keyboard's scan code set 2 into set 1 (command
 * byte bit 6), so INT 09h reads set 1 codes from port 60h, tracks the shift
 * keys in the BDA and turns make codes into (scan << 8 | ASCII) words in
 * the 16-entry BDA ring at 0040:001E. Extended (E0-prefixed) navigation
 * keys are stored with ASCII E0h, which INT 16h 00h/01h turn into 00h.
 * Ctrl+Alt+Del pulses the 8042 reset line.
 *
 * When CMOS 5Fh bit 0 is set, INT 16h also polls COM1 and queues the bytes
 * it receives as key words (ANSI ESC [ A/B/C/D/H/F become the arrow, Home
 * and End keys), so DOS can be driven from a serial terminal.
 */
#include "bios.h"

/* clang-format off */
/* Set 1 make codes 00h-39h: unshifted and shifted ASCII. */
static const char kbd_normal[0x3a] =
    "\0\x1b" "1234567890-=" "\b\t" "qwertyuiop[]" "\r\0" "asdfghjkl;'`" "\0\\"
    "zxcvbnm,./" "\0*\0 ";
static const char kbd_shift[0x3a] =
    "\0\x1b" "!@#$%^&*()_+" "\b\t" "QWERTYUIOP{}" "\r\0" "ASDFGHJKL:\"~" "\0|"
    "ZXCVBNM<>?" "\0*\0 ";
/* Keypad 47h-53h with Num Lock. */
static const char kbd_keypad[13] = "789-456+1230.";
/* clang-format on */

#define KF_RSHIFT 0x01
#define KF_LSHIFT 0x02
#define KF_CTRL   0x04
#define KF_ALT    0x08
#define KF_SCROLL 0x10
#define KF_NUM    0x20
#define KF_CAPS   0x40
#define KF_INSERT 0x80
#define KF3_E0    0x02

#define KBC_SPIN 100000

static uint8_t serial_esc_state;

bool kbd_enqueue(uint16_t key)
{
    uint16_t tail = BDA16(BDA_KBD_TAIL);
    uint16_t next = tail + 2;
    if (next >= BDA16(BDA_KBD_END)) {
        next = BDA16(BDA_KBD_START);
    }
    if (next == BDA16(BDA_KBD_HEAD)) {
        return false;
    }
    LOW16(0x400 + tail) = key;
    BDA16(BDA_KBD_TAIL) = next;
    return true;
}

/* Free entries in the BDA ring (one slot always stays empty). */
static uint16_t kbd_room(void)
{
    uint16_t size = BDA16(BDA_KBD_END) - BDA16(BDA_KBD_START);
    uint16_t used = (uint16_t)(BDA16(BDA_KBD_TAIL) - BDA16(BDA_KBD_HEAD) + size) % size;
    return (uint16_t)((size - used) / 2 - 1);
}

static bool kbc_wait(uint8_t mask, uint8_t want)
{
    for (uint32_t i = 0; i < KBC_SPIN; i++) {
        if ((inb(0x64) & mask) == want) {
            return true;
        }
    }
    return false;
}

void kbd_init(void)
{
    if (inb(0x64) == 0xff) {
        return;
    }
    for (int i = 0; i < 16 && (inb(0x64) & 1); i++) {
        inb(0x60);
    }
    /* Command byte: translate to set 1, mouse off, system flag, IRQ1 on. */
    if (kbc_wait(0x02, 0)) {
        outb(0x64, 0x60);
    }
    if (kbc_wait(0x02, 0)) {
        outb(0x60, 0x65);
    }
    if (kbc_wait(0x02, 0)) {
        outb(0x60, 0xf4); /* keyboard: enable scanning */
    }
    if (kbc_wait(0x01, 0x01)) {
        inb(0x60);
    }
    BDA8(BDA_KBD_FLAGS1) = KF_NUM;
    BDA8(BDA_KBD_FLAGS3) = 0x10; /* 101/102-key keyboard */
}

static uint16_t kbd_translate(uint8_t code, uint8_t flags, bool ext)
{
    uint8_t ascii = 0;
    bool shift = flags & (KF_LSHIFT | KF_RSHIFT);
    if (ext) {
        if (code == 0x1c) {
            return 0xe00d;
        }
        if (code == 0x35) {
            return 0xe02f;
        }
        if (code >= 0x47 && code <= 0x53) {
            return (code << 8) | 0xe0;
        }
        return 0;
    }
    if (code >= 0x3b && code <= 0x44) {
        uint8_t base = flags & KF_ALT ? 0x68 : flags & KF_CTRL ? 0x5e : shift ? 0x54 : 0x3b;
        return (uint16_t)(base + code - 0x3b) << 8;
    }
    if (code == 0x57 || code == 0x58) {
        return (uint16_t)(code - 0x57 + (shift ? 0x87 : 0x85)) << 8;
    }
    if (code >= 0x47 && code <= 0x53) {
        bool num = ((flags & KF_NUM) != 0) != shift;
        if (num || code == 0x4a || code == 0x4e) {
            return (code << 8) | (uint8_t)kbd_keypad[code - 0x47];
        }
        return code << 8;
    }
    if (code >= sizeof(kbd_normal)) {
        return 0;
    }
    ascii = (uint8_t)(shift ? kbd_shift[code] : kbd_normal[code]);
    if ((flags & KF_CAPS) && ((ascii >= 'a' && ascii <= 'z') || (ascii >= 'A' && ascii <= 'Z'))) {
        ascii ^= 0x20;
    }
    if (flags & KF_ALT) {
        return code << 8;
    }
    if (flags & KF_CTRL) {
        if ((ascii | 0x20) >= 'a' && (ascii | 0x20) <= 'z') {
            ascii &= 0x1f;
        } else if (ascii == '\r') {
            ascii = '\n';
        } else if (ascii == '\b') {
            ascii = 0x7f;
        } else {
            return 0;
        }
    }
    if (!ascii && code != 0x39) {
        return 0;
    }
    return (code << 8) | ascii;
}

/* Shift-type keys: returns true when the code was one. */
static bool kbd_shift_key(uint8_t code, bool brk)
{
    uint8_t f1 = BDA8(BDA_KBD_FLAGS1), f2 = BDA8(BDA_KBD_FLAGS2), bit = 0, lock = 0;
    switch (code) {
    case 0x2a:
        bit = KF_LSHIFT;
        break;
    case 0x36:
        bit = KF_RSHIFT;
        break;
    case 0x1d:
        bit = KF_CTRL;
        break;
    case 0x38:
        bit = KF_ALT;
        break;
    case 0x3a:
        lock = KF_CAPS;
        break;
    case 0x45:
        lock = KF_NUM;
        break;
    case 0x46:
        lock = KF_SCROLL;
        break;
    case 0x52:
        lock = KF_INSERT;
        break;
    default:
        return false;
    }
    if (bit) {
        f1 = brk ? f1 & ~bit : f1 | bit;
    } else if (brk) {
        f2 &= ~lock;
    } else if (!(f2 & lock)) {
        f2 |= lock;
        f1 ^= lock;
        if (lock == KF_INSERT) {
            BDA8(BDA_KBD_FLAGS1) = f1;
            BDA8(BDA_KBD_FLAGS2) = f2;
            return false; /* Insert is also a key */
        }
    }
    BDA8(BDA_KBD_FLAGS1) = f1;
    BDA8(BDA_KBD_FLAGS2) = f2;
    return true;
}

void handle_09(struct BRegs *r)
{
    (void)r;
    uint8_t code = inb(0x60);
    uint8_t f3 = BDA8(BDA_KBD_FLAGS3);
    bool ext = f3 & KF3_E0;
    BDA8(BDA_KBD_FLAGS3) = f3 & ~KF3_E0;
    if (code == 0xe0) {
        BDA8(BDA_KBD_FLAGS3) = f3 | KF3_E0;
    } else if (code == 0xfa || code == 0xfe || code == 0x00 || code == 0xff || code == 0xe1) {
        /* acknowledgements, errors, Pause prefix */
    } else if (ext && (code & 0x7f) == 0x2a) {
        /* fake shift around extended keys */
    } else {
        bool brk = code & 0x80;
        code &= 0x7f;
        if (!kbd_shift_key(code, brk) && !brk) {
            uint8_t f1 = BDA8(BDA_KBD_FLAGS1);
            if ((f1 & (KF_CTRL | KF_ALT)) == (KF_CTRL | KF_ALT) && code == 0x53) {
                BDA16(0x72) = 0x1234;
                outb(0x64, 0xfe);
            }
            uint16_t key = kbd_translate(code, f1, ext);
            if (key) {
                kbd_enqueue(key);
            }
        }
    }
    pic_eoi(1);
}

static uint16_t serial_key(uint8_t c)
{
    if (c == '\r' || c == '\n') {
        return 0x1c0d;
    }
    if (c == 0x7f || c == 8) {
        return 0x0e08;
    }
    if (c == 0x1b) {
        return 0x011b;
    }
    if (c == '\t') {
        return 0x0f09;
    }
    if (c >= 1 && c <= 26) {
        c += 0x60;
        for (uint8_t i = 0; i < sizeof(kbd_normal); i++) {
            if ((uint8_t)kbd_normal[i] == c) {
                return (i << 8) | (c - 0x60);
            }
        }
    }
    for (uint8_t i = 1; i < sizeof(kbd_normal); i++) {
        if ((uint8_t)kbd_normal[i] == c || (uint8_t)kbd_shift[i] == c) {
            return (i << 8) | c;
        }
    }
    return c;
}

/* Queue what COM1 received; ESC [ x sequences become cursor keys. Bytes
 * are only taken from the UART while the ring has room for two keys (an
 * ESC byte can turn into two), so pasted text waits in the UART (and the
 * host) instead of being dropped when the 15-key ring is full. */
static void serial_feed(void)
{
    static const char seq_chars[] = "ABCDHF";
    static const uint8_t seq_scans[] = {0x48, 0x50, 0x4d, 0x4b, 0x47, 0x4f};
    if (!bios_mirror_com1 || !BDA16(BDA_COM_BASE)) {
        return;
    }
    for (;;) {
        if (kbd_room() < 2) {
            return;
        }
        if (!(inb(0x3fd) & 1)) {
            if (serial_esc_state) {
                kbd_enqueue(0x011b);
                if (serial_esc_state == 2) {
                    kbd_enqueue(serial_key('['));
                }
                serial_esc_state = 0;
            }
            return;
        }
        uint8_t c = inb(0x3f8);
        if (serial_esc_state == 0 && c == 0x1b) {
            serial_esc_state = 1;
        } else if (serial_esc_state == 1 && c == '[') {
            serial_esc_state = 2;
        } else if (serial_esc_state == 2) {
            serial_esc_state = 0;
            for (int i = 0; i < 6; i++) {
                if ((uint8_t)seq_chars[i] == c) {
                    kbd_enqueue(seq_scans[i] << 8);
                }
            }
        } else {
            if (serial_esc_state == 1) {
                kbd_enqueue(0x011b);
            }
            serial_esc_state = 0;
            kbd_enqueue(serial_key(c));
        }
    }
}

/* Peek (remove=false) or take the next key; interrupts are off. */
static bool kbd_get(uint16_t *key, bool remove)
{
    serial_feed();
    uint16_t head = BDA16(BDA_KBD_HEAD);
    if (head == BDA16(BDA_KBD_TAIL)) {
        return false;
    }
    *key = LOW16(0x400 + head);
    if (remove) {
        head += 2;
        if (head >= BDA16(BDA_KBD_END)) {
            head = BDA16(BDA_KBD_START);
        }
        BDA16(BDA_KBD_HEAD) = head;
    }
    return true;
}

static uint16_t kbd_std(uint16_t key)
{
    if ((key & 0xff) == 0xe0 && (key >> 8)) {
        key &= 0xff00;
    }
    if (key == 0xe00d) {
        key = 0x1c0d;
    }
    if (key == 0xe02f) {
        key = 0x352f;
    }
    return key;
}

void handle_16(struct BRegs *r)
{
    uint16_t key;
    uint8_t fn = R_AH(r);
    switch (fn) {
    case 0x00:
    case 0x10:
        irq_disable();
        while (!kbd_get(&key, true)) {
            wait_irq();
        }
        irq_enable();
        R_AX(r) = fn == 0x00 ? kbd_std(key) : key;
        break;
    case 0x01:
    case 0x11:
        irq_disable();
        if (kbd_get(&key, false)) {
            R_AX(r) = fn == 0x01 ? kbd_std(key) : key;
            set_zf(r, false);
        } else {
            set_zf(r, true);
        }
        irq_enable();
        break;
    case 0x02:
        R_AL(r) = BDA8(BDA_KBD_FLAGS1);
        break;
    case 0x12:
        R_AL(r) = BDA8(BDA_KBD_FLAGS1);
        R_AH(r) = BDA8(BDA_KBD_FLAGS2) & 0x73;
        break;
    case 0x05:
        irq_disable();
        R_AL(r) = kbd_enqueue(R_CX(r)) ? 0 : 1;
        irq_enable();
        break;
    case 0x09:
        R_AL(r) = 0x00;
        break;
    default:
        break;
    }
}
