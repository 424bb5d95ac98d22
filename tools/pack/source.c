/* source.c: checking and opening file data sources (see source.h). File
 * mtimes are deliberately never read: every entry gets the image's one
 * mtime so the archive is reproducible. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

int source_probe(const char *path, uint32_t *size)
{
	struct stat st;
	int fd;

	/* stat before open: opening a FIFO for reading would wait for a writer. */
	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if ((uint64_t)st.st_size > SOURCE_MAX_SIZE)
		return -EFBIG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	*size = (uint32_t)st.st_size;
	return 0;
}

int source_open(const char *path, uint32_t size)
{
	struct stat st;
	/* O_NONBLOCK: if path became a FIFO since the probe, fail, do not hang. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode) || st.st_size != (off_t)size) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}
