/* test_rootmatch.c: which seen device a root= spec names. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "blockdev.h"
#include "check.h"

/* PARTUUID=.../PARTNROFF=n: vda1, vda2 (an MBR extended partition), vda5,
 * vda at number INT_MAX (no real table has one: the arithmetic's edge), and
 * vdb2 on another disk. */
static const struct {
	const char *name, *disk, *partuuid;
	int partn, extended;
} pr_devs[] = {
	{ "vda",  "",    "",            0, 0 },
	{ "vda1", "vda", "deadbeef-01", 1, 0 },
	{ "vda2", "vda", "deadbeef-02", 2, 1 },
	{ "vda5", "vda", "deadbeef-05", 5, 0 },
	{ "vdaM", "vda", "deadbeef-ff", INT_MAX, 0 },
	{ "vdb2", "vdb", "cafe0000-02", 2, 0 },
};

static const struct {
	const char *name, *partuuid;
	int partnroff;
	int want;		/* index into pr_devs, or -ENOENT */
} pr_cases[] = {
	{ "partnroff-0",                 "deadbeef-01", 0, 1 },
	{ "partnroff-upper-case",        "DEADBEEF-05", 0, 3 },
	{ "partnroff-plus-1",            "deadbeef-01", 1, 2 },
	{ "partnroff-minus-1",           "deadbeef-02", -1, -ENOENT },	/* vda2 is not matched by PARTUUID */
	{ "partnroff-minus-4",           "deadbeef-05", -4, 1 },
	{ "partnroff-plus-4",            "deadbeef-01", 4, 3 },
	{ "partnroff-to-gap",            "deadbeef-01", 2, -ENOENT },
	{ "partnroff-to-0",              "deadbeef-01", -1, -ENOENT },
	{ "partnroff-below-0",           "deadbeef-05", -6, -ENOENT },
	{ "partnroff-other-disk-no",     "cafe0000-02", 3, -ENOENT },
	{ "partnroff-to-int-max",        "deadbeef-01", INT_MAX - 1, 4 },
	/* 1 + INT_MAX overflowed an int before (UBSan: signed integer
	 * overflow), INT_MAX + INT_MAX too; now they are past every number. */
	{ "partnroff-huge",              "deadbeef-01", INT_MAX, -ENOENT },
	{ "partnroff-huge-from-huge",    "deadbeef-ff", INT_MAX, -ENOENT },
	{ "partnroff-negative-huge",     "deadbeef-05", INT_MIN, -ENOENT },
	{ "partnroff-back-from-int-max", "deadbeef-ff", -(INT_MAX - 5), 3 },
	{ "partnroff-extended-no-uuid",  "deadbeef-02", 0, -ENOENT },
	{ "partnroff-onto-extended",     "deadbeef-01", 1, 2 },
	{ "partnroff-absent",            "00000000-01", 0, -ENOENT },
	{ "partnroff-prefix-no",         "deadbeef-0", 0, -ENOENT },
};

static void test_partnroff(void)
{
	static struct devlist l;
	struct root_spec s = { .kind = ROOT_PARTUUID };
	size_t i;

	for (i = 0; i < sizeof(pr_devs) / sizeof(pr_devs[0]); i++) {
		int k = devlist_add(&l, pr_devs[i].name, (dev_t)i, 0);

		strcpy(l.dev[k].disk, pr_devs[i].disk);
		strcpy(l.dev[k].partuuid, pr_devs[i].partuuid);
		l.dev[k].partn = pr_devs[i].partn;
		l.dev[k].pt_extended = pr_devs[i].extended;
	}
	for (i = 0; i < sizeof(pr_cases) / sizeof(pr_cases[0]); i++) {
		s.value = pr_cases[i].partuuid;
		s.partnroff = pr_cases[i].partnroff;
		CHECK_INT(pr_cases[i].name, root_find(&s, &l), pr_cases[i].want);
	}
}

/* root=/dev/md/NAME: mdadm's map names the array (md_map_name), the
 * device carries the name (blockdev.c), the spec matches it. */
