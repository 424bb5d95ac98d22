/* compat_klibc.c: compat.h for klibc, which lacks syscall() and
 * clock_gettime() but wraps finit_module itself. */
#include <sys/reboot.h>
#include <sys/times.h>
#include <unistd.h>

#include "compat.h"

int sys_finit_module(int fd, const char *params, int flags)
{
	return finit_module(fd, params, flags);
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
