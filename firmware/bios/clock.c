/* clock.c - INT 1Ah of pcemu's BIOS: tick count and the MC146818 RTC.
 *
 * The tick count is the BDA dword INT 08h increments (18.2 Hz), set from
 * the RTC time at POST. Time and date are read from and written to the RTC
 * in BCD whatever its data mode; alarms (06h/07h) are not supported.
 */
#include "bios.h"

#define RTC_SEC     0x00
#define RTC_MIN     0x02
#define RTC_HOUR    0x04
#define RTC_DAY     0x07
#define RTC_MONTH   0x08
#define RTC_YEAR    0x09
#define RTC_REG_A   0x0a
#define RTC_REG_B   0x0b
#define RTC_CENTURY 0x32

static bool rtc_binary(void)
{
    return cmos_read(RTC_REG_B) & 0x04;
}

/* Wait until no update is in progress (bounded: a missing RTC reads FFh). */
static bool rtc_ready(void)
{
    for (uint32_t i = 0; i < 100000; i++) {
        uint8_t a = cmos_read(RTC_REG_A);
        if (a == 0xff) {
            return false;
        }
        if (!(a & 0x80)) {
            return true;
        }
    }
    return false;
}

static uint8_t to_bcd(uint8_t v)
{
    return (v / 10) << 4 | (v % 10);
}

static uint8_t from_bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 15);
}

static uint8_t rtc_get(uint8_t index)
{
    uint8_t v = cmos_read(index);
    if (rtc_binary()) {
        if (index == RTC_HOUR) {
            return to_bcd(v & 0x7f) | (v & 0x80);
        }
        return to_bcd(v);
    }
    return v;
}

static void rtc_set(uint8_t index, uint8_t bcd)
{
    cmos_write(index, rtc_binary() ? from_bcd(bcd) : bcd);
}

void clock_init(void)
{
    uint32_t secs = 0;
    if (rtc_ready()) {
        uint8_t h = from_bcd(rtc_get(RTC_HOUR) & 0x7f);
        secs = (uint32_t)h * 3600 + from_bcd(rtc_get(RTC_MIN)) * 60 + from_bcd(rtc_get(RTC_SEC));
    }
    BDA32(BDA_TICKS) = secs * 18 + secs * 2065 / 10000;
    BDA8(BDA_MIDNIGHT) = 0;
}

void handle_1a(struct BRegs *r)
{
    switch (R_AH(r)) {
    case 0x00:
        irq_disable();
        R_CX(r) = BDA16(BDA_TICKS + 2);
        R_DX(r) = BDA16(BDA_TICKS);
        R_AL(r) = BDA8(BDA_MIDNIGHT);
        BDA8(BDA_MIDNIGHT) = 0;
        irq_enable();
        set_cf(r, false);
        break;
    case 0x01:
        irq_disable();
        BDA16(BDA_TICKS + 2) = R_CX(r);
        BDA16(BDA_TICKS) = R_DX(r);
        BDA8(BDA_MIDNIGHT) = 0;
        irq_enable();
        set_cf(r, false);
        break;
    case 0x02:
        if (!rtc_ready()) {
            set_cf(r, true);
            break;
        }
        R_CH(r) = rtc_get(RTC_HOUR);
        R_CL(r) = rtc_get(RTC_MIN);
        R_DH(r) = rtc_get(RTC_SEC);
        R_DL(r) = cmos_read(RTC_REG_B) & 1;
        set_cf(r, false);
        break;
    case 0x03:
        cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) | 0x80);
        rtc_set(RTC_HOUR, R_CH(r));
        rtc_set(RTC_MIN, R_CL(r));
        rtc_set(RTC_SEC, R_DH(r));
        cmos_write(RTC_REG_B, (cmos_read(RTC_REG_B) & 0x7e) | (R_DL(r) & 1));
        set_cf(r, false);
        break;
    case 0x04:
        if (!rtc_ready()) {
            set_cf(r, true);
            break;
        }
        R_CH(r) = rtc_get(RTC_CENTURY);
        R_CL(r) = rtc_get(RTC_YEAR);
        R_DH(r) = rtc_get(RTC_MONTH);
        R_DL(r) = rtc_get(RTC_DAY);
        set_cf(r, false);
        break;
    case 0x05:
        cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) | 0x80);
        rtc_set(RTC_CENTURY, R_CH(r));
        rtc_set(RTC_YEAR, R_CL(r));
        rtc_set(RTC_MONTH, R_DH(r));
        rtc_set(RTC_DAY, R_DL(r));
        cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) & 0x7f);
        set_cf(r, false);
        break;
    default:
        set_cf(r, true);
        break;
    }
}
