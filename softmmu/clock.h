/*
 * clock.h - the virtual clock and its timers (DESIGN.md §6).
 *
 * A Clock is one time source in nanoseconds (the board's pc_clock_ns:
 * host monotonic time, or instructions << shift under -icount) and the
 * list of Timers armed on it, kept sorted by deadline. Devices hold a
 * Clock pointer, read the time with clock_get_ns and arm their timers
 * with timer_mod; nothing runs on its own: the board calls
 * clock_run_timers between CPU slices and sizes the slices with
 * clock_deadline. A Timer belongs to its device (usually embedded in its
 * state); the device must timer_del it before freeing it. Callbacks may
 * re-arm their own timer or any other.
 */
#ifndef PCEMU_CLOCK_H
#define PCEMU_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define CLOCK_NEVER INT64_MAX

typedef int64_t ClockReadFn(void *opaque);
typedef void TimerCB(void *opaque);

typedef struct Timer Timer;

typedef struct Clock {
    ClockReadFn *read;
    void *opaque;
    Timer *head; /* armed timers, earliest deadline first */
} Clock;

struct Timer {
    Clock *clock;
    TimerCB *cb;
    void *opaque;
    int64_t expire_ns;
    bool armed;
    Timer *next;
};

void clock_init(Clock *c, ClockReadFn *read, void *opaque);
int64_t clock_get_ns(const Clock *c);
/* The earliest armed deadline, CLOCK_NEVER when no timer is armed. */
int64_t clock_deadline(const Clock *c);
/* Run, in deadline order, every timer whose deadline is <= now (including
 * ones a callback arms for <= now). Returns the number run. */
int clock_run_timers(Clock *c, int64_t now);

void timer_init(Timer *t, Clock *c, TimerCB *cb, void *opaque);
/* Arm (or re-arm) for an absolute virtual time in ns. */
void timer_mod(Timer *t, int64_t expire_ns);
void timer_del(Timer *t);
bool timer_pending(const Timer *t);

#endif
