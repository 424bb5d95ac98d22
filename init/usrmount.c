/* usrmount.c: /usr on a filesystem of its own. systemd expects /usr
 * mounted when it starts (it runs from there), so, as initramfs-tools and
 * tiny-initramfs do, /init reads the new root's /etc/fstab and mounts /usr
 * (only /usr) before the switch. */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>

#include "fsck.h"
#include "fstab.h"
#include "log.h"
#include "mountopts.h"
#include "sys.h"

#define FSTAB_MAX	16384

static int mount_usr(const struct bootcfg *cfg, const struct fstab_entry *e,
		     const struct blockdev *dev)
{
	char src[64], data[FSTAB_FIELD_MAX];
	const char *type = strcmp(e->type, "auto") == 0 || !e->type[0] ? dev->id.type : e->type;
	unsigned long flags = 0;

	if (mountopts_split(e->opts, &flags, data, sizeof(data)) < 0)
		return -E2BIG;
	/* Read-only with a read-only root, as initramfs-tools does; the real
	 * root's systemd-remount-fs applies fstab's options afterwards. */
	if (cfg->readonly)
		flags |= MS_RDONLY;
	blockdev_path(dev, src, sizeof(src));
	if (mount(src, NEWROOT "/usr", type, flags, data[0] ? data : NULL) < 0)
		return -errno;
	logmsg(LOG_INFO, "mounted /usr: %s (%u:%u) as %s %s", src, major(dev->devt),
	       minor(dev->devt), type, flags & MS_RDONLY ? "read-only" : "read-write");
	return 0;
}

int usr_mount(const struct bootcfg *cfg, int uevent_fd, struct devlist *devs)
{
	static char text[FSTAB_MAX];
	struct fstab_entry e;
	struct root_spec spec;
	const char *why;
	int secs = root_wait_seconds(cfg), i, err;

	if (read_text(NEWROOT "/etc/fstab", text, sizeof(text)) < 0)
		return 0;
	err = fstab_find(text, "/usr", &e);
	if (err == -ENOENT)
		return 0;
	if (err < 0) {
		logerr(LOG_ERR, err, "the /usr line of the root's /etc/fstab cannot be read");
		return err;
	}
	if (rootspec_parse(&spec, e.spec, &why) < 0) {
		logmsg(LOG_ERR, "/usr in the root's /etc/fstab is on %s, which baton cannot find: %s",
		       e.spec, why);
		return -EINVAL;
	}
	if (secs < 0)
		secs = ROOTWAIT_DEFAULT_S;
	i = dev_wait(&spec, secs, uevent_fd, devs);
	if (i < 0) {
		logerr(LOG_ERR, i, "/usr (%s in the root's /etc/fstab) not found after %d s%s", e.spec,
		       secs, e.nofail ? "; nofail: going on without it" : "");
		return e.nofail ? 0 : i;
	}
	blockdev_identify(&devs->dev[i]);
	if (e.passno > 0) {
		err = fsck_blockdev(cfg, &devs->dev[i], "usr");
		if (err < 0)
			return err;
	}
	err = mount_usr(cfg, &e, &devs->dev[i]);
	if (err < 0)
		logerr(LOG_ERR, err, "cannot mount /usr (%s, /dev/%s) from the root's /etc/fstab",
		       e.spec, devs->dev[i].name);
	return err;
}
