/*
 * pm_task.h - a second task for the task-switch tests: TSS2 at selector
 * 0x30 (and TSS3 at 0x38) with its own ring-0 stack, flat segments,
 * EFLAGS 2 and CR3 0, starting at the given entry point.
 */
#ifndef PM_TASK_H
#define PM_TASK_H

#include "pm.h"

TSS32 pm_tss2 __attribute__((aligned(128)));
TSS32 pm_tss3 __attribute__((aligned(128)));
uint8_t pm_task_stack2[4096] __attribute__((aligned(16)));
uint8_t pm_task_stack3[4096] __attribute__((aligned(16)));

static inline void pm_task_setup(TSS32 *t, uint32_t sel, void (*entry)(void), uint8_t *stack)
{
    pm_init_tss(t, sizeof(*t));
    t->eip = (uint32_t)entry;
    t->eflags = 2;
    t->esp = (uint32_t)(stack + 4096);
    t->cs = SEL_KCODE;
    t->ss = t->ds = t->es = t->fs = t->gs = SEL_KDATA;
    pm_set_desc(sel, pm_desc((uint32_t)t, sizeof(*t) - 1, 0x89, 0));
}

/* Type nibble of the TSS descriptor: 9 available, 11 busy. */
static inline uint32_t pm_tss_type(uint32_t sel)
{
    return (uint32_t)(pm_gdt[sel >> 3] >> 40) & 15;
}

#endif
