/* tool_blkid_diff.c: host helper for tests/unit/t-blkid-diff.sh, the
 * differential test of baton's own identification backend (init/probe*.c,
 * init/parttable.c) against libblkid, the backend of `make BLKID=1`:
 *   build/tests/tool_blkid_diff IMAGE [SECTOR_SIZE]
 * runs both over the same image file and prints one line per field:
 *   SCOPE KEY="value"                              both say the same
 *   SCOPE KEY DIFFERS own="value" blkid="value"    they do not
 * where SCOPE is
 *   image  the whole file's filesystem: probe_dev() on its first
 *          PROBE_READ_SIZE and last PROBE_TAIL_SIZE bytes, as identify.c
 *          reads a device, against a libblkid superblocks safeprobe of the
 *          file: TYPE, UUID, LABEL;
 *   table  its partition table: parttable_read() at SECTOR_SIZE (default
 *          512) against libblkid's partition list (blkid_probe_set_sectorsize
 *          for other sizes): PTTYPE, PTUUID;
 *   pN     partition N (the union of both lists, by number): EXTENDED,
 *          PARTUUID, PARTLABEL, PARTTYPE, START and SIZE (bytes), and the
 *          filesystem inside it: probe_fs() on the bytes at the partition's
 *          offset against libblkid on blkid_probe_set_device(fd, offset,
 *          size), each at the offset its own table gave: TYPE, UUID, LABEL.
 * A partition one side lacks shows as (none). Values are quoted with '"',
 * '\', '`', '$' and every byte outside printable ASCII as \xNN.
 * Lines starting with "# " are notes (return codes), not compared.
 * Exits 0 when everything is identical, 1 on any difference, 2 on usage or
 * I/O errors (with a message naming the file). */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parttable.h"
#include "probe.h"

#define NONE	"\001"	/* a field of a partition one side does not have */

struct part {
	int present;
	int extended;
	unsigned long long start, size;	/* bytes */
	char partuuid[64];
	char partlabel[PT_LABEL_SIZE * 2];
	char parttype[64];
	struct fsid id;
};

static int differences;
static const char *image;
static unsigned long long image_bytes;

static void put_quoted(const char *s)
{
	const unsigned char *p;

	if (strcmp(s, NONE) == 0) {
		fputs("(none)", stdout);
		return;
	}
	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7f || strchr("\"\\`$", *p))
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void field(const char *scope, const char *key, const char *own, const char *ref)
{
	printf("%s %s", scope, key);
	if (strcmp(own, ref) == 0) {
		putchar('=');
		put_quoted(own);
	} else {
		fputs(" DIFFERS own=", stdout);
		put_quoted(own);
		fputs(" blkid=", stdout);
		put_quoted(ref);
		differences++;
	}
	putchar('\n');
}

static void field_num(const char *scope, const char *key, int present_own,
		      unsigned long long own, int present_ref, unsigned long long ref)
{
	char a[32], b[32];

	snprintf(a, sizeof(a), "%llu", own);
	snprintf(b, sizeof(b), "%llu", ref);
	field(scope, key, present_own ? a : NONE, present_ref ? b : NONE);
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int read_at(int fd, unsigned long long off, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;
		got += (size_t)r;
	}
	return 0;
}

static int pt_read(void *ctx, unsigned long long off, void *buf, size_t len)
{
	return read_at(*(int *)ctx, off, buf, len);
}

/* ---- baton's side ---------------------------------------------------- */

/* probe_fs on the device [off, off + size) of the image, read as identify.c
 * reads a device: PROBE_READ_SIZE bytes, or all of it when it is shorter
 * (and a partition running past the end of the file ends there). */
static int own_probe(int fd, unsigned long long off, unsigned long long size, struct fsid *id)
{
	static unsigned char buf[PROBE_READ_SIZE], tail[PROBE_TAIL_SIZE];
	size_t n = PROBE_READ_SIZE, tn = PROBE_TAIL_SIZE;
	int err;

	memset(id, 0, sizeof(*id));
	if (off >= image_bytes)
		return 0;
	if (size > image_bytes - off)
		size = image_bytes - off;
	if (size < n)
		n = (size_t)size;
	if (size < tn)
		tn = (size_t)size;
	err = read_at(fd, off, buf, n);
	if (err == 0)
		err = read_at(fd, off + size - tn, tail, tn);
	if (err < 0) {
		fprintf(stderr, "tool_blkid_diff: %s: cannot read %zu bytes at %llu: %s\n",
			image, n, off, strerror(-err));
		return err;
	}
	probe_dev(buf, n, tail, tn, size, id);
	return 0;
}

/* ---- libblkid's side --------------------------------------------------- */

static void lookup(blkid_probe pr, const char *key, char *dst, size_t n)
{
	const char *val;
	size_t len;

	dst[0] = '\0';
	if (blkid_probe_lookup_value(pr, key, &val, &len) == 0)
		copy(dst, n, val);
}

