/* apply.c: what the kernel's do_name and do_symlink do with each member,
 * on the in-memory rootfs (see fs.h), and what to say about it. Order of
 * operations as in the kernel: clean_path (remove a name of another
 * type), then the hard-link table, then the create call, then owner and
 * mode. A member replacing something from the built-in initramfs is a
 * note (that is what an external image is for); within the image being
 * checked it is a warning. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "kinds.h"
#include "lockdown.h"

#define LOC_LEN 512

/* What clean_path found at a name. */
struct prior {
	int exists, removed, busy, builtin;
	uint32_t mode, uid, gid, rmajor, rminor;
	unsigned nlink;
	struct loc at;
};

static const char *where(const struct loc *at, char *buf)
{
	return loc_str(at, buf, LOC_LEN);
}

/* "/name" without a leading "./" or "/", for messages. */
static const char *disp(const char *name, char *buf, size_t len)
{
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	name += strspn(name, "/");
	snprintf(buf, len, "/%s", name);
	return buf;
}

/* Made by the kernel or its built-in image, not by the image checked. */
static int is_builtin(const struct fs *fs, const struct loc *at)
{
	return at->img && (at->img == fs->builtin || strcmp(at->img, FS_ROOTFS) == 0);
}

/* The kernel's clean_path: lstat, and if the type differs, rmdir or unlink. */
static void clean_path(struct fs *fs, const char *canon, uint32_t fmode, struct prior *pr)
{
	struct dentry *d = fs_get(fs, canon);

	memset(pr, 0, sizeof *pr);
	if (!d)
		return;
	pr->exists = 1;
	pr->mode = d->ino->mode;
	pr->uid = d->ino->uid;
	pr->gid = d->ino->gid;
	pr->rmajor = d->ino->rmajor;
	pr->rminor = d->ino->rminor;
	pr->nlink = d->ino->nlink;
	pr->at = d->last;
	pr->builtin = is_builtin(fs, &d->last);
	if (!((d->ino->mode ^ fmode) & S_IFMT))
		return;
	if (S_ISDIR(d->ino->mode) && (d->children || !*canon)) {
		pr->busy = 1;
		return;
	}
	fs_remove(fs, canon);
	pr->removed = 1;
}

/* Remembers the first missing directory on name's path, for fs_finish. */
static char *missing_dir(struct fs *fs, const char *name)
{
	char *copy = strdup(name), *slash;
	int err;

	if (!copy)
		return NULL;
	for (slash = copy; (slash = strchr(slash + 1, '/')); ) {
		*slash = '\0';
		if (!fs_lookup(fs, copy, 1, &err) && err == -ENOENT)
			return copy;
		*slash = '/';
	}
	free(copy);
	return NULL;
}

static void lose(struct fs *fs, const struct centry *e, int err)
{
	struct lost *l;

	if (fs->nlost == fs->caplost) {
		size_t cap = fs->caplost ? 2 * fs->caplost : 16;
		struct lost *v = realloc(fs->lost, cap * sizeof *v);

		if (!v) {
			fs->oom = 1;
			return;
		}
		fs->lost = v;
		fs->caplost = cap;
	}
	l = &fs->lost[fs->nlost];
	l->at = e->at;
	l->err = err;
	l->mode = e->mode;
	l->name = strdup(e->name);
	l->missing = err == -ENOENT ? missing_dir(fs, e->name) : NULL;
	if (!l->name) {
		free(l->missing);
		fs->oom = 1;
		return;
	}
	fs->nlost++;
}

static void say_replaced(const struct centry *e, const char *canon,
			 const struct prior *pr)
{
	char w[LOC_LEN];

	report(pr->builtin ? SEV_NOTE : SEV_WARN, &e->at, "%s /%s replaces the %s /%s from %s: "
	       "the kernel removes the old one first (later wins)", kind_name(e->mode), canon,
	       kind_name(pr->mode), canon, where(&pr->at, w));
}

