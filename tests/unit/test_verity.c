/* test_verity.c: the verity superblock reader, table builder, option names
 * and DPS derivations (init/verity.c); the device-mapper request packer
 * (init/dm.c) and loop names (init/loopdev.c). The superblocks are built
 * here field by field as cryptsetup lays them out; t-verity.sh checks the
 * reader against real `veritysetup format` output too. */
#include <errno.h>
#include <linux/dm-ioctl.h>
#include <stdint.h>

#include "check.h"
#include "dm.h"
#include "loopdev.h"
#include "verity.h"

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* A valid superblock: sha256, 4096/4096, 100 blocks, salt 01 02 03. */
static void good_sb(unsigned char *b)
{
	memset(b, 0, VERITY_SB_SIZE);
	memcpy(b, "verity\0\0", 8);
	put32(b + 8, 1);
	put32(b + 12, 1);
	for (int i = 0; i < 16; i++)
		b[16 + i] = (unsigned char)(0xa0 + i);
	strcpy((char *)b + 32, "sha256");
	put32(b + 64, 4096);
	put32(b + 68, 4096);
	put64(b + 72, 100);
	b[80] = 3;
	b[88] = 1;
	b[89] = 2;
	b[90] = 3;
}

enum field { F_NONE, F_MAGIC, F_VERSION, F_TYPE, F_ALG, F_ALGODD, F_DBS, F_HBS, F_BLOCKS,
	     F_BLOCKSBIG, F_SALT, F_SHORT };

static const struct sb_case {
	const char *name;
	enum field spoil;
	int want;
} sb_cases[] = {
	{ "verity-sb-good", F_NONE, 0 },
	{ "verity-sb-bad-magic", F_MAGIC, -EINVAL },
	{ "verity-sb-version-2", F_VERSION, -EINVAL },
	{ "verity-sb-hash-type-2", F_TYPE, -EINVAL },
	{ "verity-sb-alg-unterminated", F_ALG, -EINVAL },
	{ "verity-sb-alg-odd-chars", F_ALGODD, -EINVAL },
	{ "verity-sb-data-bs-3000", F_DBS, -EINVAL },
	{ "verity-sb-hash-bs-256", F_HBS, -EINVAL },
	{ "verity-sb-zero-blocks", F_BLOCKS, -EINVAL },
	{ "verity-sb-huge-blocks", F_BLOCKSBIG, -EINVAL },
	{ "verity-sb-salt-257", F_SALT, -EINVAL },
	{ "verity-sb-short-buffer", F_SHORT, -EINVAL },
};

static void spoil(unsigned char *b, enum field f)
{
	switch (f) {
	case F_MAGIC: b[0] = 'V'; break;
	case F_VERSION: put32(b + 8, 2); break;
	case F_TYPE: put32(b + 12, 2); break;
	case F_ALG: memset(b + 32, 'a', 32); break;
	case F_ALGODD: strcpy((char *)b + 32, "sha 256"); break;
	case F_DBS: put32(b + 64, 3000); break;
	case F_HBS: put32(b + 68, 256); break;
	case F_BLOCKS: put64(b + 72, 0); break;
	case F_BLOCKSBIG: put64(b + 72, UINT64_MAX / 2); break;
	case F_SALT: b[80] = 1; b[81] = 1; break;
	default: break;
	}
}

static void test_sb(void)
{
	for (size_t i = 0; i < sizeof(sb_cases) / sizeof(sb_cases[0]); i++) {
		const struct sb_case *c = &sb_cases[i];
		unsigned char b[VERITY_SB_SIZE];
		struct verity_sb sb;
		const char *why = NULL;
		int r;

		good_sb(b);
		spoil(b, c->spoil);
		r = verity_sb_parse(b, c->spoil == F_SHORT ? 511 : sizeof(b), &sb, &why);
		CHECK(c->name, r == c->want && (r == 0) == (why == NULL),
		      "got %d (%s), want %d", r, why ? why : "no reason", c->want);
	}
}

static void test_sb_fields(void)
{
	unsigned char b[VERITY_SB_SIZE];
	struct verity_sb sb;

	good_sb(b);
	verity_sb_parse(b, sizeof(b), &sb, NULL);
	CHECK_STR("verity-sb-uuid", sb.uuid, "a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf");
	CHECK_STR("verity-sb-alg", sb.algorithm, "sha256");
	CHECK_INT("verity-sb-blocks", sb.data_blocks, 100);
	CHECK_INT("verity-sb-salt-size", sb.salt_size, 3);
	CHECK_INT("verity-sb-salt-byte", sb.salt[2], 3);
}

