/* compat_klibc.c: compat.h for klibc, which lacks syscall() and
 * clock_gettime() but wraps finit_module itself. */
#include <dirent.h>
#include <errno.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/times.h>
#include <unistd.h>

#include "compat.h"

/* klibc has the call but no header declares it. */
int finit_module(int fd, const char *params, int flags);

int sys_finit_module(int fd, const char *params, int flags)
{
	return finit_module(fd, params, flags);
}

int sys_pivot_root(const char *new_root, const char *put_old)
{
	return pivot_root(new_root, put_old);
}

/* klibc has no statx: callers fall back to comparing with "path/..". */
int sys_is_mount_root(const char *path)
{
	(void)path;
	return -ENOSYS;
}

/* klibc's getdents is the kernel's getdents64, struct dirent its record. */
int sys_getdents64(int fd, void *buf, unsigned n)
{
	return getdents((unsigned)fd, buf, n);
}

/* No syscall() to reach it: callers chroot in a child instead. */
int sys_open_in_root(int dirfd, const char *path)
{
	(void)dirfd;
	(void)path;
	errno = ENOSYS;
	return -1;
}

/* No syscall() to reach it: callers poll waitpid instead. */
int sys_pidfd_open(int pid)
{
	(void)pid;
	errno = ENOSYS;
	return -1;
}

/* klibc has no unshare(): the modprobe personality then refuses what a
 * blacklist could name until /init has mounted /proc. */
int sys_unshare_mounts(void)
{
	errno = ENOSYS;
	return -1;
}

int sys_reboot(int cmd)
{
	return reboot(cmd, NULL);
}

/* times() counts clock ticks since boot, never going back: monotonic
 * enough for deadlines of seconds. USER_HZ is 100 on every Linux arch
 * klibc builds for. */
long long now_ms(void)
{
	struct tms t;

	return (long long)(unsigned long)times(&t) * 10;
}
