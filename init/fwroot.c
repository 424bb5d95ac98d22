/* fwroot.c: the firmware-root layers (include/fwroot.h) between the device
 * root= names and the filesystem the real init runs on: a loop image on a
 * carrier filesystem, a copy in RAM, a dm-verity device the kernel checks
 * every block of, an overlay with a writable upper layer. Each layer that
 * fails is named with the device it was built from; nothing is written to
 * any device but a persistent overlay's upper layer (its upper/ and work/
 * directories, when missing). */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dm.h"
#include "fwroot.h"
#include "log.h"
#include "loopdev.h"
#include "policy.h"
#include "rootsrc.h"
#include "sys.h"
#include "verity.h"

#define FW_DIR		"/run/baton"
#define CARRIER		FW_DIR "/carrier"
#define RAMDIR		FW_DIR "/ram"
#define LOWER		FW_DIR "/lower"
#define UPPER		FW_DIR "/upper"
#define VERITY_NAME	"root"		/* /dev/mapper/root, as systemd names it */
#define MIB		(1024ULL * 1024)
#define RAM_RESERVE	(32 * MIB)	/* left for the kernel and the real init */
#define COPY_CHUNK	(256 * 1024)	/* read/write: klibc has no usable sendfile */
#define PART_WAIT_MS	2000

/* The hash device and verity data device when they default to the
 * Discoverable Partitions Specification: the UUIDs derived from roothash=. */
static char dps_data_uuid[37], dps_hash_uuid[37];
static char data_arg[FW_RAW_MAX + 32];

/* -- small helpers ------------------------------------------------------------ */

