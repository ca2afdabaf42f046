/*
 * ide.h - the primary IDE/ATA channel with one hard disk (the master),
 * PIO only (ATA/ATAPI-4, "Register Description" and the command
 * descriptions; ports 0x1F0-0x1F7 and 0x3F6, IRQ 14).
 *
 * An IDEState owns the task-file registers, the sector buffer and the
 * disk's current geometry; it does not own the BlockDev (the board
 * does) or the IRQ line. Every command completes before the port write
 * that issued it returns (BSY is never seen); a guest write is in the
 * image file before the interrupt that reports it. Port 0x3F7 is not
 * ours (floppy DIR).
 */
#ifndef PCEMU_IDE_H
#define PCEMU_IDE_H

#include <stddef.h>
#include <stdint.h>

#include "hw/irq.h"
#include "softmmu/block.h"
#include "softmmu/ioport.h"
#include "softmmu/log.h"

#define IDE_BASE     0x1f0
#define IDE_CTL_PORT 0x3f6
#define IDE_IRQ      14
#define IDE_MAX_MULT 16 /* READ/WRITE MULTIPLE block size limit */

/* Task file offsets from IDE_BASE. */
enum {
    IDE_DATA = 0,
    IDE_ERROR = 1,   /* read */
    IDE_FEATURE = 1, /* write */
    IDE_NSECTOR = 2,
    IDE_SECTOR = 3, /* LBA 0-7 */
    IDE_LCYL = 4,   /* LBA 8-15 */
    IDE_HCYL = 5,   /* LBA 16-23 */
    IDE_SELECT = 6, /* device/head, LBA 24-27 */
    IDE_STATUS = 7, /* read */
    IDE_COMMAND = 7,
};

#define IDE_STAT_ERR  0x01
#define IDE_STAT_DRQ  0x08
#define IDE_STAT_DSC  0x10
#define IDE_STAT_DF   0x20
#define IDE_STAT_DRDY 0x40
#define IDE_STAT_BSY  0x80

#define IDE_ERR_ABRT 0x04
#define IDE_ERR_IDNF 0x10
#define IDE_ERR_UNC  0x40

#define IDE_SELECT_DEV 0x10
#define IDE_SELECT_LBA 0x40

#define IDE_CTL_NIEN 0x02
#define IDE_CTL_SRST 0x04

typedef struct IDEState IDEState;

/* Registers the ports. irq and log may be NULL. NULL if the ports are
 * taken or on OOM. */
IDEState *ide_init(IOSpace *io, IRQLine *irq, const Log *log);
void ide_free(IDEState *s);
/* Power-on / hardware reset: signature, DRDY, default geometry. */
void ide_reset(IDEState *s);
/* Attaches the master disk. The image must hold at least one sector and
 * be a whole number of sectors; LBA28 reaches the first 2^28 of them.
 * -1 with one line in err. */
int ide_attach(IDEState *s, BlockDev *blk, char *err, size_t errlen);
/* Default CHS geometry (for the CMOS / BIOS tables); false without disk. */
bool ide_geometry(const IDEState *s, int *cyls, int *heads, int *spt);

#endif