static const char md_map[] =
	"md126 1.2 0a1b2c3d:00000000:11111111:22222222 /dev/md/other\n"
	"md127 1.2 5e4bb1e4:4a1f4f33:bd1b6c7e:8e0b5a1c /dev/md/batonraid\n"
	"md1 0.90 01020304:05060708:090a0b0c:0d0e0f10 /dev/md1\n"
	"md2 1.2 01020304:05060708:090a0b0c:0d0e0f11 \n"
	"md3 1.2 01020304:05060708:090a0b0c:0d0e0f12 /dev/md/\n"
	"md4 1.2";

static const struct {
	const char *name, *map, *devnm;
	size_t n;
	int want;
	const char *out;
} md_cases[] = {
	{ "md-map/second-line", md_map, "md127", 64, 0, "batonraid" },
	{ "md-map/first-line", md_map, "md126", 64, 0, "other" },
	{ "md-map/prefix-is-not-a-name", md_map, "md12", 64, -ENOENT, "" },
	{ "md-map/no-md-dir", md_map, "md1", 64, -ENOENT, "" },	/* /dev/md1: no name */
	{ "md-map/empty-path", md_map, "md2", 64, -ENOENT, "" },
	{ "md-map/bare-dir", md_map, "md3", 64, -ENOENT, "" },
	{ "md-map/short-line", md_map, "md4", 64, -ENOENT, "" },
	{ "md-map/absent", md_map, "md9", 64, -ENOENT, "" },
	{ "md-map/empty-map", "", "md127", 64, -ENOENT, "" },
	{ "md-map/too-long", md_map, "md127", 9, -ENAMETOOLONG, "" },
	{ "md-map/just-fits", md_map, "md127", 10, 0, "batonraid" },
	{ "md-map/no-newline-at-end", "md5 1.2 u /dev/md/last", "md5", 64, 0, "last" },
};

static void test_mdname(void)
{
	static struct devlist l;
	struct root_spec s = { 0 };
	char v[64], out[64];

	for (size_t i = 0; i < sizeof(md_cases) / sizeof(md_cases[0]); i++) {
		char name[80];
		int r;

		strcpy(out, "");
		r = md_map_name(md_cases[i].map, md_cases[i].devnm, out, md_cases[i].n);
		CHECK_INT(md_cases[i].name, r, md_cases[i].want);
		snprintf(name, sizeof(name), "%s/out", md_cases[i].name);
		if (r == 0)
			CHECK_STR(name, out, md_cases[i].out);
	}
	devlist_add(&l, "vda", makedev(254, 0), 0);
	devlist_add(&l, "md127", makedev(9, 127), 0);
	devlist_add(&l, "md127p1", makedev(259, 0), 0);
	md_map_name(md_map, "md127", l.dev[1].mdname, sizeof(l.dev[1].mdname));
	strcpy(l.dev[2].mdname, "batonraid1");	/* as blockdev.c names a partition */
	strcpy(v, "/dev/md/batonraid");
	CHECK("md-root/parse", rootspec_parse(&s, v, NULL) == 0 && s.kind == ROOT_DEVNAME,
	      "kind %d", s.kind);
	CHECK_INT("md-root/needs-probe", root_needs_probe(&s), 1);
	CHECK_INT("md-root/find", root_find(&s, &l), 1);
	strcpy(v, "/dev/md/batonraid1");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("md-root/find-partition", root_find(&s, &l), 2);
	strcpy(v, "/dev/md/other");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("md-root/other-name-absent", root_find(&s, &l), -ENOENT);
	strcpy(v, "/dev/md127");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("md-root/kernel-name-still", root_find(&s, &l), 1);
	strcpy(v, "/dev/mapper/batonraid");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("md-root/not-a-dm-name", root_find(&s, &l), -ENOENT);
}

