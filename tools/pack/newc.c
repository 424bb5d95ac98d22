/* newc.c: newc archive layout (see newc.h). Each member is a 110-byte
 * ASCII-hex header, the NUL-terminated name, padding to 4, the data,
 * padding to 4. With -c the magic is "070702" and c_check of the member
 * carrying a file's data is the sum of its bytes (0 elsewhere), as
 * gen_init_cpio -c writes; the kernel and GNU cpio -i verify it. Choices,
 * all so that the kernel (init/initramfs.c) and GNU cpio -i unpack the
 * same tree:
 *  - hard links: every name gets a header with the shared inode and
 *    nlink = number of names; the data goes with the LAST name only, the
 *    others have c_filesize 0. That is what gen_init_cpio and GNU cpio -o
 *    write. The kernel creates the first name, links the later ones to it
 *    and writes the data through the last; GNU cpio -i defers size-0
 *    links until the data arrives.
 *  - nlink is 1 for every other non-directory: the kernel looks up all
 *    nlink >= 2 entries in its link table, which only files need.
 *  - c_devmajor/c_devminor are 0 for all: they only identify the
 *    filesystem of the inode numbers, and there is just one.
 *  - symlink data is the target without a trailing NUL, as GNU cpio writes.
 *  - the trailer has inode 0, nlink 1 and mtime 0, as gen_init_cpio, and
 *    the archive is NUL-padded after it to the alignment (512 default). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newc.h"
#include "source.h"

#define NEWC_MAGIC "070701"
#define CRC_MAGIC "070702"
#define NEWC_HDR_LEN 110
#define TRAILER_NAME "TRAILER!!!"

struct newc_hdr {
	uint32_t ino, mode, uid, gid, nlink, mtime, filesize;
	uint32_t rmajor, rminor;
	uint32_t check;		/* "070702" only */
	int crc;
};

static int put_header(struct sink *s, const struct newc_hdr *h, const char *name)
{
	char hdr[NEWC_HDR_LEN + 1];
	size_t namesize = strlen(name) + 1;
	int rc;

	snprintf(hdr, sizeof hdr,
		 "%s%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32
		 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32
		 "%08" PRIX32 "%08" PRIX32, h->crc ? CRC_MAGIC : NEWC_MAGIC,
		 h->ino, h->mode, h->uid, h->gid, h->nlink, h->mtime, h->filesize,
		 (uint32_t)0, (uint32_t)0,	/* c_devmajor, c_devminor */
		 h->rmajor, h->rminor, (uint32_t)namesize,
		 h->check);			/* 0 unless "070702" */
	rc = sink_write(s, hdr, NEWC_HDR_LEN);
	if (rc == 0)
		rc = sink_write(s, name, namesize);
	if (rc == 0)
		rc = sink_pad(s, 4);
	return rc;
}

static void hdr_from_entry(struct newc_hdr *h, const struct entry *e, uint32_t ino,
			   uint32_t mtime, int crc)
{
	memset(h, 0, sizeof *h);
	h->crc = crc;
	h->ino = ino;
	h->mode = e->mode;
	h->uid = e->uid;
	h->gid = e->gid;
	h->mtime = mtime;
	h->rmajor = e->rmajor;
	h->rminor = e->rminor;
	h->nlink = S_ISDIR(e->mode) ? 2 : 1;
}

/* The sum of the n data bytes at fd's start, as "070702" wants; fd is
 * left at its start again. */
static int data_sum(int fd, uint32_t n, uint32_t *sum)
{
	static unsigned char buf[1 << 16];

	*sum = 0;
	while (n) {
		ssize_t r = read(fd, buf, n < sizeof buf ? n : sizeof buf);
		ssize_t i;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ENODATA;
		for (i = 0; i < r; i++)
			*sum += buf[i];
		n -= (uint32_t)r;
	}
	return lseek(fd, 0, SEEK_SET) < 0 ? -errno : 0;
}

/* The source of a regular file, opened (and summed for "070702"); errors
 * are the source's. */
static int open_data(const struct entry *e, struct newc_hdr *h)
{
	int fd = source_open(e->source, e->size);
	int rc;

	if (fd < 0 || !h->crc)
		return fd;
	rc = data_sum(fd, e->size, &h->check);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Every name of the file; the data goes with the last one. */
static int put_file(struct sink *s, struct newc_hdr *h, const struct entry *e,
		    const struct entry **culprit)
{
	size_t i;
	int rc = 0, fd = -1;

	h->nlink = (uint32_t)e->nnames;
	for (i = 0; i < e->nnames && rc == 0; i++) {
		int last = i + 1 == e->nnames;

		h->filesize = last ? e->size : 0;
		h->check = 0;
		if (last && (fd = open_data(e, h)) < 0) {
			*culprit = e;
			return fd;
		}
		rc = put_header(s, h, e->names[i]);
		if (rc == 0 && last && (rc = sink_copy(s, fd, e->size)) < 0)
			*culprit = e;
	}
	if (fd >= 0)
		close(fd);
	return rc ? rc : sink_pad(s, 4);
}

static int put_slink(struct sink *s, struct newc_hdr *h, const struct entry *e)
{
	size_t len = strlen(e->target);
	int rc;

	h->filesize = (uint32_t)len;
	rc = put_header(s, h, e->names[0]);
	if (rc == 0)
		rc = sink_write(s, e->target, len);
	return rc ? rc : sink_pad(s, 4);
}

static int put_entry(struct sink *s, const struct entry *e, uint32_t ino, uint32_t mtime,
		     int crc, const struct entry **culprit)
{
	struct newc_hdr h;

	hdr_from_entry(&h, e, ino, mtime, crc);
	if (S_ISREG(e->mode))
		return put_file(s, &h, e, culprit);
	if (S_ISLNK(e->mode))
		return put_slink(s, &h, e);
	return put_header(s, &h, e->names[0]);
}

static int put_trailer(struct sink *s, const struct newc_opts *o)
{
	struct newc_hdr h = { .nlink = 1, .crc = o->crc };
	int rc = put_header(s, &h, TRAILER_NAME);

	/* Whole blocks (512 bytes by default, as cpio(1) writes): tools that
	 * read the image as a tape-style stream expect it, the kernel skips
	 * NULs, and whatever is appended next starts aligned. */
	return rc ? rc : sink_pad(s, o->align);
}

int newc_write(struct sink *s, const struct image *img, const struct newc_opts *o,
	       const struct entry **culprit)
{
	size_t i;
	int rc = 0;

	*culprit = NULL;
	for (i = 0; i < img->n && rc == 0; i++)
		rc = put_entry(s, &img->v[i], NEWC_FIRST_INO + (uint32_t)i, img->mtime, o->crc,
			       culprit);
	if (rc == 0)
		rc = put_trailer(s, o);
	if (rc == 0)
		rc = sink_flush(s);
	return rc;
}
