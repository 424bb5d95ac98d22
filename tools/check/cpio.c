/* cpio.c: the newc member parser (see cpio.h). The states follow the
 * kernel's unpacker; the kernel's messages are quoted in the findings so
 * they can be matched with a boot log. One approximation: after a member
 * the kernel skips, it resumes in whatever state it last planned, which is
 * "expect a header right away" before the first member it acts on, and
 * "skip NULs first" after; the rarer "parse the same header again" (a
 * header split across two decompressor buffers) is not replayed. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cpio.h"
#include "hex.h"
#include "kinds.h"

static const char *const field_name[13] = {
	"c_ino", "c_mode", "c_uid", "c_gid", "c_nlink", "c_mtime", "c_filesize",
	"c_devmajor", "c_devminor", "c_rdevmajor", "c_rdevminor", "c_namesize", "c_check",
};

void cpio_init(struct cpio *c, const struct cpio_ops *ops)
{
	memset(c, 0, sizeof *c);
	c->ops = *ops;
	c->state = CP_START;
	c->after_skip = CP_START;	/* the kernel's next_state starts as Start */
}

void cpio_start(struct cpio *c)
{
	c->state = CP_START;
}

static struct loc here(const struct cpio *c, uint64_t off)
{
	struct loc l = c->base;

	l.off = off;
	return l;
}

/* What the kernel's simple_strtoul(field, NULL, 16) makes of 8 bytes: an
 * optional 0x, then hex digits up to the first other byte. *clean is 0
 * unless the field is exactly 8 hex digits. */
static uint32_t hex8(const uint8_t *s, int *clean)
{
	uint32_t v = 0;
	int i = 0;

	*clean = 1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		i = 2;
		*clean = 0;
	}
	for (; i < 8; i++) {
		int d = hex_value(s[i]);

		if (d < 0) {
			*clean = 0;
			break;
		}
		v = v * 16 + (uint32_t)d;
	}
	return v;
}

/* Printable form of n bytes, for messages. */
static const char *show(const uint8_t *p, size_t n, char *buf, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 5 < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			buf[k++] = (char)p[i];
		else
			k += (size_t)snprintf(buf + k, len - k, "\\x%02x", p[i]);
	}
	buf[k] = '\0';
	return buf;
}

static void fatal(struct cpio *c, const char *kmsg)
{
	c->fatal = kmsg;
}

/* The first 6 bytes are not a newc magic. */
static void bad_magic(struct cpio *c, const struct loc *at)
{
	char got[64];

	show(c->hdr, 6, got, sizeof got);
	if (memcmp(c->hdr, "070707", 6) == 0) {
		report(SEV_ERROR, at, "\"incorrect cpio method used: use -H newc option\": an old "
		       "portable (odc) cpio header; the kernel reads only newc and stops unpacking "
		       "here: repack with baton-pack or cpio -o -H newc");
		fatal(c, "incorrect cpio method used: use -H newc option");
		return;
	}
	report(SEV_ERROR, at, "\"no cpio magic\": a member must start with \"070701\" or "
	       "\"070702\", here is \"%s\"%s%s%s; the kernel stops unpacking here", got,
	       c->members ? " (after member " : "", c->members ? c->last_name : "",
	       c->members ? ": is its size field right?)" : "");
	fatal(c, "no cpio magic");
}

/* Decodes the 13 fields like 6.1's kernel, warning about what only it
 * would accept: newer kernels (hex2bin) refuse any field that is not 8 hex
 * digits, which the warning says. */
static void parse_fields(struct cpio *c, struct centry *e, const struct loc *at)
{
	uint32_t v[13];
	int i, clean;

	for (i = 0; i < 13; i++) {
		char got[48];

		v[i] = hex8(c->hdr + 6 + 8 * i, &clean);
		if (!clean)
			report(SEV_WARN, at, "header field %s is \"%s\", not 8 hex digits: Linux "
			       "6.1 (simple_strtoul) reads it as 0x%" PRIX32 ", but kernels that "
			       "parse headers with hex2bin() (mainline since 2025) refuse it and stop "
			       "unpacking here: write 8 hex digits", field_name[i],
			       show(c->hdr + 6 + 8 * i, 8, got, sizeof got), v[i]);
	}
	e->ino = v[0], e->mode = v[1], e->uid = v[2], e->gid = v[3], e->nlink = v[4];
	e->mtime = v[5], e->filesize = v[6], e->devmajor = v[7], e->devminor = v[8];
	e->rdevmajor = v[9], e->rdevminor = v[10], e->namesize = v[11], e->check = v[12];
	if (e->mode > 0xffff)
		report(SEV_WARN, at, "c_mode 0x%" PRIX32 " does not fit the kernel's 16-bit mode: "
		       "it uses 0%" PRIo32, e->mode, e->mode & 0xffff);
	e->mode &= 0xffff;
	if ((S_ISCHR(e->mode) || S_ISBLK(e->mode)) &&
	    (e->rdevmajor > 0xfff || e->rdevminor > 0xfffff)) {
		uint32_t maj, min;

		cpio_kernel_rdev(e, &maj, &min);
		report(SEV_WARN, at, "device number %" PRIu32 ":%" PRIu32 " is out of the kernel's "
		       "range (major < 4096, minor < 1048576): the kernel makes the device %" PRIu32
		       ":%" PRIu32 " instead", e->rdevmajor, e->rdevminor, maj, min);
	}
}

