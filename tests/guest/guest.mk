# guest.mk - the bare-metal guest tests (tests/guest/README.md), included by
# the top Makefile.am. Needs GUEST_CC, GUEST_COMPILEFLAGS, GUEST_LINKFLAGS from
# firmware/firmware.mk. The top Makefile.am must set TESTS, TEST_EXTENSIONS,
# EXTRA_DIST, check_DATA and CLEANFILES with '=' before including this file.
#
# Each test is one source file, tests/guest/NAME.c or NAME.S, linked with
# the runtime in tests/guest/lib into tests/guest/NAME.elf, and run by
# run-guest-test.sh, which compares serial output with NAME.expected and
# checks NAME.args / NAME.stats when present.

GUEST_TEST_NAMES = \
	alu_table arith bitops bswap control convert cond crc32 div \
	enter_leave io lahf_sahf logic loop_jecxz mul multiboot opsize16 \
	recursion rotate shift shld sort stack string xchg_ops xlat \
	tb_flush tb_halve mmio_exec smc vga_text \
	paging_demand paging_cow paging_pse paging_pae_nx paging_ad_bits \
	paging_invlpg paging_cross_page paging_precise smc_code_data_same_page smc_alias \
	pm_call_gate pm_call_gate_params pm_conforming pm_double_fault \
	pm_dr_breakpoint pm_exc_de pm_exc_gp_errcode pm_exc_np pm_exc_ss pm_exc_ts \
	pm_exc_ud pm_far_ret_outer pm_gdt_reload pm_int3_into_bound pm_int_gate \
	pm_iobitmap pm_iopl_cli pm_iret_outer pm_lar_lsl_verr pm_ring3_syscall \
	pm_task_call_iret pm_task_gate_int pm_task_jmp pm_tf_singlestep pm_trap_gate \
	pm_v86_enter_exit pm_v86_int pm_v86_iopl \
	pm_seg_limit pm_expand_down pm_real_switch

GUEST_C_TESTS = \
	tests/guest/alu_table.c tests/guest/arith.c tests/guest/bitops.c \
	tests/guest/control.c tests/guest/convert.c tests/guest/cond.c \
	tests/guest/crc32.c tests/guest/div.c tests/guest/io.c \
	tests/guest/lahf_sahf.c tests/guest/logic.c tests/guest/mul.c \
	tests/guest/multiboot.c tests/guest/opsize16.c tests/guest/recursion.c \
	tests/guest/rotate.c tests/guest/shift.c tests/guest/shld.c \
	tests/guest/sort.c tests/guest/string.c tests/guest/xchg_ops.c \
	tests/guest/tb_flush.c tests/guest/tb_halve.c tests/guest/mmio_exec.c \
	tests/guest/smc.c tests/guest/vga_text.c \
	tests/guest/paging_demand.c \
	tests/guest/paging_cow.c \
	tests/guest/paging_pse.c \
	tests/guest/paging_pae_nx.c \
	tests/guest/paging_ad_bits.c \
	tests/guest/paging_invlpg.c \
	tests/guest/paging_cross_page.c \
	tests/guest/paging_precise.c \
	tests/guest/smc_code_data_same_page.c \
	tests/guest/smc_alias.c \
	tests/guest/pm_call_gate.c tests/guest/pm_call_gate_params.c \
	tests/guest/pm_conforming.c tests/guest/pm_double_fault.c \
	tests/guest/pm_dr_breakpoint.c tests/guest/pm_exc_de.c \
	tests/guest/pm_exc_gp_errcode.c tests/guest/pm_exc_np.c \
	tests/guest/pm_exc_ss.c tests/guest/pm_exc_ts.c tests/guest/pm_exc_ud.c \
	tests/guest/pm_far_ret_outer.c tests/guest/pm_gdt_reload.c \
	tests/guest/pm_int3_into_bound.c tests/guest/pm_int_gate.c \
	tests/guest/pm_iobitmap.c tests/guest/pm_iopl_cli.c \
	tests/guest/pm_iret_outer.c tests/guest/pm_lar_lsl_verr.c \
	tests/guest/pm_ring3_syscall.c tests/guest/pm_task_call_iret.c \
	tests/guest/pm_task_gate_int.c tests/guest/pm_task_jmp.c \
	tests/guest/pm_tf_singlestep.c tests/guest/pm_trap_gate.c \
	tests/guest/pm_v86_enter_exit.c tests/guest/pm_v86_int.c \
	tests/guest/pm_v86_iopl.c \
	tests/guest/pm_seg_limit.c tests/guest/pm_expand_down.c \
	tests/guest/pm_real_switch.c
