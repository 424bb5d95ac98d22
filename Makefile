# baton: build the /init program, its image tools and its tests.
# Flavours are chosen by variables, never by #ifdef forests:
#   make                 static musl /init (musl-gcc -Os)   -> build/init
#   make LIBC=glibc      static glibc /init (gcc -Os)       -> build/init
#   make BLKID=1         libblkid identifies devices (static glibc with
#                        Debian's libblkid.a)                -> build/init
#   make LIBC=klibc      static klibc /init (klcc)          -> build/init
#   make EMERGENCY=reboot LOCKDOWN=1   failure policy built in (any flavour):
#                        EMERGENCY= default of rd.emergency= (shell, reboot,
#                        poweroff, halt, wait); LOCKDOWN=1: the cmdline can
#                        get no shell (no rd.emergency=shell, no init=)
#   make VERITY=required any flavour that boots only a root dm-verity checks
#                        (roothash= on the cmdline); default VERITY=optional
#   make LOCKDOWN=1 ROOT=PARTUUID=... [ROOTFSTYPE=ext4] [ROOTFLAGS=...]
#                        the root pinned at build time: root=, rootfstype=,
#                        rootflags= of the cmdline ignored
#   make INIT=/lib/systemd/systemd   the real init, instead of the usual list
# Everything the build writes stays under build/.

