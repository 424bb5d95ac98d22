/* rootmatch.c: the device list and the question "is this the root?".
 * Pure: the identity of each device was read beforehand. */
#include <errno.h>
#include <string.h>

#include "blockdev.h"

int devlist_add(struct devlist *l, const char *name, dev_t devt)
{
	struct blockdev *d;

	for (int i = 0; i < l->n; i++)
		if (strcmp(l->dev[i].name, name) == 0)
			return i;
	if (l->n == MAX_BLOCKDEVS || strlen(name) >= sizeof(d->name))
		return -ENOSPC;
	d = &l->dev[l->n];
	memset(d, 0, sizeof(*d));
	strcpy(d->name, name);
	d->devt = devt;
	return l->n++;
}

int root_needs_probe(const struct root_spec *spec)
{
	return spec->kind == ROOT_UUID || spec->kind == ROOT_LABEL;
}

int root_matches(const struct root_spec *spec, const struct blockdev *dev)
{
	switch (spec->kind) {
	case ROOT_DEVNAME:
		return strcmp(spec->value, dev->name) == 0;
	case ROOT_DEVT:
		return spec->devt == dev->devt;
	case ROOT_UUID:
		return dev->id.uuid[0] && uuid_equal(spec->value, dev->id.uuid);
	case ROOT_LABEL:
		return dev->id.label[0] && strcmp(spec->value, dev->id.label) == 0;
	default:
		return 0;
	}
}
