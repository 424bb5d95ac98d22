/* rootmatch.c: the device list and the question "is this the root?".
 * Pure: the identity of each device was read beforehand. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "blockdev.h"
#include "mem.h"

/* Room for one more device: doubled, up to the cap. */
static int grow(struct devlist *l, int cap)
{
	int want = l->cap ? l->cap * 2 : 64;
	struct blockdev *d;

	if (want > cap)
		want = cap;
	d = mem_resize(l->dev, (size_t)l->cap * sizeof(*d), (size_t)want * sizeof(*d));
	if (!d)
		return -ENOMEM;
	l->dev = d;
	l->cap = want;
	return 0;
}

int devlist_add(struct devlist *l, const char *name, dev_t devt, int direct)
{
	int cap = MAX_BLOCKDEVS + (direct ? ROOT_RESERVE : 0);
	struct blockdev *d;

	for (int i = 0; i < l->n; i++)
		if (strcmp(l->dev[i].name, name) == 0)
			return i;
	if (l->n >= cap || strlen(name) >= sizeof(d->name))
		return -ENOSPC;
	if (l->n == l->cap && grow(l, cap) < 0)
		return -ENOMEM;
	d = &l->dev[l->n];
	memset(d, 0, sizeof(*d));
	strcpy(d->name, name);
	d->devt = devt;
	return l->n++;
}

void blockdev_forget(struct blockdev *dev)
{
	dev->probed = 0;
	memset(&dev->id, 0, sizeof(dev->id));
	dev->partuuid[0] = dev->partlabel[0] = dev->pttype[0] = dev->ptuuid[0] = '\0';
	dev->pt_backup = 0;
}

void devlist_free(struct devlist *l)
{
	mem_resize(l->dev, (size_t)l->cap * sizeof(*l->dev), 0);
	l->dev = NULL;
	l->n = l->cap = 0;
}

int root_names_directly(const struct root_spec *spec, const char *name, dev_t devt)
{
	return (spec->kind == ROOT_DEVNAME && strcmp(spec->value, name) == 0) ||
	       (spec->kind == ROOT_DEVT && spec->devt == devt);
}

int root_may_match(const struct root_spec *spec, const struct blockdev *dev)
{
	if (spec->kind == ROOT_PARTUUID || spec->kind == ROOT_PARTLABEL)
		return dev->partn > 0;
	return 1;
}

int root_needs_probe(const struct root_spec *spec)
{
	/* /dev/mapper/NAME, /dev/VG/LV, /dev/md/NAME: the dm and md names
	 * are read with the rest */
	if (spec->kind == ROOT_DEVNAME)
		return spec->value && strchr(spec->value, '!') != NULL;
	return spec->kind != ROOT_DEVT;
}

int lvm_dm_devname(const char *dm, char *out, size_t n)
{
	size_t o = 0;
	int split = 0;

	for (const char *p = dm; *p; p++) {
		char c = *p;

		if (c == '-' && p[1] == '-') {
			p++;		/* a dash of a name */
		} else if (c == '-') {
			if (split || p == dm || !p[1])
				return -EINVAL;
			split = 1;
			c = '!';
		}
		if (o + 1 >= n)
			return -ENAMETOOLONG;
		out[o++] = c;
	}
	if (!split)
		return -EINVAL;
	out[o] = '\0';
	return 0;
}

int md_map_name(const char *map, const char *devnm, char *out, size_t n)
{
	size_t dlen = strlen(devnm);

	for (const char *p = map; *p;) {
		const char *eol = strchr(p, '\n'), *f = p;
		size_t len;

		if (!eol)
			eol = p + strlen(p);
		/* devnm metadata uuid path: the fourth field */
		if ((size_t)(eol - p) > dlen && strncmp(p, devnm, dlen) == 0 && p[dlen] == ' ') {
			for (int k = 0; k < 3 && f; k++) {
				f = memchr(f, ' ', (size_t)(eol - f));
				if (f)
					f++;
			}
			if (!f || (size_t)(eol - f) <= 8 || strncmp(f, "/dev/md/", 8) != 0)
				return -ENOENT;
			f += 8;
			len = strcspn(f, " \n");
			if (!len)
				return -ENOENT;
			if (len >= n)
				return -ENAMETOOLONG;
			memcpy(out, f, len);
			out[len] = '\0';
			return 0;
		}
		p = *eol ? eol + 1 : eol;
	}
	return -ENOENT;
}