static int mkdir_p(const char *path)
{
	char buf[128];

	fmt(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

/* Adds /dev/NAME (a loop device, its partition, dm-N) to devs, identified.
 * Returns its index or -errno. */
int fw_add_dev(struct devlist *devs, const char *name)
{
	char path[64];
	struct stat st;
	int i;

	fmt(path, sizeof(path), "/dev/%s", name);
	if (loop_wait_node(name, PART_WAIT_MS) < 0 || stat(path, &st) < 0)
		return -ENOENT;
	i = devlist_add(devs, name, st.st_rdev, 1);
	if (i >= 0)
		blockdev_identify(&devs->dev[i]);
	return i;
}

static const char *type_of(const struct blockdev *d)
{
	return d->id.type[0] ? d->id.type : "no filesystem recognised";
}

/* A module a layer needs; built in counts. Says what is missing. */
int fw_need_module(const struct bootcfg *cfg, const char *mod, const char *layer,
		   const char *check)
{
	int err = modules_load(cfg, mod);

	if (err == -ENOENT && access(check, F_OK) == 0)
		return 0;	/* built in, or loaded by other means */
	if (err == -ENOENT)
		logmsg(LOG_ERR, "%s: the image has no %s module and the kernel has it not built in: "
		       "build the image with baton-mkinitramfs -p firmware", layer, mod);
	else if (err == -EPERM)
		logmsg(LOG_ERR, "%s: module %s is blacklisted on the command line (modprobe.blacklist=, "
		       "module_blacklist=)", layer, mod);
	else if (err < 0)
		logerr(LOG_ERR, err, "%s: module %s did not load", layer, mod);
	return err;
}

static int mount_dev(const struct blockdev *d, const char *dir, unsigned long flags,
		     const char *data)
{
	char src[64];

	blockdev_path(d, src, sizeof(src));
	if (!d->id.type[0])
		return -ENODEV;
	return mount(src, dir, d->id.type, flags, data) < 0 ? -errno : 0;
}

/* -- the plan ----------------------------------------------------------------- */

static const char *spec_text(const struct root_spec *s, const char *raw)
{
	return s->kind == ROOT_NONE ? NULL : raw;
}

/* roothash= without systemd.verity_root_data=: root= names the data device
 * unless it names the verity device itself (/dev/mapper/...); else the DPS
 * default, the partition whose UUID is the root hash's first 128 bits. */
static int plan_verity(struct bootcfg *cfg)
{
	struct fwroot_cfg *fw = &cfg->fw;
	unsigned char h[VERITY_DIGEST_MAX];
	int n = verity_hex_decode(fw->roothash, h, sizeof(h));

	dps_verity_uuids(h, (size_t)n, dps_data_uuid, dps_hash_uuid);
	if (fw->verity_data.kind != ROOT_NONE) {
		cfg->root = fw->verity_data;
		cfg->root_arg = fw->verity_data_raw;
	} else if (cfg->root.kind == ROOT_NONE || cfg->root.kind == ROOT_INVALID ||
		   (cfg->root.kind == ROOT_DEVNAME && strncmp(cfg->root.value, "mapper!", 7) == 0)) {
		cfg->root.kind = ROOT_PARTUUID;
		cfg->root.value = dps_data_uuid;
		cfg->root.partnroff = 0;
		fmt(data_arg, sizeof(data_arg), "PARTUUID=%s", dps_data_uuid);
		cfg->root_arg = data_arg;
	}
	logmsg(LOG_INFO, "verity: data device %s, hash device %s", cfg->root_arg,
	       spec_text(&fw->verity_hash, fw->verity_hash_raw) ?: dps_hash_uuid);
	return 0;
}

static void say_ignored(const struct fwroot_cfg *fw)
{
	if (!fw->roothash && (fw->verity_data.kind != ROOT_NONE ||
			      fw->verity_hash.kind != ROOT_NONE || fw->verity_opts[0]))
		logmsg(LOG_WARNING, "systemd.verity_root_* ignored: no roothash=");
	if (!fw->loop_path && (fw->loop_sectorsize || fw->loop_partn ||
			       fw->loop_part.kind != ROOT_NONE))
		logmsg(LOG_WARNING, "rd.loop.sectorsize= and rd.loop.part= ignored: no rd.loop=");
	if (fw->overlay != OVERLAY_TMPFS && fw->overlay_size)
		logmsg(LOG_WARNING, "rd.overlay.size= ignored: no rd.overlay=tmpfs");
}

int fwroot_plan(struct bootcfg *cfg)
{
	struct fwroot_cfg *fw = &cfg->fw;

	if (fw->bad_key) {
		logmsg(LOG_ERR, "%s=%s not understood: %s", fw->bad_key, fw->bad_val, fw->bad_why);
		return -EINVAL;
	}
	if (build_policy.verity_required && !fw->roothash) {
		logmsg(LOG_ERR, "this /init was built with VERITY=required: it boots only a root "
		       "dm-verity checks; add roothash= (and the verity partitions)");
		return -EPERM;
	}
	say_ignored(fw);
	if (cfg->root.kind == ROOT_LIVE && (fw->loop_path || fw->copytoram)) {
		logmsg(LOG_ERR, "root=live: with %s: not supported (the fetched image is in RAM "
		       "already and is the root itself)", fw->loop_path ? "rd.loop=" : "rd.copytoram");
		return -EINVAL;
	}
	if (fw->roothash && (fw->loop_path || fw->copytoram)) {
		logmsg(LOG_ERR, "roothash= with %s: not supported; verify the partition itself",
		       fw->loop_path ? "rd.loop=" : "rd.copytoram");
		return -EINVAL;
	}
	/* The image (or the carrier) is writable only with "rw"; whatever
	 * lies under an overlay or verity is mounted read-only. */
	fw->image_rw = !cfg->readonly;
	if (fw->overlay != OVERLAY_NONE || fw->roothash)
		cfg->readonly = 1;
	/* root=live: brings its hash tree along (init/liveroot.c): no
	 * partitions to find. */
	return fw->roothash && cfg->root.kind != ROOT_LIVE ? plan_verity(cfg) : 0;
}

/* -- copy to RAM ---------------------------------------------------------------- */

unsigned long long fw_mem_available(void)
{
	char buf[4096], *p;

	if (read_text("/proc/meminfo", buf, sizeof(buf)) < 0)
		return 0;
	p = strstr(buf, "MemAvailable:");
	if (!p)
		return 0;
	p += 13;
	while (*p == ' ')
		p++;
	return strtoull(p, NULL, 10) * 1024;
}

static int fd_size(int fd, unsigned long long *size)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISREG(st.st_mode)) {
		*size = (unsigned long long)st.st_size;
		return 0;
	}
	return ioctl(fd, BLKGETSIZE64, size) < 0 ? -errno : 0;
}

static void progress(unsigned long long done, unsigned long long size, long long t0,
		     long long *last)
{
	long long now = now_ms();

	if (now - t0 < 1000 || now - *last < 1000)
		return;
	*last = now;
	logmsg(LOG_NOTICE, "rd.copytoram: %llu of %llu MiB (%llu %%)", done / MIB, size / MIB,
	       size ? done * 100 / size : 100);
}

