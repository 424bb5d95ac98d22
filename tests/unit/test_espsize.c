/* test_espsize.c: tools/mkdisk's pure parts: the FAT geometry against
 * numbers mkfs.fat 4.2 printed (mkfs.vfat -v -a -S -s -F -R -f 2 -r), the
 * directory entries mtools writes for a name, the manifest reader, the ESP
 * solver's promises, and the GPT builder (CRC32, GUID byte order, headers,
 * refusals). The sweep against the real mkfs.vfat + mcopy is
 * tests/unit/t-espsize.sh. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "espsize.h"
#include "gpt.h"

/* -- geometry ------------------------------------------------------------ */
struct gcase {
	const char *name;
	uint64_t sectors;
	uint32_t ss, spc, bits, reserved, root_entries;
	int ret;		/* 0, -ERANGE, -EINVAL */
	uint32_t fat;		/* mkfs.fat's "FAT size is N sectors" */
	uint64_t clusters;	/* "and provides N clusters" */
};

static const struct gcase gcases[] = {
	{ "fat12-512-spc2", 2105, 512, 2, 12, 1, 16, 0, 4, 1047 },
	{ "fat12-512-near-max", 4100, 512, 1, 12, 1, 16, 0, 12, 4074 },
	{ "fat16-512", 6202, 512, 1, 16, 1, 16, 0, 25, 6150 },
	{ "fat32-512", 83333, 512, 1, 32, 32, 0, 0, 641, 82019 },
	{ "fat32-512-spc8", 1000000, 512, 8, 32, 32, 0, 0, 975, 124752 },
	{ "fat32-512-min", 73636, 512, 1, 32, 32, 0, 0, 567, 72470 },
	{ "fat12-4096", 624, 4096, 1, 12, 1, 128, 0, 1, 620 },
	{ "fat16-4096", 6162, 4096, 1, 16, 1, 128, 0, 4, 6152 },
	/* mkfs.fat makes this FAT32 when told -F 32, warning; EDK2 would
	 * take it for FAT16: never chosen. */
	{ "fat32-4096-too-few", 70000, 4096, 8, 32, 32, 0, -ERANGE, 9, 8743 },
	/* ~74000 clusters: more than FAT16 holds; mkfs.fat refuses. */
	{ "fat16-too-many", 300000, 512, 4, 16, 1, 512, -ERANGE, 0, 0 },
	{ "fat16-too-few", 3000, 512, 1, 16, 1, 16, -ERANGE, 0, 0 },
	{ "too-small", 20, 512, 1, 12, 1, 16, -EINVAL, 0, 0 },
	{ "bad-spc", 10000, 512, 3, 16, 1, 16, -EINVAL, 0, 0 },
	{ "fat32-one-reserved", 100000, 512, 1, 32, 1, 0, -EINVAL, 0, 0 },
};

static void test_geometry(void)
{
	size_t i;
	char n[96];

	for (i = 0; i < sizeof(gcases) / sizeof(gcases[0]); i++) {
		const struct gcase *c = &gcases[i];
		struct fat_geom g = { .ss = c->ss, .spc = c->spc, .bits = c->bits, .reserved = c->reserved,
				      .root_entries = c->root_entries, .sectors = c->sectors };
		int r = fat_geom_eval(&g);

		snprintf(n, sizeof(n), "geometry/%s/ret", c->name);
		CHECK_INT(n, r, c->ret);
		if (c->fat) {
			snprintf(n, sizeof(n), "geometry/%s/fat", c->name);
			CHECK_INT(n, g.fat_sectors, c->fat);
			snprintf(n, sizeof(n), "geometry/%s/clusters", c->name);
			CHECK_INT(n, g.clusters, c->clusters);
		}
	}
}

/* -- names --------------------------------------------------------------- */
struct ncase {
	const char *name;
	uint32_t entries;	/* as mtools 4.0.32 wrote them (counted in the image) */
};

static const struct ncase ncases[] = {
	{ "vmlinuz", 1 }, { "BOOTX64.EFI", 1 }, { "abc.EFI", 1 }, { "a~1", 1 }, { "A_B-C.T$T", 1 },
	{ "Mixed.conf", 2 }, { "aBc.efi", 2 }, { "a.b.c", 2 }, { "sp ace", 2 }, { "x+y", 2 },
	{ ".hidden", 2 }, { "ABCDEFGHI", 2 }, { "abcdefgh.ijkl", 2 }, { "abcdefghijklm", 2 },
	{ "abcdefghijklmn", 3 }, { "nnnnnnnnnnnnnnnnnnnnnnnnnn", 3 }, { "nnnnnnnnnnnnnnnnnnnnnnnnnnn", 4 },
};

