/*
 * rtc_cmos.h - the MC146818 real-time clock and its CMOS RAM.
 *
 * An RTCState owns the index/data ports 0x70/0x71, the 128 bytes of
 * CMOS (14 clock registers and 114 bytes of NVRAM), the clock's time
 * and one timer on the board's Clock, armed only while an interrupt
 * (periodic, alarm or update-ended) is enabled. The time is kept as
 * seconds since 1970-01-01 UTC at a point of the virtual clock, so it
 * advances with virtual time (host time, or instructions under -icount).
 * The board fills the NVRAM (memory sizes, drive types) with
 * rtc_cmos_write and then calls rtc_cmos_update_checksum; it must not
 * write the clock registers (0x00-0x0D) that way.
 */
#ifndef PCEMU_RTC_CMOS_H
#define PCEMU_RTC_CMOS_H

#include <stdint.h>

#include "hw/irq.h"
#include "softmmu/clock.h"
#include "softmmu/ioport.h"

#define RTC_BASE 0x70
#define RTC_IRQ  8

/* Clock registers (MC146818A datasheet, "Address Map"). */
#define RTC_SECONDS       0x00
#define RTC_SECONDS_ALARM 0x01
#define RTC_MINUTES       0x02
#define RTC_MINUTES_ALARM 0x03
#define RTC_HOURS         0x04
#define RTC_HOURS_ALARM   0x05
#define RTC_DAY_OF_WEEK   0x06
#define RTC_DAY_OF_MONTH  0x07
#define RTC_MONTH         0x08
#define RTC_YEAR          0x09
#define RTC_REG_A         0x0a
#define RTC_REG_B         0x0b
#define RTC_REG_C         0x0c
#define RTC_REG_D         0x0d

#define RTC_A_UIP  0x80
#define RTC_B_SET  0x80
#define RTC_B_PIE  0x40
#define RTC_B_AIE  0x20
#define RTC_B_UIE  0x10
#define RTC_B_SQWE 0x08
#define RTC_B_DM   0x04 /* 1 = binary, 0 = BCD */
#define RTC_B_24H  0x02
#define RTC_B_DSE  0x01
#define RTC_C_IRQF 0x80
#define RTC_C_PF   0x40
#define RTC_C_AF   0x20
#define RTC_C_UF   0x10
#define RTC_D_VRT  0x80

/* PC NVRAM fields (IBM AT BIOS and QEMU's pc_cmos_init). */
#define RTC_CMOS_FLOPPY       0x10 /* high nibble A:, low B: (4 = 1.44 MB) */
#define RTC_CMOS_DISK         0x12 /* high nibble C:, low D: (0xF: see 0x19/0x1A) */
#define RTC_CMOS_EQUIPMENT    0x14
#define RTC_CMOS_BASE_LO      0x15 /* base memory in KiB */
#define RTC_CMOS_BASE_HI      0x16
#define RTC_CMOS_EXT_LO       0x17 /* KiB above 1 MiB, at most 0xFFFF */
#define RTC_CMOS_EXT_HI       0x18
#define RTC_CMOS_CHECKSUM_HI  0x2e /* sum of 0x10-0x2D */
#define RTC_CMOS_CHECKSUM_LO  0x2f
#define RTC_CMOS_EXT2_LO      0x30 /* copy of 0x17/0x18 */
#define RTC_CMOS_EXT2_HI      0x31
#define RTC_CMOS_CENTURY      0x32
#define RTC_CMOS_HIGHMEM_LO   0x34 /* 64 KiB units above 16 MiB */
#define RTC_CMOS_HIGHMEM_HI   0x35

typedef struct RTCState RTCState;

/* Registers 0x70-0x71; base_time is the time
 * (seconds since 1970, UTC) the clock shows at virtual time 0. NULL if
 * a port is taken or on OOM. */
RTCState *rtc_init(IOSpace *io, Clock *clock, IRQLine *irq, int64_t base_time);
void rtc_free(RTCState *s);
/* Power-on reset (the RESET pin): interrupts disabled, flags cleared; the
 * time and the NVRAM are kept, as on a board with a battery. */
void rtc_reset(RTCState *s);
void rtc_cmos_write(RTCState *s, int index, uint8_t val);
uint8_t rtc_cmos_read(RTCState *s, int index);
/* Store the sum of 0x10-0x2D at 0x2E (high) and 0x2F (low). */
void rtc_cmos_update_checksum(RTCState *s);

#endif
