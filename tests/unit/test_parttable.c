/* test_parttable.c: unit tests of init/parttable.c on synthetic disks built
 * in memory: GPT (512- and 4096-byte sectors) with primary and backup
 * headers, their CRCs and every header field the reader checks, UTF-16 names,
 * MBR primaries and EBR chains (loops included), PARTUUID/PARTNROFF and
 * PARTLABEL matching. The read callback checks every request against the
 * disk's size and PT_READ_MAX, and the disk is a heap block of exactly its
 * size, so a build with -fsanitize=address,undefined catches any overread.
 * Real sgdisk/fdisk/sfdisk images are tests/unit/t-parttable.sh's job. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "parttable.h"

/* ---- the in-memory disk ---------------------------------------------- */

struct mem {
	unsigned char *buf;
	unsigned long long size;	/* bytes the reader is told about */
	unsigned long long alloc;	/* bytes really there */
	unsigned long long reads;
	unsigned long long fail_off;	/* a read covering this offset fails */
	int fail;
};

static struct mem disk;
static unsigned long long bad_reads;	/* requests outside the disk or too long */

static int mem_read(void *ctx, unsigned long long off, void *buf, size_t len)
{
	struct mem *m = ctx;

	m->reads++;
	if (len == 0 || len > PT_READ_MAX || off > m->size || len > m->size - off ||
	    off + len > m->alloc) {
		bad_reads++;
		return -EFAULT;
	}
	if (m->fail && m->fail_off >= off && m->fail_off < off + len)
		return -EIO;
	memcpy(buf, m->buf + off, len);
	return 0;
}

/* A zeroed disk of size bytes (the block is reused when the size repeats:
 * the mutation loop builds thousands). */
static void disk_new(unsigned long long size)
{
	unsigned char *buf = disk.buf;

	if (buf && disk.alloc == size) {
		memset(buf, 0, size);
	} else {
		free(buf);
		buf = calloc(1, size);
		if (!buf) {
			perror("calloc");
			exit(2);
		}
	}
	memset(&disk, 0, sizeof(disk));
	disk.buf = buf;
	disk.size = disk.alloc = size;
}

static struct parttable tab;

static int read_as(unsigned ssz)
{
	return parttable_read(mem_read, &disk, ssz, disk.size, &tab);
}

/* ---- little-endian writers -------------------------------------------- */

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, unsigned long long v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* ---- GPT builder -------------------------------------------------------- */

/* On-disk GUID bytes 00 11 .. ff read as 33221100-5544-7766-8899-aabbccddeeff. */
static const unsigned char guid_bytes[16] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};
#define GUID_TEXT "33221100-5544-7766-8899-aabbccddeeff"
/* Linux filesystem data, 0FC63DAF-8483-4772-8E79-3D69D8477DE4. */
static const unsigned char linux_type[16] = {
	0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
	0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4,
};
#define LINUX_TYPE "0fc63daf-8483-4772-8e79-3d69d8477de4"

struct gpt {
	unsigned ssz;
	unsigned long long nlba;
	uint32_t n_entries;
	unsigned long long elbas;	/* sectors the entry array takes */
};

static struct gpt g;

static unsigned char *lba_ptr(unsigned long long lba)
{
	return disk.buf + lba * g.ssz;
}

static unsigned long long backup_lba(void)
{
	return g.nlba - 1;
}

static unsigned long long backup_entries_lba(void)
{
	return g.nlba - 1 - g.elbas;
}

/* The unique GUID of entry idx: guid_bytes with the last byte = idx. */
static void entry_guid(unsigned char out[16], uint32_t idx)
{
	memcpy(out, guid_bytes, 16);
	out[15] = (unsigned char)idx;
	out[14] = (unsigned char)(idx >> 8);
}

static void expect_uuid(char out[40], uint32_t idx)
{
	snprintf(out, 40, "33221100-5544-7766-8899-aabbccdd%04x", (unsigned)idx & 0xffff);
}

static void pmbr(unsigned char type, uint32_t start)
{
	unsigned char *e = disk.buf + 0x1be;

	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, (uint32_t)(g.nlba - 1));
	disk.buf[510] = 0x55;
	disk.buf[511] = 0xaa;
}

/* Both copies of entry idx. */
static unsigned char *entry(uint32_t idx, int backup)
{
	return lba_ptr(backup ? backup_entries_lba() : 2) + (size_t)idx * 128;
}

static void set_entry(uint32_t idx, unsigned long long start, unsigned long long end,
		      const char *ascii_name)
{
	int b, i;

	for (b = 0; b < 2; b++) {
		unsigned char *e = entry(idx, b);

		memcpy(e, linux_type, 16);
		entry_guid(e + 16, idx);
		put64(e + 0x20, start);
		put64(e + 0x28, end);
		memset(e + 0x38, 0, 72);
		for (i = 0; ascii_name && ascii_name[i] && i < 36; i++)
			put16(e + 0x38 + 2 * i, (unsigned char)ascii_name[i]);
	}
}

static void set_name16(uint32_t idx, const uint16_t *units, size_t n)
{
	int b;
	size_t i;

	for (b = 0; b < 2; b++) {
		unsigned char *e = entry(idx, b);

		memset(e + 0x38, 0, 72);
		for (i = 0; i < n && i < 36; i++)
			put16(e + 0x38 + 2 * i, units[i]);
	}
}

