/* dm.c: device-mapper through its control node (include/dm.h). The request
 * is one struct dm_ioctl followed by its data; the kernel answers in the same
 * buffer. No udev: devtmpfs makes /dev/dm-N itself. */
#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bootcfg.h"
#include "dm.h"

#define DM_BUF	16384	/* a verity table is < 1 KiB; room for a few targets */

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

/* The header every request starts with. */
static int dm_header(struct dm_ioctl *io, size_t n, const char *name, const char *uuid)
{
	if (n < sizeof(*io) || !name || !*name || strlen(name) >= DM_NAME_MAX ||
	    (uuid && strlen(uuid) >= DM_UUID_MAX))
		return -EINVAL;
	memset(io, 0, sizeof(*io));
	io->version[0] = DM_VERSION_MAJOR;
	io->version[1] = 0;
	io->version[2] = 0;
	io->data_size = (uint32_t)n;
	io->data_start = sizeof(*io);
	strcpy(io->name, name);
	if (uuid)
		strcpy(io->uuid, uuid);
	return 0;
}

int dm_pack_table(void *buf, size_t n, const char *name, const struct dm_target *t, int nt,
		  unsigned flags)
{
	struct dm_ioctl *io = buf;
	size_t off = sizeof(*io);

	if (nt <= 0 || dm_header(io, n, name, NULL) < 0)
		return -EINVAL;
	for (int i = 0; i < nt; i++) {
		struct dm_target_spec *sp;
		size_t plen = strlen(t[i].params ? t[i].params : "") + 1;
		size_t next = align8(sizeof(*sp) + plen);

		if (!t[i].type || !*t[i].type || strlen(t[i].type) >= sizeof(sp->target_type))
			return -EINVAL;
		if (off + next > n || next > UINT32_MAX)
			return -E2BIG;
		sp = (struct dm_target_spec *)((char *)buf + off);
		memset(sp, 0, next);
		sp->sector_start = t[i].start;
		sp->length = t[i].length;
		strcpy(sp->target_type, t[i].type);
		memcpy(sp + 1, t[i].params ? t[i].params : "", plen);
		/* next: from this spec to the following one, as the kernel
		 * walks them. */
		sp->next = (uint32_t)next;
		off += next;
	}
	io->data_size = (uint32_t)off;
	io->target_count = (uint32_t)nt;
	if (flags & DM_RO)
		io->flags |= DM_READONLY_FLAG;
	return (int)off;
}

static int dm_call(int fd, unsigned long req, struct dm_ioctl *io)
{
	int r;

	do
		r = ioctl(fd, req, io);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

static int simple(int fd, unsigned long req, const char *name, uint32_t flags)
{
	struct dm_ioctl io;

	if (dm_header(&io, sizeof(io), name, NULL) < 0)
		return -EINVAL;
	io.flags = flags;
	return dm_call(fd, req, &io);
}

static int control(void)
{
	int fd = open(DM_CONTROL, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int set_step(const char **step, const char *what, int err)
{
	if (step)
		*step = what;
	return err;
}

/* Load into the inactive slot, then make it live (a suspend first when the
 * device already has a live table). */
static int load_and_resume(int fd, const char *name, const struct dm_target *t, int nt,
			   unsigned flags, int suspend_first, const char **step)
{
	static uint64_t buf[DM_BUF / 8];
	int err = dm_pack_table(buf, sizeof(buf), name, t, nt, flags);

	if (err < 0)
		return set_step(step, "packing the table", err);
	err = dm_call(fd, DM_TABLE_LOAD, (struct dm_ioctl *)buf);
	if (err < 0)
		return set_step(step, "DM_TABLE_LOAD", err);
	if (suspend_first) {
		err = simple(fd, DM_DEV_SUSPEND, name, DM_SUSPEND_FLAG);
		if (err < 0)
			return set_step(step, "DM_DEV_SUSPEND (suspend)", err);
	}
	err = simple(fd, DM_DEV_SUSPEND, name, 0);
	return err < 0 ? set_step(step, "DM_DEV_SUSPEND (resume)", err) : 0;
}

int dm_create(const char *name, const char *uuid, const struct dm_target *t, int nt,
	      unsigned flags, dev_t *devt, const char **step)
{
	struct dm_ioctl io;
	int fd = control(), err;

	if (fd < 0)
		return set_step(step, "opening " DM_CONTROL, fd);
	err = dm_header(&io, sizeof(io), name, uuid);
	if (err == 0)
		err = dm_call(fd, DM_DEV_CREATE, &io);
	if (err < 0) {
		close(fd);
		return set_step(step, "DM_DEV_CREATE", err);
	}
	*devt = decode_hex_devt((unsigned long)io.dev);
	err = load_and_resume(fd, name, t, nt, flags, 0, step);
	if (err < 0)
		simple(fd, DM_DEV_REMOVE, name, 0);
	close(fd);
	return err;
}

int dm_reload(const char *name, const struct dm_target *t, int nt, unsigned flags,
	      const char **step)
{
	int fd = control(), err;

	if (fd < 0)
		return set_step(step, "opening " DM_CONTROL, fd);
	err = load_and_resume(fd, name, t, nt, flags, 1, step);
	close(fd);
	return err;
}

int dm_remove(const char *name)
{
	int fd = control(), err;

	if (fd < 0)
		return fd;
	err = simple(fd, DM_DEV_REMOVE, name, 0);
	close(fd);
	return err;
}