/* root=/dev/NAME: the kernel's name, or for a device-mapper device
 * /dev/mapper/NAME and LVM's /dev/VG/LV, for an MD array /dev/md/NAME. */
static int devname_matches(const char *want, const struct blockdev *dev)
{
	char lvm[sizeof(dev->dmname)];

	if (strcmp(want, dev->name) == 0)
		return 1;
	if (strncmp(want, "md!", 3) == 0 && dev->mdname[0])
		return strcmp(want + 3, dev->mdname) == 0;
	if (!dev->dmname[0])
		return 0;
	if (strncmp(want, "mapper!", 7) == 0)
		return strcmp(want + 7, dev->dmname) == 0;
	return lvm_dm_devname(dev->dmname, lvm, sizeof(lvm)) == 0 && strcmp(want, lvm) == 0;
}

int root_matches(const struct root_spec *spec, const struct blockdev *dev)
{
	switch (spec->kind) {
	case ROOT_DEVNAME:
		return devname_matches(spec->value, dev);
	case ROOT_DEVT:
		return spec->devt == dev->devt;
	case ROOT_UUID:
		return dev->id.uuid[0] && uuid_equal(spec->value, dev->id.uuid);
	case ROOT_LABEL:
		return dev->id.label[0] && strcmp(spec->value, dev->id.label) == 0;
	case ROOT_PARTUUID:
		/* The kernel gives an MBR extended partition no PARTUUID. */
		return dev->partuuid[0] && !dev->pt_extended &&
		       uuid_equal(spec->value, dev->partuuid);
	case ROOT_PARTLABEL:
		return dev->partlabel[0] && strcmp(spec->value, dev->partlabel) == 0;
	case ROOT_BYID:
		return diskid_has(dev->diskids, "by-id", spec->value);
	case ROOT_BYPATH:
		return diskid_has(dev->diskids, "by-path", spec->value);
	default:
		return 0;
	}
}

/* The partition numbered partn on the same disk as l->dev[i], or -ENOENT.
 * partn is the found partition's number plus PARTNROFF, added in long long
 * by the caller: PARTNROFF may be anything from INT_MIN to INT_MAX. */
static int sibling(const struct devlist *l, int i, long long partn)
{
	if (partn < 1 || partn > INT_MAX)
		return -ENOENT;
	for (int j = 0; j < l->n; j++)
		if (l->dev[j].partn == partn && strcmp(l->dev[j].disk, l->dev[i].disk) == 0)
			return j;
	return -ENOENT;
}

/* The device spec names through l->dev[i], which matches it. */
static int target(const struct root_spec *spec, const struct devlist *l, int i)
{
	if (spec->kind != ROOT_PARTUUID || spec->partnroff == 0)
		return i;
	/* In long long: partnroff can be as large as INT_MAX. */
	return sibling(l, i, (long long)l->dev[i].partn + spec->partnroff);
}

int root_find(const struct root_spec *spec, const struct devlist *l)
{
	for (int i = 0; i < l->n; i++)
		if (root_matches(spec, &l->dev[i]))
			return target(spec, l, i);
	return -ENOENT;
}

int root_find_all(const struct root_spec *spec, const struct devlist *l, int *out, int max)
{
	int n = 0, t;

	for (int i = 0; i < l->n; i++) {
		if (!root_matches(spec, &l->dev[i]) || (t = target(spec, l, i)) < 0)
			continue;
		if (n < max)
			out[n] = t;
		n++;
	}
	return n;
}
