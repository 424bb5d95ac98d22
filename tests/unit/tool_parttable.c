/* tool_parttable.c: host helper for tests/unit/t-parttable.sh. Runs
 * parttable_read on an image file the way /init runs it on a disk:
 *   build/tests/tool_parttable IMAGE SECTOR_SIZE
 * and prints
 *   PTTYPE=gpt PTUUID=<disk id> HEADER=primary|backup [TRUNCATED=1]
 *   N=<n> PARTUUID=<uuid> PARTLABEL="<label>" START=<lba> SIZE=<lbas> TYPE=<type>
 * (one N= line per partition, in table order; dos tables have no HEADER=).
 * START and SIZE count sectors of SECTOR_SIZE bytes. PARTLABEL is quoted and
 * escaped exactly as `partx -P` (libsmartcols) prints NAME: " \ ` $ and
 * every byte that is not printable ASCII as \xNN.
 * Exits 0 when a table was read, 1 when there is none (-ENOENT), 3 when it
 * is corrupt (-EINVAL), 2 on usage or I/O errors (with a message naming the
 * file). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parttable.h"

struct image {
	int fd;
	unsigned long long reads, max_len;	/* to check that reads are bounded */
};

static int read_image(void *ctx, unsigned long long off, void *buf, size_t len)
{
	struct image *img = ctx;
	size_t got = 0;

	img->reads++;
	if (len > img->max_len)
		img->max_len = len;
	while (got < len) {
		ssize_t r = pread(img->fd, (char *)buf + got, len - got, (off_t)(off + got));

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

static void put_quoted(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7f || strchr("\"\\`$", *p))
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void print_table(const struct parttable *t)
{
	int i;

	printf("PTTYPE=%s PTUUID=%s", t->kind, t->disk_id);
	if (strcmp(t->kind, "gpt") == 0)
		printf(" HEADER=%s", t->from_backup ? "backup" : "primary");
	if (t->truncated)
		printf(" TRUNCATED=1");
	putchar('\n');
	for (i = 0; i < t->n; i++) {
		const struct partinfo *p = &t->part[i];

		printf("N=%d PARTUUID=%s PARTLABEL=", p->number, p->partuuid);
		put_quoted(p->partlabel);
		printf(" START=%llu SIZE=%llu TYPE=%s\n", p->start_lba, p->nr_lba,
		       p->type_guid);
	}
}

int main(int argc, char **argv)
{
	static struct parttable t;
	struct image img = { .fd = -1 };
	struct stat st;
	char *end;
	unsigned long ssz;
	int r;

	if (argc != 3) {
		fprintf(stderr, "usage: tool_parttable IMAGE SECTOR_SIZE\n");
		return 2;
	}
	errno = 0;
	ssz = strtoul(argv[2], &end, 10);
	if (errno || end == argv[2] || *end || ssz > 1UL << 20) {
		fprintf(stderr, "tool_parttable: bad sector size '%s'\n", argv[2]);
		return 2;
	}
	img.fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (img.fd < 0 || fstat(img.fd, &st) < 0) {
		fprintf(stderr, "tool_parttable: %s: cannot open: %s\n", argv[1], strerror(errno));
		return 2;
	}
	r = parttable_read(read_image, &img, (unsigned)ssz, (unsigned long long)st.st_size, &t);
	close(img.fd);
	if (img.max_len > PT_READ_MAX) {
		fprintf(stderr, "tool_parttable: a read of %llu bytes exceeds PT_READ_MAX\n",
			img.max_len);
		return 2;
	}
	if (r == -ENOENT) {
		fprintf(stderr, "tool_parttable: %s: no partition table at sector size %lu\n",
			argv[1], ssz);
		return 1;
	}
	if (r == -EINVAL) {
		fprintf(stderr, "tool_parttable: %s: corrupt partition table (or bad sector size %lu)\n",
			argv[1], ssz);
		return 3;
	}
	if (r) {
		fprintf(stderr, "tool_parttable: %s: %s\n", argv[1], strerror(-r));
		return 2;
	}
	print_table(&t);
	return 0;
}
