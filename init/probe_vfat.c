/* probe_vfat.c: recognises FAT12, FAT16 and FAT32 (all "vfat" to libblkid,
 * the reference the tests compare with) and reads their serial number and
 * label the way blkid does:
 *   UUID   the volume serial, printed "XXXX-XXXX" in upper case as blkid
 *          prints it (and as it appears in /dev/disk/by-uuid and fstab)
 *   LABEL  the volume-label entry of the root directory, the copy Windows
 *          renames; blkid (2.38) reports that alone and keeps the boot
 *          sector's copy apart as LABEL_FATBOOT
 * The root directory often lies beyond PROBE_READ_SIZE: always on FAT32
 * (its FATs alone outgrow 68 KiB), and on FAT16 above about 32 MB. Then the
 * boot sector's copy of the label is taken instead, unless it is mkfs's
 * "NO NAME". mkfs.fat and fatlabel write both copies alike, so this is
 * blkid's answer for them; it differs only where the copies were let drift
 * apart (some tools change one), and the directory could not be seen.
 * Wherever the buffer shows enough to decide, the answer is blkid's.
 * A FAT signature can be as weak as a jump opcode and 55 AA, so the boot
 * sector's geometry must add up as blkid demands, and probe.c tries this
 * prober last.
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

/* The BIOS parameter block, in the boot sector (unaligned little-endian). */
#define BPB_SECTOR_SIZE	0x0B	/* le16 */
#define BPB_CLUSTER	0x0D	/* sectors per cluster */
#define BPB_RESERVED	0x0E	/* le16 sectors before the first FAT */
#define BPB_FATS	0x10
#define BPB_DIR_ENTRIES	0x11	/* le16, FAT12/16 root directory */
#define BPB_SECTORS	0x13	/* le16, 0 when BPB_TOTAL_SECT holds it */
#define BPB_MEDIA	0x15
#define BPB_FAT_LENGTH	0x16	/* le16 sectors per FAT, 0 on FAT32 */
#define BPB_TOTAL_SECT	0x20	/* le32 */
#define BPB32_FAT_LENGTH 0x24	/* le32 */
#define BPB32_ROOT	0x2C	/* le32 root directory's first cluster */
#define BPB32_FSINFO	0x30	/* le16 sector */

/* The extended BPB: at 0x26 on FAT12/16, at 0x42 on FAT32. */
#define EBPB16		0x26
#define EBPB32		0x42
#define EBPB_SIGN	0x00	/* 0x29: serial and label follow; 0x28: serial */
#define EBPB_SERIAL	0x01	/* le32 */
#define EBPB_LABEL	0x05	/* 11 bytes, space-padded */
#define EBPB_FSTYPE	0x10	/* 8 bytes: "FAT16   " and kin */

#define BS_SIGNATURE	0x1FE	/* 55 AA */
#define BS_SIZE		512
/* libblkid reads the 1 KiB block holding the signature. */
#define NEED		1024

#define DIRENT_SIZE	32
#define DIRENT_ATTR	11
#define DIRENT_CLUS_HI	20
#define DIRENT_CLUS_LO	26
#define ATTR_VOLUME_ID	0x08
#define ATTR_DIR	0x10
#define ATTR_LONG_NAME	0x0f	/* in ATTR_MASK: a VFAT long-name slot */
#define ATTR_MASK	0x3f
#define ENTRY_FREE	0xE5
#define ENTRY_KANJI_E5	0x05	/* a name really starting with 0xE5 */

#define FAT12_MAX	0xFF4		/* most clusters each FAT width addresses */
#define FAT16_MAX	0xFFF4
#define FAT32_MAX	0x0FFFFFF6

#define FSINFO_SIZE	512
#define FSINFO_SIG2	484

/* blkid follows at most 99 links of the FAT32 root directory's chain. */
#define MAX_HOPS	99

/* Offsets into the device computed from on-disk fields are 64-bit (and may
 * be absurd): this compares them with len without truncating to size_t. */
static int in_buf(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static int is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* libblkid's magics, tried in order; any of these six settles "is it FAT
 * at all", the jump opcode and the 55 AA signature need more (see
 * fat_signature). */
