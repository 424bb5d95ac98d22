/* walk_lz4.c: where the kernel's unlz4 stops in lz4's legacy format (the
 * one `lz4 -l` writes and the kernel reads): a magic number, then chunks,
 * each a 32-bit little-endian compressed size and that many bytes. The
 * format has no end marker: the kernel reads chunks until fewer than 4
 * bytes are left, or a size of 0 (NUL padding), and takes a repeated magic
 * number as the start of a concatenated stream. Anything else after the
 * data is read as the size of another chunk, which is why an lz4 segment
 * must be followed by at least 4 NUL bytes or nothing. */
#include <errno.h>

#include "walk.h"

#define LZ4_LEGACY_MAGIC 0x184c2102u

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int walk_lz4(const uint8_t *p, size_t n, struct walk *w)
{
	size_t pos = 4;

	w->end = 0;
	if (n < 4 || le32(p) != LZ4_LEGACY_MAGIC)
		return walk_fail(w, "invalid header", "not lz4's legacy format (magic 02 21 4c 18): "
				 "the kernel reads only that one; compress with lz4 -l");
	while (n - pos >= 4) {
		uint32_t size = le32(p + pos);

		if (size == LZ4_LEGACY_MAGIC) {
			pos += 4;
			continue;
		}
		if (size == 0)
			break;
		if (size > n - pos - 4) {
			w->end = n;
			/* The kernel's unlz4 hands the short chunk to
			 * LZ4_decompress_safe, which fails: "Decoding failed"
			 * (seen on 6.1 in tests/qemu/t-cpio-kernel.sh). */
			return walk_fail(w, "Decoding failed", "at offset %zu of the lz4 stream a chunk "
					 "of %u bytes is announced and only %zu follow: junk after the "
					 "lz4 data, or a cut image? The kernel's lz4 reads on until 4 NUL "
					 "bytes or the end: put at least 4 NULs after an lz4 segment",
					 pos, size, n - pos - 4);
		}
		pos += 4 + (size_t)size;
	}
	w->end = pos;
	return 0;
}
