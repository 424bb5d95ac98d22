/* probe_xfs.c: recognises the xfs superblock and reads its UUID and label.
 * The four-byte magic "XFSB" is short and sits at byte 0, where any file's
 * data may land, so like libblkid (the reference the tests compare with) this
 * also demands a self-consistent geometry: sector, block and inode sizes that
 * are powers of two matching their logs, and a block count the allocation
 * groups can hold. An xfs external log device is not recognised (blkid calls
 * it xfs_external_log, and it holds nothing to mount).
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

/* The superblock starts the device; fields are big-endian (xfs_sb.h). */
#define SB_MAGIC	0x00	/* "XFSB" */
#define SB_BLOCKSIZE	0x04	/* be32 */
#define SB_DBLOCKS	0x08	/* be64 data blocks */
#define SB_UUID		0x20	/* 16 bytes */
#define SB_REXTSIZE	0x50	/* be32 realtime extent, in blocks */
#define SB_AGBLOCKS	0x54	/* be32 blocks per allocation group */
#define SB_AGCOUNT	0x58	/* be32 */
#define SB_SECTSIZE	0x66	/* be16 */
#define SB_INODESIZE	0x68	/* be16 */
#define SB_FNAME	0x6C	/* 12 bytes, NUL-terminated only if shorter */
#define SB_BLOCKLOG	0x78
#define SB_SECTLOG	0x79
#define SB_INODELOG	0x7A
#define SB_INOPBLOG	0x7B
#define SB_IMAX_PCT	0x7F
#define SB_SIZE		0xA0	/* what libblkid reads: up to sb_frextents */

/* libblkid finds the magic by reading the 1 KiB block holding it: a device
 * shorter than that has no xfs for blkid, nor for us. */
#define NEED		1024

_Static_assert(SB_IMAX_PCT < SB_SIZE && SB_SIZE <= NEED, "fields inside what we demand");

/* The limits xfs_verify_sb in libblkid applies (from the kernel's). */
#define MIN_SECTLOG	9
#define MAX_SECTLOG	15
#define MIN_BLOCKLOG	9
#define MAX_BLOCKLOG	16
#define MIN_INODELOG	8
#define MAX_INODELOG	11
#define MAX_RTEXTSIZE	(1024u * 1024 * 1024)
#define MIN_RTEXTSIZE	(4u * 1024)
#define MIN_AG_BLOCKS	64

/* 1 when size is 2^log with log in [min, max]. */
static int pow2_log_ok(uint32_t size, unsigned log, unsigned min, unsigned max)
{
	return log >= min && log <= max && size == (uint32_t)1 << log;
}

/* The checks of libblkid's xfs_verify_sb, in the same unsigned arithmetic:
 * the realtime extent size is a 32-bit product there and wraps, so it does
 * here, or a corrupt superblock would get a different answer from blkid. */
static int xfs_geometry_ok(const unsigned char *sb)
{
	uint32_t blocksize = probe_be32(sb + SB_BLOCKSIZE);
	uint32_t agblocks = probe_be32(sb + SB_AGBLOCKS);
	uint32_t agcount = probe_be32(sb + SB_AGCOUNT);
	uint32_t rtext = probe_be32(sb + SB_REXTSIZE) * blocksize;
	uint64_t dblocks = probe_be64(sb + SB_DBLOCKS);
	unsigned blocklog = sb[SB_BLOCKLOG], inodelog = sb[SB_INODELOG];

	if (agcount == 0 ||
	    !pow2_log_ok(probe_be16(sb + SB_SECTSIZE), sb[SB_SECTLOG], MIN_SECTLOG, MAX_SECTLOG) ||
	    !pow2_log_ok(blocksize, blocklog, MIN_BLOCKLOG, MAX_BLOCKLOG) ||
	    !pow2_log_ok(probe_be16(sb + SB_INODESIZE), inodelog, MIN_INODELOG, MAX_INODELOG))
		return 0;
	/* Inodes per block, as a log; blocklog - inodelog may be negative. */
	if ((int)blocklog - (int)inodelog != (int)sb[SB_INOPBLOG])
		return 0;
	if (rtext > MAX_RTEXTSIZE || rtext < MIN_RTEXTSIZE || sb[SB_IMAX_PCT] > 100)
		return 0;
	/* The data blocks must fill all groups but the last, which holds at
	 * least MIN_AG_BLOCKS and at most a full group. */
	return dblocks != 0 && dblocks <= (uint64_t)agcount * agblocks &&
	       dblocks >= (uint64_t)(agcount - 1) * agblocks + MIN_AG_BLOCKS;
}

int probe_xfs(const unsigned char *buf, size_t len, struct fsid *id)
{
	if (!probe_span(len, 0, NEED) || memcmp(buf + SB_MAGIC, "XFSB", 4) != 0 ||
	    !xfs_geometry_ok(buf))
		return -ENOENT;
	probe_set_type(id, "xfs");
	probe_set_uuid(id, buf + SB_UUID);
	probe_set_label(id, buf + SB_FNAME, 12);
	return 0;
}
