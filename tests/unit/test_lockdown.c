/* test_lockdown.c: what a LOCKDOWN build takes from the command line, its
 * pins, the shell words that stop it, and the hand-over environment. */
#include <stdio.h>

#include "bootcfg.h"
#include "check.h"
#include "lockdown.h"
#include "policy.h"

struct lcase {
	const char *name;
	const char *line;
	int lockdown;
	const char *root, *fstype, *flags, *init;	/* the build's pins */
	/* want */
	const char *root_arg;	/* cfg.root_arg, "(null)" if none */
	const char *got_init;
	const char *shell;	/* cfg.locked.shell */
	int nignored, nblacklist, nmodparams, nrd_modules;
	const char *fstypes;	/* joined by ',' */
	const char *rootflags;
	const char *first_said;	/* key of the first ignored word said */
};

#define PIN "PARTUUID=b007ab1e-0000-4000-8000-0000000000b1"

static const struct lcase cases[] = {
	{ "plain-takes-all", "root=LABEL=EVIL init=/bin/sh modprobe.blacklist=nvme virtio_blk.x=1 rd.modules=a",
	  0, NULL, NULL, NULL, NULL, "LABEL=EVIL", "/bin/sh", NULL, 0, 1, 1, 1, "", NULL, NULL },
	{ "plain-init-pin-is-default", "root=/dev/vda1", 0, NULL, NULL, NULL, "/lib/systemd/systemd",
	  "/dev/vda1", "/lib/systemd/systemd", NULL, 0, 0, 0, 0, "", NULL, NULL },
	{ "plain-init-word-wins", "root=/dev/vda1 init=/bin/bash", 0, NULL, NULL, NULL, "/sbin/x",
	  "/dev/vda1", "/bin/bash", NULL, 0, 0, 0, 0, "", NULL, NULL },
	{ "plain-shell-words-free", "root=/dev/vda1 single systemd.debug_shell", 0, NULL, NULL, NULL, NULL,
	  "/dev/vda1", NULL, NULL, 0, 0, 1, 0, "", NULL, NULL },
	{ "lock-unpinned-root-open", "root=LABEL=R init=/bin/sh", 1, NULL, NULL, NULL, NULL,
	  "LABEL=R", NULL, NULL, 1, 0, 0, 0, "", NULL, "init" },
	{ "lock-modules-ignored", "root=LABEL=R modprobe.blacklist=nvme module_blacklist=ahci virtio_blk.queue_depth=1 rd.modules=usb_storage",
	  1, NULL, NULL, NULL, NULL, "LABEL=R", NULL, NULL, 4, 0, 0, 0, "", NULL, "modprobe.blacklist" },
	{ "lock-pinned-root", "root=LABEL=EVIL rootfstype=vfat rootflags=uid=0 root=PARTUUID=x/PARTNROFF=1",
	  1, PIN, NULL, NULL, NULL, PIN, NULL, NULL, 4, 0, 0, 0, "", NULL, "root" },
	{ "lock-pinned-fstype-flags", "rootfstype=vfat rootflags=ro", 1, PIN, "ext4,xfs", "noatime", NULL,
	  PIN, NULL, NULL, 2, 0, 0, 0, "ext4,xfs", "noatime", "rootfstype" },
	{ "lock-init-pin", "init=/bin/sh", 1, PIN, NULL, NULL, "/sbin/real",
	  PIN, "/sbin/real", NULL, 1, 0, 0, 0, "", NULL, "init" },
	{ "lock-other-keys-taken", "rootwait=5 ro rd.timeout=3 quiet", 1, PIN, NULL, NULL, NULL,
	  PIN, NULL, NULL, 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-single", "root=/dev/vda1 single", 1, NULL, NULL, NULL, NULL,
	  "/dev/vda1", NULL, "single", 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-S", "S", 1, NULL, NULL, NULL, NULL, NULL, NULL, "S", 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-emergency", "emergency", 1, NULL, NULL, NULL, NULL, NULL, NULL, "emergency", 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-debug-shell", "systemd.debug_shell", 1, NULL, NULL, NULL, NULL, NULL, NULL,
	  "systemd.debug_shell", 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-debug-shell-dash-value", "systemd.debug-shell=tty9", 1, NULL, NULL, NULL, NULL, NULL, NULL,
	  "systemd.debug-shell", 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-debug-shell-off", "systemd.debug_shell=0", 1, NULL, NULL, NULL, NULL, NULL, NULL,
	  NULL, 1, 0, 0, 0, "", NULL, NULL },
	{ "lock-unit-emergency", "systemd.unit=emergency.target", 1, NULL, NULL, NULL, NULL, NULL, NULL,
	  "systemd.unit", 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-unit-rescue", "rd.systemd.unit=rescue.target", 1, NULL, NULL, NULL, NULL, NULL, NULL,
	  "rd.systemd.unit", 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-unit-graphical", "systemd.unit=graphical.target", 1, NULL, NULL, NULL, NULL, NULL, NULL,
	  NULL, 1, 0, 0, 0, "", NULL, NULL },
	{ "lock-after-dashes", "root=/dev/vda1 -- single", 1, NULL, NULL, NULL, NULL, "/dev/vda1", NULL,
	  "single", 0, 0, 0, 0, "", NULL, NULL },
	{ "lock-rd-keys-stay", "rd.emergency=halt rd.dryrun", 1, NULL, NULL, NULL, NULL, NULL, NULL,
	  NULL, 0, 0, 0, 0, "", NULL, NULL },
};

