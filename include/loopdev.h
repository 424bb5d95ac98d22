/* loopdev.h: a file as a block device (the loop driver): attach it in one
 * LOOP_CONFIGURE call with its logical sector size, read-only unless asked,
 * optionally with the kernel scanning its partition table; wait for the
 * nodes; detach. The image file is never written unless LOOPDEV_RW. */
#ifndef BATON_LOOPDEV_H
#define BATON_LOOPDEV_H

#include <stddef.h>
#include <sys/types.h>

#define LOOP_CONTROL	"/dev/loop-control"	/* devtmpfs makes it when loop loads */

#define LOOPDEV_RW		1u	/* writable; default read-only */
#define LOOPDEV_PARTSCAN	2u	/* the kernel reads its partition table */

struct loopdev {
	int nr;			/* N of loopN */
	char name[16];		/* "loop0", as in /sys/class/block */
	dev_t devt;
};

/* Attaches file to a free loop device. sector_size 0 keeps the kernel's
 * default (512), else 512, 1024, 2048 or 4096. The partitions of a
 * LOOPDEV_PARTSCAN device exist when this returns (the kernel scans inside
 * the ioctl). Returns 0, or -errno with *step naming what failed ("opening
 * the image", "opening " LOOP_CONTROL, "LOOP_CTL_GET_FREE", "LOOP_CONFIGURE");
 * step may be NULL. -EINVAL with step "sector size" for a size not allowed. */
int loop_attach(const char *file, unsigned flags, unsigned sector_size, struct loopdev *lo,
		const char **step);

/* Detaches (LOOP_CLR_FD). 0 or -errno. */
int loop_detach(const struct loopdev *lo);

/* The kernel's name of partition partn of lo ("loop0p1"). Pure. */
void loop_partition_name(const struct loopdev *lo, int partn, char *out, size_t n);

/* Waits up to timeout_ms for /dev/NAME to be a block device (devtmpfs makes
 * nodes as the kernel adds disks; a partition added by a rescan may lag).
 * 0 or -ETIMEDOUT. */
int loop_wait_node(const char *name, int timeout_ms);

/* The logical sector size an image was partitioned for, from its first
 * len bytes (at least 4104): 4096 when a GPT header ("EFI PART") sits at
 * byte 4096 and none at 512, else 0 (the kernel's default, 512). Pure. */
unsigned loop_guess_sector_size(const unsigned char *buf, size_t len);

/* Is sector_size one loop_attach takes (0, or a power of two 512..4096)?
 * Pure. */
int loop_sector_size_ok(unsigned sector_size);

#endif
