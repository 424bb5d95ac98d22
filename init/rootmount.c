/* rootmount.c: mounts the root as the kernel would: each rootfstype= in
 * order, else the probed type, else every block filesystem the kernel has;
 * read-only retry when the device refuses writes. As the kernel's
 * mount_root_generic and klibc's mount_block, only "not this filesystem"
 * goes on to the next type: any other error is the device's, and the same
 * for every type. */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "log.h"
#include "mountopts.h"
#include "sys.h"

#define MAX_KERNEL_FS 64

/* Fills types with the block (not "nodev") filesystems in /proc/filesystems. */
static int kernel_fstypes(char *buf, size_t n, const char **types, int max)
{
	int count = 0;
	char *line, *next;

	ssize_t r = read_text("/proc/filesystems", buf, n);

	if (r == -EFBIG) {
		char *last = strrchr(buf, '\n');

		logmsg(LOG_WARNING, "/proc/filesystems is longer than %lu bytes: trying only the types before that",
		       (unsigned long)(n - 1));
		if (last)
			*last = '\0';	/* the cut line is no type name */
		else
			return 0;
	} else if (r < 0) {
		logerr(LOG_WARNING, (int)r, "cannot read /proc/filesystems");
		return 0;
	}
	for (line = buf; line && count < max; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(line, "nodev", 5) == 0)
			continue;
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line)
			types[count++] = line;
	}
	return count;
}

/* Mounts as the kernel's do_mount_root: a device that refuses writes is
 * tried again read-only. *flags says how it ended up mounted. */
static int try_mount(const char *src, const char *type, unsigned long *flags,
		     const char *data)
{
	if (mount(src, NEWROOT, type, *flags, data) == 0)
		return 0;
	if ((errno == EACCES || errno == EROFS) && !(*flags & MS_RDONLY)) {
		logmsg(LOG_WARNING, "%s refuses writes (%s); mounting it read-only", src,
		       strerror(errno));
		if (mount(src, NEWROOT, type, *flags | MS_RDONLY, data) == 0) {
			*flags |= MS_RDONLY;
			return 0;
		}
	}
	return -errno;
}

/* "Not this filesystem" (EINVAL), or a type the kernel lacks (ENODEV, from
 * a rootfstype= list): try the next type. */
static int try_next_type(int err)
{
	return err == -EINVAL || err == -ENODEV;
}

int root_mount(const struct bootcfg *cfg, const struct blockdev *dev)
{
	char src[64], data[1024], fsbuf[4096];
	const char *types[MAX_KERNEL_FS];
	unsigned long flags = cfg->readonly ? MS_RDONLY : 0;
	int ntypes = 0, err, kept = -ENODEV;

	if (mkdir(NEWROOT, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (mountopts_split(cfg->rootflags, &flags, data, sizeof(data)) < 0)
		return -E2BIG;
	blockdev_path(dev, src, sizeof(src));
	if (cfg->nfstypes) {
		memcpy(types, cfg->fstypes, sizeof(*types) * (size_t)cfg->nfstypes);
		ntypes = cfg->nfstypes;
	} else if (dev->id.type[0]) {
		types[ntypes++] = dev->id.type;
	} else {
		ntypes = kernel_fstypes(fsbuf, sizeof(fsbuf), types, MAX_KERNEL_FS);
	}
	for (int i = 0; i < ntypes; i++) {
		err = try_mount(src, types[i], &flags, data[0] ? data : NULL);
		if (err == 0) {
			logmsg(LOG_INFO, "mounted %s (%u:%u) as %s on " NEWROOT " %s", src,
			       major(dev->devt), minor(dev->devt), types[i],
			       flags & MS_RDONLY ? "read-only" : "read-write");
			return 0;
		}
		if (!try_next_type(err))
			return err;	/* the device's error: the caller says it */
		logerr(LOG_INFO, err, "mount %s as %s", src, types[i]);
		/* The first ENODEV says more (a missing module, a typo in
		 * rootfstype=) than the EINVALs of the other guesses. */
		if (i == 0 || kept != -ENODEV)
			kept = err;
	}
	return kept;
}
