/*
 * asmcheck.h - checks for the assembly guest tests (.S, preprocessed).
 *
 * CHECK_EQ_REG reg, value: if reg != value, print the check's number
 * (numbered from 1 in source order) and the value, and count a failure.
 * All registers and the flags survive a check, so checks can sit between
 * the instructions under test. value is an immediate or a
 * register (not memory).
 */
#ifndef ASMCHECK_H
#define ASMCHECK_H

    .set asm_check_no, 0
.macro CHECK_EQ_REG reg, value
    .set asm_check_no, asm_check_no + 1
    movl \reg, asm_check_val    /* before pushf: reg may be %esp */
    pushf
    cmpl \value, asm_check_val
    je 97f
    pusha
    pushl asm_check_val
    pushl $asm_check_no
    call asm_check_fail
    addl $8, %esp
    popa
97: popf
.endm

#endif
