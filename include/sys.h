/* sys.h: the boot steps that talk to the kernel, one file each in init/.
 * Each returns 0 or a -errno code; the caller (init/main.c) logs failures
 * once, with the context of the step. */
#ifndef BATON_SYS_H
#define BATON_SYS_H

#include <stddef.h>
#include <sys/types.h>

#include "blockdev.h"
#include "bootcfg.h"

#define NEWROOT		"/newroot"	/* where the real root is mounted */
#define MODULES_LIST	"/etc/baton/modules"

/* fileio.c: reads a whole small file (sysfs, procfs) NUL-terminated,
 * without a trailing newline. Returns its length or -errno. */
ssize_t read_text(const char *path, char *buf, size_t n);
/* Monotonic milliseconds since an arbitrary start. */
long long now_ms(void);

/* earlymount.c: /proc, /sys, /dev (devtmpfs), /run; reattaches stdio to
 * /dev/console when the kernel could not (an image without the node). */
int mount_early(void);

/* modload.c: loads every module listed in path, in order. Returns the
 * number that failed (each logged), or -errno if the list is unreadable. */
int modules_load_list(const char *path);

/* uevent.c: a socket receiving the kernel's uevents. */
int uevent_open(void);
/* Waits up to timeout_ms (-1 forever) for a block device "add" event.
 * Returns 1 and fills name/devt, 0 on timeout, or -errno (-ENOBUFS: events
 * were lost, rescan). */
int uevent_wait_block(int fd, int timeout_ms, char *name, size_t n, dev_t *devt);

/* waitroot.c: finds the device cfg->root names, scanning sysfs once and then
 * following uevents until the deadline cfg sets. Everything seen lands in
 * devs. Returns the index of the root in devs, -ETIMEDOUT, or -errno. */
int root_wait(const struct bootcfg *cfg, int uevent_fd, struct devlist *devs);

/* rootmount.c: mounts dev at NEWROOT as cfg asks. Returns 0 or -errno. */
int root_mount(const struct bootcfg *cfg, const struct blockdev *dev);

/* switchroot.c: checks it is safe, empties the initramfs, makes NEWROOT
 * the root and reattaches stdio to its console. Returns 0 or -errno. */
int switch_root(const char *newroot);
/* Before the switch: the path of the init to run, resolved inside newroot,
 * in out (cfg->init or the usual list). Returns 0 or -ENOENT. */
int find_init(const struct bootcfg *cfg, const char *newroot, const char **out);

/* rescue.c: says what failed and what was seen, then follows the failure
 * policy (shell from the image, else reboot). Never returns: PID 1 must not
 * exit, or the kernel panics without a word of why. */
void boot_fail(const struct bootcfg *cfg, const struct devlist *devs)
	__attribute__((noreturn));

#endif