static void header_crc(unsigned long long lba)
{
	unsigned char *h = lba_ptr(lba);
	uint32_t size = get32(h + 0x0c);

	put32(h + 0x10, 0);
	put32(h + 0x10, pt_crc32(0, h, size > g.ssz ? g.ssz : size));
}

/* Recomputes both entry-array CRCs and both header CRCs. */
static void gpt_seal(void)
{
	int b;

	for (b = 0; b < 2; b++) {
		unsigned long long hl = b ? backup_lba() : 1;
		unsigned char *h = lba_ptr(hl);
		unsigned long long el = get32(h + 0x48) | (unsigned long long)get32(h + 0x4c) << 32;
		uint32_t n = get32(h + 0x50), es = get32(h + 0x54);

		if (el < g.nlba && (unsigned long long)n * es <= (g.nlba - el) * g.ssz)
			put32(h + 0x58, pt_crc32(0, lba_ptr(el), (size_t)n * es));
		header_crc(hl);
	}
}

static void write_header(unsigned long long lba, unsigned long long alt,
			 unsigned long long entries)
{
	unsigned char *h = lba_ptr(lba);

	memcpy(h, "EFI PART", 8);
	put32(h + 0x08, 0x00010000);
	put32(h + 0x0c, 92);
	put64(h + 0x18, lba);
	put64(h + 0x20, alt);
	put64(h + 0x28, 2 + g.elbas);
	put64(h + 0x30, g.nlba - 2 - g.elbas);
	memcpy(h + 0x38, guid_bytes, 16);
	put64(h + 0x48, entries);
	put32(h + 0x50, g.n_entries);
	put32(h + 0x54, 128);
}

/* A fresh disk of nlba sectors of ssz bytes with a protective MBR, both GPT
 * headers and n_entries empty entries; partitions come with set_entry and
 * gpt_seal. */
static void gpt_new(unsigned ssz, unsigned long long nlba, uint32_t n_entries)
{
	g.ssz = ssz;
	g.nlba = nlba;
	g.n_entries = n_entries;
	g.elbas = ((unsigned long long)n_entries * 128 + ssz - 1) / ssz;
	disk_new(nlba * ssz);
	pmbr(0xee, 1);
	write_header(1, backup_lba(), 2);
	write_header(backup_lba(), 1, backup_entries_lba());
}

/* The standard test GPT: entries 0, 1 and 4 used (partitions 1, 2, 5). */
static void gpt_standard(unsigned ssz, unsigned long long nlba)
{
	unsigned long long mib = 2048 * 512 / ssz;	/* 1 MiB in sectors */

	gpt_new(ssz, nlba, 128);
	set_entry(0, mib, 2 * mib - 1, "root fs");
	set_entry(1, 2 * mib, 4 * mib - 1, "data");
	set_entry(4, 4 * mib, 4 * mib + 9, "");
	gpt_seal();
}

static const struct partinfo *part_no(int number)
{
	int i;

	for (i = 0; i < tab.n; i++)
		if (tab.part[i].number == number)
			return &tab.part[i];
	return NULL;
}

static int table_is_empty(void)
{
	return tab.n == 0 && !tab.kind[0] && !tab.disk_id[0];
}

/* ---- tests: CRC ------------------------------------------------------- */

static void test_crc(void)
{
	CHECK_INT("crc32-check-value", pt_crc32(0, "123456789", 9), 0xcbf43926u);
	CHECK_INT("crc32-incremental", pt_crc32(pt_crc32(0, "1234", 4), "56789", 5),
		  0xcbf43926u);
	CHECK_INT("crc32-empty", pt_crc32(0, "", 0), 0);
}

/* ---- tests: GPT ------------------------------------------------------- */

static void check_standard(const char *name, unsigned ssz)
{
	char n[96], want[40];
	const struct partinfo *p;

	snprintf(n, sizeof(n), "%s-count", name);
	CHECK_INT(n, tab.n, 3);
	snprintf(n, sizeof(n), "%s-kind", name);
	CHECK_STR(n, tab.kind, "gpt");
	snprintf(n, sizeof(n), "%s-disk-guid-mixed-endian", name);
	CHECK_STR(n, tab.disk_id, GUID_TEXT);
	p = part_no(1);
	snprintf(n, sizeof(n), "%s-p1", name);
	CHECK(n, p && p->start_lba == 2048ull * 512 / ssz && p->nr_lba == 2048ull * 512 / ssz &&
	      strcmp(p->partlabel, "root fs") == 0 && strcmp(p->type_guid, LINUX_TYPE) == 0,
	      "p1 %s", p ? "has wrong fields" : "missing");
	expect_uuid(want, 0);
	snprintf(n, sizeof(n), "%s-p1-partuuid", name);
	CHECK_STR(n, p ? p->partuuid : NULL, want);
	p = part_no(5);
	expect_uuid(want, 4);
	snprintf(n, sizeof(n), "%s-gap-numbering", name);
	CHECK(n, p && !part_no(3) && !part_no(4) && strcmp(p->partuuid, want) == 0 &&
	      p->nr_lba == 10 && p->partlabel[0] == '\0',
	      "partition 5 %s, 3 %s, 4 %s", p ? p->partuuid : "missing",
	      part_no(3) ? "present" : "absent", part_no(4) ? "present" : "absent");
}

