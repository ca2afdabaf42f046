/*
 * clock.c - the virtual clock's timer list (see clock.h). Owns nothing but
 * the links between armed timers; the timers belong to their devices.
 */
#include <stddef.h>

#include "softmmu/clock.h"

void clock_init(Clock *c, ClockReadFn *read, void *opaque)
{
    c->read = read;
    c->opaque = opaque;
    c->head = NULL;
}

int64_t clock_get_ns(const Clock *c)
{
    return c->read(c->opaque);
}

int64_t clock_deadline(const Clock *c)
{
    return c->head ? c->head->expire_ns : CLOCK_NEVER;
}

int clock_run_timers(Clock *c, int64_t now)
{
    int n = 0;

    while (c->head && c->head->expire_ns <= now) {
        Timer *t = c->head;

        c->head = t->next;
        t->next = NULL;
        t->armed = false;
        t->cb(t->opaque);
        n++;
    }
    return n;
}

void timer_init(Timer *t, Clock *c, TimerCB *cb, void *opaque)
{
    t->clock = c;
    t->cb = cb;
    t->opaque = opaque;
    t->expire_ns = 0;
    t->armed = false;
    t->next = NULL;
}

void timer_del(Timer *t)
{
    Timer **p;

    if (!t->armed) {
        return;
    }
    for (p = &t->clock->head; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    t->armed = false;
}

void timer_mod(Timer *t, int64_t expire_ns)
{
    Timer **p;

    timer_del(t);
    t->expire_ns = expire_ns;
    /* after timers with the same deadline: equal deadlines run in arming order */
    for (p = &t->clock->head; *p && (*p)->expire_ns <= expire_ns; p = &(*p)->next) {
    }
    t->next = *p;
    *p = t;
    t->armed = true;
}

bool timer_pending(const Timer *t)
{
    return t->armed;
}