static void skip(struct cpio *c)
{
	c->state = CP_SKIP;
}

/* The kernel's do_header. */
static void got_header(struct cpio *c)
{
	struct centry *e = &c->cur;
	uint64_t need;

	memset(e, 0, sizeof *e);
	e->at = here(c, c->off - CPIO_HDR_LEN);
	if (memcmp(c->hdr, "070701", 6) != 0 && memcmp(c->hdr, "070702", 6) != 0) {
		bad_magic(c, &e->at);
		return;
	}
	e->crc = c->hdr[5] == '2';
	parse_fields(c, e, &e->at);
	c->members++;
	c->last_was_trailer = 0;
	c->next_header = (c->off + N_ALIGN(e->namesize) + e->filesize + 3) & ~(uint64_t)3;
	if (e->namesize == 0 || e->namesize > KPATH_MAX) {
		report(SEV_ERROR, &e->at, "member with c_namesize %" PRIu32 " (must be 1 to %d): the "
		       "kernel skips it silently", e->namesize, KPATH_MAX);
		snprintf(c->last_name, sizeof c->last_name, "(bad name size)");
		skip(c);
		return;
	}
	need = N_ALIGN(e->namesize);
	if (S_ISLNK(e->mode) && e->filesize <= KPATH_MAX)
		need += e->filesize;
	c->need = (size_t)need;
	c->have = 0;
	c->state = CP_NAME;
}

static void check_name(struct cpio *c, const struct centry *e)
{
	size_t len = strnlen(c->name, e->namesize);

	if (len + 1 == e->namesize)
		return;
	if (len < e->namesize)
		report(SEV_WARN, &e->at, "name \"%s\" has a NUL before the end of its %" PRIu32
		       "-byte field: the kernel uses only \"%s\"", c->name, e->namesize, c->name);
	else
		report(SEV_ERROR, &e->at, "name field of %" PRIu32 " bytes has no terminating NUL: "
		       "the kernel reads past it into the padding and data", e->namesize);
}

/* Symlinks, the kernel's do_symlink; too long ones are skipped. */
static void got_symlink(struct cpio *c, struct centry *e)
{
	if (e->filesize > KPATH_MAX) {
		report(SEV_ERROR, &e->at, "symlink %s has a %" PRIu32 "-byte target (at most %d): "
		       "the kernel skips it silently", e->name, e->filesize, KPATH_MAX);
		skip(c);
		return;
	}
	c->after_skip = CP_RESET;
	if (c->ops.entry)
		c->ops.entry(c->ops.ctx, e);
	skip(c);
}

static void data_done(struct cpio *c);

/* The kernel's do_name, for everything but symlinks. */
static void got_name(struct cpio *c)
{
	struct centry *e = &c->cur;

	c->name[c->need] = '\0';
	e->name = c->name;
	if (S_ISLNK(e->mode) && e->filesize <= KPATH_MAX)
		e->target = c->name + N_ALIGN(e->namesize);
	check_name(c, e);
	snprintf(c->last_name, sizeof c->last_name, "%s", e->name);
	if (c->ops.list)
		c->ops.list(c->ops.ctx, e);
	if (S_ISLNK(e->mode)) {
		got_symlink(c, e);
		return;
	}
	if (!S_ISREG(e->mode) && e->filesize) {
		report(SEV_ERROR, &e->at, "%s is a %s with %" PRIu32 " bytes of data: the kernel "
		       "reads data only for regular files and symlinks, and skips this member "
		       "silently (its c_filesize must be 0)", e->name, kind_name(e->mode), e->filesize);
		skip(c);
		return;
	}
	c->after_skip = CP_RESET;
	if (strcmp(e->name, TRAILER_NAME) == 0) {
		c->trailers++;
		c->last_was_trailer = 1;
		if (c->ops.trailer)
			c->ops.trailer(c->ops.ctx, e);
		skip(c);
		return;
	}
	if (c->ops.entry && c->ops.entry(c->ops.ctx, e) == 1 && S_ISREG(e->mode)) {
		c->data_left = e->filesize;
		c->sum = 0;
		c->state = CP_DATA;
		if (c->data_left == 0)
			data_done(c);	/* an empty file: nothing to wait for */
		return;
	}
	skip(c);
}

static size_t collect(struct cpio *c, uint8_t *dst, size_t want, const uint8_t *p, size_t n)
{
	size_t k = want - c->have < n ? want - c->have : n;

	memcpy(dst + c->have, p, k);
	c->have += k;
	return k;
}

static void sum_bytes(struct cpio *c, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		c->sum += p[i];
}