/* A superblocks safeprobe as identify_blkid.c does (TYPE, UUID, LABEL);
 * the partitions chain stays off, as identify_blkid.c's table values are
 * compared separately. Returns the safeprobe's result. */
static int blkid_superblocks(blkid_probe pr, struct fsid *id)
{
	int rc;

	memset(id, 0, sizeof(*id));
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID |
					  BLKID_SUBLKS_LABEL);
	blkid_probe_enable_partitions(pr, 0);
	rc = blkid_do_safeprobe(pr);
	if (rc == 0) {
		lookup(pr, "TYPE", id->type, sizeof(id->type));
		lookup(pr, "UUID", id->uuid, sizeof(id->uuid));
		lookup(pr, "LABEL", id->label, sizeof(id->label));
	}
	return rc;
}

static int blkid_probe_at(int fd, unsigned long long off, unsigned long long size,
			  struct fsid *id)
{
	blkid_probe pr = blkid_new_probe();
	int rc;

	memset(id, 0, sizeof(*id));
	if (!pr)
		return -ENOMEM;
	if (blkid_probe_set_device(pr, fd, (blkid_loff_t)off, (blkid_loff_t)size) != 0) {
		blkid_free_probe(pr);
		return -EIO;
	}
	rc = blkid_superblocks(pr, id);
	blkid_free_probe(pr);
	return rc;
}

static void put_fsid(const char *scope, const struct fsid *own, const struct fsid *ref)
{
	field(scope, "TYPE", own->type, ref->type);
	field(scope, "UUID", own->uuid, ref->uuid);
	field(scope, "LABEL", own->label, ref->label);
}

/* ---- the three comparisons --------------------------------------------- */

static int compare_image(int fd)
{
	struct fsid own, ref;
	blkid_probe pr;
	int rc;

	if (own_probe(fd, 0, image_bytes, &own) < 0)
		return -1;
	pr = blkid_new_probe_from_filename(image);
	if (!pr) {
		fprintf(stderr, "tool_blkid_diff: %s: libblkid cannot open it\n", image);
		return -1;
	}
	rc = blkid_superblocks(pr, &ref);
	blkid_free_probe(pr);
	if (rc != 0)
		printf("# image: libblkid safeprobe returned %d%s\n", rc,
		       rc == -2 ? " (ambivalent)" : rc == 1 ? " (nothing)" : "");
	put_fsid("image", &own, &ref);
	return 0;
}

static struct part own_parts[PT_MAX_NUMBER + 1], ref_parts[PT_MAX_NUMBER + 1];

static void own_table(int fd, unsigned ssz, char *kind, char *id, size_t n)
{
	static struct parttable t;
	int rc, i;

	rc = parttable_read(pt_read, &fd, ssz, image_bytes, &t);
	if (rc != 0 && rc != -ENOENT)
		printf("# table: parttable_read returned %d (%s)\n", rc, strerror(-rc));
	copy(kind, n, t.kind);
	copy(id, n, t.disk_id);
	if (rc != 0)
		return;
	if (t.truncated)
		printf("# table: parttable_read says truncated\n");
	if (t.from_backup)
		printf("# table: parttable_read used the backup GPT header\n");
	for (i = 0; i < t.n; i++) {
		const struct partinfo *p = &t.part[i];
		struct part *o;

		if (p->number < 1 || p->number > PT_MAX_NUMBER) {
			printf("# table: parttable_read gave partition number %d\n", p->number);
			differences++;
			continue;
		}
		o = &own_parts[p->number];
		if (o->present) {
			printf("# table: parttable_read gave partition %d twice\n", p->number);
			differences++;
		}
		o->present = 1;
		o->extended = !!(p->flags & PT_EXTENDED);
		o->start = p->start_lba * ssz;
		o->size = p->nr_lba * ssz;
		copy(o->partuuid, sizeof(o->partuuid), p->partuuid);
		copy(o->partlabel, sizeof(o->partlabel), p->partlabel);
		copy(o->parttype, sizeof(o->parttype), p->type_guid);
	}
}

