# tcg/tcg.mk - the guest-independent translator: IR, passes, TB cache, loop.
libpcemu_a_SOURCES += \
	tcg/ir.c tcg/ir.h tcg/ir-opc.h \
	tcg/optimize.c tcg/liveness.c \
	tcg/frame.c tcg/frame.h \
	tcg/backend.c tcg/tci.c tcg/backend.h tcg/codebuf.h \
	tcg/x86_64/tcg-target.c tcg/x86_64/regplan.c tcg/x86_64/jit.h \
	tcg/x86_64/disas.c tcg/x86_64/disas.h \
	tcg/tb.c tcg/tb.h tcg/tb-internal.h \
	tcg/exec.c tcg/exec.h \
	softmmu/tlb.c softmmu/tlb.h
