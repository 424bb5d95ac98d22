/* rootblock.c: the root on a block device, the source every root= form
 * but the network and virtio ones names: wait for the device (the loader
 * gives drivers meanwhile), read its identity, mount it. */
#include <errno.h>

#include "fsck.h"
#include "log.h"
#include "policy.h"
#include "rootsrc.h"
#include "stack.h"

int block_root_claims(const struct bootcfg *cfg)
{
	(void)cfg;
	return 1;
}

static void say_wait_failed(const struct bootcfg *cfg, int err)
{
	int secs = root_wait_seconds(cfg);

	if (err == -ENOTUNIQ)
		logmsg(LOG_ERR, "root %s refused: it must name one device (%s); remove the other "
		       "or name the root by something only it has (PARTUUID=)", cfg->root_arg,
		       build_policy.lockdown ? "LOCKDOWN=1" : "rd.root.unique=1");
	else if (err != -ETIMEDOUT)
		logerr(LOG_ERR, err, "looking for root %s failed", cfg->root_arg);
	else if (cfg->rd_timeout > 0 && secs == cfg->rd_timeout)
		logmsg(LOG_ERR, "root %s not found after %d s (rd.timeout=%d)", cfg->root_arg,
		       secs, secs);
	else if (cfg->rootwait == WAIT_DEFAULT)
		logmsg(LOG_ERR, "root %s not found after the default wait of %d s (rootwait=N to change it)",
		       cfg->root_arg, secs);
	else
		logmsg(LOG_ERR, "root %s not found after %d s (rootwait=%d)", cfg->root_arg,
		       secs, secs);
}

const char *mount_hint(int err)
{
	switch (err) {
	case -ENODEV:
		return "the kernel knows no such filesystem type: put its module in the image or fix rootfstype=";
	case -EINVAL:
		return "not that filesystem, or an option it refuses: check rootfstype= and rootflags=";
	case -E2BIG:
		return "rootflags= is too long";
	case -EROFS:
	case -EACCES:
		return "the device is read-only and the filesystem refused read-only too";
	default:
		return "see the kernel's messages above for the filesystem's own reason";
	}
}

static void say_mount_failed(const struct bootcfg *cfg, const struct blockdev *dev, int err)
{
	logerr(LOG_ERR, err, "cannot mount root %s (/dev/%s, TYPE=%s)", cfg->root_arg, dev->name,
	       dev->id.type[0] ? dev->id.type : "unknown");
	logmsg(LOG_ERR, "%s", mount_hint(err));
}

int block_root_wait(const struct bootcfg *cfg, struct root_ctx *ctx)
{
	int root;

	/* The loader stops once the device is there, whatever it still
	 * loads: what mounting needs, the kernel asks /sbin/modprobe for. */
	root = root_wait(cfg, ctx->uevent_fd, ctx->devs, ctx->loader);
	ctx->seen = ctx->devs;
	modules_stop(ctx->loader);
	if (root < 0) {
		say_wait_failed(cfg, root);
		stack_explain(cfg, ctx->devs);	/* a LUKS/LVM/MD layer left closed */
		return root;
	}
	blockdev_identify(&ctx->devs->dev[root]);
	return root;
}

int block_root_mount(const struct bootcfg *cfg, struct root_ctx *ctx)
{
	int root = block_root_wait(cfg, ctx);

	return root < 0 ? root : block_root_mount_dev(cfg, ctx, root);
}

int block_root_mount_dev(const struct bootcfg *cfg, struct root_ctx *ctx, int root)
{
	struct devlist *devs = ctx->devs;
	int err;

	/* fsck first, if the image has a checker (fsck.mode=). */
	err = fsck_blockdev(cfg, &devs->dev[root], "root");
	if (err < 0)
		return err;
	err = root_mount(cfg, &devs->dev[root]);
	if (err < 0) {
		say_mount_failed(cfg, &devs->dev[root], err);
		return err;
	}
	fmt(ctx->what, sizeof(ctx->what), "/dev/%s", devs->dev[root].name);
	return 0;
}