static void test_gpt_basic(void)
{
	gpt_standard(512, 16384);
	CHECK_INT("gpt512-read", read_as(512), 0);
	check_standard("gpt512", 512);
	CHECK_INT("gpt512-primary-used", tab.from_backup, 0);
	CHECK_INT("gpt512-not-truncated", tab.truncated, 0);
	CHECK_INT("gpt512-as-4096-enoent", read_as(4096), -ENOENT);
	CHECK("gpt512-as-4096-empty", table_is_empty(), "n=%d kind=%s", tab.n, tab.kind);

	gpt_standard(4096, 4096);
	CHECK_INT("gpt4k-read", read_as(4096), 0);
	check_standard("gpt4k", 4096);
	CHECK_INT("gpt4k-as-512-enoent", read_as(512), -ENOENT);
	CHECK("gpt4k-as-512-empty", table_is_empty(), "n=%d kind=%s", tab.n, tab.kind);
	CHECK_INT("gpt4k-as-1024-enoent", read_as(1024), -ENOENT);
}

static void test_gpt_backup(void)
{
	gpt_standard(512, 16384);
	lba_ptr(1)[0x20] ^= 1;		/* alternate LBA: covered by the CRC only */
	CHECK_INT("gpt-primary-header-crc-bad-read", read_as(512), 0);
	CHECK_INT("gpt-primary-header-crc-bad-uses-backup", tab.from_backup, 1);
	check_standard("gpt-backup", 512);

	gpt_standard(512, 16384);
	entry(0, 0)[0x38] ^= 1;		/* name of the primary entry 0 */
	CHECK_INT("gpt-primary-entries-crc-bad-read", read_as(512), 0);
	CHECK_INT("gpt-primary-entries-crc-bad-uses-backup", tab.from_backup, 1);
	CHECK_STR("gpt-primary-entries-crc-bad-backup-name", part_no(1) ? part_no(1)->partlabel : NULL,
		  "root fs");

	gpt_standard(512, 16384);
	memset(lba_ptr(1), 0, 512);
	CHECK_INT("gpt-primary-wiped-read", read_as(512), 0);
	CHECK_INT("gpt-primary-wiped-uses-backup", tab.from_backup, 1);

	gpt_standard(512, 16384);
	lba_ptr(1)[0x20] ^= 1;
	lba_ptr(backup_lba())[0x20] ^= 1;
	CHECK_INT("gpt-both-headers-crc-bad-einval", read_as(512), -EINVAL);
	CHECK("gpt-both-headers-crc-bad-empty", table_is_empty(), "n=%d", tab.n);

	gpt_standard(512, 16384);
	entry(1, 0)[0x20] ^= 1;
	entry(1, 1)[0x20] ^= 1;
	CHECK_INT("gpt-both-entries-crc-bad-einval", read_as(512), -EINVAL);
	CHECK("gpt-both-entries-crc-bad-empty", table_is_empty(), "n=%d", tab.n);

	gpt_standard(512, 16384);
	lba_ptr(1)[0x20] ^= 1;
	memset(lba_ptr(backup_lba()), 0, 512);
	CHECK_INT("gpt-primary-bad-backup-absent-einval", read_as(512), -EINVAL);

	gpt_standard(512, 16384);
	memset(lba_ptr(1), 0, 512);
	memset(lba_ptr(backup_lba()), 0, 512);
	CHECK_INT("gpt-no-headers-enoent", read_as(512), -ENOENT);

	/* A backup whose my_lba is not the last LBA is not the backup. */
	gpt_standard(512, 16384);
	memset(lba_ptr(1), 0, 512);
	put64(lba_ptr(backup_lba()) + 0x18, backup_lba() - 1);
	header_crc(backup_lba());
	CHECK_INT("gpt-backup-my-lba-wrong-einval", read_as(512), -EINVAL);
}

/* Sets a header field in both headers (or one), reseals, and reads. */
static int gpt_field(int which, size_t off, int width, unsigned long long v)
{
	int b;

	for (b = 0; b < 2; b++) {
		unsigned char *h = lba_ptr(b ? backup_lba() : 1);

		if (!(which & (1 << b)))
			continue;
		if (width == 4)
			put32(h + off, (uint32_t)v);
		else
			put64(h + off, v);
	}
	gpt_seal();
	return read_as(g.ssz);
}

#define BOTH 3
#define PRIMARY 1

