/* devlinks.c: makes /dev/disk/by-uuid, by-label, by-partuuid and
 * by-partlabel for the devices baton identified, as udev would name them,
 * so an fstab or a tool of the real root that uses them works before the
 * real root's udev has run. udev later takes the directory over. */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devlinks.h"
#include "log.h"

static void link_one(const char *dir, const char *value, const struct blockdev *d)
{
	char esc[4 * sizeof(((struct fsid *)0)->label)], path[sizeof(esc) + 32], target[48];

	if (!value[0] || devlink_escape(esc, sizeof(esc), value) < 0)
		return;
	fmt(path, sizeof(path), "/dev/disk/%s/%s", dir, esc);
	fmt(target, sizeof(target), "../../%s", d->name);
	for (char *p = target + 6; *p; p++)
		if (*p == '!')
			*p = '/';
	/* The first device claims a name, as udev's priority-less default. */
	if (symlink(target, path) < 0 && errno != EEXIST)
		logerr(LOG_DEBUG, -errno, "cannot link %s", path);
}

void devlinks_create(const struct devlist *l)
{
	static const char *const dirs[] = { "by-uuid", "by-label", "by-partuuid", "by-partlabel" };
	char path[32];

	mkdir("/dev/disk", 0755);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		fmt(path, sizeof(path), "/dev/disk/%s", dirs[i]);
		mkdir(path, 0755);
	}
	for (int i = 0; i < l->n; i++) {
		const struct blockdev *d = &l->dev[i];

		if (d->probed <= 0)
			continue;
		link_one("by-uuid", d->id.uuid, d);
		link_one("by-label", d->id.label, d);
		link_one("by-partuuid", d->partuuid, d);
		link_one("by-partlabel", d->partlabel, d);
	}
}
