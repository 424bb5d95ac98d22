/* fsck.c: checks a filesystem with the image's own checker before it is
 * mounted, as systemd-fsck would on the real root: fsck.mode= and
 * fsck.repair=, fsck(8)'s exit codes. No checker for the type in the
 * image: nothing is checked (the real root's systemd-fsck still runs). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsck.h"
#include "log.h"
#include "runtool.h"
#include "sys.h"

#define FSCK_OUT_MAX	4096

static int executable(const char *path)
{
	return access(path, X_OK) == 0;
}

/* fsck.TYPE, e2fsck for the ext family, else fsck(8); 1 if generic. */
static int find_checker(const char *type, char *path, size_t n, int *generic)
{
	static const char *const dirs[] = { "/sbin", "/usr/sbin", "/bin", "/usr/bin" };
	int ext = strcmp(type, "ext2") == 0 || strcmp(type, "ext3") == 0 ||
		  strcmp(type, "ext4") == 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		fmt(path, n, "%s/fsck.%s", dirs[i], type);
		if (executable(path))
			return *generic = 0, 0;
		fmt(path, n, "%s/e2fsck", dirs[i]);
		if (ext && executable(path))
			return *generic = 0, 0;
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		fmt(path, n, "%s/fsck", dirs[i]);
		if (executable(path))
			return *generic = 1, 0;
	}
	return -ENOENT;
}

/* fsck's output, line by line, at level. */
static void quote(int level, const char *what, const char *out)
{
	char line[256];

	while (*out) {
		size_t len = strcspn(out, "\n");

		if (len) {
			/* log.c's formatter has no %.*s: one line at a time. */
			size_t n = len < sizeof(line) - 1 ? len : sizeof(line) - 1;

			memcpy(line, out, n);
			line[n] = '\0';
			logmsg(level, "fsck %s: %s", what, line);
		}
		out += len;
		if (*out)
			out++;
	}
}

/* /run/initramfs/fsck-root and fsck-usr: systemd-fsck-root.service and
 * systemd-fsck-usr.service skip a filesystem the initramfs checked. */
static void mark_checked(const char *what)
{
	char path[64];
	int fd;

	mkdir("/run/initramfs", 0755);
	fmt(path, sizeof(path), "/run/initramfs/fsck-%s", what);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
}

int fsck_blockdev(const struct bootcfg *cfg, const struct blockdev *dev, const char *what)
{
	static char out[FSCK_OUT_MAX];
	char prog[64], devpath[64];
	const char *argv[FSCK_ARGV_MAX];
	const char *type = dev->id.type;
	struct tool_run run;
	int generic, status;

	if (cfg->fsck.bad)
		logmsg(LOG_WARNING, "%s= not understood (fsck.mode=auto|force|skip, fsck.repair=preen|yes|no); the earlier setting stays",
		       cfg->fsck.bad);
	if (cfg->fsck.mode == FSCK_MODE_SKIP || !type[0] || find_checker(type, prog, sizeof(prog), &generic) < 0)
		return 0;
	blockdev_path(dev, devpath, sizeof(devpath));
	fsck_argv(&cfg->fsck, prog, generic, type, devpath, argv);
	memset(&run, 0, sizeof(run));
	run.path = prog;
	run.argv = argv;
	run.timeout_ms = -1;	/* a big filesystem takes what it takes */
	run.out = out;
	run.out_size = sizeof(out);
	logmsg(LOG_INFO, "checking %s %s (%s) with %s%s", what, devpath, type, prog,
	       cfg->fsck.mode == FSCK_MODE_FORCE ? " (fsck.mode=force)" : "");
	status = tool_run(&run);
	if (status < 0) {
		logmsg(LOG_WARNING, "cannot run %s: %s; %s not checked", prog, tool_strerror(status),
		       devpath);
		return 0;
	}
	switch (fsck_verdict(status)) {
	case FSCK_CLEAN:
		quote(LOG_DEBUG, what, out);
		break;
	case FSCK_FIXED:
		quote(LOG_NOTICE, what, out);
		logmsg(LOG_NOTICE, "fsck repaired %s %s (exit 1); going on", what, devpath);
		break;
	case FSCK_REBOOT:
		quote(LOG_NOTICE, what, out);
		logmsg(LOG_NOTICE, "fsck repaired %s %s and asks for a reboot (exit 2); rebooting",
		       what, devpath);
		sync();
		sys_reboot(RB_AUTOBOOT);
		return -EIO;
	case FSCK_FAILED:
		quote(LOG_ERR, what, out);
		logmsg(LOG_ERR, "fsck left errors on %s %s (exit %d)%s: repair it by hand (%s -f %s)",
		       what, devpath, status,
		       cfg->fsck.repair == FSCK_REPAIR_NO ? " with fsck.repair=no" : "", prog,
		       devpath);
		return -EIO;
	}
	mark_checked(what);
	return 0;
}
