/* waitroot.c: waits for the root device with kernel semantics: rootdelay=
 * sleeps first, rootwait waits forever, rootwait=N bounds the wait. Without
 * either, baton still waits (root_wait_seconds): its modules load in the
 * same moment, so "not there yet" is normal for a little while. */
#include <errno.h>
#include <unistd.h>

#include "log.h"
#include "stack.h"
#include "sys.h"

/* Reads what the root spec needs to know of every device not yet read,
 * then looks for the root among them all: PARTNROFF can make a device
 * seen earlier the answer once its sibling arrives. */
static int find(const struct root_spec *spec, struct devlist *devs)
{
	if (root_needs_probe(spec))
		for (int i = 0; i < devs->n; i++)
			blockdev_identify(&devs->dev[i]);
	/* LUKS, LVM, MD: the layer a new device belongs to, opened by the
	 * image's tools; what they make is in devs when this returns. */
	stack_activate(devs);
	return root_find(spec, devs);
}

static int scan_and_check(const struct root_spec *spec, struct devlist *devs)
{
	int err = blockdev_scan(devs);

	return err < 0 ? err : find(spec, devs);
}

int root_wait(const struct bootcfg *cfg, int uevent_fd, struct devlist *devs)
{
	if (cfg->rootdelay > 0) {
		logmsg(LOG_INFO, "rootdelay=%d: waiting before looking for the root", cfg->rootdelay);
		sleep_seconds(cfg->rootdelay);
	}
	stack_begin(cfg);
	return dev_wait(&cfg->root, root_wait_seconds(cfg), uevent_fd, devs);
}

int dev_wait(const struct root_spec *spec, int secs, int uevent_fd, struct devlist *devs)
{
	long long deadline = secs < 0 ? -1 : now_ms() + secs * 1000LL;
	long long degrade_at = stack_degrade_at(now_ms(), secs);
	int i;

	/* The socket was opened before the modules loaded: nothing announced
	 * after this scan can be missed. */
	i = scan_and_check(spec, devs);
	if (i != -ENOENT)
		return i;
	if (uevent_fd < 0)
		return -ETIMEDOUT;
	for (;;) {
		char name[32];
		dev_t devt;
		int left, r;

		/* Time a person spent at a passphrase prompt is not waiting. */
		if (deadline >= 0)
			deadline += stack_take_paused_ms();
		left = deadline < 0 ? -1 : (int)(deadline - now_ms());
		if (deadline >= 0 && left <= 0)
			return -ETIMEDOUT;
		if (stack_md_waiting() && (left < 0 || degrade_at - now_ms() < left))
			left = degrade_at > now_ms() ? (int)(degrade_at - now_ms()) : 0;
		r = uevent_wait_block(uevent_fd, left, name, sizeof(name), &devt);
		if (r == 0 && stack_md_waiting() && now_ms() >= degrade_at) {
			if (stack_degrade(devs, secs) > 0 && (i = find(spec, devs)) >= 0)
				return i;
			continue;
		}
		if (r == 0)
			return -ETIMEDOUT;
		if (r == -ENOBUFS) {
			logmsg(LOG_WARNING, "uevents were lost (socket buffer full); rescanning /sys/class/block");
			i = scan_and_check(spec, devs);
			if (i != -ENOENT)
				return i;
			continue;
		}
		if (r < 0)
			return r;
		if (devlist_add(devs, name, devt) < 0)
			continue;
		i = find(spec, devs);
		if (i >= 0)
			return i;
	}
}
