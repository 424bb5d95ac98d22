/* switchroot.c: hands the machine from the initramfs to the real root.
 *
 * Deleting as PID 1 is where a bug destroys a user's data, so the order is:
 *  1. Checks, each refusing with its own message, before anything changes:
 *     PID 1; "/" is ramfs or tmpfs; /init is a regular file on it; the new
 *     root is a mount point on another device, not inside /dev /proc /sys
 *     /run. (That the init exists in the new root is find_init's job, which
 *     the caller runs first.)
 *  2. "/" and everything below it made private (shared propagation makes
 *     MS_MOVE fail); failing that is a refusal too, as MS_MOVE would fail.
 *  3. /dev /proc /sys /run moved into the new root, detached where it has
 *     no directory for them.
 *  4. The switch: pivot_root(".", ".") and a lazy unmount of the old root
 *     (kernels whose rootfs sits on nullfs), else, as today's kernels refuse
 *     to pivot rootfs (EINVAL), MS_MOVE of the new root over "/" + chroot.
 *     If the switch fails, the API mounts go back and nothing is deleted.
 *  5. Only then the old root is emptied, through a descriptor opened on it
 *     before the switch. After a pivot_root that worked, the old root is
 *     detached first and still emptied: a detached tmpfs lives on as long as
 *     anything pins it (this process's own image until the exec, an fd a
 *     process kept, another mount of it), and detached it could never be
 *     emptied again; so whatever pins it pins an empty filesystem.
 *  6. fds 0-2 reopened on the new root's /dev/console, else its /dev/null,
 *     else a /dev/null opened before the switch (a new root without /dev).
 *
 * The delete (struct walk) is fd-relative, never follows a symlink, never
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
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "dirread.h"
#include "log.h"
#include "mem.h"
#include "sys.h"

#define NAPI 4
static const char *const api_mounts[NAPI] = { "/dev", "/proc", "/sys", "/run" };

enum api_action { API_NONE, API_MOVE, API_DETACH, API_MOVED };

/* What the checks found, and what the switch will do with it. */
struct plan {
	const char *newroot;
	struct stat root;		/* "/", the initramfs */
	struct stat new;		/* the new root */
	struct stat api[NAPI];
	enum api_action act[NAPI];
};

/* -- 1. checks ------------------------------------------------------------ */

static int check_pid1(void)
{
	if (getpid() == 1)
		return 0;
	logmsg(LOG_ERR, "refusing to switch root: this process is PID %d, not 1", (int)getpid());
	return -EPERM;
}

static int is_initramfs_magic(long type)
{
	return type == (long)RAMFS_MAGIC || type == (long)TMPFS_MAGIC;
}

static int check_rootfs(struct plan *p)
{
	struct statfs sfs;

	if (statfs("/", &sfs) < 0 || stat("/", &p->root) < 0) {
		logerr(LOG_ERR, -errno, "refusing to switch root: cannot stat /");
		return -EIO;
	}
	if (!is_initramfs_magic((long)sfs.f_type)) {
		logmsg(LOG_ERR, "refusing to switch root: / is not the initramfs (ramfs/tmpfs) but fs magic 0x%lx",
		       (unsigned long)sfs.f_type);
		return -EINVAL;
	}
	return 0;
}

/* The kernel runs /init from the initramfs; a / without it is not one. A
 * symlink is followed (dracut-style images), but must stay on the initramfs. */
static int check_init_file(const struct plan *p)
{
	struct stat st;

	if (stat("/init", &st) < 0) {
		logerr(LOG_ERR, -errno, "refusing to switch root: no /init on / (is / the initramfs?)");
		return -ENOENT;
	}
	if (!S_ISREG(st.st_mode) || st.st_dev != p->root.st_dev) {
		logmsg(LOG_ERR, "refusing to switch root: /init is not a regular file on the initramfs (is / the initramfs?)");
		return -EINVAL;
	}
	return 0;
}

/* 1 if path is the root of a mount: statx says so where the kernel can
 * (5.8+), else "path/.." is on another device. */
static int is_mount_root(const char *path)
{
	char up[PATH_MAX];
	struct stat st, parent;
	int r = sys_is_mount_root(path);

	if (r >= 0)
		return r;
	fmt(up, sizeof(up), "%s/..", path);
	if (stat(path, &st) < 0 || stat(up, &parent) < 0)
		return 0;
	return st.st_dev != parent.st_dev || st.st_ino == parent.st_ino;
}