GUEST_S_TESTS = \
	tests/guest/bswap.S tests/guest/enter_leave.S tests/guest/loop_jecxz.S \
	tests/guest/stack.S tests/guest/xlat.S

GUEST_TEST_ELFS = \
	tests/guest/alu_table.elf tests/guest/arith.elf tests/guest/bitops.elf \
	tests/guest/control.elf tests/guest/convert.elf tests/guest/cond.elf \
	tests/guest/crc32.elf tests/guest/div.elf tests/guest/io.elf \
	tests/guest/lahf_sahf.elf tests/guest/logic.elf tests/guest/mul.elf \
	tests/guest/multiboot.elf tests/guest/opsize16.elf tests/guest/recursion.elf \
	tests/guest/rotate.elf tests/guest/shift.elf tests/guest/shld.elf \
	tests/guest/sort.elf tests/guest/string.elf tests/guest/xchg_ops.elf \
	tests/guest/tb_flush.elf tests/guest/tb_halve.elf tests/guest/mmio_exec.elf \
	tests/guest/smc.elf tests/guest/vga_text.elf \
	tests/guest/pm_call_gate.elf tests/guest/pm_call_gate_params.elf \
	tests/guest/pm_conforming.elf tests/guest/pm_double_fault.elf \
	tests/guest/pm_dr_breakpoint.elf tests/guest/pm_exc_de.elf \
	tests/guest/pm_exc_gp_errcode.elf tests/guest/pm_exc_np.elf \
	tests/guest/pm_exc_ss.elf tests/guest/pm_exc_ts.elf \
	tests/guest/pm_exc_ud.elf tests/guest/pm_far_ret_outer.elf \
	tests/guest/pm_gdt_reload.elf tests/guest/pm_int3_into_bound.elf \
	tests/guest/pm_int_gate.elf tests/guest/pm_iobitmap.elf \
	tests/guest/pm_iopl_cli.elf tests/guest/pm_iret_outer.elf \
	tests/guest/pm_lar_lsl_verr.elf tests/guest/pm_ring3_syscall.elf \
	tests/guest/pm_task_call_iret.elf tests/guest/pm_task_gate_int.elf \
	tests/guest/pm_task_jmp.elf tests/guest/pm_tf_singlestep.elf \
	tests/guest/pm_trap_gate.elf tests/guest/pm_v86_enter_exit.elf \
	tests/guest/pm_v86_int.elf tests/guest/pm_v86_iopl.elf \
	tests/guest/pm_seg_limit.elf tests/guest/pm_expand_down.elf \
	tests/guest/pm_real_switch.elf \
	tests/guest/paging_demand.elf \
	tests/guest/paging_cow.elf \
	tests/guest/paging_pse.elf \
	tests/guest/paging_pae_nx.elf \
	tests/guest/paging_ad_bits.elf \
	tests/guest/paging_invlpg.elf \
	tests/guest/paging_cross_page.elf \
	tests/guest/paging_precise.elf \
	tests/guest/smc_code_data_same_page.elf \
	tests/guest/smc_alias.elf \
	tests/guest/bswap.elf tests/guest/enter_leave.elf tests/guest/loop_jecxz.elf \
	tests/guest/stack.elf tests/guest/xlat.elf

