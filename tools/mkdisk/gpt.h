/* gpt.h: a GUID partition table for 512 or 4096-byte sectors, built in
 * memory. Pure: no I/O.
 *
 * Why baton writes its own: Debian 12's sfdisk (util-linux 2.38) has no
 * --sector-size and scales a script's "sector-size: 4096" back to the 512
 * it assumes for an image file, and fdisk -b is interactive; a GPT is a
 * protective MBR, two headers and two copies of a 16 KiB entry array with
 * CRC32s, every byte of which is fixed here by the caller's GUIDs. */
#ifndef BATON_GPT_H
#define BATON_GPT_H

#include <stddef.h>
#include <stdint.h>

#define GPT_ENTRIES	128
#define GPT_ENTRY_SIZE	128
#define GPT_MAX_PARTS	16

struct gpt_part {
	uint8_t type[16];	/* GUIDs in their on-disk (mixed-endian) form */
	uint8_t uuid[16];
	uint64_t first_lba, last_lba;	/* inclusive */
	uint64_t attrs;
	char name[37];		/* ASCII, up to 36 characters */
};

struct gpt_disk {
	uint32_t ss;		/* 512 or 4096 */
	uint64_t sectors;	/* of the whole disk */
	uint8_t guid[16];
	struct gpt_part part[GPT_MAX_PARTS];
	size_t nparts;
};

/* Bytes at the start (protective MBR, header, entries) and at the end
 * (entries, header) of the disk. */
size_t gpt_head_size(uint32_t ss);
size_t gpt_tail_size(uint32_t ss);

/* Fills head (gpt_head_size bytes) and tail (gpt_tail_size bytes, to be
 * written at the disk's end). Returns 0 or -EINVAL naming nothing: a
 * partition outside the usable area, overlapping another, or a bad size. */
int gpt_build(const struct gpt_disk *d, uint8_t *head, uint8_t *tail);

/* "01234567-89ab-cdef-0123-456789abcdef" (any case) -> on-disk bytes. */
int gpt_guid_parse(const char *s, uint8_t out[16]);

/* One partition as "FIRST_LBA,LAST_LBA,TYPE-GUID,UUID,NAME[,ATTR-BIT...]"
 * (attribute bits as decimal numbers, e.g. 60 for read-only). */
int gpt_part_parse(const char *s, struct gpt_part *p);

uint32_t gpt_crc32(const uint8_t *buf, size_t len);

#endif
