/* waitroot.c: waits for the root device with kernel semantics: rootdelay=
 * sleeps first, rootwait waits forever, rootwait=N bounds the wait. Without
 * either, baton still waits (root_wait_seconds): its modules load in the
 * same moment, so "not there yet" is normal for a while.
 *
 * Devices are read one at a time, the newest first, and the root is looked
 * for after each read, with the uevents queued meanwhile taken in between
 * and the deadline checked: a slow disk with many partitions can delay the
 * root by one read, not by all of its partitions. A device whose read
 * failed (no medium yet, a USB disk not ready) is read again after the
 * next uevent; a "change" makes a device be read afresh.
 *
 * After a match, every other device that could match is read too (bounded)
 * and a root= that names two devices is said, and refused under LOCKDOWN
 * or rd.root.unique=1: a stick with the root's UUID must not win by
 * enumerating first. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "policy.h"
#include "stack.h"
#include "sys.h"
#include "uevent.h"

#define CHECK_MS	2000	/* plain builds: reading other devices for a twin */
#define SETTLE_MS	500	/* strict: no uevent for this long after a match */
#define MAX_TRIES	3	/* reads of a device that keep failing */
#define MAX_TWINS	8	/* named in the message */

struct waiter {
	const struct root_spec *spec;
	const struct bootcfg *cfg;	/* root_wait's, for the twin check; NULL
					 * for dev_wait */
	int fd;			/* the uevent socket, or -1 */
	struct devlist *devs;
	long long deadline;	/* now_ms() value, -1 for ever */
	struct modloader *ml;	/* the module loader, or NULL */
	int secs;		/* the wait asked for, for MD's degraded start */
};

static int expired(long long deadline)
{
	return deadline >= 0 && now_ms() >= deadline;
}

static int ms_left(long long deadline)
{
	long long left = deadline - now_ms();

	if (deadline < 0)
		return -1;
	return left < 0 ? 0 : left > 1000000000 ? 1000000000 : (int)left;
}

/* A read that failed may work now that something happened. */
static void retry_failed(struct devlist *l)
{
	for (int i = 0; i < l->n; i++)
		if (l->dev[i].probed < 0 && l->dev[i].tries < MAX_TRIES)
			blockdev_forget(&l->dev[i]);
}

/* A "change": the device (media in or out, a table rewritten) and, for a
 * disk, its partitions are read afresh. */
static void changed(struct devlist *l, int i)
{
	const char *name = l->dev[i].name;

	blockdev_forget(&l->dev[i]);
	l->dev[i].tries = 0;
	for (int j = 0; j < l->n; j++)
		if (l->dev[j].partn && strcmp(l->dev[j].disk, name) == 0)
			blockdev_forget(&l->dev[j]);
	blockdev_identify_reset();
}

static void add_device(struct waiter *w, int kind, const char *name, dev_t devt)
{
	int i = devlist_add(w->devs, name, devt, root_names_directly(w->spec, name, devt));

	if (i == -ENOSPC)
		devlist_full(w->devs);
	if (i >= 0 && kind == UEVENT_BLOCK_CHANGE)
		changed(w->devs, i);
}

/* Takes the block uevents queued now, or waits up to ms (-1: for ever)
 * for the first. Returns how many came, or -errno. */
static int take_events(struct waiter *w, int ms)
{
	char name[32];
	dev_t devt;
	int r, got = 0;

	if (w->fd < 0)
		return 0;
	while ((r = uevent_wait_block(w->fd, got ? 0 : ms, name, sizeof(name), &devt)) > 0) {
		add_device(w, r, name, devt);
		got++;
	}
	if (r == -ENOBUFS) {
		logmsg(LOG_WARNING, "uevents were lost (socket buffer full); rescanning /sys/class/block");
		blockdev_scan(w->devs, w->spec);
		got++;
	} else if (r < 0) {
		return r;
	}
	if (got)
		retry_failed(w->devs);
	return got;
}