static const struct {
	uint16_t off;
	uint8_t n;
	char s[9];
} strong_magics[] = {
	{ 0x52, 5, "MSWIN" }, { 0x52, 8, "FAT32   " }, { 0x36, 5, "MSDOS" },
	{ 0x36, 8, "FAT16   " }, { 0x36, 8, "FAT12   " }, { 0x36, 8, "FAT     " },
};

static int fat_signature(const unsigned char *bs)
{
	size_t i;

	for (i = 0; i < sizeof(strong_magics) / sizeof(strong_magics[0]); i++)
		if (memcmp(bs + strong_magics[i].off, strong_magics[i].s, strong_magics[i].n) == 0)
			return 1;
	/* Without a FAT type string blkid wants the boot signature, and
	 * rules out the FAT-like pseudo boot sectors OS/2 writes on JFS and
	 * HPFS volumes. */
	return bs[BS_SIGNATURE] == 0x55 && bs[BS_SIGNATURE + 1] == 0xAA &&
	       memcmp(bs + EBPB16 + EBPB_FSTYPE, "JFS     ", 8) != 0 &&
	       memcmp(bs + EBPB16 + EBPB_FSTYPE, "HPFS    ", 8) != 0;
}

/* BitLocker volumes keep a FAT-looking boot sector; blkid excludes them by
 * their signature and, for Windows 7 and To Go volumes, by the metadata
 * block the boot sector points at. When that block lies beyond the buffer
 * blkid would read it; it is taken as absent, so a BitLocker To Go volume
 * (a FAT decoy holding the reader program) whose metadata is past 68 KiB
 * passes as the vfat it pretends to be. */
static int is_bitlocker(const unsigned char *buf, size_t len)
{
	/* Jump, then the OEM name; 11 bytes compared, the NUL is not. */
	static const unsigned char vista[] = "\xeb\x52\x90-FVE-FS-";
	static const unsigned char win7[] = "\xeb\x58\x90-FVE-FS-";
	static const unsigned char togo[] = "\xeb\x58\x90MSWIN4.1";
	uint64_t meta;

	if (memcmp(buf, vista, 11) == 0)
		return 1;
	if (memcmp(buf, win7, 11) == 0)
		meta = probe_le64(buf + 176);
	else if (memcmp(buf, togo, 11) == 0)
		meta = probe_le64(buf + 440);
	else
		return 0;
	return meta && in_buf(len, meta, 12) && memcmp(buf + meta, "-FVE-FS-", 8) == 0;
}

/* libblkid's fat_valid_superblock: a boot sector whose numbers describe a
 * FAT the Linux driver would take. Cluster counting uses blkid's 32-bit
 * unsigned arithmetic, wrapping where it wraps, so corrupt sectors get its
 * answer too. */
static int fat_geometry_ok(const unsigned char *bs)
{
	uint32_t sector_size = probe_le16(bs + BPB_SECTOR_SIZE);
	uint32_t cluster = bs[BPB_CLUSTER], fats = bs[BPB_FATS];
	uint32_t reserved = probe_le16(bs + BPB_RESERVED);
	uint32_t sectors, fat_length, fat_sectors, dir_sectors, clusters, max;

	if (!fats || !reserved || !is_pow2(cluster) ||
	    !(bs[BPB_MEDIA] >= 0xf8 || bs[BPB_MEDIA] == 0xf0) ||
	    !is_pow2(sector_size) || sector_size < 512 || sector_size > 4096)
		return 0;
	sectors = probe_le16(bs + BPB_SECTORS);
	if (!sectors)
		sectors = probe_le32(bs + BPB_TOTAL_SECT);
	fat_length = probe_le16(bs + BPB_FAT_LENGTH);
	if (!fat_length)
		fat_length = probe_le32(bs + BPB32_FAT_LENGTH);
	fat_sectors = fat_length * fats;
	dir_sectors = (probe_le16(bs + BPB_DIR_ENTRIES) * DIRENT_SIZE + sector_size - 1) /
		      sector_size;
	clusters = (sectors - (reserved + fat_sectors + dir_sectors)) / cluster;
	if (!probe_le16(bs + BPB_FAT_LENGTH) && probe_le32(bs + BPB32_FAT_LENGTH))
		max = FAT32_MAX;
	else
		max = clusters > FAT12_MAX ? FAT16_MAX : FAT12_MAX;
	return clusters <= max;
}