static const char H64[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

static const struct table_case {
	const char *name;
	unsigned hbs;
	unsigned salt;
	const char *hash, *opts;
	int want;
	const char *line;
	unsigned long long sectors;
} table_cases[] = {
	{ "verity-table-plain", 4096, 3, H64, NULL, 0,
	  "1 254:1 254:2 4096 4096 100 1 sha256 " "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	  " 010203", 800 },
	{ "verity-table-no-salt-opts", 4096, 0, H64, "1 restart_on_corruption", 0,
	  "1 254:1 254:2 4096 4096 100 1 sha256 " "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	  " - 1 restart_on_corruption", 800 },
	{ "verity-table-hash-bs-512", 512, 0, H64, NULL, 0,
	  "1 254:1 254:2 4096 512 100 1 sha256 " "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	  " -", 800 },
	{ "verity-table-upper-case-hash", 4096, 0,
	  "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF", NULL, 0,
	  "1 254:1 254:2 4096 4096 100 1 sha256 " "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	  " -", 800 },
	{ "verity-table-short-hash", 4096, 0, "0011", NULL, -EINVAL, "", 0 },
	{ "verity-table-odd-hash", 4096, 0, "001", NULL, -EINVAL, "", 0 },
	{ "verity-table-nonhex-hash", 4096, 0, "zz", NULL, -EINVAL, "", 0 },
	{ "verity-table-empty-hash", 4096, 0, "", NULL, -EINVAL, "", 0 },
};

static void test_table(void)
{
	for (size_t i = 0; i < sizeof(table_cases) / sizeof(table_cases[0]); i++) {
		const struct table_case *c = &table_cases[i];
		unsigned char b[VERITY_SB_SIZE];
		struct verity_sb sb;
		char out[VERITY_TABLE_MAX];
		unsigned long long sectors = 0;
		const char *why = NULL;
		int r;

		good_sb(b);
		b[80] = (unsigned char)c->salt;
		put32(b + 68, c->hbs);
		verity_sb_parse(b, sizeof(b), &sb, NULL);
		r = verity_table(out, sizeof(out), &sb, "254:1", "254:2", c->hash, c->opts,
				 &sectors, &why);
		if (c->want) {
			CHECK(c->name, r == c->want && why, "got %d, want %d", r, c->want);
			continue;
		}
		CHECK(c->name, r == 0 && strcmp(out, c->line) == 0 && sectors == c->sectors,
		      "got %d \"%s\" %llu sectors (%s)", r, r == 0 ? out : "", sectors,
		      why ? why : "");
	}
}

static void test_table_small(void)
{
	unsigned char b[VERITY_SB_SIZE];
	struct verity_sb sb;
	char out[40];
	unsigned long long s;

	good_sb(b);
	verity_sb_parse(b, sizeof(b), &sb, NULL);
	CHECK_INT("verity-table-too-small", verity_table(out, sizeof(out), &sb, "254:1", "254:2",
							H64, NULL, &s, NULL), -E2BIG);
}

static const struct opt_case {
	const char *name, *list;
	int want;
	const char *out, *bad;
} opt_cases[] = {
	{ "verity-opts-none", "", 0, "", "" },
	{ "verity-opts-null", NULL, 0, "", "" },
	{ "verity-opts-restart", "restart-on-corruption", 0, "1 restart_on_corruption", "" },
	{ "verity-opts-two", "ignore-zero-blocks,panic-on-corruption", 0,
	  "2 panic_on_corruption ignore_zero_blocks", "" },
	{ "verity-opts-repeat", "check-at-most-once,check-at-most-once", 0, "1 check_at_most_once", "" },
	{ "verity-opts-empty-items", ",,ignore-corruption,", 0, "1 ignore_corruption", "" },
	{ "verity-opts-unknown", "ignore-zero-blocks,fec-roots=2", -EINVAL, "", "fec-roots=2" },
	{ "verity-opts-underscore", "restart_on_corruption", -EINVAL, "", "restart_on_corruption" },
	{ "verity-opts-two-modes", "ignore-corruption,panic-on-corruption", -EINVAL, "",
	  "panic-on-corruption" },
};

static void test_opts(void)
{
	for (size_t i = 0; i < sizeof(opt_cases) / sizeof(opt_cases[0]); i++) {
		const struct opt_case *c = &opt_cases[i];
		char out[128], bad[32];
		const char *why = NULL;
		int r = verity_options(c->list, out, sizeof(out), bad, sizeof(bad), &why);

		CHECK(c->name, r == c->want && (r || strcmp(out, c->out) == 0) &&
		      strcmp(bad, c->bad) == 0 && (r == 0 || why),
		      "got %d \"%s\" bad \"%s\"", r, out, bad);
	}
}

static void test_hex_dps(void)
{
	unsigned char h[64];
	char d[37], v[37];

	CHECK_INT("verity-hex-32", verity_hex_decode(H64, h, sizeof(h)), 32);
	CHECK_INT("verity-hex-too-long-for-buf", verity_hex_decode(H64, h, 16), -EINVAL);
	CHECK_INT("verity-digest-sha256", verity_digest_size("sha256"), 32);
	CHECK_INT("verity-digest-unknown", verity_digest_size("md5"), -EINVAL);
	verity_hex_decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", h, 64);
	dps_verity_uuids(h, 32, d, v);
	CHECK_STR("dps-data-uuid-first-128", d, "00010203-0405-0607-0809-0a0b0c0d0e0f");
	CHECK_STR("dps-hash-uuid-last-128", v, "10111213-1415-1617-1819-1a1b1c1d1e1f");
	CHECK_INT("dps-uuids-short-hash", dps_verity_uuids(h, 15, d, v), -EINVAL);
	/* The specification's GUIDs for the architecture this test is built
	 * for (make ilp32-tests builds it for i386). */
#if defined(__x86_64__)
	CHECK_STR("dps-root-type-arch", dps_root_type(), "4f68bce3-e8cd-4db1-96e7-fbcaf984b709");
	CHECK_STR("dps-verity-type-arch", dps_root_verity_type(),
		  "2c7357ed-ebd2-46d9-aec1-23d437ec2bf5");
#elif defined(__i386__)
	CHECK_STR("dps-root-type-arch", dps_root_type(), "44479540-f297-41b2-9af7-d131d5f0458a");
	CHECK_STR("dps-verity-type-arch", dps_root_verity_type(),
		  "d13c5d3b-b5d1-422a-b29f-9454fdc89d76");
#else
	CHECK("dps-root-type-arch", 1, "");
	CHECK("dps-verity-type-arch", 1, "");
#endif
}

static void test_dm_pack(void)
{
	uint64_t buf[128];
	struct dm_target t[2] = {
		{ 0, 800, "verity", "1 254:1 254:2" },
		{ 800, 8, "zero", "" },
	};
	struct dm_ioctl *io = (struct dm_ioctl *)buf;
	struct dm_target_spec *sp;
	int n = dm_pack_table(buf, sizeof(buf), "root", t, 2, DM_RO);

	sp = (struct dm_target_spec *)((char *)buf + sizeof(*io));
	CHECK("dm-pack-size", n > 0 && (unsigned)n == io->data_size && n % 8 == 0,
	      "got %d, data_size %u", n, io->data_size);
	CHECK_INT("dm-pack-count", io->target_count, 2);
	CHECK_INT("dm-pack-ro", io->flags & DM_READONLY_FLAG, DM_READONLY_FLAG);
	CHECK_STR("dm-pack-name", io->name, "root");
	CHECK_INT("dm-pack-version", io->version[0], DM_VERSION_MAJOR);
	CHECK_INT("dm-pack-first-len", sp->length, 800);
	CHECK_STR("dm-pack-first-type", sp->target_type, "verity");
	CHECK_STR("dm-pack-first-params", (char *)(sp + 1), "1 254:1 254:2");
	CHECK_INT("dm-pack-next-aligned", sp->next % 8, 0);
	sp = (struct dm_target_spec *)((char *)sp + sp->next);
	CHECK_INT("dm-pack-second-start", sp->sector_start, 800);
	CHECK_STR("dm-pack-second-type", sp->target_type, "zero");
	CHECK_INT("dm-pack-too-small", dm_pack_table(buf, sizeof(struct dm_ioctl) + 16, "root", t, 2, 0),
		  -E2BIG);
	CHECK_INT("dm-pack-no-targets", dm_pack_table(buf, sizeof(buf), "root", t, 0, 0), -EINVAL);
	t[1].type = "a-target-type-too-long";
	CHECK_INT("dm-pack-long-type", dm_pack_table(buf, sizeof(buf), "root", t, 2, 0), -EINVAL);
	CHECK_INT("dm-pack-empty-name", dm_pack_table(buf, sizeof(buf), "", t, 1, 0), -EINVAL);
}

static void test_loop_names(void)
{
	struct loopdev lo = { .nr = 3, .name = "loop3" };
	char name[32];

	loop_partition_name(&lo, 12, name, sizeof(name));
	CHECK_STR("loop-partition-name", name, "loop3p12");
	CHECK_INT("loop-sector-0", loop_sector_size_ok(0), 1);
	CHECK_INT("loop-sector-4096", loop_sector_size_ok(4096), 1);
	CHECK_INT("loop-sector-1024", loop_sector_size_ok(1024), 1);
	CHECK_INT("loop-sector-8192", loop_sector_size_ok(8192), 0);
	CHECK_INT("loop-sector-3000", loop_sector_size_ok(3000), 0);
	CHECK_INT("loop-sector-256", loop_sector_size_ok(256), 0);
}

int main(void)
{
	test_sb();
	test_sb_fields();
	test_table();
	test_table_small();
	test_opts();
	test_hex_dps();
	test_dm_pack();
	test_loop_names();
	return CHECK_EXIT();
}
