/* earlymount.c: the kernel filesystems /init needs before anything else,
 * and a console on fds 0-2 even when the image carried no /dev/console. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

struct early_mount {
	const char *type;
	const char *target;
	unsigned long flags;
	const char *data;
};

static const struct early_mount early_mounts[] = {
	{ "proc",     "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "sysfs",    "/sys",  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "devtmpfs", "/dev",  MS_NOSUID,                        "mode=0755" },
	/* systemd's limits for /run (its default: 20 % of RAM, 800k inodes),
	 * not the kernel's 50 %; the real root's systemd keeps this mount. */
	{ "tmpfs",    "/run",  MS_NOSUID | MS_NODEV,             "mode=0755,size=20%,nr_inodes=800k" },
};

static int mount_one(const struct early_mount *m)
{
	if (mkdir(m->target, 0755) < 0 && errno != EEXIST)
		return -errno;
	/* EBUSY: already there (CONFIG_DEVTMPFS_MOUNT, or a second run). */
	if (mount(m->type, m->target, m->type, m->flags, m->data) < 0 && errno != EBUSY)
		return -errno;
	return 0;
}

/* The kernel opens /dev/console for /init only if the image has the node;
 * without it fds 0-2 are closed and every message would vanish. */
static void ensure_stdio(void)
{
	int fd;

	if (fcntl(2, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

int mount_early(void)
{
	int ret = 0;

	for (size_t i = 0; i < sizeof(early_mounts) / sizeof(early_mounts[0]); i++) {
		int err = mount_one(&early_mounts[i]);

		if (i == 2)
			ensure_stdio();
		if (err < 0) {
			logerr(LOG_ERR, err, "cannot mount %s on %s", early_mounts[i].type,
			       early_mounts[i].target);
			ret = err;
		}
	}
	return ret;
}
