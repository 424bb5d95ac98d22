/* fileio.c: the small helpers several steps share: reading a short procfs
 * or sysfs file, writing a whole buffer, and sleeping whole seconds. */
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"

int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

ssize_t read_text(const char *path, char *buf, size_t n)
{
	ssize_t len = 0, r;
	char more;
	int fd;

	if (n == 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		/* Full: one byte more, only to learn whether the file ends. */
		if ((size_t)len < n - 1)
			r = read(fd, buf + len, n - 1 - (size_t)len);
		else
			r = read(fd, &more, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || (size_t)len == n - 1)
			break;
		len += r;
	}
	r = r < 0 ? -errno : r > 0 ? -EFBIG : 0;
	close(fd);
	if (r == 0)
		while (len > 0 && buf[len - 1] == '\n')
			len--;
	buf[len] = '\0';
	return r < 0 ? r : len;
}

void sleep_seconds(int s)
{
	struct timespec ts = { s, 0 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
