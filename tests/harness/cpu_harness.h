/*
 * cpu_harness.h - a bare CPU for in-process tests: RAM from physical 0,
 * an empty port space, a TB cache and one CPUX86State, no board. Tests
 * set registers and memory, run until the guest executes HLT, and compare
 * the state. The code runs through the real translator and back end.
 */
#ifndef PCEMU_CPU_HARNESS_H
#define PCEMU_CPU_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "softmmu/ioport.h"
#include "softmmu/log.h"
#include "softmmu/memory.h"
#include "tcg/tb.h"

typedef struct CPUHarness {
    AddressSpace as;
    IOSpace io;
    TBContext *tbs;
    CPUX86State *env;
    uint8_t *ram;
    uint32_t ram_size;
    Log log;
} CPUHarness;

/* ram_size bytes of RAM at 0 (page multiple); tb_size bytes of code
 * buffer. Returns 0 or -1. The CPU is left in its reset state. */
int harness_init(CPUHarness *h, uint32_t ram_size, size_t tb_size);
void harness_free(CPUHarness *h);
/* Run until HLT (0), or -1 after max_insns without one. */
int harness_run(CPUHarness *h, int64_t max_insns);
/* Real mode, CS:IP = cs:ip, all segment bases = selector * 16. */
void harness_set_real(CPUHarness *h, uint16_t cs, uint16_t ip);
/* Flat 32-bit protected mode at eip (as the multiboot entry). */
void harness_set_flat32(CPUHarness *h, uint32_t eip);
/* EFLAGS as the guest sees them (lazy flags folded in). */
uint32_t harness_eflags(CPUHarness *h);
void harness_set_eflags(CPUHarness *h, uint32_t eflags);

#endif
