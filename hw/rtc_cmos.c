/*
 * rtc_cmos.c - the MC146818A real-time clock with the PC's CMOS RAM
 * (Motorola MC146818A datasheet: "Address Map", "Time, Calendar and Alarm
 * Locations", "Update Cycle", "Interrupts", "Register A-D").
 *
 * Modelled: seconds to year in BCD or binary (B.DM) and 12 or 24 hour
 * format (B.24/12, PM in bit 7 of the hours), the day of week (derived
 * from the date: writes to it are ignored), the alarm with "don't care"
 * bytes (0xC0-0xFF), register A (UIP, divider: 11x holds the chain in
 * reset and the first update follows 500 ms after release; rate select
 * for the periodic interrupt, 1 and 2 meaning 256 and 128 Hz), register B
 * (SET stops updates and clears UIE), register C (PF, AF, UF, IRQF; a
 * read clears it and lowers IRQ8), register D (VRT always 1), the 114
 * bytes of NVRAM, the NMI mask in bit 7 of the index (stored, there is no
 * NMI source) and the century byte at 0x32 (derived from the time).
 * UIP reads 1 during the last 244 us before each update.
 * The flags are computed lazily from the virtual time elapsed since the
 * last look, so a guest that polls register C sees PF, UF and AF with no
 * timer running; the one timer is armed only while an enabled interrupt
 * (PIE, AIE, UIE) needs delivering.
 * Not modelled: daylight saving (DSE is stored only), the square wave
 * output (SQWE), the other time bases of DV (000 and 001 run like 010),
 * invalid register contents surviving (a write that makes an impossible
 * date is normalised, e.g. February 30 -> March 2).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "hw/rtc_cmos.h"

#define RTC_NS_PER_SEC 1000000000LL
#define RTC_UIP_NS     244000LL
#define RTC_HZ_32K     32768

struct RTCState {
    Clock *clock;
    IRQLine *irq;
    Timer timer;
    uint8_t cmos[128]; /* NVRAM, alarms and registers A-C; the time is not kept here */
    uint8_t index;
    bool nmi_disabled;
    bool irq_level;
    int64_t base_sec; /* the time shown from base_ns on */
    int64_t base_ns;  /* start of a second of the divider chain */
    int64_t last_ns;  /* the flags in register C are up to date until here */
};

typedef struct RTCTime {
    int sec, min, hour, wday, mday, mon, year;
} RTCTime;

static int64_t rtc_floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t rtc_days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = rtc_floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void rtc_time_of_sec(int64_t t, RTCTime *tm)
{
    int64_t days = rtc_floor_div(t, 86400);
    int64_t secs = t - days * 86400;
    int64_t z = days + 719468;
    int64_t era = rtc_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    tm->mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    tm->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
    tm->year = (int)(yoe + era * 400 + (tm->mon <= 2));
    tm->wday = (int)((days % 7 + 11) % 7) + 1; /* 1970-01-01 was a Thursday; Sunday = 1 */
    tm->hour = (int)(secs / 3600);
    tm->min = (int)(secs / 60 % 60);
    tm->sec = (int)(secs % 60);
}

static int64_t rtc_sec_of_time(const RTCTime *tm)
{
    return rtc_days_from_civil(tm->year, tm->mon, tm->mday) * 86400 + tm->hour * 3600 +
           tm->min * 60 + tm->sec;
}

static bool rtc_chain_on(const RTCState *s)
{
    return (s->cmos[RTC_REG_A] & 0x70) <= 0x20;
}

static bool rtc_updating(const RTCState *s)
{
    return rtc_chain_on(s) && !(s->cmos[RTC_REG_B] & RTC_B_SET);
}

static int64_t rtc_now(const RTCState *s)
{
    return clock_get_ns(s->clock);
}

static int64_t rtc_cur_sec(const RTCState *s, int64_t now)
{
    if (!rtc_updating(s)) {
        return s->base_sec;
    }
    return s->base_sec + rtc_floor_div(now - s->base_ns, RTC_NS_PER_SEC);
}

/* Move base_ns to the start of the current second (base_sec follows
 * while updating), so a change of mode keeps the divider's phase. */
static void rtc_sync(RTCState *s, int64_t now)
{
    int64_t k;

    if (!rtc_chain_on(s)) {
        return;
    }
    k = rtc_floor_div(now - s->base_ns, RTC_NS_PER_SEC);
    if (rtc_updating(s)) {
        s->base_sec += k;
    }
    s->base_ns += k * RTC_NS_PER_SEC;
}

