# cpu/cpu.mk - the x86 guest: decoder, translator, lazy flags, helpers.
libpcemu_a_SOURCES += \
	cpu/cpu.c cpu/cpu.h \
	cpu/decode.c cpu/decode.h \
	cpu/translate.c cpu/translate.h cpu/translate-internal.h cpu/translate-sys.c \
	cpu/cc.c \
	cpu/excp.c cpu/excp.h \
	cpu/seg.c \
	cpu/paging.c cpu/paging.h \
	cpu/helper.h cpu/helper_arith.c cpu/helper_misc.c cpu/helper_string.c
