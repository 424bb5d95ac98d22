/* blockdev.c: finds the block devices present, through sysfs, and names
 * their /dev nodes. What each one holds is read in identify.c. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dirread.h"
#include "log.h"
#include "sys.h"

void blockdev_path(const struct blockdev *dev, char *out, size_t n)
{
	size_t i;

	fmt(out, n, "/dev/%s", dev->name);
	for (i = 5; out[i]; i++)
		if (out[i] == '!')
			out[i] = '/';
}

static unsigned long long sysfs_number(const char *name, const char *attr)
{
	char path[96], val[32];

	fmt(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	if (read_text(path, val, sizeof(val)) <= 0)
		return 0;
	return strtoull(val, NULL, 10);
}

/* sysfs puts a partition's directory inside its disk's: the link
 * /sys/class/block/vda1 ends in ".../block/vda/vda1". */
static int disk_of(const char *name, char *disk, size_t n)
{
	char path[96], target[256];
	ssize_t len;
	char *last, *prev;

	fmt(path, sizeof(path), "/sys/class/block/%s", name);
	len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return -errno;
	target[len] = '\0';
	last = strrchr(target, '/');
	if (!last)
		return -EINVAL;
	*last = '\0';
	prev = strrchr(target, '/');
	prev = prev ? prev + 1 : target;
	if (strlen(prev) >= n)
		return -ENAMETOOLONG;
	strcpy(disk, prev);
	return 0;
}

/* root=/dev/md/NAME: the name mdadm gave the array in its map; a
 * partition of it is NAMEpN when NAME ends in a digit, else NAMEN, as
 * mdadm's udev rules (63-md-raid-arrays.rules) link them. */
static void md_name(struct blockdev *dev)
{
	const char *array = dev->partn ? dev->disk : dev->name;
	char map[4096];
	size_t len;

	dev->mdname[0] = '\0';
	if (strncmp(array, "md", 2) != 0 || read_text(MD_MAP, map, sizeof(map)) < 0 ||
	    md_map_name(map, array, dev->mdname, sizeof(dev->mdname)) < 0) {
		dev->mdname[0] = '\0';
		return;
	}
	len = strlen(dev->mdname);
	if (dev->partn && fmt(dev->mdname + len, sizeof(dev->mdname) - len, "%s%d",
			      dev->mdname[len - 1] >= '0' && dev->mdname[len - 1] <= '9' ? "p" : "",
			      dev->partn) >= sizeof(dev->mdname) - len)
		dev->mdname[0] = '\0';
}

void blockdev_sysfs(struct blockdev *dev)
{
	char path[96];

	/* The size again every time: media come and go (a card reader). */
	dev->sectors = sysfs_number(dev->name, "size");
	if (dev->sysfs_read)
		return;
	dev->sysfs_read = 1;
	dev->partn = (int)sysfs_number(dev->name, "partition");
	if (dev->partn && disk_of(dev->name, dev->disk, sizeof(dev->disk)) < 0)
		dev->disk[0] = '\0';
	/* A partition's disk says; a USB stick or a card says 1. */
	dev->removable = (int)sysfs_number(dev->partn && dev->disk[0] ? dev->disk : dev->name,
					   "removable");
	diskid_derive("/sys", dev->name, dev->diskids, sizeof(dev->diskids));
	fmt(path, sizeof(path), "/sys/class/block/%s/dm/name", dev->name);
	if (read_text(path, dev->dmname, sizeof(dev->dmname)) < 0)
		dev->dmname[0] = '\0';
	md_name(dev);
}

static int parse_devt(const char *s, dev_t *out)
{
	char *end;
	unsigned long maj = strtoul(s, &end, 10), min;

	if (*end != ':')
		return -EINVAL;
	min = strtoul(end + 1, &end, 10);
	if (*end)
		return -EINVAL;
	*out = makedev(maj, min);
	return 0;
}

int blockdev_scan(struct devlist *l, const struct root_spec *spec)
{
	struct dirread d;
	const struct kdirent *e;
	int count = 0, err = dir_open(&d, AT_FDCWD, "/sys/class/block");

	if (err < 0)
		return err;
	while ((e = dir_next(&d))) {
		char path[96], val[32];
		dev_t devt;

		if (e->name[0] == '.')
			continue;
		fmt(path, sizeof(path), "/sys/class/block/%s/dev", e->name);
		if (read_text(path, val, sizeof(val)) <= 0 || parse_devt(val, &devt) < 0)
			continue;
		err = devlist_add(l, e->name, devt, root_names_directly(spec, e->name, devt));
		if (err >= 0)
			count++;
		else if (err == -ENOSPC)
			devlist_full(l);
	}
	dir_close(&d);
	return count;
}

void devlist_full(struct devlist *l)
{
	if (l->full_said)
		return;
	l->full_said = 1;
	logmsg(LOG_WARNING, "more than %d block devices: the rest are not looked at "
	       "(but a root named by /dev/NAME or major:minor still is)", MAX_BLOCKDEVS);
}
