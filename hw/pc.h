/*
 * pc.h - the PC board: configuration parsed from the command line, the
 * machine that owns every device, and the run loop.
 *
 * PCMachine is the one owner of all mutable state (memory, ports, CPU, TB
 * cache, devices, chardevs, log). pc_init wires the board from a PCConfig
 * (which main fills from the command line), pc_run drives cpu_exec and the
 * devices until the guest or the user stops it, pc_free releases all.
 * Devices request a stop through pc_request_exit, never by exiting.
 */
#ifndef PCEMU_PC_H
#define PCEMU_PC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "softmmu/chardev.h"
#include "softmmu/ioport.h"
#include "softmmu/log.h"
#include "softmmu/memory.h"

#define PC_MAX_CHARDEVS  8
#define PC_MAX_DEBUGCONS 4
#define PC_MAX_EXITDEVS  2

typedef struct PCChardevConf {
    char id[32];
    char kind[8];   /* stdio, file, null */
    char path[512];
} PCChardevConf;

/* A disk image: -fda/-hda or -drive file=...,if=floppy|ide[,readonly=on]. */
typedef struct PCDriveConf {
    char path[512]; /* "" = no disk */
    bool readonly;
} PCDriveConf;

typedef struct PCConfig {
    uint32_t ram_mb;            /* -m, default 128 */
    const char *kernel;         /* -kernel: multiboot ELF; NULL = embedded demo */
    const char *append;         /* -append */
    const char *bios;           /* -bios (later issues) */
    int serial_chr;             /* index into chardevs, -1 = none */
    int ndebugcon;
    struct {
        uint16_t iobase;
        int chr;
    } debugcon[PC_MAX_DEBUGCONS];
    int nexitdev;
    struct {
        uint16_t iobase;
        uint16_t iosize;
    } exitdev[PC_MAX_EXITDEVS];
    int nchardevs;
    PCChardevConf chardevs[PC_MAX_CHARDEVS];
    bool no_reboot;
    char boot_order[4];         /* -boot: "a", "c", "ac"...; "" = BIOS default */
    bool poweroff;              /* ACPI soft-off at port 0x604 (off with -nodefaults) */
    bool graphic;               /* false with -nographic / -display none */
    bool tci;                   /* -accel tci (the only back end for now) */
    uint32_t tb_size_mb;        /* -tb-size, default 32 */
    int icount_shift;           /* -icount N, -1 = host time */
    uint32_t log_mask;          /* -d */
    const char *log_file;       /* -D */
    int monitor_chr;            /* -monitor: index into chardevs, -1 = none */
    const char *screendump_at_exit; /* -screendump-at-exit FILE */
    PCDriveConf fda;            /* floppy A: (82077AA drive 0) */
    PCDriveConf hda;            /* primary IDE master */
    bool snapshot;              /* -snapshot: disk writes stay in memory */
} PCConfig;

typedef struct PCMachine PCMachine;

void pc_config_defaults(PCConfig *conf);
/* Build the machine; NULL with a one-line reason in err on failure. */
PCMachine *pc_init(const PCConfig *conf, char *err, size_t errlen);
/* Load a multiboot kernel (or the demo) and set the CPU to its entry. */
int pc_load_kernel(PCMachine *m, const char *path, const char *cmdline, char *err, size_t errlen);
/* Run until the guest exits; returns the process exit status. */
int pc_run(PCMachine *m);
void pc_free(PCMachine *m);
/* -d stats: the TB cache, TLB and run counters, to the log. */
void pc_print_stats(PCMachine *m);

/* From a signal handler (async-signal-safe): ask the run loop to stop as
 * if the monitor's quit was given, so -screendump-at-exit still writes
 * and the terminal is restored. Takes effect at the next slice. */
void pc_signal_exit(int sig);

/* For devices: stop the machine with this exit status. */
void pc_request_exit(PCMachine *m, int status);
/* For devices: system reset request (8042, 0xCF9, triple fault). */
void pc_request_reset(PCMachine *m);
/* For devices: the A20 gate. The 8042's output port and port 0x92 each
 * drive one input; A20 is enabled while either asks for it (as on the
 * PIIX). A change flushes the TLB and the jump cache. */
#define PC_A20_KBC    0x01
#define PC_A20_PORT92 0x02
void pc_set_a20(PCMachine *m, unsigned source, bool enabled);
/* For the CPU: a triple fault (shutdown cycle): reset, or exit with
 * -no-reboot, with a message naming CS:EIP. */
void pc_triple_fault(PCMachine *m, uint32_t cs, uint32_t eip);
/* The screen to a PNG file (or text, for a .txt path): monitor.h's
 * mon_screendump. 0, or -1 with a one-line reason in err. */
int pc_screendump(PCMachine *m, const char *path, char *err, size_t errlen);
/* Virtual clock in ns: host monotonic time, or instructions << shift. */
int64_t pc_clock_ns(PCMachine *m);

#endif