BLKID	?= 0
ifeq ($(BLKID),1)
LIBC	?= glibc
else
LIBC	?= musl
endif
LOCKDOWN ?= 0
ifeq ($(LOCKDOWN),1)
EMERGENCY ?= reboot
else
EMERGENCY ?= shell
endif
ifeq ($(filter $(EMERGENCY),shell reboot poweroff halt wait),)
$(error EMERGENCY=$(EMERGENCY) is not a policy: use shell, reboot, poweroff, halt or wait)
endif
ifeq ($(filter $(LOCKDOWN),0 1),)
$(error LOCKDOWN=$(LOCKDOWN): use 0 or 1)
endif
VERITY	?= optional
ifeq ($(filter $(VERITY),optional required),)
$(error VERITY=$(VERITY): use optional or required)
endif
ifeq ($(LOCKDOWN)$(EMERGENCY),1shell)
$(error LOCKDOWN=1 locks the shell out: EMERGENCY=shell contradicts it)
endif
# Build-time pins, from make's command line only (never the environment:
# a stray ROOT= there must not pin anything). Quotes and backslashes would
# break the -D below, and no root or init path needs them.
PIN_VARS := ROOT ROOTFSTYPE ROOTFLAGS INIT
$(foreach v,$(PIN_VARS),$(if $(filter command line,$(origin $(v))),,$(eval override $(v) :=)))
$(foreach v,$(PIN_VARS),$(if $(findstring ',$($(v)))$(findstring ",$($(v)))$(findstring \,$($(v))),$(error $(v)= may not hold quotes or backslashes)))
ifneq ($(ROOT)$(ROOTFSTYPE)$(ROOTFLAGS),)
ifneq ($(LOCKDOWN),1)
$(error ROOT=, ROOTFSTYPE= and ROOTFLAGS= pin the root of a LOCKDOWN=1 build: add LOCKDOWN=1)
endif
ifeq ($(ROOT),)
$(error ROOTFSTYPE= and ROOTFLAGS= need ROOT=)
endif
endif
PIN_DEFS := $(foreach v,$(PIN_VARS),$(if $($(v)),-DBATON_$(v)='"$($(v))"'))
# A policy other than the plain one builds in its own directory.
POLICY	:= $(if $(filter-out 0shell,$(LOCKDOWN)$(EMERGENCY)),-$(EMERGENCY)$(if $(filter 1,$(LOCKDOWN)),-lockdown))$(if $(filter required,$(VERITY)),-verity)$(if $(ROOT)$(INIT),-pinned)
B	:= build
OBJDIR	:= $(B)/$(LIBC)$(if $(filter 1,$(BLKID)),-blkid)$(POLICY)
KDIR	?= $(HOME)/.cache/baton/kernel/current

WARN	:= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wundef -Wvla -Wwrite-strings
COMMON	:= -std=gnu11 -Iinclude $(WARN) -D_GNU_SOURCE
# Each compile of one .c writes its header dependencies beside its output
# (X.o -> X.d, a test program PROG -> .PROG.d); the end of this file reads them.
# The tools are one compile of many .c files each, where gcc would keep
# only the last file's list, so they depend on all their own headers.
DEP	:= -MMD -MP
# A program's list is hidden (.NAME.d), out of the globs that run
# build/tests/test_* and build/fuzz/fuzz_*.
PROG_DEP = $(DEP) -MF $(@D)/.$(@F).d

COMPAT	:= linux
ifeq ($(LIBC),musl)
CC_INIT	:= musl-gcc
KHDR	:= $(B)/kheaders
CFLAGS_INIT := -Os -idirafter $(KHDR)
else ifeq ($(LIBC),glibc)
CC_INIT	:= gcc
KHDR	:=
CFLAGS_INIT := -Os
else ifeq ($(LIBC),klibc)
CC_INIT	:= klcc
KHDR	:=
# As system headers, so their own warnings do not fail our build.
CFLAGS_INIT := -Os -Wp,-isystem,/usr/lib/klibc/include
COMPAT	:= klibc
else
$(error LIBC=$(LIBC) is not a flavour: use musl, glibc or klibc)
endif
IDENTIFY := identify
LIBS_INIT :=
ifeq ($(BLKID),1)
ifneq ($(LIBC),glibc)
$(error BLKID=1 needs LIBC=glibc: Debian's libblkid.a is built against glibc)
endif
IDENTIFY := identify_blkid
LIBS_INIT := -lblkid
endif
CFLAGS_INIT += $(COMMON) -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-stack-protector -fno-ident
# noseparate-code: no page-aligned padding between the ELF's segments
# (4 KiB less for the musl /init), which a static PID 1 has no use for.
LDFLAGS_INIT := -static -s -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noseparate-code

# compat_*.c: one per libc family, picked here, never by #ifdef.
# identify*.c: the prober behind blockdev_identify, own or libblkid.
# mem_*.c: memory from the kernel for /init (no malloc linked), from the
# C library for the host builds (so the sanitizers see it).
INIT_SRCS := $(filter-out init/compat_%.c init/identify%.c init/mem_%.c,$(wildcard init/*.c)) \
	init/compat_$(COMPAT).c init/$(IDENTIFY).c init/mem_pages.c
INIT_OBJS := $(patsubst init/%.c,$(OBJDIR)/%.o,$(INIT_SRCS))

# Host builds of the pure and syscall code for unit tests (everything but main).
HOSTCC	?= gcc
HOST_CFLAGS := -O1 -g $(COMMON)
HOST_OBJS := $(patsubst init/%.c,$(B)/host/%.o,$(filter-out init/main.c init/compat_%.c init/identify%.c init/mem_%.c,$(INIT_SRCS)) init/compat_linux.c init/identify.c init/mem_libc.c)
# test_espsize tests tools/mkdisk (below), not /init's code.
UNIT_SRCS := $(filter-out tests/unit/test_espsize.c,$(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRCS))
# Host helper programs the test scripts drive (not run by themselves).
TOOL_SRCS := $(wildcard tests/unit/tool_*.c)
TOOL_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TOOL_SRCS))

# Keep host objects between test links (they are intermediate to make).
.SECONDARY: $(HOST_OBJS)

PACK_SRCS := $(wildcard tools/pack/*.c)

.PHONY: ilp32-tests
.PHONY: all tools tests image check check-full klibc-tests demo bench clean setup FORCE fuzz fuzz-corpus asan-tests
all: $(B)/init tools

tools: $(B)/baton-pack $(B)/baton-check $(B)/baton-espsize $(B)/baton-gpt

# -- /init ------------------------------------------------------------------
# Copied on every make, so build/init is always the flavour last asked for.
$(B)/init: $(OBJDIR)/init FORCE
	@cmp -s $< $@ || cp $< $@

$(OBJDIR)/init: $(INIT_OBJS)
	$(CC_INIT) $(LDFLAGS_INIT) -o $@ $^ $(LIBS_INIT)
	@if readelf -lW $@ | grep -q INTERP; then \
		echo "error: $@ is dynamically linked; /init must be static" >&2; rm -f $@; exit 1; fi

$(OBJDIR)/%.o: init/%.c $(OBJDIR)/%.d | $(OBJDIR) $(KHDR)
	$(CC_INIT) $(CFLAGS_INIT) $(DEP) -c -o $@ $<

# The failure policy and the pins reach this one object only; the stamp
# holds them, so changing ROOT= rebuilds it.
$(OBJDIR)/buildpolicy.o: CFLAGS_INIT += -DBATON_EMERGENCY=EMERG_$(shell echo $(EMERGENCY) | tr a-z A-Z) \
	-DBATON_LOCKDOWN=$(LOCKDOWN) -DBATON_VERITY_REQUIRED=$(if $(filter required,$(VERITY)),1,0) $(PIN_DEFS)
$(OBJDIR)/buildpolicy.o: $(OBJDIR)/pins.stamp
$(OBJDIR)/pins.stamp: FORCE | $(OBJDIR)
	@echo '$(subst ','\'',$(PIN_DEFS))' | cmp -s - $@ || echo '$(subst ','\'',$(PIN_DEFS))' >$@

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

$(B)/baton-check: $(wildcard tools/check/*.c) $(wildcard tools/check/*.h) | $(B)/tests
	$(HOSTCC) -O2 $(COMMON) -Itools/check -o $@ $(wildcard tools/check/*.c)

# tools/baton-mkdisk's helpers: the EFI system partition's size solver and
# the GPT writer (tools/mkdisk/).
ESPSIZE_SRCS := tools/mkdisk/espsize.c tools/mkdisk/manifest.c
GPT_SRCS := tools/mkdisk/gpt.c
$(B)/baton-espsize: $(ESPSIZE_SRCS) tools/mkdisk/main.c tools/mkdisk/espsize.h | $(B)/tests
	$(HOSTCC) -O2 $(COMMON) -Itools/mkdisk -o $@ $(ESPSIZE_SRCS) tools/mkdisk/main.c

$(B)/tests/test_espsize: tests/unit/test_espsize.c tests/unit/check.h $(ESPSIZE_SRCS) $(GPT_SRCS) \
		tools/mkdisk/espsize.h tools/mkdisk/gpt.h | $(B)/tests
	$(HOSTCC) $(HOST_CFLAGS) -Itests/unit -Itools/mkdisk -o $@ $< $(ESPSIZE_SRCS) $(GPT_SRCS)

$(B)/baton-gpt: $(GPT_SRCS) tools/mkdisk/gptmain.c tools/mkdisk/gpt.h | $(B)/tests
	$(HOSTCC) -O2 $(COMMON) -Itools/mkdisk -o $@ $(GPT_SRCS) tools/mkdisk/gptmain.c

# -- tests ------------------------------------------------------------------
$(B)/host/%.o: init/%.c $(B)/host/%.d | $(B)/host
	$(HOSTCC) $(HOST_CFLAGS) $(DEP) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c tests/unit/check.h $(HOST_OBJS) | $(B)/tests
	$(HOSTCC) $(HOST_CFLAGS) $(PROG_DEP) -Itests/unit -o $@ $< $(HOST_OBJS)

# The libblkid differential test tool links the host's libblkid as well.
$(B)/tests/tool_blkid_diff: tests/unit/tool_blkid_diff.c $(HOST_OBJS) | $(B)/tests
	$(HOSTCC) $(HOST_CFLAGS) $(PROG_DEP) -Itests/unit -o $@ $< $(HOST_OBJS) -lblkid

# The unit tests again, built with klcc against the klibc objects (make
# LIBC=klibc klibc-tests). test_modindex drives modprobe through popen(),
# which klibc lacks; the code it tests is built for klibc all the same.
KLIBC_UNIT := $(patsubst tests/unit/%.c,$(B)/klibc-tests/%,$(filter-out tests/unit/test_modindex.c,$(UNIT_SRCS)))
klibc-tests: $(KLIBC_UNIT)
$(B)/klibc-tests/%: tests/unit/%.c tests/unit/check.h $(filter-out $(OBJDIR)/main.o,$(INIT_OBJS))
	@mkdir -p $(@D)
	$(CC_INIT) $(CFLAGS_INIT) $(PROG_DEP) -Itests/unit -static -o $@ $< $(filter %.o,$^)

# The unit tests again as 32-bit programs (make ilp32-tests, gcc -m32 from
# gcc-multilib): a long has 32 bits there, as on klibc's 32-bit targets, so
# arithmetic that only fits in a 64-bit long fails here.
I32	:= $(B)/ilp32-tests
I32_OBJS := $(patsubst $(B)/host/%.o,$(I32)/obj/%.o,$(HOST_OBJS))
I32_BINS := $(patsubst tests/unit/%.c,$(I32)/%,$(UNIT_SRCS))
ilp32-tests: $(I32_BINS)
$(I32_OBJS): $(I32)/obj/%.o: init/%.c $(I32)/obj/%.d
	@mkdir -p $(@D)
	$(HOSTCC) -m32 $(HOST_CFLAGS) $(DEP) -c -o $@ $<
$(I32_BINS): $(I32)/%: tests/unit/%.c tests/unit/check.h $(I32_OBJS)
	$(HOSTCC) -m32 $(HOST_CFLAGS) $(PROG_DEP) -Itests/unit -o $@ $< $(I32_OBJS)

# The real root's inits for the qemu tests, tests/rootfs/NAME.c -> build/NAME,
# static (they run as PID 1 of a bare root):
#   testinit  prints a marker, powers off
#   modinit   reports the loaded modules and the files named on its
#             command line, powers off
#   fwinit    the firmware-root tests (tests/qemu/t-firmware.sh): writes,
#             reads back, reads the whole root, waits for a disk to go
#   udevdiff  the udev differential test: lists the /dev/disk links baton
#             left, runs the root's udev, lists udev's
TEST_INITS := $(addprefix $(B)/,testinit modinit fwinit udevdiff)
$(TEST_INITS): $(B)/%: tests/rootfs/%.c | $(B)/kheaders
	musl-gcc -static -Os -s -idirafter $(B)/kheaders $(COMMON) $(PROG_DEP) -o $@ $<

# The switch-root test driver for namespace tests: the real switchroot.c,
# static, so it runs inside a bare tmpfs "initramfs" with no libraries.
$(B)/tests/nsinit: tests/ns/nsinit.c $(filter-out $(OBJDIR)/main.o,$(INIT_OBJS)) | $(B)/tests
	$(CC_INIT) $(CFLAGS_INIT) $(PROG_DEP) $(LDFLAGS_INIT) -o $@ $(filter %.c %.o,$^)

# For tests/qemu/t-lockdown.sh: the module test's init linked dynamically
# (glibc), as systemd and sysvinit are, and a library an unprivileged user
# could leave on the root, which a PID 1 obeying LD_PRELOAD= would load.
$(B)/dyninit: tests/rootfs/modinit.c | $(B)/tests
	$(HOSTCC) -O2 $(COMMON) -o $@ $<
$(B)/preload.so: tests/rootfs/preload.c | $(B)/tests
	$(HOSTCC) -O2 $(COMMON) -Wno-unused-result -shared -fPIC -o $@ $<

tests: $(B)/dyninit $(B)/preload.so $(B)/tests/nsinit $(UNIT_BINS) $(TOOL_BINS) $(B)/testinit $(B)/modinit $(B)/udevdiff $(B)/fwinit $(B)/baton-pack \
	$(B)/baton-espsize $(B)/baton-gpt $(B)/tests/test_espsize

# -- image ------------------------------------------------------------------
image: $(B)/initramfs.cpio.gz

$(B)/modules.spec: tools/modules-spec.sh tools/baton-mkinitramfs rootfs-spec/modules.list
	tools/modules-spec.sh $(KDIR) rootfs-spec/modules.list $(B)/modules >$@.tmp && mv $@.tmp $@

$(B)/initramfs.cpio: rootfs-spec/default.spec $(B)/modules.spec $(B)/init $(B)/baton-pack
	BUILD=$(abspath $(B)) $(B)/baton-pack -o $@ rootfs-spec/default.spec $(B)/modules.spec

$(B)/initramfs.cpio.gz: $(B)/initramfs.cpio
	gzip -9nc $< >$@.tmp && mv $@.tmp $@

include tests/fuzz/fuzz.mk

# -- entry points -----------------------------------------------------------
# The PARTUUID of the qemu tests' root disks (tests/qemu/lib.sh), pinned by
# the LOCKDOWN image of tests/qemu/t-lockdown.sh.
TEST_PARTUUID := b007ab1e-0000-4000-8000-0000000000b1

setup:
	tools/setup.sh >/dev/null

check: setup
	$(MAKE) all tests image
	$(MAKE) LIBC=klibc klibc-tests
	$(MAKE) ilp32-tests
	$(MAKE) BLKID=1 $(B)/glibc-blkid/init
	$(MAKE) LOCKDOWN=1 $(B)/musl-reboot-lockdown/init
	$(MAKE) LOCKDOWN=1 ROOT=PARTUUID=$(TEST_PARTUUID) $(B)/musl-reboot-lockdown-pinned/init
	$(MAKE) asan-tests fuzz-corpus
	tests/run.sh

# check plus the long extras: the full ESP size sweep (1 MiB..1 GiB),
# every baton-mkdisk OVMF boot, and tests/full/: the Debian 12 root proof
# (tools/debian-root.sh builds and caches the root with mmdebstrap, ~8 min
# once; each run ~5-10 min) (README: Tests).
check-full:
	$(MAKE) check ESP_SWEEP=full MKDISK_FULL=1
	tests/run.sh full

demo: setup
	$(MAKE) all tests image
	tests/qemu/demo.sh

# Against the peers, same kernel, same disk (bench/run.sh; minutes, so not
# part of check). BENCH_ROUNDS=N, BENCH_SMOKE=1 (one round, two configs).
bench:
	bench/run.sh

clean:
	rm -rf $(B)

FORCE:

# -- install (make install DESTDIR= PREFIX=; make uninstall) -----------------
# The tools, /init (build/init and any other flavour built), the module
# profiles, baton-mkdisk's helpers, the man pages and the example specs.
# baton-mkinitramfs learns where /init and the profiles went, baton-mkdisk
# where its helpers went (BATON_LIBDIR_DEFAULT).
PREFIX	?= /usr/local
BINDIR	:= $(PREFIX)/bin
SBINDIR	:= $(PREFIX)/sbin
LIBDIR	:= $(PREFIX)/lib/baton
MANDIR	:= $(PREFIX)/share/man
DOCDIR	:= $(PREFIX)/share/doc/baton
MANPAGES := $(wildcard man/*.[1-8])
PROFILES := $(notdir $(wildcard tools/profiles/*))
# Flavours other than build/init that were built: build/DIR/init -> init-DIR.
FLAVOURS := $(patsubst $(B)/%/init,%,$(filter-out $(OBJDIR)/init,$(wildcard $(B)/*/init)))
.PHONY: install uninstall
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR)/profiles \
		$(DESTDIR)$(DOCDIR)/examples $(addprefix $(DESTDIR)$(MANDIR)/man,1 7 8)
	install -m 0755 $(B)/baton-pack $(B)/baton-check $(DESTDIR)$(BINDIR)/
	sed -e 's|^BATON_LIBDIR_DEFAULT=.*|BATON_LIBDIR_DEFAULT=$(LIBDIR)|' \
	    -e 's|^BATON_BINDIR_DEFAULT=.*|BATON_BINDIR_DEFAULT=$(BINDIR)|' \
		tools/baton-mkinitramfs >$(DESTDIR)$(SBINDIR)/baton-mkinitramfs
	chmod 0755 $(DESTDIR)$(SBINDIR)/baton-mkinitramfs
	install -m 0755 tools/baton-update-initramfs $(DESTDIR)$(SBINDIR)/
	sed -e 's|^BATON_LIBDIR_DEFAULT=.*|BATON_LIBDIR_DEFAULT=$(LIBDIR)|' \
		tools/baton-mkdisk >$(DESTDIR)$(BINDIR)/baton-mkdisk
	chmod 0755 $(DESTDIR)$(BINDIR)/baton-mkdisk
	install -m 0755 $(B)/baton-espsize $(B)/baton-gpt $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(B)/init $(DESTDIR)$(LIBDIR)/init
	$(foreach f,$(FLAVOURS),install -m 0755 $(B)/$(f)/init $(DESTDIR)$(LIBDIR)/init-$(f) &&) true
	install -m 0644 $(addprefix tools/profiles/,$(PROFILES)) $(DESTDIR)$(LIBDIR)/profiles/
	$(foreach m,$(MANPAGES),install -m 0644 $(m) $(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/ &&) true
	install -m 0644 rootfs-spec/default.spec rootfs-spec/modules.list rootfs-spec/baton.conf \
		$(DESTDIR)$(DOCDIR)/examples/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/baton-pack $(DESTDIR)$(BINDIR)/baton-check $(DESTDIR)$(BINDIR)/baton-mkdisk \
		$(DESTDIR)$(LIBDIR)/baton-espsize $(DESTDIR)$(LIBDIR)/baton-gpt \
		$(DESTDIR)$(SBINDIR)/baton-mkinitramfs $(DESTDIR)$(SBINDIR)/baton-update-initramfs
	rm -f $(DESTDIR)$(LIBDIR)/init $(DESTDIR)$(LIBDIR)/init-* \
		$(addprefix $(DESTDIR)$(LIBDIR)/profiles/,$(PROFILES))
	rm -f $(foreach m,$(MANPAGES),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/examples/,default.spec modules.list baton.conf)
	-rmdir $(DESTDIR)$(LIBDIR)/profiles $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null

# -- header dependencies ----------------------------------------------------
# The .d files gcc wrote (DEP above). An object whose .d is missing (built
# before this rule existed) counts as out of date through the empty rule, so
# no stale object survives a header change.
OBJ_DEPS := $(patsubst %.o,%.d,$(INIT_OBJS) $(HOST_OBJS) $(I32_OBJS) $(FUZZ_INIT_OBJS) \
	$(FUZZ_PACK_OBJS) $(FUZZ_CHECK_OBJS) $(FUZZ_MKDISK_OBJS) $(ASAN_OBJS))
$(OBJ_DEPS):
include $(wildcard $(OBJ_DEPS) $(addsuffix /.*.d,$(B) $(B)/tests $(B)/klibc-tests $(I32) $(FZ) $(AZ)))
