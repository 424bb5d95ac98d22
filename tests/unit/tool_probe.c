/* tool_probe.c: host helper for tests/unit/t-probe.sh. Runs probe_fs on a
 * file the way blockdev.c runs it on a device:
 *   build/tests/tool_probe FILE [OFFSET]
 * reads PROBE_READ_SIZE bytes at OFFSET (default 0; decimal or 0x hex; at
 * 0 the file's last PROBE_TAIL_SIZE bytes too, for MD's superblocks) and
 * prints TYPE=, UUID= and LABEL= lines escaped exactly like
 * `blkid -o export`, so the script can compare lines with blkid's and a shell
 * can eval them. Exits 0 when recognised, 1 when unknown, 2 on usage or I/O
 * errors (with a message naming the file). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"

/* blkid's safe_print(): bytes >= 128 as M-x, control bytes as ^X, and a
 * backslash before the characters a shell would act on. */
static void put_export(const char *key, const char *value)
{
	const unsigned char *p;

	printf("%s=", key);
	for (p = (const unsigned char *)value; *p; p++) {
		unsigned char c = *p;

		if (c >= 128) {
			fputs("M-", stdout);
			c -= 128;
		}
		if (c < 32 || c == 0x7f) {
			putchar('^');
			c ^= 0x40;
		} else if (strchr(" \\\"'$`<>", c)) {
			putchar('\\');
		}
		putchar(c);
	}
	putchar('\n');
}

static int parse_offset(const char *s, off_t *off)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || v > (unsigned long long)INT64_MAX)
		return -1;
	*off = (off_t)v;
	return 0;
}

/* Reads up to n bytes at off; a file shorter than that gives fewer, as a
 * small device would. Returns the count or -1 with errno set. */
static ssize_t read_at(int fd, unsigned char *buf, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, off + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int main(int argc, char **argv)
{
	static unsigned char buf[PROBE_READ_SIZE], tail[PROBE_TAIL_SIZE];
	struct fsid id;
	struct stat st;
	ssize_t tn = 0;
	off_t off = 0;
	ssize_t got;
	int fd;

	if (argc < 2 || argc > 3 || (argc == 3 && parse_offset(argv[2], &off))) {
		fprintf(stderr, "usage: tool_probe FILE [OFFSET]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "tool_probe: %s: cannot open: %s\n", argv[1], strerror(errno));
		return 2;
	}
	got = read_at(fd, buf, sizeof(buf), off);
	if (got < 0) {
		fprintf(stderr, "tool_probe: %s: cannot read at offset %lld: %s\n",
			argv[1], (long long)off, strerror(errno));
		close(fd);
		return 2;
	}
	/* The whole file, as a device: its end too, where MD 0.90 and 1.0
	 * keep their superblock. */
	if (off == 0 && fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof(buf)) {
		size_t want = st.st_size < (off_t)sizeof(tail) ? (size_t)st.st_size : sizeof(tail);

		tn = read_at(fd, tail, want, st.st_size - (off_t)want);
		if (tn != (ssize_t)want)
			tn = 0;
	}
	close(fd);
	if ((tn ? probe_dev(buf, (size_t)got, tail, (size_t)tn, (unsigned long long)st.st_size, &id)
	        : probe_fs(buf, (size_t)got, &id)) != 0) {
		fprintf(stderr, "tool_probe: %s: no filesystem recognised in %zd bytes at offset %lld\n",
			argv[1], got, (long long)off);
		return 1;
	}
	put_export("TYPE", id.type);
	put_export("UUID", id.uuid);
	put_export("LABEL", id.label);
	return 0;
}
