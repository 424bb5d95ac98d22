/* probe.h: identifies what a block device holds from bytes already read.
 * Pure code over a buffer: no I/O here, so every prober is unit tested on
 * images made by the real mkfs tools. */
#ifndef BATON_PROBE_H
#define BATON_PROBE_H

#include <stddef.h>

#define PROBE_READ_SIZE	(68 * 1024)	/* enough for every superblock we read */

/* Each field as `blkid -p` prints it (TYPE, UUID, LABEL), so root=UUID= and
 * root=LABEL= mean what they mean to udev and fstab. */
struct fsid {
	char type[24];		/* libblkid's TYPE: "ext4", "vfat", "crypto_LUKS",
				 * "LVM2_member", "linux_raid_member"; "" if
				 * unknown */
	char uuid[40];		/* mostly lower-case 8-4-4-4-12; vfat "XXXX-XXXX",
				 * iso9660 "YYYY-MM-DD-HH-MM-SS-cc", LUKS the
				 * text its header holds; "" if none */
	char label[256];	/* UTF-8, NUL-terminated, "" if none; 255 bytes
				 * hold any btrfs, xfs, ext, iso9660 or LUKS2
				 * label (f2fs's alone can be longer) */
};

/* Fills id from the first len bytes of a device: its first PROBE_READ_SIZE
 * bytes, or all of it when it is shorter, for a shorter len is taken as the
 * device's size (libblkid refuses swap under 10 pages, btrfs under 1 MiB, and
 * anything at all in 1 KiB or less). Returns 0 when a filesystem was
 * recognised, -ENOENT when nothing was (id->type is then ""); never reads
 * beyond len, so a short or corrupt buffer is "unknown", not a crash. */
int probe_fs(const unsigned char *buf, size_t len, struct fsid *id);

/* The end of a device probe_dev wants: MD 0.90 and 1.0 superblocks lie
 * within its last 128 KiB. */
#define PROBE_TAIL_SIZE	(128 * 1024)

/* probe_fs for a device of size bytes whose first len bytes are head and
 * whose last tlen bytes are tail (tail NULL: not read): an MD RAID member
 * whose superblock is at the end (0.90, 1.0) is recognised as such before
 * anything at its start, which is the array's own filesystem, as libblkid
 * does. probe_fs(buf, len) is probe_dev with the tail read from buf when
 * buf is the whole device. */
int probe_dev(const unsigned char *head, size_t len, const unsigned char *tail, size_t tlen,
	      unsigned long long size, struct fsid *id);

/* Formats 16 bytes as a lower-case 8-4-4-4-12 UUID into out[37]. */
void uuid_format(char out[37], const unsigned char b[16]);

/* Case-insensitive compare of two UUID strings (dashes significant). */
int uuid_equal(const char *a, const char *b);

#endif
