/* probe_erofs.c: recognises the erofs superblock (the read-only images of
 * Android and of some live systems) and reads its UUID and label. Like
 * libblkid (the reference the tests compare with) it trusts the magic and
 * does not verify the superblock checksum some images carry. mkfs.erofs
 * before 1.6 cannot set a label; the field is read all the same.
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define SB_OFF		0x400
#define SB_MAGIC	0x00	/* le32 */
#define SB_UUID		0x30	/* 16 bytes */
#define SB_LABEL	0x40	/* 16 bytes, NUL-terminated if shorter */

#define EROFS_MAGIC	0xE0F5E1E2

/* libblkid reads the 1 KiB block holding the magic; the 128-byte superblock
 * lies inside it. */
#define NEED		(SB_OFF + 1024)

_Static_assert(SB_OFF + SB_LABEL + 16 <= NEED, "label inside what we demand");

int probe_erofs(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *sb;

	if (!probe_span(len, 0, NEED))
		return -ENOENT;
	sb = buf + SB_OFF;
	if (probe_le32(sb + SB_MAGIC) != EROFS_MAGIC)
		return -ENOENT;
	probe_set_type(id, "erofs");
	probe_set_uuid(id, sb + SB_UUID);
	probe_set_label(id, sb + SB_LABEL, 16);
	return 0;
}
