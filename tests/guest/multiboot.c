/*
 * multiboot.c - the multiboot v1 entry contract: EAX magic, the info
 * structure's memory fields and the command line (-append).
 *
 * Loaders differ in one respect: GRUB and QEMU put the kernel's own path
 * in front of the command line ("/path/multiboot.elf arg=1 ..."), as the
 * multiboot spec's examples do. The path is machine specific, so when the
 * first word ends in ".elf" it is dropped before printing; the rest must
 * match exactly. The test's .args file passes a fixed -append string and
 * -m 64, so mem_upper is at most (64 - 1) MiB = 64512 KiB; a BIOS may keep
 * some of the top for itself (QEMU's SeaBIOS takes 128 KiB and reports
 * 64384), so the total is printed rounded up to whole MiB. mem_lower is 639
 * or 640 depending on the loader's view of the EBDA, so it is only bounded.
 */
#include "guest.h"

static const char *skip_kernel_path(const char *s)
{
    const char *end = s;
    while (*end && *end != ' ') {
        end++;
    }
    if (end - s >= 4 && strncmp(end - 4, ".elf", 4) == 0) {
        while (*end == ' ') {
            end++;
        }
        return end;
    }
    return s;
}

int main(uint32_t magic, const MultibootInfo *mbi)
{
    guest_puts("multiboot: entry magic, memory, command line\n");
    guest_printf("magic %08x\n", magic);
    CHECK_EQ(magic, MULTIBOOT_LOADER_MAGIC);
    if (magic != MULTIBOOT_LOADER_MAGIC) {
        return guest_result("multiboot");
    }
    CHECK(mbi->flags & MBI_FLAG_MEM);
    CHECK(mbi->flags & MBI_FLAG_CMDLINE);
    if (mbi->flags & MBI_FLAG_MEM) {
        CHECK(mbi->mem_lower >= 600 && mbi->mem_lower <= 640);
        guest_printf("mem_lower %s\n", mbi->mem_lower >= 600 && mbi->mem_lower <= 640 ? "ok" : "BAD");
        /* rounded up to whole MiB: the top few KiB may be reserved */
        uint32_t mib = (mbi->mem_upper + 1024 + 1023) / 1024;
        CHECK_EQ(mib, 64);
        guest_printf("memory %u MiB\n", mib);
    }
    if (mbi->flags & MBI_FLAG_CMDLINE) {
        const char *cmd = skip_kernel_path((const char *)(uintptr_t)mbi->cmdline);
        guest_printf("cmdline \"%s\"\n", cmd);
        CHECK(strcmp(cmd, "pcemu-test arg1=hello arg2=\"two words\" last") == 0);
    }
    /* interrupts are off on entry (multiboot spec 3.2) */
    CHECK((read_eflags() & 0x200) == 0);
    return guest_result("multiboot");
}
