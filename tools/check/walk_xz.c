/* walk_xz.c: the end of one .xz stream as the kernel's unxz sees it
 * (lib/decompress_unxz.c over xz_dec_stream): stream header, blocks,
 * index, footer; trailing stream padding is left to the unpacker, which
 * skips NULs. Blocks without a stored compressed size are walked through
 * their LZMA2 chunk headers (control byte, sizes), which needs no
 * decoding. The kernel's decoder takes the CRC32 or no check only, LZMA2
 * with at most one BCJ filter before it. */
#include <errno.h>
#include <string.h>

#include "walk.h"

#define KMSG_FORMAT "Input is not in the XZ format (wrong magic bytes)"
#define KMSG_OPTIONS "Input was encoded with settings that are not supported by this XZ decoder"
#define KMSG_CORRUPT "XZ-compressed data is corrupt"

struct rd {
	const uint8_t *p;
	size_t n, pos;
};

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int varint(struct rd *r, uint64_t *v)
{
	unsigned i;

	*v = 0;
	for (i = 0; i < 9 && r->pos < r->n; i++) {
		uint8_t b = r->p[r->pos++];

		*v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

static unsigned check_size(unsigned type)
{
	return type ? 4u << ((type - 1) / 3) : 0;
}

static const char *check_name(unsigned type)
{
	return type == 1 ? "CRC32" : type == 4 ? "CRC64" : type == 10 ? "SHA-256" : "reserved";
}

static int stream_header(const uint8_t *p, size_t n, struct walk *w, unsigned *check)
{
	static const uint8_t magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };

	if (n < 12 || memcmp(p, magic, 6) != 0)
		return walk_fail(w, KMSG_FORMAT, "not an .xz stream header");
	if (crc32_ieee(p + 6, 2) != le32(p + 8))
		return walk_fail(w, KMSG_CORRUPT, "the .xz stream header's CRC32 is wrong");
	if (p[6] || (p[7] & 0xf0))
		return walk_fail(w, KMSG_OPTIONS, "unknown .xz stream flags 0x%02x%02x", p[6], p[7]);
	*check = p[7];
	if (*check > 1)
		return walk_fail(w, KMSG_OPTIONS, "the .xz stream uses the %s integrity check (type "
				 "%u); the kernel's xz decoder takes only CRC32 or none: compress with "
				 "xz --check=crc32 (baton-pack -z xz does)", check_name(*check), *check);
	return 0;
}

/* LZMA2 chunks from r->pos to the end marker; adds their unpacked sizes. */
static int lzma2_chunks(struct rd *r, struct walk *w)
{
	for (;;) {
		uint8_t c;
		uint64_t skip;
		const uint8_t *h;

		if (r->pos >= r->n)
			return walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short inside LZMA2 data");
		c = r->p[r->pos++];
		if (c == 0)
			return 0;
		if (c > 2 && c < 0x80)
			return walk_fail(w, KMSG_CORRUPT, "invalid LZMA2 control byte 0x%02x", c);
		h = r->p + r->pos;
		if (r->n - r->pos < (c >= 0xc0 ? 5u : c >= 0x80 ? 4u : 2u))
			return walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short inside LZMA2 data");
		if (c <= 2) {
			skip = 2 + ((uint64_t)h[0] << 8 | h[1]) + 1;
			w->usize += skip - 2;
		} else {
			skip = (c >= 0xc0 ? 5 : 4) + ((uint64_t)h[2] << 8 | h[3]) + 1;
			w->usize += ((uint64_t)(c & 0x1f) << 16 | (uint64_t)h[0] << 8 | h[1]) + 1;
		}
		if (skip > r->n - r->pos)
			return walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short inside LZMA2 data");
		r->pos += skip;
	}
}

static int filters(struct rd *r, unsigned nfilters, struct walk *w)
{
	unsigned i;

	if (nfilters > 2)
		return walk_fail(w, KMSG_OPTIONS, "an .xz block with %u filters; the kernel takes "
				 "LZMA2 with at most one BCJ filter", nfilters);
	for (i = 0; i < nfilters; i++) {
		uint64_t id, psize;

		if (varint(r, &id) < 0 || varint(r, &psize) < 0 || psize > r->n - r->pos)
			return walk_fail(w, KMSG_CORRUPT, "a bad .xz block header");
		r->pos += psize;
		if (i + 1 == nfilters ? id != 0x21 : (id < 4 || id > 11))
			return walk_fail(w, KMSG_OPTIONS, "an .xz filter with id 0x%llx; the kernel "
					 "takes LZMA2 (0x21) with at most one BCJ filter before it",
					 (unsigned long long)id);
	}
	return 0;
}

/* One block at r->pos (its first byte is not 0): header, data, padding, check. */
static int block(struct rd *r, unsigned check, struct walk *w)
{
	size_t start = r->pos, hsize = ((size_t)r->p[r->pos] + 1) * 4;
	struct rd h;
	uint64_t csize = 0, usize;
	uint8_t flags;

	if (hsize > r->n - r->pos)
		return walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short in a block header");
	if (crc32_ieee(r->p + start, hsize - 4) != le32(r->p + start + hsize - 4))
		return walk_fail(w, KMSG_CORRUPT, "an .xz block header's CRC32 is wrong");
	flags = r->p[start + 1];
	h = (struct rd){ r->p, start + hsize - 4, start + 2 };
	if ((flags & 0x3c) || ((flags & 0x40) && varint(&h, &csize) < 0) ||
	    ((flags & 0x80) && varint(&h, &usize) < 0))
		return walk_fail(w, KMSG_OPTIONS, "unsupported .xz block flags 0x%02x", flags);
	if (filters(&h, (flags & 3) + 1u, w) < 0)
		return -EINVAL;
	r->pos = start + hsize;
	if (flags & 0x40) {
		if (csize > r->n - r->pos)
			return walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short inside a block");
		r->pos += csize;
	} else if (lzma2_chunks(r, w) < 0) {
		return -EINVAL;
	}
	r->pos += (4 - (r->pos & 3)) & 3;
	r->pos += check_size(check);
	if (r->pos > r->n)
		return walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short after a block");
	return 0;
}

/* The index (its records are not checked) and the footer. */
static int index_footer(struct rd *r, uint64_t nblocks, const uint8_t *flags, struct walk *w)
{
	size_t start = r->pos++;
	uint64_t nrec, i, v;

	if (varint(r, &nrec) < 0 || nrec != nblocks)
		return walk_fail(w, KMSG_CORRUPT, "the .xz index does not match the blocks");
	for (i = 0; i < 2 * nrec; i++)
		if (varint(r, &v) < 0)
			return walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short in its index");
	r->pos += (4 - (r->pos & 3)) & 3;
	if (r->pos + 4 + 12 > r->n)
		return walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short in its index or footer");
	if (crc32_ieee(r->p + start, r->pos - start) != le32(r->p + r->pos))
		return walk_fail(w, KMSG_CORRUPT, "the .xz index CRC32 is wrong");
	r->pos += 4;
	if (memcmp(r->p + r->pos + 10, "YZ", 2) != 0 || memcmp(r->p + r->pos + 8, flags, 2) != 0)
		return walk_fail(w, KMSG_CORRUPT, "bad .xz stream footer");
	r->pos += 12;
	return 0;
}

int walk_xz(const uint8_t *p, size_t n, struct walk *w)
{
	struct rd r = { p, n, 12 };
	uint64_t nblocks = 0;
	unsigned check = 0;

	w->end = 0;
	if (stream_header(p, n, w, &check) < 0)
		return -EINVAL;
	while (r.pos < n && p[r.pos] != 0) {
		if (block(&r, check, w) < 0) {
			w->end = n;	/* let the decompressor unpack what it can */
			return -EINVAL;
		}
		nblocks++;
	}
	if (r.pos >= n || index_footer(&r, nblocks, p + 6, w) < 0) {
		if (r.pos >= n)
			walk_fail(w, KMSG_CORRUPT, "the .xz stream is cut short before its index");
		w->end = n;
		return -EINVAL;
	}
	w->end = r.pos;
	return 0;
}
