/* manifest.c: reads the list of what goes into the EFI system partition
 * ("SIZE PATH" lines, see espsize.h) into the counts esp_solve() needs:
 * file sizes, and the 32-byte directory entries of every directory. Pure. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "espsize.h"

#define NAME_MAX_FAT	255	/* a long name's limit, in characters */

struct node {
	char *path;		/* the full path, as given */
	size_t len;
	size_t parent_len;	/* length of the parent's path (0: the root) */
	int dir;
	uint64_t size;
	size_t line;
};

__attribute__((format(printf, 4, 5)))
static void say(char *err, size_t errlen, size_t line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!errlen)
		return;
	if (line)
		n = snprintf(err, errlen, "line %zu: ", line);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static int short_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       strchr("!#$%&'()-@^_`{}~", c) != NULL;
}

/* A part of an 8.3 name mtools can store in a short entry alone: valid
 * short-name characters, one case throughout (the case bits say which). */
static int short_part(const char *s, size_t len, size_t max)
{
	int upper = 0, lower = 0;
	size_t i;

	if (len > max)
		return 0;
	for (i = 0; i < len; i++) {
		if (!short_char(s[i]))
			return 0;
		upper |= s[i] >= 'A' && s[i] <= 'Z';
		lower |= s[i] >= 'a' && s[i] <= 'z';
	}
	return !(upper && lower);
}

uint32_t fat_name_entries(const char *name, size_t len)
{
	const char *dot = memchr(name, '.', len);
	size_t base = dot ? (size_t)(dot - name) : len;

	if (base > 0 && short_part(name, base, 8) &&
	    (!dot || short_part(dot + 1, len - base - 1, 3)))
		return 1;
	return 1 + (uint32_t)((len + 12) / 13);
}

static int name_char_ok(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && !strchr("\\:*?\"<>|", c);
}

/* Checks one '/'-separated path; returns the length of its parent's path. */
static int check_path(const char *p, size_t len, size_t *parent_len, const char **why)
{
	size_t i, start = 0;

	*parent_len = 0;
	if (!len) {
		*why = "empty path";
		return -EINVAL;
	}
	if (p[0] == '/') {
		*why = "path must be relative to the partition's root (no leading /)";
		return -EINVAL;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && p[i] != '/') {
			if (!name_char_ok((unsigned char)p[i])) {
				*why = "name holds a character FAT cannot store (control, non-ASCII, or \\ : * ? \" < > |)";
				return -EINVAL;
			}
			continue;
		}
		if (i == start || (i - start == 1 && p[start] == '.') ||
		    (i - start == 2 && p[start] == '.' && p[start + 1] == '.')) {
			*why = "empty, \".\" or \"..\" path component";
			return -EINVAL;
		}
		if (p[start] == ' ') {
			*why = "name starts with a space";
			return -EINVAL;
		}
		if (i - start > NAME_MAX_FAT) {
			*why = "name longer than 255 characters";
			return -EINVAL;
		}
		if (p[i - 1] == ' ' || p[i - 1] == '.') {
			*why = "name ends in a space or dot (FAT drops them)";
			return -EINVAL;
		}
		if (i < len)
			*parent_len = i;
		start = i + 1;
	}
	return 0;
}

static int ci_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i, n = alen < blen ? alen : blen;
	int ca, cb;

	for (i = 0; i < n; i++) {
		ca = (unsigned char)a[i];
		cb = (unsigned char)b[i];
		/* '/' sorts first, so a directory's contents follow it. */
		ca = ca == '/' ? 1 : (ca >= 'a' && ca <= 'z') ? ca - 32 : ca;
		cb = cb == '/' ? 1 : (cb >= 'a' && cb <= 'z') ? cb - 32 : cb;
		if (ca != cb)
			return ca - cb;
	}
	return (alen > blen) - (alen < blen);
}

static int node_cmp(const void *x, const void *y)
{
	const struct node *a = x, *b = y;
	int c = ci_cmp(a->path, a->len, b->path, b->len);

	if (c)
		return c;
	if (a->dir != b->dir)
		return a->dir - b->dir;
	return (a->line > b->line) - (a->line < b->line);
}

struct nodes {
	struct node *v;
	size_t n, cap;
};

static int push(struct nodes *ns, const char *path, size_t len, size_t parent_len, int dir,
		uint64_t size, size_t line)
{
	struct node *nv;

	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 64;

		nv = realloc(ns->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		ns->v = nv;
		ns->cap = cap;
	}
	nv = &ns->v[ns->n];
	nv->path = malloc(len + 1);
	if (!nv->path)
		return -ENOMEM;
	memcpy(nv->path, path, len);
	nv->path[len] = '\0';
	nv->len = len;
	nv->parent_len = parent_len;
	nv->dir = dir;
	nv->size = size;
	nv->line = line;
	ns->n++;
	return 0;
}

static void nodes_free(struct nodes *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i].path);
	free(ns->v);
}

/* One line: "SIZE PATH" or "0 PATH/"; the path's parents become
 * directories too. */