int main(void)
{
	static struct devlist l;
	struct root_spec s = { 0 };
	int i;

	CHECK_INT("devlist-add", devlist_add(&l, "vda", makedev(254, 0), 0), 0);
	CHECK_INT("devlist-add-second", devlist_add(&l, "vda1", makedev(254, 1), 0), 1);
	CHECK_INT("devlist-add-duplicate", devlist_add(&l, "vda1", makedev(254, 1), 0), 1);
	CHECK_INT("devlist-name-too-long",
		  devlist_add(&l, "a-name-that-is-much-longer-than-32-bytes", 1, 0), -ENOSPC);
	strcpy(l.dev[1].id.uuid, "b007ab1e-0000-4000-8000-000000000001");
	strcpy(l.dev[1].id.label, "BATONROOT");

	s.kind = ROOT_DEVNAME;
	s.value = "vda1";
	CHECK_INT("match-devname", root_matches(&s, &l.dev[1]), 1);
	CHECK_INT("match-devname-other", root_matches(&s, &l.dev[0]), 0);
	s.kind = ROOT_DEVT;
	s.devt = makedev(254, 1);
	CHECK_INT("match-devt", root_matches(&s, &l.dev[1]), 1);
	CHECK_INT("match-devt-other", root_matches(&s, &l.dev[0]), 0);
	s.kind = ROOT_UUID;
	s.value = "B007AB1E-0000-4000-8000-000000000001";
	CHECK_INT("match-uuid-case", root_matches(&s, &l.dev[1]), 1);
	CHECK_INT("match-uuid-needs-probe", root_needs_probe(&s), 1);
	CHECK_INT("match-uuid-empty-dev", root_matches(&s, &l.dev[0]), 0);
	s.kind = ROOT_LABEL;
	s.value = "batonroot";
	CHECK_INT("match-label-case-sensitive", root_matches(&s, &l.dev[1]), 0);
	s.value = "BATONROOT";
	CHECK_INT("match-label", root_matches(&s, &l.dev[1]), 1);
	s.kind = ROOT_NONE;
	CHECK_INT("match-none", root_matches(&s, &l.dev[1]), 0);

	/* vda1 and vda3 are partitions of vda; vdb1 of another disk. */
	devlist_add(&l, "vda3", makedev(254, 3), 0);
	devlist_add(&l, "vdb1", makedev(254, 17), 0);
	l.dev[1].partn = 1;
	strcpy(l.dev[1].disk, "vda");
	strcpy(l.dev[1].partuuid, "b007ab1e-0000-4000-8000-0000000000b1");
	strcpy(l.dev[1].partlabel, "baton root");
	l.dev[2].partn = 3;
	strcpy(l.dev[2].disk, "vda");
	l.dev[3].partn = 2;
	strcpy(l.dev[3].disk, "vdb");
	s.kind = ROOT_PARTUUID;
	s.value = "B007AB1E-0000-4000-8000-0000000000B1";
	s.partnroff = 0;
	CHECK_INT("find-partuuid", root_find(&s, &l), 1);
	CHECK_INT("find-partuuid-needs-probe", root_needs_probe(&s), 1);
	s.partnroff = 2;
	CHECK_INT("find-partnroff", root_find(&s, &l), 2);
	s.partnroff = 1;
	CHECK_INT("find-partnroff-missing", root_find(&s, &l), -ENOENT);
	s.partnroff = -1;
	CHECK_INT("find-partnroff-zero-is-no-partition", root_find(&s, &l), -ENOENT);
	s.kind = ROOT_PARTLABEL;
	s.value = "baton root";
	CHECK_INT("find-partlabel", root_find(&s, &l), 1);
	s.value = "Baton root";
	CHECK_INT("find-partlabel-case", root_find(&s, &l), -ENOENT);
	s.kind = ROOT_DEVNAME;
	s.value = "vdb1";
	CHECK_INT("find-devname", root_find(&s, &l), 3);
	CHECK_INT("find-devname-no-probe", root_needs_probe(&s), 0);

	/* by-id / by-path: the names diskid_names stored, byte for byte. */
	static const char ids1[] = "by-id/virtio-SER-part1\0by-path/pci-0000:00:04.0-part1\0";
	static const char ids3[] = "by-id/virtio-OTHER-part1\0";

	memcpy(l.dev[1].diskids, ids1, sizeof(ids1));
	memcpy(l.dev[3].diskids, ids3, sizeof(ids3));
	s.kind = ROOT_BYID;
	s.value = "virtio-SER-part1";
	CHECK_INT("find-byid", root_find(&s, &l), 1);
	CHECK_INT("find-byid-needs-probe", root_needs_probe(&s), 1);
	s.value = "virtio-ser-part1";
	CHECK_INT("find-byid-case", root_find(&s, &l), -ENOENT);
	s.value = "virtio-SER";
	CHECK_INT("find-byid-whole-name-only", root_find(&s, &l), -ENOENT);
	s.value = "pci-0000:00:04.0-part1";
	CHECK_INT("find-byid-not-a-path", root_find(&s, &l), -ENOENT);
	s.kind = ROOT_BYPATH;
	CHECK_INT("find-bypath", root_find(&s, &l), 1);
	s.value = "virtio-OTHER-part1";
	CHECK_INT("find-bypath-not-an-id", root_find(&s, &l), -ENOENT);
	s.kind = ROOT_BYID;
	CHECK_INT("find-byid-other", root_find(&s, &l), 3);

	/* Twins: every device a root= names; PARTNROFF through each. */
	{
		int idx[4];

		s.kind = ROOT_UUID;
		s.value = "b007ab1e-0000-4000-8000-000000000001";
		strcpy(l.dev[3].id.uuid, "B007AB1E-0000-4000-8000-000000000001");
		CHECK_INT("find-all-twins", root_find_all(&s, &l, idx, 4), 2);
		CHECK("find-all-twins-which", idx[0] == 1 && idx[1] == 3, "%d %d", idx[0], idx[1]);
		CHECK_INT("find-all-bounded", root_find_all(&s, &l, idx, 1), 2);
		s.value = "00000000-0000-0000-0000-000000000000";
		CHECK_INT("find-all-none", root_find_all(&s, &l, idx, 4), 0);
		s.kind = ROOT_PARTUUID;
		s.value = "b007ab1e-0000-4000-8000-0000000000b1";
		s.partnroff = 2147483647;	/* no overflow (UBSan watches) */
		CHECK_INT("find-partnroff-int-max", root_find(&s, &l), -ENOENT);
		s.partnroff = 0;
		CHECK_INT("may-match-partuuid-disk", root_may_match(&s, &l.dev[0]), 0);
		CHECK_INT("may-match-partuuid-part", root_may_match(&s, &l.dev[2]), 1);
		s.kind = ROOT_UUID;
		CHECK_INT("may-match-uuid-disk", root_may_match(&s, &l.dev[0]), 1);
		s.kind = ROOT_DEVNAME;
		s.value = "vdz9";
		CHECK_INT("names-directly-name", root_names_directly(&s, "vdz9", 1), 1);
		CHECK_INT("names-directly-other", root_names_directly(&s, "vdz8", 1), 0);
		s.kind = ROOT_DEVT;
		s.devt = makedev(8, 1);
		CHECK_INT("names-directly-devt", root_names_directly(&s, "sda1", makedev(8, 1)), 1);
	}
	blockdev_forget(&l.dev[1]);
	CHECK("forget", l.dev[1].probed == 0 && !l.dev[1].id.uuid[0] && !l.dev[1].partuuid[0] &&
	      strcmp(l.dev[1].name, "vda1") == 0, "forget left %s", l.dev[1].id.uuid);

	/* No fixed 128: the list grows to MAX_BLOCKDEVS, then only devices
	 * root= names directly get in (ROOT_RESERVE more). */
	l.dev[1].partn = 0;
	for (i = l.n; i < MAX_BLOCKDEVS; i++) {
		char name[8];

		name[0] = 'd';
		name[1] = (char)('0' + i / 1000);
		name[2] = (char)('0' + i / 100 % 10);
		name[3] = (char)('0' + i / 10 % 10);
		name[4] = (char)('0' + i % 10);
		name[5] = 0;
		if (devlist_add(&l, name, (dev_t)i, 0) != i)
			break;
	}
	CHECK_INT("devlist-grows-past-128", l.n, MAX_BLOCKDEVS);
	CHECK_INT("devlist-full", devlist_add(&l, "one-more", 9, 0), -ENOSPC);
	CHECK_INT("devlist-full-direct", devlist_add(&l, "the-root", 10, 1), MAX_BLOCKDEVS);
	devlist_free(&l);
	CHECK_INT("devlist-free", l.n, 0);
	test_partnroff();
	test_mdname();
	return CHECK_EXIT();
}
