/*
 * fdc.h - the Intel 82077AA floppy disk controller in PC-AT mode, with up
 * to two drives backed by raw images (82077AA datasheet; the PC's FDC at
 * 0x3F0-0x3F5 and 0x3F7, IRQ 6, DMA channel 2).
 *
 * An FDCState owns its registers, the command and result FIFOs and the
 * drive positions; it does not own the BlockDevs attached to it, the DMA
 * controller or the IRQ line (the board does). Commands run to completion
 * when their last parameter byte is written: data moves through
 * dma_transfer on channel 2 and the result phase (and the interrupt)
 * starts before the port write returns. Port 0x3F6 is not ours: it
 * belongs to the IDE controller.
 */
#ifndef PCEMU_FDC_H
#define PCEMU_FDC_H

#include <stddef.h>
#include <stdint.h>

#include "hw/dma8237.h"
#include "hw/irq.h"
#include "softmmu/block.h"
#include "softmmu/ioport.h"
#include "softmmu/log.h"

#define FDC_BASE        0x3f0
#define FDC_IRQ         6
#define FDC_DMA_CHANNEL 2
#define FDC_DRIVES      2

/* Register offsets from FDC_BASE (82077AA, "Register Description"). */
enum {
    FDC_SRA = 0, /* status A (PS/2 only; reads 0xff here) */
    FDC_SRB = 1,
    FDC_DOR = 2, /* digital output */
    FDC_TDR = 3, /* tape drive */
    FDC_MSR = 4, /* read: main status */
    FDC_DSR = 4, /* write: data rate select */
    FDC_FIFO = 5,
    FDC_DIR = 7, /* read: digital input */
    FDC_CCR = 7, /* write: configuration control */
};

#define FDC_DOR_SEL    0x03
#define FDC_DOR_NRESET 0x04
#define FDC_DOR_DMAEN  0x08 /* also gates the IRQ output */

#define FDC_MSR_BUSY 0x10
#define FDC_MSR_NDMA 0x20
#define FDC_MSR_DIO  0x40 /* 1: controller -> CPU */
#define FDC_MSR_RQM  0x80

#define FDC_DSR_SWRESET 0x80
#define FDC_RATE_500K   0
#define FDC_RATE_300K   1
#define FDC_RATE_250K   2
#define FDC_RATE_1M     3

#define FDC_DIR_DSKCHG 0x80

typedef struct FDCState FDCState;

/* Registers 0x3F0-0x3F5 and 0x3F7. dma, irq and log may be NULL (an
 * unconnected line; without a DMA controller transfers fail with an
 * overrun). NULL if the ports are taken or on OOM. */
FDCState *fdc_init(IOSpace *io, DMAState *dma, IRQLine *irq, const Log *log);
void fdc_free(FDCState *s);
/* Hardware reset: DOR = 0x0C, 500 kbit/s, heads at track 0, unlocked. */
void fdc_reset(FDCState *s);
/* Puts an image in drive 0 or 1. Its size picks the format (160K, 180K,
 * 320K, 360K, 720K, 1.2M, 1.44M, 1.68M, 2.88M); any other size is -1
 * with one line in err. The drive keeps blk but does not own it. */
int fdc_attach(FDCState *s, int drive, BlockDev *blk, char *err, size_t errlen);
/* CMOS drive type for the drive (0 none, 1 360K, 2 1.2M, 3 720K,
 * 4 1.44M, 5 2.88M), for the RTC's NVRAM. */
int fdc_drive_type(const FDCState *s, int drive);

#endif