static int ref_table(unsigned ssz, char *kind, char *id, size_t n)
{
	blkid_probe pr = blkid_new_probe_from_filename(image);
	blkid_partlist ls;
	blkid_parttable tab;
	int i, count;

	kind[0] = id[0] = '\0';
	if (!pr) {
		fprintf(stderr, "tool_blkid_diff: %s: libblkid cannot open it\n", image);
		return -1;
	}
	if (ssz != 512 && blkid_probe_set_sectorsize(pr, ssz) != 0) {
		fprintf(stderr, "tool_blkid_diff: libblkid refuses sector size %u\n", ssz);
		blkid_free_probe(pr);
		return -1;
	}
	ls = blkid_probe_get_partitions(pr);
	tab = ls ? blkid_partlist_get_table(ls) : NULL;
	if (tab) {
		copy(kind, n, blkid_parttable_get_type(tab));
		copy(id, n, blkid_parttable_get_id(tab));
	}
	count = ls ? blkid_partlist_numof_partitions(ls) : 0;
	for (i = 0; i < count; i++) {
		blkid_partition par = blkid_partlist_get_partition(ls, i);
		int num = par ? blkid_partition_get_partno(par) : -1;
		struct part *r;

		if (num < 1 || num > PT_MAX_NUMBER) {
			printf("# table: libblkid gave partition number %d\n", num);
			continue;
		}
		r = &ref_parts[num];
		r->present = 1;
		r->extended = blkid_partition_is_extended(par);
		/* libblkid counts partitions in 512-byte sectors whatever the
		 * logical sector size. */
		r->start = (unsigned long long)blkid_partition_get_start(par) * 512;
		r->size = (unsigned long long)blkid_partition_get_size(par) * 512;
		copy(r->partuuid, sizeof(r->partuuid), blkid_partition_get_uuid(par));
		copy(r->partlabel, sizeof(r->partlabel), blkid_partition_get_name(par));
		if (blkid_partition_get_type_string(par))
			copy(r->parttype, sizeof(r->parttype),
			     blkid_partition_get_type_string(par));
		else
			snprintf(r->parttype, sizeof(r->parttype), "0x%x",
				 (unsigned)blkid_partition_get_type(par));
	}
	blkid_free_probe(pr);
	return 0;
}

static int compare_partitions(int fd, unsigned ssz)
{
	char own_kind[64], own_id[64], ref_kind[64], ref_id[64];
	int num;

	own_table(fd, ssz, own_kind, own_id, sizeof(own_kind));
	if (ref_table(ssz, ref_kind, ref_id, sizeof(ref_kind)) < 0)
		return -1;
	field("table", "PTTYPE", own_kind, ref_kind);
	field("table", "PTUUID", own_id, ref_id);

	for (num = 1; num <= PT_MAX_NUMBER; num++) {
		const struct part *o = &own_parts[num], *r = &ref_parts[num];
		struct fsid own_id_fs, ref_id_fs;
		char scope[16];
		int rc;

		if (!o->present && !r->present)
			continue;
		snprintf(scope, sizeof(scope), "p%d", num);
		field(scope, "EXTENDED", o->present ? (o->extended ? "1" : "0") : NONE,
		      r->present ? (r->extended ? "1" : "0") : NONE);
		field(scope, "PARTUUID", o->present ? o->partuuid : NONE,
		      r->present ? r->partuuid : NONE);
		field(scope, "PARTLABEL", o->present ? o->partlabel : NONE,
		      r->present ? r->partlabel : NONE);
		field(scope, "PARTTYPE", o->present ? o->parttype : NONE,
		      r->present ? r->parttype : NONE);
		field_num(scope, "START", o->present, o->start, r->present, r->start);
		field_num(scope, "SIZE", o->present, o->size, r->present, r->size);

		memset(&own_id_fs, 0, sizeof(own_id_fs));
		memset(&ref_id_fs, 0, sizeof(ref_id_fs));
		if (o->present && own_probe(fd, o->start, o->size, &own_id_fs) < 0)
			return -1;
		if (r->present) {
			rc = blkid_probe_at(fd, r->start, r->size, &ref_id_fs);
			if (rc < 0 && rc != -2) {
				fprintf(stderr, "tool_blkid_diff: %s: libblkid cannot probe "
					"partition %d: %d\n", image, num, rc);
				return -1;
			}
			if (rc != 0 && rc != 1)
				printf("# %s: libblkid safeprobe returned %d%s\n", scope, rc,
				       rc == -2 ? " (ambivalent)" : "");
		}
		if (!o->present)
			strcpy(own_id_fs.type, NONE);
		if (!r->present)
			strcpy(ref_id_fs.type, NONE);
		put_fsid(scope, &own_id_fs, &ref_id_fs);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long ssz = 512;
	struct stat st;
	char *end;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: tool_blkid_diff IMAGE [SECTOR_SIZE]\n");
		return 2;
	}
	if (argc == 3) {
		errno = 0;
		ssz = strtoul(argv[2], &end, 10);
		if (errno || end == argv[2] || *end || ssz < 512 || ssz > 65536 ||
		    (ssz & (ssz - 1))) {
			fprintf(stderr, "tool_blkid_diff: bad sector size '%s'\n", argv[2]);
			return 2;
		}
	}
	image = argv[1];
	fd = open(image, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "tool_blkid_diff: %s: cannot open: %s\n", image, strerror(errno));
		return 2;
	}
	image_bytes = (unsigned long long)st.st_size;
	if (compare_image(fd) < 0 || compare_partitions(fd, (unsigned)ssz) < 0) {
		close(fd);
		return 2;
	}
	close(fd);
	return differences ? 1 : 0;
}
