/* rmtree.c: empties a directory tree (include/rmtree.h); switchroot.c's
 * delete of the old initramfs.
 *
 * The walk (struct walk) is fd-relative, never follows a symlink, never
 * enters or removes anything on another st_dev (mount points stay), removes
 * directories, and carries on past errors, counting them. Besides the old
 * root it holds one directory open at a time: going down it opens the child
 * (O_NOFOLLOW, then checks st_dev/st_ino), going up it opens ".." and checks
 * that it is the recorded parent (into the old root itself it reopens the
 * kept descriptor: ".." of its children now leads into the new root mounted
 * over it). A heap stack keeps each level's name (to rmdir it after) and
 * how many of its entries are still there; a parent is read again from its
 * start, skipping that many entries, since readdir keeps the order of the
 * entries that remain on tmpfs and ramfs. So the depth costs memory (a name
 * per level), never stack or file descriptors (3 at most, 4 reading). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirread.h"
#include "log.h"
#include "mem.h"
#include "rmtree.h"

struct level {
	ino_t ino;
	size_t name;		/* offset of its name in walk.names */
	unsigned long kept;	/* entries read from it that are still there */
	unsigned long stay;	/* dry run: entries that would stay */
};

struct walk {
	dev_t dev;
	int dry;
	int rootfd;		/* the old root, open throughout */
	const struct stat *gone;	/* dry run: mounts that will have left */
	int ngone;
	struct level *lv;
	size_t n, cap;		/* levels in use (lv[n-1] is being read) */
	char *names;
	size_t nlen, ncap;
	unsigned long files, dirs, mounts, failed;
};

static struct level *rm_top(struct walk *w)
{
	return &w->lv[w->n - 1];
}

/* buf, with room for need items of unit bytes (cap counts them): the
 * same or a bigger copy, or NULL (buf untouched) without memory. */
static void *rm_grow(void *buf, size_t *cap, size_t need, size_t unit)
{
	size_t c = *cap ? *cap : 64;

	while (c < need)
		c *= 2;
	if (c == *cap)
		return buf;
	buf = mem_resize(buf, *cap * unit, c * unit);
	if (buf)
		*cap = c;
	return buf;
}

static int rm_push(struct walk *w, const char *name, ino_t ino)
{
	size_t len = strlen(name) + 1;
	struct level *lv = rm_grow(w->lv, &w->cap, w->n + 1, sizeof(*lv));
	char *names;

	if (!lv)
		return -ENOMEM;
	w->lv = lv;
	names = rm_grow(w->names, &w->ncap, w->nlen + len, 1);
	if (!names)
		return -ENOMEM;
	w->names = names;
	memcpy(w->names + w->nlen, name, len);
	w->lv[w->n++] = (struct level){ .ino = ino, .name = w->nlen };
	w->nlen += len;
	return 0;
}

/* Drops the top level; its name stays readable until the next push. */
static struct level rm_pop(struct walk *w, const char **name)
{
	struct level l = w->lv[--w->n];

	*name = w->names + l.name;
	w->nlen = l.name;
	return l;
}

/* Appends "/" and name to buf (size n) at len, bytes outside printable
 * ASCII as \xNN so a name cannot forge a log line. */
static size_t put_name(char *buf, size_t n, size_t len, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;

	len += fmt(buf + len, n - len, "/");
	for (; *c && len + 5 < n; c++)
		if (*c < 0x20 || *c >= 0x7f || *c == '\\')
			len += fmt(buf + len, n - len, "\\x%02x", *c);
		else
			len += fmt(buf + len, n - len, "%c", *c);
	return len;
}

/* The path (as seen from the old root) of name in the directory being read. */
static void path_of(const struct walk *w, const char *name, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 1; i < w->n && len + 8 < n; i++)
		len = put_name(buf, n, len, w->names + w->lv[i].name);
	if (len + 8 < n)
		put_name(buf, n, len, name);
}

