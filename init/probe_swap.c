/* probe_swap.c: recognises a Linux swap area, so that resume= and fstab's
 * UUID=/LABEL= swap entries can be matched. The signature ends the first
 * page ("SWAPSPACE2" in its last 10 bytes); pages are 4 KiB on most machines
 * but up to 64 KiB on some, so, like libblkid (the reference the tests
 * compare with), the end of every page size from 4 to 64 KiB is looked at,
 * smallest first, and the first signature found decides. The header with
 * UUID and label sits at 1 KiB whatever the page size.
 * A hibernation image written over a swap area replaces the signature
 * with its own (S1SUSPEND, S2SUSPEND, ULSUSPEND, LINHIB0001) and keeps the
 * header: blkid calls it "swsuspend", with the swap's UUID and label, which
 * is how resume=UUID= finds the device after a hibernation.
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define MAGIC_LEN	10
#define HDR_OFF		0x400	/* struct swap_header_v1_2, after 1 KiB of bootbits */
#define HDR_VERSION	0x00	/* u32 1, in the writer's byte order */
#define HDR_LASTPAGE	0x04	/* u32, never 0 */
#define HDR_UUID	0x0C	/* 16 bytes */
#define HDR_LABEL	0x1C	/* 16 bytes, NUL-terminated if shorter */
#define HDR_PAD32	0xAC	/* padding[32] and [33]: see probe_swap */
#define HDR_SIZE	0x204	/* what libblkid reads of the header */

/* libblkid ignores swap on devices under 10 pages of 4 KiB (mkswap refuses
 * to make one). */
#define MIN_DEVICE	(10 * 4096)

/* TuxOnIce leaves a valid swap signature but marks the device's first bytes
 * with this: blkid takes that as "not swap". */
static const unsigned char toi_magic[8] = { 0xed, 0xc3, 0x02, 0xe9, 0x98, 0x56, 0xe5, 0x0c };

/* The page sizes, and so the signature's offsets, blkid tries, in order. */
static const uint32_t page_sizes[] = { 0x1000, 0x2000, 0x4000, 0x8000, 0x10000 };

/* The hibernation signatures blkid knows (swsusp, uswsusp, the kernel's
 * LINHIB0001), at the same place as the swap one. */
static const char *const suspend_magic[] = { "S1SUSPEND", "S2SUSPEND", "ULSUSPEND", "LINHIB0001" };

/* 0 for the first page whose end holds a swap signature (set *v1 for
 * "SWAPSPACE2", clear it for the old "SWAP-SPACE"; *suspend for a
 * hibernation image's), -ENOENT if none. blkid reads the whole 1 KiB block
 * holding the signature, so that block must be inside the buffer; 64 KiB
 * pages end inside PROBE_READ_SIZE. */
static int find_signature(const unsigned char *buf, size_t len, int *v1, int *suspend)
{
	size_t i;

	*suspend = 0;
	for (i = 0; i < sizeof(page_sizes) / sizeof(page_sizes[0]); i++) {
		const unsigned char *sig;

		if (!probe_span(len, 0, page_sizes[i]))
			break;
		sig = buf + page_sizes[i] - MAGIC_LEN;
		if (memcmp(sig, "SWAP-SPACE", MAGIC_LEN) == 0) {
			*v1 = 0;
			return 0;
		}
		if (memcmp(sig, "SWAPSPACE2", MAGIC_LEN) == 0) {
			*v1 = 1;
			return 0;
		}
		for (size_t m = 0; m < sizeof(suspend_magic) / sizeof(suspend_magic[0]); m++)
			if (memcmp(sig, suspend_magic[m], strlen(suspend_magic[m])) == 0) {
				*v1 = *suspend = 1;
				return 0;
			}
	}
	return -ENOENT;
}

_Static_assert(HDR_OFF + HDR_SIZE <= 0x1000, "header inside the smallest page");
_Static_assert(0x10000 <= PROBE_READ_SIZE, "PROBE_READ_SIZE reaches 64 KiB pages");

int probe_swap(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *hdr;
	uint32_t version;
	int v1, suspend;

	/* find_signature demands at least the first 4 KiB page, which holds
	 * the header and the TuxOnIce mark. */
	if (probe_too_small(len, MIN_DEVICE) || find_signature(buf, len, &v1, &suspend) != 0 ||
	    memcmp(buf, toi_magic, sizeof(toi_magic)) == 0)
		return -ENOENT;
	if (!v1) {
		/* The pre-2.2 format has neither UUID nor label. */
		probe_set_type(id, "swap");
		return 0;
	}
	hdr = buf + HDR_OFF;
	/* A version-1 signature with a header that is not (a wrong version in
	 * either byte order, or no pages) is not swap to blkid: the first
	 * signature found decides, and no later page is tried. */
	version = probe_le32(hdr + HDR_VERSION);
	if ((version != 1 && version != 0x01000000) || probe_le32(hdr + HDR_LASTPAGE) == 0)
		return -ENOENT;
	probe_set_type(id, suspend ? "swsuspend" : "swap");
	/* blkid's "is there garbage down there?" check: UUID and label are
	 * trusted only when two words of the padding after them are zero. */
	if (probe_le32(hdr + HDR_PAD32) == 0 && probe_le32(hdr + HDR_PAD32 + 4) == 0) {
		probe_set_uuid(id, hdr + HDR_UUID);
		probe_set_label(id, hdr + HDR_LABEL, 16);
	}
	return 0;
}
