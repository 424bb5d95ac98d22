/* test_waitlate.c: the last look at the root-wait deadline. A disk the
 * kernel has added is in /sys/class/block before its "add" uevent (held
 * back while the partition table is read); the wait must find it there at
 * the deadline, not report "no block devices at all". Here a loop device
 * is added 300 ms into a 1 s dev_wait whose uevent socket never speaks
 * (one end of a socket pair): only the last look can see it. Needs root
 * and /dev/loop-control, as t-rootmount.sh. */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "sys.h"

static struct bootcfg cfg;	/* large: not on the stack */
static struct devlist devs;

/* A loop device number nobody uses: /sys/class/block/loopN absent. */
static int free_number(void)
{
	for (int n = 200; n < 1000; n++) {
		char path[64];

		snprintf(path, sizeof(path), "/sys/class/block/loop%d", n);
		if (access(path, F_OK) < 0)
			return n;
	}
	return -1;
}

/* dev_wait for root=/dev/loopN, secs 1, a silent uevent fd; adds loopN
 * after add_ms (-1: never). Returns dev_wait's answer. */
static int wait_for(int ctl, int n, int add_ms)
{
	char line[64];
	int sv[2], r;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		if (add_ms >= 0) {
			usleep(add_ms * 1000);
			ioctl(ctl, LOOP_CTL_ADD, (void *)(long)n);	/* klibc: void * */
		}
		_exit(0);
	}
	snprintf(line, sizeof(line), "root=/dev/loop%d", n);
	bootcfg_parse(&cfg, line);
	memset(&devs, 0, sizeof(devs));
	r = dev_wait(&cfg.root, 1, sv[0], &devs);
	waitpid(pid, NULL, 0);
	close(sv[0]);
	close(sv[1]);
	return r;
}

int main(void)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC), n = free_number(), r;
	char want[32];

	if (ctl < 0 || n < 0) {
		printf("not ok waitlate/setup - %s: the test adds a loop device (run as root, "
		       "modprobe loop)\n", ctl < 0 ? strerror(errno) : "no free loop number");
		return 1;
	}
	snprintf(want, sizeof(want), "loop%d", n);
	r = wait_for(ctl, n, 300);
	CHECK("waitlate/added-without-uevent-found-at-deadline",
	      r >= 0 && r < devs.n && strcmp(devs.dev[r].name, want) == 0,
	      "got %d, want the index of /dev/%s", r, want);
	ioctl(ctl, LOOP_CTL_REMOVE, (void *)(long)n);
	devlist_free(&devs);
	r = wait_for(ctl, n, -1);
	CHECK_INT("waitlate/never-added-times-out", r, -ETIMEDOUT);
	devlist_free(&devs);
	close(ctl);
	return CHECK_EXIT();
}
