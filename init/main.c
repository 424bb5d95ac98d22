/* main.c: baton's /init, the boot sequence from the kernel's hand-off to
 * the real init. Each step lives in its own file; this one only orders
 * them and says, once and with context, when one fails. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "bootcfg.h"
#include "devlinks.h"
#include "fstab.h"
#include "fwroot.h"
#include "log.h"
#include "net.h"
#include "policy.h"
#include "resume.h"
#include "rootsrc.h"
#include "sys.h"

/* What a LOCKDOWN build did not take from the command line (init=/bin/sh
 * is the oldest way to a shell; a root= or a module blacklist can hand
 * the boot to a stick). */
static void say_locked(const struct lockdown_words *w)
{
	for (int i = 0; i < w->nsaid; i++)
		logmsg(LOG_WARNING, "%s%s%s ignored: this /init was built with LOCKDOWN=1",
		       w->key[i], w->val[i] ? "=" : "", w->val[i] ? w->val[i] : "");
	if (w->nignored > w->nsaid)
		logmsg(LOG_WARNING, "%d more command-line words ignored (module parameters and lists): LOCKDOWN=1",
		       w->nignored - w->nsaid);
	if (build_policy.lockdown)
		logmsg(LOG_INFO, "%s: no shell, no init= and no module words from the command line",
		       build_policy.tag);
	if (build_policy.lockdown && build_policy.root)
		logmsg(LOG_INFO, "root pinned by the build: %s", build_policy.root);
}

/* A word that would make the real init start a shell: under LOCKDOWN the
 * boot stops rather than hand a shell to whoever edited the line. */
static int check_shell_word(const struct bootcfg *cfg)
{
	if (!cfg->locked.shell)
		return 0;
	logmsg(LOG_ERR, "'%s' on the kernel command line asks the real init for a shell; "
	       "this /init was built with LOCKDOWN=1, so the boot stops here", cfg->locked.shell);
	return -EPERM;
}

static void read_cmdline(struct bootcfg *cfg)
{
	char line[CMDLINE_MAX * 2];	/* room to notice an overlong line */
	ssize_t len = read_text("/proc/cmdline", line, sizeof(line));

	memset(cfg, 0, sizeof(*cfg));
	if (len < 0 && len != -EFBIG) {	/* too long: bootcfg_parse says so */
		logerr(LOG_ERR, (int)len, "cannot read /proc/cmdline; booting with defaults");
		line[0] = '\0';
	}
	if (bootcfg_parse_policy(cfg, line, &build_policy) == -E2BIG)
		logmsg(LOG_WARNING, "kernel command line longer than %d bytes; the rest is ignored",
		       CMDLINE_MAX - 1);
	say_locked(&cfg->locked);
}

/* Says what root= asks for, or why it cannot be used. 0 if usable. */
static int check_root_arg(const struct bootcfg *cfg)
{
	if (cfg->root.kind == ROOT_NONE) {
		logmsg(LOG_ERR, "no root= on the kernel command line: add root=UUID=... (or /dev/NAME, LABEL=, major:minor)");
		return -EINVAL;
	}
	if (cfg->root.kind == ROOT_INVALID) {
		logmsg(LOG_ERR, "root=%s not understood: %s", cfg->root_arg, cfg->root_err);
		return -EINVAL;
	}
	return 0;
}

/* The real init gets the kernel's arguments and environment, less any
 * LD_* (a dynamic PID 1 is not AT_SECURE); under LOCKDOWN neither: only
 * argv = { init } and HOME=/ TERM=linux. */
static void exec_init(const char *init, char **argv, char **envp)
{
	char *env[HANDOVER_ENV_MAX];
	char *bare[] = { (char *)init, NULL };

	argv[0] = (char *)init;
	handover_env(envp, build_policy.lockdown, env, HANDOVER_ENV_MAX);
	logmsg(LOG_INFO, "handing over to %s", init);
	execve(init, build_policy.lockdown ? bare : argv, env);
	logerr(LOG_EMERG, -errno, "exec %s failed after the switch", init);
}

/* rd.dryrun: says what the switch would do, then stops as a failure does,
 * so a new image can be tried on a machine without leaving the initramfs. */
static __attribute__((noreturn)) void dry_run_stop(const struct bootcfg *cfg,
						  const struct devlist *devs)
{
	int err = switch_root(NEWROOT, SWITCH_DRY_RUN);

	if (err < 0)
		logerr(LOG_ERR, err, "rd.dryrun: the switch would be refused");
	else
		logmsg(LOG_ERR, "rd.dryrun: stopping before the switch; the root stays mounted on " NEWROOT);
	boot_fail(cfg, devs);
}

