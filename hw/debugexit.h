/*
 * debugexit.h - QEMU's isa-debug-exit device: a port that ends the run.
 *
 * Writing v (any width) to any port of the range stops the machine with
 * exit status (v << 1) | 1, QEMU's semantics: a guest test can never exit
 * 0 through it, so 0 stays "powered off cleanly". Reads return 0. The
 * device only asks the board to stop (pc_request_exit); it never exits.
 */
#ifndef PCEMU_DEBUGEXIT_H
#define PCEMU_DEBUGEXIT_H

#include <stdint.h>

#include "softmmu/ioport.h"

struct PCMachine;

#define DEBUGEXIT_DEFAULT_IOBASE 0xf4
#define DEBUGEXIT_DEFAULT_IOSIZE 0x04

typedef struct DebugExitState DebugExitState;

/* NULL if the ports are taken or on OOM. */
DebugExitState *debugexit_init(struct PCMachine *m, IOSpace *io, uint16_t iobase, uint16_t iosize);
void debugexit_free(DebugExitState *s);
/* Stateless device: nothing to reset; kept for the device contract. */
void debugexit_reset(DebugExitState *s);

#endif
