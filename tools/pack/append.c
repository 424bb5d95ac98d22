/* append.c: copying an existing image into the output (see append.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "append.h"

/* Do the kernel's unpackers take the file's last 4 bytes as the padding
 * that ends it? Yes when they are NULs, except after lz4: its legacy
 * format has no end marker, and a newc archive compressed by it ends in
 * NULs that are still compressed data (the archive's own padding, as
 * literals), so the kernel reads the next 4 bytes as a chunk size. An lz4
 * part always gets 4 NULs of its own. */
static int ends_with_nuls(int fd, off_t n)
{
	static const unsigned char lz4_legacy[4] = { 0x02, 0x21, 0x4c, 0x18 };
	unsigned char b[4];

	if (n < 4 || pread(fd, b, 4, 0) != 4 || memcmp(b, lz4_legacy, 4) == 0)
		return 0;
	if (pread(fd, b, 4, n - 4) != 4)
		return 0;
	return !b[0] && !b[1] && !b[2] && !b[3];
}

static int pad(struct sink *s, unsigned align, int at_least_4)
{
	static const char zeros[4];
	int rc = sink_pad(s, align);

	if (rc == 0 && at_least_4) {
		/* fewer than 4 were needed: one more block */
		rc = sink_write(s, zeros, sizeof zeros);
		if (rc == 0)
			rc = sink_pad(s, align);
	}
	return rc;
}

int append_image(struct sink *s, const char *path, unsigned align, int pad_after)
{
	struct stat st;
	unsigned need;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc, nuls;

	if (fd < 0)
		return -errno;
	rc = fstat(fd, &st) < 0 ? -errno : !S_ISREG(st.st_mode) ? -EINVAL : 0;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	nuls = ends_with_nuls(fd, st.st_size);
	rc = sink_copy(s, fd, (uint64_t)st.st_size);
	close(fd);
	if (rc < 0 || st.st_size == 0 || !pad_after)
		return rc;
	need = (unsigned)((align - (s->off & (align - 1))) & (align - 1));
	return pad(s, align, !nuls && need < 4);
}