static void data_done(struct cpio *c)
{
	struct centry *e = &c->cur;

	if (c->ops.data_end)
		c->ops.data_end(c->ops.ctx, e, 1);
	skip(c);
	if (e->crc && c->sum != e->check) {
		report(SEV_ERROR, &e->at, "\"bad data checksum\": the data of %s sums to 0x%08" PRIX32
		       ", its header says 0x%08" PRIX32 "; the kernel writes the file, then stops "
		       "unpacking", e->name, c->sum, e->check);
		fatal(c, "bad data checksum");
	}
}

static size_t feed_data(struct cpio *c, const uint8_t *p, size_t n)
{
	size_t k = c->data_left < n ? (size_t)c->data_left : n;

	if (c->ops.data && k)
		c->ops.data(c->ops.ctx, p, k);
	if (c->cur.crc)
		sum_bytes(c, p, k);
	c->data_left -= k;
	c->off += k;
	if (c->data_left == 0)
		data_done(c);
	return k;
}

static size_t feed_skip(struct cpio *c, size_t n)
{
	uint64_t left = c->next_header - c->off;
	size_t k = left < n ? (size_t)left : n;

	c->off += k;
	if (c->off == c->next_header)
		c->state = c->after_skip;
	return k;
}

/* Between members: NULs, then a header at a multiple of 4, or the end. */
static size_t feed_reset(struct cpio *c, const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] == 0)
		i++;
	c->off += i;
	if (i == n)
		return i;
	if (c->off & 3) {
		struct loc at = here(c, c->off);

		report(SEV_ERROR, &at, "\"broken padding\": the next member%s%s starts at offset %"
		       PRIu64 ", not a multiple of 4; the kernel stops unpacking here. Pad what "
		       "comes before with NULs to a multiple of 4 (512 is customary; baton-pack -A "
		       "IMAGE does it)", c->members ? " after " : "", c->members ? c->last_name : "",
		       c->off);
		fatal(c, "broken padding");
	} else if (p[i] == '0') {
		c->state = CP_START;
	} else {
		c->stopped = 1;
	}
	return i;
}

static size_t step(struct cpio *c, const uint8_t *p, size_t n)
{
	size_t k;

	switch (c->state) {
	case CP_START:
		c->have = 0;
		c->state = CP_HEADER;
		return 0;
	case CP_HEADER:
		k = collect(c, c->hdr, CPIO_HDR_LEN, p, n);
		c->off += k;
		if (c->have == CPIO_HDR_LEN)
			got_header(c);
		return k;
	case CP_NAME:
		k = collect(c, (uint8_t *)c->name, c->need, p, n);
		c->off += k;
		if (c->have == c->need)
			got_name(c);
		return k;
	case CP_DATA:
		return feed_data(c, p, n);
	case CP_SKIP:
		return feed_skip(c, n);
	case CP_RESET:
		return feed_reset(c, p, n);
	}
	return n;
}

size_t cpio_feed(struct cpio *c, const uint8_t *p, size_t n)
{
	size_t used = 0;

	c->stopped = 0;
	while (!c->fatal && !c->stopped) {
		/* START and a finished skip take no bytes: run them at the end too. */
		if (used == n && c->state != CP_START && !(c->state == CP_SKIP &&
							      c->off == c->next_header))
			break;
		used += step(c, p + used, n - used);
	}
	return used;
}

int cpio_pending(const struct cpio *c, char *buf, size_t len)
{
	switch (c->state) {
	case CP_RESET:
		return 0;
	case CP_START:
		snprintf(buf, len, "where a member should start");
		break;
	case CP_HEADER:
		if (c->have == 0)
			snprintf(buf, len, "where a member should start");
		else
			snprintf(buf, len, "inside a member's header (%zu of %d bytes)", c->have,
				 CPIO_HDR_LEN);
		break;
	case CP_NAME:
		snprintf(buf, len, "inside a member's name (%zu of %zu bytes)", c->have, c->need);
		break;
	case CP_DATA:
		snprintf(buf, len, "inside the data of %s (%" PRIu64 " of its %" PRIu32 " bytes "
			 "missing)", c->cur.name, c->data_left, c->cur.filesize);
		break;
	case CP_SKIP:
		snprintf(buf, len, "inside %s (%" PRIu64 " bytes short of the next member)",
			 c->last_name, c->next_header - c->off);
		break;
	}
	return 1;
}

int cpio_end(struct cpio *c)
{
	char what[KPATH_MAX + 128];
	struct loc at = here(c, c->off);

	if (!cpio_pending(c, what, sizeof what) || (c->state == CP_HEADER && c->have == 0) ||
	    c->state == CP_START)
		return 0;
	if (c->state == CP_HEADER)
		at = here(c, c->off - c->have);
	else if (c->state == CP_NAME || c->state == CP_DATA)
		at = c->cur.at;
	if (c->state == CP_SKIP)
		report(SEV_WARN, &at, "the image ends %s: the kernel does not mind, other cpio "
		       "readers may", what);
	else
		report(SEV_ERROR, &at, "the image ends %s: %s", what, c->state == CP_DATA ?
		       "the kernel creates the file at full size, the missing end as zeros" :
		       "the kernel drops the member without a word");
	if (c->state == CP_DATA && c->ops.data_end)
		c->ops.data_end(c->ops.ctx, &c->cur, 0);
	return 1;
}
