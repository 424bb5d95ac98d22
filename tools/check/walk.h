/* walk.h: where each compressed segment ends, as the kernel's decompressor
 * sees it. The decompression itself is done by the standard tools (gzip,
 * xz, zstd, lz4), which do not say how many input bytes one stream took;
 * but the kernel goes on right after the stream, so that number decides
 * where the next segment is looked for. Each walker follows its format's
 * framing without producing output (for gzip that means decoding the
 * deflate Huffman codes) and applies the kernel decompressor's own checks
 * (which header flags it skips, which xz checks it supports, where lz4's
 * legacy format stops). */
#ifndef BATON_CHECK_WALK_H
#define BATON_CHECK_WALK_H

#include <stddef.h>
#include <stdint.h>

struct walk {
	uint64_t end;		/* input bytes the kernel's decompressor consumes */
	uint64_t usize;		/* decompressed size when the format says, else 0 */
	const char *kmsg;	/* the kernel's message when it fails, or NULL */
	char why[512];		/* what is wrong, for the finding */
};

/* Each returns 0, or -EINVAL when the kernel's decompressor fails on the
 * stream (w->kmsg, w->why; w->end is how far the data is usable, 0 if
 * not at all). p[0..n) is the rest of the image from the stream's start. */
int walk_gzip(const uint8_t *p, size_t n, struct walk *w);
int walk_xz(const uint8_t *p, size_t n, struct walk *w);
int walk_zstd(const uint8_t *p, size_t n, struct walk *w);
int walk_lz4(const uint8_t *p, size_t n, struct walk *w);

/* Sets w->kmsg and a formatted w->why; returns -EINVAL. */
int walk_fail(struct walk *w, const char *kmsg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* CRC-32 (IEEE, as gzip and xz use) of n bytes. */
uint32_t crc32_ieee(const uint8_t *p, size_t n);

#endif
