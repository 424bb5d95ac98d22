# baton: build the /init program, its image tools and its tests.
# Flavours are chosen by variables, never by #ifdef forests:
#   make                 static musl /init (musl-gcc -Os)   -> build/init
#   make LIBC=glibc      static glibc /init (gcc -Os)       -> build/init
# Everything the build writes stays under build/.

LIBC	?= musl
B	:= build
OBJDIR	:= $(B)/$(LIBC)
KDIR	?= $(HOME)/.cache/baton/kernel/current

WARN	:= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
COMMON	:= -std=gnu11 -Iinclude $(WARN) -D_GNU_SOURCE

COMPAT	:= linux
ifeq ($(LIBC),musl)
CC_INIT	:= musl-gcc
KHDR	:= $(B)/kheaders
CFLAGS_INIT := -Os -idirafter $(KHDR)
else ifeq ($(LIBC),glibc)
CC_INIT	:= gcc
KHDR	:=
CFLAGS_INIT := -Os
else
$(error LIBC=$(LIBC) is not a flavour: use musl or glibc)
endif
CFLAGS_INIT += $(COMMON) -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-stack-protector -fno-ident
LDFLAGS_INIT := -static -s -Wl,--gc-sections -Wl,--build-id=none

# compat_*.c: one per libc family, picked here, never by #ifdef.
INIT_SRCS := $(filter-out init/compat_%.c,$(wildcard init/*.c)) init/compat_$(COMPAT).c
INIT_OBJS := $(patsubst init/%.c,$(OBJDIR)/%.o,$(INIT_SRCS))

# Host builds of the pure and syscall code for unit tests (everything but main).
HOSTCC	?= gcc
HOST_CFLAGS := -O1 -g $(COMMON)
HOST_OBJS := $(patsubst init/%.c,$(B)/host/%.o,$(filter-out init/main.c init/compat_%.c,$(INIT_SRCS)) init/compat_linux.c)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRCS))
# Host helper programs the test scripts drive (not run by themselves).
TOOL_SRCS := $(wildcard tests/unit/tool_*.c)
TOOL_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TOOL_SRCS))

# Keep host objects between test links (they are intermediate to make).
.SECONDARY: $(HOST_OBJS)

PACK_SRCS := $(wildcard tools/pack/*.c)

.PHONY: all tools tests image check demo clean setup FORCE
all: $(B)/init tools

tools: $(B)/baton-pack

# -- /init ------------------------------------------------------------------
# Copied on every make, so build/init is always the flavour last asked for.
$(B)/init: $(OBJDIR)/init FORCE
	@cmp -s $< $@ || cp $< $@

$(OBJDIR)/init: $(INIT_OBJS)
	$(CC_INIT) $(LDFLAGS_INIT) -o $@ $^
	@if readelf -lW $@ | grep -q INTERP; then \
		echo "error: $@ is dynamically linked; /init must be static" >&2; rm -f $@; exit 1; fi

$(OBJDIR)/%.o: init/%.c $(wildcard include/*.h) | $(OBJDIR) $(KHDR)
	$(CC_INIT) $(CFLAGS_INIT) -c -o $@ $<

# musl-gcc uses -nostdinc; the kernel's uapi headers come in after musl's own.
$(B)/kheaders:
	mkdir -p $@
	ln -sfn /usr/include/linux $@/linux
	ln -sfn /usr/include/x86_64-linux-gnu/asm $@/asm
	ln -sfn /usr/include/asm-generic $@/asm-generic

$(OBJDIR) $(B)/host $(B)/tests:
	mkdir -p $@

# -- image tools (host) -----------------------------------------------------
$(B)/baton-pack: $(PACK_SRCS) $(wildcard tools/pack/*.h) | $(B)/tests
	$(HOSTCC) -O2 $(COMMON) -Itools/pack -o $@ $(PACK_SRCS)

# -- tests ------------------------------------------------------------------
$(B)/host/%.o: init/%.c $(wildcard include/*.h) | $(B)/host
	$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c tests/unit/check.h $(HOST_OBJS) | $(B)/tests
	$(HOSTCC) $(HOST_CFLAGS) -Itests/unit -o $@ $< $(HOST_OBJS)

# The real root's init for qemu tests: static, prints a marker, powers off.
$(B)/testinit: tests/rootfs/testinit.c | $(B)/kheaders
	musl-gcc -static -Os -s -idirafter $(B)/kheaders $(COMMON) -o $@ $<

# The switch-root test driver for namespace tests: the real switchroot.c,
# static, so it runs inside a bare tmpfs "initramfs" with no libraries.
$(B)/tests/nsinit: tests/ns/nsinit.c $(filter-out $(OBJDIR)/main.o,$(INIT_OBJS)) | $(B)/tests
	$(CC_INIT) $(CFLAGS_INIT) $(LDFLAGS_INIT) -o $@ $^

tests: $(B)/tests/nsinit $(UNIT_BINS) $(TOOL_BINS) $(B)/testinit $(B)/baton-pack

# -- image ------------------------------------------------------------------
image: $(B)/initramfs.cpio.gz

$(B)/modules.spec: tools/modules-spec.sh rootfs-spec/modules.list
	tools/modules-spec.sh $(KDIR) rootfs-spec/modules.list $(B)/modules >$@.tmp && mv $@.tmp $@

$(B)/initramfs.cpio: rootfs-spec/default.spec $(B)/modules.spec $(B)/init $(B)/baton-pack
	BUILD=$(abspath $(B)) $(B)/baton-pack -o $@ rootfs-spec/default.spec $(B)/modules.spec

$(B)/initramfs.cpio.gz: $(B)/initramfs.cpio
	gzip -9nc $< >$@.tmp && mv $@.tmp $@

# -- entry points -----------------------------------------------------------
setup:
	tools/setup.sh >/dev/null

check: setup
	$(MAKE) all tests image
	tests/run.sh

demo: setup
	$(MAKE) all tests image
	tests/qemu/demo.sh


clean:
	rm -rf $(B)

FORCE:
