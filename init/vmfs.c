/* vmfs.c: the root on a virtio filesystem (rootfstype=virtiofs or 9p,
 * root=TAG), as qemu's -virtfs or vhost-user-fs give a VM its host's
 * tree. No block device is involved: wait until a virtio device of that
 * transport has a driver (the loader loads 9pnet_virtio or virtiofs by
 * modalias), then mount the tag. 9p devices show their tag in sysfs;
 * virtio-fs devices do not before Linux 6.10, so for those each newly
 * bound device is a reason to try the mount again. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirread.h"
#include "log.h"
#include "mountopts.h"
#include "rootsrc.h"
#include "vmfs.h"

#define VIRTIO_DEVICES	"/sys/bus/virtio/devices"
#define TAGS_SEEN_MAX	256
#define TAG_MAX_READ	256

struct seen {
	int devices;		/* of the wanted transport */
	int bound;		/* of those, with a driver */
	int tag_found;		/* 9p: a bound device carries the tag */
	char tags[TAGS_SEEN_MAX]; /* 9p: the tags seen, for the report */
};

static int device_id(const char *dev)
{
	char path[128], text[32];

	fmt(path, sizeof(path), VIRTIO_DEVICES "/%s/device", dev);
	if (read_text(path, text, sizeof(text)) < 0)
		return -1;
	return (int)strtol(text, NULL, 16);	/* "0x001a" */
}

static void note_9p_tag(const char *dev, const char *tag, struct seen *s)
{
	char path[128], text[TAG_MAX_READ];
	size_t used = strlen(s->tags);

	fmt(path, sizeof(path), VIRTIO_DEVICES "/%s/mount_tag", dev);
	if (read_text(path, text, sizeof(text)) < 0)
		return;
	if (strcmp(text, tag) == 0)	/* the kernel's text ends in a NUL */
		s->tag_found = 1;
	if (used + strlen(text) + 2 < sizeof(s->tags))
		fmt(s->tags + used, sizeof(s->tags) - used, "%s%s", used ? " " : "", text);
}

/* Counts the transport's virtio devices and which have a driver. */
static void scan(int id, const char *tag, struct seen *s)
{
	struct dirread d;
	const struct kdirent *e;
	char path[128];

	memset(s, 0, sizeof(*s));
	if (dir_open(&d, AT_FDCWD, VIRTIO_DEVICES) < 0)
		return;	/* no virtio bus yet: virtio_pci not loaded */
	while ((e = dir_next(&d))) {
		if (e->name[0] == '.' || device_id(e->name) != id)
			continue;
		s->devices++;
		fmt(path, sizeof(path), VIRTIO_DEVICES "/%s/driver", e->name);
		if (access(path, F_OK) < 0)
			continue;
		s->bound++;
		if (id == 9)
			note_9p_tag(e->name, tag, s);
	}
	dir_close(&d);
}

static int try_mount(const struct bootcfg *cfg, const char *type, unsigned long *flags)
{
	char user[1024], data[1200];

	*flags = cfg->readonly ? MS_RDONLY : 0;
	if (mountopts_split(cfg->rootflags, flags, user, sizeof(user)) < 0 ||
	    vmfs_mount_data(type, user, data, sizeof(data)) < 0)
		return -E2BIG;
	if (mkdir(NEWROOT, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (mount(cfg->root.value, NEWROOT, type, *flags, data[0] ? data : NULL) < 0)
		return -errno;
	return 0;
}

static void say_not_found(const struct bootcfg *cfg, const char *type, const struct seen *s,
			  int secs, int last_err)
{
	logmsg(LOG_ERR, "%s tag %s not found after %d s: %d %s device(s), %d with a driver",
	       type, cfg->root.value, secs, s->devices, type, s->bound);
	if (s->devices == 0)
		logmsg(LOG_ERR, "no %s device at all: give the VM one (qemu %s) and put virtio_pci and %s in the image",
		       type, vmfs_virtio_id(type) == 9 ? "-virtfs local,path=DIR,mount_tag=TAG,..."
						      : "-device vhost-user-fs-pci,tag=TAG,...",
		       vmfs_virtio_id(type) == 9 ? "9pnet_virtio" : "virtiofs");
	else if (s->bound == 0)
		logmsg(LOG_ERR, "no driver took them: put %s in the image",
		       vmfs_virtio_id(type) == 9 ? "9pnet_virtio" : "virtiofs");
	else if (s->tags[0])
		logmsg(LOG_ERR, "tags offered: %s", s->tags);
	else if (last_err)
		logerr(LOG_ERR, last_err, "the last mount of tag %s said", cfg->root.value);
}

int vmfs_root_claims(const struct bootcfg *cfg)
{
	return cfg->root.kind == ROOT_TAG;
}

int vmfs_root_mount(const struct bootcfg *cfg, struct root_ctx *ctx)
{
	const char *type = cfg->fstypes[0];
	int id = vmfs_virtio_id(type), secs = root_wait_seconds(cfg);
	long long deadline = secs < 0 ? -1 : now_ms() + secs * 1000LL;
	unsigned long flags;
	int tried = 0, err = 0;
	struct seen s;

	for (;;) {
		scan(id, cfg->root.value, &s);
		if ((id == 9 && s.tag_found) || (id != 9 && s.bound > tried)) {
			tried = s.bound;
			err = try_mount(cfg, type, &flags);
			/* virtio-fs says EINVAL for a tag no device has. */
			if (err == 0 || id == 9 || err != -EINVAL)
				break;
		}
		if (deadline >= 0 && now_ms() >= deadline) {
			modules_stop(ctx->loader);
			say_not_found(cfg, type, &s, secs, err);
			return -ETIMEDOUT;
		}
		uevent_wait_any(ctx->uevent_fd, deadline < 0 ? -1 : (int)(deadline - now_ms()));
	}
	modules_stop(ctx->loader);
	if (err < 0) {
		logerr(LOG_ERR, err, "cannot mount %s tag %s", type, cfg->root.value);
		logmsg(LOG_ERR, "%s", mount_hint(err));
		return err;
	}
	fmt(ctx->what, sizeof(ctx->what), "%s tag %s", type, cfg->root.value);
	logmsg(LOG_INFO, "mounted %s on " NEWROOT " %s", ctx->what,
	       flags & MS_RDONLY ? "read-only" : "read-write");
	return 0;
}