static int copy_fd(int in, int out, unsigned long long size)
{
	static char buf[COPY_CHUNK];
	unsigned long long done = 0;
	long long t0 = now_ms(), last = 0;

	while (done < size) {
		size_t want = size - done > COPY_CHUNK ? COPY_CHUNK : (size_t)(size - done);
		ssize_t r = read(in, buf, want);
		int err;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;	/* shorter than it said */
		err = write_all(out, buf, (size_t)r);
		if (err < 0)
			return err;
		done += (unsigned long long)r;
		progress(done, size, t0, &last);
	}
	logmsg(LOG_INFO, "rd.copytoram: %llu MiB copied in %lld ms", size / MIB, now_ms() - t0);
	return 0;
}

/* Copies src (an image file or a whole device) into a tmpfs of its own
 * at RAMDIR, as RAMDIR/name; refuses before copying anything when it
 * would not fit in the RAM available. */
static int copy_to_ram(const char *src, const char *name, char *out, size_t n)
{
	unsigned long long size = 0, avail;
	char opts[64];
	int in, o, err;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		err = -errno;
		logerr(LOG_ERR, err, "rd.copytoram: cannot open %s", src);
		return err;
	}
	err = fd_size(in, &size);
	avail = fw_mem_available();
	if (err == 0 && size + RAM_RESERVE > avail) {
		logmsg(LOG_ERR, "rd.copytoram: %s is %llu MiB, but only %llu MiB of RAM is available "
		       "(%llu MiB kept free): nothing copied; boot without rd.copytoram or with more RAM",
		       src, size / MIB, avail / MIB, RAM_RESERVE / MIB);
		err = -ENOMEM;
	}
	if (err == 0)
		err = mkdir_p(RAMDIR);
	fmt(opts, sizeof(opts), "mode=0700,size=%llu", size + MIB);
	if (err == 0 && mount("tmpfs", RAMDIR, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
		err = -errno;
	if (err < 0) {
		if (err != -ENOMEM)
			logerr(LOG_ERR, err, "rd.copytoram: cannot prepare " RAMDIR);
		close(in);
		return err;
	}
	fmt(out, n, RAMDIR "/%s", name);
	logmsg(LOG_INFO, "rd.copytoram: copying %s (%llu MiB) to %s", src, size / MIB, out);
	o = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	err = o < 0 ? -errno : copy_fd(in, o, size);
	if (o >= 0 && close(o) < 0 && err == 0)
		err = -errno;
	close(in);
	if (err < 0)
		logerr(LOG_ERR, err, "rd.copytoram: copying %s to RAM failed", src);
	return err;
}

/* -- loop image ----------------------------------------------------------------- */

/* The image's sector size when rd.loop.sectorsize= is absent: a GPT header
 * at byte 4096 and not at 512 was written for 4096-byte sectors. */
static unsigned image_sector_size(const char *path)
{
	unsigned char b[4104];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r = fd < 0 ? -1 : pread(fd, b, sizeof(b), 0);

	if (fd >= 0)
		close(fd);
	return r == (ssize_t)sizeof(b) ? loop_guess_sector_size(b, sizeof(b)) : 0;
}

static int mount_carrier(const struct bootcfg *cfg, const struct blockdev *d)
{
	unsigned long flags = cfg->fw.image_rw ? 0 : MS_RDONLY;
	int err = mkdir_p(CARRIER);

	if (err == 0)
		err = mount_dev(d, CARRIER, flags | MS_NOSUID | MS_NODEV, NULL);
	if (err < 0)
		logerr(LOG_ERR, err, "loop image: cannot mount the carrier /dev/%s (%s) on " CARRIER,
		       d->name, type_of(d));
	else
		logmsg(LOG_INFO, "carrier /dev/%s (%s) mounted on " CARRIER " %s", d->name,
		       d->id.type, flags ? "read-only" : "read-write");
	return err;
}

/* The partition rd.loop.part= names among lo's, or the whole device. */
static int pick_partition(const struct fwroot_cfg *fw, const struct loopdev *lo,
			  struct devlist *devs)
{
	char name[32];
	int i;

	if (fw->loop_partn) {
		loop_partition_name(lo, fw->loop_partn, name, sizeof(name));
		i = fw_add_dev(devs, name);
		if (i < 0)
			logmsg(LOG_ERR, "rd.loop.part=%d: the image %s has no partition %d (no /dev/%s)",
			       fw->loop_partn, fw->loop_path, fw->loop_partn, name);
		return i;
	}
	if (fw->loop_part.kind != ROOT_NONE) {
		size_t len = strlen(lo->name);

		blockdev_scan(devs, &fw->loop_part);
		for (i = 0; i < devs->n; i++) {
			struct blockdev *d = &devs->dev[i];

			/* loopNpM: the kernel names the image's partitions so */
			if (strncmp(d->name, lo->name, len) != 0 || d->name[len] != 'p')
				continue;
			blockdev_identify(d);
			if (root_matches(&fw->loop_part, d))
				return i;
		}
		logmsg(LOG_ERR, "rd.loop.part=%s: no such partition in the image %s", fw->loop_part_raw,
		       fw->loop_path);
		return -ENOENT;
	}
	i = fw_add_dev(devs, lo->name);
	if (i >= 0 && !devs->dev[i].id.type[0] && devs->dev[i].pttype[0]) {
		logmsg(LOG_ERR, "the image %s holds a %s partition table, not a filesystem: choose the "
		       "root with rd.loop.part=N, PARTLABEL= or PARTUUID=", fw->loop_path,
		       devs->dev[i].pttype);
		return -ENOENT;
	}
	return i;
}

static int attach(const struct bootcfg *cfg, const char *path, unsigned ss, unsigned flags,
		  struct loopdev *lo)
{
	const char *step = NULL;
	int err = fw_need_module(cfg, "loop", "loop image", LOOP_CONTROL);

	if (err < 0)
		return err;
	err = loop_attach(path, flags | (cfg->fw.image_rw ? LOOPDEV_RW : 0), ss, lo, &step);
	if (err < 0)
		logerr(LOG_ERR, err, "loop image %s: %s failed", path, step ? step : "attaching");
	else
		logmsg(LOG_INFO, "%s attached as /dev/%s (%u-byte sectors, %s)", path, lo->name,
		       ss ? ss : 512, cfg->fw.image_rw ? "read-write" : "read-only");
	return err;
}

static int build_loop(const struct bootcfg *cfg, struct devlist *devs, int *root)
{
	const struct fwroot_cfg *fw = &cfg->fw;
	char path[256], ram[256];
	struct stat st;
	struct loopdev lo;
	unsigned ss;
	int err, i;

	err = mount_carrier(cfg, &devs->dev[*root]);
	if (err < 0)
		return err;
	fmt(path, sizeof(path), CARRIER "%s", fw->loop_path);
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		err = stat(path, &st) < 0 ? -errno : -EINVAL;
		logerr(LOG_ERR, err, "rd.loop=%s: no image file on the carrier /dev/%s (%s)",
		       fw->loop_path, devs->dev[*root].name, devs->dev[*root].id.type);
		return err;
	}
	ss = fw->loop_sectorsize ? fw->loop_sectorsize : image_sector_size(path);
	if (fw->copytoram) {
		const char *base = strrchr(fw->loop_path, '/') + 1;

		err = copy_to_ram(path, base, ram, sizeof(ram));
		if (err < 0)
			return err;
		fmt(path, sizeof(path), "%s", ram);
		if (umount(CARRIER) == 0)
			logmsg(LOG_INFO, "carrier unmounted: its medium may be removed");
	}
	err = attach(cfg, path, ss, LOOPDEV_PARTSCAN, &lo);
	if (err < 0)
		return err;
	i = pick_partition(fw, &lo, devs);
	if (i < 0)
		return i;
	*root = i;
	return 0;
}

