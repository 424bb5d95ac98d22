/* fileio.c: the small helpers several steps share: reading a short procfs
 * or sysfs file, and sleeping whole seconds. */
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"

ssize_t read_text(const char *path, char *buf, size_t n)
{
	ssize_t len = 0, r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)len < n - 1 && (r = read(fd, buf + len, n - 1 - (size_t)len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			close(fd);
			return r;
		}
		len += r;
	}
	close(fd);
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return len;
}

void sleep_seconds(int s)
{
	struct timespec ts = { s, 0 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
