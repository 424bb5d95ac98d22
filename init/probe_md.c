/* probe_md.c: recognises a Linux MD RAID member (blkid's linux_raid_member)
 * by its superblock: 0.90 (either byte order) in the last 64 KiB-aligned
 * 64 KiB of the device, 1.0 8 KiB before its 4 KiB-aligned end, 1.1 at the
 * start, 1.2 4 KiB in. The array's UUID is the device's UUID (what mdadm
 * --incremental groups members by); for 1.x the array name is its LABEL.
 * The end-of-device versions need the device's last bytes and size
 * (probe_dev); libblkid checks them first, since a RAID1 member with such a
 * superblock starts with the array's own filesystem, and so do we.
 * libblkid also ignores a 0.90 superblock of a whole disk that lies inside
 * one of its partitions (the last partition's superblock seen from the
 * disk); a pure prober of one device cannot know the table, so here the
 * disk too is called a member. Pure code; probe_impl.h has the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define MD_MAGIC	0xa92b4efcu
#define MD_RESERVED	0x10000ull	/* 0.90's area at the end */

/* 0.90 */
#define M0_MAGIC	0
#define M0_MAJOR	4
#define M0_MINOR	8
#define M0_UUID0	20
#define M0_SIZE		32	/* KiB used of each member */
#define M0_UUID1	52	/* 52, 56, 60: the rest from minor 90 on */
#define M0_LEN		64

/* 1.x */
#define M1_MAGIC	0
#define M1_MAJOR	4
#define M1_UUID		16
#define M1_NAME		32
#define M1_NAME_LEN	32
#define M1_SUPER_OFF	144	/* le64: the sector this superblock is at */
#define M1_LEN		256

/* 0.90 keeps each 32-bit word in the host's order; blkid's UUID is each
 * word's value most significant byte first, whatever the order. */
static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int md0(const unsigned char *sb, unsigned long long off, unsigned long long size,
	       struct fsid *id)
{
	uint32_t (*get)(const unsigned char *);
	unsigned char uuid[16] = { 0 };
	unsigned long long used;

	if (probe_le32(sb + M0_MAGIC) == MD_MAGIC)
		get = probe_le32;
	else if (probe_be32(sb + M0_MAGIC) == MD_MAGIC)
		get = probe_be32;
	else
		return -ENOENT;
	used = (unsigned long long)get(sb + M0_SIZE) << 10;
	if (size < used + MD_RESERVED || off < used)
		return -ENOENT;
	put_be32(uuid, get(sb + M0_UUID0));
	if (get(sb + M0_MINOR) >= 90)
		for (int i = 1; i < 4; i++)
			put_be32(uuid + 4 * i, get(sb + M0_UUID1 + 4 * (i - 1)));
	probe_set_type(id, "linux_raid_member");
	probe_set_uuid(id, uuid);
	return 0;
}

static int md1(const unsigned char *sb, unsigned long long off, struct fsid *id)
{
	if (probe_le32(sb + M1_MAGIC) != MD_MAGIC || probe_le32(sb + M1_MAJOR) != 1 ||
	    probe_le64(sb + M1_SUPER_OFF) != off >> 9)
		return -ENOENT;
	probe_set_type(id, "linux_raid_member");
	probe_set_uuid(id, sb + M1_UUID);
	probe_set_label(id, sb + M1_NAME, M1_NAME_LEN);
	return 0;
}

/* The superblock of n bytes at device offset off, if the tail holds it. */
static const unsigned char *in_tail(const unsigned char *tail, size_t tlen,
				    unsigned long long size, unsigned long long off, size_t n)
{
	unsigned long long start = size - tlen;

	if (off < start || off > size || n > size - off)
		return NULL;
	return tail + (off - start);
}

int probe_md_tail(const unsigned char *tail, size_t tlen, unsigned long long size,
		  struct fsid *id)
{
	const unsigned char *sb;
	unsigned long long off;

	if (!tail || tlen > size || size <= MD_RESERVED)
		return -ENOENT;
	off = (size & ~(MD_RESERVED - 1)) - MD_RESERVED;
	sb = in_tail(tail, tlen, size, off, M0_LEN);
	if (sb && md0(sb, off, size, id) == 0)
		return 0;
	off = (size & ~0xfffull) - 0x2000;
	sb = in_tail(tail, tlen, size, off, M1_LEN);
	if (sb && md1(sb, off, id) == 0)
		return 0;
	return -ENOENT;
}

int probe_md(const unsigned char *buf, size_t len, struct fsid *id)
{
	if (probe_span(len, 0, M1_LEN) && md1(buf, 0, id) == 0)
		return 0;
	if (probe_span(len, 0x1000, M1_LEN) && md1(buf + 0x1000, 0x1000, id) == 0)
		return 0;
	return -ENOENT;
}
