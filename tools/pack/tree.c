/* tree.c: a directory tree as input (see tree.h). Two passes: the walk
 * collects every path (sorted per directory, pre-order, not following
 * symlinks), then entries are made in that order, hard-link groups at the
 * place of their last member. Host paths are kept by the image: messages
 * about an entry, now or while writing, name them. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "source.h"
#include "tree.h"

#define MAX_MAJOR 4095u
#define MAX_MINOR 1048575u

struct tnode {
	const char *host;	/* path on the host, kept by the image */
	const char *rel;	/* the part below the tree's root */
	struct stat st;
	size_t gfirst, gend;	/* hard-link group: its range in the link index */
	int grouped;
};

struct tlist {
	struct tnode *v;
	size_t n, cap;
	size_t rootlen;		/* length of the root prefix of every host path */
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push(struct tlist *l, const char *host, const struct stat *st)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct tnode *v = realloc(l->v, cap * sizeof *v);

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof l->v[0]);
	l->v[l->n].host = host;
	l->v[l->n].rel = host + l->rootlen + 1;
	l->v[l->n].st = *st;
	l->n++;
	return 0;
}

/* The names in dir, sorted; NULL with *n == 0 when empty or unreadable. */
static char **list_dir(struct spec_ctx *c, const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	char **v = NULL;
	size_t cap = 0;
	struct dirent *de;

	*n = 0;
	if (!d) {
		c->path = dir;
		ctx_bad(c, "cannot read this directory: %s", strerror(errno));
		return NULL;
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			char **nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);

			if (!nv)
				break;
			v = nv;
		}
		if (!(v[*n] = strdup(de->d_name)))
			break;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, by_name);
	return v;
}

