/* rootsrc.h: where the root comes from. Each kind of root (a block device,
 * a virtio filesystem tag, a network share) is one source: a function that
 * waits for what that root needs, mounts it at NEWROOT and logs, once and
 * with context, why it could not. main.c calls root_source_mount() and
 * never looks at the kind; a new kind is a new entry in init/rootsrc.c's
 * table and a file of its own. */
#ifndef BATON_ROOTSRC_H
#define BATON_ROOTSRC_H

#include "blockdev.h"
#include "bootcfg.h"
#include "net.h"
#include "sys.h"

/* What the boot sequence hands a source: the uevent socket (-1 if none),
 * the list of block devices seen (for the failure report and the
 * /dev/disk links), and the module loader, which the source stops once
 * the device its root needs is there. */
struct root_ctx {
	int uevent_fd;
	struct devlist *devs;
	struct modloader *loader;
	struct net_state net;	/* what the network step configured */
	const struct devlist *seen;	/* devs once block devices were looked
				 * at, for the failure report; NULL before */
	char what[128];		/* the root as mounted, for later messages
				 * ("/dev/vda1", "virtiofs tag root") */
};

struct root_source {
	const char *name;
	int (*claims)(const struct bootcfg *cfg);	/* 1: this root is mine */
	int (*mount)(const struct bootcfg *cfg, struct root_ctx *ctx);
};

/* rootsrc.c: the source cfg's root= names (the block source when no other
 * claims it), run. Returns 0 with the root on NEWROOT and the loader
 * stopped, or -errno after the source said why. */
int root_source_mount(const struct bootcfg *cfg, struct root_ctx *ctx);

/* rootblock.c: root= names a block device: wait for it, identify, mount.
 * The two halves of block_root_mount, for sources that build on a block
 * device: block_root_wait returns the index of the identified root= device
 * in ctx->devs (loader stopped, ctx->seen set) or -errno, said;
 * block_root_mount_dev mounts devs->dev[root] on NEWROOT, says a failure. */
int block_root_claims(const struct bootcfg *cfg);
int block_root_mount(const struct bootcfg *cfg, struct root_ctx *ctx);
int block_root_wait(const struct bootcfg *cfg, struct root_ctx *ctx);
int block_root_mount_dev(const struct bootcfg *cfg, struct root_ctx *ctx, int root);

/* fwroot.c: rd.loop=, rd.copytoram or roothash=: the block device root=
 * names, then the firmware layers on it (include/fwroot.h), mounted. */
int fwroot_claims(const struct bootcfg *cfg);
int fwroot_mount(const struct bootcfg *cfg, struct root_ctx *ctx);

/* vmfs.c: rootfstype=virtiofs|9p root=TAG: wait for the virtio device
 * carrying the tag (its driver loaded by modalias), mount it. */
int vmfs_root_claims(const struct bootcfg *cfg);
int vmfs_root_mount(const struct bootcfg *cfg, struct root_ctx *ctx);

/* nfsroot.c: root=/dev/nfs (nfsroot=, DHCP's root path) or root=nfs:
 * mounted by the kernel's NFS client over the network step's interface. */
int nfs_root_claims(const struct bootcfg *cfg);
int nfs_root_mount(const struct bootcfg *cfg, struct root_ctx *ctx);
/* liveroot.c: root=live:http://... fetched into RAM, on a loop device,
 * verified by dm-verity with roothash=, mounted. */
int live_root_claims(const struct bootcfg *cfg);
int live_root_mount(const struct bootcfg *cfg, struct root_ctx *ctx);

/* A mount failure's most likely meaning for the person at the console. */
const char *mount_hint(int err);

#endif