static int check_newroot(struct plan *p)
{
	const char *n = p->newroot;

	if (stat(n, &p->new) < 0) {
		logerr(LOG_ERR, -errno, "refusing to switch root: cannot stat the new root %s", n);
		return -ENOENT;
	}
	if (!S_ISDIR(p->new.st_mode)) {
		logmsg(LOG_ERR, "refusing to switch root: the new root %s is not a directory", n);
		return -ENOTDIR;
	}
	if (p->new.st_dev == p->root.st_dev) {
		logmsg(LOG_ERR, "refusing to switch root: %s is on the initramfs itself, not a mounted filesystem", n);
		return -EINVAL;
	}
	if (!is_mount_root(n)) {
		logmsg(LOG_ERR, "refusing to switch root: %s is not a mount point (it lies inside another mount)", n);
		return -EINVAL;
	}
	return 0;
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* 1 if the new root lies under the directory m (the root of a mount):
 * walks up from the new root through "..", which crosses mounts. */
static int newroot_under(const struct plan *p, const struct stat *m)
{
	struct stat st;
	int fd = open(p->newroot, O_PATH | O_DIRECTORY | O_CLOEXEC), up, found = 0;

	for (int i = 0; fd >= 0 && i < 256; i++) {
		if (fstat(fd, &st) < 0 || same_file(&st, &p->root))
			break;
		if (same_file(&st, m)) {
			found = 1;
			break;
		}
		up = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = up;
	}
	if (fd >= 0)
		close(fd);
	return found;
}

/* What to do with each API mount: nothing (not mounted), move it, or
 * detach it (the new root has no directory for it). */
static int plan_api_mounts(struct plan *p)
{
	char target[PATH_MAX];
	struct stat st;

	for (int i = 0; i < NAPI; i++) {
		p->act[i] = API_NONE;
		if (lstat(api_mounts[i], &p->api[i]) < 0 || p->api[i].st_dev == p->root.st_dev)
			continue;
		if (newroot_under(p, &p->api[i])) {
			logmsg(LOG_ERR, "refusing to switch root: %s lies inside %s, which would have to move into it",
			       p->newroot, api_mounts[i]);
			return -EINVAL;
		}
		fmt(target, sizeof(target), "%s%s", p->newroot, api_mounts[i]);
		p->act[i] = lstat(target, &st) == 0 && S_ISDIR(st.st_mode) ? API_MOVE : API_DETACH;
	}
	return 0;
}

static int check_all(struct plan *p)
{
	int err = check_pid1();

	if (!err)
		err = check_rootfs(p);
	if (!err)
		err = check_init_file(p);
	if (!err)
		err = check_newroot(p);
	if (!err)
		err = plan_api_mounts(p);
	return err;
}

/* -- the delete ----------------------------------------------------------- */

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
	const struct plan *p;
	struct level *lv;
	size_t n, cap;		/* levels in use (lv[n-1] is being read) */
	char *names;
	size_t nlen, ncap;
	unsigned long files, dirs, mounts, failed;
};

static struct level *top(struct walk *w)
{
	return &w->lv[w->n - 1];
}

/* buf, with room for need items of unit bytes (cap counts them): the
 * same or a bigger copy, or NULL (buf untouched) without memory. */
static void *grow(void *buf, size_t *cap, size_t need, size_t unit)
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

static int push(struct walk *w, const char *name, ino_t ino)
{
	size_t len = strlen(name) + 1;
	struct level *lv = grow(w->lv, &w->cap, w->n + 1, sizeof(*lv));
	char *names;

	if (!lv)
		return -ENOMEM;
	w->lv = lv;
	names = grow(w->names, &w->ncap, w->nlen + len, 1);
	if (!names)
		return -ENOMEM;
	w->names = names;
	memcpy(w->names + w->nlen, name, len);
	w->lv[w->n++] = (struct level){ .ino = ino, .name = w->nlen };
	w->nlen += len;
	return 0;
}

/* Drops the top level; its name stays readable until the next push. */
static struct level pop(struct walk *w, const char **name)
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

	top(w)->kept++;
	top(w)->stay++;
	if (++w->failed > 5)
		return;
	path_of(w, name, path, sizeof(path));
	logerr(LOG_WARNING, err, "cannot remove %s from the initramfs", path);
}

/* Dry run: a mount the switch moves or detaches leaves an empty directory. */
static int moves_away(const struct walk *w, const struct stat *st)
{
	for (int i = 0; i < NAPI; i++)
		if (w->p->act[i] != API_NONE && same_file(st, &w->p->api[i]))
			return 1;
	return same_file(st, &w->p->new);
}

/* A mount point: it stays, and so does the directory holding it. */
static void mounted_on(struct walk *w)
{
	top(w)->kept++;
	top(w)->stay++;
	w->mounts++;
}

