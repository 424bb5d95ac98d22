/* blockdev.c: reads what /init needs to know about a block device: its
 * number and size from sysfs, its identity from its first bytes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

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

static unsigned long long sysfs_sectors(const char *name)
{
	char path[96], val[32];

	fmt(path, sizeof(path), "/sys/class/block/%s/size", name);
	if (read_text(path, val, sizeof(val)) <= 0)
		return 0;
	return strtoull(val, NULL, 10);
}

static int read_head(const char *path, unsigned char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t got = 0, r;

	if (fd < 0)
		return -errno;
	while ((size_t)got < n && (r = pread(fd, buf + got, n - (size_t)got, got)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			close(fd);
			return (int)r;
		}
		got += r;
	}
	close(fd);
	return (int)got;
}

void blockdev_identify(struct blockdev *dev)
{
	static const size_t n = PROBE_READ_SIZE;
	unsigned char buf[PROBE_READ_SIZE];
	char path[64];
	int got;

	if (dev->probed)
		return;
	dev->sectors = sysfs_sectors(dev->name);
	blockdev_path(dev, path, sizeof(path));
	got = read_head(path, buf, n);
	if (got < 0) {
		dev->probed = got;
		return;
	}
	probe_fs(buf, (size_t)got, &dev->id);
	dev->probed = 1;
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

int blockdev_scan(struct devlist *l)
{
	DIR *d = opendir("/sys/class/block");
	struct dirent *e;
	int count = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char path[96], val[32];
		dev_t devt;

		if (e->d_name[0] == '.')
			continue;
		fmt(path, sizeof(path), "/sys/class/block/%s/dev", e->d_name);
		if (read_text(path, val, sizeof(val)) <= 0 || parse_devt(val, &devt) < 0)
			continue;
		if (devlist_add(l, e->d_name, devt) >= 0)
			count++;
	}
	closedir(d);
	return count;
}