static void say_busy(const struct centry *e, const char *canon, const struct prior *pr)
{
	char w[LOC_LEN];

	report(SEV_ERROR, &e->at, "%s /%s is not created: /%s is a non-empty directory (from %s) "
	       "that the kernel cannot remove", kind_name(e->mode), canon, canon,
	       where(&pr->at, w));
}

/* Same name, same type: the old node stays, owner and mode are updated. */
static void say_again(const struct centry *e, const char *canon, const struct prior *pr)
{
	char w[LOC_LEN];
	uint32_t perm = e->mode & 07777;
	int same = (pr->mode & 07777) == perm && pr->uid == e->uid && pr->gid == e->gid;

	report(pr->builtin || same ? SEV_NOTE : SEV_WARN, &e->at, "%s /%s again (first at %s): "
	       "the kernel keeps the first one%s, mode %04o owner %" PRIu32 ":%" PRIu32 " -> %04"
	       PRIo32 " %" PRIu32 ":%" PRIu32, kind_name(e->mode), canon, where(&pr->at, w),
	       same ? " (nothing changes)" : " and applies the new owner and mode",
	       (unsigned)(pr->mode & 07777), pr->uid, pr->gid, perm, e->uid, e->gid);
}

/* The kernel's maybe_link: 0 not a link (now remembered if nlink >= 2),
 * 1 linked to the first member of its group, -1 the link failed. */
static int try_link(struct fs *fs, const struct centry *e, const struct link_rec *l)
{
	char *canon = NULL, w[LOC_LEN], o[KPATH_MAX + 2];
	struct dentry *old;
	struct prior pr;
	int err, rc = -1;

	if (fs_resolve(fs, e->name, 0, &canon) < 0) {
		free(canon);
		return -1;
	}
	clean_path(fs, canon, 0, &pr);
	old = fs_lookup(fs, l->name, 0, &err);
	if (!old || S_ISDIR(old->ino->mode) || fs_get(fs, canon)) {
		report(SEV_ERROR, &e->at, "hard link %s -> %s (first member of inode %" PRIu32
		       ", at %s) fails: %s; the kernel creates nothing", disp(e->name, o, sizeof o),
		       l->name, e->ino, where(&l->at, w), !old ? "that name no longer exists" :
		       fs_get(fs, canon) ? "the name is a non-empty directory" :
		       "it is a directory");
	} else if (fs_add(fs, canon, old->ino, &e->at) == 0) {
		if (pr.removed)
			say_replaced(e, canon, &pr);
		rc = 1;
	}
	free(canon);
	return rc;
}

static void check_link(struct fs *fs, const struct centry *e, const struct link_rec *l)
{
	char w[LOC_LEN], o[KPATH_MAX + 2];

	if (l->seg != fs->seg)
		report(SEV_WARN, &e->at, "%s (inode %" PRIu32 ", nlink %" PRIu32 ") becomes a hard "
		       "link of %s from segment %u (%s): no TRAILER!!! in between reset the kernel's "
		       "hard-link table; end each archive with TRAILER!!! or use distinct inode "
		       "numbers", disp(e->name, o, sizeof o), e->ino, e->nlink, l->name, l->seg,
		       where(&l->at, w));
	else if (l->nlink != e->nlink)
		report(SEV_WARN, &e->at, "%s becomes a hard link of %s (same inode %" PRIu32 ") but "
		       "says nlink %" PRIu32 " where %s says %" PRIu32 ": two files sharing an "
		       "inode number?", disp(e->name, o, sizeof o), l->name, e->ino, e->nlink,
		       l->name, l->nlink);
}

