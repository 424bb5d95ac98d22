/* fuzz_spec.c: libFuzzer harness for baton-pack's spec reader
 * (tools/pack/spec.c: gen_init_cpio lines, ${VAR} expansion, names and the
 * parent-before-child rules) and, when a spec is accepted, the newc writer
 * (tools/pack/newc.c) on what it produced.
 *
 * spec_read takes paths, as baton-pack's command line gives them; the
 * input is handed over as an anonymous memory file (memfd) named by its
 * /proc/self/fd path, so nothing touches the disk and tools/pack needs no
 * entry point of its own for fuzzing. The archive goes to a second memfd,
 * emptied after each run. A "file" line's <location> is a real path on
 * this machine: the reader only stats it and the writer copies it, so an
 * image is written only while its files are small. Diagnostics go to
 * stderr, which libFuzzer is told to close (-close_fd_mask). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "image.h"
#include "newc.h"
#include "sink.h"
#include "spec.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WRITE_MAX (256u << 10)	/* file data copied per run, at most */

static int spec_fd = -1, out_fd = -1;
static char spec_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	spec_fd = memfd_create("fuzz-spec", MFD_CLOEXEC);
	out_fd = memfd_create("fuzz-spec-out", MFD_CLOEXEC);
	if (spec_fd < 0 || out_fd < 0) {
		perror("fuzz_spec: memfd_create");
		abort();
	}
	snprintf(spec_path, sizeof spec_path, "/proc/self/fd/%d", spec_fd);
	/* default.spec's ${BUILD}; a directory every host has. Any other
	 * variable the fuzzer invents is unset: that error path is wanted. */
	setenv("BUILD", "/etc", 1);
	return 0;
}

static void put_spec(const uint8_t *data, size_t size)
{
	if (ftruncate(spec_fd, 0) < 0 || pwrite(spec_fd, data, size, 0) != (ssize_t)size) {
		perror("fuzz_spec: writing the memfd");
		abort();
	}
}

static uint64_t data_bytes(const struct image *img)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < img->n; i++)
		sum += img->v[i].size;
	return sum;
}

static void write_newc(const struct image *img, unsigned align, int crc)
{
	static struct sink s;	/* a 64 KiB buffer */
	struct newc_opts o = { .crc = crc, .align = align };
	const struct entry *culprit;

	if (data_bytes(img) > WRITE_MAX)
		return;
	if (ftruncate(out_fd, 0) < 0 || lseek(out_fd, 0, SEEK_SET) < 0)
		abort();
	sink_init(&s, out_fd);
	newc_write(&s, img, &o, &culprit);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct spec_opts opts = { 0 };
	char *paths[] = { spec_path };
	struct image img;
	unsigned errors;

	put_spec(data, size);
	image_init(&img, 0);
	if (spec_read(&img, paths, 1, &opts, &errors) == 0)
		write_newc(&img, size & 1 ? 4 : 512, (int)(size & 2));
	image_free(&img);
	return 0;
}