static void test_gpt_fields(void)
{
	static const struct {
		const char *name;
		size_t off;
		int width;
		unsigned long long v;
	} bad[] = {
		{ "gpt-header-size-91", 0x0c, 4, 91 },
		{ "gpt-header-size-over-sector", 0x0c, 4, 513 },
		{ "gpt-header-size-huge", 0x0c, 4, 0xffffffffu },
		{ "gpt-first-usable-past-end", 0x28, 8, 16384 },
		{ "gpt-last-usable-past-end", 0x30, 8, 16384 },
		{ "gpt-last-usable-below-first", 0x30, 8, 10 },
		{ "gpt-entries-lba-past-end", 0x48, 8, 16384 },
		{ "gpt-entries-lba-huge", 0x48, 8, ~0ull },
		{ "gpt-entries-run-past-end", 0x48, 8, 16380 },
		{ "gpt-entry-count-0", 0x50, 4, 0 },
		{ "gpt-entry-count-16385", 0x50, 4, 16385 },
		{ "gpt-entry-count-huge", 0x50, 4, 0xffffffffu },
		{ "gpt-entry-size-0", 0x54, 4, 0 },
		{ "gpt-entry-size-256", 0x54, 4, 256 },
		{ "gpt-entry-size-huge", 0x54, 4, 0x80000000u },
	};
	char n[96];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gpt_standard(512, 16384);
		snprintf(n, sizeof(n), "%s-both-einval", bad[i].name);
		CHECK_INT(n, gpt_field(BOTH, bad[i].off, bad[i].width, bad[i].v), -EINVAL);
		gpt_standard(512, 16384);
		snprintf(n, sizeof(n), "%s-primary-uses-backup", bad[i].name);
		CHECK(n, gpt_field(PRIMARY, bad[i].off, bad[i].width, bad[i].v) == 0 &&
		      tab.from_backup == 1 && tab.n == 3, "n=%d from_backup=%d", tab.n,
		      tab.from_backup);
	}

	/* A 1024-byte header on 512-byte sectors, its CRC right over all 1024
	 * bytes: still refused, a header never spans sectors. */
	gpt_standard(512, 16384);
	put32(lba_ptr(1) + 0x0c, 1024);
	put32(lba_ptr(1) + 0x10, 0);
	put32(lba_ptr(1) + 0x10, pt_crc32(0, lba_ptr(1), 1024));
	CHECK("gpt-header-spanning-sectors-refused", read_as(512) == 0 && tab.from_backup == 1,
	      "from_backup=%d", tab.from_backup);

	/* A header of 512 bytes (the CRC covers all of them) is fine. */
	gpt_standard(512, 16384);
	CHECK_INT("gpt-header-size-512", gpt_field(BOTH, 0x0c, 4, 512), 0);
	CHECK_INT("gpt-header-size-512-primary", tab.from_backup, 0);

	/* 4096-byte sectors: a 2000-byte header's CRC spans several reads. */
	gpt_standard(4096, 4096);
	lba_ptr(1)[1500] = 0x5a;
	lba_ptr(backup_lba())[1500] = 0x5a;
	put32(lba_ptr(1) + 0x0c, 2000);
	put32(lba_ptr(backup_lba()) + 0x0c, 2000);
	gpt_seal();
	CHECK_INT("gpt4k-header-size-2000", read_as(4096), 0);
	CHECK_INT("gpt4k-header-size-2000-primary", tab.from_backup, 0);
	lba_ptr(1)[1999] ^= 1;			/* inside the header's CRC range */
	CHECK("gpt4k-header-size-2000-tail-covered", read_as(4096) == 0 && tab.from_backup == 1,
	      "from_backup=%d", tab.from_backup);
	lba_ptr(1)[1999] ^= 1;
	lba_ptr(1)[2000] ^= 1;			/* just past it: not covered */
	CHECK("gpt4k-header-size-2000-past-tail-ignored",
	      read_as(4096) == 0 && tab.from_backup == 0, "from_backup=%d", tab.from_backup);

	/* Revision and reserved bytes are not checked (neither does the kernel). */
	gpt_standard(512, 16384);
	CHECK_INT("gpt-revision-ignored", gpt_field(BOTH, 0x08, 4, 0x00020000), 0);
}

static void test_gpt_entries(void)
{
	/* Entries out of the disk or inverted are skipped; numbering holds. */
	gpt_new(512, 16384, 128);
	set_entry(0, 2048, 4095, "a");
	set_entry(1, 4096, 16384, "end-past-disk");
	set_entry(2, 16384, 16390, "start-past-disk");
	set_entry(3, 5000, 4999, "inverted");
	set_entry(6, 6000, 6000, "one-sector");
	gpt_seal();
	CHECK_INT("gpt-entries-invalid-read", read_as(512), 0);
	CHECK("gpt-entries-invalid-skipped",
	      tab.n == 2 && part_no(1) && part_no(7) && part_no(7)->nr_lba == 1,
	      "n=%d", tab.n);

	/* 256 entries, 200 used: all kept (a disk of 250 partitions must
	 * not lose its last ones). */
	{
		uint32_t i;

		gpt_new(512, 16384, 256);
		for (i = 0; i < 200; i++)
			set_entry(i, 100 + 10 * i, 109 + 10 * i, NULL);
		gpt_seal();
		CHECK_INT("gpt-200-used-read", read_as(512), 0);
		CHECK("gpt-200-used-all-kept", tab.n == 200 && tab.truncated == 0 &&
		      tab.part[199].number == 200, "n=%d truncated=%d", tab.n, tab.truncated);
	}

	/* Entries past index 254 get no partition (the kernel stops at 255). */
	gpt_new(512, 16384, 300);
	set_entry(253, 2048, 2057, "p254");
	set_entry(254, 2058, 2067, "p255");
	set_entry(255, 2068, 2077, "p256");
	set_entry(299, 2078, 2087, "p300");
	gpt_seal();
	CHECK_INT("gpt-300-entries-read", read_as(512), 0);
	CHECK("gpt-numbers-stop-at-255", tab.n == 2 && part_no(254) && part_no(255) &&
	      !part_no(256), "n=%d", tab.n);

	/* The largest entry array allowed: 16384 entries (2 MiB), read in chunks. */
	gpt_new(512, 16384, 16384);
	set_entry(16383, 9000, 9001, "last");
	set_entry(0, 9002, 9003, "first");
	gpt_seal();
	disk.reads = 0;
	CHECK("gpt-16384-entries", read_as(512) == 0 && tab.n == 1 && part_no(1),
	      "n=%d", tab.n);
	CHECK("gpt-16384-entries-chunked-reads", disk.reads > 2 * 1024 * 1024 / PT_READ_MAX &&
	      disk.reads < 2 * 1024 * 1024 / PT_READ_MAX + 8, "%llu reads", disk.reads);
}

