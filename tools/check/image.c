/* image.c: loading the image (see image.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"

static int read_all(struct image *im, int fd)
{
	size_t cap = 1 << 20, len = 0;
	uint8_t *buf = malloc(cap);

	while (buf) {
		ssize_t r;

		if (len == cap) {
			uint8_t *n = realloc(buf, cap *= 2);

			if (!n)
				break;
			buf = n;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = -errno;

			free(buf);
			return err;
		}
		if (r == 0) {
			im->buf = buf;
			im->p = buf;
			im->len = len;
			return 0;
		}
		len += (size_t)r;
	}
	free(buf);
	return -ENOMEM;
}

static int map_file(struct image *im, int fd, size_t len)
{
	static const uint8_t empty[1];
	void *m;

	if (len == 0) {
		im->p = empty;
		return 0;
	}
	m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return -errno;
	madvise(m, len, MADV_SEQUENTIAL);
	im->map = m;
	im->p = m;
	im->len = len;
	return 0;
}

int image_open(struct image *im, const char *path)
{
	struct stat st;
	int fd, rc;

	memset(im, 0, sizeof *im);
	fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (S_ISDIR(st.st_mode))
		rc = -EISDIR;
	else if (S_ISREG(st.st_mode))
		rc = map_file(im, fd, (size_t)st.st_size);
	else
		rc = read_all(im, fd);
	close(fd);
	return rc;
}

void image_close(struct image *im)
{
	if (im->map)
		munmap(im->map, im->len);
	free(im->buf);
	memset(im, 0, sizeof *im);
}