static uint8_t rtc_to_reg(const RTCState *s, int v)
{
    if (s->cmos[RTC_REG_B] & RTC_B_DM) {
        return (uint8_t)v;
    }
    return (uint8_t)((v / 10) << 4 | (v % 10));
}

static int rtc_from_reg(const RTCState *s, uint8_t v)
{
    if (s->cmos[RTC_REG_B] & RTC_B_DM) {
        return v;
    }
    return (v >> 4) * 10 + (v & 15);
}

static uint8_t rtc_hours_reg(const RTCState *s, int hour)
{
    if (s->cmos[RTC_REG_B] & RTC_B_24H) {
        return rtc_to_reg(s, hour);
    }
    return (uint8_t)(rtc_to_reg(s, hour % 12 ? hour % 12 : 12) | (hour >= 12 ? 0x80 : 0));
}

static int rtc_hours_from_reg(const RTCState *s, uint8_t v)
{
    if (s->cmos[RTC_REG_B] & RTC_B_24H) {
        return rtc_from_reg(s, v);
    }
    return rtc_from_reg(s, v & 0x7f) % 12 + ((v & 0x80) ? 12 : 0);
}

static bool rtc_alarm_byte_matches(uint8_t alarm, uint8_t now)
{
    return (alarm & 0xc0) == 0xc0 || alarm == now;
}

static bool rtc_alarm_matches(const RTCState *s, int64_t t)
{
    RTCTime tm;

    rtc_time_of_sec(t, &tm);
    return rtc_alarm_byte_matches(s->cmos[RTC_SECONDS_ALARM], rtc_to_reg(s, tm.sec)) &&
           rtc_alarm_byte_matches(s->cmos[RTC_MINUTES_ALARM], rtc_to_reg(s, tm.min)) &&
           rtc_alarm_byte_matches(s->cmos[RTC_HOURS_ALARM], rtc_hours_reg(s, tm.hour));
}

/* Rate select -> period in 32.768 kHz ticks, 0 = off (datasheet table 5). */
static int64_t rtc_period_32k(const RTCState *s)
{
    int rs = s->cmos[RTC_REG_A] & 15;

    if (rs == 0) {
        return 0;
    }
    return rs <= 2 ? 1 << (rs + 6) : 1 << (rs - 1);
}

static int64_t rtc_ticks_32k(int64_t ns)
{
    return (int64_t)((__int128)ns * RTC_HZ_32K / RTC_NS_PER_SEC);
}

static void rtc_update_irq(RTCState *s)
{
    uint8_t *c = &s->cmos[RTC_REG_C];
    bool level;

    if (*c & s->cmos[RTC_REG_B] & (RTC_C_PF | RTC_C_AF | RTC_C_UF)) {
        *c |= RTC_C_IRQF;
    }
    level = (*c & RTC_C_IRQF) != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(s->irq, level);
    }
}

/* Set the flags for what happened in (last_ns, now]. */
static void rtc_update_flags(RTCState *s, int64_t now)
{
    int64_t p = rtc_period_32k(s);
    int64_t s0, s1, t;

    if (now <= s->last_ns) {
        return;
    }
    if (rtc_chain_on(s) && p &&
        rtc_ticks_32k(now) / p > rtc_ticks_32k(s->last_ns) / p) {
        s->cmos[RTC_REG_C] |= RTC_C_PF;
    }
    if (rtc_updating(s)) {
        s0 = rtc_floor_div(s->last_ns - s->base_ns, RTC_NS_PER_SEC);
        s1 = rtc_floor_div(now - s->base_ns, RTC_NS_PER_SEC);
        if (s1 > s0) {
            s->cmos[RTC_REG_C] |= RTC_C_UF;
        }
        /* a day covers every alarm: look at no more than the last one */
        for (t = s1 - s0 > 86400 ? s1 - 86400 : s0 + 1; t <= s1; t++) {
            if (rtc_alarm_matches(s, s->base_sec + t)) {
                s->cmos[RTC_REG_C] |= RTC_C_AF;
                break;
            }
        }
    }
    s->last_ns = now;
    rtc_update_irq(s);
}

