/* unpack.c: the top level of the kernel's unpacker (see unpack.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "comp.h"
#include "list.h"
#include "run.h"
#include "unpack.h"

int unpack_stopped(const struct unpack *u)
{
	return u->kstop || u->cp->fatal;
}

static struct seg *cur_seg(struct unpack *u)
{
	return u->nseg ? &u->segs[u->nseg - 1] : NULL;
}

static struct seg *seg_new(struct unpack *u, uint64_t off, const char *fmt)
{
	struct seg *s;

	if (u->nseg == u->capseg) {
		size_t cap = u->capseg ? 2 * u->capseg : 8;
		struct seg *v = realloc(u->segs, cap * sizeof *v);

		if (!v)
			return NULL;
		u->segs = v;
		u->capseg = cap;
	}
	s = &u->segs[u->nseg++];
	memset(s, 0, sizeof *s);
	s->off = off;
	s->fmt = fmt;
	u->fs->seg = (unsigned)u->nseg;
	return s;
}

/* The open segment ends here without a TRAILER!!!. */
static void check_trailer(struct unpack *u, const struct loc *at)
{
	struct seg *s = cur_seg(u);

	if (!s || !s->members || s->last_trailer || s->warned || unpack_stopped(u))
		return;
	s->warned = 1;
	report(SEV_WARN, at, "segment %zu (%s at offset %" PRIu64 ") ends without TRAILER!!!: the "
	       "kernel does not need one, but then keeps its hard-link table for the next "
	       "segment, and GNU cpio and other readers stop early or complain; end every "
	       "archive with TRAILER!!! (baton-pack does)", u->nseg, s->fmt, s->off);
}

static void on_list(void *ctx, const struct centry *e)
{
	struct unpack *u = ctx;
	struct seg *s;

	if (!u->in_comp && u->new_seg) {
		if (!seg_new(u, e->at.off, "newc"))
			u->fs->oom = 1;
		u->new_seg = 0;
	}
	s = cur_seg(u);
	if (s && (strcmp(e->name, TRAILER_NAME) != 0 || S_ISLNK(e->mode) ||
		  (!S_ISREG(e->mode) && e->filesize))) {
		s->members++;
		s->last_trailer = 0;
	}
	if (u->list)
		list_member(e, u->list);
}

static int on_entry(void *ctx, const struct centry *e)
{
	return fs_entry(((struct unpack *)ctx)->fs, e);
}

static void on_data(void *ctx, const uint8_t *p, size_t n)
{
	fs_data(((struct unpack *)ctx)->fs, p, n);
}

static void on_data_end(void *ctx, const struct centry *e, int complete)
{
	fs_data_end(((struct unpack *)ctx)->fs, e, complete);
}

static void on_trailer(void *ctx, const struct centry *e)
{
	struct unpack *u = ctx;
	struct seg *s = cur_seg(u);

	fs_trailer(u->fs, e);
	if (s) {
		s->trailers++;
		s->last_trailer = 1;
	}
	if (!u->in_comp)
		u->new_seg = 1;
}

/* Newc members from a '0' at pos, as long as they go on. */
static size_t run_newc(struct unpack *u, uint64_t pos)
{
	struct cpio *c = u->cp;
	size_t used;

	u->in_comp = 0;
	memset(&c->base, 0, sizeof c->base);
	c->base.img = u->img;
	c->off = pos;
	cpio_start(c);
	used = cpio_feed(c, u->p + pos, u->len - pos);
	if (c->fatal) {
		u->stop_at = c->base;
		u->stop_at.off = c->off;
	}
	return used;
}

static void stop(struct unpack *u, const char *kmsg, const struct loc *at)
{
	u->kstop = kmsg;
	u->stop_at = *at;
}