static void test_gpt_names(void)
{
	static const uint16_t utf[] = { 'd', 0xe9, 0x2603, 0xd83d, 0xde00, 'x' };
	static const uint16_t lone[] = { 'a', 0xd800, 'b', 0xdc00 };
	static const uint16_t tail_high[] = { 'a', 0xd83d };
	uint16_t full[36], snow[36];
	char want[PT_LABEL_SIZE];
	size_t i;

	for (i = 0; i < 36; i++) {
		full[i] = (uint16_t)('A' + i % 26);
		snow[i] = 0x2603;
		want[3 * i] = (char)0xe2;
		want[3 * i + 1] = (char)0x98;
		want[3 * i + 2] = (char)0x83;
	}
	want[108] = '\0';
	gpt_new(512, 16384, 128);
	set_entry(0, 100, 199, NULL);
	set_entry(1, 200, 299, NULL);
	set_entry(2, 300, 399, NULL);
	set_entry(3, 400, 499, "trailing  \t ");
	set_entry(4, 500, 599, NULL);
	set_entry(5, 600, 699, NULL);
	set_entry(6, 700, 799, "  lead");
	set_name16(0, utf, 6);
	set_name16(1, full, 36);
	set_name16(2, snow, 36);
	set_name16(4, lone, 4);
	set_name16(5, tail_high, 2);
	gpt_seal();
	CHECK_INT("gpt-names-read", read_as(512), 0);
	CHECK_STR("gpt-name-utf8-and-surrogate-pair", part_no(1) ? part_no(1)->partlabel : NULL,
		  "d\xc3\xa9\xe2\x98\x83\xf0\x9f\x98\x80x");
	CHECK_STR("gpt-name-36-units-no-nul", part_no(2) ? part_no(2)->partlabel : NULL,
		  "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ");
	CHECK_STR("gpt-name-36-snowmen-108-bytes", part_no(3) ? part_no(3)->partlabel : NULL,
		  want);
	CHECK_STR("gpt-name-trailing-blanks-dropped", part_no(4) ? part_no(4)->partlabel : NULL,
		  "trailing");
	CHECK_STR("gpt-name-lone-surrogates-as-blkid", part_no(5) ? part_no(5)->partlabel : NULL,
		  "a\xed\xa0\x80" "b\xed\xb0\x80");
	CHECK_STR("gpt-name-high-surrogate-last", part_no(6) ? part_no(6)->partlabel : NULL,
		  "a\xed\xa0\xbd");
	CHECK_STR("gpt-name-leading-blanks-kept", part_no(7) ? part_no(7)->partlabel : NULL,
		  "  lead");
}

static void test_gpt_mbr(void)
{
	gpt_standard(512, 16384);
	disk.buf[510] = 0;
	CHECK_INT("gpt-pmbr-no-signature-enoent", read_as(512), -ENOENT);

	gpt_standard(512, 16384);
	put32(disk.buf + 0x1be + 8, 2);	/* 0xEE not at LBA 1: not protective */
	CHECK_INT("gpt-pmbr-ee-not-at-1-enoent", read_as(512), -ENOENT);

	gpt_standard(512, 16384);
	disk.buf[0x1ce + 4] = 0x83;	/* hybrid: slot 2 is a dos partition */
	put32(disk.buf + 0x1ce + 8, 2048);
	put32(disk.buf + 0x1ce + 12, 2048);
	CHECK("gpt-hybrid-mbr-is-gpt", read_as(512) == 0 && strcmp(tab.kind, "gpt") == 0 &&
	      tab.n == 3, "kind=%s n=%d", tab.kind, tab.n);

	gpt_standard(512, 16384);
	memset(disk.buf + 0x1be, 0, 16);
	disk.buf[0x1ee + 4] = 0xee;	/* protective entry in slot 4 */
	put32(disk.buf + 0x1ee + 8, 1);
	put32(disk.buf + 0x1ee + 12, 16383);
	CHECK_INT("gpt-pmbr-slot-4", read_as(512), 0);
	disk.buf[0x1ee] = 0x12;		/* bad boot flag: still protective */
	CHECK_INT("gpt-pmbr-boot-flag-ignored", read_as(512), 0);
}

