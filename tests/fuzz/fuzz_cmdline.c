/* fuzz_cmdline.c: libFuzzer harness for the kernel command line as /init
 * reads it (init/cmdline.c): bootcfg_parse on the input as one line, the
 * rootflags= value it finds split by init/mountopts.c (and joined to the
 * 9p/virtiofs defaults by init/vmfs_opts.c), and rootspec_parse
 * and mountopts_split again on the whole input, since a root= or rootflags=
 * value can hold any bytes the line does. Then what /init decides from the
 * parsed line: root_find over a synthetic device list (every identity
 * root= can name, partitions up to INT_MAX for PARTNROFF's arithmetic),
 * root_wait_seconds and failplan_choose under every build policy, and an
 * NFS root's source and options (init/nfsopts.c) from root=nfs:/nfsroot=
 * and from the whole input as DHCP's root path. The
 * kernel gives /init a NUL-terminated string, so the input is cut at its
 * first NUL as the kernel's copy would be. The distro keys too: resume=
 * parsed as /init parses it when it resumes, fsck.mode=/fsck.repair= turned
 * into the checker's argv, and the input read as a root's /etc/fstab for
 * its /usr and / lines (init/fstab.c). */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "bootcfg.h"
#include "fsckcfg.h"
#include "fstab.h"
#include "lockdown.h"
#include "mountopts.h"
#include "nfsroot.h"
#include "policy.h"
#include "vmfs.h"
#include "stackcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy: the parsers take C strings and bounds are only
 * checked by ASan on the heap, not in a stack buffer shared with others. */
static char *cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

static size_t len0(const char *s)
{
	return s ? strlen(s) : 0;
}

/* The stacked-root words (init/stackcfg.c), and what stack.c makes of
 * the LUKS options: cryptsetup's arguments. */
static size_t touch_stack(const struct stack_cfg *st)
{
	const struct luks_cfg *l = &st->luks;
	struct luks_args a;
	size_t sum = len0(l->options) + len0(l->key) + len0(l->keydev) + len0(l->bad);
	int i;

	for (i = 0; i < l->n; i++) {
		sum += len0(l->dev[i].uuid) + len0(l->dev[i].name) + len0(l->dev[i].options) +
		       len0(l->dev[i].key) + len0(l->dev[i].keydev);
		sum += luks_find(l, l->dev[i].uuid) != NULL;
		luks_option_args(l->dev[i].options, &a);
		for (int j = 0; j < a.n; j++)
			sum += strlen(a.arg[j]);
	}
	luks_option_args(l->options, &a);
	for (i = 0; i < a.n; i++)
		sum += strlen(a.arg[i]);
	sum += strlen(a.bad_opt);
	for (i = 0; i < st->lvm.nvg; i++)
		sum += strlen(st->lvm.vg[i]);
	for (i = 0; i < st->lvm.nlv; i++)
		sum += strlen(st->lvm.lv[i]);
	return sum;
}

/* Reads every field the boot steps read, so a pointer bootcfg_parse left
 * dangling or unterminated shows up here rather than in a boot. */
