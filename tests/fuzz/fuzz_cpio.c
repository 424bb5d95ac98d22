/* fuzz_cpio.c: libFuzzer harness for baton-check's replay of the kernel's
 * initramfs unpacker (tools/check): the top-level walk (unpack.c), the
 * newc member parser (cpio.c), the rootfs model the members are applied to
 * (apply.c, fs_core.c), the checks of /init after it (boot.c, elf.c), and
 * the listing and tree printers, the input being the image.
 *
 * baton-check decompresses a compressed segment by running gzip, xz, zstd
 * or lz4 (run.c); a process per input is far too slow for fuzzing, so this
 * file stands in for run.c with a filter that passes the segment through
 * unchanged, in small chunks. The walkers that find where each compressed
 * stream ends (walk_*.c) still run on the real bytes, and the member parser
 * still sees a segment's contents as the kernel would feed them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "fs.h"
#include "rootfs.h"
#include "run.h"
#include "unpack.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FEED_CHUNK 1000	/* not a multiple of 4: members straddle chunks */

static FILE *discard;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	discard = fopen("/dev/null", "w");
	if (!discard) {
		perror("fuzz_cpio: /dev/null");
		abort();
	}
	diag_quiet(1);
	return 0;
}

/* run.c's run_filter, as an identity "decompressor". */
int run_filter(const char *const *argv, const uint8_t *in, size_t n, run_out_fn out, void *ctx,
	       struct run_result *r)
{
	(void)argv;
	memset(r, 0, sizeof *r);
	while (n && !r->stopped) {
		size_t k = n < FEED_CHUNK ? n : FEED_CHUNK;

		r->stopped = out(ctx, in, k);
		in += k;
		n -= k;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_opts bo = { .init = "/init" };
	char init[1024];
	struct unpack u;
	struct fs fs;

	if (fs_init(&fs) < 0)
		return 0;
	if (unpack(&u, "fuzz", data, size, &fs, discard) == 0 && !u.incomplete) {
		fs_finish(&fs);
		boot_check(&fs, &bo, init, sizeof init);
		rootfs_check(&fs);
		fs_dump(&fs, discard);
	}
	unpack_free(&u);
	fs_free(&fs);
	return 0;
}