/* rd.copytoram without rd.loop=: the whole root device into RAM. */
static int build_ram_root(const struct bootcfg *cfg, struct devlist *devs, int *root)
{
	char src[64], ram[256];
	struct loopdev lo;
	int err, i;

	blockdev_path(&devs->dev[*root], src, sizeof(src));
	err = copy_to_ram(src, "root.img", ram, sizeof(ram));
	if (err == 0)
		err = attach(cfg, ram, 0, 0, &lo);
	if (err < 0)
		return err;
	i = fw_add_dev(devs, lo.name);
	if (i < 0)
		return i;
	logmsg(LOG_INFO, "root /dev/%s now in RAM as /dev/%s: the medium may be removed",
	       devs->dev[*root].name, lo.name);
	*root = i;
	return 0;
}

/* -- verity --------------------------------------------------------------------- */

/* The hash device: systemd.verity_root_hash=, else the partition whose
 * UUID is the root hash's last 128 bits. */
static int find_hash_dev(const struct bootcfg *cfg, struct devlist *devs, int uevent_fd)
{
	const struct fwroot_cfg *fw = &cfg->fw;
	struct root_spec dps = { .kind = ROOT_PARTUUID, .value = dps_hash_uuid };
	const struct root_spec *spec = fw->verity_hash.kind != ROOT_NONE ? &fw->verity_hash : &dps;
	const char *what = fw->verity_hash.kind != ROOT_NONE ? fw->verity_hash_raw : dps_hash_uuid;
	int i = dev_wait(spec, root_wait_seconds(cfg), uevent_fd, devs);

	if (i < 0) {
		logerr(LOG_ERR, i, "verity: hash device %s%s not found", spec == &dps ? "PARTUUID=" : "",
		       what);
		return i;
	}
	blockdev_identify(&devs->dev[i]);
	return i;
}

