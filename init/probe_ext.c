/* probe_ext.c: recognises the ext2/ext3/ext4 superblock and names the type
 * the way libblkid does (the reference the tests compare with), so baton's
 * TYPE, UUID and LABEL agree with blkid, udev and fstab habits:
 *   jbd      an external journal device (incompat JOURNAL_DEV); not mountable,
 *            but naming it keeps it from passing as ext2 and matches blkid
 *   ext4dev  the "test_fs" flag with ext4 features (see ext_type)
 *   ext4     any feature ext3 does not know (extents, 64bit, flex_bg,
 *            huge_file, gdt_csum, dir_nlink, extra_isize, metadata_csum...)
 *   ext3     a journal and only ext3 features
 *   ext2     no journal and only ext2 features
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

/* The primary superblock sits at byte 1024 whatever the block size. */
#define SB_OFF		0x400
#define SB_SIZE		0x400

/* Field offsets inside the superblock (struct ext2_super_block). */
#define SB_MAGIC	0x38	/* le16 0xEF53 */
#define SB_COMPAT	0x5C
#define SB_INCOMPAT	0x60
#define SB_RO_COMPAT	0x64
#define SB_UUID		0x68	/* 16 bytes */
#define SB_LABEL	0x78	/* 16 bytes, NUL-terminated only if shorter */
#define SB_FLAGS	0x160

#define EXT_MAGIC	0xEF53

/* Every read below is of a constant field inside the superblock, so the one
 * probe_span check in probe_ext covers them all; these prove it. */
_Static_assert(SB_LABEL + 16 <= SB_SIZE, "label inside superblock");
_Static_assert(SB_FLAGS + 4 <= SB_SIZE, "flags inside superblock");

#define COMPAT_HAS_JOURNAL	0x0004
#define INCOMPAT_FILETYPE	0x0002
#define INCOMPAT_RECOVER	0x0004
#define INCOMPAT_JOURNAL_DEV	0x0008
#define INCOMPAT_META_BG	0x0010
#define RO_COMPAT_SPARSE_SUPER	0x0001
#define RO_COMPAT_LARGE_FILE	0x0002
#define RO_COMPAT_BTREE_DIR	0x0004
#define FLAGS_TEST_FILESYS	0x0004

/* What ext2 and ext3 know (libblkid's *_SUPP sets). Anything else marks
 * ext4, which also covers ext4 features invented after this was written. */
#define EXT2_INCOMPAT_SUPP	(INCOMPAT_FILETYPE | INCOMPAT_META_BG)
#define EXT3_INCOMPAT_SUPP	(EXT2_INCOMPAT_SUPP | INCOMPAT_RECOVER)
#define EXT23_RO_COMPAT_SUPP	(RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE | \
				 RO_COMPAT_BTREE_DIR)

/* The type by features alone, or NULL when the bits make no sense together
 * (needs_recovery without a journal: libblkid claims it for nothing). */
static const char *ext_base_type(uint32_t compat, uint32_t incompat,
				 uint32_t ro_compat)
{
	if ((incompat & ~EXT3_INCOMPAT_SUPP) || (ro_compat & ~EXT23_RO_COMPAT_SUPP))
		return "ext4";
	if (compat & COMPAT_HAS_JOURNAL)
		return "ext3";
	if (!(incompat & ~EXT2_INCOMPAT_SUPP))
		return "ext2";
	return NULL;
}

/* libblkid runs a separate ext4dev prober that claims every non-journal
 * superblock with the test_fs flag, and ext4's prober steps aside for it.
 * With ext4 features that leaves ext4dev alone; with ext2/ext3 features the
 * ext2/ext3 prober claims it as well and blkid answers nothing ("ambivalent
 * result"), so neither do we. */
static const char *ext_type(const unsigned char *sb)
{
	uint32_t incompat = probe_le32(sb + SB_INCOMPAT);
	const char *base;

	if (incompat & INCOMPAT_JOURNAL_DEV)
		return "jbd";
	base = ext_base_type(probe_le32(sb + SB_COMPAT), incompat,
			     probe_le32(sb + SB_RO_COMPAT));
	if (!(probe_le32(sb + SB_FLAGS) & FLAGS_TEST_FILESYS))
		return base;
	if (!base || strcmp(base, "ext4") == 0)
		return "ext4dev";
	return NULL;
}

/* Demands the whole 1 KiB superblock, as libblkid does: a device cut short
 * inside it is not a filesystem anyone can mount. */
int probe_ext(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *sb;
	const char *type;

	if (!probe_span(len, SB_OFF, SB_SIZE))
		return -ENOENT;
	sb = buf + SB_OFF;
	if (probe_le16(sb + SB_MAGIC) != EXT_MAGIC)
		return -ENOENT;
	type = ext_type(sb);
	if (!type)
		return -ENOENT;
	probe_set_type(id, type);
	probe_set_uuid(id, sb + SB_UUID);
	probe_set_label(id, sb + SB_LABEL, 16);
	return 0;
}
