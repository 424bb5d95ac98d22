/* blockdev.h: the block devices /init has seen, and whether one is the root.
 * The matching is pure (init/rootmatch.c); reading devices is in blockdev.c. */
#ifndef BATON_BLOCKDEV_H
#define BATON_BLOCKDEV_H

#include <sys/types.h>

#include "bootcfg.h"
#include "probe.h"

#define MAX_BLOCKDEVS	128

struct blockdev {
	char name[32];		/* kernel name as in /sys/class/block: "vda1" */
	dev_t devt;
	unsigned long long sectors;	/* size in 512-byte units, as sysfs says */
	int probed;		/* 0 not yet, 1 read, <0 -errno of the read */
	struct fsid id;
};

struct devlist {
	struct blockdev dev[MAX_BLOCKDEVS];
	int n;
};

/* Adds a device unless one with that name is there; returns its index,
 * or -ENOSPC when the list is full. Pure. */
int devlist_add(struct devlist *l, const char *name, dev_t devt);

/* Does spec name this device? 1 yes, 0 no. UUID/LABEL forms need dev->id,
 * so the caller probes first when root_needs_probe(spec) says so. Pure. */
int root_matches(const struct root_spec *spec, const struct blockdev *dev);
int root_needs_probe(const struct root_spec *spec);

/* blockdev.c: the size from sysfs and the identity from the superblock. */
void blockdev_identify(struct blockdev *dev);
/* The /dev path of a device ("cciss!c0d0" -> "/dev/cciss/c0d0"). */
void blockdev_path(const struct blockdev *dev, char *out, size_t n);
/* Adds every device under /sys/class/block. Returns how many, or -errno. */
int blockdev_scan(struct devlist *l);

#endif
