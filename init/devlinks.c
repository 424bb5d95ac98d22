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

/* The identities udev makes by-uuid, by-label, by-partuuid, by-partlabel
 * links of; offsetof-free, so each is named once. */
enum idfield { ID_UUID, ID_LABEL, ID_PARTUUID, ID_PARTLABEL, NIDS };

static const char *id_of(const struct blockdev *d, enum idfield f)
{
	switch (f) {
	case ID_UUID:
		return d->id.uuid;
	case ID_LABEL:
		return d->id.label;
	case ID_PARTUUID:
		return d->partuuid;
	default:
		return d->partlabel;
	}
}

/* A value two devices hold (a stick with the root's UUID): udev would
 * point the link at either, so baton makes none, rather than let the
 * first one seen have it. */
static int value_shared(const struct devlist *l, int self, enum idfield f)
{
	const char *v = id_of(&l->dev[self], f);

	for (int j = 0; j < l->n; j++)
		if (j != self && l->dev[j].probed > 0 && strcmp(id_of(&l->dev[j], f), v) == 0)
			return 1;
	return 0;
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
		for (enum idfield f = 0; f < NIDS; f++) {
			static const char *const dirs_of[NIDS] = { "by-uuid", "by-label",
								   "by-partuuid", "by-partlabel" };

			if (!value_shared(l, i, f))
				link_one(dirs_of[f], id_of(d, f), d);
		}
	}
}
