/*
 * i8042.h - the 8042 keyboard controller of the PC/AT with a PS/2
 * keyboard and a PS/2 mouse (IBM PC/AT Technical Reference, "Keyboard
 * Controller"; IBM PS/2 Hardware Interface Technical Reference,
 * "Keyboard and Auxiliary Device Controller"; ports 0x60 and 0x64,
 * IRQ 1 and IRQ 12).
 *
 * A KBDState owns the controller, the keyboard and the mouse with their
 * queues; it does not own the IRQ lines. The controller's output port
 * drives the board: bit 1 is the A20 gate (pc_set_a20, source
 * PC_A20_KBC) and pulsing bit 0 low resets the machine
 * (pc_request_reset). Host input enters only through kbd_put_key and
 * kbd_mouse_event, which the display or console calls between CPU
 * slices; they never run inside a port access.
 */
#ifndef PCEMU_I8042_H
#define PCEMU_I8042_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "softmmu/ioport.h"
#include "softmmu/log.h"

struct PCMachine;

#define KBD_DATA_PORT   0x60
#define KBD_STATUS_PORT 0x64
#define KBD_IRQ         1
#define KBD_MOUSE_IRQ   12
#define KBD_QUEUE_SIZE  16

/* Status register (port 0x64 read). */
#define KBD_STAT_OBF     0x01 /* output buffer full */
#define KBD_STAT_IBF     0x02 /* input buffer full (never: writes are taken at once) */
#define KBD_STAT_SYS     0x04 /* system flag (command byte bit 2) */
#define KBD_STAT_CMD     0x08 /* last write was to 0x64 */
#define KBD_STAT_UNLOCKED 0x10 /* keyboard not inhibited */
#define KBD_STAT_AUX_OBF 0x20 /* the output byte is from the mouse */

/* Command byte (controller RAM 0). */
#define KBD_MODE_KBD_INT   0x01
#define KBD_MODE_AUX_INT   0x02
#define KBD_MODE_SYS       0x04
#define KBD_MODE_DISABLE_KBD 0x10
#define KBD_MODE_DISABLE_AUX 0x20
#define KBD_MODE_XLATE     0x40

/* Output port (commands 0xD0/0xD1). */
#define KBD_OUT_RESET 0x01 /* 0 = reset the CPU */
#define KBD_OUT_A20   0x02

/* Mouse buttons for kbd_mouse_event. */
#define KBD_MOUSE_LEFT   0x01
#define KBD_MOUSE_RIGHT  0x02
#define KBD_MOUSE_MIDDLE 0x04

typedef struct KBDState KBDState;

/* kbd_irq/mouse_irq and log may be NULL. NULL if the ports are taken. */
KBDState *kbd_init(struct PCMachine *m, IOSpace *io, IRQLine *kbd_irq, IRQLine *mouse_irq,
                   const Log *log);
void kbd_free(KBDState *s);
/* Power-on: command byte 0x45 (XLATE, SYS, keyboard interrupt: what a
 * BIOS POST leaves, since -kernel boots without one), A20 enabled, empty
 * queues, keyboard in scan set 2 and scanning, mouse reporting off. */
void kbd_reset(KBDState *s);
/* A key went down or up. keycode is the scan set 1 make code
 * (0x01-0x7f), or 0xE0nn for the extended keys (0xE048 = up arrow). The
 * keyboard sends it in its current scan set (set 3 is sent as set 2);
 * dropped when scanning is off or the queue is full. */
void kbd_put_key(KBDState *s, uint16_t keycode, bool down);
/* Relative motion (dx right, dy up, as PS/2 counts them) and the button
 * state (KBD_MOUSE_*). Queued as a 3-byte packet when reporting is on in
 * stream mode; motion is clamped to -256..255. */
void kbd_mouse_event(KBDState *s, int dx, int dy, int buttons);

#endif
