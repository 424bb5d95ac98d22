/* compat_linux.c: compat.h for musl and glibc. */
#include <errno.h>
#include <fcntl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <linux/stat.h>	/* struct statx (musl has none), after <sys/stat.h> */

#include "compat.h"

int sys_finit_module(int fd, const char *params, int flags)
{
	return (int)syscall(SYS_finit_module, fd, params, flags);
}

int sys_pivot_root(const char *new_root, const char *put_old)
{
	return (int)syscall(SYS_pivot_root, new_root, put_old);
}

int sys_is_mount_root(const char *path)
{
	struct statx sx;

	if (syscall(SYS_statx, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_INO, &sx) < 0 ||
	    !(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
		return -ENOSYS;
	return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

int sys_getdents64(int fd, void *buf, unsigned n)
{
	return (int)syscall(SYS_getdents64, fd, buf, n);
}

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434	/* the same number on every architecture */
#endif

int sys_pidfd_open(int pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

int sys_unshare_mounts(void)
{
	return (int)syscall(SYS_unshare, 0x00020000 /* CLONE_NEWNS */);
}

int sys_reboot(int cmd)
{
	return reboot(cmd);
}

int sys_open_in_root(int dirfd, const char *path)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };

	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
