/* rescue.c: what happens when the boot cannot go on. A person at the
 * console must learn what was asked, what went wrong and what the machine
 * does have, then get a shell from the image or a reboot: never a bare
 * "Attempted to kill init" panic, never silence. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

#define FAIL_WAIT_DEFAULT_S 10
#define RESCUE_SHELL "/bin/sh"

/* One line a device, with every identity a root= could name it by. */
static void list_device(const struct blockdev *d)
{
	char pt[160] = "", part[200] = "";

	if (d->probed < 0) {
		logerr(LOG_ERR, d->probed, "  %s %u:%u size=%llu MiB: unreadable", d->name,
		       major(d->devt), minor(d->devt), d->sectors / 2048);
		return;
	}
	if (d->pttype[0])
		fmt(pt, sizeof(pt), " PTTYPE=%s PTUUID=%s", d->pttype, d->ptuuid);
	if (d->partuuid[0])
		fmt(part, sizeof(part), " PARTUUID=%s PARTLABEL=\"%s\"", d->partuuid, d->partlabel);
	logmsg(LOG_ERR, "  %s %u:%u size=%llu MiB TYPE=%s UUID=%s LABEL=\"%s\"%s%s", d->name,
	       major(d->devt), minor(d->devt), d->sectors / 2048,
	       d->id.type[0] ? d->id.type : "(none)", d->id.uuid, d->id.label, pt, part);
}

static void list_devices(const struct devlist *devs)
{
	if (devs->n == 0) {
		logmsg(LOG_ERR, "no block devices at all: is the storage driver in the image (modules list)?");
		return;
	}
	logmsg(LOG_ERR, "block devices seen (%d); root= may name one by any of these:", devs->n);
	for (int i = 0; i < devs->n; i++) {
		struct blockdev d = devs->dev[i];

		blockdev_identify(&d);
		list_device(&d);
	}
}

static void reap_until(pid_t pid)
{
	int status;
	pid_t r;

	/* As PID 1 we inherit every orphan; reap them all while waiting. */
	while ((r = wait(&status)) != pid)
		if (r < 0 && errno != EINTR)
			return;
}

static void run_shell(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		logerr(LOG_ERR, -errno, "cannot start " RESCUE_SHELL);
		return;
	}
	if (pid == 0) {
		char *const argv[] = { RESCUE_SHELL, NULL };
		int fd;

		setsid();
		fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			ioctl(fd, TIOCSCTTY, (void *)1);	/* klibc: void *; others: variadic */
			for (int i = 0; i < 3; i++)
				dup2(fd, i);
		}
		execv(RESCUE_SHELL, argv);
		_exit(127);
	}
	reap_until(pid);
}

void boot_fail(const struct bootcfg *cfg, const struct devlist *devs)
{
	int wait = cfg->panic_set ? cfg->panic : FAIL_WAIT_DEFAULT_S;

	list_devices(devs);
	if (access(RESCUE_SHELL, X_OK) == 0) {
		logmsg(LOG_ERR, "starting " RESCUE_SHELL " from the initramfs; exit it to reboot");
		run_shell();
	} else {
		logmsg(LOG_ERR, "no " RESCUE_SHELL " in the initramfs, so no rescue shell");
	}
	if (wait == 0) {
		logmsg(LOG_EMERG, "panic=0: halting here; reset the machine by hand");
		for (;;)
			pause();
	}
	if (wait > 0) {
		logmsg(LOG_EMERG, "rebooting in %d s (panic=N sets the delay)", wait);
		sleep_seconds(wait);
	} else {
		logmsg(LOG_EMERG, "rebooting now (panic=%d)", wait);
	}
	sync();
	sys_reboot(RB_AUTOBOOT);
	logerr(LOG_EMERG, -errno, "reboot failed; halting");
	for (;;)
		pause();
}
