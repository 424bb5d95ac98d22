/* test_probe.c: unit tests of init/probe*.c on synthetic superblocks: the
 * ext type rules, then for xfs, btrfs, f2fs, erofs, swap, squashfs, iso9660,
 * vfat and LUKS the answer at every interesting length (a device cut short
 * is unknown until what blkid reads is there), with the magic zeroed, and
 * that no other prober claims the image; each prober's corner cases; UUID
 * and label extraction, uuid_format and uuid_equal; and that no buffer
 * length or content makes a prober read outside its buffer. Each probe runs
 * on a heap copy of exactly len bytes, so a build with
 * -fsanitize=address,undefined turns any overread into a crash.
 * Real mkfs images are tests/unit/t-probe.sh's job. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "probe.h"
#include "probe_impl.h"

#define SB		0x400		/* ext superblock offset */
#define SB_END		0x800
#define IMG_LEN		0x900		/* a little past the superblock */

#define J	0x0004			/* compat has_journal */
#define TESTFS	0x0004			/* s_flags test_fs */

static const unsigned char test_uuid[16] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
};
#define TEST_UUID "01234567-89ab-cdef-fedc-ba9876543210"

/* The image under test: a whole PROBE_READ_SIZE buffer, of which the ext
 * cases use the first IMG_LEN bytes. */
static unsigned char img[PROBE_READ_SIZE];

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* img becomes an ext superblock with these feature words, a UUID and the
 * label "rootfs". */
static void make_ext(uint32_t compat, uint32_t incompat, uint32_t ro, uint32_t flags)
{
	memset(img, 0, sizeof(img));
	img[SB + 0x38] = 0x53;
	img[SB + 0x39] = 0xEF;
	put_le32(img + SB + 0x5C, compat);
	put_le32(img + SB + 0x60, incompat);
	put_le32(img + SB + 0x64, ro);
	memcpy(img + SB + 0x68, test_uuid, 16);
	memcpy(img + SB + 0x78, "rootfs", 6);
	put_le32(img + SB + 0x160, flags);
}

static void set_label(const char *raw, size_t n)
{
	memset(img + SB + 0x78, 0, 16);
	memcpy(img + SB + 0x78, raw, n);
}

/* probe_fs on a copy of img's first len bytes placed at the very end of a
 * heap block, so ASan sees any read past len. One block serves every call:
 * a malloc per probe made the sweeps below crawl where malloc is mmap
 * (klibc). Nothing reads before a buffer's start, so its head can be
 * shared. */
static int probe_copy(size_t len, struct fsid *id)
{
	static unsigned char *pool;

	if (!pool && !(pool = malloc(PROBE_READ_SIZE))) {
		perror("malloc");
		exit(2);
	}
	memcpy(pool + PROBE_READ_SIZE - len, img, len);
	return probe_fs(pool + PROBE_READ_SIZE - len, len, id);
}

static int id_is_empty(const struct fsid *id)
{
	return !id->type[0] && !id->uuid[0] && !id->label[0];
}

static const struct type_case {
	const char *name;
	uint32_t compat, incompat, ro, flags;
	const char *want;		/* "" = unknown */
} type_cases[] = {
	{ "probe/type-ext2-bare", 0, 0, 0, 0, "ext2" },
	{ "probe/type-ext2-features", 0x0038, 0x0012, 0x0007, 0, "ext2" },
	{ "probe/type-ext3", J, 0x0002, 0x0003, 0, "ext3" },
	{ "probe/type-ext3-needs-recovery", J, 0x0006, 0x0003, 0, "ext3" },
	{ "probe/type-ext3-meta-bg", J, 0x0012, 0, 0, "ext3" },
	{ "probe/type-ext4-extents", J, 0x0042, 0, 0, "ext4" },
	{ "probe/type-ext4-64bit", J, 0x0080, 0, 0, "ext4" },
	{ "probe/type-ext4-mmp", J, 0x0100, 0, 0, "ext4" },
	{ "probe/type-ext4-flex-bg", J, 0x0200, 0, 0, "ext4" },
	{ "probe/type-ext4-huge-file", J, 0, 0x0008, 0, "ext4" },
	{ "probe/type-ext4-gdt-csum", J, 0, 0x0010, 0, "ext4" },
	{ "probe/type-ext4-dir-nlink", J, 0, 0x0020, 0, "ext4" },
	{ "probe/type-ext4-extra-isize", J, 0, 0x0040, 0, "ext4" },
	{ "probe/type-ext4-metadata-csum", J, 0, 0x0400, 0, "ext4" },
	{ "probe/type-ext4-no-journal", 0, 0x02c2, 0x046b, 0, "ext4" },
	{ "probe/type-ext4-future-incompat", J, 0x80000, 0, 0, "ext4" },
	{ "probe/type-recover-without-journal", 0, 0x0004, 0, 0, "" },
	{ "probe/type-jbd", 0, 0x0008, 0, 0, "jbd" },
	{ "probe/type-jbd-with-ext4-bits", J, 0x02c8, 0x0400, 0, "jbd" },
	{ "probe/type-jbd-test-fs", 0, 0x0008, 0, TESTFS, "jbd" },
	{ "probe/type-ext4dev", J, 0x0042, 0, TESTFS, "ext4dev" },
	{ "probe/type-ext4dev-odd-bits", 0, 0x0004, 0, TESTFS, "ext4dev" },
	{ "probe/type-test-fs-ext2-ambivalent", 0, 0x0002, 0, TESTFS, "" },
	{ "probe/type-test-fs-ext3-ambivalent", J, 0x0002, 0, TESTFS, "" },
};

static void test_types(void)
{
	size_t i;
	struct fsid id;

	for (i = 0; i < sizeof(type_cases) / sizeof(type_cases[0]); i++) {
		const struct type_case *c = &type_cases[i];
		int rc;

		make_ext(c->compat, c->incompat, c->ro, c->flags);
		rc = probe_copy(IMG_LEN, &id);
		CHECK(c->name, strcmp(id.type, c->want) == 0 && rc == (c->want[0] ? 0 : -ENOENT),
		      "rc %d type \"%s\", want \"%s\"", rc, id.type, c->want);
	}
}

