/* diskid_sysfs.c: reads what the by-id and by-path names of a block device
 * are made of (struct diskid_attrs) from a sysfs tree: the attributes udev's
 * rules look up, the VPD pages the kernel cached for scsi_id and ata_id,
 * and the chain of directories path_id walks. Only files are read; the
 * disk itself is never opened. The root is a parameter so the unit tests
 * can point it at a fake tree. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "diskid.h"
#include "dirread.h"
#include "log.h"
#include "sys.h"

#define SYSPATH_MAX	512

/* Up to n bytes of a file as they are (VPD pages are binary). */
static int read_raw(const char *path, void *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), len = 0, r;

	if (fd < 0)
		return -errno;
	while ((size_t)len < n && (r = (int)read(fd, (char *)buf + len, n - (size_t)len)) != 0) {
		if (r < 0 && errno != EINTR) {
			r = -errno;
			close(fd);
			return r;
		}
		if (r > 0)
			len += r;
	}
	close(fd);
	return len;
}

/* An attribute as sd-device gives it: a string without trailing newlines
 * (read_text's), nor carriage returns. One longer than buf is cut to fit,
 * as these buffers are sized for the names the links are made of. Returns
 * its length, or -errno when the file cannot be read. */
static int read_attr(const char *dir, const char *attr, char *buf, size_t n)
{
	char path[SYSPATH_MAX];
	ssize_t len;

	if (fmt(path, sizeof(path), "%s/%s", dir, attr) + 1 >= sizeof(path))
		return -ENAMETOOLONG;
	len = read_text(path, buf, n);
	if (len == -EFBIG)
		len = (ssize_t)strlen(buf);
	if (len < 0)
		return (int)len;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	buf[len] = '\0';
	return (int)strlen(buf);
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

static int is_device(const char *dir)
{
	char path[SYSPATH_MAX];

	fmt(path, sizeof(path), "%s/uevent", dir);
	return access(path, F_OK) == 0;
}

static void cut_last(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash)
		*slash = '\0';
}

/* ATTRS{attr}=="?*" then $attr{attr}: matched by the first device from dir
 * up whose value is not blank; the value is dir's own if it has one, else
 * that device's. "" when nothing matches. */
static void attrs_value(const char *dir, size_t stop, const char *attr, char *buf, size_t n)
{
	char p[SYSPATH_MAX];

	fmt(p, sizeof(p), "%s", dir);
	for (; strlen(p) > stop; cut_last(p)) {
		if (!is_device(p) || read_attr(p, attr, buf, n) < 0 || blank(buf))
			continue;
		if (strcmp(p, dir) != 0)
			read_attr(dir, attr, buf, n);	/* kept if dir has none */
		return;
	}
	buf[0] = '\0';
}

/* /sys/class/CLASS/NAME is a link "../../devices/...": the device's real
 * directory in out. */
static int class_dir(const char *sysroot, const char *cls, const char *name, char *out, size_t n)
{
	char link[SYSPATH_MAX], target[SYSPATH_MAX];
	ssize_t len;

	fmt(link, sizeof(link), "%s/class/%s/%s", sysroot, cls, name);
	len = readlink(link, target, sizeof(target));
	if (len < 0)
		return -errno;
	if ((size_t)len >= sizeof(target))
		return -ENAMETOOLONG;	/* readlink cuts silently */
	target[len] = '\0';
	if (strncmp(target, "../../devices/", 14) != 0)
		return -EINVAL;
	if (fmt(out, n, "%s/%s", sysroot, target + 6) + 1 >= n)
		return -ENAMETOOLONG;
	return 0;
}

/* The lowest N of the "hostN" directories or links in dir, or -1. */
static int lowest_host(const char *dir)
{
	struct dirread d;
	const struct kdirent *e;
	int low = -1;

	if (dir_open(&d, AT_FDCWD, dir) < 0)
		return -1;
	while ((e = dir_next(&d))) {
		const char *s = e->name + 4;
		int v = 0;

		if (strncmp(e->name, "host", 4) != 0 || !*s ||
		    (e->type != DT_DIR && e->type != DT_LNK))
			continue;
		for (; *s >= '0' && *s <= '9' && v < 100000000; s++)
			v = v * 10 + (*s - '0');
		if (!*s && (low < 0 || v < low))
			low = v;
	}
	dir_close(&d);
	return low;
}

/* The facts path_id needs beyond subsystem and name, for one node. */
static void node_extra(const char *sysroot, const char *p, struct diskid_node *d)
{
	char buf[SYSPATH_MAX];
	int v = 0;

	d->num = -1;
	if (strcmp(d->subsys, "scsi") == 0) {
		d->ieee1394 = read_attr(p, "ieee1394_id", buf, 64) >= 0;
		if (strncmp(d->name, "host", 4) == 0) {
			fmt(buf, sizeof(buf), "%s", p);
			cut_last(buf);
			d->num = lowest_host(buf);
		}
	} else if (strncmp(d->name, "ata", 3) == 0 && d->name[3] >= '0' && d->name[3] <= '9') {
		char port[16];

		fmt(buf, sizeof(buf), "%s/class/ata_port/%s", sysroot, d->name);
		if (read_attr(buf, "port_no", port, sizeof(port)) > 0) {
			for (const char *s = port; *s >= '0' && *s <= '9' && v < 100000000; s++)
				v = v * 10 + (*s - '0');
			d->num = v;
		}
	}
}