static int maybe_link(struct fs *fs, const struct centry *e)
{
	char key[64];
	struct link_rec *l;
	int rc;

	if (e->nlink < 2)
		return 0;
	snprintf(key, sizeof key, "%" PRIx32 ":%" PRIx32 ":%" PRIx32 ":%o", e->devmajor,
		 e->devminor, e->ino, (unsigned)(e->mode & S_IFMT));
	l = strmap_get(&fs->links, key);
	if (!l) {
		l = calloc(1, sizeof *l);
		if (!l || !(l->name = strdup(e->name)) || strmap_put(&fs->links, key, l) < 0) {
			if (l)
				free(l->name);
			free(l);
			fs->oom = 1;
			return 0;
		}
		l->at = e->at;
		l->seg = fs->seg;
		l->nlink = e->nlink;
		return 0;
	}
	rc = try_link(fs, e, l);
	if (rc == 1)
		check_link(fs, e, l);
	return rc;
}

static void reset_data(struct inode *ino)
{
	free(ino->prefix);
	ino->prefix = NULL;
	ino->prefix_len = 0;
	ino->prefix_cap = 0;
	ino->prefix_off = 0;
}

static struct inode *create(struct fs *fs, const char *canon, const struct centry *e,
			    uint32_t mode)
{
	struct inode *ino = fs_new_inode(fs, mode, e->uid, e->gid);

	if (ino && fs_add(fs, canon, ino, &e->at) < 0) {
		free(ino);
		ino = NULL;
	}
	return ino;
}

/* What replacing a regular file by another means, said once. */
static void say_file_over(const struct centry *e, const char *canon,
			  const struct prior *pr, int ml)
{
	if (pr->removed)
		say_replaced(e, canon, pr);
	else if (pr->exists && ml == 0 && S_ISREG(pr->mode)) {
		char w[LOC_LEN];

		report(pr->builtin ? SEV_NOTE : SEV_WARN, &e->at, "regular file /%s replaces /%s "
		       "from %s: the kernel truncates and rewrites it (later wins)%s", canon, canon,
		       where(&pr->at, w), pr->nlink > 1 ? ", and with it every hard link of that "
		       "file" : "");
	}
}

static int apply_reg(struct fs *fs, const struct centry *e)
{
	struct prior pr = { 0 };
	struct dentry *d;
	struct inode *ino;
	char *canon;
	int rc = fs_resolve(fs, e->name, 0, &canon), ml;

	if (rc == 0)
		clean_path(fs, canon, S_IFREG, &pr);
	ml = maybe_link(fs, e);	/* the kernel records the name even if open fails */
	if (rc < 0 || ml < 0) {
		if (rc < 0)
			lose(fs, e, rc);
		free(canon);
		return 0;
	}
	d = fs_get(fs, canon);
	if (d && !S_ISREG(d->ino->mode)) {
		say_busy(e, canon, &pr);
		free(canon);
		return 0;
	}
	say_file_over(e, canon, &pr, ml);
	if (d)
		d->last = e->at;
	ino = d ? d->ino : create(fs, canon, e, S_IFREG);
	if (!ino) {
		free(canon);
		return 0;
	}
	if (ml == 0 || e->filesize) {	/* O_TRUNC, or ftruncate + write from 0 */
		ino->size = e->filesize;
		reset_data(ino);
		ino->text = fs_keeps_text(canon);
		lockdown_scan_reset(ino);
	}
	free(canon);
	ino->mode = S_IFREG | (e->mode & 07777);
	ino->uid = e->uid;
	ino->gid = e->gid;
	fs->writing = ino;
	fs->wpos = 0;
	return 1;
}

static void apply_dir(struct fs *fs, const struct centry *e)
{
	struct prior pr;
	struct dentry *d;
	char *canon;
	int rc = fs_resolve(fs, e->name, 0, &canon);

	if (rc < 0) {
		lose(fs, e, rc);
		return;
	}
	clean_path(fs, canon, S_IFDIR, &pr);
	d = fs_get(fs, canon);
	if (d) {		/* mkdir fails with EEXIST; chown and chmod do not */
		say_again(e, canon, &pr);
		d->last = e->at;
		d->ino->mode = S_IFDIR | (e->mode & 07777);
		d->ino->uid = e->uid;
		d->ino->gid = e->gid;
	} else if (create(fs, canon, e, S_IFDIR | (e->mode & 07777)) && pr.removed) {
		say_replaced(e, canon, &pr);
	}
	free(canon);
}