/* Counts an entry that could not be removed; says so for the first few. */
static void note_fail(struct walk *w, int err, const char *name)
{
	char path[256];

	rm_top(w)->kept++;
	rm_top(w)->stay++;
	if (++w->failed > 5)
		return;
	path_of(w, name, path, sizeof(path));
	logerr(LOG_WARNING, err, "cannot remove %s from the initramfs", path);
}

/* Dry run: a mount the switch moves or detaches leaves an empty directory. */
static int moves_away(const struct walk *w, const struct stat *st)
{
	for (int i = 0; i < w->ngone; i++)
		if (st->st_dev == w->gone[i].st_dev && st->st_ino == w->gone[i].st_ino)
			return 1;
	return 0;
}

/* A mount point: it stays, and so does the directory holding it. */
static void mounted_on(struct walk *w)
{
	rm_top(w)->kept++;
	rm_top(w)->stay++;
	w->mounts++;
}

/* An entry on another device: a mount point, never entered nor removed. */
static void foreign(struct walk *w, const struct stat *st)
{
	if (w->dry && moves_away(w, st)) {
		rm_top(w)->kept++;
		w->dirs++;
		return;
	}
	mounted_on(w);
}

/* Unlinks a non-directory. unlink refuses (EBUSY) a name something is
 * mounted on, which is how a bind-mounted file shows without a stat. */
static void remove_file(struct walk *w, int dirfd, const char *name)
{
	if (unlinkat(dirfd, name, 0) == 0)
		w->files++;
	else if (errno == EBUSY)
		mounted_on(w);
	else
		note_fail(w, -errno, name);
}

/* Deals with one entry of the directory being read. Returns 1 (and its
 * inode) if it is a directory of the initramfs, to be emptied first. */
static int rm_entry(struct walk *w, int dirfd, const char *name, ino_t *ino)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		note_fail(w, -errno, name);
		return 0;
	}
	if (st.st_dev != w->dev) {
		foreign(w, &st);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		*ino = st.st_ino;
		return 1;
	}
	if (w->dry) {
		rm_top(w)->kept++;
		w->files++;
	} else {
		remove_file(w, dirfd, name);
	}
	return 0;
}

static int is_dot(const char *s)
{
	return s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2]));
}

/* rm_entry() without the fstatat, where readdir's d_type tells enough: a
 * directory's device is checked when descend() opens it; anything else is
 * unlinked at once (remove_file: being mounted on is the only way a
 * non-directory here can be on another device). The dry run and
 * filesystems without d_type take rm_entry()'s way. */
static int entry_typed(struct walk *w, int dirfd, const struct kdirent *e, ino_t *ino)
{
	if (w->dry || e->type == DT_UNKNOWN)
		return rm_entry(w, dirfd, e->name, ino);
	if (e->type == DT_DIR) {
		*ino = (ino_t)e->ino;
		return 1;
	}
	remove_file(w, dirfd, e->name);
	return 0;
}

/* Reads dirfd from its start, skipping the entries already dealt with that
 * are still there. Returns 1 with the next directory to empty in sub/ino,
 * 0 at the end, or -errno if dirfd cannot be read. */
static int scan(struct walk *w, int dirfd, char *sub, ino_t *ino)
{
	unsigned long skip = rm_top(w)->kept;
	struct dirread d;
	const struct kdirent *e;
	int r = dir_open(&d, dirfd, ".");

	if (r < 0)
		return r;
	for (errno = 0; (e = dir_next(&d)); errno = 0) {
		if (is_dot(e->name))
			continue;
		if (skip) {
			skip--;
			continue;
		}
		if (entry_typed(w, dirfd, e, ino)) {
			strcpy(sub, e->name);	/* a name holds at most NAME_MAX */
			r = 1;
			break;
		}
	}
	if (!e && errno)
		r = -errno;
	dir_close(&d);
	return r;
}

/* Opens the directory name of dirfd to go down into, and records it.
 * -EXDEV (counted as a mount, nothing entered) if it is a mount point. */
