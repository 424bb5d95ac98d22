/* sys.h: the boot steps that talk to the kernel, one file each in init/.
 * Each returns 0 or a -errno code; the caller (init/main.c) logs failures
 * once, with the context of the step. */
#ifndef BATON_SYS_H
#define BATON_SYS_H

#include <stddef.h>
#include <sys/types.h>

#include "blockdev.h"
#include "bootcfg.h"
#include "compat.h"

#define NEWROOT		"/newroot"	/* where the real root is mounted */
#define MODULES_LIST	"/etc/baton/modules"

/* fileio.c: reads a whole small file (sysfs, procfs) NUL-terminated,
 * without a trailing newline. Returns its length, or -errno: -EFBIG when
 * it has more than n - 1 bytes (buf then holds the first n - 1, so a cut
 * name is never taken for a whole one unnoticed), -EINVAL when n is 0. */
ssize_t read_text(const char *path, char *buf, size_t n);
/* Writes all n bytes (again after EINTR or a short write): 0 or -errno
 * (-EIO for a write that wrote nothing). */
int write_all(int fd, const char *p, size_t n);
/* Sleeps s seconds, whatever signals arrive meanwhile. */
void sleep_seconds(int s);

/* earlymount.c: /proc, /sys, /dev (devtmpfs), /run; reattaches stdio to
 * /dev/console when the kernel could not (an image without the node). */
int mount_early(void);

/* modload.c: kernel modules from the image (/lib/modules, indexed in
 * /etc/baton by baton-mkinitramfs). modules_start forks the loader: it gives
 * every device present or added (coldplug, then uevents) the modules its
 * modalias names, with dependencies, soft dependencies and cfg's
 * parameters, skipping built-in, loaded and blacklisted ones, plus
 * rd.modules= and MODULES_LIST, one module at a time. It runs alongside
 * the root wait. A second process beside it loads the root's filesystem
 * stack at once: the types rootfstype= names, else the image's filesystem
 * module if it has exactly one. If it cannot fork, it loads what the devices present now
 * need before returning, and ml->pid is 0. */
struct modloader {
	pid_t pid;	/* the loader process; 0: none */
	pid_t fs_pid;	/* the filesystem loader beside it; 0: none */
	int fd;		/* /init's end of the socket pair they hold */
	int busy;	/* as the loader last said: modules queued or loading */
	int ended;	/* their end closed: both exited */
};
void modules_start(const struct bootcfg *cfg, struct modloader *ml);
/* Stops the loader once the root device is there (what mounting it needs,
 * the kernel asks /sbin/modprobe for): it finishes the insertion under way
 * and is reaped; one still inserting after 2 s is never killed (a driver
 * probe cut short can fail) but left to end by itself, for the real init
 * to reap. Nothing if none runs. */
void modules_stop(struct modloader *ml);
/* Waits up to timeout_ms (-1: for ever) until the loader has nothing
 * queued (every device seen so far has its driver). 1 idle (or no
 * loader), 0 still busy. */
int modules_idle(struct modloader *ml, int timeout_ms);
/* The image links /sbin/modprobe to /init: the kernel runs it as
 * "modprobe -q -- NAME" when it wants a module itself (fs-ext4 when the
 * root is mounted, crc32c, nls_cp437). modules_is_modprobe says whether
 * argv[0] is that name; modules_modprobe loads what argv names and returns
 * the exit status. */
int modules_is_modprobe(const char *argv0);
int modules_modprobe(int argc, char **argv);
/* Loads the module alias names ("loop", "dm-verity", "overlay",
 * "dm_crypt"), with its dependencies, synchronously, for a step that needs
 * it before using it (a control node that only exists once the module is
 * in). The answer is modprobe's (modules_modprobe exits 1 for any error):
 * 0 when loaded, built in or there already; -ENOENT when the image has no
 * such module; -EPERM when it or a hard dependency is blacklisted
 * (modprobe.blacklist=, module_blacklist=); else the -errno of the
 * insertion that failed (said in the log). */
int modules_load(const struct bootcfg *cfg, const char *alias);