# CPUID, MSRs, SYSENTER/SYSEXIT
GUEST_TEST_NAMES += pm_sysenter msr_mtrr msr_gp cpuid_features
GUEST_C_TESTS += tests/guest/pm_sysenter.c tests/guest/msr_mtrr.c tests/guest/msr_gp.c \
	tests/guest/cpuid_features.c
GUEST_TEST_ELFS += tests/guest/pm_sysenter.elf tests/guest/msr_mtrr.elf tests/guest/msr_gp.elf \
	tests/guest/cpuid_features.elf
EXTRA_DIST += tests/guest/pm_sysenter.qemu-args tests/guest/msr_mtrr.qemu-args \
	tests/guest/msr_gp.no-qemu tests/guest/cpuid_features.no-qemu

# precise #PF in the pushes of a ring-3 far CALL (pm.h with paging.h)
GUEST_TEST_NAMES += paging_farcall_push
GUEST_C_TESTS += tests/guest/paging_farcall_push.c
GUEST_TEST_ELFS += tests/guest/paging_farcall_push.elf
EXTRA_DIST += tests/guest/paging_farcall_push.no-qemu

# ring 0 entered from ring 3 / V86 on a supervisor-only stack (pm.h,
# irq.h, paging.h, pm_v86.h)
GUEST_TEST_NAMES += paging_kernel_stack
GUEST_C_TESTS += tests/guest/paging_kernel_stack.c
GUEST_TEST_ELFS += tests/guest/paging_kernel_stack.elf

# interrupts and time: PIC, PIT, RTC, UART IRQ (lib/irq.h)
GUEST_TEST_NAMES += pic_pit pic_spurious rtc_irq8 pm_irq_low_vector
GUEST_C_TESTS += tests/guest/pic_pit.c tests/guest/pic_spurious.c tests/guest/rtc_irq8.c \
	tests/guest/pm_irq_low_vector.c
GUEST_TEST_ELFS += tests/guest/pic_pit.elf tests/guest/pic_spurious.elf tests/guest/rtc_irq8.elf \
	tests/guest/pm_irq_low_vector.elf

# protected-mode limits and checks: stack accesses inside helpers, CS
# limit on fetch and jumps, #AC, RF (docs/conformance.md, "Protected mode")
GUEST_TEST_NAMES += pm_stack_limit pm_cs_limit pm_align_check pm_align_check_far pm_rf \
	pm_ext_rf rm_cs_limit pm_v86_cs_limit
GUEST_C_TESTS += tests/guest/pm_stack_limit.c tests/guest/pm_cs_limit.c \
	tests/guest/pm_align_check.c tests/guest/pm_align_check_far.c tests/guest/pm_rf.c \
	tests/guest/pm_ext_rf.c tests/guest/rm_cs_limit.c tests/guest/pm_v86_cs_limit.c
GUEST_TEST_ELFS += tests/guest/pm_stack_limit.elf tests/guest/pm_cs_limit.elf \
	tests/guest/pm_align_check.elf tests/guest/pm_align_check_far.elf tests/guest/pm_rf.elf \
	tests/guest/pm_ext_rf.elf tests/guest/rm_cs_limit.elf tests/guest/pm_v86_cs_limit.elf
EXTRA_DIST += tests/guest/pm_stack_limit.no-qemu tests/guest/pm_cs_limit.no-qemu \
	tests/guest/pm_align_check.no-qemu tests/guest/pm_align_check_far.no-qemu \
	tests/guest/pm_ext_rf.no-qemu tests/guest/rm_cs_limit.no-qemu \
	tests/guest/pm_v86_cs_limit.no-qemu

# task switches: 16-bit TSSs (docs/conformance.md, "Protected mode")
# and the T bit; INT1 (ICEBP)
GUEST_TEST_NAMES += pm_task16 pm_task_tbit pm_int1 pm_task_dr7 pm_task_order
GUEST_C_TESTS += tests/guest/pm_task16.c tests/guest/pm_task_tbit.c tests/guest/pm_int1.c \
	tests/guest/pm_task_dr7.c tests/guest/pm_task_order.c
