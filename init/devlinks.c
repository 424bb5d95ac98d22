/* devlinks.c: makes /dev/disk/by-uuid, by-label, by-partuuid, by-partlabel,
 * by-id and by-path for the devices baton identified, as udev would name
 * them, so an fstab or a tool of the real root that uses them works before
 * the real root's udev has run. udev later takes the directory over. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devlinks.h"
#include "log.h"

/* The longest name: a label with every byte escaped as \xNN. */
#define REL_MAX	(4 * sizeof(((struct fsid *)0)->label) + 16)

/* mkdir of every directory above path below /dev ("/dev/disk",
 * "/dev/disk/by-id"); an existing one is fine. */
static int make_parents(const char *path)
{
	char dir[REL_MAX + 16];
	size_t len = strlen(path);

	if (len >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, len + 1);
	for (char *p = dir + 5; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return 0;
}

/* /dev/disk/REL -> ../../NAME; REL ("by-id/NAME") is two levels down. */
static void make_link(const char *rel, const struct blockdev *d)
{
	char path[REL_MAX + 16], target[48];
	int err = 0;

	if (fmt(path, sizeof(path), "/dev/disk/%s", rel) + 1 >= sizeof(path))
		return;
	fmt(target, sizeof(target), "../../%s", d->name);
	for (char *p = target + 6; *p; p++)
		if (*p == '!')
			*p = '/';
	/* The first device claims a name, as udev's priority-less default.
	 * A by-* directory is made with its first link, so none is left
	 * empty (udev makes no by-label when nothing has a label). */
	if (symlink(target, path) < 0)
		err = -errno;
	if (err == -ENOENT) {
		err = make_parents(path);
		if (err == 0 && symlink(target, path) < 0)
			err = -errno;
	}
	if (err < 0 && err != -EEXIST)
		logerr(LOG_DEBUG, err, "cannot link %s", path);
}

static void link_one(const char *dir, const char *value, const struct blockdev *d)
{
	char esc[4 * sizeof(((struct fsid *)0)->label)], rel[REL_MAX];

	if (!value[0] || devlink_escape(esc, sizeof(esc), value) < 0)
		return;
	fmt(rel, sizeof(rel), "%s/%s", dir, esc);
	make_link(rel, d);
}

/* A by-id or by-path name another device has too: udev would point it at
 * either (equal link priorities), so baton makes neither. NVMe's
 * nvme-<model>_<serial> is one such name when a controller has two
 * namespaces. */
static int shared(const struct devlist *l, int self, const char *rel)
{
	for (int j = 0; j < l->n; j++)
		if (j != self && l->dev[j].probed && diskid_has(l->dev[j].diskids, NULL, rel))
			return 1;
	return 0;
}

static void link_ids(const struct devlist *l, int i)
{
	const struct blockdev *d = &l->dev[i];

	for (const char *rel = d->diskids; *rel; rel += strlen(rel) + 1)
		if (!shared(l, i, rel))
			make_link(rel, d);
}

void devlinks_create(const struct devlist *l)
{
	for (int i = 0; i < l->n; i++) {
		const struct blockdev *d = &l->dev[i];

		if (d->probed == 0)
			continue;
		/* by-id and by-path come from sysfs: an unreadable disk has them too. */
		link_ids(l, i);
		if (d->probed < 0)
			continue;
		link_one("by-uuid", d->id.uuid, d);
		link_one("by-label", d->id.label, d);
		link_one("by-partuuid", d->partuuid, d);
		link_one("by-partlabel", d->partlabel, d);
	}
}