static void test_gpt_truncated(void)
{
	gpt_standard(512, 16384);
	disk.size = 8192 * 512;		/* half the disk: the backup is gone */
	CHECK_INT("gpt-disk-halved-einval", read_as(512), -EINVAL);
	disk.size = 1024;		/* the protective MBR and the primary header */
	CHECK_INT("gpt-disk-1024-einval", read_as(512), -EINVAL);
	disk.size = 1000;		/* the header sector is incomplete */
	CHECK_INT("gpt-disk-1000-enoent", read_as(512), -ENOENT);
	disk.size = 511;
	CHECK_INT("disk-511-enoent", read_as(512), -ENOENT);
	disk.size = 0;
	CHECK_INT("disk-0-enoent", read_as(512), -ENOENT);
	disk.size = 16384ull * 512 + 511;	/* a partial last sector is not a sector */
	disk.alloc = disk.size;
	{
		unsigned char *nb = realloc(disk.buf, disk.alloc);

		if (!nb)
			exit(2);
		disk.buf = nb;
		memset(nb + 16384ull * 512, 0, 511);
	}
	CHECK("gpt-partial-last-sector", read_as(512) == 0 && tab.from_backup == 0,
	      "from_backup=%d", tab.from_backup);
	lba_ptr(1)[0x20] ^= 1;
	CHECK("gpt-partial-last-sector-backup", read_as(512) == 0 && tab.from_backup == 1,
	      "from_backup=%d", tab.from_backup);
	CHECK_INT("bad-reads-none-so-far", bad_reads, 0);
}

static void test_io_errors(void)
{
	gpt_standard(512, 16384);
	disk.fail = 1;
	disk.fail_off = 0;
	CHECK_INT("io-error-mbr", read_as(512), -EIO);
	disk.fail_off = 512;
	CHECK_INT("io-error-primary-header", read_as(512), -EIO);
	disk.fail_off = 2 * 512 + 100;
	CHECK_INT("io-error-entries", read_as(512), -EIO);
	CHECK("io-error-table-empty", table_is_empty(), "n=%d", tab.n);
	lba_ptr(1)[0x20] ^= 1;
	disk.fail_off = backup_lba() * 512;
	CHECK_INT("io-error-backup-header", read_as(512), -EIO);
	disk.fail = 0;
}

static void test_bad_args(void)
{
	static const unsigned sizes[] = { 0, 256, 511, 1000, 3072, 131072 };
	char n[64];
	size_t i;

	gpt_standard(512, 16384);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(n, sizeof(n), "sector-size-%u-einval", sizes[i]);
		CHECK_INT(n, read_as(sizes[i]), -EINVAL);
	}
	CHECK_INT("null-callback-einval", parttable_read(NULL, NULL, 512, disk.size, &tab), -EINVAL);
	CHECK("sector-size-65536-ok", read_as(65536) == -ENOENT, "got %d", read_as(65536));
}

/* ---- MBR builder -------------------------------------------------------- */

#define SSZ 512

static void mbr_entry(unsigned long long sector, int slot, unsigned char type,
		      uint32_t start, uint32_t size)
{
	unsigned char *e = disk.buf + sector * SSZ + 0x1be + 16 * slot;

	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, size);
	disk.buf[sector * SSZ + 510] = 0x55;
	disk.buf[sector * SSZ + 511] = 0xaa;
}

/* 8 MiB disk, id deadbeef: p1 primary, p2 extended (type ext) from 4352 for
 * 7680 sectors holding logicals 5 (at 4608) and 6 (at 6912), p3 primary,
 * slot 4 empty. */
static void dos_standard(unsigned char ext)
{
	disk_new(16384ull * SSZ);
	put32(disk.buf + 0x1b8, 0xdeadbeef);
	mbr_entry(0, 0, 0x83, 256, 4096);
	mbr_entry(0, 1, ext, 4352, 7680);
	mbr_entry(0, 2, 0x83, 12288, 2048);
	/* EBR 1 at 4352: data at +256, link to 6656 - 4352 = 2304 */
	mbr_entry(4352, 0, 0x83, 256, 2048);
	mbr_entry(4352, 1, 0x05, 2304, 1280);
	/* EBR 2 at 6656: data at +256, end of chain */
	mbr_entry(6656, 0, 0x82, 256, 1024);
}

