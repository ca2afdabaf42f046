/*
 * vga.h - the IBM VGA: registers at ports 0x3B0-0x3DF, 256 KiB of video
 * memory in four planes behind the MMIO window 0xA0000-0xBFFFF, and the
 * renderer that turns them into pixels or text for the host ends.
 *
 * Owns its registers, planes and latches. The board maps it with
 * vga_init and resets it with vga_reset, which leaves it as a video BIOS
 * leaves mode 3 (80x25 colour text at 0xB8000), so a guest started with
 * -kernel can write text at once. Readers (screendump, monitor, display)
 * call vga_render or vga_text_snapshot between CPU slices; both only read
 * the state and never change what the guest sees.
 */
#ifndef PCEMU_VGA_H
#define PCEMU_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "softmmu/ioport.h"
#include "softmmu/memory.h"

#define VGA_WINDOW_BASE 0xa0000
#define VGA_WINDOW_SIZE 0x20000
#define VGA_PLANE_SIZE  0x10000
#define VGA_IO_BASE     0x3b0
#define VGA_IO_SIZE     0x30

/* The largest picture vga_render produces; callers size rgb with these. */
#define VGA_MAX_WIDTH  1024
#define VGA_MAX_HEIGHT 1024

#define VGA_TEXT_MAX_COLS 160
#define VGA_TEXT_MAX_ROWS 128

typedef struct VGAState VGAState;

/* Text screen as the guest sees it: cells[row * cols + col] holds the
 * character code (CP437) in bits 0-7 and its attribute in bits 8-15. */
typedef struct VGATextSnapshot {
    int cols;
    int rows;
    int char_height; /* scan lines per row: 16 for 80x25, 8 for 80x50 */
    int cursor_col;  /* -1 when the cursor is off or off screen */
    int cursor_row;
    uint16_t cells[VGA_TEXT_MAX_COLS * VGA_TEXT_MAX_ROWS];
} VGATextSnapshot;

/* Registers the ports and maps the window; NULL when either is taken. */
VGAState *vga_init(AddressSpace *as, IOSpace *io);
void vga_free(VGAState *s);
/* Power-on state as the video BIOS leaves it: mode 3, blank screen. */
void vga_reset(VGAState *s);

/* Renders the visible screen into rgb (0x00RRGGBB, row-major, at least
 * VGA_MAX_WIDTH * VGA_MAX_HEIGHT entries) and sets its size. Text modes
 * use the built-in fonts (hw/vgafont.h), graphics modes the planes (16
 * colours) or chain-4 bytes (256 colours). A blanked screen is black. */
void vga_render(VGAState *s, uint32_t *rgb, int *w, int *h);

/* The text screen; -1 (snap untouched) when the VGA is in a graphics mode. */
int vga_text_snapshot(VGAState *s, VGATextSnapshot *snap);

#endif