GUEST_TEST_ELFS += tests/guest/pm_task16.elf tests/guest/pm_task_tbit.elf \
	tests/guest/pm_int1.elf tests/guest/pm_task_dr7.elf tests/guest/pm_task_order.elf
EXTRA_DIST += tests/guest/pm_task_tbit.no-qemu tests/guest/pm_int1.no-qemu

GUEST_LIB_HDRS = \
	tests/guest/lib/guest.h tests/guest/lib/flagtest.h \
	tests/guest/lib/alu_model.h tests/guest/lib/asmcheck.h tests/guest/lib/paging.h \
	tests/guest/lib/pm.h tests/guest/lib/pm_task.h tests/guest/lib/pm_v86.h \
	tests/guest/lib/irq.h
GUEST_LIB_OBJS = tests/guest/lib/crt0.gobj tests/guest/lib/guest.gobj
GUEST_LD_SCRIPT = tests/guest/lib/guest.ld

GUEST_TEST_COMPILEFLAGS = $(GUEST_COMPILEFLAGS) -I$(srcdir)/tests/guest/lib
GUEST_TEST_LINKFLAGS = $(GUEST_LINKFLAGS) -Wl,-T,$(srcdir)/$(GUEST_LD_SCRIPT)

TESTS += $(GUEST_TEST_ELFS)
TEST_EXTENSIONS += .elf
ELF_LOG_COMPILER = $(SHELL) $(srcdir)/tests/guest/run-guest-test.sh
check_DATA += $(GUEST_TEST_ELFS)
CLEANFILES += $(GUEST_TEST_ELFS) $(GUEST_LIB_OBJS) \
	$(GUEST_TEST_ELFS:.elf=.out) $(GUEST_TEST_ELFS:.elf=.err) \
	$(GUEST_TEST_ELFS:.elf=.out.tcg) $(GUEST_TEST_ELFS:.elf=.err.tcg)

EXTRA_DIST += \
	$(GUEST_C_TESTS) $(GUEST_S_TESTS) $(GUEST_LIB_HDRS) $(GUEST_LD_SCRIPT) \
	tests/guest/lib/crt0.S tests/guest/lib/guest.c \
	tests/guest/run-guest-test.sh tests/guest/check-insns.sh \
	tests/guest/README.md \
	$(GUEST_TEST_ELFS:.elf=.expected) \
	tests/guest/multiboot.args tests/guest/tb_flush.args tests/guest/tb_halve.args \
	tests/guest/mmio_exec.args tests/guest/smc_code_data_same_page.args \
	tests/guest/smc_code_data_same_page.stats tests/guest/paging_pae_nx.qemu-args \
	tests/guest/paging_invlpg.args tests/guest/paging_invlpg.stats \
	tests/guest/paging_demand.args tests/guest/paging_demand.stats \
	tests/guest/smc_alias.args tests/guest/smc_alias.stats \
	tests/guest/tb_flush.stats tests/guest/tb_halve.stats tests/guest/mmio_exec.stats \
	tests/guest/vga_text.screen \
	tests/guest/pic_pit.args tests/guest/pic_pit.qemu-args \
	tests/guest/pic_spurious.args tests/guest/rtc_irq8.args tests/guest/rtc_irq8.qemu-args

# The runtime. Objects get their own suffix (.gobj) so that automake's
# host .c.o rule never builds guest code with the host compiler.
tests/guest/lib/crt0.gobj: tests/guest/lib/crt0.S
	@$(MKDIR_P) tests/guest/lib
	$(AM_V_CC)$(GUEST_CC) $(GUEST_TEST_COMPILEFLAGS) -c -o $@ $(srcdir)/tests/guest/lib/crt0.S