static void test_empty_buffers(void)
{
	static unsigned char zero[PROBE_READ_SIZE];
	struct fsid id;
	int rc;

	memset(&id, 'x', sizeof(id));
	rc = probe_fs(zero, sizeof(zero), &id);
	CHECK("probe/zero-buffer-unknown", rc == -ENOENT && id_is_empty(&id),
	      "rc %d type \"%.16s\"", rc, id.type);

	memset(&id, 'x', sizeof(id));
	rc = probe_fs(NULL, 0, &id);
	CHECK("probe/null-empty-unknown", rc == -ENOENT && id_is_empty(&id), "rc %d", rc);
}

static void test_magic(void)
{
	struct fsid id;
	int rc;

	/* Magic and nothing else is a featureless ext2 without UUID or label:
	 * that is also what blkid reports. */
	memset(img, 0, sizeof(img));
	img[SB + 0x38] = 0x53;
	img[SB + 0x39] = 0xEF;
	rc = probe_copy(SB_END, &id);
	CHECK("probe/magic-only-is-ext2", rc == 0 && strcmp(id.type, "ext2") == 0,
	      "rc %d type \"%s\"", rc, id.type);
	CHECK_STR("probe/magic-only-no-uuid", id.uuid, "");
	CHECK_STR("probe/magic-only-no-label", id.label, "");

	make_ext(J, 0x42, 0, 0);
	img[SB + 0x38] = 0xEF;		/* big-endian magic is not ext */
	img[SB + 0x39] = 0x53;
	rc = probe_copy(IMG_LEN, &id);
	CHECK("probe/magic-byte-swapped-unknown", rc == -ENOENT && id_is_empty(&id),
	      "rc %d type \"%s\"", rc, id.type);

	make_ext(J, 0x42, 0, 0);
	rc = probe_copy(IMG_LEN, &id);
	CHECK_STR("probe/uuid-from-superblock", id.uuid, TEST_UUID);
	CHECK_STR("probe/label-from-superblock", id.label, "rootfs");
	memset(img + SB + 0x68, 0, 16);
	rc = probe_copy(IMG_LEN, &id);
	CHECK("probe/zero-uuid-is-none", rc == 0 && id.uuid[0] == '\0', "uuid \"%s\"", id.uuid);
}

/* Labels: the 16-byte field may be full (no NUL), and the bytes after it
 * (s_last_mounted) must not leak in. */
static void test_labels(void)
{
	static const struct {
		const char *name, *raw, *want;
		size_t n;
	} cases[] = {
		{ "probe/label-16-no-nul", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP", 16 },
		{ "probe/label-stops-at-nul", "ab\0cd", "ab", 5 },
		{ "probe/label-inner-space", "root fs", "root fs", 7 },
		{ "probe/label-trailing-space-trimmed", "root  \t", "root", 7 },
		{ "probe/label-leading-space-kept", "  root", "  root", 6 },
		{ "probe/label-all-spaces-none", "                ", "", 16 },
		{ "probe/label-utf8-kept", "caf\xc3\xa9", "caf\xc3\xa9", 5 },
	};
	struct fsid id;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make_ext(J, 0x42, 0, 0);
		memset(img + SB + 0x88, 'X', 64);	/* s_last_mounted */
		set_label(cases[i].raw, cases[i].n);
		probe_copy(IMG_LEN, &id);
		CHECK_STR(cases[i].name, id.label, cases[i].want);
	}
}

/* Every length from 0 to past the superblock: below its end the answer is
 * unknown with an empty id, from there on the full answer. */
static void test_truncation(void)
{
	size_t len, bad = 0, first_bad = 0;
	struct fsid id;
	int rc;

	make_ext(J, 0x42, 0, 0);
	set_label("ABCDEFGHIJKLMNOP", 16);
	memset(img + SB + 0x88, 'X', 64);
	for (len = 0; len <= IMG_LEN; len++) {
		int good;

		memset(&id, 'x', sizeof(id));
		rc = probe_copy(len, &id);
		if (len < SB_END)
			good = rc == -ENOENT && id_is_empty(&id);
		else
			good = rc == 0 && !strcmp(id.type, "ext4") && !strcmp(id.uuid, TEST_UUID) &&
			       !strcmp(id.label, "ABCDEFGHIJKLMNOP");
		if (!good && !bad++)
			first_bad = len;
	}
	CHECK("probe/truncated-every-length", bad == 0,
	      "%zu lengths wrong, first at len %#zx", bad, first_bad);
}

static uint32_t rng = 0x9e3779b9;

static uint32_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static int fsid_sane(const struct fsid *id)
{
	size_t u = strnlen(id->uuid, sizeof(id->uuid));

	return memchr(id->type, 0, sizeof(id->type)) && (u == 0 || u == 36) &&
	       strnlen(id->label, sizeof(id->label)) <= 16;
}

/* Random superblocks of random length, magic usually set: whatever the
 * bytes, the answer is either unknown and empty or a sane fsid. */
static void test_fuzz(void)
{
	size_t iter, i, bad = 0;
	struct fsid id;

	for (iter = 0; iter < 20000; iter++) {
		size_t len = xorshift() % (IMG_LEN + 1);
		int rc;

		for (i = 0; i < IMG_LEN; i++)
			img[i] = (unsigned char)xorshift();
		if (iter % 4) {
			img[SB + 0x38] = 0x53;
			img[SB + 0x39] = 0xEF;
		}
		rc = probe_copy(len, &id);
		if (rc == 0 ? !fsid_sane(&id) : (rc != -ENOENT || !id_is_empty(&id)))
			bad++;
	}
	CHECK("probe/fuzz-sane-answers", bad == 0, "%zu of 20000 answers malformed", bad);
}