/* mknod over an existing node of the same type fails; the owner and mode
 * are still applied to the old one. */
static void node_exists(const struct centry *e, const char *canon, struct dentry *d,
			const struct prior *pr)
{
	char w[LOC_LEN];
	uint32_t maj, min;

	cpio_kernel_rdev(e, &maj, &min);
	if (pr->busy)
		say_busy(e, canon, pr);
	else if ((S_ISCHR(e->mode) || S_ISBLK(e->mode)) && (pr->rmajor != maj || pr->rminor != min))
		report(pr->builtin ? SEV_NOTE : SEV_WARN, &e->at, "%s /%s again (first at %s): "
		       "mknod fails on the existing node, which stays %" PRIu32 ":%" PRIu32
		       " and not %" PRIu32 ":%" PRIu32 "; only owner and mode change",
		       kind_name(e->mode), canon, where(&pr->at, w), pr->rmajor, pr->rminor,
		       maj, min);
	else
		say_again(e, canon, pr);
	d->ino->mode = (d->ino->mode & S_IFMT) | (e->mode & 07777);
	d->ino->uid = e->uid;
	d->ino->gid = e->gid;
	d->last = e->at;
}

static void apply_node(struct fs *fs, const struct centry *e)
{
	struct prior pr = { 0 };
	struct dentry *d;
	struct inode *ino;
	char *canon;
	int rc = fs_resolve(fs, e->name, 0, &canon), ml;

	if (rc == 0)
		clean_path(fs, canon, e->mode, &pr);
	ml = maybe_link(fs, e);
	if (rc < 0 && ml == 0)
		lose(fs, e, rc);
	if (rc < 0 || ml != 0) {
		free(canon);
		return;
	}
	d = fs_get(fs, canon);
	if (d) {
		node_exists(e, canon, d, &pr);
	} else if ((ino = create(fs, canon, e, e->mode))) {
		cpio_kernel_rdev(e, &ino->rmajor, &ino->rminor);
		if (pr.removed)
			say_replaced(e, canon, &pr);
	}
	free(canon);
}

static void apply_symlink(struct fs *fs, const struct centry *e)
{
	struct prior pr;
	struct inode *ino;
	char *canon;
	int rc = fs_resolve(fs, e->name, 0, &canon);

	if (rc < 0) {
		lose(fs, e, rc);
		return;
	}
	clean_path(fs, canon, 0, &pr);	/* any type but a non-empty directory goes */
	if (!*e->target)
		report(SEV_ERROR, &e->at, "symlink /%s has an empty target: the kernel's symlink() "
		       "fails and nothing is created", canon);
	else if (pr.busy)
		say_busy(e, canon, &pr);
	else if ((ino = create(fs, canon, e, S_IFLNK | 0777))) {
		ino->target = strdup(e->target);
		ino->size = strlen(e->target);
		if (pr.removed)
			say_replaced(e, canon, &pr);
	}
	free(canon);
}

static void apply_bad_type(struct fs *fs, const struct centry *e)
{
	struct prior pr = { 0 };
	char *canon, w[LOC_LEN], o[KPATH_MAX + 2];

	if (fs_resolve(fs, e->name, 0, &canon) == 0)
		clean_path(fs, canon, e->mode, &pr);
	free(canon);
	report(SEV_ERROR, &e->at, "member %s has no valid file type (c_mode 0%06" PRIo32 "): the "
	       "kernel creates nothing%s%s", disp(e->name, o, sizeof o), e->mode,
	       pr.removed ? ", but first removes the existing one from " : "",
	       pr.removed ? where(&pr.at, w) : "");
}