static int parse_line(struct nodes *ns, const char *s, size_t len, size_t line, char *err,
		      size_t errlen)
{
	uint64_t size = 0;
	size_t i = 0, plen, parent;
	const char *why;
	int dir = 0, r;

	if (!len || s[0] == '#')
		return 0;
	if (s[0] < '0' || s[0] > '9') {
		say(err, errlen, line, "expected \"SIZE PATH\", got no size");
		return -EINVAL;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (size > (UINT64_MAX - 9) / 10 || size * 10 + (uint64_t)(s[i] - '0') > (1ull << 42)) {
			say(err, errlen, line, "size larger than 4 TiB");
			return -EINVAL;
		}
		size = size * 10 + (uint64_t)(s[i] - '0');
	}
	if (i >= len || s[i] != ' ') {
		say(err, errlen, line, "expected one space after the size");
		return -EINVAL;
	}
	s += i + 1;
	plen = len - i - 1;
	if (plen && s[plen - 1] == '/') {
		dir = 1;
		plen--;
		if (size) {
			say(err, errlen, line, "a directory (path ending in /) has size 0");
			return -EINVAL;
		}
	}
	if (check_path(s, plen, &parent, &why)) {
		say(err, errlen, line, "%s: \"%.*s\"", why, (int)(plen > 300 ? 300 : plen), s);
		return -EINVAL;
	}
	r = push(ns, s, plen, parent, dir, size, line);
	/* Every parent, as a directory. */
	while (!r && parent) {
		size_t pp = 0, k;

		for (k = 0; k < parent; k++)
			if (s[k] == '/')
				pp = k;
		r = push(ns, s, parent, pp, 1, 0, line);
		parent = pp;
	}
	if (r)
		say(err, errlen, line, "out of memory");
	return r;
}

/* The index of directory path[0..len) among the sorted unique nodes. */
static size_t find_dir(const struct nodes *ns, const char *path, size_t len)
{
	size_t lo = 0, hi = ns->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = ci_cmp(ns->v[mid].path, ns->v[mid].len, path, len);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

static int count(struct nodes *ns, struct esp_payload *out, char *err, size_t errlen)
{
	uint32_t *entries = NULL;
	size_t i, j, nf = 0, nd = 0;
	int r = -ENOMEM;

	/* Sort, merge a directory named twice, refuse any other repeat. */
	if (ns->n)	/* (an empty manifest has no array at all) */
		qsort(ns->v, ns->n, sizeof(*ns->v), node_cmp);
	for (i = 0, j = 0; i < ns->n; i++) {
		if (j && ci_cmp(ns->v[j - 1].path, ns->v[j - 1].len, ns->v[i].path, ns->v[i].len) == 0) {
			if (ns->v[j - 1].dir && ns->v[i].dir) {
				free(ns->v[i].path);
				continue;
			}
			say(err, errlen, ns->v[i].line,
			    "\"%s\" is named again (line %zu); FAT names ignore case", ns->v[i].path,
			    ns->v[j - 1].line);
			for (; i < ns->n; i++)
				ns->v[j++] = ns->v[i];
			ns->n = j;
			return -EINVAL;
		}
		ns->v[j++] = ns->v[i];
	}
	ns->n = j;
	entries = calloc(ns->n + 1, sizeof(*entries));
	out->file_sizes = calloc(ns->n + 1, sizeof(*out->file_sizes));
	out->dir_entries = calloc(ns->n + 1, sizeof(*out->dir_entries));
	if (!entries || !out->file_sizes || !out->dir_entries)
		goto done;
	out->root_entries = 0;
	for (i = 0; i < ns->n; i++) {
		const struct node *nd_ = &ns->v[i];
		size_t base = nd_->parent_len ? nd_->parent_len + 1 : 0;
		uint32_t e = fat_name_entries(nd_->path + base, nd_->len - base);

		if (!nd_->parent_len) {
			out->root_entries += e;
			continue;
		}
		j = find_dir(ns, nd_->path, nd_->parent_len);
		if (j == SIZE_MAX || !ns->v[j].dir) {
			say(err, errlen, nd_->line, "\"%.*s\" is a file and a directory",
			    (int)nd_->parent_len, nd_->path);
			r = -EINVAL;
			goto done;
		}
		if (entries[j] > UINT32_MAX / 2) {
			say(err, errlen, nd_->line, "too many entries in one directory");
			r = -EINVAL;
			goto done;
		}
		entries[j] += e;
	}
	for (i = 0; i < ns->n; i++) {
		if (ns->v[i].dir)
			out->dir_entries[nd++] = entries[i] + 2;	/* "." and ".." */
		else
			out->file_sizes[nf++] = ns->v[i].size;
	}
	out->nfiles = nf;
	out->ndirs = nd;
	r = 0;
done:
	free(entries);
	if (r == -ENOMEM)
		say(err, errlen, 0, "out of memory");
	return r;
}

int esp_manifest_parse(const char *buf, size_t len, struct esp_payload *out, char *err,
		       size_t errlen)
{
	struct nodes ns = { 0 };
	size_t pos = 0, line = 0;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	while (pos < len && !r) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;

		line++;
		if (memchr(buf + pos, '\0', end - pos)) {
			say(err, errlen, line, "NUL byte in the manifest");
			r = -EINVAL;
			break;
		}
		r = parse_line(&ns, buf + pos, end - pos, line, err, errlen);
		pos = end + 1;
	}
	if (!r)
		r = count(&ns, out, err, errlen);
	nodes_free(&ns);
	if (r)
		esp_payload_free(out);
	return r;
}

void esp_payload_free(struct esp_payload *p)
{
	free(p->file_sizes);
	free(p->dir_entries);
	memset(p, 0, sizeof(*p));
}
