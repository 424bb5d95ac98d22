/* sink.c: buffered, offset-counting archive output (see sink.h). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sink.h"

void sink_init(struct sink *s, int fd)
{
	struct stat st;

	s->fd = fd;
	s->off = 0;
	s->len = 0;
	if (fstat(fd, &st) < 0)
		s->way = COPY_RW;
	else if (S_ISREG(st.st_mode))
		s->way = COPY_RANGE;
	else if (S_ISFIFO(st.st_mode))
		s->way = COPY_SENDFILE;	/* the kernel splices into the pipe */
	else
		s->way = COPY_RW;	/* terminals, sockets: plain writes */
}

int sink_flush(struct sink *s)
{
	const char *p = s->buf;
	size_t n = s->len;

	while (n) {
		ssize_t w = write(s->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	s->len = 0;
	return 0;
}

int sink_write(struct sink *s, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		size_t room = sizeof s->buf - s->len;
		size_t k = n < room ? n : room;
		int rc;

		memcpy(s->buf + s->len, c, k);
		s->len += k;
		s->off += k;
		c += k;
		n -= k;
		if (s->len == sizeof s->buf && (rc = sink_flush(s)) < 0)
			return rc;
	}
	return 0;
}

int sink_pad(struct sink *s, unsigned align)
{
	static const char zeros[SINK_MAX_ALIGN];
	size_t n = (size_t)((align - (s->off & (align - 1))) & (align - 1));

	return sink_write(s, zeros, n);
}

int sink_copy(struct sink *s, int in, uint64_t n)
{
	int rc = sink_flush(s);	/* file data must land after what is buffered */

	if (rc == 0)
		rc = copy_fd(s->fd, in, n, &s->way);
	if (rc == 0)
		s->off += n;
	return rc;
}