/* An entry on another device: a mount point, never entered nor removed. */
static void foreign(struct walk *w, const struct stat *st)
{
	if (w->dry && moves_away(w, st)) {
		top(w)->kept++;
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
static int entry(struct walk *w, int dirfd, const char *name, ino_t *ino)
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
		top(w)->kept++;
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

/* entry() without the fstatat, where readdir's d_type tells enough: a
 * directory's device is checked when descend() opens it; anything else is
 * unlinked at once (remove_file: being mounted on is the only way a
 * non-directory here can be on another device). The dry run and
 * filesystems without d_type take entry()'s way. */
static int entry_typed(struct walk *w, int dirfd, const struct kdirent *e, ino_t *ino)
{
	if (w->dry || e->type == DT_UNKNOWN)
		return entry(w, dirfd, e->name, ino);
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
	unsigned long skip = top(w)->kept;
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
		err = push(w, name, ino);
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
		top(w)->kept++;
		if (done->stay)
			top(w)->stay++;
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
		top(w)->kept++;
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
	done = pop(w, &name);
	remove_dir(w, fd, name, &done);
	return 0;
}

/* Empties (or, dry, counts) the tree under w->rootfd. */
static int walk_tree(struct walk *w, ino_t rootino)
{
	char sub[NAME_MAX + 1];
	int cur, fd, r;
	ino_t ino = 0;

	if (push(w, "", rootino) < 0)
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

/* Runs the walk over the old root at fd (closed here), checking first that
 * fd is still the initramfs the checks looked at. */
static int walk_old_root(struct walk *w, int fd)
{
	struct statfs sfs;
	struct stat st;
	int err;

	if (fstatfs(fd, &sfs) < 0 || fstat(fd, &st) < 0 || !is_initramfs_magic((long)sfs.f_type) ||
	    !same_file(&st, &w->p->root)) {
		logmsg(LOG_ERR, "the old root is no longer the initramfs that was checked; deleting nothing");
		close(fd);
		return -EINVAL;
	}
	w->dev = st.st_dev;
	w->rootfd = fd;
	err = walk_tree(w, st.st_ino);
	close(fd);
	mem_resize(w->lv, w->cap * sizeof(*w->lv), 0);
	mem_resize(w->names, w->ncap, 0);
	return err;
}

static void delete_old_root(const struct plan *p, int fd)
{
	struct walk w = { .p = p };

	if (walk_old_root(&w, fd) == -EINVAL)
		return;
	if (w.failed)
		logmsg(LOG_WARNING, "removed %lu files and %lu directories from the initramfs; %lu entries could not be removed and keep their memory",
		       w.files, w.dirs, w.failed);
	else
		logmsg(LOG_INFO, "initramfs emptied: %lu files and %lu directories removed",
		       w.files, w.dirs);
	if (w.mounts)
		logmsg(LOG_INFO, "%lu mounts inside the initramfs were left alone", w.mounts);
}

/* -- 2.-6. the switch ----------------------------------------------------- */

static int make_private(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		return 0;
	logerr(LOG_ERR, -errno, "refusing to switch root: cannot make / private (MS_MOVE would fail too)");
	return -EPERM;
}

static void move_api_mounts(struct plan *p)
{
	char target[PATH_MAX];

	for (int i = 0; i < NAPI; i++) {
		const char *m = api_mounts[i];

		fmt(target, sizeof(target), "%s%s", p->newroot, m);
		if (p->act[i] == API_MOVE && mount(m, target, NULL, MS_MOVE, NULL) == 0) {
			p->act[i] = API_MOVED;
			continue;
		}
		if (p->act[i] == API_MOVE)
			logerr(LOG_WARNING, -errno, "cannot move %s to %s; detaching it", m, target);
		else if (p->act[i] == API_DETACH)
			logmsg(LOG_INFO, "%s has no directory %s; detaching %s", p->newroot, m, m);
		if (p->act[i] != API_NONE && umount2(m, MNT_DETACH) < 0)
			logerr(LOG_WARNING, -errno, "cannot detach %s", m);
	}
}

/* The switch failed: puts the moved API mounts back for the rescue shell. */
static void unmove_api_mounts(const struct plan *p)
{
	char target[PATH_MAX];

	for (int i = 0; i < NAPI; i++) {
		if (p->act[i] != API_MOVED)
			continue;
		fmt(target, sizeof(target), "%s%s", p->newroot, api_mounts[i]);
		if (mount(target, api_mounts[i], NULL, MS_MOVE, NULL) < 0)
			logerr(LOG_WARNING, -errno, "cannot move %s back to %s", target, api_mounts[i]);
	}
}

/* pivot_root where the kernel allows it, else MS_MOVE over "/" + chroot.
 * Sets *pivoted. On failure nothing has changed but the cwd. */
static int enter_newroot(const char *newroot, int *pivoted)
{
	int err;

	*pivoted = 0;
	if (chdir(newroot) < 0)
		return -errno;
	if (sys_pivot_root(".", ".") == 0) {
		*pivoted = 1;
		return 0;
	}
	/* EINVAL is today's rule (rootfs cannot be pivoted): not news. */
	logerr(errno == EINVAL ? LOG_DEBUG : LOG_INFO, -errno,
	       "pivot_root into %s not possible; moving it over / instead", newroot);
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0) {
		err = -errno;
		if (chdir("/") < 0)
			logerr(LOG_WARNING, -errno, "cannot chdir back to /");
		return err;
	}
	return 0;
}

/* After pivot_root(".", "."), the old root is mounted over ".": detach it. */
static void detach_old_root(void)
{
	if (umount2(".", MNT_DETACH) == 0)
		logmsg(LOG_INFO, "pivot_root worked; the old initramfs is detached");
	else
		logerr(LOG_WARNING, -errno, "pivot_root worked but the old initramfs cannot be detached; it stays mounted under /");
}

/* fds 0-2 from the new root, so none pins the old one: its /dev/console,
 * else its /dev/null, else null (/dev/null opened before the switch, for a
 * new root without /dev), so the real init always has them. */
static void reopen_console(int null)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		logerr(LOG_WARNING, -errno, "cannot open /dev/console in the new root; init gets /dev/null");
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	}
	if (fd < 0)
		fd = null;
	if (fd < 0) {
		logmsg(LOG_WARNING, "no /dev/null either; init keeps the fds it had");
		return;
	}
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);	/* dup2 clears O_CLOEXEC on the copies */
		else
			fcntl(fd, F_SETFD, 0);
	if (fd > 2 && fd != null)
		close(fd);
}

