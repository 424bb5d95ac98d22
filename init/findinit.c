/* findinit.c: the init the real root will run, found before anything is
 * deleted: init= if given, else the kernel's usual list, each resolved
 * inside the new root (a child chrooted there), so a root whose init is
 * missing fails while the initramfs can still say why. */
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

static const char *const init_candidates[] = {
	"/sbin/init", "/etc/init", "/bin/init", "/bin/sh",
};

/* Asks a child chrooted into newroot, so absolute symlinks such as
 * /sbin/init -> /lib/systemd/systemd resolve inside the new root. A
 * directory passes access(X_OK) as root: it must be a regular file. */
static int executable_in(const char *newroot, const char *path)
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

int find_init(const struct bootcfg *cfg, const char *newroot, const char **out)
{
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
	for (size_t i = 0; i < sizeof(init_candidates) / sizeof(init_candidates[0]); i++) {
		if (executable_in(newroot, init_candidates[i]) == 0) {
			*out = init_candidates[i];
			return 0;
		}
	}
	logmsg(LOG_ERR, "no init in the new root: none of /sbin/init, /etc/init, /bin/init, /bin/sh is executable there; pass init=PATH");
	return -ENOENT;
}
