/*
 * disas.h - a small x86-64 disassembler for -d out_asm of the JIT.
 *
 * Covers the forms tcg-target.c emits (integer ALU, shifts, MUL/IMUL,
 * MOVZX/MOVSX/MOVSXD, SETcc, CMOVcc, Jcc/JMP/CALL rel and indirect, LEA,
 * PUSH/POP/RET, BSWAP, TEST/CMP, BT*, SHLD/SHRD, TZCNT/LZCNT/POPCNT) with
 * ModRM/SIB/disp8/disp32/RIP-relative operands and the REX and 0x66
 * prefixes, in Intel syntax ("mov eax, dword [rbp+0x10]"). Anything else
 * is "(bad) xx", one byte long, so a dump always makes progress.
 */
#ifndef PCEMU_X86_64_DISAS_H
#define PCEMU_X86_64_DISAS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Disassemble the instruction at p (at most len bytes readable; addr is its
 * host address, for branch targets and RIP-relative operands) into buf.
 * Returns the instruction length, >= 1.
 */
int x64_disas(const uint8_t *p, size_t len, uint64_t addr, char *buf, size_t buflen);

#endif