tests/guest/lib/guest.gobj: tests/guest/lib/guest.c $(GUEST_LIB_HDRS)
	@$(MKDIR_P) tests/guest/lib
	$(AM_V_CC)$(GUEST_CC) $(GUEST_TEST_COMPILEFLAGS) -c -o $@ $(srcdir)/tests/guest/lib/guest.c

# One ELF per source file: suffix rules, portable and VPATH-aware ($<).
$(GUEST_TEST_ELFS): $(GUEST_LIB_OBJS) $(GUEST_LIB_HDRS) $(GUEST_LD_SCRIPT)
.c.elf:
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(GUEST_CC) $(GUEST_TEST_COMPILEFLAGS) $(GUEST_TEST_LINKFLAGS) -o $@ \
		$(GUEST_LIB_OBJS) $<
.S.elf:
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(GUEST_CC) $(GUEST_TEST_COMPILEFLAGS) $(GUEST_TEST_LINKFLAGS) -o $@ \
		$(GUEST_LIB_OBJS) $<

# Build every guest test without running it; check the instruction subset;
# regenerate the .expected files from qemu-system-i386 (the oracle).
guest-tests: $(GUEST_TEST_ELFS)
guest-check-insns: $(GUEST_TEST_ELFS)
	$(SHELL) $(srcdir)/tests/guest/check-insns.sh $(GUEST_TEST_ELFS)
guest-expected: $(GUEST_TEST_ELFS)
	@for t in $(GUEST_TEST_ELFS); do \
	    $(SHELL) $(srcdir)/tests/guest/run-guest-test.sh --qemu --update $$t || exit 1; \
	done
guest-qemu-check: $(GUEST_TEST_ELFS)
	@fail=0; for t in $(GUEST_TEST_ELFS); do \
	    $(SHELL) $(srcdir)/tests/guest/run-guest-test.sh --qemu $$t || fail=1; \
	done; test $$fail = 0
.PHONY: guest-tests guest-check-insns guest-expected guest-qemu-check

# Real-mode programs entered from reset: NAME.S linked at offset 0 into a
# flat 64 KiB image NAME.rom (offsets are offsets in segment F000), run
# with -bios NAME.rom and no -kernel by the same driver.
GUEST_ROM_TESTS = tests/guest/rom_reset.rom tests/guest/rm_ip_wrap.rom
TESTS += $(GUEST_ROM_TESTS)
TEST_EXTENSIONS += .rom
ROM_LOG_COMPILER = $(SHELL) $(srcdir)/tests/guest/run-guest-test.sh
check_DATA += $(GUEST_ROM_TESTS)
CLEANFILES += $(GUEST_ROM_TESTS) $(GUEST_ROM_TESTS:.rom=.out) $(GUEST_ROM_TESTS:.rom=.err) \
	$(GUEST_ROM_TESTS:.rom=.out.tcg) $(GUEST_ROM_TESTS:.rom=.err.tcg)
EXTRA_DIST += $(GUEST_ROM_TESTS:.rom=.S) $(GUEST_ROM_TESTS:.rom=.expected) \
	tests/guest/rom_reset.qemu-args tests/guest/rm_ip_wrap.no-qemu
EXTRA_DIST += tests/guest/pm_seg_limit.no-qemu tests/guest/pm_expand_down.no-qemu
$(GUEST_ROM_TESTS): tests/guest/lib/rom16.inc
EXTRA_DIST += tests/guest/lib/rom16.inc
.S.rom:
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(GUEST_CC) $(GUEST_LINKFLAGS) -Wl,-Ttext=0 -Wl,--oformat=binary -o $@ $<


# TB keys carry the entry cc_op: exits with a run-time cc_op are not chained
GUEST_TEST_NAMES += tb_ccop_chain
GUEST_C_TESTS += tests/guest/tb_ccop_chain.c
GUEST_TEST_ELFS += tests/guest/tb_ccop_chain.elf