static void add_node(const char *sysroot, const char *p, struct diskid_attrs *a)
{
	struct diskid_node *d = &a->node[a->nnodes++];
	char link[SYSPATH_MAX], target[SYSPATH_MAX];
	const char *last = strrchr(p, '/');
	ssize_t len;

	memset(d, 0, sizeof(*d));
	fmt(d->name, sizeof(d->name), "%s", last ? last + 1 : p);
	d->device = (char)is_device(p);
	fmt(link, sizeof(link), "%s/subsystem", p);
	len = readlink(link, target, sizeof(target));
	if (len > 0 && (size_t)len < sizeof(target)) {	/* not cut */
		target[len] = '\0';
		last = strrchr(target, '/');
		fmt(d->subsys, sizeof(d->subsys), "%s", last ? last + 1 : target);
	}
	node_extra(sysroot, p, d);
}

/* A multipath NVMe namespace lives under /devices/virtual: path_id goes on
 * from its controller ("nvme0" for "nvme0n1"), unless that is virtual too. */
static int nvme_controller(const char *sysroot, const char *kname, char *p, size_t n)
{
	char ctrl[32], virt[SYSPATH_MAX];
	size_t len = 4;

	while (kname[len] >= '0' && kname[len] <= '9' && len < sizeof(ctrl) - 1)
		len++;
	memcpy(ctrl, kname, len);
	ctrl[len] = '\0';
	if (class_dir(sysroot, "nvme", ctrl, p, n) < 0)
		return -ENOENT;
	len = fmt(virt, sizeof(virt), "%s/devices/virtual/", sysroot);
	return strncmp(p, virt, len) == 0 ? -ENOENT : 0;
}

/* Every directory from the disk up to (not including) /devices. */
static void read_nodes(const char *sysroot, const char *disk, size_t stop, struct diskid_attrs *a)
{
	char p[SYSPATH_MAX];

	fmt(p, sizeof(p), "%s", disk);
	while (strlen(p) > stop && a->nnodes < DISKID_NODES) {
		add_node(sysroot, p, a);
		if (strcmp(a->node[a->nnodes - 1].subsys, "nvme-subsystem") == 0 && a->nsid[0]) {
			if (nvme_controller(sysroot, a->kname, p, sizeof(p)) < 0) {
				a->path_broken = 1;
				return;
			}
			continue;
		}
		cut_last(p);
	}
	if (strlen(p) > stop)
		a->path_broken = 1;
}

static int read_page(const char *disk, const char *page, unsigned char *buf, size_t n)
{
	char path[SYSPATH_MAX];
	int len;

	fmt(path, sizeof(path), "%s/device/%s", disk, page);
	len = read_raw(path, buf, n);
	return len < 0 ? 0 : len;
}

/* The attributes the rules for this kind of disk read. */
static void read_bus(const char *disk, size_t stop, struct diskid_attrs *a)
{
	if (strncmp(a->kname, "vd", 2) == 0) {
		attrs_value(disk, stop, "serial", a->serial, sizeof(a->serial));
	} else if (strncmp(a->kname, "nvme", 4) == 0) {
		if (read_attr(disk, "wwid", a->wwid, sizeof(a->wwid)) < 0 || blank(a->wwid))
			a->wwid[0] = '\0';
		attrs_value(disk, stop, "serial", a->serial, sizeof(a->serial));
		attrs_value(disk, stop, "model", a->model, sizeof(a->model));
		attrs_value(disk, stop, "nsid", a->nsid, sizeof(a->nsid));
	} else if (strncmp(a->kname, "sd", 2) == 0) {
		attrs_value(disk, stop, "vendor", a->vendor, sizeof(a->vendor));
		attrs_value(disk, stop, "model", a->model, sizeof(a->model));
		a->pg83_len = read_page(disk, "vpd_pg83", a->pg83, sizeof(a->pg83));
		a->pg80_len = read_page(disk, "vpd_pg80", a->pg80, sizeof(a->pg80));
		a->pg89_len = read_page(disk, "vpd_pg89", a->pg89, sizeof(a->pg89));
	}
}

int diskid_read(const char *sysroot, const char *name, struct diskid_attrs *a,
		const char **part)
{
	char disk[SYSPATH_MAX], buf[16];
	size_t stop = strlen(sysroot) + strlen("/devices");
	const char *last;
	int err;

	memset(a, 0, sizeof(*a));
	*part = NULL;
	err = class_dir(sysroot, "block", name, disk, sizeof(disk));
	if (err < 0)
		return err;
	if (read_attr(disk, "partition", buf, sizeof(buf)) >= 0) {
		if (read_attr(disk, "whole_disk", buf, sizeof(buf)) >= 0)
			return -EOPNOTSUPP;
		/* udev's %n: the digits the kernel name ends in. */
		for (*part = name + strlen(name); *part > name && (*part)[-1] >= '0' && (*part)[-1] <= '9';)
			(*part)--;
		cut_last(disk);
	}
	last = strrchr(disk, '/');
	fmt(a->kname, sizeof(a->kname), "%s", last ? last + 1 : disk);
	if (strncmp(a->kname, "vd", 2) != 0 && strncmp(a->kname, "sd", 2) != 0 &&
	    strncmp(a->kname, "nvme", 4) != 0)
		return 0;	/* no names derived: skip the reads */
	read_bus(disk, stop, a);
	read_nodes(sysroot, disk, stop, a);
	return 0;
}

int diskid_derive(const char *sysroot, const char *name, char *out, size_t n)
{
	struct diskid_attrs a;
	const char *part;
	int err = diskid_read(sysroot, name, &a, &part);

	if (n)
		out[0] = '\0';
	if (err < 0)
		return err;
	return diskid_names(&a, part, out, n);
}