/* Arm the timer for the next event an enabled interrupt needs. */
static void rtc_arm(RTCState *s, int64_t now)
{
    int64_t next = CLOCK_NEVER, p = rtc_period_32k(s), t;
    uint8_t b = s->cmos[RTC_REG_B];

    if (rtc_chain_on(s) && p && (b & RTC_B_PIE)) {
        t = (rtc_ticks_32k(now) / p + 1) * p;
        next = (int64_t)(((__int128)t * RTC_NS_PER_SEC + RTC_HZ_32K - 1) / RTC_HZ_32K);
    }
    if (rtc_updating(s) && (b & (RTC_B_UIE | RTC_B_AIE))) {
        t = s->base_ns + (rtc_floor_div(now - s->base_ns, RTC_NS_PER_SEC) + 1) * RTC_NS_PER_SEC;
        next = t < next ? t : next;
    }
    if (next == CLOCK_NEVER) {
        timer_del(&s->timer);
    } else {
        timer_mod(&s->timer, next);
    }
}

static void rtc_timer_cb(void *opaque)
{
    RTCState *s = opaque;
    int64_t now = rtc_now(s);

    rtc_update_flags(s, now);
    rtc_arm(s, now);
}

static uint8_t rtc_read_time_reg(RTCState *s, int index, int64_t now)
{
    RTCTime tm;

    rtc_time_of_sec(rtc_cur_sec(s, now), &tm);
    switch (index) {
    case RTC_SECONDS:
        return rtc_to_reg(s, tm.sec);
    case RTC_MINUTES:
        return rtc_to_reg(s, tm.min);
    case RTC_HOURS:
        return rtc_hours_reg(s, tm.hour);
    case RTC_DAY_OF_WEEK:
        return rtc_to_reg(s, tm.wday);
    case RTC_DAY_OF_MONTH:
        return rtc_to_reg(s, tm.mday);
    case RTC_MONTH:
        return rtc_to_reg(s, tm.mon);
    case RTC_YEAR:
        return rtc_to_reg(s, tm.year % 100);
    default: /* RTC_CMOS_CENTURY */
        return rtc_to_reg(s, tm.year / 100);
    }
}

static void rtc_write_time_reg(RTCState *s, int index, uint8_t val, int64_t now)
{
    RTCTime tm;

    rtc_time_of_sec(rtc_cur_sec(s, now), &tm);
    switch (index) {
    case RTC_SECONDS:
        tm.sec = rtc_from_reg(s, val) % 60;
        break;
    case RTC_MINUTES:
        tm.min = rtc_from_reg(s, val) % 60;
        break;
    case RTC_HOURS:
        tm.hour = rtc_hours_from_reg(s, val) % 24;
        break;
    case RTC_DAY_OF_MONTH:
        tm.mday = rtc_from_reg(s, val);
        break;
    case RTC_MONTH:
        tm.mon = rtc_from_reg(s, val);
        tm.mon = tm.mon >= 1 && tm.mon <= 12 ? tm.mon : 1;
        break;
    case RTC_YEAR:
        tm.year = tm.year / 100 * 100 + rtc_from_reg(s, val) % 100;
        break;
    case RTC_CMOS_CENTURY:
        tm.year = rtc_from_reg(s, val) * 100 + tm.year % 100;
        break;
    default: /* day of week: derived from the date */
        return;
    }
    s->base_sec = rtc_sec_of_time(&tm);
}

static void rtc_write_reg_a(RTCState *s, uint8_t val, int64_t now)
{
    bool was_on = rtc_chain_on(s);

    s->cmos[RTC_REG_A] = val & 0x7f;
    if (!was_on && rtc_chain_on(s)) {
        s->base_ns = now - RTC_NS_PER_SEC / 2; /* first update 500 ms on */
    }
}

static uint8_t rtc_read_reg_a(const RTCState *s, int64_t now)
{
    uint8_t a = s->cmos[RTC_REG_A];
    int64_t frac = now - s->base_ns - rtc_floor_div(now - s->base_ns, RTC_NS_PER_SEC) * RTC_NS_PER_SEC;

    if (rtc_updating(s) && frac >= RTC_NS_PER_SEC - RTC_UIP_NS) {
        a |= RTC_A_UIP;
    }
    return a;
}

static bool rtc_is_clock_reg(int index)
{
    return index <= RTC_YEAR || index == RTC_CMOS_CENTURY;
}

static bool rtc_is_alarm_reg(int index)
{
    return index == RTC_SECONDS_ALARM || index == RTC_MINUTES_ALARM || index == RTC_HOURS_ALARM;
}