static void test_dos(void)
{
	static const unsigned char exts[] = { 0x05, 0x0f, 0x85 };
	const struct partinfo *p;
	char n[64];
	size_t i;

	dos_standard(0x05);
	CHECK_INT("dos-read", read_as(512), 0);
	CHECK_STR("dos-kind", tab.kind, "dos");
	CHECK_STR("dos-disk-id", tab.disk_id, "deadbeef");
	CHECK_INT("dos-count", tab.n, 5);
	p = part_no(1);
	CHECK("dos-p1", p && p->start_lba == 256 && p->nr_lba == 4096 &&
	      strcmp(p->partuuid, "deadbeef-01") == 0 && strcmp(p->type_guid, "0x83") == 0 &&
	      !p->partlabel[0] && !p->flags, "p1 %s", p ? p->partuuid : "missing");
	p = part_no(2);
	CHECK("dos-extended-listed", p && p->flags == PT_EXTENDED &&
	      strcmp(p->type_guid, "0x5") == 0 && p->nr_lba == 7680, "p2 %s",
	      p ? p->type_guid : "missing");
	p = part_no(5);
	CHECK("dos-logical-5", p && p->start_lba == 4608 && p->nr_lba == 2048 &&
	      strcmp(p->partuuid, "deadbeef-05") == 0, "p5 %s", p ? p->partuuid : "missing");
	p = part_no(6);
	CHECK("dos-logical-6", p && p->start_lba == 6912 && p->nr_lba == 1024 &&
	      strcmp(p->type_guid, "0x82") == 0, "p6 %s", p ? p->partuuid : "missing");
	CHECK("dos-slot-4-empty", !part_no(4) && part_no(3), "p4 present or p3 missing");
	CHECK("dos-table-order", tab.n == 5 && tab.part[2].number == 5 && tab.part[4].number == 3,
	      "order %d %d", tab.part[2].number, tab.part[4].number);

	for (i = 0; i < sizeof(exts); i++) {
		dos_standard(exts[i]);
		snprintf(n, sizeof(n), "dos-extended-type-0x%02x-walked", exts[i]);
		CHECK(n, read_as(512) == 0 && part_no(5) && part_no(6), "n=%d", tab.n);
	}

	dos_standard(0x05);
	disk.buf[0x1be] = 0x01;		/* boot flag neither 0 nor 0x80 */
	CHECK_INT("dos-bad-boot-flag-enoent", read_as(512), -ENOENT);
	disk.buf[0x1be] = 0x80;
	CHECK_INT("dos-boot-flag-0x80-ok", read_as(512), 0);

	dos_standard(0x05);
	mbr_entry(0, 3, 0xee, 2, 100);	/* an 0xEE entry, but not protective */
	CHECK_INT("dos-with-ee-ignored-enoent", read_as(512), -ENOENT);

	disk_new(1024 * SSZ);
	disk.buf[510] = 0x55;
	disk.buf[511] = 0xaa;
	CHECK("dos-empty-table", read_as(512) == 0 && tab.n == 0 && strcmp(tab.disk_id, "00000000") == 0,
	      "n=%d id=%s", tab.n, tab.disk_id);
	disk.buf[511] = 0;
	CHECK_INT("dos-no-signature-enoent", read_as(512), -ENOENT);

	/* A primary starting past the end keeps its number but is not listed. */
	dos_standard(0x05);
	mbr_entry(0, 3, 0x83, 16384, 100);
	CHECK("dos-past-end-skipped", read_as(512) == 0 && !part_no(4) && tab.n == 5,
	      "n=%d", tab.n);

	/* Zero-size entries are no partitions, whatever their type. */
	dos_standard(0x05);
	mbr_entry(0, 3, 0x83, 14500, 0);
	CHECK("dos-zero-size-skipped", read_as(512) == 0 && !part_no(4), "n=%d", tab.n);

	/* Type 0 with a size is a partition for the kernel. */
	dos_standard(0x05);
	mbr_entry(0, 3, 0x00, 14500, 100);
	CHECK("dos-type-0-sized-listed", read_as(512) == 0 && part_no(4) &&
	      strcmp(part_no(4)->type_guid, "0x0") == 0, "n=%d", tab.n);

	/* 4096-byte sectors: the same table, LBAs in 4 KiB units. */
	disk_new(16384ull * 4096);
	put32(disk.buf + 0x1b8, 0x0badcafe);
	mbr_entry(0, 0, 0x83, 256, 1024);
	mbr_entry(0, 1, 0x0f, 2048, 4096);
	{
		unsigned char *e = disk.buf + 2048ull * 4096;

		e[0x1be + 4] = 0x83;
		put32(e + 0x1be + 8, 256);
		put32(e + 0x1be + 12, 512);
		e[510] = 0x55;
		e[511] = 0xaa;
	}
	CHECK("dos-4k-logical", read_as(4096) == 0 && part_no(5) &&
	      part_no(5)->start_lba == 2048 + 256 && part_no(5)->nr_lba == 512 &&
	      strcmp(part_no(5)->partuuid, "0badcafe-05") == 0, "n=%d", tab.n);
}

