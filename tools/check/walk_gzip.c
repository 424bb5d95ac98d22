/* walk_gzip.c: the end of a gzip member as the kernel's gunzip sees it
 * (lib/decompress_inflate.c): magic 1f 8b, method 8, a 10-byte header
 * plus an optional file name (nothing else is skipped), a raw deflate
 * stream, then 8 bytes of CRC and size that it steps over unchecked.
 * The deflate stream is decoded symbol by symbol to find its last block;
 * no output is produced (lengths and distances are only counted). Errors
 * carry zlib's words, which the kernel turns into "uncompression error". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "walk.h"

#define MAXBITS 15
#define FHCRC 0x02
#define FEXTRA 0x04
#define FNAME 0x08
#define FCOMMENT 0x10

enum code_set { CODES, LENS, DISTS };

struct huff {
	unsigned bits;			/* width of the lookup index */
	uint16_t t[1 << MAXBITS];	/* (symbol << 4) | code length; 0: no code */
};

struct scan {
	const uint8_t *p;
	size_t n, pos;
	uint64_t buf;			/* bits not yet used, LSB first */
	unsigned cnt;
	uint64_t out;			/* bytes the stream decodes to */
	int truncated;
	const char *bad;		/* zlib's message for a bad stream */
	struct huff lit, dist, lens;
};

static void refill(struct scan *s)
{
	while (s->cnt <= 56 && s->pos < s->n) {
		s->buf |= (uint64_t)s->p[s->pos++] << s->cnt;
		s->cnt += 8;
	}
}

static int take(struct scan *s, unsigned k, uint32_t *v)
{
	if (s->cnt < k)
		refill(s);
	if (s->cnt < k) {
		s->truncated = 1;
		return -1;
	}
	*v = (uint32_t)(s->buf & ((1ull << k) - 1));
	s->buf >>= k;
	s->cnt -= k;
	return 0;
}

static int decode(struct scan *s, const struct huff *h, unsigned *sym)
{
	uint16_t e;

	if (s->cnt < h->bits)
		refill(s);
	e = h->t[s->buf & ((1u << h->bits) - 1)];
	if (!e || (e & 15) > s->cnt) {
		if (s->cnt < h->bits)
			s->truncated = 1;
		else
			s->bad = "invalid code";
		return -1;
	}
	s->buf >>= e & 15;
	s->cnt -= e & 15;
	*sym = e >> 4;
	return 0;
}

static unsigned reverse(unsigned code, unsigned len)
{
	unsigned r = 0;

	while (len--) {
		r = (r << 1) | (code & 1);
		code >>= 1;
	}
	return r;
}

/* zlib's rules: no over-subscribed set; an incomplete one only for
 * literal/length or distance codes with a single 1-bit code. */
static int set_ok(const unsigned count[MAXBITS + 1], unsigned max, enum code_set type)
{
	int left = 1;
	unsigned i;

	for (i = 1; i <= MAXBITS; i++) {
		left = left * 2 - (int)count[i];
		if (left < 0)
			return 0;
	}
	return !(left > 0 && (type == CODES || max != 1));
}

static int build(struct huff *h, const uint8_t *len, unsigned n, enum code_set type)
{
	unsigned count[MAXBITS + 1] = { 0 }, next[MAXBITS + 1], max = 0, sym, i, code = 0;

	for (sym = 0; sym < n; sym++)
		count[len[sym]]++;
	for (i = 1; i <= MAXBITS; i++)
		if (count[i])
			max = i;
	h->bits = max ? max : 1;
	memset(h->t, 0, sizeof h->t[0] << h->bits);
	if (max == 0)
		return 0;	/* no codes at all: allowed until one is used */
	if (!set_ok(count, max, type))
		return -1;
	count[0] = 0;
	for (i = 1; i <= MAXBITS; i++) {
		code = (code + count[i - 1]) << 1;
		next[i] = code;
	}
	for (sym = 0; sym < n; sym++) {
		unsigned l = len[sym], j;

		if (!l)
			continue;
		for (j = reverse(next[l]++, l); j < (1u << h->bits); j += 1u << l)
			h->t[j] = (uint16_t)(sym << 4 | l);
	}
	return 0;
}

