/*
 * ir-opc.h - THE list of IR ops: DEF(name, oargs, iargs, cargs, flags).
 *
 * Every pass (dumper, optimizer, liveness, TCI, the JIT) reads the op's
 * properties from this table, never from a list of its own. Args of an op
 * are laid out outputs, inputs, constants. All data ops are 32-bit; the
 * guest is 32-bit and 64-bit products come from mulu2/muls2.
 *
 * flags: IR_BB_END ends a basic block, IR_SIDE_EFFECTS keeps the op even
 * when its outputs are dead, IR_COND_BRANCH marks brcond.
 */
/* clang-format off */
DEF(nop,          0, 0, 0, IR_NOT_PRESENT)
DEF(insn_start,   0, 0, 2, IR_NOT_PRESENT)          /* c: guest pc, cc_op */
DEF(discard,      1, 0, 0, IR_NOT_PRESENT)          /* liveness hint: value dead */
DEF(set_label,    0, 0, 1, IR_BB_END | IR_NOT_PRESENT)
DEF(br,           0, 0, 1, IR_BB_END)               /* c: label */
DEF(brcond,       0, 2, 2, IR_BB_END | IR_COND_BRANCH) /* c: cond, label */
DEF(mov,          1, 1, 0, 0)
DEF(movi,         1, 0, 1, 0)                       /* c: value */
DEF(add,          1, 2, 0, 0)
DEF(sub,          1, 2, 0, 0)
DEF(mul,          1, 2, 0, 0)
DEF(and,          1, 2, 0, 0)
DEF(or,           1, 2, 0, 0)
DEF(xor,          1, 2, 0, 0)
DEF(shl,          1, 2, 0, 0)                       /* count taken mod 32 */
DEF(shr,          1, 2, 0, 0)
DEF(sar,          1, 2, 0, 0)
DEF(rotl,         1, 2, 0, 0)
DEF(rotr,         1, 2, 0, 0)
DEF(ctz,          1, 2, 0, 0)                       /* in0 ? trailing zeros of in0 : in1 */
DEF(clz,          1, 2, 0, 0)                       /* in0 ? leading zeros of in0 : in1 */
DEF(neg,          1, 1, 0, 0)
DEF(not,          1, 1, 0, 0)
DEF(ext8s,        1, 1, 0, 0)
DEF(ext8u,        1, 1, 0, 0)
DEF(ext16s,       1, 1, 0, 0)
DEF(ext16u,       1, 1, 0, 0)
DEF(bswap,        1, 1, 0, 0)
DEF(deposit,      1, 2, 2, 0)                       /* c: ofs, len: in0 with in1 at ofs */
DEF(extract,      1, 1, 2, 0)                       /* c: ofs, len: zero-extended field */
DEF(setcond,      1, 2, 1, 0)                       /* c: cond */
DEF(movcond,      1, 4, 1, 0)                       /* out = cond(in0, in1) ? in2 : in3 */
DEF(mulu2,        2, 2, 0, 0)                       /* out0 = low, out1 = high */
DEF(muls2,        2, 2, 0, 0)
DEF(ld_env,       1, 0, 2, 0)                       /* c: env offset, MemOp size|sign */
DEF(st_env,       0, 1, 2, IR_SIDE_EFFECTS)         /* c: env offset, MemOp size */
DEF(qemu_ld,      1, 1, 1, IR_SIDE_EFFECTS | IR_CAN_FAULT) /* c: MemOpIdx */
DEF(qemu_st,      0, 2, 1, IR_SIDE_EFFECTS | IR_CAN_FAULT) /* in0 = value, in1 = addr */
DEF(call,         1, 4, 2, IR_CALL)                 /* c: helper fn, call flags */
DEF(tb_start,     0, 0, 1, IR_SIDE_EFFECTS)         /* c: instructions; may exit */
DEF(goto_tb,      0, 0, 1, IR_SIDE_EFFECTS)         /* c: slot 0/1 */
DEF(exit_tb,      0, 0, 1, IR_BB_END | IR_SIDE_EFFECTS) /* c: tb | slot */
DEF(lookup_goto,  0, 0, 0, IR_BB_END | IR_SIDE_EFFECTS) /* continue at the TB for env state, or exit */
/* clang-format on */
