/*
 * pm_v86.h - run a 16-bit code blob in virtual-8086 mode: the blob
 * (between two labels, assembled with .code16) is copied to linear
 * PM_V86_BASE and entered at offset 0 with CS = DS = ES = SS = PM_V86_SEG
 * and SP = 0xFFF0. It leaves with INT 0x81 (needs IOPL 3) or through a
 * hook calling pm_leave.
 */
#ifndef PM_V86_H
#define PM_V86_H

#include "pm.h"

#define PM_V86_SEG  0x2000
#define PM_V86_BASE 0x20000
#define PM_V86_DATA 0x100 /* offset of the blob's results */

static inline void pm_run_v86(const char *start, const char *end, uint32_t eflags)
{
    memcpy((void *)PM_V86_BASE, start, (size_t)(end - start));
    memset((void *)(PM_V86_BASE + PM_V86_DATA), 0, 64);
    pm_enter_v86(PM_V86_SEG, 0, PM_V86_SEG, 0xfff0, eflags);
}

static inline uint16_t pm_v86_word(int off)
{
    return *(volatile uint16_t *)(PM_V86_BASE + PM_V86_DATA + off);
}

#endif