static int scan(struct spec_ctx *c, struct tlist *l, const char *dir)
{
	size_t n, i;
	char **names = list_dir(c, dir, &n);
	int rc = 0;

	for (i = 0; i < n; i++) {
		char *host = NULL;
		struct stat st;

		if (rc == 0 && (asprintf(&host, "%s/%s", dir, names[i]) < 0 ||
				!image_keep(c->img, host)))
			rc = -ENOMEM;
		if (rc == 0 && lstat(host, &st) < 0) {
			c->path = host;
			ctx_bad(c, "cannot stat: %s", strerror(errno));
		} else if (rc == 0 && (rc = push(l, host, &st)) == 0 && S_ISDIR(st.st_mode)) {
			rc = scan(c, l, host);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static int by_inode(const void *a, const void *b, void *ctx)
{
	const struct tnode *v = ctx;
	const struct stat *x = &v[*(const size_t *)a].st, *y = &v[*(const size_t *)b].st;

	if (x->st_dev != y->st_dev)
		return x->st_dev < y->st_dev ? -1 : 1;
	if (x->st_ino != y->st_ino)
		return x->st_ino < y->st_ino ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Groups regular files linked to each other inside the tree. Returns the
 * index (node numbers sorted by inode, then tree order) or NULL. */
static size_t *group_links(struct tlist *l, int *oom)
{
	size_t *idx = malloc((l->n + 1) * sizeof *idx), k = 0, a, b, j;

	*oom = !idx;
	if (!idx)
		return NULL;
	for (j = 0; j < l->n; j++)
		if (S_ISREG(l->v[j].st.st_mode) && l->v[j].st.st_nlink > 1)
			idx[k++] = j;
	qsort_r(idx, k, sizeof *idx, by_inode, l->v);
	for (a = 0; a < k; a = b) {
		const struct stat *s = &l->v[idx[a]].st;

		for (b = a + 1; b < k && l->v[idx[b]].st.st_dev == s->st_dev &&
		     l->v[idx[b]].st.st_ino == s->st_ino; b++)
			;
		for (j = a; b - a > 1 && j < b; j++) {
			l->v[idx[j]].gfirst = a;
			l->v[idx[j]].gend = b;
			l->v[idx[j]].grouped = 1;
		}
	}
	return idx;
}

static void owner(const struct spec_ctx *c, const struct stat *st, struct entry *e)
{
	e->uid = c->opts->host_owners ? (uint32_t)st->st_uid : c->opts->uid;
	e->gid = c->opts->host_owners ? (uint32_t)st->st_gid : c->opts->gid;
}

static void file_data(struct spec_ctx *c, const struct tnode *t, struct entry *e)
{
	int rc = source_probe(t->host, &e->size);

	if (rc == -EFBIG)
		ctx_bad(c, "larger than newc's limit of %u bytes", (unsigned)SOURCE_MAX_SIZE);
	else if (rc < 0)
		ctx_bad(c, "cannot read: %s", strerror(-rc));
	e->source = strdup(t->host);
}

static void link_target(struct spec_ctx *c, const struct tnode *t, struct entry *e)
{
	size_t cap = (size_t)t->st.st_size + 2;
	char *buf = malloc(cap);
	ssize_t n = buf ? readlink(t->host, buf, cap) : -1;

	if (n < 0 || (size_t)n >= cap) {
		ctx_bad(c, "cannot read the symlink: %s", n < 0 ? strerror(errno) : "it changed");
		free(buf);
		return;
	}
	buf[n] = '\0';
	if (n > 4095)
		ctx_bad(c, "symlink target is too long (at most 4095 bytes)");
	e->target = buf;
}

static void device(struct spec_ctx *c, const struct stat *st, struct entry *e)
{
	e->rmajor = major(st->st_rdev);
	e->rminor = minor(st->st_rdev);
	if (e->rmajor > MAX_MAJOR || e->rminor > MAX_MINOR)
		ctx_bad(c, "device %u:%u is beyond what the kernel can name (major < 4096, "
			"minor < 1048576)", e->rmajor, e->rminor);
}

/* A directory some earlier input declared: merged, not repeated. */
static int known_dir(struct spec_ctx *c, const char *rel)
{
	const struct name_decl *d = names_find(&c->names, rel, strlen(rel));

	return d && S_ISDIR(d->mode);
}

/* Type-specific fields of an entry for node t; its names come after. */
static void fill(struct spec_ctx *c, const struct tnode *t, struct entry *e)
{
	uint32_t type = t->st.st_mode & S_IFMT;

	e->mode = type | (t->st.st_mode & 07777);
	e->spec = t->host;
	owner(c, &t->st, e);
	if (type == S_IFREG)
		file_data(c, t, e);
	else if (type == S_IFLNK)
		link_target(c, t, e);
	else if (type == S_IFCHR || type == S_IFBLK)
		device(c, &t->st, e);
	else if (type != S_IFDIR && type != S_IFIFO && type != S_IFSOCK)
		ctx_bad(c, "a file of unknown type 0%o", (unsigned)type);
}

static int declare_rel(struct spec_ctx *c, const struct tnode *t, uint32_t type, struct entry *e)
{
	char *name;
	int rc;

	if (asprintf(&name, "/%s", t->rel) < 0)
		return -ENOMEM;
	c->path = t->host;
	rc = ctx_declare(c, name, type, e);
	free(name);
	return rc;
}

/* One entry for node t, or for the hard-link group idx[a..b) ending at t. */
static int emit(struct spec_ctx *c, const struct tlist *l, const size_t *idx, size_t a, size_t b)
{
	const struct tnode *t = &l->v[idx[b - 1]];
	unsigned before = c->errors;
	struct entry e = { 0 };
	int rc = 0;
	size_t j;

	c->path = t->host;
	c->line = 0;
	if (S_ISDIR(t->st.st_mode) && known_dir(c, t->rel))
		return 0;
	fill(c, t, &e);
	for (j = a; j < b && rc == 0; j++)
		rc = declare_rel(c, &l->v[idx[j]], e.mode & S_IFMT, &e);
	if (rc == 0 && c->errors == before)
		rc = image_append(c->img, &e);
	entry_free(&e);
	return rc;
}

static int emit_all(struct spec_ctx *c, struct tlist *l, const size_t *links)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < l->n && rc == 0; i++) {
		const struct tnode *t = &l->v[i];

		if (!t->grouped)
			rc = emit(c, l, (size_t[]){ i }, 0, 1);
		else if (links[t->gend - 1] == i)	/* the group's last name */
			rc = emit(c, l, links, t->gfirst, t->gend);
	}
	return rc;
}

int tree_read(struct spec_ctx *c, const char *dir)
{
	struct tlist l = { 0 };
	char *root = strdup(dir);
	size_t *links = NULL;
	int rc = 0, oom = 0;

	if (!root || !image_keep(c->img, root))
		return -ENOMEM;
	while (strlen(root) > 1 && root[strlen(root) - 1] == '/')
		root[strlen(root) - 1] = '\0';
	l.rootlen = strcmp(root, "/") == 0 ? 0 : strlen(root);
	rc = scan(c, &l, strcmp(root, "/") == 0 ? "" : root);
	if (rc == 0)
		links = group_links(&l, &oom);
	if (rc == 0 && !oom)
		rc = emit_all(c, &l, links);
	free(links);
	free(l.v);
	return rc ? rc : oom ? -ENOMEM : 0;
}
