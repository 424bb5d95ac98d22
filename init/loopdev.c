/* loopdev.c: attaching image files to loop devices (include/loopdev.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loopdev.h"

#define GET_FREE_TRIES	8	/* another process may take the free one first */
#define NODE_POLL_MS	10

int loop_sector_size_ok(unsigned s)
{
	return s == 0 || (s >= 512 && s <= 4096 && (s & (s - 1)) == 0);
}

unsigned loop_guess_sector_size(const unsigned char *buf, size_t len)
{
	if (len < 4096 + 8 || memcmp(buf + 512, "EFI PART", 8) == 0)
		return 0;
	return memcmp(buf + 4096, "EFI PART", 8) == 0 ? 4096 : 0;
}

void loop_partition_name(const struct loopdev *lo, int partn, char *out, size_t n)
{
	fmt(out, n, "%sp%d", lo->name, partn);
}

static int set_step(const char **step, const char *what, int err)
{
	if (step)
		*step = what;
	return err;
}

static int configure(int lfd, int ffd, const char *file, unsigned flags, unsigned sector_size)
{
	struct loop_config c;

	memset(&c, 0, sizeof(c));
	c.fd = (unsigned)ffd;
	c.block_size = sector_size;
	if (!(flags & LOOPDEV_RW))
		c.info.lo_flags |= LO_FLAGS_READ_ONLY;
	if (flags & LOOPDEV_PARTSCAN)
		c.info.lo_flags |= LO_FLAGS_PARTSCAN;
	/* What losetup -l shows: the tail of a long path is the telling part. */
	{
		size_t len = strlen(file), max = sizeof(c.info.lo_file_name) - 1;

		memcpy(c.info.lo_file_name, file + (len > max ? len - max : 0),
		       len > max ? max : len);
	}
	return ioctl(lfd, LOOP_CONFIGURE, &c) < 0 ? -errno : 0;
}

/* Opens /dev/loopN; the node may only now be appearing when the control
 * device has just created it. */
static int open_loop(struct loopdev *lo, int nr)
{
	char path[32];
	struct stat st;
	int fd;

	lo->nr = nr;
	fmt(lo->name, sizeof(lo->name), "loop%d", nr);
	if (loop_wait_node(lo->name, 1000) < 0)
		return -ENOENT;
	fmt(path, sizeof(path), "/dev/%s", lo->name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) == 0)
		lo->devt = st.st_rdev;
	return fd;
}

int loop_attach(const char *file, unsigned flags, unsigned sector_size, struct loopdev *lo,
		const char **step)
{
	int ffd, cfd, err = -EBUSY;

	if (!loop_sector_size_ok(sector_size))
		return set_step(step, "sector size", -EINVAL);
	ffd = open(file, ((flags & LOOPDEV_RW) ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (ffd < 0)
		return set_step(step, "opening the image", -errno);
	cfd = open(LOOP_CONTROL, O_RDWR | O_CLOEXEC);
	if (cfd < 0) {
		err = -errno;
		close(ffd);
		return set_step(step, "opening " LOOP_CONTROL, err);
	}
	for (int i = 0; i < GET_FREE_TRIES && err == -EBUSY; i++) {
		int nr = ioctl(cfd, LOOP_CTL_GET_FREE, 0), lfd;

		if (nr < 0) {
			err = set_step(step, "LOOP_CTL_GET_FREE", -errno);
			break;
		}
		lfd = open_loop(lo, nr);
		if (lfd < 0) {
			err = set_step(step, "opening the loop device", lfd);
			break;
		}
		err = configure(lfd, ffd, file, flags, sector_size);
		if (err < 0)
			set_step(step, "LOOP_CONFIGURE", err);
		close(lfd);
	}
	close(cfd);
	close(ffd);	/* the loop device holds its own reference */
	return err;
}

int loop_detach(const struct loopdev *lo)
{
	char path[32];
	int fd, err = 0;

	fmt(path, sizeof(path), "/dev/%s", lo->name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, LOOP_CLR_FD, 0) < 0)
		err = -errno;
	close(fd);
	return err;
}

int loop_wait_node(const char *name, int timeout_ms)
{
	char path[64];
	struct stat st;
	struct timespec ts = { 0, NODE_POLL_MS * 1000000L };

	fmt(path, sizeof(path), "/dev/%s", name);
	for (int waited = 0;; waited += NODE_POLL_MS) {
		if (stat(path, &st) == 0 && S_ISBLK(st.st_mode))
			return 0;
		if (waited >= timeout_ms)
			return -ETIMEDOUT;
		nanosleep(&ts, NULL);
	}
}