static void test_uuid_format(void)
{
	static const unsigned char ff[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	char out[37];

	uuid_format(out, test_uuid);
	CHECK_STR("probe/uuid-format", out, TEST_UUID);
	uuid_format(out, ff);
	CHECK_STR("probe/uuid-format-ff", out, "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

static void test_uuid_equal(void)
{
	CHECK_INT("probe/uuid-equal-same", uuid_equal(TEST_UUID, TEST_UUID), 1);
	CHECK_INT("probe/uuid-equal-case", uuid_equal("01234567-89AB-CDEF-FEDC-BA9876543210",
						       TEST_UUID), 1);
	CHECK_INT("probe/uuid-equal-case-both", uuid_equal("aBcD", "AbCd"), 1);
	CHECK_INT("probe/uuid-equal-differs", uuid_equal(TEST_UUID,
				"01234567-89ab-cdef-fedc-ba9876543211"), 0);
	CHECK_INT("probe/uuid-equal-prefix", uuid_equal("01234567-89ab", TEST_UUID), 0);
	CHECK_INT("probe/uuid-equal-longer", uuid_equal(TEST_UUID "0", TEST_UUID), 0);
	CHECK_INT("probe/uuid-equal-dashes-matter",
		  uuid_equal("0123456789abcdeffedcba9876543210", TEST_UUID), 0);
	CHECK_INT("probe/uuid-equal-empty", uuid_equal("", ""), 0);
	CHECK_INT("probe/uuid-equal-null", uuid_equal(NULL, TEST_UUID) + uuid_equal(TEST_UUID, NULL), 0);
}

/* ---- the other filesystems --------------------------------------------- */

#define PRS	PROBE_READ_SIZE

static void put_le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put_le64(unsigned char *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static void put_be16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	put_be16(p, (uint16_t)(v >> 16));
	put_be16(p + 2, (uint16_t)v);
}

static void put_be64(unsigned char *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static void put_str(size_t off, const char *s)
{
	memcpy(img + off, s, strlen(s));
}

/* Writes UTF-16 units at off, little- or big-endian. */
static void put_utf16(size_t off, const uint16_t *u, size_t n, int be)
{
	size_t i;

	for (i = 0; i < n; i++)
		(be ? put_be16 : put_le16)(img + off + 2 * i, u[i]);
}

/* An ASCII string as UTF-16 units at off. */
static void put_ascii16(size_t off, const char *s, int be)
{
	for (; *s; s++, off += 2)
		(be ? put_be16 : put_le16)(img + off, (uint16_t)(unsigned char)*s);
}

static void build_xfs(void)
{
	memset(img, 0, sizeof(img));
	put_str(0, "XFSB");
	put_be32(img + 0x04, 4096);		/* blocksize */
	put_be64(img + 0x08, 76800);		/* dblocks: 4 groups of 19200 */
	memcpy(img + 0x20, test_uuid, 16);
	put_be32(img + 0x50, 1);		/* rextsize */
	put_be32(img + 0x54, 19200);		/* agblocks */
	put_be32(img + 0x58, 4);		/* agcount */
	put_be16(img + 0x66, 512);		/* sectsize */
	put_be16(img + 0x68, 512);		/* inodesize */
	put_str(0x6C, "xfsroot");
	img[0x78] = 12;				/* blocklog */
	img[0x79] = 9;				/* sectlog */
	img[0x7A] = 9;				/* inodelog */
	img[0x7B] = 3;				/* inopblog */
	img[0x7F] = 25;				/* imax_pct */
}

static void build_btrfs(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img + 0x10020, test_uuid, 16);
	put_str(0x10040, "_BHRfS_M");
	put_str(0x1012B, "btrfs root");
}

/* "f2fs ✓ 𝄞": a BMP character and a surrogate pair. */
static const uint16_t f2fs_label16[] = {
	'f', '2', 'f', 's', ' ', 0x2713, ' ', 0xD834, 0xDD1E,
};
#define F2FS_LABEL "f2fs \xe2\x9c\x93 \xf0\x9d\x84\x9e"

static void build_f2fs(void)
{
	memset(img, 0, sizeof(img));
	put_le32(img + 0x400, 0xF2F52010);
	put_le16(img + 0x404, 1);
	put_le16(img + 0x406, 15);
	memcpy(img + 0x46C, test_uuid, 16);
	put_utf16(0x47C, f2fs_label16, sizeof(f2fs_label16) / 2, 0);
}

static void build_erofs(void)
{
	memset(img, 0, sizeof(img));
	put_le32(img + 0x400, 0xE0F5E1E2);
	memcpy(img + 0x430, test_uuid, 16);
	put_str(0x440, "erofs-root");
}

static void build_swap(void)
{
	memset(img, 0, sizeof(img));
	put_le32(img + 0x400, 1);		/* version */
	put_le32(img + 0x404, 255);		/* last page */
	memcpy(img + 0x40C, test_uuid, 16);
	put_str(0x41C, "swap");
	put_str(0xFF6, "SWAPSPACE2");
}

static void build_squashfs(void)
{
	memset(img, 0, sizeof(img));
	put_str(0, "hsqs");
	put_le16(img + 0x1C, 4);
}

#define ISO_PVD		0x8000
#define ISO_SVD		0x8800
#define ISO_DATE	"2024010203040506"
#define ISO_UUID	"2024-01-02-03-04-05-06"

static void iso_vd(size_t off, unsigned char type)
{
	img[off] = type;
	put_str(off + 1, "CD001");
	img[off + 6] = 1;
}

/* A primary descriptor, a Joliet one, and the terminator. The Joliet label
 * is the primary's first 16 characters in mixed case: blkid takes those
 * from Joliet and the rest from the primary descriptor. */
static void build_iso(void)
{
	memset(img, 0, sizeof(img));
	iso_vd(ISO_PVD, 1);
	memset(img + ISO_PVD + 40, ' ', 32);
	put_str(ISO_PVD + 40, "MY DISC LABEL THAT IS LONG");
	memset(img + ISO_PVD + 813, '0', 16);		/* created: unset... */
	img[ISO_PVD + 813 + 16] = 4;			/* ...but for a zone */
	put_str(ISO_PVD + 830, ISO_DATE);		/* modified */
	iso_vd(ISO_SVD, 2);
	put_str(ISO_SVD + 88, "%/E");
	put_ascii16(ISO_SVD + 40, "My disc label th", 1);
	iso_vd(0x9000, 255);
}
#define ISO_PVD_LABEL	"MY DISC LABEL THAT IS LONG"
#define ISO_MERGED	"My disc label thAT IS LONG"

/* FAT12 1.44 MB floppy: root directory at sector 19 (0x2600), whose first
 * entry is the volume label; the boot sector's copy differs, to show which
 * one counts. */
#define FAT12_ROOT	0x2600

static void fat_bpb(uint16_t reserved, uint8_t fats, uint16_t dir_entries,
		    uint32_t sectors, uint8_t media, uint16_t fat_length)
{
	memset(img, 0, sizeof(img));
	img[0] = 0xEB;
	img[1] = 0x3C;
	img[2] = 0x90;
	put_str(3, "mkfs.fat");
	put_le16(img + 0x0B, 512);
	img[0x0D] = 1;
	put_le16(img + 0x0E, reserved);
	img[0x10] = fats;
	put_le16(img + 0x11, dir_entries);
	if (sectors < 0x10000)
		put_le16(img + 0x13, (uint16_t)sectors);
	else
		put_le32(img + 0x20, sectors);
	img[0x15] = media;
	put_le16(img + 0x16, fat_length);
	img[0x1FE] = 0x55;
	img[0x1FF] = 0xAA;
}

/* A directory entry: name (11 bytes), attributes, first cluster. */
static void fat_dirent(size_t off, const char *name, unsigned char attr, uint16_t cluster)
{
	memcpy(img + off, name, 11);
	img[off + 11] = attr;
	put_le16(img + off + 26, cluster);
}

static void fat16_ebpb(const char *label, const char *fstype)
{
	img[0x26] = 0x29;
	put_le32(img + 0x27, 0x1234ABCD);
	memcpy(img + 0x2B, label, 11);
	memcpy(img + 0x36, fstype, 8);
}

static void build_fat12(void)
{
	fat_bpb(1, 2, 224, 2880, 0xF0, 9);
	fat16_ebpb("BOOT LBL   ", "FAT12   ");
	fat_dirent(FAT12_ROOT, "ROOT LBL   ", 0x08, 0);
	fat_dirent(FAT12_ROOT + 32, "FILE    TXT", 0x20, 2);
}

/* FAT16 whose root directory starts past PROBE_READ_SIZE (two FATs of 256
 * sectors): the boot sector's label is all there is to go on. */
static void build_fat16_far(void)
{
	fat_bpb(4, 2, 512, 65536, 0xF8, 256);
	img[0x0D] = 4;
	fat16_ebpb("BOOT LBL   ", "FAT16   ");
}

static void fat32_bpb(uint16_t reserved, uint32_t fat_length, uint32_t sectors)
{
	fat_bpb(reserved, 2, 0, sectors, 0xF8, 0);
	put_le32(img + 0x24, fat_length);
	put_le32(img + 0x2C, 2);		/* root cluster */
	put_le16(img + 0x30, 1);		/* FSInfo sector */
	img[0x42] = 0x29;
	put_le32(img + 0x43, 0xCAFE0042);
	memcpy(img + 0x47, "BOOT32     ", 11);
	memcpy(img + 0x52, "FAT32   ", 8);
	put_str(0x200, "RRaA");
	put_str(0x200 + 484, "rrAa");
}

/* A small FAT32 whose root directory is a chain of two one-sector clusters
 * (2 then 3) inside the buffer, the label in the second: the FAT at 0x4000,
 * data from sector 36 (0x4800). */
#define FAT32_CL3	0x4A00

static void build_fat32_chain(void)
{
	size_t i;

	fat32_bpb(32, 2, 8192);
	for (i = 0; i < 16; i++)		/* cluster 2: files only */
		fat_dirent(0x4800 + 32 * i, "FILE    TXT", 0x20, (uint16_t)(4 + i));
	put_le32(img + 0x4000 + 2 * 4, 3);
	put_le32(img + 0x4000 + 3 * 4, 0x0FFFFFFF);
	fat_dirent(FAT32_CL3, "CHAIN LBL  ", 0x08, 0);
}

/* A usual FAT32: its FATs push the root directory far past the buffer. */
static void build_fat32_far(void)
{
	fat32_bpb(32, 1009, 262144);
}

#define LUKS_UUID	"0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"

static void luks_hdr(size_t off, const char *magic, uint16_t version)
{
	memcpy(img + off, magic, 6);
	put_be16(img + off + 6, version);
	put_str(off + 0xA8, LUKS_UUID);
}

static void build_luks1(void)
{
	memset(img, 0, sizeof(img));
	luks_hdr(0, "LUKS\xba\xbe", 1);
	put_str(0x28, "aes");			/* cipher name, as a LUKS1 header has */
}

static void build_luks2(void)
{
	memset(img, 0, sizeof(img));
	luks_hdr(0, "LUKS\xba\xbe", 2);
	put_str(0x18, "luks label");
}

/* Primary header gone, the copy after a 32 KiB one kept. */
static void build_luks2_copy(void)
{
	memset(img, 0, sizeof(img));
	luks_hdr(0x8000, "SKUL\xba\xbe", 2);
	put_str(0x8018, "from the copy");
}

/* From len = from on (until the next stage) the answer is this. */
struct stage {
	size_t from;
	const char *type, *uuid, *label;	/* type "" = unknown */
};

struct fs_case {
	const char *name;
	void (*build)(void);
	struct stage stages[4];		/* ascending from; from 0 first */
	size_t zero_off[2], zero_len[2];	/* its magic, zeroed: unknown */
};

#define UNKNOWN(from) { from, "", "", "" }

static const struct fs_case fs_cases[] = {
	{ "xfs", build_xfs, { UNKNOWN(0), { 1025, "xfs", TEST_UUID, "xfsroot" } },
	  { 0 }, { 4 } },
	/* blkid wants 1 MiB; a whole device shorter than the buffer is not. */
	{ "btrfs", build_btrfs, { UNKNOWN(0), { PRS, "btrfs", TEST_UUID, "btrfs root" } },
	  { 0x10040 }, { 8 } },
	{ "f2fs", build_f2fs, { UNKNOWN(0), { 0x87C, "f2fs", TEST_UUID, F2FS_LABEL } },
	  { 0x400 }, { 4 } },
	{ "erofs", build_erofs, { UNKNOWN(0), { 0x800, "erofs", TEST_UUID, "erofs-root" } },
	  { 0x400 }, { 4 } },
	{ "swap", build_swap, { UNKNOWN(0), { 40960, "swap", TEST_UUID, "swap" } },
	  { 0xFF6 }, { 10 } },
	{ "squashfs", build_squashfs, { UNKNOWN(0), { 1025, "squashfs", "", "" } },
	  { 0 }, { 4 } },
	/* The Joliet label once its descriptor is all there. */
	{ "iso9660", build_iso, { UNKNOWN(0), { 0x8400, "iso9660", ISO_UUID, ISO_PVD_LABEL },
				  { ISO_SVD + 847, "iso9660", ISO_UUID, ISO_MERGED } },
	  { ISO_PVD + 1 }, { 5 } },
	/* A whole device ending before the label entry has none (blkid's
	 * read of it fails); from the entry on, the root directory's label. */
	{ "vfat12", build_fat12, { UNKNOWN(0), { 1025, "vfat", "1234-ABCD", "" },
				   { FAT12_ROOT + 32, "vfat", "1234-ABCD", "ROOT LBL" } },
	  { 0x1FE, 0x36 }, { 2, 8 } },
	{ "vfat16-root-beyond", build_fat16_far,
	  { UNKNOWN(0), { 1025, "vfat", "1234-ABCD", "" }, { PRS, "vfat", "1234-ABCD", "BOOT LBL" } },
	  { 0x1FE, 0x36 }, { 2, 8 } },
	{ "vfat32-chain", build_fat32_chain,
	  { UNKNOWN(0), { 1025, "vfat", "CAFE-0042", "" }, { FAT32_CL3 + 32, "vfat", "CAFE-0042", "CHAIN LBL" } },
	  { 0x1FE, 0x52 }, { 2, 8 } },
	{ "vfat32-root-beyond", build_fat32_far,
	  { UNKNOWN(0), { 1025, "vfat", "CAFE-0042", "" }, { PRS, "vfat", "CAFE-0042", "BOOT32" } },
	  { 0x1FE, 0x52 }, { 2, 8 } },
	{ "luks1", build_luks1, { UNKNOWN(0), { 1025, "crypto_LUKS", LUKS_UUID, "" } },
	  { 0 }, { 6 } },
	{ "luks2", build_luks2, { UNKNOWN(0), { 1025, "crypto_LUKS", LUKS_UUID, "luks label" } },
	  { 0 }, { 6 } },
	{ "luks2-copy", build_luks2_copy,
	  { UNKNOWN(0), { 0x8200, "crypto_LUKS", LUKS_UUID, "from the copy" } },
	  { 0x8000 }, { 6 } },
};

static const struct stage *stage_for(const struct fs_case *c, size_t len)
{
	const struct stage *s = &c->stages[0];
	size_t i;

	for (i = 1; i < sizeof(c->stages) / sizeof(c->stages[0]) && c->stages[i].type; i++)
		if (c->stages[i].from <= len)
			s = &c->stages[i];
	return s;
}

static int id_matches(int rc, const struct fsid *id, const struct stage *s)
{
	if (!s->type[0])
		return rc == -ENOENT && id_is_empty(id);
	return rc == 0 && !strcmp(id->type, s->type) && !strcmp(id->uuid, s->uuid) &&
	       !strcmp(id->label, s->label);
}

/* Lengths worth trying: every one up to a little past 2 KiB, every one
 * near a stage boundary, a sparse stride elsewhere, and the full buffer.
 * (Every length would copy gigabytes under ASan.) */
static int interesting_len(const struct fs_case *c, size_t len)
{
	size_t i;

	if (len <= 2100 || len % 251 == 0 || len >= PRS - 2)
		return 1;
	for (i = 1; i < sizeof(c->stages) / sizeof(c->stages[0]) && c->stages[i].type; i++)
		if (len + 40 >= c->stages[i].from && len <= c->stages[i].from + 40)
			return 1;
	return 0;
}

static void test_fs_full(void)
{
	char name[96];
	struct fsid id;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(fs_cases) / sizeof(fs_cases[0]); i++) {
		const struct fs_case *c = &fs_cases[i];
		const struct stage *s = stage_for(c, PRS);

		c->build();
		rc = probe_copy(PRS, &id);
		snprintf(name, sizeof(name), "probe/%s-full", c->name);
		CHECK(name, id_matches(rc, &id, s),
		      "rc %d type \"%s\" uuid \"%s\" label \"%s\"; want \"%s\" \"%s\" \"%s\"",
		      rc, id.type, id.uuid, id.label, s->type, s->uuid, s->label);
	}
}

static void test_fs_truncation(void)
{
	char name[96];
	struct fsid id;
	size_t i, len;

	for (i = 0; i < sizeof(fs_cases) / sizeof(fs_cases[0]); i++) {
		const struct fs_case *c = &fs_cases[i];
		size_t bad = 0, first_bad = 0, tried = 0;
		char first_type[sizeof(id.type)] = "";

		c->build();
		for (len = 0; len <= PRS; len++) {
			int rc;

			if (!interesting_len(c, len))
				continue;
			tried++;
			memset(&id, 'x', sizeof(id));
			rc = probe_copy(len, &id);
			if (!id_matches(rc, &id, stage_for(c, len)) && !bad++) {
				first_bad = len;
				memcpy(first_type, id.type, sizeof(first_type) - 1);
			}
		}
		snprintf(name, sizeof(name), "probe/%s-truncated", c->name);
		CHECK(name, bad == 0, "%zu of %zu lengths wrong, first at len %#zx (type \"%.15s\")",
		      bad, tried, first_bad, first_type);
	}
}

static void test_fs_zeroed_magic(void)
{
	char name[96];
	struct fsid id;
	size_t i, k;
	int rc;

	for (i = 0; i < sizeof(fs_cases) / sizeof(fs_cases[0]); i++) {
		const struct fs_case *c = &fs_cases[i];

		c->build();
		for (k = 0; k < 2; k++)
			memset(img + c->zero_off[k], 0, c->zero_len[k]);
		rc = probe_copy(PRS, &id);
		snprintf(name, sizeof(name), "probe/%s-magic-zeroed", c->name);
		CHECK(name, rc == -ENOENT && id_is_empty(&id), "rc %d type \"%s\"", rc, id.type);
	}
}

/* Each prober on its own: exactly one claims each image, so the order of
 * probe.c's table never decides between two of them for these. */
static const struct {
	const char *type;
	probe_fn *fn;
} probers[] = {
	{ "luks", probe_luks }, { "xfs", probe_xfs }, { "btrfs", probe_btrfs },
	{ "f2fs", probe_f2fs }, { "erofs", probe_erofs }, { "ext", probe_ext },
	{ "swap", probe_swap }, { "squashfs", probe_squashfs },
	{ "iso9660", probe_iso9660 }, { "vfat", probe_vfat },
};

static void test_fs_exclusive(void)
{
	char name[96], who[160];
	struct fsid id;
	size_t i, k;

	for (i = 0; i < sizeof(fs_cases) / sizeof(fs_cases[0]); i++) {
		const struct fs_case *c = &fs_cases[i];
		int claims = 0;

		c->build();
		who[0] = '\0';
		for (k = 0; k < sizeof(probers) / sizeof(probers[0]); k++) {
			memset(&id, 0, sizeof(id));
			if (probers[k].fn(img, PRS, &id) == 0) {
				claims++;
				strncat(who, probers[k].type, sizeof(who) - strlen(who) - 2);
				strcat(who, " ");
			}
		}
		snprintf(name, sizeof(name), "probe/%s-one-prober-claims", c->name);
		CHECK(name, claims == 1, "%d probers claim it: %s", claims, who);
	}
}

/* probe_copy then compare, for the one-off cases below. */
static void expect(const char *name, size_t len, const char *type, const char *uuid,
		   const char *label)
{
	struct stage s = { 0, type, uuid, label };
	struct fsid id;
	int rc;

	memset(&id, 'x', sizeof(id));
	rc = probe_copy(len, &id);
	CHECK(name, id_matches(rc, &id, &s),
	      "rc %d type \"%s\" uuid \"%s\" label \"%s\"; want \"%s\" \"%s\" \"%s\"",
	      rc, id.type, id.uuid, id.label, type, uuid, label);
}

static void test_dispatch(void)
{
	build_squashfs();
	expect("probe/device-of-1024-bytes-unknown", 1024, "", "", "");
	expect("probe/device-of-1025-bytes", 1025, "squashfs", "", "");
	/* A LUKS header over an old ext superblock: LUKS, as blkid says. */
	make_ext(J, 0x42, 0, 0);
	luks_hdr(0, "LUKS\xba\xbe", 1);
	expect("probe/luks-wins-over-ext", IMG_LEN, "crypto_LUKS", LUKS_UUID, "");
}

/* xfs: every check of the geometry matters. */
static void test_xfs(void)
{
	static const struct {
		const char *name;
		size_t off, n;
		uint64_t v;
	} breaks[] = {
		{ "probe/xfs-agcount-0", 0x58, 4, 0 },
		{ "probe/xfs-sectsize-not-log", 0x66, 2, 1024 },
		{ "probe/xfs-sectsize-huge", 0x66, 2, 65535 },
		{ "probe/xfs-blocksize-not-log", 0x04, 4, 8192 },
		{ "probe/xfs-inodesize-4096", 0x68, 2, 4096 },
		{ "probe/xfs-inopblog-wrong", 0x7B, 1, 4 },
		{ "probe/xfs-rextsize-0", 0x50, 4, 0 },
		{ "probe/xfs-imax-pct-101", 0x7F, 1, 101 },
		{ "probe/xfs-dblocks-0", 0x08, 8, 0 },
		{ "probe/xfs-dblocks-too-many", 0x08, 8, 76801 },
		{ "probe/xfs-dblocks-too-few", 0x08, 8, 57600 + 63 },
	};
	size_t i;

	for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		build_xfs();
		if (breaks[i].n == 1)
			img[breaks[i].off] = (unsigned char)breaks[i].v;
		else if (breaks[i].n == 2)
			put_be16(img + breaks[i].off, (uint16_t)breaks[i].v);
		else if (breaks[i].n == 4)
			put_be32(img + breaks[i].off, (uint32_t)breaks[i].v);
		else
			put_be64(img + breaks[i].off, breaks[i].v);
		expect(breaks[i].name, PRS, "", "", "");
	}
	build_xfs();
	put_be64(img + 0x08, 57600 + 64);	/* the smallest last group */
	expect("probe/xfs-dblocks-smallest", PRS, "xfs", TEST_UUID, "xfsroot");
	put_str(0x6C, "twelve chars");		/* fills the field: no NUL */
	img[0x78] = 12;
	expect("probe/xfs-label-12", PRS, "xfs", TEST_UUID, "twelve chars");
}

static void test_btrfs(void)
{
	char want[256];

	build_btrfs();
	memset(img + 0x1012B, 'b', 255);
	memset(want, 'b', 255);
	want[255] = '\0';
	expect("probe/btrfs-label-255", PRS, "btrfs", TEST_UUID, want);
	img[0x1012B + 255] = 'b';		/* corrupt: no NUL in 256 bytes */
	expect("probe/btrfs-label-256-cut-to-255", PRS, "btrfs", TEST_UUID, want);
	build_btrfs();
	memset(img + 0x10020, 0, 16);
	expect("probe/btrfs-zero-uuid-none", PRS, "btrfs", "", "btrfs root");
}

static void test_f2fs(void)
{
	static const uint16_t lone[] = { 'a', 0xD800, 'b' };
	static const uint16_t u100[] = { 0x0100, 'x' };
	char want[256];
	size_t i;

	build_f2fs();
	put_le16(img + 0x406, 0);
	expect("probe/f2fs-version-1.0-type-only", PRS, "f2fs", "", "");

	/* 512 units of é (2 UTF-8 bytes each): cut whole at 254 bytes. */
	build_f2fs();
	for (i = 0; i < 512; i++)
		put_le16(img + 0x47C + 2 * i, 0xE9);
	for (i = 0; i < 254; i += 2) {
		want[i] = '\xc3';
		want[i + 1] = '\xa9';
	}
	want[254] = '\0';
	expect("probe/f2fs-long-label-cut-at-character", PRS, "f2fs", TEST_UUID, want);

	/* 512 ASCII units: cut at 255 bytes, the NUL in the last one. */
	build_f2fs();
	for (i = 0; i < 512; i++)
		put_le16(img + 0x47C + 2 * i, 'A');
	memset(want, 'A', 255);
	want[255] = '\0';
	expect("probe/f2fs-long-ascii-label-cut-at-255", PRS, "f2fs", TEST_UUID, want);

	build_f2fs();
	memset(img + 0x47C, 0, 32);
	put_utf16(0x47C, lone, 3, 0);
	expect("probe/f2fs-lone-surrogate-as-blkid", PRS, "f2fs", TEST_UUID, "a\xed\xa0\x80" "b");
	memset(img + 0x47C, 0, 32);
	put_utf16(0x47C, u100, 2, 0);
	expect("probe/f2fs-label-low-byte-0-none", PRS, "f2fs", TEST_UUID, "");
	memset(img + 0x47C, 0, 32);
	put_ascii16(0x47C, "  pad  \t", 0);
	expect("probe/f2fs-label-trailing-space", PRS, "f2fs", TEST_UUID, "  pad");
}

static void test_swap(void)
{
	build_swap();
	memset(img + 0xFF6, 0, 10);
	put_str(0xFFF6, "SWAPSPACE2");
	expect("probe/swap-64k-pages", PRS, "swap", TEST_UUID, "swap");
	expect("probe/swap-64k-pages-cut", 0xFFFF, "", "", "");
	build_swap();
	put_str(0xFF6, "SWAP-SPACE");
	expect("probe/swap-v0-no-uuid", PRS, "swap", "", "");
	build_swap();
	put_str(0x1FF6, "SWAP-SPACE");		/* the 4 KiB page's decides */
	put_le32(img + 0x400, 2);
	expect("probe/swap-bad-version", PRS, "", "", "");
	build_swap();
	put_le32(img + 0x400, 0x01000000);
	expect("probe/swap-big-endian-version", PRS, "swap", TEST_UUID, "swap");
	build_swap();
	put_le32(img + 0x404, 0);
	expect("probe/swap-no-pages", PRS, "", "", "");
	build_swap();
	img[0x4B0] = 1;				/* padding[33] */
	expect("probe/swap-garbage-no-uuid-label", PRS, "swap", "", "");
	build_swap();
	memcpy(img, "\xed\xc3\x02\xe9\x98\x56\xe5\x0c", 8);
	expect("probe/swap-tuxonice-not-swap", PRS, "", "", "");
	build_swap();
	memset(img + 0xFF6, 0, 10);
	put_str(0x1FF6, "SWAPSPACE2");
	expect("probe/swap-8k-pages", PRS, "swap", TEST_UUID, "swap");
}

static void test_luks(void)
{
	build_luks2();
	put_be16(img + 6, 3);
	expect("probe/luks-version-3-no-uuid", PRS, "crypto_LUKS", "", "");
	build_luks1();
	put_str(0x18, "not a label");
	expect("probe/luks1-has-no-label", PRS, "crypto_LUKS", LUKS_UUID, "");
	memset(img + 0xA8, 'A', 40);
	expect("probe/luks-uuid-40-cut-to-39", PRS, "crypto_LUKS",
	       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "");
	memset(img + 0xA8, 0, 40);
	put_str(0xA8, "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9");
	expect("probe/luks-uuid-as-stored", PRS, "crypto_LUKS",
	       "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9", "");
	build_luks2_copy();
	memset(img + 0x8000, 0, 6);
	luks_hdr(0x10000, "SKUL\xba\xbe", 2);
	expect("probe/luks2-copy-at-64k", PRS, "crypto_LUKS", LUKS_UUID, "");
	memset(img + 0x10000, 0, 6);
	memcpy(img + 0x4000, "LUKS\xba\xbe", 6);	/* not a copy's magic */
	expect("probe/luks2-primary-magic-at-16k-unknown", PRS, "", "", "");
}

static void test_iso(void)
{
	static const uint16_t grusse[] = { 'G', 'r', 0xFC, 0xDF, 'e' };

	build_iso();
	memset(img + ISO_PVD + 830, '0', 16);	/* modified unset: created */
	put_str(ISO_PVD + 813, "1999123123595999");
	expect("probe/iso-created-date", PRS, "iso9660", "1999-12-31-23-59-59-99", ISO_MERGED);
	build_iso();
	memset(img + ISO_PVD + 830, 0, 17);	/* NUL bytes: no UUID at all */
	expect("probe/iso-nul-date-no-uuid", PRS, "iso9660", "", ISO_MERGED);
	build_iso();
	memset(img + ISO_PVD + 813, '0', 16);
	memset(img + ISO_PVD + 830, '0', 16);
	img[ISO_PVD + 813 + 16] = 0;
	expect("probe/iso-no-dates", PRS, "iso9660", "", ISO_MERGED);

	build_iso();
	put_str(ISO_SVD + 88, "%/X");		/* not Joliet: the PVD label */
	expect("probe/iso-not-joliet", PRS, "iso9660", ISO_UUID, ISO_PVD_LABEL);
	build_iso();
	memset(img + ISO_SVD + 40, 0, 32);
	put_ascii16(ISO_SVD + 40, "Something else", 1);
	expect("probe/iso-joliet-disagrees", PRS, "iso9660", ISO_UUID, "Something else");
	build_iso();
	memset(img + ISO_PVD + 40, ' ', 32);
	put_str(ISO_PVD + 40, "GR__E");		/* '_' where ASCII cannot */
	memset(img + ISO_SVD + 40, 0, 32);
	put_utf16(ISO_SVD + 40, grusse, 5, 1);
	expect("probe/iso-joliet-non-ascii", PRS, "iso9660", ISO_UUID, "Gr\xc3\xbc\xc3\x9f" "e");
	build_iso();
	memset(img + ISO_PVD + 40, ' ', 32);
	put_str(ISO_PVD + 40, "lower Case");	/* not d-characters, but seen */
	memset(img + ISO_SVD + 40, 0, 32);
	put_ascii16(ISO_SVD + 40, "LOWER case      ", 1);	/* Joliet pads with spaces */
	expect("probe/iso-merge-case", PRS, "iso9660", ISO_UUID, "lower case");
	build_iso();
	img[ISO_PVD] = 255;			/* terminator first: no PVD */
	expect("probe/iso-no-primary", PRS, "", "", "");
	build_iso();
	img[ISO_PVD] = 0;			/* a boot record, then... */
	iso_vd(0x9000, 1);			/* the PVD third */
	memcpy(img + 0x9000 + 40, "THIRD", 5);
	expect("probe/iso-primary-later", PRS, "iso9660", "", "My disc label th");

	memset(img, 0, sizeof(img));		/* High Sierra */
	put_str(0x8009, "CDROM");
	put_str(0x8030, "HSFS DISC");
	expect("probe/iso-high-sierra", PRS, "iso9660", "", "HSFS DISC");
}

static void test_vfat(void)
{
	build_fat12();
	memset(img + 0x36, 0, 8);		/* no FAT type: 55 AA does */
	expect("probe/vfat-weak-signature", PRS, "vfat", "1234-ABCD", "ROOT LBL");
	img[0x1FF] = 0;
	expect("probe/vfat-weak-without-55aa", PRS, "", "", "");
	build_fat12();
	memcpy(img + 0x36, "JFS     ", 8);
	img[0x52] = 0;
	expect("probe/vfat-jfs-pseudo-sector", PRS, "", "", "");
	build_fat12();
	img[0x15] = 0xF1;
	expect("probe/vfat-bad-media", PRS, "", "", "");
	build_fat12();
	put_le16(img + 0x0B, 256);
	expect("probe/vfat-sector-256", PRS, "", "", "");
	build_fat12();
	img[0x10] = 0;
	expect("probe/vfat-no-fats", PRS, "", "", "");
	build_fat12();
	img[0x0D] = 3;
	expect("probe/vfat-cluster-not-pow2", PRS, "", "", "");
	build_fat12();
	put_le16(img + 0x13, 0);
	put_le32(img + 0x20, 0x100000);		/* too many clusters for FAT16 */
	expect("probe/vfat-too-many-clusters", PRS, "", "", "");

	build_fat12();
	memcpy(img, "\xeb\x52\x90-FVE-FS-", 11);
	expect("probe/vfat-bitlocker-vista", PRS, "", "", "");
	build_fat12();
	memcpy(img, "\xeb\x58\x90MSWIN4.1", 11);
	put_le64(img + 440, 0x3000);
	put_str(0x3000, "-FVE-FS-");
	expect("probe/vfat-bitlocker-to-go", PRS, "", "", "");
	put_le64(img + 440, 0x100000);	/* metadata unseen: vfat */
	expect("probe/vfat-bitlocker-to-go-beyond", PRS, "vfat", "1234-ABCD", "ROOT LBL");

	build_fat12();
	img[FAT12_ROOT] = 0x05;			/* stands for 0xE5 */
	expect("probe/vfat-label-kanji-e5", PRS, "vfat", "1234-ABCD", "\xe5OOT LBL");
	build_fat12();
	fat_dirent(FAT12_ROOT, "\xe5OOT LBL   ", 0x08, 0);	/* deleted */
	fat_dirent(FAT12_ROOT + 64, "LATER      ", 0x08, 0);
	expect("probe/vfat-deleted-label-skipped", PRS, "vfat", "1234-ABCD", "LATER");
	build_fat12();
	fat_dirent(FAT12_ROOT, "LFN SLOT   ", 0x0F, 0);
	fat_dirent(FAT12_ROOT + 64, "LATER      ", 0x08, 0);
	expect("probe/vfat-long-name-skipped", PRS, "vfat", "1234-ABCD", "LATER");
	build_fat12();
	img[FAT12_ROOT] = 0;			/* end of directory first */
	fat_dirent(FAT12_ROOT + 64, "LATER      ", 0x08, 0);
	expect("probe/vfat-end-marker-stops", PRS, "vfat", "1234-ABCD", "");
	build_fat12();
	put_le32(img + 0x27, 0);
	expect("probe/vfat-zero-serial-none", PRS, "vfat", "", "ROOT LBL");
	build_fat12();
	img[0x26] = 0x27;			/* no extended BPB: no serial */
	expect("probe/vfat-no-ebpb-no-serial", PRS, "vfat", "", "ROOT LBL");

	build_fat16_far();
	img[0x26] = 0x28;			/* serial, but no label field */
	expect("probe/vfat16-ebpb-28-no-boot-label", PRS, "vfat", "1234-ABCD", "");
	build_fat16_far();
	memcpy(img + 0x2B, "NO NAME    ", 11);
	expect("probe/vfat16-no-name-is-none", PRS, "vfat", "1234-ABCD", "");

	build_fat32_far();
	put_str(0x200, "XXXX");
	expect("probe/vfat32-bad-fsinfo", PRS, "", "", "");
	build_fat32_far();
	memset(img + 0x200, 0, 512);		/* blank FSInfo is allowed */
	expect("probe/vfat32-blank-fsinfo", PRS, "vfat", "CAFE-0042", "BOOT32");
	build_fat32_far();
	put_le16(img + 0x30, 200);		/* FSInfo past the buffer */
	expect("probe/vfat32-fsinfo-unseen", PRS, "vfat", "CAFE-0042", "BOOT32");
	expect("probe/vfat32-fsinfo-past-device", 60000, "", "", "");
	build_fat32_chain();
	put_le32(img + 0x4000 + 3 * 4, 3);	/* a loop in the chain */
	fat_dirent(FAT32_CL3, "FILE    TXT", 0x20, 9);
	expect("probe/vfat32-chain-loop-ends", PRS, "vfat", "CAFE-0042", "");
}

/* Mutated images of every kind, at random lengths: whatever the bytes, the
 * answer is unknown and empty, or a sane fsid. */
static int fsid_sane_any(const struct fsid *id)
{
	size_t l = strnlen(id->label, sizeof(id->label));

	return id->type[0] && memchr(id->type, 0, sizeof(id->type)) &&
	       strnlen(id->uuid, sizeof(id->uuid)) < sizeof(id->uuid) &&
	       l < sizeof(id->label) && (l == 0 || id->label[l - 1] != ' ');
}

static void test_fs_fuzz(void)
{
	char name[96];
	struct fsid id;
	size_t i, iter, k;

	for (i = 0; i < sizeof(fs_cases) / sizeof(fs_cases[0]); i++) {
		const struct fs_case *c = &fs_cases[i];
		size_t bad = 0, hot = 0x1000, s;

		/* Mutate the bytes the prober reads: up to its last stage. */
		for (s = 1; s < sizeof(c->stages) / sizeof(c->stages[0]) && c->stages[s].type; s++)
			if (c->stages[s].from + 0x200 > hot)
				hot = c->stages[s].from + 0x200;
		if (hot > PRS)
			hot = PRS;

		for (iter = 0; iter < 1500; iter++) {
			size_t len = iter % 2 ? PRS : xorshift() % (PRS + 1);
			int rc;

			c->build();
			for (k = 0; k < 1 + xorshift() % 24; k++)
				img[xorshift() % hot] = (unsigned char)xorshift();
			if (iter % 3 == 0)	/* small numbers make chains and offsets land */
				img[xorshift() % hot] = (unsigned char)(xorshift() % 8);
			rc = probe_copy(len, &id);
			if (rc == 0 ? !fsid_sane_any(&id) : (rc != -ENOENT || !id_is_empty(&id)))
				bad++;
		}
		snprintf(name, sizeof(name), "probe/%s-fuzz-sane-answers", c->name);
		CHECK(name, bad == 0, "%zu of 1500 answers malformed", bad);
	}
}

int main(void)
{
	test_empty_buffers();
	test_magic();
	test_types();
	test_labels();
	test_truncation();
	test_fuzz();
	test_fs_full();
	test_fs_truncation();
	test_fs_zeroed_magic();
	test_fs_exclusive();
	test_dispatch();
	test_xfs();
	test_btrfs();
	test_f2fs();
	test_swap();
	test_luks();
	test_iso();
	test_vfat();
	test_fs_fuzz();
	test_uuid_format();
	test_uuid_equal();
	return CHECK_EXIT();
}
