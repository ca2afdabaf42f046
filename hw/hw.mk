# hw/hw.mk - the board and its devices, one file each.
libpcemu_a_SOURCES += \
	hw/debugcon.c hw/debugcon.h \
	hw/debugexit.c hw/debugexit.h \
	hw/irq.c hw/irq.h \
	hw/pc.c hw/pc.h \
	hw/poweroff.c hw/poweroff.h \
	hw/uart16550.c hw/uart16550.h \
	hw/vgamem.c hw/vgamem.h
