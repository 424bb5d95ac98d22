/* findinit.c: the init the real root will run, found before anything is
 * deleted: init= if given, else the kernel's usual list, each resolved
 * inside the new root (a child chrooted there), so a root whose init is
 * missing fails while the initramfs can still say why. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "policy.h"
#include "sys.h"

static const char *const init_candidates[] = {
	"/sbin/init", "/etc/init", "/bin/init", "/bin/sh",
};

/* Asks a child chrooted into newroot, so absolute symlinks such as
 * /sbin/init -> /lib/systemd/systemd resolve inside the new root. A
 * directory passes access(X_OK) as root: it must be a regular file. */
static int executable_in_child(const char *newroot, const char *path)
{
	struct stat st;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (chroot(newroot) < 0 || chdir("/") < 0)
			_exit(EIO);
		if (stat(path, &st) < 0)
			_exit(errno);
		if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0)
			_exit(EACCES);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status))
		return -EIO;
	return -WEXITSTATUS(status);
}

/* The same without a process: openat2 resolves path inside newroot as the
 * chroot would (a fork costs milliseconds under emulation, on the way of
 * every boot). For root, access(X_OK) on a regular file means an execute
 * bit. The child where the kernel or C library has no openat2. */
static int executable_in(const char *newroot, const char *path)
{
	int root = open(newroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd, err;
	struct stat st;

	if (root < 0)
		return -errno;
	fd = sys_open_in_root(root, path);
	err = fd < 0 ? -errno : 0;
	close(root);
	if (err == -ENOSYS)
		return executable_in_child(newroot, path);
	if (err < 0)
		return err;
	if (fstat(fd, &st) < 0)
		err = -errno;
	else if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111))
		err = -EACCES;
	close(fd);
	return err;
}

int find_init(const struct bootcfg *cfg, const char *newroot, const char **out)
{
	size_t n;
	int err;

	if (cfg->init) {
		err = executable_in(newroot, cfg->init);
		if (err < 0) {
			logerr(LOG_ERR, err, "init=%s is not an executable file in the new root", cfg->init);
			return err;
		}
		*out = cfg->init;
		return 0;
	}
	/* A LOCKDOWN build never falls back to a shell: /sbin/init (or the
	 * build's INIT=, taken above) or nothing. */
	n = build_policy.lockdown ? 1 : sizeof(init_candidates) / sizeof(init_candidates[0]);
	for (size_t i = 0; i < n; i++) {
		if (executable_in(newroot, init_candidates[i]) == 0) {
			*out = init_candidates[i];
			return 0;
		}
	}
	if (build_policy.lockdown)
		logmsg(LOG_ERR, "no init in the new root: /sbin/init is not executable there "
		       "(a LOCKDOWN=1 build tries nothing else; build with INIT=PATH for another)");
	else
		logmsg(LOG_ERR, "no init in the new root: none of /sbin/init, /etc/init, /bin/init, /bin/sh is executable there; pass init=PATH");
	return -ENOENT;
}
