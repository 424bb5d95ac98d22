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
#include "policy.h"
#include "sys.h"

/* One line a device, with every identity a root= could name it by. */
static void list_device(const struct blockdev *d)
{
	char pt[160] = "", part[200] = "", ids[DISKID_NAMES];

	if (d->probed < 0) {
		logerr(LOG_ERR, d->probed, "  %s %u:%u size=%llu MiB: unreadable", d->name,
		       major(d->devt), minor(d->devt), d->sectors / 2048);
		return;
	}
	if (d->pttype[0])
		fmt(pt, sizeof(pt), " PTTYPE=%s PTUUID=%s", d->pttype, d->ptuuid);
	if (d->partuuid[0])
		fmt(part, sizeof(part), " PARTUUID=%s PARTLABEL=\"%s\"", d->partuuid, d->partlabel);
	diskid_list(d->diskids, ids, sizeof(ids));	/* " by-id/... by-path/..." */
	logmsg(LOG_ERR, "  %s %u:%u size=%llu MiB TYPE=%s UUID=%s LABEL=\"%s\"%s%s%s", d->name,
	       major(d->devt), minor(d->devt), d->sectors / 2048,
	       d->id.type[0] ? d->id.type : "(none)", d->id.uuid, d->id.label, pt, part, ids);
}

/* devs is NULL when the boot failed before any device was looked for. */
static void list_devices(const struct devlist *devs)
{
	if (!devs)
		return;
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
		char *const argv[] = { (char *)RESCUE_SHELL, NULL };
		int fd;

		setsid();
		fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			ioctl(fd, TIOCSCTTY, (void *)1);	/* klibc: void *; others: variadic */
			for (int i = 0; i < 3; i++)
				dup2(fd, i);
			if (fd > 2)
				close(fd);	/* the shell gets 0-2, no fourth */
		}
		execv(RESCUE_SHELL, argv);
		_exit(127);
	}
	reap_until(pid);
}

static __attribute__((noreturn)) void stay_forever(void)
{
	for (;;)
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
}

static void say_plan(const struct bootcfg *cfg, const struct failplan *plan, const char *where)
{
	if (cfg->emergency_bad)
		logmsg(LOG_ERR, "rd.emergency=%s not understood (shell, reboot, poweroff, halt or wait); "
		       "following %s", cfg->emergency_bad,
		       cfg->emergency ? "the last valid rd.emergency=" : "this build's default");
	if (plan->note)
		logmsg(LOG_ERR, "%s", plan->note);
	if (plan->no_shell)
		logmsg(LOG_ERR, "no " RESCUE_SHELL " in %s, so no rescue shell", where);
}

/* The machine-level end: reboot, power off or halt after plan->delay. */
static __attribute__((noreturn)) void finish(const struct failplan *plan)
{
	static const char *const verb[] = {
		[EMERG_REBOOT] = "rebooting", [EMERG_POWEROFF] = "powering off",
		[EMERG_HALT] = "halting",
	};
	static const unsigned cmd[] = {
		[EMERG_REBOOT] = RB_AUTOBOOT, [EMERG_POWEROFF] = RB_POWER_OFF,
		[EMERG_HALT] = RB_HALT_SYSTEM,
	};

	if (plan->then == EMERG_WAIT) {
		logmsg(LOG_EMERG, "staying here, doing nothing (rd.emergency=wait or panic=0); "
		       "reset the machine by hand");
		stay_forever();
	}
	if (plan->delay > 0) {
		logmsg(LOG_EMERG, "%s in %d s (panic=N sets the delay, rd.emergency= the action)",
		       verb[plan->then], plan->delay);
		sleep_seconds(plan->delay);
	} else {
		logmsg(LOG_EMERG, "%s now", verb[plan->then]);
	}
	sync();
	sys_reboot((int)cmd[plan->then]);
	logerr(LOG_EMERG, -errno, "%s failed; staying here", verb[plan->then]);
	stay_forever();
}

/* where: whose /bin/sh is looked for and run, for the messages. */
static __attribute__((noreturn)) void fail(const struct bootcfg *cfg, const struct devlist *devs,
					   const char *where)
{
	struct failplan plan;

	failplan_choose(cfg, &build_policy, access(RESCUE_SHELL, X_OK) == 0, &plan);
	list_devices(devs);
	say_plan(cfg, &plan, where);
	if (plan.shell) {
		logmsg(LOG_ERR, "starting " RESCUE_SHELL " from %s; exit it to %s", where,
		       plan.then == EMERG_WAIT ? "stop here" : "reboot");
		run_shell();
	}
	finish(&plan);
}

void boot_fail(const struct bootcfg *cfg, const struct devlist *devs)
{
	fail(cfg, devs, "the initramfs");
}

void boot_fail_switched(const struct bootcfg *cfg)
{
	fail(cfg, NULL, "the real root (the initramfs is gone)");
}
