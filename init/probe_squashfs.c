/* probe_squashfs.c: recognises a squashfs 4 image (every mksquashfs since
 * 2009, and what the kernel mounts). squashfs has neither UUID nor label,
 * so only TYPE comes out: root=UUID= can never name one, root=/dev/... can.
 * Versions before 4, which libblkid names "squashfs3" and the kernel no
 * longer mounts, are unknown here.
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define SB_MAGIC	0x00	/* "hsqs": le32 0x73717368 */
#define SB_MAJOR	0x1C	/* le16 */

/* libblkid reads the 1 KiB block holding the magic; the fields it checks
 * lie inside it. */
#define NEED		1024

int probe_squashfs(const unsigned char *buf, size_t len, struct fsid *id)
{
	if (!probe_span(len, 0, NEED) || memcmp(buf + SB_MAGIC, "hsqs", 4) != 0 ||
	    probe_le16(buf + SB_MAJOR) < 4)
		return -ENOENT;
	probe_set_type(id, "squashfs");
	return 0;
}