static void test_names(void)
{
	size_t i;
	char n[96];

	for (i = 0; i < sizeof(ncases) / sizeof(ncases[0]); i++) {
		snprintf(n, sizeof(n), "name/%s", ncases[i].name);
		CHECK_INT(n, fat_name_entries(ncases[i].name, strlen(ncases[i].name)), ncases[i].entries);
	}
}

/* -- the manifest ---------------------------------------------------------- */
struct mcase {
	const char *name, *text;
	int ret;
	size_t nfiles, ndirs;
	uint32_t root_entries;
	uint64_t sum;		/* of file sizes */
	uint64_t dir_entry_sum;	/* of the subdirectories' entries */
	const char *err;	/* a piece of the error */
};

static const struct mcase mcases[] = {
	{ "one-file", "100 vmlinuz\n", 0, 1, 0, 1, 100, 0, NULL },
	{ "implied-dirs", "10 EFI/BOOT/BOOTX64.EFI\n20 loader/entries/baton.conf\n", 0, 2, 4, 2, 30,
	  /* EFI: . .. BOOT; BOOT: . .. file; loader: . .. entries; entries: . .. baton.conf (2) */
	  3 + 3 + 3 + 4, NULL },
	{ "explicit-dir-and-comment", "# c\n\n0 empty/\n0 empty/\n5 Long Name.txt", 0, 1, 1, 1 + 2, 5, 2, NULL },
	{ "no-newline-at-end", "7 a", 0, 1, 0, 1, 7, 0, NULL },
	{ "dup-case", "1 a/B\n2 A/b\n", -EINVAL, 0, 0, 0, 0, 0, "named again" },
	{ "file-and-dir", "1 a\n2 a/b\n", -EINVAL, 0, 0, 0, 0, 0, "named again" },
	{ "leading-slash", "1 /a\n", -EINVAL, 0, 0, 0, 0, 0, "relative" },
	{ "dotdot", "1 a/../b\n", -EINVAL, 0, 0, 0, 0, 0, "\"..\"" },
	{ "empty-component", "1 a//b\n", -EINVAL, 0, 0, 0, 0, 0, "empty" },
	{ "bad-char", "1 a:b\n", -EINVAL, 0, 0, 0, 0, 0, "character" },
	{ "no-size", "vmlinuz\n", -EINVAL, 0, 0, 0, 0, 0, "no size" },
	{ "two-spaces", "1  a\n", -EINVAL, 0, 0, 0, 0, 0, "starts with a space" },
	{ "huge", "99999999999999999999 a\n", -EINVAL, 0, 0, 0, 0, 0, "4 TiB" },
	{ "dir-with-size", "5 d/\n", -EINVAL, 0, 0, 0, 0, 0, "size 0" },
	{ "trailing-dot", "1 a.\n", -EINVAL, 0, 0, 0, 0, 0, "ends in" },
	{ "line-number", "1 a\n2 b\n3 c*\n", -EINVAL, 0, 0, 0, 0, 0, "line 3:" },
};

static void test_manifest(void)
{
	size_t i, k;
	char n[96], err[256];

	for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		const struct mcase *c = &mcases[i];
		struct esp_payload p;
		uint64_t sum = 0, dsum = 0;
		int r = esp_manifest_parse(c->text, strlen(c->text), &p, err, sizeof(err));

		snprintf(n, sizeof(n), "manifest/%s/ret", c->name);
		CHECK(n, r == c->ret, "got %d (%s), want %d", r, err, c->ret);
		if (c->err) {
			snprintf(n, sizeof(n), "manifest/%s/error", c->name);
			CHECK(n, strstr(err, c->err) != NULL, "error \"%s\" lacks \"%s\"", err, c->err);
		}
		if (r)
			continue;
		for (k = 0; k < p.nfiles; k++)
			sum += p.file_sizes[k];
		for (k = 0; k < p.ndirs; k++)
			dsum += p.dir_entries[k];
		snprintf(n, sizeof(n), "manifest/%s/counts", c->name);
		CHECK(n, p.nfiles == c->nfiles && p.ndirs == c->ndirs && p.root_entries == c->root_entries &&
			 sum == c->sum && dsum == c->dir_entry_sum,
		      "files %zu dirs %zu root %u sum %llu dir-entries %llu", p.nfiles, p.ndirs,
		      p.root_entries, (unsigned long long)sum, (unsigned long long)dsum);
		esp_payload_free(&p);
	}
}