static size_t touch_cfg(const struct bootcfg *cfg)
{
	size_t sum = 0;
	int i;

	if (cfg->root_arg)
		sum += strlen(cfg->root_arg);
	if (cfg->root.value)
		sum += strlen(cfg->root.value);
	if (cfg->root_err)
		sum += strlen(cfg->root_err);
	for (i = 0; i < cfg->nfstypes; i++)
		sum += strlen(cfg->fstypes[i]);
	if (cfg->init)
		sum += strlen(cfg->init);
	for (i = 0; i < cfg->ninit_args; i++)
		sum += strlen(cfg->init_args[i]);
	for (i = 0; i < cfg->nmodparams; i++)
		sum += strlen(cfg->modparams[i].module) + strlen(cfg->modparams[i].param) +
		       (cfg->modparams[i].value ? strlen(cfg->modparams[i].value) : 0);
	for (i = 0; i < cfg->nmod_blacklist; i++)
		sum += strlen(cfg->mod_blacklist[i]);
	for (i = 0; i < cfg->nrd_modules; i++)
		sum += strlen(cfg->rd_modules[i]);
	/* the firmware-root keys (init/fwroot_cmdline.c) */
	sum += strlen(cfg->fw.overlay_raw) + strlen(cfg->fw.loop_part_raw) +
	       strlen(cfg->fw.verity_data_raw) + strlen(cfg->fw.verity_hash_raw) +
	       strlen(cfg->fw.verity_opts) + strlen(cfg->fw.bad_val);
	if (cfg->fw.overlay_size)
		sum += strlen(cfg->fw.overlay_size);
	if (cfg->fw.loop_path)
		sum += strlen(cfg->fw.loop_path);
	if (cfg->fw.roothash)
		sum += strlen(cfg->fw.roothash);
	if (cfg->fw.bad_key)
		sum += strlen(cfg->fw.bad_key) + strlen(cfg->fw.bad_why);
	if (cfg->fw.overlay_dev.value)
		sum += strlen(cfg->fw.overlay_dev.value);
	if (cfg->fw.loop_part.value)
		sum += strlen(cfg->fw.loop_part.value);
	if (cfg->fw.verity_data.value)
		sum += strlen(cfg->fw.verity_data.value);
	if (cfg->fw.verity_hash.value)
		sum += strlen(cfg->fw.verity_hash.value);
	/* the network keys (init/netcfg.c) */
	sum += strlen(cfg->net.hostname) + strlen(cfg->net.dev);
	if (cfg->net.ip_arg)
		sum += strlen(cfg->net.ip_arg);
	if (cfg->net.ip_err)
		sum += strlen(cfg->net.ip_err);
	if (cfg->net.nfsroot)
		sum += strlen(cfg->net.nfsroot);
	for (i = 0; i < cfg->locked.nsaid; i++)
		sum += strlen(cfg->locked.key[i]) + (cfg->locked.val[i] ? strlen(cfg->locked.val[i]) : 0);
	if (cfg->locked.shell)
		sum += strlen(cfg->locked.shell);
	return sum + touch_stack(&cfg->stack);
}

/* What resume.c, fsck.c and usrmount.c make of the parsed words and of
 * an fstab text. */
static size_t distro_keys(const struct bootcfg *cfg, const char *text)
{
	char val[RESUME_ARG_MAX];
	const char *argv[FSCK_ARGV_MAX], *why;
	struct root_spec spec;
	struct fstab_entry e;
	size_t sum = 0;

	memcpy(val, cfg->resume.arg, sizeof(val));
	if (rootspec_parse(&spec, val, &why) == 0 && spec.value)
		sum += strlen(spec.value);
	sum += (size_t)fsck_argv(&cfg->fsck, "fsck", 1, "ext4", "/dev/vda1", argv);
	for (int i = 0; argv[i]; i++)
		sum += strlen(argv[i]);
	sum += (size_t)fsck_verdict((int)cfg->resume.offset);
	if (fstab_find(text, "/usr", &e) == 0) {
		sum += strlen(e.spec) + strlen(e.type) + strlen(e.opts);
		if (rootspec_parse(&spec, e.spec, &why) == 0 && spec.value)
			sum += strlen(spec.value);
	}
	if (fstab_find(text, "/", &e) == 0)
		sum += strlen(e.opts);
	return sum;
}

/* An NFS root's mount as nfsroot.c builds it: from the line's root=nfs:
 * and nfsroot=, and from the whole input as DHCP's root path (a server's
 * bytes, as untrusted as the line). */
static size_t nfs_build(const struct bootcfg *cfg, const char *line)
{
	struct nfs_mount m;
	const char *why;
	size_t sum = 0;

	if (nfs_mount_build(cfg->root.kind == ROOT_NFS ? cfg->root.value : NULL,
			    cfg->net.nfsroot, line, cfg->net.server, cfg->net.client, &m, &why) == 0)
		sum += strlen(m.source) + strlen(m.data);
	else
		sum += strlen(why);
	if (nfs_mount_build(NULL, NULL, line, 0x0202000a, 0x0f02000a, &m, &why) == 0)
		sum += strlen(m.source) + strlen(m.data);
	else
		sum += strlen(why);
	return sum;
}

static void split_opts(const char *opts)
{
	/* Small on purpose, so that -E2BIG is reached as well as success. */
	char small[16], big[CMDLINE_MAX];
	unsigned long flags = 0;

	mountopts_split(opts, &flags, small, sizeof small);
	mountopts_split(opts, &flags, big, sizeof big);
	mountopts_split(opts, &flags, NULL, 0);
	/* A virtio filesystem root's data: the defaults joined to these. */
	vmfs_mount_data("9p", opts, small, sizeof small);
	vmfs_mount_data("9p", opts, big, sizeof big);
	vmfs_mount_data("virtiofs", opts, big, sizeof big);
}

/* Disks vda (partitions 1, 2 extended, 5, INT_MAX) and vdb (1, 2), with
 * the identities the seeds name; built once. */
