# softmmu/softmmu.mk - machine glue: memory, ports, chardevs, log, options, loader.
# (softmmu/main.c is the pcemu program itself, see Makefile.am.)
libpcemu_a_SOURCES += \
	softmmu/block.c softmmu/block.h \
	softmmu/bswap.h \
	softmmu/chardev.c softmmu/chardev.h \
	softmmu/clock.c softmmu/clock.h \
	softmmu/ioport.c softmmu/ioport.h \
	softmmu/loader.c softmmu/loader.h \
	softmmu/log.c softmmu/log.h \
	softmmu/memory.c softmmu/memory.h \
	softmmu/monitor.c softmmu/monitor.h \
	softmmu/options.c softmmu/options.h \
	softmmu/png.c softmmu/png.h