/* -- the solver ------------------------------------------------------------ */
struct scase {
	const char *name, *text;
	uint32_t ss;
	uint64_t free_bytes;
	unsigned types;
	uint32_t want_bits;	/* 0: any */
	uint64_t want_mib;	/* 0: not fixed */
};

static const struct scase scases[] = {
	{ "small-512", "100000 EFI/BOOT/BOOTX64.EFI\n7000000 baton/linux\n30000000 baton/initrd\n", 512, 0,
	  ESP_FAT_ANY, 32, 36 },
	{ "small-4096", "100000 EFI/BOOT/BOOTX64.EFI\n7000000 baton/linux\n30000000 baton/initrd\n", 4096, 0,
	  ESP_FAT_ANY, 16, 36 },
	/* FAT16 with 16 KiB clusters is smaller than FAT32 here */
	{ "initrd-800M", "838860800 baton/initrd\n8000000 baton/linux\n120000 EFI/BOOT/BOOTX64.EFI\n", 512, 0,
	  ESP_FAT_ANY, 16, 808 },
	{ "initrd-800M-fat32", "838860800 baton/initrd\n8000000 baton/linux\n120000 EFI/BOOT/BOOTX64.EFI\n", 512, 0,
	  ESP_FAT32, 32, 0 },
	{ "only-fat32-4096", "1000 a\n", 4096, 0, ESP_FAT32, 32, 0 },
	{ "tiny", "1 a\n", 512, 0, ESP_FAT_ANY, 12, 1 },
	{ "free-space", "1000000 a\n", 512, 50u << 20, ESP_FAT_ANY, 0, 0 },
};

static void test_solver(void)
{
	size_t i;
	char n[96], err[256];

	for (i = 0; i < sizeof(scases) / sizeof(scases[0]); i++) {
		const struct scase *c = &scases[i];
		struct esp_payload p;
		struct esp_choice ch;
		struct fat_geom less;
		int r;

		if (esp_manifest_parse(c->text, strlen(c->text), &p, err, sizeof(err))) {
			snprintf(n, sizeof(n), "solve/%s/manifest", c->name);
			CHECK(n, 0, "%s", err);
			continue;
		}
		r = esp_solve(&p, c->ss, c->free_bytes, c->types, 1u << 20, &ch);
		snprintf(n, sizeof(n), "solve/%s/ret", c->name);
		CHECK_INT(n, r, 0);
		if (r) {
			esp_payload_free(&p);
			continue;
		}
		snprintf(n, sizeof(n), "solve/%s/fits", c->name);
		CHECK(n, esp_fits(&p, &ch.part, c->free_bytes) && esp_fits(&p, &ch.min, c->free_bytes) &&
			 fat_geom_eval(&ch.part) == 0,
		      "the chosen filesystem does not hold the payload");
		snprintf(n, sizeof(n), "solve/%s/whole-mib", c->name);
		CHECK(n, (ch.part.sectors * c->ss) % (1u << 20) == 0, "%llu sectors",
		      (unsigned long long)ch.part.sectors);
		/* One cluster less of the same type and cluster size: no room. */
		less = ch.min;
		less.sectors -= less.spc;
		snprintf(n, sizeof(n), "solve/%s/minimal", c->name);
		CHECK(n, ch.bound != ESP_BOUND_PAYLOAD || fat_geom_eval(&less) != 0 ||
			 !esp_fits(&p, &less, c->free_bytes),
		      "%llu sectors hold it too", (unsigned long long)less.sectors);
		if (c->want_bits) {
			snprintf(n, sizeof(n), "solve/%s/bits", c->name);
			CHECK_INT(n, ch.part.bits, c->want_bits);
		}
		if (c->want_mib) {
			snprintf(n, sizeof(n), "solve/%s/mib", c->name);
			CHECK_INT(n, ch.part.sectors * c->ss >> 20, c->want_mib);
		}
		esp_payload_free(&p);
	}
}

