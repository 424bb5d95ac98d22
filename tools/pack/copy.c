/* copy.c: fd-to-fd data copy with fallbacks (see copy.h). Both fds are used
 * at their file positions (NULL offsets), so a fallback in the middle of a
 * file simply continues where the previous way stopped. */
#include <errno.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "copy.h"

/* Largest single request: keeps each syscall bounded and fits ssize_t. */
#define CHUNK (1u << 30)

/* Errors that mean "this way cannot be used for this pair of fds" (other
 * filesystem, O_APPEND output, old kernel), not "the copy failed". */
static int refused(int err)
{
	return err == EXDEV || err == EINVAL || err == ENOSYS || err == EOPNOTSUPP ||
	       err == EBADF;
}

static int full_write(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int copy_rw(int out, int in, uint64_t n)
{
	static char buf[1 << 16];

	while (n) {
		size_t want = n < sizeof buf ? (size_t)n : sizeof buf;
		ssize_t r = read(in, buf, want);
		int rc;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ENODATA;
		rc = full_write(out, buf, (size_t)r);
		if (rc < 0)
			return rc;
		n -= (uint64_t)r;
	}
	return 0;
}

/* One kernel-side step; returns bytes moved (0: none, try the next way) or -errno. */
static ssize_t kernel_step(int out, int in, size_t want, enum copy_way way)
{
	if (way == COPY_RANGE)
		return copy_file_range(in, NULL, out, NULL, want, 0);
	return sendfile(out, in, NULL, want);
}

int copy_fd(int out, int in, uint64_t n, enum copy_way *way)
{
	while (n && *way != COPY_RW) {
		size_t want = n < CHUNK ? (size_t)n : CHUNK;
		ssize_t r = kernel_step(out, in, want, *way);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && !refused(errno))
			return -errno;
		if (r > 0) {
			n -= (uint64_t)r;
			continue;
		}
		/* Refused, or 0 before the end: some filesystems (procfs, sysfs)
		 * report data they cannot splice. Let read(2) decide about EOF. */
		*way = (*way == COPY_RANGE) ? COPY_SENDFILE : COPY_RW;
	}
	return n ? copy_rw(out, in, n) : 0;
}