static const struct devlist *devices(void)
{
	static struct devlist l;
	static const struct {
		const char *name, *disk, *uuid, *label, *partuuid, *partlabel, *ids;
		int partn, extended;
	} d[] = {
		{ "vda", "", "", "", "", "", "by-id/virtio-SER\0by-path/pci-0000:00:04.0\0", 0, 0 },
		{ "vda1", "vda", "b007ab1e-0000-4000-8000-000000000001", "BATONROOT",
		  "5eedf00d-01", "EFI System", "by-id/virtio-SER-part1\0", 1, 0 },
		{ "vda2", "vda", "", "", "5eedf00d-02", "", "", 2, 1 },
		{ "vda5", "vda", "dead-beef", "BATON-ROOT", "5eedf00d-05", "root", "", 5, 0 },
		{ "vdaM", "vda", "", "", "5eedf00d-ff", "", "", INT_MAX, 0 },
		{ "vdb1", "vdb", "", "", "b007ab1e-0000-4000-8000-0000000000b1", "baton root",
		  "", 1, 0 },
		{ "vdb2", "vdb", "", "", "b007ab1e-0000-4000-8000-0000000000b2", "", "", 2, 0 },
		{ "cciss!c0d0", "", "", "", "", "", "", 0, 0 },
		{ "dm-0", "", "", "", "", "", "", 0, 0 },
	};
	size_t i;

	if (l.n)
		return &l;
	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		int k = devlist_add(&l, d[i].name, (dev_t)(0xfe00 + i), 0);
		struct blockdev *b = &l.dev[k];	/* after the add: l.dev may move */

		strcpy(b->disk, d[i].disk);
		strcpy(b->id.uuid, d[i].uuid);
		strcpy(b->id.label, d[i].label);
		strcpy(b->partuuid, d[i].partuuid);
		strcpy(b->partlabel, d[i].partlabel);
		const char *id = d[i].ids;

		while (*id)	/* names, each NUL-terminated, then an empty one */
			id += strlen(id) + 1;
		memcpy(b->diskids, d[i].ids, (size_t)(id - d[i].ids) + 1);
		b->partn = d[i].partn;
		b->pt_extended = d[i].extended;
	}
	/* root=/dev/mapper/NAME and /dev/VG/LV match device-mapper names */
	strcpy(l.dev[l.n - 1].dmname, "debian--vg-root");
	return &l;
}

/* What the boot decides from cfg: which device is the root, how long to
 * wait for it, what to do on failure. */
static int decide(const struct bootcfg *cfg)
{
	static const struct buildpolicy policies[] = {
		{ .emergency = EMERG_SHELL }, { .emergency = EMERG_REBOOT, .lockdown = 1 },
		{ .emergency = EMERG_WAIT }, { .emergency = EMERG_HALT, .lockdown = 1 },
	};
	struct failplan plan;
	size_t i;
	int sum = root_find(&cfg->root, devices()) + root_wait_seconds(cfg);

	for (i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		failplan_choose(cfg, &policies[i], (int)i & 1, &plan);
		if (plan.shell && policies[i].lockdown)
			abort();	/* a lockdown build must never plan a shell */
		sum += plan.delay + (plan.note ? (int)strlen(plan.note) : 0);
	}
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootcfg cfg;	/* 8 KiB and more: not on the stack */
	struct root_spec spec;
	const char *why;
	char *line = cstr(data, size);
	volatile size_t sink;

	/* A LOCKDOWN build with every pin: the words it ignores, the shell
	 * words, the pinned root parsed last. */
	static const struct buildpolicy locked = {
		.emergency = EMERG_REBOOT, .lockdown = 1, .init = "/sbin/init",
		.root = "PARTUUID=b007ab1e-0000-4000-8000-0000000000b1/PARTNROFF=1",
		.rootfstype = "ext4,xfs", .rootflags = "noatime",
	};

	if (!line)
		return 0;
	bootcfg_parse_policy(&cfg, line, &locked);
	sink = touch_cfg(&cfg);
	bootcfg_parse(&cfg, line);
	sink = touch_cfg(&cfg);
	sink = (size_t)decide(&cfg);
	sink = distro_keys(&cfg, line);
	sink = nfs_build(&cfg, line);
	if (cfg.rootflags)
		split_opts(cfg.rootflags);
	split_opts(line);
	/* rootspec_parse rewrites its argument: give it the copy last. */
	if (rootspec_parse(&spec, line, &why) == 0 && spec.value)
		sink = strlen(spec.value);
	(void)sink;
	free(line);
	return 0;
}