/* The device to read next: one not read that may be the root, the newest
 * first (the disk that just came is likelier the awaited one than the
 * sixtieth partition of a slow one). -1 if none. */
static int next_to_read(const struct root_spec *spec, struct devlist *l)
{
	if (!root_needs_probe(spec))
		return -1;
	for (int i = l->n - 1; i >= 0; i--) {
		struct blockdev *d = &l->dev[i];

		if (d->probed)
			continue;
		blockdev_sysfs(d);
		if (root_may_match(spec, d))
			return i;
	}
	return -1;
}

/* Reads one device; LUKS, LVM, MD: the layer it may belong to is opened
 * by the image's tools, and what they make joins the list. */
static void read_device(struct devlist *l, int i)
{
	l->dev[i].tries++;
	blockdev_identify(&l->dev[i]);
	stack_activate(l);
}

/* Strict mode: the twin may sit behind a driver still queued in the
 * loader (the real disk's, when a stick's came first), or be announced a
 * moment after the root: wait until the loader has nothing left and the
 * uevents have stopped, then until it is still idle. Bounded by the
 * deadline. */
static void settle(struct waiter *w)
{
	while (!expired(w->deadline)) {
		if (w->ml && !modules_idle(w->ml, ms_left(w->deadline)))
			return;
		if (take_events(w, SETTLE_MS) > 0)
			continue;
		if (!w->ml || modules_idle(w->ml, 0))
			return;
	}
}

static void say_twins(const struct waiter *w, const int *idx, int n)
{
	char names[MAX_TWINS * 40] = "";
	size_t len = 0;

	for (int k = 0; k < n && k < MAX_TWINS; k++)
		len += fmt(names + len, sizeof(names) - len, "%s/dev/%s%s", k ? ", " : "",
			   w->devs->dev[idx[k]].name, w->devs->dev[idx[k]].removable ? " (removable)" : "");
	logmsg(LOG_WARNING, "root %s names %d devices: %s%s", w->cfg->root_arg, n, names,
	       n > MAX_TWINS ? ", ..." : "");
}

/* Of devices that all match, the first that is not removable. */
static int prefer_fixed(const struct devlist *l, const int *idx, int n)
{
	for (int k = 0; k < n && k < MAX_TWINS; k++)
		if (!l->dev[idx[k]].removable)
			return idx[k];
	return idx[0];
}

/* root matched: reads every other device that may match (until the
 * deadline when strict, CHECK_MS otherwise) and decides. */
static int check_unique(struct waiter *w, int root)
{
	const struct root_spec *spec = w->spec;
	int strict = build_policy.lockdown || w->cfg->root_unique;
	long long until = strict ? w->deadline : now_ms() + CHECK_MS;
	int idx[MAX_TWINS], n, next, unread = 0;

	if (!root_needs_probe(spec))
		return root;	/* a name or a number: one device */
	if (strict)
		settle(w);
	else
		take_events(w, 0);
	while ((next = next_to_read(spec, w->devs)) >= 0) {
		if (until >= 0 && now_ms() >= until) {
			for (int i = 0; i < w->devs->n; i++)
				unread += !w->devs->dev[i].probed &&
					  root_may_match(spec, &w->devs->dev[i]);
			break;
		}
		read_device(w->devs, next);
	}
	n = root_find_all(spec, w->devs, idx, MAX_TWINS);
	if (n > 1)
		say_twins(w, idx, n);
	if (unread)
		logmsg(strict ? LOG_ERR : LOG_INFO, "%d devices could not be read in time to make sure "
		       "root %s names one device only", unread, w->cfg->root_arg);
	if (strict && (n > 1 || unread))
		return -ENOTUNIQ;
	if (n > 1) {
		root = prefer_fixed(w->devs, idx, n);
		logmsg(LOG_WARNING, "using /dev/%s; name the root by something only it has "
		       "(PARTUUID=), or add rd.root.unique=1 to refuse", w->devs->dev[root].name);
	}
	return root;
}

