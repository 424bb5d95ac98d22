/* test_probe.c: unit tests of init/probe.c and init/probe_ext.c on synthetic
 * superblocks: the ext type rules, UUID and label extraction, uuid_format and
 * uuid_equal, and that no buffer length or content makes a prober read
 * outside its buffer. Each probe runs on a heap copy of exactly len bytes, so
 * a build with -fsanitize=address,undefined turns any overread into a crash.
 * Real mkfs images are tests/unit/t-probe.sh's job. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "probe.h"

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

static unsigned char img[IMG_LEN];

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

/* probe_fs on an exact-size heap copy of img, so ASan sees any overread. */
static int probe_copy(size_t len, struct fsid *id)
{
	unsigned char *p = malloc(len);
	int rc;

	if (!p && len) {
		perror("malloc");
		exit(2);
	}
	if (len)
		memcpy(p, img, len);
	rc = probe_fs(p, len, id);
	free(p);
	return rc;
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
		rc = probe_copy(sizeof(img), &id);
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
	rc = probe_copy(sizeof(img), &id);
	CHECK("probe/magic-byte-swapped-unknown", rc == -ENOENT && id_is_empty(&id),
	      "rc %d type \"%s\"", rc, id.type);

	make_ext(J, 0x42, 0, 0);
	rc = probe_copy(sizeof(img), &id);
	CHECK_STR("probe/uuid-from-superblock", id.uuid, TEST_UUID);
	CHECK_STR("probe/label-from-superblock", id.label, "rootfs");
	memset(img + SB + 0x68, 0, 16);
	rc = probe_copy(sizeof(img), &id);
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
		probe_copy(sizeof(img), &id);
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
	for (len = 0; len <= sizeof(img); len++) {
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
		size_t len = xorshift() % (sizeof(img) + 1);
		int rc;

		for (i = 0; i < sizeof(img); i++)
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

int main(void)
{
	test_empty_buffers();
	test_magic();
	test_types();
	test_labels();
	test_truncation();
	test_fuzz();
	test_uuid_format();
	test_uuid_equal();
	return CHECK_EXIT();
}
