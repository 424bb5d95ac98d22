/* switchroot.c: hands the machine from the initramfs to the real root.
 * rootfs can never be unmounted, so its files are deleted (to give the
 * memory back), the real root is moved over "/", and "/" entered by chroot.
 * Deleting as PID 1 is where a bug destroys a user's data: nothing here
 * runs until every safety check holds, and the delete never leaves the
 * rootfs device nor follows a symlink. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

static const char *const api_mounts[] = { "/dev", "/proc", "/sys", "/run" };

/* Every condition under which deleting "/" is safe. */
static int check_safe(const char *newroot, dev_t *rootdev)
{
	struct statfs sfs;
	struct stat st_root, st_new;

	if (getpid() != 1) {
		logmsg(LOG_ERR, "refusing to switch root: not PID 1");
		return -EPERM;
	}
	if (statfs("/", &sfs) < 0 || stat("/", &st_root) < 0 || stat(newroot, &st_new) < 0)
		return -errno;
	if (sfs.f_type != RAMFS_MAGIC && sfs.f_type != TMPFS_MAGIC) {
		logmsg(LOG_ERR, "refusing to switch root: / is not the initramfs (ramfs/tmpfs) but fs magic 0x%lx",
		       (unsigned long)sfs.f_type);
		return -EINVAL;
	}
	if (st_new.st_dev == st_root.st_dev) {
		logmsg(LOG_ERR, "refusing to switch root: %s is not a mount point", newroot);
		return -EINVAL;
	}
	*rootdev = st_root.st_dev;
	return 0;
}

static int delete_tree(int dirfd, dev_t rootdev, int *failed);

/* Deletes one directory entry of dirfd, recursing into directories that
 * live on rootdev; mount points (and anything else on another device) stay. */
static void delete_entry(int dirfd, const char *name, dev_t rootdev, int *failed)
{
	struct stat st;
	int isdir, fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		(*failed)++;
		return;
	}
	if (st.st_dev != rootdev)
		return;
	isdir = S_ISDIR(st.st_mode);
	if (isdir) {
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			(*failed)++;
			return;
		}
		delete_tree(fd, rootdev, failed);	/* closes fd */
	}
	if (unlinkat(dirfd, name, isdir ? AT_REMOVEDIR : 0) < 0 &&
	    !(isdir && errno == EBUSY)) {	/* a directory holding a mount point */
		logerr(LOG_WARNING, -errno, "cannot remove %s from the initramfs", name);
		(*failed)++;
	}
}

/* Empties the directory dirfd refers to, then closes it. */
static int delete_tree(int dirfd, dev_t rootdev, int *failed)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;

	if (!d) {
		close(dirfd);
		(*failed)++;
		return -errno;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		delete_entry(dirfd, e->d_name, rootdev, failed);
	}
	closedir(d);
	return 0;
}

/* Moves /dev, /proc, /sys, /run under newroot; where the new root has no
 * directory for one, it is detached rather than left pinning the old root. */
static void move_api_mounts(const char *newroot)
{
	for (size_t i = 0; i < sizeof(api_mounts) / sizeof(api_mounts[0]); i++) {
		char target[64];

		fmt(target, sizeof(target), "%s%s", newroot, api_mounts[i]);
		if (mount(api_mounts[i], target, NULL, MS_MOVE, NULL) == 0)
			continue;
		logerr(LOG_WARNING, -errno, "cannot move %s to %s; detaching it", api_mounts[i], target);
		umount2(api_mounts[i], MNT_DETACH);
	}
}

static void reopen_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		logerr(LOG_WARNING, -errno, "cannot open /dev/console in the new root; init keeps the old fds");
		return;
	}
	for (int i = 0; i < 3; i++)
		dup2(fd, i);	/* dup2 clears O_CLOEXEC on the copies */
	if (fd > 2)
		close(fd);
}

int switch_root(const char *newroot)
{
	dev_t rootdev;
	int failed = 0, fd, err;

	err = check_safe(newroot, &rootdev);
	if (err < 0)
		return err;
	/* Shared propagation makes MS_MOVE fail with EINVAL. */
	mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	move_api_mounts(newroot);
	if (chdir(newroot) < 0)
		return -errno;
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	delete_tree(fd, rootdev, &failed);
	if (failed)
		logmsg(LOG_WARNING, "%d initramfs entries could not be removed; their memory stays in use", failed);
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		return -errno;
	if (chroot(".") < 0 || chdir("/") < 0)
		return -errno;
	reopen_console();
	return 0;
}

static const char *const init_candidates[] = {
	"/sbin/init", "/etc/init", "/bin/init", "/bin/sh",
};

/* Asks a child chrooted into newroot, so absolute symlinks such as
 * /sbin/init -> /lib/systemd/systemd resolve inside the new root. */
static int executable_in(const char *newroot, const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (chroot(newroot) < 0 || chdir("/") < 0)
			_exit(EIO);
		if (access(path, X_OK) < 0)
			_exit(errno);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status))
		return -EIO;
	return -WEXITSTATUS(status);
}

int find_init(const struct bootcfg *cfg, const char *newroot, const char **out)
{
	int err;

	if (cfg->init) {
		err = executable_in(newroot, cfg->init);
		if (err < 0) {
			logerr(LOG_ERR, err, "init=%s is not executable in the new root", cfg->init);
			return err;
		}
		*out = cfg->init;
		return 0;
	}
	for (size_t i = 0; i < sizeof(init_candidates) / sizeof(init_candidates[0]); i++) {
		if (executable_in(newroot, init_candidates[i]) == 0) {
			*out = init_candidates[i];
			return 0;
		}
	}
	logmsg(LOG_ERR, "no init in the new root: none of /sbin/init, /etc/init, /bin/init, /bin/sh is executable there; pass init=PATH");
	return -ENOENT;
}
