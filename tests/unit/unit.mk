# tests/unit/unit.mk - Check unit tests, one per module (tests mirror sources).
# Each links only the objects it pulls from libpcemu.a; a test that needs a
# machine-level hook (pc_request_exit) defines its own fake.
if HAVE_CHECK
UNIT_TESTS = \
	tests/unit/hw_debugcon_test \
	tests/unit/hw_debugexit_test \
	tests/unit/hw_dma8237_test \
	tests/unit/hw_fdc_test \
	tests/unit/hw_i8042_test \
	tests/unit/hw_ide_test \
	tests/unit/hw_port92_test \
	tests/unit/hw_resetctl_test \
	tests/unit/hw_poweroff_test \
	tests/unit/hw_pic8259_test \
	tests/unit/hw_pit8254_test \
	tests/unit/hw_rtc_cmos_test \
	tests/unit/hw_uart16550_test \
	tests/unit/hw_vga_test \
	tests/unit/hw_vgamem_test \
	tests/unit/softmmu_block_test \
	tests/unit/softmmu_chardev_test \
	tests/unit/softmmu_ioport_test \
	tests/unit/softmmu_loader_test \
	tests/unit/softmmu_log_test \
	tests/unit/softmmu_memory_test \
	tests/unit/softmmu_options_test \
	tests/unit/softmmu_png_test \
	tests/unit/tcg_x86_64_disas_test

check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LIBELF_CFLAGS)
UNIT_LIBS = $(PCEMU_LIBS) $(CHECK_LIBS)

tests_unit_hw_debugcon_test_SOURCES = tests/unit/hw_debugcon_test.c
tests_unit_hw_debugcon_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_debugcon_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_debugexit_test_SOURCES = tests/unit/hw_debugexit_test.c
tests_unit_hw_debugexit_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_debugexit_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_dma8237_test_SOURCES = tests/unit/hw_dma8237_test.c
tests_unit_hw_dma8237_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_dma8237_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_fdc_test_SOURCES = tests/unit/hw_fdc_test.c
tests_unit_hw_fdc_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_fdc_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_i8042_test_SOURCES = tests/unit/hw_i8042_test.c
tests_unit_hw_i8042_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_i8042_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_ide_test_SOURCES = tests/unit/hw_ide_test.c
tests_unit_hw_ide_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_ide_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_port92_test_SOURCES = tests/unit/hw_port92_test.c
tests_unit_hw_port92_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_port92_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_resetctl_test_SOURCES = tests/unit/hw_resetctl_test.c
tests_unit_hw_resetctl_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_resetctl_test_LDADD = $(UNIT_LIBS)
tests_unit_softmmu_block_test_SOURCES = tests/unit/softmmu_block_test.c
tests_unit_softmmu_block_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_softmmu_block_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_poweroff_test_SOURCES = tests/unit/hw_poweroff_test.c
tests_unit_hw_poweroff_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_poweroff_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_pic8259_test_SOURCES = tests/unit/hw_pic8259_test.c
tests_unit_hw_pic8259_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_pic8259_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_pit8254_test_SOURCES = tests/unit/hw_pit8254_test.c
tests_unit_hw_pit8254_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_pit8254_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_rtc_cmos_test_SOURCES = tests/unit/hw_rtc_cmos_test.c
tests_unit_hw_rtc_cmos_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_rtc_cmos_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_uart16550_test_SOURCES = tests/unit/hw_uart16550_test.c
tests_unit_hw_uart16550_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_uart16550_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_vga_test_SOURCES = tests/unit/hw_vga_test.c
tests_unit_hw_vga_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_vga_test_LDADD = $(UNIT_LIBS)
tests_unit_hw_vgamem_test_SOURCES = tests/unit/hw_vgamem_test.c
tests_unit_hw_vgamem_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_hw_vgamem_test_LDADD = $(UNIT_LIBS)
tests_unit_softmmu_chardev_test_SOURCES = tests/unit/softmmu_chardev_test.c
tests_unit_softmmu_chardev_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_softmmu_chardev_test_LDADD = $(UNIT_LIBS)
tests_unit_softmmu_ioport_test_SOURCES = tests/unit/softmmu_ioport_test.c
tests_unit_softmmu_ioport_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_softmmu_ioport_test_LDADD = $(UNIT_LIBS)
tests_unit_softmmu_loader_test_SOURCES = tests/unit/softmmu_loader_test.c
tests_unit_softmmu_loader_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_softmmu_loader_test_LDADD = $(UNIT_LIBS)
tests_unit_softmmu_log_test_SOURCES = tests/unit/softmmu_log_test.c
tests_unit_softmmu_log_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_softmmu_log_test_LDADD = $(UNIT_LIBS)
tests_unit_softmmu_memory_test_SOURCES = tests/unit/softmmu_memory_test.c
tests_unit_softmmu_memory_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_softmmu_memory_test_LDADD = $(UNIT_LIBS)
tests_unit_softmmu_options_test_SOURCES = tests/unit/softmmu_options_test.c
tests_unit_softmmu_options_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_softmmu_options_test_LDADD = $(UNIT_LIBS)
tests_unit_tcg_x86_64_disas_test_SOURCES = tests/unit/tcg_x86_64_disas_test.c
tests_unit_tcg_x86_64_disas_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_tcg_x86_64_disas_test_LDADD = $(UNIT_LIBS)
tests_unit_softmmu_png_test_SOURCES = tests/unit/softmmu_png_test.c
tests_unit_softmmu_png_test_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_softmmu_png_test_LDADD = $(UNIT_LIBS)

# in-process tests of the translator (through tests/harness)
HARNESS_UNIT_TESTS = tests/unit/cpu_translate_test tests/unit/cpu_paging_test \
	tests/unit/softmmu_tlb_test tests/unit/tcg_ir_test tests/unit/tcg_tb_test
check_PROGRAMS += $(HARNESS_UNIT_TESTS)
TESTS += $(HARNESS_UNIT_TESTS)
tests_unit_cpu_translate_test_SOURCES = tests/unit/cpu_translate_test.c
tests_unit_cpu_translate_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_cpu_translate_test_LDADD = $(HARNESS_LIBS) $(CHECK_LIBS)
tests_unit_cpu_paging_test_SOURCES = tests/unit/cpu_paging_test.c
tests_unit_cpu_paging_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_cpu_paging_test_LDADD = $(HARNESS_LIBS) $(CHECK_LIBS)
tests_unit_softmmu_tlb_test_SOURCES = tests/unit/softmmu_tlb_test.c
tests_unit_softmmu_tlb_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_softmmu_tlb_test_LDADD = $(HARNESS_LIBS) $(CHECK_LIBS)
tests_unit_tcg_ir_test_SOURCES = tests/unit/tcg_ir_test.c
tests_unit_tcg_ir_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_tcg_ir_test_LDADD = $(HARNESS_LIBS) $(CHECK_LIBS)
tests_unit_tcg_tb_test_SOURCES = tests/unit/tcg_tb_test.c
tests_unit_tcg_tb_test_CFLAGS = $(UNIT_CFLAGS)
tests_unit_tcg_tb_test_LDADD = $(HARNESS_LIBS) $(CHECK_LIBS)
endif