static void test_dos_chains(void)
{
	/* A link back to the first EBR, with data each time: a loop. */
	dos_standard(0x05);
	mbr_entry(6656, 1, 0x05, 0, 1280);
	disk.reads = 0;
	/* Cut where the kernel stops too: partition 255. */
	CHECK("ebr-loop-with-data-bounded", read_as(512) == 0 && disk.reads < 300 &&
	      tab.n <= PT_MAX_PARTS && part_no(255) && !part_no(256), "n=%d reads=%llu truncated=%d",
	      tab.n, disk.reads, tab.truncated);
	CHECK("ebr-loop-numbers-as-kernel", part_no(7) && part_no(7)->start_lba == 4608 &&
	      part_no(8) && part_no(8)->start_lba == 6912, "p7/p8 wrong");

	/* An EBR linking to itself with no data: the kernel's 100-link guard. */
	dos_standard(0x05);
	memset(disk.buf + 6656ull * SSZ + 0x1be, 0, 16);
	mbr_entry(6656, 1, 0x05, 2304, 1280);
	disk.reads = 0;
	CHECK("ebr-loop-without-data-stops", read_as(512) == 0 && part_no(5) && !part_no(6) &&
	      disk.reads <= 1 + 1 + 100 + 1, "n=%d reads=%llu", tab.n, disk.reads);

	/* A cycle of one EBR with data and four without: the kernel's guards
	 * (255 partitions, 100 empty links in a row) allow 1255 reads; the
	 * total cap stops it at EBR_MAX_READS (1024). */
	{
		int k;

		dos_standard(0x05);
		memset(disk.buf + 4352ull * SSZ + 0x1be, 0, 64);
		mbr_entry(4352, 0, 0x83, 256, 100);
		mbr_entry(4352, 1, 0x05, 10, 10);
		for (k = 1; k <= 4; k++)
			mbr_entry(4352 + 10 * k, 1, 0x05, k == 4 ? 0 : 10 * (k + 1), 10);
		disk.reads = 0;
		CHECK("ebr-cycle-read-cap", read_as(512) == 0 && tab.truncated &&
		      disk.reads <= 1 + 1024 && disk.reads > 1000, "reads=%llu truncated=%d",
		      disk.reads, tab.truncated);
	}

	/* A link far past the end of the disk. */
	dos_standard(0x05);
	mbr_entry(4352, 1, 0x05, 0xfffffff0u, 10);
	CHECK("ebr-link-past-end", read_as(512) == 0 && part_no(5) && !part_no(6) &&
	      part_no(3), "n=%d", tab.n);

	/* An EBR without signature ends the chain. */
	dos_standard(0x05);
	disk.buf[6656ull * SSZ + 510] = 0;
	CHECK("ebr-no-signature-ends-chain", read_as(512) == 0 && part_no(5) && !part_no(6),
	      "n=%d", tab.n);

	/* Entries 3 and 4 of an EBR count only when they fit in the extended. */
	dos_standard(0x05);
	mbr_entry(4352, 2, 0x83, 100, 0xffff0000u);	/* far too big */
	mbr_entry(4352, 3, 0x83, 100, 10);		/* fits */
	CHECK("ebr-entries-3-4-checked", read_as(512) == 0 && part_no(5) && part_no(6) &&
	      part_no(6)->start_lba == 4352 + 100 && part_no(7) &&
	      part_no(7)->start_lba == 6912, "n=%d", tab.n);

	/* Two extended partitions: both walked, logicals numbered on. */
	dos_standard(0x05);
	mbr_entry(0, 3, 0x85, 14500, 1000);
	mbr_entry(14500, 0, 0x83, 100, 200);
	CHECK("dos-two-extended", read_as(512) == 0 && part_no(7) &&
	      part_no(7)->start_lba == 14600 && part_no(4) && part_no(4)->flags == PT_EXTENDED,
	      "n=%d", tab.n);

	/* An I/O error inside the chain is reported, not swallowed. */
	dos_standard(0x05);
	disk.fail = 1;
	disk.fail_off = 6656ull * SSZ;
	CHECK_INT("ebr-io-error", read_as(512), -EIO);
	disk.fail = 0;
}

/* ---- mutations: nothing may crash, read out of bounds or claim junk ------- */

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void mutate(unsigned char *base, size_t span, int flips)
{
	while (flips--)
		base[next_rand() % span] = (unsigned char)next_rand();
}

/* One mutated disk of the given kind, read. */
static int mutated(int kind, int i)
{
	if (kind == 0) {
		gpt_standard(512, 4096);
		mutate(disk.buf, 3 * 512, 1 + i % 4);
		if (i % 2)
			gpt_seal();	/* valid CRCs over mutated fields */
		return read_as(512);
	}
	if (kind == 1) {
		dos_standard(0x05);
		mutate(disk.buf + 0x1be, 66, 1 + i % 3);
		mutate(disk.buf + 4352ull * SSZ + 0x1be, 66, 1 + i % 3);
		return read_as(512);
	}
	gpt_standard(4096, 1024);
	mutate(disk.buf, 3 * 4096, 1 + i % 4);
	gpt_seal();
	return read_as(4096);
}

static void test_mutations(void)
{
	int kind, i, ok = 0, other = 0, weird = 0;

	bad_reads = 0;
	for (kind = 0; kind < 3; kind++) {
		for (i = 0; i < 1000; i++) {
			int r = mutated(kind, i);

			if (r == 0)
				ok++;
			else if (r == -ENOENT || r == -EINVAL)
				other++;
			else
				weird++;
			if (r == 0 && (tab.n < 0 || tab.n > PT_MAX_PARTS))
				weird++;
		}
	}
	CHECK_INT("mutations-no-out-of-disk-reads", bad_reads, 0);
	CHECK("mutations-only-defined-results", weird == 0 && ok > 0 && other > 0,
	      "ok=%d enoent/einval=%d other=%d", ok, other, weird);
}

int main(void)
{
	test_crc();
	test_gpt_basic();
	test_gpt_backup();
	test_gpt_fields();
	test_gpt_entries();
	test_gpt_names();
	test_gpt_mbr();
	test_gpt_truncated();
	test_io_errors();
	test_bad_args();
	test_dos();
	test_dos_chains();
	test_mutations();
	CHECK_INT("no-read-outside-disk-or-over-PT_READ_MAX", bad_reads, 0);
	free(disk.buf);
	return CHECK_EXIT();
}
