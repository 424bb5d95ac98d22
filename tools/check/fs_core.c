/* fs_core.c: the in-memory rootfs: names, inodes, path resolution and the
 * tree dump (see fs.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "kinds.h"

#define MAX_SYMLINKS 40		/* the kernel's MAXSYMLINKS */
#define PATH_BUF (2 * KPATH_MAX + 2)

struct inode *fs_new_inode(struct fs *fs, uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct inode *ino = calloc(1, sizeof *ino);

	if (!ino) {
		fs->oom = 1;
		return NULL;
	}
	ino->mode = mode;
	ino->uid = uid;
	ino->gid = gid;
	ino->id = ++fs->next_id;
	return ino;
}

int fs_keeps_text(const char *canon)
{
	return strcmp(canon, BATON_BUILTIN) == 0;
}

static void inode_put(struct inode *ino)
{
	if (--ino->nlink)
		return;
	free(ino->target);
	free(ino->prefix);
	free(ino);
}

static void free_dentry(void *v)
{
	struct dentry *d = v;

	inode_put(d->ino);
	free(d);
}

static void free_link(void *v)
{
	struct link_rec *l = v;

	free(l->name);
	free(l);
}

int fs_init(struct fs *fs)
{
	struct inode *root;
	struct loc at = { .img = FS_ROOTFS };

	memset(fs, 0, sizeof *fs);
	strmap_init(&fs->paths);
	strmap_init(&fs->links);
	root = fs_new_inode(fs, S_IFDIR | 01777, 0, 0);	/* rootfs is a tmpfs */
	if (!root)
		return -ENOMEM;
	return fs_add(fs, "", root, &at);
}

void fs_free(struct fs *fs)
{
	size_t i;

	strmap_free(&fs->paths, free_dentry);
	strmap_free(&fs->links, free_link);
	for (i = 0; i < fs->nlost; i++) {
		free(fs->lost[i].name);
		free(fs->lost[i].missing);
	}
	free(fs->lost);
	memset(fs, 0, sizeof *fs);
}

void fs_forget_links(struct fs *fs)
{
	strmap_free(&fs->links, free_link);
}

struct dentry *fs_get(struct fs *fs, const char *canon)
{
	return strmap_get(&fs->paths, canon);
}

/* Length of the parent part of a canonical path ("" for top-level names). */
static size_t parent_len(const char *canon)
{
	const char *slash = strrchr(canon, '/');

	return slash ? (size_t)(slash - canon) : 0;
}

static struct dentry *parent_of(struct fs *fs, const char *canon)
{
	char buf[PATH_BUF];
	size_t n = parent_len(canon);

	memcpy(buf, canon, n);
	buf[n] = '\0';
	return fs_get(fs, buf);
}

int fs_add(struct fs *fs, const char *canon, struct inode *ino, const struct loc *at)
{
	struct dentry *d = calloc(1, sizeof *d), *parent;

	if (!d || strmap_put(&fs->paths, canon, d) < 0) {
		free(d);
		fs->oom = 1;
		return -ENOMEM;
	}
	d->ino = ino;
	d->at = *at;
	d->last = *at;
	ino->nlink++;
	if (*canon && (parent = parent_of(fs, canon)))
		parent->children++;
	return 0;
}

int fs_remove(struct fs *fs, const char *canon)
{
	struct dentry *d = strmap_del(&fs->paths, canon), *parent;

	if (!d)
		return -ENOENT;
	if ((parent = parent_of(fs, canon)))
		parent->children--;
	free_dentry(d);
	return 0;
}

/* Appends component c (n bytes) to the canonical path in cur. */
static int push(char *cur, const char *c, size_t n)
{
	size_t len = strlen(cur);

	if (len + 1 + n + 1 > PATH_BUF)
		return -ENAMETOOLONG;
	if (len)
		cur[len++] = '/';
	memcpy(cur + len, c, n);
	cur[len + n] = '\0';
	return 0;
}

static void pop(char *cur)
{
	cur[parent_len(cur)] = '\0';
}