static const uint16_t len_base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
	31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3,
	3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dist_base[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
	193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const uint8_t dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
	8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* One length/distance pair after length symbol sym (257..). */
static int match(struct scan *s, unsigned sym)
{
	uint32_t v, dist;
	unsigned d;

	sym -= 257;
	if (sym >= 29) {
		s->bad = "invalid literal/length code";
		return -1;
	}
	if (take(s, len_extra[sym], &v) < 0 || decode(s, &s->dist, &d) < 0)
		return -1;
	if (d >= 30) {
		s->bad = "invalid distance code";
		return -1;
	}
	if (take(s, dist_extra[d], &dist) < 0)
		return -1;
	if (dist_base[d] + dist > s->out) {
		s->bad = "invalid distance too far back";
		return -1;
	}
	s->out += len_base[sym] + v;
	return 0;
}

static int codes(struct scan *s)
{
	unsigned sym;

	for (;;) {
		if (decode(s, &s->lit, &sym) < 0)
			return -1;
		if (sym < 256)
			s->out++;
		else if (sym == 256)
			return 0;
		else if (match(s, sym) < 0)
			return -1;
	}
}

static int stored(struct scan *s)
{
	uint32_t len, nlen;

	s->buf >>= s->cnt & 7;	/* to a byte boundary */
	s->cnt &= ~7u;
	if (take(s, 16, &len) < 0 || take(s, 16, &nlen) < 0)
		return -1;
	if (len != (~nlen & 0xffff)) {
		s->bad = "invalid stored block lengths";
		return -1;
	}
	s->out += len;
	for (; len && s->cnt >= 8; len--) {
		s->buf >>= 8;
		s->cnt -= 8;
	}
	if (len > s->n - s->pos) {
		s->truncated = 1;
		return -1;
	}
	s->pos += len;
	return 0;
}

static int fixed(struct scan *s)
{
	uint8_t len[288];
	unsigned i;

	for (i = 0; i < 288; i++)
		len[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	build(&s->lit, len, 288, LENS);
	for (i = 0; i < 32; i++)
		len[i] = 5;
	build(&s->dist, len, 32, DISTS);
	return codes(s);
}

/* Run-length coded code lengths of a dynamic block. */
static int read_lengths(struct scan *s, uint8_t *len, unsigned total)
{
	unsigned i = 0, sym;

	while (i < total) {
		uint32_t rep, v;
		uint8_t val = 0;

		if (decode(s, &s->lens, &sym) < 0)
			return -1;
		if (sym < 16) {
			len[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16 && i == 0) {
			s->bad = "invalid bit length repeat";
			return -1;
		}
		if (sym == 16)
			val = len[i - 1];
		if (take(s, sym == 16 ? 2 : sym == 17 ? 3 : 7, &v) < 0)
			return -1;
		rep = (sym == 18 ? 11 : 3) + v;
		if (i + rep > total) {
			s->bad = "invalid bit length repeat";
			return -1;
		}
		while (rep--)
			len[i++] = val;
	}
	return 0;
}

static int dynamic(struct scan *s)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13,
		2, 14, 1, 15 };
	uint8_t len[320] = { 0 };
	uint32_t hlit, hdist, hclen, v;
	unsigned i;

	if (take(s, 5, &hlit) < 0 || take(s, 5, &hdist) < 0 || take(s, 4, &hclen) < 0)
		return -1;
	hlit += 257, hdist += 1, hclen += 4;
	if (hlit > 286 || hdist > 30) {
		s->bad = "too many length or distance symbols";
		return -1;
	}
	for (i = 0; i < hclen; i++) {
		if (take(s, 3, &v) < 0)
			return -1;
		len[order[i]] = (uint8_t)v;
	}
	if (build(&s->lens, len, 19, CODES) < 0) {
		s->bad = "invalid code lengths set";
		return -1;
	}
	memset(len, 0, sizeof len);
	if (read_lengths(s, len, hlit + hdist) < 0)
		return -1;
	if (len[256] == 0)
		s->bad = "invalid code -- missing end-of-block";
	else if (build(&s->lit, len, hlit, LENS) < 0)
		s->bad = "invalid literal/lengths set";
	else if (build(&s->dist, len + hlit, hdist, DISTS) < 0)
		s->bad = "invalid distances set";
	return s->bad ? -1 : codes(s);
}

static int blocks(struct scan *s)
{
	uint32_t last = 0, type;
	int rc = 0;

	while (rc == 0 && !last) {
		if (take(s, 1, &last) < 0 || take(s, 2, &type) < 0)
			return -1;
		if (type == 0)
			rc = stored(s);
		else if (type == 1)
			rc = fixed(s);
		else if (type == 2)
			rc = dynamic(s);
		else {
			s->bad = "invalid block type";
			rc = -1;
		}
	}
	return rc;
}

/* Header length as the kernel skips it, or -EINVAL. */
static int header(const uint8_t *p, size_t n, struct walk *w, size_t *hlen)
{
	size_t k = 10;

	if (n < 10 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8)
		return walk_fail(w, "Not a gzip file", "gzip magic with %s: the kernel's gunzip "
				 "takes only 1f 8b 08 (deflate)", n < 10 ? "fewer than 10 bytes" :
				 p[1] != 0x8b ? "the old 1f 9e signature" : "a method other than 8");
	if (p[3] & (FHCRC | FEXTRA | FCOMMENT))
		return walk_fail(w, "uncompression error", "the gzip header has %s%s%s, which the "
				 "kernel's gunzip does not skip: it inflates those bytes as data; "
				 "recompress with plain gzip -n", p[3] & FEXTRA ? "an extra field " : "",
				 p[3] & FCOMMENT ? "a comment " : "", p[3] & FHCRC ? "a header CRC" : "");
	if (p[3] & FNAME) {
		while (k < n && p[k])
			k++;
		if (k == n)
			return walk_fail(w, "header error", "the gzip header's file name is not "
					 "terminated before the end of the image");
		k++;
	}
	*hlen = k;
	return 0;
}

int walk_gzip(const uint8_t *p, size_t n, struct walk *w)
{
	struct scan *s;
	size_t hlen = 0;
	int rc;

	if (header(p, n, w, &hlen) < 0)
		return -EINVAL;
	s = calloc(1, sizeof *s);
	if (!s)
		return -ENOMEM;
	s->p = p + hlen;
	s->n = n - hlen;
	rc = blocks(s);
	w->usize = s->out;
	w->end = hlen + (s->pos * 8 - s->cnt + 7) / 8 + 8;
	if (rc < 0 && s->truncated)
		rc = walk_fail(w, "read error", "the gzip stream is cut short inside its deflate data "
			       "(%llu bytes decoded so far): is the image truncated?",
			       (unsigned long long)s->out);
	else if (rc < 0)
		rc = walk_fail(w, "uncompression error", "bad deflate data (zlib: %s)", s->bad);
	else if (w->end > n)
		rc = walk_fail(w, NULL, "the gzip stream lacks %llu bytes of its 8-byte trailer: the "
			       "kernel steps past the end of the image",
			       (unsigned long long)(w->end - n));
	if (rc < 0)	/* what the decompressor got to: the kernel unpacks that much */
		w->end = s->bad ? hlen + s->pos : n;
	free(s);
	return rc;
}