int main(int argc, char **argv, char **envp)
{
	struct bootcfg cfg;
	struct devlist devs = { .dev = NULL };
	struct modloader loader = { .pid = 0, .fd = -1 };
	struct root_ctx ctx = { .devs = &devs, .loader = &loader };
	const char *init;
	int err;

	/* 0. The image links /sbin/modprobe here: the kernel runs it when it
	 *    wants a module itself (fs-ext4 at mount time). As PID 1
	 *    (rdinit=/sbin/modprobe) it is /init whatever its name: PID 1
	 *    must never exit. */
	if (getpid() != 1 && modules_is_modprobe(argv[0]))
		return modules_modprobe(argc, argv);
	/* 1. The kernel filesystems, and a console to speak on. */
	mount_early();
	log_step("early mounts");
	/* 2. What the command line asks for. */
	read_cmdline(&cfg);
	logmsg(LOG_INFO, "started; root=%s", cfg.root_arg ? cfg.root_arg : "(none)");
	/*    Firmware roots (loop image, RAM copy, verity, overlay): bad
	 *    values and what this build refuses, said now; with roothash=,
	 *    the device to wait for is the verity data partition. */
	if (check_shell_word(&cfg) < 0 || fwroot_plan(&cfg) < 0 || check_root_arg(&cfg) < 0)
		boot_fail(&cfg, NULL);	/* no device was looked for */
	/* 3. Listen for devices before any driver can announce one. */
	ctx.uevent_fd = uevent_open();
	if (ctx.uevent_fd < 0)
		logerr(LOG_WARNING, ctx.uevent_fd, "no uevent socket; only devices present now can be found");
	/* 4. The drivers: a loader process gives every device its modules
	 *    (coldplug, then uevents) while we wait for the root; none when
	 *    the root is there already (its driver built in). */
	if (root_present(&cfg, &devs) < 0)
		modules_start(&cfg, &loader);
	else
		logmsg(LOG_INFO, "root there at the start: no module loader");
	log_step("drivers started");
	/* 4a. Resume from hibernation (resume=) before anything is mounted:
	 *     if there is an image, the kernel restores it and we end here. */
	resume_try(&cfg, ctx.uevent_fd, &devs);
	/* 5. The network, when ip= asks for it or the root lives there
	 *    (init/netup.c); the loader meanwhile loads the NIC's driver. */
	if (net_up(&cfg, &ctx.net) < 0)
		boot_fail(&cfg, NULL);
	log_step("the network");
	/* 6. Wait for the root and mount it on NEWROOT, as its source says
	 *    (a block device, a virtio filesystem tag: init/rootsrc.c). The
	 *    source stops the loader once what it needs is there. */
	err = root_source_mount(&cfg, &ctx);
	if (err < 0)
		boot_fail(&cfg, ctx.seen);
	/*    rd.overlay=: that root becomes the read-only lower layer of an
	 *    overlay on NEWROOT (init/fwroot.c). */
	if (fwroot_overlay(&cfg, ctx.devs, ctx.uevent_fd) < 0)
		boot_fail(&cfg, ctx.seen);
	/* 6a. /usr from the root's /etc/fstab: systemd wants it there. */
	if (usr_mount(&cfg, ctx.uevent_fd, &devs) < 0)
		boot_fail(&cfg, &devs);	/* it looked at the block devices */
	if (ctx.uevent_fd >= 0)
		close(ctx.uevent_fd);
	log_step("root mounted");
	/* 7. The /dev/disk/by-* names the real root's fstab may use. */
	devlist_identify(&devs, 2000);
	devlinks_create(&devs);
	log_step("disk links");
	/* 8. Make sure there is an init to run before anything is deleted. */
	if (find_init(&cfg, NEWROOT, &init) < 0)
		boot_fail(&cfg, &devs);
	log_step("init found");
	/* 9. Switch: empty the initramfs, enter the real root. */
	if (cfg.dry_run)
		dry_run_stop(&cfg, &devs);
	net_release(&cfg, &ctx.net);	/* rd.neednet=0 */
	err = switch_root(NEWROOT, 0);
	if (err < 0) {
		logerr(LOG_ERR, err, "switching to the root on %s failed", ctx.what);
		boot_fail(&cfg, &devs);
	}
	log_step("switch");
	/* 10. Hand over. Only an exec failure returns here. */
	exec_init(init, argv, envp);
	boot_fail_switched(&cfg);
}