/* The deadline passed: one last look before giving up. A disk the kernel
 * has added is in sysfs (and devtmpfs) before its "add" uevent, which
 * waits for its partition table to be read; and uevents may still be
 * queued. Both are taken and read, so that the failure report lists them
 * (not "no block devices at all" for a disk that came 65 ms late) and a
 * root that made it just in time boots. */
static int last_look(struct waiter *w)
{
	int next, i;

	if (take_events(w, 0) < 0 || blockdev_scan(w->devs, w->spec) < 0)
		return -ETIMEDOUT;
	while ((next = next_to_read(w->spec, w->devs)) >= 0)
		read_device(w->devs, next);
	i = root_find(w->spec, w->devs);
	if (i >= 0)
		logmsg(LOG_INFO, "root /dev/%s found at the deadline", w->devs->dev[i].name);
	return i >= 0 ? i : -ETIMEDOUT;
}

/* Reads and follows uevents until a device spec names is there (the
 * first one; no twin check). Returns its index, -ETIMEDOUT or -errno. */
static int wait_first(struct waiter *w)
{
	long long degrade_at = stack_degrade_at(now_ms(), w->secs);
	int err = blockdev_scan(w->devs, w->spec);

	/* The socket was opened before the modules loaded: nothing announced
	 * after this scan can be missed. */
	if (err < 0)
		return err;
	stack_activate(w->devs);
	for (;;) {
		int i, next, left;

		err = take_events(w, 0);
		if (err < 0)
			return err;
		i = root_find(w->spec, w->devs);
		if (i >= 0)
			return i;
		/* Time a person spent at a passphrase prompt is not waiting. */
		if (w->deadline >= 0)
			w->deadline += stack_take_paused_ms();
		if (expired(w->deadline))
			return last_look(w);
		next = next_to_read(w->spec, w->devs);
		if (next >= 0) {
			read_device(w->devs, next);
			continue;
		}
		if (w->fd < 0)
			return last_look(w);
		left = ms_left(w->deadline);
		if (stack_md_waiting() && (left < 0 || degrade_at - now_ms() < left))
			left = degrade_at > now_ms() ? (int)(degrade_at - now_ms()) : 0;
		err = take_events(w, left);
		if (err < 0)
			return err;
		if (err == 0 && stack_md_waiting() && now_ms() >= degrade_at)
			stack_degrade(w->devs, w->secs);
		else if (err > 0)
			stack_activate(w->devs);
	}
}

static long long deadline_of(int secs)
{
	return secs < 0 ? -1 : now_ms() + secs * 1000LL;
}

int root_wait(const struct bootcfg *cfg, int uevent_fd, struct devlist *devs,
	      struct modloader *ml)
{
	struct waiter w = { &cfg->root, cfg, uevent_fd, devs, 0, ml, 0 };
	int i;

	if (cfg->rootdelay > 0) {
		logmsg(LOG_INFO, "rootdelay=%d: waiting before looking for the root", cfg->rootdelay);
		sleep_seconds(cfg->rootdelay);
	}
	stack_begin(cfg);
	w.secs = root_wait_seconds(cfg);
	w.deadline = deadline_of(w.secs);
	i = wait_first(&w);
	return i < 0 ? i : check_unique(&w, i);
}

int dev_wait(const struct root_spec *spec, int secs, int uevent_fd, struct devlist *devs)
{
	struct waiter w = { spec, NULL, uevent_fd, devs, deadline_of(secs), NULL, secs };

	return wait_first(&w);
}

void devlist_identify(struct devlist *devs, int budget_ms)
{
	long long stop = now_ms() + budget_ms;
	int left = 0;

	for (int i = 0; i < devs->n; i++) {
		if (devs->dev[i].probed)
			continue;
		if (now_ms() >= stop) {
			left++;
			continue;
		}
		blockdev_identify(&devs->dev[i]);
	}
	if (left)
		logmsg(LOG_INFO, "%d devices not read within %d ms: no /dev/disk links for them", left,
		       budget_ms);
}
