/* compat.h: the few calls and constants the C libraries disagree on.
 * One implementation file per libc family (init/compat_linux.c for musl and
 * glibc, init/compat_klibc.c for klibc); the Makefile links the right one. */
#ifndef BATON_COMPAT_H
#define BATON_COMPAT_H

#include <sys/mount.h>

/* klibc's <sys/mount.h> stops at the flags of Linux 2.6. */
#ifndef MS_SILENT
#define MS_SILENT	(1 << 15)
#endif
#ifndef MS_PRIVATE
#define MS_PRIVATE	(1 << 18)
#endif
#ifndef MS_RELATIME
#define MS_RELATIME	(1 << 21)
#endif
#ifndef MS_STRICTATIME
#define MS_STRICTATIME	(1 << 24)
#endif
#ifndef MS_LAZYTIME
#define MS_LAZYTIME	(1 << 25)
#endif

/* finit_module(2): glibc and musl have no wrapper, klibc has no syscall(). */
int sys_finit_module(int fd, const char *params, int flags);

/* pivot_root(2): musl and glibc have no wrapper. */
int sys_pivot_root(const char *new_root, const char *put_old);

/* Whether path is the root of a mount, as statx(2) tells from Linux 5.8:
 * 1 or 0, or -ENOSYS where it cannot tell (old kernel, klibc). */
int sys_is_mount_root(const char *path);

/* unshare(CLONE_NEWNS): a mount namespace of this process's own; -1 with
 * errno (ENOSYS on klibc, which has no wrapper). */
int sys_unshare_mounts(void);

/* reboot(2) with just the command (klibc's takes a second argument). */
int sys_reboot(int cmd);

/* getdents64(2) into buf: bytes read, 0 at the end, or -1 with errno
 * (glibc before 2.30 has no wrapper, klibc calls it getdents). */
int sys_getdents64(int fd, void *buf, unsigned n);

/* pidfd_open(2) (Linux 5.3): an fd that polls readable when the process
 * exits. -1 with errno ENOSYS where there is none (klibc, old kernels). */
int sys_pidfd_open(int pid);

/* openat2(2) with RESOLVE_IN_ROOT (Linux 5.6): path opened O_PATH as if
 * dirfd were the root, absolute symlinks and ".." kept inside it, as a
 * chroot would resolve them. An fd, or -1 with errno (ENOSYS where there
 * is none: klibc, old kernels). */
int sys_open_in_root(int dirfd, const char *path);

/* Monotonic milliseconds since an arbitrary start (klibc has no
 * clock_gettime). */
long long now_ms(void);

#endif
