# hw/hw.mk - the board and its devices, one file each.
libpcemu_a_SOURCES += \
	hw/debugcon.c hw/debugcon.h \
	hw/debugexit.c hw/debugexit.h \
	hw/dma8237.c hw/dma8237.h \
	hw/fdc.c hw/fdc.h \
	hw/i8042.c hw/i8042.h \
	hw/ide.c hw/ide.h \
	hw/irq.c hw/irq.h \
	hw/pc.c hw/pc.h \
	hw/pic8259.c hw/pic8259.h \
	hw/pit8254.c hw/pit8254.h \
	hw/port92.c hw/port92.h \
	hw/poweroff.c hw/poweroff.h \
	hw/resetctl.c hw/resetctl.h \
	hw/rtc_cmos.c hw/rtc_cmos.h \
	hw/uart16550.c hw/uart16550.h \
	hw/vga.c hw/vga.h \
	hw/vgafont.c hw/vgafont.h \
	hw/vgamem.c hw/vgamem.h
