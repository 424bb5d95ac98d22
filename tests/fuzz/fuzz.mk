# tests/fuzz/fuzz.mk: the sanitizer builds, included by the Makefile.
#   make fuzz          libFuzzer harnesses (clang), each run FUZZ_SECONDS
#                      (default 60) on a scratch copy of its seed corpus in
#                      build/fuzz/corpus/; fails on any crash, leak, UB or hang
#   make fuzz-corpus   the same harnesses, built only: tests/unit/t-fuzz-corpus.sh
#                      replays every seed through them (make check does)
#   make asan-tests    the unit tests under ASan+UBSan (gcc) in build/asan-tests/
# FUZZ_TARGETS=cpio etc. picks harnesses. Objects are built apart from the
# normal ones (build/fuzz/obj, build/asan-tests/obj): instrumented code must
# never end up in /init or the tools.

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_TARGETS	?= cmdline spec cpio probe modindex verity espsize gpt dhcp http dns
FZ		:= $(B)/fuzz
AZ		:= $(B)/asan-tests

# Every UB check aborts, so a report can never scroll by as a warning.
SAN_FLAGS	:= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS	:= -O1 -g $(COMMON) $(SAN_FLAGS)

# The init code the unit tests link (HOST_OBJS: all but main.c, with the
# glibc compat and baton's own probers), the pack tool but its main, the
# check tool but its main and run.c (fuzz_cpio.c stands in for run.c: no
# decompressor processes while fuzzing).
FUZZ_INIT_OBJS	:= $(patsubst $(B)/host/%.o,$(FZ)/obj/init/%.o,$(HOST_OBJS))
FUZZ_PACK_OBJS	:= $(patsubst tools/pack/%.c,$(FZ)/obj/pack/%.o,$(filter-out tools/pack/main.c,$(PACK_SRCS)))
FUZZ_CHECK_OBJS	:= $(patsubst tools/check/%.c,$(FZ)/obj/check/%.o,\
		   $(filter-out tools/check/main.c tools/check/run.c,$(wildcard tools/check/*.c)))

# baton-mkdisk's helpers (tools/mkdisk): the manifest reader and solver,
# the GPT writer.
FUZZ_MKDISK_OBJS	:= $(patsubst tools/mkdisk/%.c,$(FZ)/obj/mkdisk/%.o,$(ESPSIZE_SRCS) $(GPT_SRCS))

FUZZ_OBJS_cmdline	:= $(FUZZ_INIT_OBJS)
FUZZ_OBJS_probe		:= $(FUZZ_INIT_OBJS)
FUZZ_OBJS_modindex	:= $(FUZZ_INIT_OBJS)
FUZZ_OBJS_dhcp		:= $(FUZZ_INIT_OBJS)
FUZZ_OBJS_http		:= $(FUZZ_INIT_OBJS)
FUZZ_OBJS_dns		:= $(FUZZ_INIT_OBJS)
FUZZ_OBJS_verity	:= $(FUZZ_INIT_OBJS)
FUZZ_OBJS_spec		:= $(FUZZ_PACK_OBJS)
FUZZ_OBJS_cpio		:= $(FUZZ_CHECK_OBJS)
FUZZ_OBJS_espsize	:= $(FUZZ_MKDISK_OBJS)
FUZZ_OBJS_gpt		:= $(FUZZ_MKDISK_OBJS)
FUZZ_INC_espsize	:= -Itools/mkdisk
FUZZ_INC_gpt		:= -Itools/mkdisk
FUZZ_INC_spec		:= -Itools/pack
FUZZ_INC_cpio		:= -Itools/check
FUZZ_ALL	:= cmdline spec cpio probe modindex verity espsize gpt dhcp http dns
FUZZ_BINS	:= $(patsubst %,$(FZ)/fuzz_%,$(FUZZ_ALL))

.PHONY: fuzz fuzz-corpus asan-tests

fuzz-corpus: $(FUZZ_BINS)

fuzz: $(patsubst %,$(FZ)/fuzz_%,$(FUZZ_TARGETS))
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/fuzz.sh $(FZ) $(FUZZ_TARGETS)

# Coverage instrumentation (fuzzer-no-link) for the code under test; the
# libFuzzer runtime and its main() come in at the link.
# clang writes the .d after the .o: the touch keeps the object the newer, so
# it is not rebuilt on every make.
$(FUZZ_INIT_OBJS): $(FZ)/obj/init/%.o: init/%.c $(FZ)/obj/init/%.d
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SAN_CFLAGS) $(DEP) -fsanitize=fuzzer-no-link -c -o $@ $<
	@touch $@

$(FUZZ_PACK_OBJS): $(FZ)/obj/pack/%.o: tools/pack/%.c $(FZ)/obj/pack/%.d
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SAN_CFLAGS) $(DEP) -fsanitize=fuzzer-no-link -Itools/pack -c -o $@ $<
	@touch $@

$(FUZZ_CHECK_OBJS): $(FZ)/obj/check/%.o: tools/check/%.c $(FZ)/obj/check/%.d
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SAN_CFLAGS) $(DEP) -fsanitize=fuzzer-no-link -Itools/check -c -o $@ $<
	@touch $@

$(FUZZ_MKDISK_OBJS): $(FZ)/obj/mkdisk/%.o: tools/mkdisk/%.c $(FZ)/obj/mkdisk/%.d
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SAN_CFLAGS) $(DEP) -fsanitize=fuzzer-no-link -Itools/mkdisk -c -o $@ $<
	@touch $@

define fuzz_bin
$(FZ)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_OBJS_$(1))
	@mkdir -p $$(@D)
	$$(FUZZ_CC) $$(SAN_CFLAGS) $$(PROG_DEP) -fsanitize=fuzzer $(FUZZ_INC_$(1)) -o $$@ $$< $(FUZZ_OBJS_$(1))
endef
$(foreach t,$(FUZZ_ALL),$(eval $(call fuzz_bin,$(t))))

# -- the unit tests under ASan+UBSan -------------------------------------------
ASAN_OBJS	:= $(patsubst $(B)/host/%.o,$(AZ)/obj/%.o,$(HOST_OBJS))
ASAN_BINS	:= $(patsubst tests/unit/%.c,$(AZ)/%,$(UNIT_SRCS))

asan-tests: $(ASAN_BINS) $(AZ)/test_espsize

# tools/mkdisk's unit test, with its own sources.
$(AZ)/test_espsize: tests/unit/test_espsize.c tests/unit/check.h $(ESPSIZE_SRCS) $(GPT_SRCS) \
		tools/mkdisk/espsize.h tools/mkdisk/gpt.h
	@mkdir -p $(@D)
	$(HOSTCC) $(SAN_CFLAGS) -Itests/unit -Itools/mkdisk -o $@ $< $(ESPSIZE_SRCS) $(GPT_SRCS)

$(ASAN_OBJS): $(AZ)/obj/%.o: init/%.c $(AZ)/obj/%.d
	@mkdir -p $(@D)
	$(HOSTCC) $(SAN_CFLAGS) $(DEP) -c -o $@ $<

$(ASAN_BINS): $(AZ)/%: tests/unit/%.c tests/unit/check.h $(ASAN_OBJS)
	$(HOSTCC) $(SAN_CFLAGS) $(PROG_DEP) -Itests/unit -o $@ $< $(ASAN_OBJS)
