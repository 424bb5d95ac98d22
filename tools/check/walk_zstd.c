/* walk_zstd.c: the end of one zstd frame as the kernel's unzstd sees it
 * (lib/decompress_unzstd.c decodes exactly one frame per segment): frame
 * header, then blocks whose 3-byte headers give their sizes, then an
 * optional 4-byte checksum. Skippable frames do not start with the zstd
 * magic, so the kernel never takes them for a compressed segment. */
#include <errno.h>
#include <string.h>

#include "walk.h"

#define KMSG_CORRUPT "ZSTD-compressed data is corrupt"
#define KMSG_MAYBE "ZSTD-compressed data is probably corrupt"
#define KMSG_TRUNC "ZSTD-compressed data is truncated"

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Frame header length from its descriptor byte, or -EINVAL. */
static int frame_header(const uint8_t *p, size_t n, struct walk *w, size_t *len, int *csum)
{
	static const uint8_t magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const unsigned did_size[4] = { 0, 1, 2, 4 };
	uint8_t fhd;
	unsigned fcs_size, single;
	size_t k;

	if (n < 5 || memcmp(p, magic, 4) != 0)
		return walk_fail(w, "Input is not in the ZSTD format (wrong magic bytes)",
				 "the bytes after 28 b5 are not the rest of the zstd magic");
	fhd = p[4];
	single = (fhd >> 5) & 1;
	fcs_size = (fhd >> 6) == 0 ? single : 1u << (fhd >> 6);
	if (fhd & 0x08)
		return walk_fail(w, KMSG_MAYBE, "a reserved bit is set in the zstd frame header");
	k = 5 + !single;
	if (n < k + did_size[fhd & 3] + fcs_size)
		return walk_fail(w, "ZSTD-compressed data has an incomplete frame header",
				 "the image ends inside a zstd frame header");
	if (did_size[fhd & 3] && le(p + k, did_size[fhd & 3]))
		return walk_fail(w, KMSG_MAYBE, "the zstd frame needs dictionary %llu, and the kernel "
				 "has none: compress without a dictionary",
				 (unsigned long long)le(p + k, did_size[fhd & 3]));
	k += did_size[fhd & 3];
	if (fcs_size)
		w->usize = le(p + k, fcs_size) + (fcs_size == 2 ? 256 : 0);
	*len = k + fcs_size;
	*csum = (fhd >> 2) & 1;
	return 0;
}

int walk_zstd(const uint8_t *p, size_t n, struct walk *w)
{
	size_t pos = 0;
	int csum = 0, last = 0;

	w->end = 0;
	if (frame_header(p, n, w, &pos, &csum) < 0)
		return -EINVAL;
	while (!last) {
		uint32_t h, type, size;

		if (n - pos < 3)
			break;
		h = (uint32_t)le(p + pos, 3);
		last = h & 1;
		type = (h >> 1) & 3;
		size = h >> 3;
		pos += 3;
		if (type == 3)
			return walk_fail(w, KMSG_CORRUPT, "a zstd block of the reserved type 3");
		if (size > 128 * 1024)
			return walk_fail(w, KMSG_CORRUPT, "a zstd block larger than 128 KiB");
		if ((type == 1 ? 1 : size) > n - pos)
			break;
		pos += type == 1 ? 1 : size;
	}
	if (!last || (csum && n - pos < 4)) {
		w->end = n;
		return walk_fail(w, KMSG_TRUNC, "the zstd frame is cut short: is the image truncated?");
	}
	w->end = pos + (csum ? 4 : 0);
	return 0;
}
