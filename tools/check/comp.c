/* comp.c: the kernel's compression magic table (see comp.h). bzip2, lzma
 * and lzo are recognised, as the kernel does, but not followed: their
 * stream ends cannot be found without decoding them. */
#include <string.h>

#include "comp.h"

static const char *const gzip_argv[] = { "gzip", "-dc", NULL };
static const char *const xz_argv[] = { "xz", "-dc", NULL };
static const char *const zstd_argv[] = { "zstd", "-dcq", NULL };
static const char *const lz4_argv[] = { "lz4", "-dcq", NULL };

static const struct comp_fmt formats[] = {
	{ { 0x1f, 0x8b }, "gzip", walk_gzip, gzip_argv },
	{ { 0x1f, 0x9e }, "gzip", walk_gzip, gzip_argv },
	{ { 0x42, 0x5a }, "bzip2", NULL, NULL },
	{ { 0x5d, 0x00 }, "lzma", NULL, NULL },
	{ { 0xfd, 0x37 }, "xz", walk_xz, xz_argv },
	{ { 0x89, 0x4c }, "lzo", NULL, NULL },
	{ { 0x02, 0x21 }, "lz4", walk_lz4, lz4_argv },
	{ { 0x28, 0xb5 }, "zstd", walk_zstd, zstd_argv },
};

const struct comp_fmt *comp_detect(const uint8_t *p, size_t n)
{
	size_t i;

	if (n < 2)
		return NULL;
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (memcmp(p, formats[i].magic, 2) == 0)
			return &formats[i];
	return NULL;
}