/* uevent.c: a socket receiving the kernel's uevents. */
int uevent_open(void);
/* Waits up to timeout_ms (-1 forever) for a block device "add" or
 * "change" event. Returns UEVENT_BLOCK_ADD or UEVENT_BLOCK_CHANGE and
 * fills name/devt, 0 on timeout (only then), or -errno (-ENOBUFS: events
 * were lost, rescan; an error the socket holds, or -EBADF, is returned,
 * never taken for the deadline). */
int uevent_wait_block(int fd, int timeout_ms, char *name, size_t n, dev_t *devt);
/* Waits up to timeout_ms (-1 forever) for any kernel uevent and drains the
 * queue: for roots that are no block device, where any bind or add may be
 * the one. Returns 1 if something came, 0 on timeout, or -errno. fd < 0:
 * sleeps a quarter second (at most timeout_ms) and returns 0. */
int uevent_wait_any(int fd, int timeout_ms);

/* rootnow.c: the root device if it is there already (its driver built
 * in): one scan of /sys/class/block, no waiting. -ENOENT when it is not,
 * or when rootdelay= or rd.modules= ask for the way through the loader;
 * the index in devs otherwise. */
int root_present(const struct bootcfg *cfg, struct devlist *devs);

/* waitroot.c: finds the device cfg->root names, scanning sysfs once and then
 * following uevents until the deadline cfg sets. Everything seen lands in
 * devs. Returns the index of the root in devs, -ETIMEDOUT, -ENOTUNIQ (root=
 * names several devices and LOCKDOWN or rd.root.unique=1 refuses that;
 * said), or -errno. */
int root_wait(const struct bootcfg *cfg, int uevent_fd, struct devlist *devs,
	      struct modloader *ml);
/* The same wait for any device spec (a verity hash partition, an overlay's
 * upper layer): secs seconds, -1 for ever; no rootdelay, no check for a
 * second device it names. */
int dev_wait(const struct root_spec *spec, int secs, int uevent_fd, struct devlist *devs);
/* Reads every device not read yet, for at most budget_ms (a slow disk must
 * not hold the boot for its /dev/disk links); says how many were left. */
void devlist_identify(struct devlist *devs, int budget_ms);

/* rootmount.c: mounts dev at NEWROOT as cfg asks. Returns 0, or -errno:
 * the first error that is not "not this filesystem" (EINVAL, or ENODEV for
 * a type the kernel lacks), which ends the tries at once; else the first
 * ENODEV, else EINVAL. */
int root_mount(const struct bootcfg *cfg, const struct blockdev *dev);

/* switchroot.c: checks it is safe (PID 1, / is ramfs/tmpfs with a regular
 * /init, newroot a mount point of another device; each refusal logged),
 * makes newroot the root (pivot_root, else MS_MOVE + chroot) with /dev
 * /proc /sys /run moved into it, then empties the old initramfs and
 * reopens fds 0-2 on the new /dev/console (else /dev/null). Returns 0, or
 * -errno with nothing deleted. SWITCH_DRY_RUN: only the checks, and a log
 * of what would be done; changes nothing. */
#define SWITCH_DRY_RUN	1u
int switch_root(const char *newroot, unsigned flags);
/* findinit.c, before the switch: the path of the init to run, an executable regular
 * file resolved inside newroot, in out (cfg->init or the usual list).
 * Returns 0, or -errno (-ENOENT: none of the usual list), logged. */
int find_init(const struct bootcfg *cfg, const char *newroot, const char **out);

/* rescue.c: says what failed and what was seen, then follows the failure
 * policy (shell from the image, else reboot). Never returns: PID 1 must not
 * exit, or the kernel panics without a word of why. devs: the devices
 * looked at, listed with their identities; NULL when the boot failed
 * before looking for any (a bad root=), so nothing is said about them. */
void boot_fail(const struct bootcfg *cfg, const struct devlist *devs)
	__attribute__((noreturn));
/* The same after a successful switch (the exec of init failed): the
 * initramfs is gone, the shell and its absence are the real root's. */
void boot_fail_switched(const struct bootcfg *cfg) __attribute__((noreturn));

#endif
