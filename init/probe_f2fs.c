/* probe_f2fs.c: recognises the f2fs superblock and reads its UUID and its
 * label, which f2fs stores as UTF-16LE and blkid prints as UTF-8. Like
 * libblkid (the reference the tests compare with) it trusts the magic and
 * reads the primary superblock only: with the primary's magic gone, blkid
 * does not look at the backup at 0x1400 either.
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define SB_OFF		0x400
#define SB_MAGIC	0x00	/* le32 */
#define SB_MAJOR	0x04	/* le16 */
#define SB_MINOR	0x06	/* le16 */
#define SB_UUID		0x6C	/* 16 bytes */
#define SB_LABEL	0x7C	/* 512 UTF-16LE units */
#define LABEL_BYTES	1024
#define SB_SIZE		(SB_LABEL + LABEL_BYTES)	/* what libblkid reads */

#define F2FS_MAGIC	0xF2F52010

/* The superblock runs past the 1 KiB block of its magic; blkid demands all
 * of it, and so do we. */
#define NEED		(SB_OFF + SB_SIZE)

/* A label longer than fsid.label (255 UTF-8 bytes, which 85 characters
 * anywhere in the BMP fill) is cut at a character boundary; blkid would
 * print all of it. mkfs.f2fs allows 512 characters. */
int probe_f2fs(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *sb;

	if (!probe_span(len, 0, NEED))
		return -ENOENT;
	sb = buf + SB_OFF;
	if (probe_le32(sb + SB_MAGIC) != F2FS_MAGIC)
		return -ENOENT;
	probe_set_type(id, "f2fs");
	/* Version 1.0's layout is not known to hold these fields; blkid
	 * names the type and nothing else. */
	if (probe_le16(sb + SB_MAJOR) == 1 && probe_le16(sb + SB_MINOR) == 0)
		return 0;
	probe_set_uuid(id, sb + SB_UUID);
	/* blkid tests the first byte, not the first character: a label that
	 * starts with, say, U+0100 is no label to it, nor to us. */
	if (sb[SB_LABEL])
		probe_set_label_utf16(id, sb + SB_LABEL, LABEL_BYTES, 0);
	return 0;
}
