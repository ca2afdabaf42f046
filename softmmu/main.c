/*
 * main.c - the pcemu program: command line, machine, kernel, run, exit.
 *
 * Owns the process exit status and all user-facing error output: every
 * failure before the guest runs is one line "pcemu: <problem>" on stderr
 * and exit status 1. While the guest runs, the status is the guest's
 * (isa-debug-exit, power-off) or the board's (halt, Ctrl-A x); a failed
 * -screendump-at-exit is reported but does not change it. The machine is
 * always freed before returning, which restores the terminal.
 *
 * SIGTERM, SIGINT and SIGHUP stop the guest at the next slice like the
 * monitor's quit (status 0, -screendump-at-exit still written); a second
 * one kills the process the default way.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "hw/pc.h"
#include "softmmu/options.h"

static void pc_on_signal(int sig)
{
    pc_signal_exit(sig);
}

static void pc_catch_signals(void)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
    struct sigaction sa;
    size_t i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = pc_on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

static int pc_fail(const char *msg)
{
    fprintf(stderr, "pcemu: %s\n", msg);
    return 1;
}

int main(int argc, char **argv)
{
    PCConfig conf;
    PCMachine *m;
    char err[1024];
    int ret, status;

    pc_config_defaults(&conf);
    ret = options_parse(argc, argv, &conf, stdout, err, sizeof(err));
    if (ret < 0) {
        return pc_fail(err);
    }
    if (ret > 0) {
        return 0;
    }
    m = pc_init(&conf, err, sizeof(err));
    if (!m) {
        return pc_fail(err);
    }
    if (pc_load_kernel(m, conf.kernel, conf.append, err, sizeof(err)) < 0) {
        pc_free(m);
        return pc_fail(err);
    }
    pc_catch_signals();
    status = pc_run(m);
    if (conf.screendump_at_exit &&
        pc_screendump(m, conf.screendump_at_exit, err, sizeof(err)) < 0) {
        fprintf(stderr, "pcemu: -screendump-at-exit: %s\n", err);
    }
    pc_print_stats(m);
    pc_free(m);
    fflush(stdout);
    return status;
}