static int descend(struct walk *w, int dirfd, const char *name, ino_t ino)
{
	struct stat st;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	err = fstat(fd, &st) < 0 ? -errno : 0;
	if (!err && st.st_dev != w->dev) {
		close(fd);
		foreign(w, &st);
		return -EXDEV;
	}
	if (!err && st.st_ino != ino)
		err = -ESTALE;	/* replaced since it was read: not what was seen */
	if (!err)
		err = rm_push(w, name, ino);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* Opens the parent of dirfd through "..", which must be the recorded one;
 * the old root from rootfd, as its children's ".." leads into the new root. */
static int ascend(struct walk *w, int dirfd)
{
	struct stat st;
	int fd = w->n == 2 ? openat(w->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
			   : openat(dirfd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_dev != w->dev || st.st_ino != w->lv[w->n - 2].ino) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

/* After its contents: removes the directory name (done: its level) of dirfd. */
static void remove_dir(struct walk *w, int dirfd, const char *name, const struct level *done)
{
	struct stat st;

	if (w->dry) {
		rm_top(w)->kept++;
		if (done->stay)
			rm_top(w)->stay++;
		else
			w->dirs++;
		return;
	}
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_dev != w->dev ||
	    st.st_ino != done->ino) {
		note_fail(w, -ESTALE, name);
		return;
	}
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0) {
		w->dirs++;
		return;
	}
	/* Not empty or busy: something inside stays (counted there) or it is
	 * a mount point itself. Anything else is a failure of its own. */
	if (errno == ENOTEMPTY || errno == EEXIST || errno == EBUSY)
		rm_top(w)->kept++;
	else
		note_fail(w, -errno, name);
}

/* Goes back up one level and removes the directory just emptied. */
static int step_up(struct walk *w, int *cur)
{
	const char *name;
	struct level done;
	int fd = ascend(w, *cur);

	close(*cur);
	*cur = fd;
	if (fd < 0) {
		logerr(LOG_ERR, fd, "lost the way back up the initramfs at depth %lu; stopping the delete",
		       (unsigned long)w->n - 1);
		w->failed++;
		return fd;
	}
	done = rm_pop(w, &name);
	remove_dir(w, fd, name, &done);
	return 0;
}

/* Empties (or, dry, counts) the tree under w->rootfd. */
static int walk_tree(struct walk *w, ino_t rootino)
{
	char sub[NAME_MAX + 1];
	int cur, fd, r;
	ino_t ino = 0;

	if (rm_push(w, "", rootino) < 0)
		return -ENOMEM;
	cur = openat(w->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return -errno;
	for (;;) {
		r = scan(w, cur, sub, &ino);
		if (r > 0) {
			fd = descend(w, cur, sub, ino);
			if (fd == -EXDEV)
				continue;
			if (fd < 0) {
				note_fail(w, fd, sub);
				continue;
			}
			close(cur);
			cur = fd;
			continue;
		}
		if (r < 0)
			note_fail(w, r, "");
		if (w->n == 1)
			break;
		if (step_up(w, &cur) < 0)
			return -EIO;
	}
	close(cur);
	return 0;
}

int rmtree_contents(int rootfd, unsigned flags, const struct stat *gone, int ngone,
		    struct rm_stats *st)
{
	struct walk w = { .dry = !!(flags & RM_DRY_RUN), .rootfd = rootfd, .gone = gone, .ngone = ngone };
	struct stat root;
	int err;

	if (fstat(rootfd, &root) < 0) {
		err = -errno;
		close(rootfd);
		return err;
	}
	w.dev = root.st_dev;
	err = walk_tree(&w, root.st_ino);
	close(rootfd);
	mem_resize(w.lv, w.cap * sizeof(*w.lv), 0);
	mem_resize(w.names, w.ncap, 0);
	*st = (struct rm_stats){ w.files, w.dirs, w.mounts, w.failed };
	return err;
}