/* rest := target + "/" + after (after may overlap rest). */
static int splice(char *rest, const char *target, const char *after)
{
	char tmp[PATH_BUF];
	size_t t = strlen(target), a = strlen(after);

	if (t + 1 + a + 1 > PATH_BUF)
		return -ENAMETOOLONG;
	memcpy(tmp, target, t);
	tmp[t] = '/';
	memcpy(tmp + t + 1, after, a + 1);
	memcpy(rest, tmp, t + a + 2);
	return 0;
}

/* One component c of n bytes; is_last when nothing but slashes follows. */
static int walk_one(struct fs *fs, char *cur, char *rest, const char *c, size_t n,
		    const char *after, int is_last, int follow, unsigned *links)
{
	struct dentry *d;
	size_t keep = strlen(cur);
	int rc;

	if (n == 1 && c[0] == '.')
		return 0;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		pop(cur);
		return 0;
	}
	if ((rc = push(cur, c, n)) < 0)
		return rc;
	d = fs_get(fs, cur);
	if (!d)
		return is_last ? 0 : -ENOENT;
	if (S_ISLNK(d->ino->mode) && (!is_last || follow)) {
		if (++*links > MAX_SYMLINKS)
			return -ELOOP;
		cur[keep] = '\0';
		if (d->ino->target[0] == '/')
			cur[0] = '\0';
		return splice(rest, d->ino->target, after) < 0 ? -ENAMETOOLONG : 1;
	}
	if (!is_last && !S_ISDIR(d->ino->mode))
		return -ENOTDIR;
	return 0;
}

int fs_resolve(struct fs *fs, const char *path, int follow, char **canon)
{
	char cur[PATH_BUF] = "", rest[PATH_BUF];
	unsigned links = 0;
	const char *p;
	int rc = 0;

	*canon = NULL;
	if (strlen(path) + 1 > PATH_BUF)
		return -ENAMETOOLONG;
	strcpy(rest, path);
	p = rest;
	while (rc >= 0) {
		size_t n;
		const char *after;

		p += strspn(p, "/");
		if (!*p)
			break;
		n = strcspn(p, "/");
		after = p + n;
		rc = walk_one(fs, cur, rest, p, n, after, after[strspn(after, "/")] == '\0',
			      follow, &links);
		p = rc == 1 ? rest : after;	/* 1: rest now starts with a link's target */
	}
	if (rc < 0)
		return rc;
	*canon = strdup(cur);
	return *canon ? 0 : -ENOMEM;
}

struct dentry *fs_lookup(struct fs *fs, const char *path, int follow, int *err)
{
	char *canon;
	struct dentry *d;

	*err = fs_resolve(fs, path, follow, &canon);
	if (*err < 0)
		return NULL;
	d = fs_get(fs, canon);
	free(canon);
	if (!d)
		*err = -ENOENT;
	return d;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void dump_one(FILE *out, const char *path, const struct dentry *d)
{
	const struct inode *ino = d->ino;
	char mode[11];

	fprintf(out, "%s ", mode_string(ino->mode, mode));
	if (S_ISDIR(ino->mode))
		fprintf(out, "- ");
	else
		fprintf(out, "%u ", ino->nlink);
	fprintf(out, "%" PRIu32 " %" PRIu32 " ", ino->uid, ino->gid);
	if (S_ISDIR(ino->mode))
		fprintf(out, "-");
	else if (S_ISCHR(ino->mode) || S_ISBLK(ino->mode))
		fprintf(out, "%" PRIu32 ",%" PRIu32, ino->rmajor, ino->rminor);
	else
		fprintf(out, "%" PRIu64, ino->size);
	fprintf(out, " /%s", path);
	if (S_ISLNK(ino->mode))
		fprintf(out, " -> %s", ino->target);
	fputc('\n', out);
}

void fs_dump(struct fs *fs, FILE *out)
{
	size_t n, i;
	const char **keys = strmap_keys(&fs->paths, &n);

	if (!keys)
		return;
	qsort(keys, n, sizeof *keys, by_name);
	for (i = 0; i < n; i++)
		dump_one(out, keys[i], fs_get(fs, keys[i]));
	free(keys);
}