/* With the DPS defaults, the partitions must also carry the specification's
 * type GUIDs (a table that does not say, MBR, passes). */
static int check_dps_type(const struct blockdev *d, const char *want, const char *role)
{
	if (!want || !d->parttype[0] || d->parttype[0] == '0' || strcmp(d->parttype, want) == 0)
		return 0;
	logmsg(LOG_ERR, "verity: /dev/%s has the UUID roothash= derives for the %s partition, but "
	       "type %s, not the Discoverable Partitions type %s", d->name, role, d->parttype, want);
	return -EINVAL;
}

static int read_superblock(const struct blockdev *h, struct verity_sb *sb)
{
	unsigned char b[VERITY_SB_SIZE];
	char path[64];
	const char *why = NULL;
	int fd, err = 0;

	blockdev_path(h, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pread(fd, b, sizeof(b), 0) != (ssize_t)sizeof(b))
		err = -errno ? -errno : -EIO;
	if (fd >= 0)
		close(fd);
	if (err < 0) {
		logerr(LOG_ERR, err, "verity: cannot read the superblock of hash device %s", path);
		return err;
	}
	err = verity_sb_parse(b, sizeof(b), sb, &why);
	if (err < 0)
		logmsg(LOG_ERR, "verity: hash device %s: %s", path, why);
	return err;
}

/* dm-verity checks blocks as they are read: reading the first one proves
 * the hash tree leads to roothash= before anything mounts. */
static int first_block_verifies(const char *name, unsigned bs)
{
	char path[64], buf[4096];
	int fd;
	ssize_t r;

	fmt(path, sizeof(path), "/dev/%s", name);
	if (loop_wait_node(name, PART_WAIT_MS) < 0)
		return -ENOENT;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = pread(fd, buf, bs < sizeof(buf) ? bs : sizeof(buf), 0);
	close(fd);
	return r < 0 ? -errno : 0;
}

static int create_verity(const struct bootcfg *cfg, const struct blockdev *data,
			 const struct blockdev *hash, const struct verity_sb *sb, dev_t *devt)
{
	char table[VERITY_TABLE_MAX], dd[24], hd[24];
	const char *why = NULL, *step = NULL;
	struct dm_target t = { 0, 0, "verity", table };
	int err;

	fmt(dd, sizeof(dd), "%u:%u", major(data->devt), minor(data->devt));
	fmt(hd, sizeof(hd), "%u:%u", major(hash->devt), minor(hash->devt));
	/* First without the corruption options: a wrong root hash must end
	 * in the failure policy, not in a restart or a panic. */
	err = verity_table(table, sizeof(table), sb, dd, hd, cfg->fw.roothash, NULL, &t.length, &why);
	if (err < 0) {
		logmsg(LOG_ERR, "verity: roothash=%s: %s", cfg->fw.roothash, why ? why : "table too long");
		return err;
	}
	/* The uuid tells baton-mkinitramfs -H what the device is. */
	err = dm_create(VERITY_NAME, "BATON-VERITY-" VERITY_NAME, &t, 1, DM_RO, devt, &step);
	if (err < 0)
		logerr(LOG_ERR, err, "verity: creating /dev/mapper/" VERITY_NAME ": %s failed "
		       "(the kernel's messages above say why)", step);
	return err;
}