static void rtc_data_write(RTCState *s, uint8_t val)
{
    int index = s->index;
    int64_t now = rtc_now(s);

    rtc_update_flags(s, now);
    rtc_sync(s, now);
    if (rtc_is_alarm_reg(index)) {
        s->cmos[index] = val;
    } else if (rtc_is_clock_reg(index)) {
        rtc_write_time_reg(s, index, val, now);
    } else if (index == RTC_REG_A) {
        rtc_write_reg_a(s, val, now);
    } else if (index == RTC_REG_B) {
        if (val & RTC_B_SET) {
            val &= (uint8_t)~RTC_B_UIE;
        }
        s->cmos[RTC_REG_B] = val;
        rtc_update_irq(s); /* enabling an interrupt whose flag is set */
    } else if (index != RTC_REG_C && index != RTC_REG_D) {
        s->cmos[index] = val;
    }
    rtc_arm(s, now);
}

static uint8_t rtc_data_read(RTCState *s)
{
    int index = s->index;
    int64_t now = rtc_now(s);
    uint8_t ret;

    rtc_update_flags(s, now);
    if (rtc_is_alarm_reg(index)) {
        return s->cmos[index];
    }
    if (rtc_is_clock_reg(index)) {
        return rtc_read_time_reg(s, index, now);
    }
    switch (index) {
    case RTC_REG_A:
        return rtc_read_reg_a(s, now);
    case RTC_REG_C:
        ret = s->cmos[RTC_REG_C];
        s->cmos[RTC_REG_C] = 0;
        rtc_update_irq(s);
        rtc_arm(s, now);
        return ret;
    case RTC_REG_D:
        return RTC_D_VRT;
    default:
        return s->cmos[index];
    }
}

static void rtc_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    RTCState *s = opaque;

    (void)size;
    if (offset == 0) {
        s->index = val & 0x7f;
        s->nmi_disabled = (val & 0x80) != 0;
    } else {
        rtc_data_write(s, (uint8_t)val);
    }
}

static uint32_t rtc_ioport_read(void *opaque, uint32_t offset, int size)
{
    RTCState *s = opaque;

    (void)size;
    if (offset == 0) {
        return 0xff; /* the index register is write-only */
    }
    return rtc_data_read(s);
}

static const IOOps rtc_ops = {
    .read = rtc_ioport_read,
    .write = rtc_ioport_write,
    .sizes = IO_SIZE8,
};

void rtc_cmos_write(RTCState *s, int index, uint8_t val)
{
    s->cmos[index & 0x7f] = val;
}

uint8_t rtc_cmos_read(RTCState *s, int index)
{
    uint8_t saved = s->index;
    uint8_t ret;

    s->index = (uint8_t)(index & 0x7f);
    ret = rtc_data_read(s);
    s->index = saved;
    return ret;
}

void rtc_cmos_update_checksum(RTCState *s)
{
    unsigned sum = 0;
    int i;

    for (i = 0x10; i <= 0x2d; i++) {
        sum += s->cmos[i];
    }
    s->cmos[RTC_CMOS_CHECKSUM_HI] = (uint8_t)(sum >> 8);
    s->cmos[RTC_CMOS_CHECKSUM_LO] = (uint8_t)sum;
}

void rtc_reset(RTCState *s)
{
    int64_t now = rtc_now(s);

    rtc_update_flags(s, now);
    s->cmos[RTC_REG_B] &= (uint8_t)~(RTC_B_PIE | RTC_B_AIE | RTC_B_UIE | RTC_B_SQWE);
    s->cmos[RTC_REG_C] = 0;
    rtc_update_irq(s);
    rtc_arm(s, now);
}

RTCState *rtc_init(IOSpace *io, Clock *clock, IRQLine *irq, int64_t base_time)
{
    RTCState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    s->clock = clock;
    s->irq = irq;
    s->base_sec = base_time;
    s->base_ns = 0;
    s->last_ns = clock_get_ns(clock);
    s->cmos[RTC_REG_A] = 0x26; /* 32.768 kHz, 1024 Hz periodic rate */
    s->cmos[RTC_REG_B] = RTC_B_24H;
    timer_init(&s->timer, clock, rtc_timer_cb, s);
    if (ioport_register(io, "rtc-cmos", RTC_BASE, 2, &rtc_ops, s) < 0) {
        free(s);
        return NULL;
    }
    rtc_reset(s);
    return s;
}

void rtc_free(RTCState *s)
{
    if (s) {
        timer_del(&s->timer);
        free(s);
    }
}
