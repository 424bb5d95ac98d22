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
 * The delete itself is init/rmtree.c's: it never follows a symlink and
 * never leaves the old root's device. */
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

#include "log.h"
#include "rmtree.h"
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

/* Empties (dry: counts) the old root at fd (closed here), checking first
 * that fd is still the initramfs the checks looked at. */
static int empty_old_root(const struct plan *p, int fd, unsigned flags, struct rm_stats *st)
{
	struct stat gone[NAPI + 1];
	struct statfs sfs;
	struct stat root;
	int ngone = 0;

	if (fstatfs(fd, &sfs) < 0 || fstat(fd, &root) < 0 || !is_initramfs_magic((long)sfs.f_type) ||
	    !same_file(&root, &p->root)) {
		logmsg(LOG_ERR, "the old root is no longer the initramfs that was checked; deleting nothing");
		close(fd);
		return -EINVAL;
	}
	for (int i = 0; i < NAPI; i++)
		if (p->act[i] != API_NONE)
			gone[ngone++] = p->api[i];
	gone[ngone++] = p->new;
	return rmtree_contents(fd, flags, gone, ngone, st);
}

static void delete_old_root(const struct plan *p, int fd)
{
	struct rm_stats st;

	if (empty_old_root(p, fd, 0, &st) == -EINVAL)
		return;
	if (st.failed)
		logmsg(LOG_WARNING, "removed %lu files and %lu directories from the initramfs; %lu entries could not be removed and keep their memory",
		       st.files, st.dirs, st.failed);
	else
		logmsg(LOG_INFO, "initramfs emptied: %lu files and %lu directories removed",
		       st.files, st.dirs);
	if (st.mounts)
		logmsg(LOG_INFO, "%lu mounts inside the initramfs were left alone", st.mounts);
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

/* One way out for a switch that did not happen (util-linux's switchroot()
 * shape): what was opened is closed at fail:, nothing was deleted. */
static int do_switch(struct plan *p)
{
	int pivoted, err, oldfd = -1, null = -1;

	err = make_private();
	if (err < 0)
		goto fail;
	oldfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (oldfd < 0) {
		err = -errno;
		goto fail;
	}
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	move_api_mounts(p);
	err = enter_newroot(p->newroot, &pivoted);
	if (err < 0) {
		unmove_api_mounts(p);
		goto fail;
	}
	if (pivoted)
		detach_old_root();
	if (chdir("/") < 0)
		logerr(LOG_WARNING, -errno, "cannot chdir to the new /");
	delete_old_root(p, oldfd);	/* closes oldfd */
	reopen_console(null);
	if (null > 2)
		close(null);	/* at 0-2 it is stdio now, or replaced */
	return 0;
fail:
	if (oldfd >= 0)
		close(oldfd);
	if (null >= 0)
		close(null);
	return err;
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
	struct rm_stats st;
	int fd, err;

	logmsg(LOG_INFO, "dry run: every check passed; changing nothing. Would make / private");
	dry_api_mounts(p);
	logmsg(LOG_INFO, "dry run: would pivot_root into %s if the kernel allows it, else move it over / and chroot",
	       p->newroot);
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = empty_old_root(p, fd, RM_DRY_RUN, &st);
	if (err < 0)
		return err;
	logmsg(LOG_INFO, "dry run: would remove %lu files and %lu directories from the initramfs; %lu mounts inside it would stay, %lu entries could not be read",
	       st.files, st.dirs, st.mounts, st.failed);
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
