/* identify.c: what a block device holds, read by baton's own probers: the
 * filesystem from its first bytes and, for a partition, its PARTUUID and
 * PARTLABEL from the partition table of its disk (the kernel's uevents do
 * not carry them). The libblkid flavour replaces this file. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

static int read_all(int fd, unsigned long long off, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));

		if (r == 0)
			return -EIO;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r > 0)
			got += (size_t)r;
	}
	return 0;
}

static int pt_read(void *ctx, unsigned long long off, void *buf, size_t len)
{
	return read_all(*(int *)ctx, off, buf, len);
}

/* The first PROBE_READ_SIZE bytes, and the last PROBE_TAIL_SIZE where an
 * MD superblock may sit (0.90, 1.0); a device no bigger than the first
 * read is read once. */
static void probe_superblock(struct blockdev *dev, int fd)
{
	static unsigned char tail[PROBE_TAIL_SIZE];
	unsigned char buf[PROBE_READ_SIZE];
	unsigned long long bytes = dev->sectors * 512;
	size_t n = bytes && bytes < sizeof(buf) ? (size_t)bytes : sizeof(buf);
	size_t tn = bytes > sizeof(buf) ? (bytes < sizeof(tail) ? (size_t)bytes : sizeof(tail)) : 0;
	int err = read_all(fd, 0, buf, n);

	if (err < 0) {
		dev->probed = err;
		return;
	}
	if (tn && read_all(fd, bytes - tn, tail, tn) < 0)
		tn = 0;		/* a bad last sector: the start still tells */
	if (tn)
		probe_dev(buf, n, tail, tn, bytes, &dev->id);
	else
		probe_fs(buf, n, &dev->id);
}

/* Reads the table of the disk whose node fd is: at its own sector size, so
 * a GPT written for 4096-byte sectors is found on a 4Kn disk. */
static int read_table(int fd, struct parttable *t)
{
	int ssz = 512;
	unsigned long long bytes = 0;

	if (ioctl(fd, BLKSSZGET, &ssz) < 0 || ioctl(fd, BLKGETSIZE64, &bytes) < 0)
		return -errno;
	return parttable_read(pt_read, &fd, (unsigned)ssz, bytes, t);
}

/* O_NONBLOCK as libblkid: a floppy or optical drive then answers at once
 * instead of waiting for media. */
static int open_node(const char *name)
{
	struct blockdev d = { .name = "" };
	char path[64];

	strcpy(d.name, name);
	blockdev_path(&d, path, sizeof(path));
	return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

/* The table of the disk last read, so its partitions (up to 255) cost one
 * read of it, not one each: a slow disk would otherwise be read again for
 * every partition. */
static struct {
	char disk[32];
	int err;
	struct parttable t;
} table_cache;

void blockdev_identify_reset(void)
{
	table_cache.disk[0] = '\0';
}

static const struct parttable *disk_table_of(const char *disk)
{
	int fd;

	if (strcmp(table_cache.disk, disk) != 0) {
		fd = open_node(disk);
		table_cache.err = fd < 0 ? -errno : read_table(fd, &table_cache.t);
		if (fd >= 0)
			close(fd);
		strcpy(table_cache.disk, disk);
	}
	return table_cache.err < 0 ? NULL : &table_cache.t;
}

static void disk_table(struct blockdev *dev)
{
	const struct parttable *t = disk_table_of(dev->name);

	if (!t)
		return;
	strcpy(dev->pttype, t->kind);
	strcpy(dev->ptuuid, t->disk_id);
	dev->pt_backup = t->from_backup;
	/* The kernel's own GPT reader ignores the backup unless told ("gpt"),
	 * so partitions baton can name may have no device node at all. */
	if (t->from_backup)
		logmsg(LOG_WARNING, "%s: primary GPT header damaged, table read from the backup; "
		       "the kernel uses the backup only with 'gpt' on its command line, so %s's "
		       "partitions may be missing: add 'gpt' or repair the table (sgdisk -e)",
		       dev->name, dev->name);
}

static void partition_entry(struct blockdev *dev)
{
	const struct parttable *t = disk_table_of(dev->disk);

	for (int i = 0; t && i < t->n; i++) {
		if (t->part[i].number != dev->partn)
			continue;
		strcpy(dev->partuuid, t->part[i].partuuid);
		strcpy(dev->partlabel, t->part[i].partlabel);
		dev->pt_extended = (t->part[i].flags & PT_EXTENDED) != 0;
	}
}

void blockdev_identify(struct blockdev *dev)
{
	int fd;

	if (dev->probed)
		return;
	blockdev_sysfs(dev);
	/* No medium (an empty card reader, an unused loop device): nothing
	 * to read; a "change" uevent says when there is. */
	if (dev->sectors == 0) {
		dev->probed = -ENOMEDIUM;
		return;
	}
	fd = open_node(dev->name);
	if (fd < 0) {
		dev->probed = -errno;
		return;
	}
	dev->probed = 1;
	probe_superblock(dev, fd);
	close(fd);
	if (dev->probed < 0)
		return;
	if (dev->partn && dev->disk[0])
		partition_entry(dev);
	else
		disk_table(dev);
}
