/*
 * dma8237.h - the two cascaded 8237A DMA controllers of the PC/AT and
 * their page registers (Intel 8237A datasheet; IBM PC/AT Technical
 * Reference, "DMA Controller").
 *
 * Controller 1 (ports 0x00-0x0F) serves the 8-bit channels 0-3,
 * controller 2 (0xC0-0xDF, registers on even ports) the 16-bit channels
 * 4-7 (channel 4 is the cascade). Page registers 0x81-0x8F supply the
 * address bits above the controller's 16. A DMAState owns its registers;
 * it does not own the AddressSpace it copies into.
 *
 * Devices do not toggle DREQ: they call dma_transfer when they have data,
 * and the whole transfer happens at once, ending at terminal count. The
 * memory side goes through mem_write_buf/mem_read_buf, so DMA over code
 * invalidates translated blocks like any other write.
 */
#ifndef PCEMU_DMA8237_H
#define PCEMU_DMA8237_H

#include <stdbool.h>
#include <stdint.h>

#include "softmmu/ioport.h"
#include "softmmu/log.h"
#include "softmmu/memory.h"

#define DMA_CHANNELS 8

/* Mode register (8237A, "Mode Register"). */
#define DMA_MODE_TYPE     0x0c /* transfer type: */
#define DMA_MODE_VERIFY   0x00
#define DMA_MODE_WRITE    0x04 /* device -> memory */
#define DMA_MODE_READ     0x08 /* memory -> device */
#define DMA_MODE_AUTOINIT 0x10
#define DMA_MODE_DECR     0x20
#define DMA_MODE_SEL      0xc0 /* demand, single, block, cascade */
#define DMA_MODE_CASCADE  0xc0

typedef struct DMAState DMAState;

/* Registers ports 0x00-0x0F, 0x81-0x8F and 0xC0-0xDF. log may be NULL.
 * NULL if a port is taken or on OOM. */
DMAState *dma_init(IOSpace *io, AddressSpace *as, const Log *log);
void dma_free(DMAState *s);
/* Power-on: all channels masked, registers cleared (a master clear). */
void dma_reset(DMAState *s);

/* Moves up to len bytes between buf and guest memory on channel 0-7 in
 * the direction the device needs (to_memory: device -> RAM). Stops at
 * terminal count (then autoinit reloads, or the channel masks itself and
 * its status TC bit is set). A verify-mode channel moves nothing but
 * counts. Returns the bytes transferred: 0 when the channel is masked.
 * 16-bit channels move whole words (len is rounded down to even). */
int dma_transfer(DMAState *s, int channel, void *buf, int len, bool to_memory);
/* Bytes the channel will move before terminal count; 0 when masked. */
int dma_remaining(const DMAState *s, int channel);

#endif