static int apply_options(const struct bootcfg *cfg, const struct blockdev *data,
			 const struct blockdev *hash, const struct verity_sb *sb)
{
	char table[VERITY_TABLE_MAX], dd[24], hd[24];
	const char *step = NULL;
	struct dm_target t = { 0, 0, "verity", table };
	int err;

	if (!cfg->fw.verity_opts[0])
		return 0;
	fmt(dd, sizeof(dd), "%u:%u", major(data->devt), minor(data->devt));
	fmt(hd, sizeof(hd), "%u:%u", major(hash->devt), minor(hash->devt));
	err = verity_table(table, sizeof(table), sb, dd, hd, cfg->fw.roothash, cfg->fw.verity_opts,
			   &t.length, NULL);
	if (err == 0)
		err = dm_reload(VERITY_NAME, &t, 1, DM_RO, &step);
	if (err < 0)
		logerr(LOG_ERR, err, "verity: systemd.verity_root_options: %s failed",
		       step ? step : "the table");
	return err;
}

static int build_verity(const struct bootcfg *cfg, struct devlist *devs, int *root, int ufd)
{
	int h, dps = cfg->fw.verity_hash.kind == ROOT_NONE;

	if (dps && check_dps_type(&devs->dev[*root], dps_root_type(), "root") < 0)
		return -EINVAL;
	h = find_hash_dev(cfg, devs, ufd);
	if (h < 0)
		return h;
	if (dps && check_dps_type(&devs->dev[h], dps_root_verity_type(), "root-verity") < 0)
		return -EINVAL;
	return fwroot_verity(cfg, devs, root, h);
}

int fwroot_verity(const struct bootcfg *cfg, struct devlist *devs, int *root, int h)
{
	const struct fwroot_cfg *fw = &cfg->fw;
	struct verity_sb sb;
	char name[16];
	dev_t devt;
	int i, err;
	struct blockdev *data = &devs->dev[*root];

	err = read_superblock(&devs->dev[h], &sb);
	if (err < 0)
		return err;
	if (data->sectors * 512 < sb.data_blocks * sb.data_block_size) {
		logmsg(LOG_ERR, "verity: data device /dev/%s is %llu bytes, the hash device's superblock "
		       "covers %llu: not the pair veritysetup formatted", data->name, data->sectors * 512,
		       sb.data_blocks * sb.data_block_size);
		return -EINVAL;
	}
	err = fw_need_module(cfg, "dm-verity", "verity", DM_CONTROL);
	if (err == 0)
		err = create_verity(cfg, data, &devs->dev[h], &sb, &devt);
	if (err < 0)
		return err;
	fmt(name, sizeof(name), "dm-%u", minor(devt));
	err = first_block_verifies(name, sb.data_block_size);
	if (err < 0) {
		logerr(LOG_ERR, err, "verity: the first block of /dev/%s does not verify against roothash=: "
		       "the root hash is wrong, or the data or hash partition is not the one it was made "
		       "for; nothing mounted", data->name);
		dm_remove(VERITY_NAME);
		return -EIO;
	}
	err = apply_options(cfg, data, &devs->dev[h], &sb);
	if (err < 0)
		return err;
	if (mkdir_p("/dev/mapper") == 0) {
		char target[24];

		fmt(target, sizeof(target), "../%s", name);
		if (symlink(target, "/dev/mapper/" VERITY_NAME) < 0)
			logerr(LOG_WARNING, -errno, "cannot link /dev/mapper/" VERITY_NAME);
	}
	i = fw_add_dev(devs, name);
	if (i < 0)
		return i;
	/* A corrupted block within the probers' reach (btrfs looks at 64 KiB)
	 * fails that read: the filesystem is the data device's, and only
	 * what is read from now on counts. */
	if (!devs->dev[i].id.type[0]) {
		devs->dev[i].id = devs->dev[*root].id;
		devs->dev[i].probed = 1;
	}
	logmsg(LOG_INFO, "verity: /dev/mapper/" VERITY_NAME " (/dev/%s) checks /dev/%s against "
	       "/dev/%s, %s, %u-byte blocks%s%s", name, data->name, devs->dev[h].name, sb.algorithm,
	       sb.data_block_size, fw->verity_opts[0] ? ", options " : "", fw->verity_opts);
	*root = i;
	return 0;
}