/* For parttable.c (see probe_impl.h): probe_vfat's first checks, on the
 * first sector alone. */
int probe_is_fat_boot_sector(const unsigned char *bs)
{
	return fat_signature(bs) && fat_geometry_ok(bs);
}

enum dir_scan {
	DIR_FOUND,	/* *label points at the volume-label entry's name */
	DIR_NONE,	/* blkid finds no label entry there */
	DIR_UNSEEN,	/* the answer lies beyond the buffer */
};

/* libblkid's search_fat_label over n entries at off. The first volume-label
 * entry that is not a long-name slot, a deleted entry or a file counts; a
 * NUL name ends the directory. An entry past the end of a whole-device
 * buffer does not exist, which blkid takes as the end too. */
static enum dir_scan scan_dir(const unsigned char *buf, size_t len, uint64_t off,
			      uint32_t n, const unsigned char **label)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		uint64_t at = off + (uint64_t)i * DIRENT_SIZE;
		const unsigned char *e;

		if (!in_buf(len, at, DIRENT_SIZE))
			return probe_whole(len) ? DIR_NONE : DIR_UNSEEN;
		e = buf + at;
		if (e[0] == 0)
			return DIR_NONE;
		if (e[0] == ENTRY_FREE || probe_le16(e + DIRENT_CLUS_HI) ||
		    probe_le16(e + DIRENT_CLUS_LO) ||
		    (e[DIRENT_ATTR] & ATTR_MASK) == ATTR_LONG_NAME)
			continue;
		if ((e[DIRENT_ATTR] & (ATTR_VOLUME_ID | ATTR_DIR)) == ATTR_VOLUME_ID) {
			*label = e;
			return DIR_FOUND;
		}
	}
	return DIR_NONE;
}

/* The FAT32 root directory is a cluster chain: blkid scans each cluster and
 * follows the FAT to the next, as here, and an end-of-directory entry in one
 * cluster does not stop it looking in the next. A FAT entry past the end of
 * a whole device ends the chain, as blkid's failed read does (blkid reads a
 * cluster's worth there, so that much must exist). */
static enum dir_scan scan_fat32_root(const unsigned char *buf, size_t len,
				     const unsigned char **label)
{
	uint32_t sector_size = probe_le16(buf + BPB_SECTOR_SIZE);
	uint32_t cluster = buf[BPB_CLUSTER];
	uint32_t reserved = probe_le16(buf + BPB_RESERVED);
	uint32_t fat_length = probe_le32(buf + BPB32_FAT_LENGTH);
	uint32_t data_start = reserved + fat_length * buf[BPB_FATS];
	uint32_t fat_entries = (uint32_t)((uint64_t)fat_length * sector_size / 4);
	uint32_t cluster_bytes = cluster * sector_size;
	uint32_t next = probe_le32(buf + BPB32_ROOT);
	enum dir_scan r;
	int hop;

	for (hop = 0; next && next < fat_entries && hop < MAX_HOPS; hop++) {
		uint64_t dir = (uint64_t)(data_start + (next - 2) * cluster) * sector_size;
		uint64_t fat_entry = (uint64_t)reserved * sector_size + (uint64_t)next * 4;

		r = scan_dir(buf, len, dir, cluster_bytes / DIRENT_SIZE, label);
		if (r != DIR_NONE)
			return r;
		if (!in_buf(len, fat_entry, 4))
			return probe_whole(len) ? DIR_NONE : DIR_UNSEEN;
		if (probe_whole(len) && !in_buf(len, fat_entry, cluster_bytes))
			return DIR_NONE;
		next = probe_le32(buf + fat_entry) & 0x0fffffff;
	}
	return DIR_NONE;
}

/* FAT32's FSInfo sector must carry its signatures or be blank, or blkid
 * rejects the volume. One past the end of a whole device rejects it too;
 * one beyond a full buffer cannot be checked and is let pass. */
