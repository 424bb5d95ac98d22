/* gptmain.c: baton-gpt, the partition table writer tools/baton-mkdisk calls.
 *
 *   baton-gpt IMAGE SECTOR_SIZE DISK_GUID [FIRST,LAST,TYPE,UUID,NAME[,ATTR...]]...
 *
 * IMAGE exists and is a whole number of sectors long; the protective MBR,
 * the primary header and entries go at its start, the backup entries and
 * header at its end. Nothing else is written. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gpt.h"

static int write_all(int fd, const uint8_t *b, size_t n, off_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, b, n, off);

		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct gpt_disk d;
	uint8_t *head, *tail;
	struct stat st;
	int fd, i;

	if (argc < 4) {
		fputs("usage: baton-gpt IMAGE 512|4096 DISK-GUID [FIRST,LAST,TYPE-GUID,UUID,NAME[,ATTR-BIT...]]...\n", stderr);
		return 2;
	}
	memset(&d, 0, sizeof(d));
	d.ss = (uint32_t)atoi(argv[2]);
	if ((d.ss != 512 && d.ss != 4096) || gpt_guid_parse(argv[3], d.guid) || strlen(argv[3]) != 36) {
		fprintf(stderr, "baton-gpt: bad sector size \"%s\" or disk GUID \"%s\"\n", argv[2], argv[3]);
		return 2;
	}
	for (i = 4; i < argc; i++) {
		if (d.nparts == GPT_MAX_PARTS || gpt_part_parse(argv[i], &d.part[d.nparts])) {
			fprintf(stderr, "baton-gpt: bad partition \"%s\" (FIRST,LAST,TYPE-GUID,UUID,NAME[,ATTR-BIT...])\n", argv[i]);
			return 2;
		}
		d.nparts++;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0 || fstat(fd, &st) || st.st_size % d.ss) {
		fprintf(stderr, "baton-gpt: %s: %s\n", argv[1], fd < 0 ? strerror(errno) : "not a whole number of sectors");
		return 1;
	}
	d.sectors = (uint64_t)st.st_size / d.ss;
	head = calloc(1, gpt_head_size(d.ss));
	tail = calloc(1, gpt_tail_size(d.ss));
	if (!head || !tail)
		return 1;
	if (gpt_build(&d, head, tail)) {
		fprintf(stderr, "baton-gpt: a partition lies outside the usable sectors of %s or overlaps another\n", argv[1]);
		return 1;
	}
	if (write_all(fd, head, gpt_head_size(d.ss), 0) ||
	    write_all(fd, tail, gpt_tail_size(d.ss), st.st_size - (off_t)gpt_tail_size(d.ss)) || close(fd)) {
		fprintf(stderr, "baton-gpt: writing %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	free(head);
	free(tail);
	return 0;
}