/* A byte at the top level that starts nothing the kernel knows. */
static void junk(struct unpack *u, uint64_t pos)
{
	struct loc at = { .img = u->img, .off = pos };
	const struct seg *s = cur_seg(u);
	char after[128] = "", shown[64];
	size_t i, k = 0;

	if (s)
		snprintf(after, sizeof after, " (after segment %zu, %s at offset %" PRIu64 ")",
			 u->nseg, s->fmt, s->off);
	for (i = 0; i < 8 && pos + i < u->len && k + 5 < sizeof shown; i++) {
		uint8_t b = u->p[pos + i];

		k += (size_t)snprintf(shown + k, sizeof shown - k, b >= 0x20 && b < 0x7f &&
				      b != '"' && b != '\\' ? "%c" : "\\x%02x", b);
	}
	if (u->p[pos] == '0')
		report(SEV_ERROR, &at, "\"invalid magic at start of compressed archive\": a newc "
		       "member at offset %" PRIu64 ", which is not a multiple of 4%s; the kernel "
		       "stops unpacking here. Pad with NULs to a multiple of 4 before it (baton-pack "
		       "-A does)", pos, after);
	else
		report(SEV_ERROR, &at, "\"invalid magic at start of compressed archive\": \"%s\" is "
		       "neither NUL padding, a newc header (at a multiple of 4) nor a compressed "
		       "stream the kernel knows%s; it stops unpacking here", shown, after);
	stop(u, "invalid magic at start of compressed archive", &at);
}

static int on_output(void *ctx, const uint8_t *p, size_t n)
{
	struct unpack *u = ctx;
	struct cpio *c = u->cp;

	u->produced += n;
	while (n && !c->fatal) {
		size_t used = cpio_feed(c, p, n);

		if (c->stopped) {
			struct loc at = c->base;

			at.off = c->off;
			report(SEV_ERROR, &at, "\"junk within compressed archive\": byte 0x%02x is "
			       "neither NUL padding nor a newc header (a compressed stream inside a "
			       "compressed one?); the kernel stops unpacking", p[used]);
			stop(u, "junk within compressed archive", &at);
			return 1;
		}
		p += used;
		n -= used;
	}
	if (c->fatal) {
		u->stop_at = c->base;
		u->stop_at.off = c->off;
	}
	return c->fatal != NULL;
}

static void tool_failed(struct unpack *u, const struct comp_fmt *f, uint64_t pos,
			const struct run_result *r)
{
	struct loc at = { .img = u->img, .off = pos };
	int gz = strcmp(f->name, "gzip") == 0;

	/* The walker followed the whole stream as the kernel does: for gzip
	 * what is left is the trailer's CRC or size, which 6.1's gunzip steps
	 * over unchecked. A warning then: the kernel boots the image. */
	report(gz ? SEV_WARN : SEV_ERROR, &at, "%s %s fails on this %s segment (exit status %d: "
	       "%s): its data is corrupt%s", f->argv[0], f->argv[1], f->name, r->status, r->err,
	       gz ? " (its CRC or size does not match; the kernel does not check them and unpacks "
	       "it anyway: rebuild the image)" :
	       "; the kernel's decompressor fails too, and it stops unpacking");
	if (!gz)
		stop(u, "decompressor failed", &at);
}

/* Runs the tool on [pos, pos + w->end); whole: the walker found no fault. */
static void decompress(struct unpack *u, const struct comp_fmt *f, uint64_t pos,
		       const struct walk *w, int whole)
{
	struct cpio *c = u->cp;
	struct run_result r;
	int rc;

	u->in_comp = 1;
	memset(&c->base, 0, sizeof c->base);
	c->base.img = u->img;
	c->base.seg = pos;
	c->base.in_comp = 1;
	c->off = 0;		/* the kernel's this_header restarts at 0 */
	u->produced = 0;
	rc = run_filter(f->argv, u->p + pos, (size_t)w->end, on_output, u, &r);
	if (rc == -ENOENT)
		oops("cannot check the %s segment at offset %" PRIu64 ": %s is not installed "
		     "(Debian: apt-get install %s)", f->name, pos, f->argv[0],
		     strcmp(f->name, "xz") == 0 ? "xz-utils" : f->argv[0]);
	else if (rc < 0)
		oops_err(rc, "cannot run %s for the segment at offset %" PRIu64, f->argv[0], pos);
	if (rc < 0) {
		u->incomplete = 1;
		return;
	}
	if (whole && !r.stopped && r.status != 0)
		tool_failed(u, f, pos, &r);
	else if (whole && !r.stopped && w->usize && w->usize != u->produced &&
		 strcmp(f->name, "gzip") == 0)
		oops("internal: the gzip segment at %" PRIu64 " decodes to %" PRIu64 " bytes, %s "
		     "made %" PRIu64, pos, w->usize, f->argv[0], u->produced);
}