static void join(char *out, size_t n, const char *const *v, int k)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < k && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "," : "", v[i]);
}

static void run_case(const struct lcase *c)
{
	static struct bootcfg cfg;
	struct buildpolicy bp = { .emergency = EMERG_REBOOT, .lockdown = c->lockdown,
				  .root = c->root, .rootfstype = c->fstype, .rootflags = c->flags,
				  .init = c->init };
	char name[160], types[256];

	bootcfg_parse_policy(&cfg, c->line, &bp);
#define N(field) (snprintf(name, sizeof(name), "lockdown/%s/%s", c->name, field), name)
	CHECK_STR(N("root"), cfg.root_arg, c->root_arg);
	CHECK_STR(N("init"), cfg.init, c->got_init);
	CHECK_STR(N("shell"), cfg.locked.shell, c->shell);
	CHECK_INT(N("ignored"), cfg.locked.nignored, c->nignored);
	CHECK_INT(N("blacklist"), cfg.nmod_blacklist, c->nblacklist);
	CHECK_INT(N("modparams"), cfg.nmodparams, c->nmodparams);
	CHECK_INT(N("rd-modules"), cfg.nrd_modules, c->nrd_modules);
	join(types, sizeof(types), cfg.fstypes, cfg.nfstypes);
	CHECK_STR(N("fstypes"), types, c->fstypes);
	CHECK_STR(N("rootflags"), cfg.rootflags, c->rootflags);
	CHECK_STR(N("first-said"), cfg.locked.nsaid ? cfg.locked.key[0] : NULL, c->first_said);
	if (c->root && c->lockdown)
		CHECK(N("pinned-parsed"), cfg.root.kind == ROOT_PARTUUID, "kind %d", cfg.root.kind);
#undef N
}

static void test_env(void)
{
	static char e0[] = "HOME=/", e1[] = "LD_PRELOAD=/home/u/x.so", e2[] = "TERM=linux",
		    e3[] = "LD_LIBRARY_PATH=/tmp", e4[] = "BOOT_IMAGE=/vmlinuz";
	char *envp[] = { e0, e1, e2, e3, e4, NULL };
	char *out[8];
	size_t n;

	n = handover_env(envp, 0, out, 8);
	CHECK_INT("env/plain-count", n, 3);
	CHECK_STR("env/plain-0", out[0], "HOME=/");
	CHECK_STR("env/plain-1", out[1], "TERM=linux");
	CHECK_STR("env/plain-2", out[2], "BOOT_IMAGE=/vmlinuz");
	CHECK("env/plain-null", out[3] == NULL, "not NULL-terminated");
	n = handover_env(envp, 1, out, 8);
	CHECK_INT("env/lockdown-count", n, 2);
	CHECK_STR("env/lockdown-0", out[0], "HOME=/");
	CHECK_STR("env/lockdown-1", out[1], "TERM=linux");
	CHECK("env/lockdown-null", out[2] == NULL, "not NULL-terminated");
	n = handover_env(envp, 0, out, 2);
	CHECK_INT("env/bounded", n, 1);
	CHECK("env/bounded-null", out[1] == NULL, "not NULL-terminated");
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	test_env();
	return CHECK_EXIT();
}