static int fsinfo_ok(const unsigned char *buf, size_t len)
{
	uint64_t off = (uint64_t)probe_le16(buf + BPB32_FSINFO) * probe_le16(buf + BPB_SECTOR_SIZE);
	const unsigned char *fs;

	if (!off)
		return 1;
	if (!in_buf(len, off, FSINFO_SIZE))
		return !probe_whole(len);
	fs = buf + off;
	return (memcmp(fs, "RRaA", 4) == 0 || memcmp(fs, "RRdA", 4) == 0 ||
		memcmp(fs, "\0\0\0\0", 4) == 0) &&
	       (memcmp(fs + FSINFO_SIG2, "rrAa", 4) == 0 ||
		memcmp(fs + FSINFO_SIG2, "\0\0\0\0", 4) == 0);
}

/* The serial as blkid prints it: the le32 as two groups of four upper-case
 * hex digits. An all-zero serial is no UUID, as for other filesystems. */
static void set_serial(struct fsid *id, const unsigned char *p)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char s[9];
	size_t i, o = 0;

	if (!probe_le32(p))
		return;
	for (i = 4; i-- > 0;) {
		if (i == 1)
			s[o++] = '-';
		s[o++] = (unsigned char)hex[p[i] >> 4];
		s[o++] = (unsigned char)hex[p[i] & 0xf];
	}
	probe_set_uuid_str(id, s, sizeof(s));
}

_Static_assert(EBPB32 + EBPB_FSTYPE + 8 <= BS_SIZE && BS_SIZE <= NEED,
	       "boot sector fields inside what we demand");
_Static_assert(440 + 8 <= BS_SIZE, "BitLocker's pointers inside the boot sector");

/* The label from the root directory when it could be seen, else from the
 * boot sector (see the top of this file). */
static void set_fat_label(struct fsid *id, enum dir_scan r, const unsigned char *entry,
			  const unsigned char *ebpb)
{
	unsigned char name[11];

	if (r == DIR_FOUND) {
		memcpy(name, entry, sizeof(name));
		if (name[0] == ENTRY_KANJI_E5)
			name[0] = ENTRY_FREE;
		probe_set_label(id, name, sizeof(name));
	} else if (r == DIR_UNSEEN && ebpb[EBPB_SIGN] == 0x29 &&
		   memcmp(ebpb + EBPB_LABEL, "NO NAME    ", 11) != 0) {
		probe_set_label(id, ebpb + EBPB_LABEL, 11);
	}
}

int probe_vfat(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *entry = NULL;
	enum dir_scan r;

	if (!probe_span(len, 0, NEED) || !fat_signature(buf) || !fat_geometry_ok(buf) ||
	    is_bitlocker(buf, len))
		return -ENOENT;

	if (probe_le16(buf + BPB_FAT_LENGTH)) {
		/* FAT12/16: a fixed root directory right after the FATs. */
		uint32_t sector_size = probe_le16(buf + BPB_SECTOR_SIZE);
		uint32_t fat_sectors = probe_le16(buf + BPB_FAT_LENGTH) * (uint32_t)buf[BPB_FATS];
		uint32_t root = (probe_le16(buf + BPB_RESERVED) + fat_sectors) * sector_size;

		r = scan_dir(buf, len, root, probe_le16(buf + BPB_DIR_ENTRIES), &entry);
		probe_set_type(id, "vfat");
		/* 0x28 marks the older extended BPB: a serial, no label. */
		if (buf[EBPB16] == 0x28 || buf[EBPB16] == 0x29)
			set_serial(id, buf + EBPB16 + EBPB_SERIAL);
		set_fat_label(id, r, entry, buf + EBPB16);
	} else if (probe_le32(buf + BPB32_FAT_LENGTH)) {
		if (!fsinfo_ok(buf, len))
			return -ENOENT;
		r = scan_fat32_root(buf, len, &entry);
		probe_set_type(id, "vfat");
		set_serial(id, buf + EBPB32 + EBPB_SERIAL);
		set_fat_label(id, r, entry, buf + EBPB32);
	} else {
		/* No FAT length at all: blkid still says vfat, and no more. */
		probe_set_type(id, "vfat");
	}
	return 0;
}
