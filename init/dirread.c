/* dirread.c: a directory's entries, a buffer of getdents64 records at a
 * time (see include/dirread.h). */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "compat.h"
#include "dirread.h"

int dir_open(struct dirread *d, int dirfd, const char *path)
{
	d->pos = d->len = 0;
	d->fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return d->fd < 0 ? -errno : 0;
}

void dir_adopt(struct dirread *d, int fd)
{
	d->pos = d->len = 0;
	d->fd = fd;
}

const struct kdirent *dir_next(struct dirread *d)
{
	const struct kdirent *e;

	if (d->pos >= d->len) {
		int n = sys_getdents64(d->fd, d->buf, sizeof(d->buf));

		if (n <= 0) {
			errno = n < 0 ? errno : 0;
			return NULL;
		}
		d->len = n;
		d->pos = 0;
	}
	e = (const struct kdirent *)(d->buf + d->pos);
	d->pos += e->reclen;
	return e;
}

void dir_close(struct dirread *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}
