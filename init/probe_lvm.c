/* probe_lvm.c: recognises an LVM2 physical volume (blkid's LVM2_member) by
 * the label pvcreate writes in one of the first four sectors, and reads the
 * PV UUID as lvm and blkid print it (6-4-4-4-4-4-6 characters). Like blkid,
 * only the first place whose type field reads "LVM2 001" is examined, and
 * the label counts only when it names its own sector and its checksum (LVM's
 * CRC, from the offset field to the end of the sector) holds.
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define LABEL_SIZE	512
#define L_ID		0x00	/* "LABELONE" */
#define L_SECTOR	0x08	/* le64: the sector this label is in */
#define L_CRC		0x10	/* le32: of the bytes from L_OFFSET on */
#define L_OFFSET	0x14
#define L_TYPE		0x18	/* "LVM2 001" */
#define L_PVUUID	0x20	/* 32 characters, no dashes */
#define L_HDR_END	0x40	/* what blkid reads of the label */
#define PVUUID_LEN	32

/* blkid's magic table, in its order: (KiB offset, offset of the type). */
static const struct { unsigned kb, sboff; } places[] = {
	{ 0, 0x218 }, { 0, 0x018 }, { 1, 0x018 }, { 1, 0x218 },
};

static uint32_t lvm_crc(const unsigned char *p, size_t n)
{
	static const uint32_t tab[16] = {
		0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
		0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
		0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
	};
	uint32_t crc = 0xf597a6cf;

	while (n--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ tab[crc & 0xf];
		crc = (crc >> 4) ^ tab[crc & 0xf];
	}
	return crc;
}

/* Dashes after characters 6, 10, 14, 18, 22 and 26, as LVM prints it; a
 * NUL in the field ends the text there, as blkid's printf does. */
static void set_pv_uuid(struct fsid *id, const unsigned char *src)
{
	char out[PVUUID_LEN + 7];
	size_t o = 0;

	for (unsigned i = 0; i < PVUUID_LEN; i++) {
		if ((1u << i) & 0x4444440u)
			out[o++] = '-';
		out[o++] = (char)src[i];
	}
	out[o] = '\0';
	probe_set_uuid_str(id, (const unsigned char *)out, o);
}

int probe_lvm2(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *label;
	unsigned i, sector;

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		if (probe_span(len, places[i].kb * 1024 + places[i].sboff, 8) &&
		    memcmp(buf + places[i].kb * 1024 + places[i].sboff, "LVM2 001", 8) == 0)
			break;
	if (i == sizeof(places) / sizeof(places[0]))
		return -ENOENT;
	sector = places[i].kb * 2;
	if (!probe_span(len, places[i].kb * 1024, LABEL_SIZE + L_HDR_END))
		return -ENOENT;
	label = buf + places[i].kb * 1024;
	if (memcmp(label + L_ID, "LABELONE", 8) != 0) {
		label += LABEL_SIZE;
		sector++;
		if (memcmp(label + L_ID, "LABELONE", 8) != 0)
			return -ENOENT;
	}
	/* The second sector's label reaches past what blkid reads: its CRC
	 * needs the whole sector. */
	if (!probe_span(len, (size_t)(label - buf), LABEL_SIZE))
		return -ENOENT;
	if (probe_le64(label + L_SECTOR) != sector ||
	    lvm_crc(label + L_OFFSET, LABEL_SIZE - L_OFFSET) != probe_le32(label + L_CRC))
		return -ENOENT;
	probe_set_type(id, "LVM2_member");
	set_pv_uuid(id, label + L_PVUUID);
	return 0;
}