int fwroot_claims(const struct bootcfg *cfg)
{
	return cfg->fw.loop_path || cfg->fw.copytoram || cfg->fw.roothash;
}

/* root= (or the verity data partition) found, the layers built on it in
 * their order, the top one mounted. */
int fwroot_mount(const struct bootcfg *cfg, struct root_ctx *ctx)
{
	int root = block_root_wait(cfg, ctx), err = 0;

	if (root < 0)
		return root;
	if (cfg->fw.loop_path)
		err = build_loop(cfg, ctx->devs, &root);
	else if (cfg->fw.copytoram)
		err = build_ram_root(cfg, ctx->devs, &root);
	if (err == 0 && cfg->fw.roothash)
		err = build_verity(cfg, ctx->devs, &root, ctx->uevent_fd);
	return err < 0 ? err : block_root_mount_dev(cfg, ctx, root);
}

/* -- overlay -------------------------------------------------------------------- */

static int upper_tmpfs(const struct fwroot_cfg *fw)
{
	char opts[64];

	fmt(opts, sizeof(opts), "mode=0755,size=%s", fw->overlay_size ? fw->overlay_size : "50%");
	if (mount("tmpfs", UPPER, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0) {
		int err = -errno;

		logerr(LOG_ERR, err, "overlay: cannot mount the tmpfs upper layer (%s)", opts);
		return err;
	}
	return 0;
}

static int upper_device(const struct bootcfg *cfg, struct devlist *devs, int uevent_fd)
{
	const struct fwroot_cfg *fw = &cfg->fw;
	int i = dev_wait(&fw->overlay_dev, root_wait_seconds(cfg), uevent_fd, devs), err;

	if (i < 0) {
		logerr(LOG_ERR, i, "overlay: upper layer rd.overlay=%s not found", fw->overlay_raw);
		return i;
	}
	blockdev_identify(&devs->dev[i]);
	err = mount_dev(&devs->dev[i], UPPER, MS_NOSUID | MS_NODEV, NULL);
	if (err < 0) {
		logerr(LOG_ERR, err, "overlay: cannot mount the upper layer /dev/%s (%s) read-write",
		       devs->dev[i].name, type_of(&devs->dev[i]));
		return err;
	}
	logmsg(LOG_INFO, "overlay: upper layer /dev/%s (%s) on " UPPER, devs->dev[i].name,
	       devs->dev[i].id.type);
	return 0;
}

int fwroot_overlay(const struct bootcfg *cfg, struct devlist *devs, int uevent_fd)
{
	const struct fwroot_cfg *fw = &cfg->fw;
	int err;

	if (fw->overlay == OVERLAY_NONE)
		return 0;
	err = mkdir_p(LOWER);
	if (err == 0)
		err = mkdir_p(UPPER);
	if (err == 0 && mount(NEWROOT, LOWER, NULL, MS_MOVE, NULL) < 0)
		err = -errno;
	if (err < 0) {
		logerr(LOG_ERR, err, "overlay: cannot move the root to " LOWER);
		return err;
	}
	err = fw->overlay == OVERLAY_TMPFS ? upper_tmpfs(fw) : upper_device(cfg, devs, uevent_fd);
	if (err < 0)
		return err;
	if ((mkdir(UPPER "/upper", 0755) < 0 && errno != EEXIST) ||
	    (mkdir(UPPER "/work", 0755) < 0 && errno != EEXIST)) {
		err = -errno;
		logerr(LOG_ERR, err, "overlay: cannot make upper/ and work/ in the upper layer");
		return err;
	}
	err = fw_need_module(cfg, "overlay", "overlay", "/sys/module/overlay");
	if (err < 0)
		return err;
	if (mount("overlay", NEWROOT, "overlay", 0,
		  "lowerdir=" LOWER ",upperdir=" UPPER "/upper,workdir=" UPPER "/work") < 0) {
		err = -errno;
		logerr(LOG_ERR, err, "overlay: mounting the overlay on " NEWROOT " failed");
		return err;
	}
	logmsg(LOG_INFO, "overlay: root on " NEWROOT " is " LOWER " (read-only) under a %s upper layer",
	       fw->overlay == OVERLAY_TMPFS ? "tmpfs" : "persistent");
	return 0;
}
