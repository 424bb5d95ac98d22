/* probe_btrfs.c: recognises the btrfs superblock at 64 KiB and reads the
 * filesystem's UUID (shared by every device of a multi-device filesystem, as
 * blkid's UUID is; the per-device UUID_SUB is not kept) and its label.
 * Like libblkid, which these answers are tested against, it trusts the
 * 8-byte magic alone. Zoned btrfs, whose superblock moves within the first
 * zones, is not recognised: finding it takes the device's zone report, an
 * ioctl, not bytes.
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define SB_OFF		0x10000		/* the primary superblock */
#define SB_FSID		0x20		/* 16 bytes */
#define SB_MAGIC	0x40		/* "_BHRfS_M" */
#define SB_LABEL	0x12B		/* 256 bytes, NUL-terminated if shorter */
#define LABEL_SIZE	256

/* libblkid reads the 1 KiB block holding the magic, and the superblock
 * fields it uses end inside it. */
#define NEED		(SB_OFF + 1024)

/* libblkid ignores devices under 1 MiB (mkfs.btrfs refuses them too). */
#define MIN_DEVICE	(1024 * 1024)

_Static_assert(SB_OFF + SB_LABEL + LABEL_SIZE <= NEED, "label inside what we demand");
_Static_assert(NEED <= PROBE_READ_SIZE, "PROBE_READ_SIZE reaches the superblock");

/* The label field holds 256 bytes and the kernel keeps a NUL in it, so a
 * label is at most 255 bytes, which fsid.label holds whole. A corrupt field
 * with no NUL at all is cut to 255 where blkid would print 256. */
int probe_btrfs(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *sb;

	if (!probe_span(len, 0, NEED) || probe_too_small(len, MIN_DEVICE))
		return -ENOENT;
	sb = buf + SB_OFF;
	if (memcmp(sb + SB_MAGIC, "_BHRfS_M", 8) != 0)
		return -ENOENT;
	probe_set_type(id, "btrfs");
	probe_set_uuid(id, sb + SB_FSID);
	probe_set_label(id, sb + SB_LABEL, LABEL_SIZE);
	return 0;
}