static int do_switch(struct plan *p)
{
	int pivoted, err, oldfd, null;

	err = make_private();
	if (err < 0)
		return err;
	oldfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (oldfd < 0)
		return -errno;
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	move_api_mounts(p);
	err = enter_newroot(p->newroot, &pivoted);
	if (err < 0) {
		unmove_api_mounts(p);
		close(oldfd);
		if (null >= 0)
			close(null);
		return err;
	}
	if (pivoted)
		detach_old_root();
	if (chdir("/") < 0)
		logerr(LOG_WARNING, -errno, "cannot chdir to the new /");
	delete_old_root(p, oldfd);
	reopen_console(null);
	if (null > 2)
		close(null);	/* at 0-2 it is stdio now, or replaced */
	return 0;
}

/* -- dry run -------------------------------------------------------------- */

static void dry_api_mounts(const struct plan *p)
{
	for (int i = 0; i < NAPI; i++) {
		const char *m = api_mounts[i];

		if (p->act[i] == API_MOVE)
			logmsg(LOG_INFO, "dry run: would move %s to %s%s", m, p->newroot, m);
		else if (p->act[i] == API_DETACH)
			logmsg(LOG_INFO, "dry run: would detach %s: %s has no directory %s", m, p->newroot, m);
		else
			logmsg(LOG_INFO, "dry run: %s is not a mount point; nothing to move", m);
	}
}

static int dry_run(const struct plan *p)
{
	struct walk w = { .p = p, .dry = 1 };
	int fd, err;

	logmsg(LOG_INFO, "dry run: every check passed; changing nothing. Would make / private");
	dry_api_mounts(p);
	logmsg(LOG_INFO, "dry run: would pivot_root into %s if the kernel allows it, else move it over / and chroot",
	       p->newroot);
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = walk_old_root(&w, fd);
	if (err < 0)
		return err;
	logmsg(LOG_INFO, "dry run: would remove %lu files and %lu directories from the initramfs; %lu mounts inside it would stay, %lu entries could not be read",
	       w.files, w.dirs, w.mounts, w.failed);
	logmsg(LOG_INFO, "dry run: would reopen fds 0-2 on the new root's /dev/console, else /dev/null");
	return 0;
}

int switch_root(const char *newroot, unsigned flags)
{
	struct plan p = { .newroot = newroot };
	int err = check_all(&p);

	if (err < 0)
		return err;
	if (flags & SWITCH_DRY_RUN)
		return dry_run(&p);
	return do_switch(&p);
}
