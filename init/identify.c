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

static int open_node(const char *name)
{
	struct blockdev d = { .name = "" };
	char path[64];

	strcpy(d.name, name);
	blockdev_path(&d, path, sizeof(path));
	return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

static void disk_table(struct blockdev *dev, int fd)
{
	struct parttable t;

	if (read_table(fd, &t) < 0)
		return;
	strcpy(dev->pttype, t.kind);
	strcpy(dev->ptuuid, t.disk_id);
	dev->pt_backup = t.from_backup;
	/* The kernel's own GPT reader ignores the backup unless told ("gpt"),
	 * so partitions baton can name may have no device node at all. */
	if (t.from_backup)
		logmsg(LOG_WARNING, "%s: primary GPT header damaged, table read from the backup; "
		       "the kernel uses the backup only with 'gpt' on its command line, so %s's "
		       "partitions may be missing: add 'gpt' or repair the table (sgdisk -e)",
		       dev->name, dev->name);
}

static void partition_entry(struct blockdev *dev)
{
	struct parttable t;
	int fd, err;

	fd = open_node(dev->disk);
	if (fd < 0)
		return;
	err = read_table(fd, &t);
	close(fd);
	if (err < 0)
		return;
	for (int i = 0; i < t.n; i++) {
		if (t.part[i].number != dev->partn)
			continue;
		strcpy(dev->partuuid, t.part[i].partuuid);
		strcpy(dev->partlabel, t.part[i].partlabel);
		strcpy(dev->parttype, t.part[i].type_guid);
		dev->pt_extended = (t.part[i].flags & PT_EXTENDED) != 0;
	}
}

void blockdev_identify(struct blockdev *dev)
{
	int fd;

	if (dev->probed)
		return;
	blockdev_sysfs(dev);
	fd = open_node(dev->name);
	if (fd < 0) {
		dev->probed = -errno;
		return;
	}
	dev->probed = 1;
	probe_superblock(dev, fd);
	if (dev->partn && dev->disk[0])
		partition_entry(dev);
	else
		disk_table(dev, fd);
	close(fd);
}