int fs_entry(void *ctx, const struct centry *e)
{
	struct fs *fs = ctx;

	if (!*e->name) {
		report(SEV_ERROR, &e->at, "member with an empty name: the kernel creates nothing");
		return 0;
	}
	switch (e->mode & S_IFMT) {
	case S_IFREG:
		return apply_reg(fs, e);
	case S_IFDIR:
		apply_dir(fs, e);
		return 0;
	case S_IFLNK:
		apply_symlink(fs, e);
		return 0;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		apply_node(fs, e);
		return 0;
	}
	apply_bad_type(fs, e);
	return 0;
}

static int worth_keeping(const uint8_t *p, size_t n)
{
	return (n >= 4 && memcmp(p, "\177ELF", 4) == 0) || (n >= 2 && p[0] == '#' && p[1] == '!');
}

void fs_data(void *ctx, const uint8_t *p, size_t n)
{
	struct fs *fs = ctx;
	struct inode *ino = fs->writing;

	size_t cap = ino && ino->text ? TEXT_MAX : PREFIX_MAX;

	if (ino && (ino->mode & 0111))
		lockdown_scan(ino, p, n);
	if (!ino || !(ino->text || (ino->mode & 0111)) || ino->prefix_off || fs->wpos >= cap) {
		fs->wpos += n;
		return;
	}
	if (!ino->prefix) {
		if (!(ino->prefix = malloc(cap))) {
			fs->oom = 1;
			fs->wpos += n;
			return;
		}
		ino->prefix_cap = cap;
	}
	cap = ino->prefix_cap;	/* what was allocated, whatever came since */
	if (fs->wpos >= cap) {
		fs->wpos += n;
		return;
	}
	{
		size_t k = cap - fs->wpos < n ? (size_t)(cap - fs->wpos) : n;

		memcpy(ino->prefix + fs->wpos, p, k);
		fs->wpos += n;
		if (fs->wpos > ino->prefix_len)
			ino->prefix_len = fs->wpos < cap ? (size_t)fs->wpos : cap;
	}
	if (!ino->text && ino->prefix_len >= 4 && !worth_keeping(ino->prefix, ino->prefix_len)) {
		reset_data(ino);
		ino->prefix_off = 1;
	}
}

void fs_data_end(void *ctx, const struct centry *e, int complete)
{
	struct fs *fs = ctx;

	(void)e;
	(void)complete;
	fs->writing = NULL;
}

void fs_trailer(void *ctx, const struct centry *e)
{
	struct fs *fs = ctx;

	(void)e;
	fs_forget_links(fs);
}

static const char *lost_why(int err)
{
	switch (err) {
	case -ENOTDIR: return "a component of its path is not a directory";
	case -ELOOP: return "its path has too many levels of symlinks";
	case -ENAMETOOLONG: return "its path is too long";
	}
	return "a directory on its path does not exist";
}

void fs_finish(struct fs *fs)
{
	size_t i;

	for (i = 0; i < fs->nlost; i++) {
		const struct lost *l = &fs->lost[i];
		char w[LOC_LEN], o[KPATH_MAX + 2], m[KPATH_MAX + 2];
		struct dentry *d = NULL;
		int err;

		if (l->missing)
			d = fs_lookup(fs, l->missing, 1, &err);
		if (!l->missing)
			report(SEV_ERROR, &l->at, "%s %s is not created: %s; the kernel skips the "
			       "member silently", kind_name(l->mode), disp(l->name, o, sizeof o),
			       lost_why(l->err));
		else if (d && S_ISDIR(d->ino->mode))
			report(SEV_ERROR, &l->at, "%s %s is not created: its directory %s comes only "
			       "later, at %s, and the kernel skips the member silently; put %s before "
			       "what it contains (baton-pack orders parents first)", kind_name(l->mode),
			       disp(l->name, o, sizeof o), disp(l->missing, m, sizeof m),
			       where(&d->at, w), m);
		else
			report(SEV_ERROR, &l->at, "%s %s is not created: its directory %s is not in "
			       "the image at this point%s; the kernel skips the member silently",
			       kind_name(l->mode), disp(l->name, o, sizeof o),
			       disp(l->missing, m, sizeof m), d ? " (later it is not a directory)" :
			       " nor later");
	}
}
