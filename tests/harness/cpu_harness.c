/*
 * cpu_harness.c - see cpu_harness.h. Owns its memory map, port space, TB
 * cache and CPU; nothing global.
 */
#include "tests/harness/cpu_harness.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/excp.h"
#include "softmmu/tlb.h"

int harness_init(CPUHarness *h, uint32_t ram_size, size_t tb_size)
{
    char err[256];
    memset(h, 0, sizeof(*h));
    h->log.mask = 0;
    h->log.file = stderr;
    h->ram_size = ram_size;
    h->ram = calloc(1, ram_size);
    if (!h->ram || mem_init(&h->as) < 0 || mem_map_ram(&h->as, "ram", 0, ram_size, h->ram) < 0) {
        return -1;
    }
    ioport_init(&h->io);
    h->tbs = tb_context_new(tb_size, err, sizeof(err));
    if (!h->tbs) {
        return -1;
    }
    h->env = cpu_x86_new(NULL, &h->as, &h->io, h->tbs, &h->log);
    return h->env ? 0 : -1;
}

void harness_free(CPUHarness *h)
{
    if (h->env) {
        cpu_x86_free(h->env);
    }
    tb_context_free(h->tbs);
    mem_destroy(&h->as);
    free(h->ram);
    memset(h, 0, sizeof(*h));
}

int harness_run(CPUHarness *h, int64_t max_insns)
{
    CPUX86State *env = h->env;
    env->halted = false;
    int64_t left = max_insns;
    while (left > 0) {
        uint64_t before = env->insns_executed;
        int r = cpu_exec(env, left < 100000 ? left : 100000);
        left -= (int64_t)(env->insns_executed - before);
        if (r == EXCP_HALTED) {
            return 0;
        }
        if (env->insns_executed == before && r == EXCP_INTERRUPT && !env->exit_request) {
            left--; /* budget too small for the next TB: make progress */
        }
    }
    return -1;
}

void harness_set_real(CPUHarness *h, uint16_t cs, uint16_t ip)
{
    CPUX86State *env = h->env;
    cpu_x86_reset(env);
    for (int i = 0; i < 6; i++) {
        cpu_x86_load_seg_cache(env, i, 0, 0, 0xffff, 0x9300);
    }
    cpu_x86_load_seg_cache(env, R_CS, cs, (uint32_t)cs << 4, 0xffff, 0x9b00);
    env->eip = ip;
}

void harness_set_flat32(CPUHarness *h, uint32_t eip)
{
    cpu_x86_reset(h->env);
    cpu_x86_set_flat32(h->env, eip);
}

uint32_t harness_eflags(CPUHarness *h)
{
    return cpu_x86_get_eflags(h->env);
}

void harness_set_eflags(CPUHarness *h, uint32_t eflags)
{
    cpu_x86_load_eflags(h->env, eflags, 0x3f7fd5u);
}