static void walk_failed(struct unpack *u, const struct comp_fmt *f, uint64_t pos,
			const struct walk *w)
{
	struct loc at = { .img = u->img, .off = pos };

	report(SEV_ERROR, &at, "%s%s%s%s segment: %s; the kernel stops unpacking here%s",
	       w->kmsg ? "\"" : "", w->kmsg ? w->kmsg : "", w->kmsg ? "\": " : "", f->name, w->why,
	       w->end ? " (keeping what it decompressed up to the fault)" : "");
	if (!unpack_stopped(u))
		stop(u, w->kmsg ? w->kmsg : "decompressor failed", &at);
}

/* The contents must end between members. */
static void comp_end(struct unpack *u, const struct comp_fmt *f)
{
	struct cpio *c = u->cp;
	struct loc at = c->base;
	char what[KPATH_MAX + 128];

	at.off = c->off;
	if (cpio_pending(c, what, sizeof what)) {
		report(SEV_ERROR, &at, "\"junk at the end of compressed archive\": the %s contents "
		       "end %s; the kernel stops unpacking", f->name, what);
		stop(u, "junk at the end of compressed archive", &at);
	} else {
		check_trailer(u, &at);
	}
}

static uint64_t run_comp(struct unpack *u, uint64_t pos)
{
	const struct comp_fmt *f = comp_detect(u->p + pos, u->len - pos);
	struct loc at = { .img = u->img, .off = pos };
	struct walk w;
	struct seg *s;
	int rc;

	if (!f) {
		junk(u, pos);
		return u->len;
	}
	if (!u->new_seg)
		check_trailer(u, &at);
	u->new_seg = 1;
	s = seg_new(u, pos, f->name);
	if (!s) {
		u->fs->oom = 1;
		return u->len;
	}
	if (!f->walk) {
		oops("%s:%" PRIu64 ": a %s-compressed segment: the kernel unpacks it if built with "
		     "CONFIG_RD_%s, but baton-check cannot follow it; recompress with gzip, xz, zstd "
		     "or lz4 -l to have it checked", u->img ? u->img : diag_image_name(), pos, f->name,
		     strcmp(f->name, "bzip2") == 0 ? "BZIP2" : strcmp(f->name, "lzma") == 0 ? "LZMA" :
		     "LZO");
		u->incomplete = 1;
		return u->len;
	}
	memset(&w, 0, sizeof w);
	rc = f->walk(u->p + pos, u->len - pos, &w);
	if (rc == -ENOMEM) {
		u->fs->oom = 1;
		return u->len;
	}
	s->csize = w.end;
	if (w.end)
		decompress(u, f, pos, &w, rc == 0);
	s->usize = u->cp->off;
	if (rc < 0 && !u->incomplete)
		walk_failed(u, f, pos, &w);
	else if (!unpack_stopped(u) && !u->incomplete)
		comp_end(u, f);
	u->in_comp = 0;
	return unpack_stopped(u) || u->incomplete ? u->len : pos + w.end;
}

int unpack(struct unpack *u, const char *img, const uint8_t *p, size_t len, struct fs *fs,
	   FILE *list)
{
	struct cpio_ops ops = { .list = on_list, .entry = on_entry, .data = on_data,
				.data_end = on_data_end, .trailer = on_trailer };
	uint64_t pos = 0;

	memset(u, 0, sizeof *u);
	u->img = img;
	u->p = p;
	u->len = len;
	u->fs = fs;
	u->list = list;
	u->new_seg = 1;
	u->cp = malloc(sizeof *u->cp);
	if (!u->cp)
		return -ENOMEM;
	ops.ctx = u;
	cpio_init(u->cp, &ops);
	while (pos < len && !unpack_stopped(u) && !u->incomplete && !fs->oom) {
		if (p[pos] == '0' && !(pos & 3))
			pos += run_newc(u, pos);
		else if (p[pos] == 0)
			pos++;
		else
			pos = run_comp(u, pos);
	}
	if (!unpack_stopped(u) && !u->incomplete) {
		struct loc at = { .img = u->img, .off = len };

		if (!cpio_end(u->cp) && !u->new_seg)
			check_trailer(u, &at);
	}
	return fs->oom ? -ENOMEM : 0;
}

void unpack_free(struct unpack *u)
{
	free(u->cp);
	free(u->segs);
	memset(u, 0, sizeof *u);
}