/* The size never shrinks as the payload grows (the fixed point and the
 * MiB rounding must not wobble). */
static void test_solver_monotone(void)
{
	uint64_t prev = 0, size;
	char text[64];
	int ok = 1;

	for (size = 1; size < (300ull << 20) && ok; size = size * 3 / 2 + 4093) {
		struct esp_payload p;
		struct esp_choice ch;
		char err[128];

		snprintf(text, sizeof(text), "%llu f\n", (unsigned long long)size);
		if (esp_manifest_parse(text, strlen(text), &p, err, sizeof(err)) ||
		    esp_solve(&p, 512, 0, ESP_FAT_ANY, 1u << 20, &ch)) {
			ok = 0;
			break;
		}
		if (ch.part.sectors < prev)
			ok = 0;
		prev = ch.part.sectors;
		esp_payload_free(&p);
	}
	CHECK("solve/monotone", ok, "the ESP shrank at a payload of %llu bytes", (unsigned long long)size);
}

/* -- GPT ------------------------------------------------------------------- */
static void test_gpt(void)
{
	static const uint8_t esp_type[16] = { 0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
					      0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b };
	uint8_t g[16], *head, *tail;
	struct gpt_disk d;
	uint32_t crc;
	int r;

	CHECK("gpt/crc32", gpt_crc32((const uint8_t *)"123456789", 9) == 0xcbf43926u, "got %08x",
	      gpt_crc32((const uint8_t *)"123456789", 9));
	r = gpt_guid_parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", g);
	CHECK("gpt/guid-byte-order", r == 0 && memcmp(g, esp_type, 16) == 0, "the ESP type's on-disk bytes differ");
	CHECK("gpt/guid-bad", gpt_guid_parse("c12a7328-f81f-11d2-ba4b-00a0c93ec93", g) != 0 &&
				      gpt_guid_parse("c12a7328xf81f-11d2-ba4b-00a0c93ec93b", g) != 0,
	      "a malformed GUID was taken");

	memset(&d, 0, sizeof(d));
	d.ss = 4096;
	d.sectors = 8192;
	CHECK("gpt/part-parse", gpt_part_parse("256,2303,c12a7328-f81f-11d2-ba4b-00a0c93ec93b,"
					       "01234567-89ab-4def-8123-456789abcdef,esp,60", &d.part[0]) == 0 &&
					d.part[0].attrs == 1ull << 60 && strcmp(d.part[0].name, "esp") == 0,
	      "a good partition was refused");
	CHECK("gpt/part-parse-bad", gpt_part_parse("256,2303,c12a7328-f81f-11d2-ba4b-00a0c93ec93b", &d.part[1]) != 0 &&
					    gpt_part_parse("256,2303,c12a7328-f81f-11d2-ba4b-00a0c93ec93b,"
							   "01234567-89ab-4def-8123-456789abcdef,x,64", &d.part[1]) != 0,
	      "a bad partition was taken");
	d.nparts = 1;
	head = calloc(1, gpt_head_size(d.ss));
	tail = calloc(1, gpt_tail_size(d.ss));
	if (!head || !tail)
		return;
	r = gpt_build(&d, head, tail);
	CHECK_INT("gpt/build", r, 0);
	CHECK("gpt/header-at-lba1", memcmp(head + 4096, "EFI PART", 8) == 0 && head[510] == 0x55 && head[450] == 0xee,
	      "no protective MBR and header at 4096");
	memcpy(&crc, head + 4096 + 16, 4);
	memset(head + 4096 + 16, 0, 4);
	CHECK("gpt/header-crc", gpt_crc32(head + 4096, 92) == crc, "the header CRC does not match");
	CHECK("gpt/backup", memcmp(tail + 16384, "EFI PART", 8) == 0 && memcmp(tail, head + 8192, 16384) == 0,
	      "the backup entries or header differ");
	d.part[1] = d.part[0];
	d.nparts = 2;
	CHECK_INT("gpt/overlap", gpt_build(&d, head, tail), -EINVAL);
	d.nparts = 1;
	d.part[0].last_lba = 8192 - 5;
	CHECK_INT("gpt/past-usable", gpt_build(&d, head, tail), -EINVAL);
	free(head);
	free(tail);
}

int main(void)
{
	test_geometry();
	test_names();
	test_manifest();
	test_solver();
	test_solver_monotone();
	test_gpt();
	return CHECK_EXIT();
}
