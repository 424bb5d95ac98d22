/* blockdev.h: the block devices /init has seen, and whether one is the root.
 * The matching is pure (init/rootmatch.c); reading devices is in blockdev.c. */
#ifndef BATON_BLOCKDEV_H
#define BATON_BLOCKDEV_H

#include <sys/types.h>

#include "bootcfg.h"
#include "diskid.h"
#include "parttable.h"
#include "probe.h"

#define MAX_BLOCKDEVS	4096	/* said when reached; a disk has 255
				 * partitions at most */
#define ROOT_RESERVE	16	/* beyond it, for devices root= names by
				 * /dev/NAME or major:minor */

struct blockdev {
	char name[32];		/* kernel name as in /sys/class/block: "vda1" */
	dev_t devt;
	unsigned long long sectors;	/* size in 512-byte units, as sysfs says */
	int probed;		/* 0 not yet, 1 read, <0 -errno of the read
				 * (retried on the next uevent) */
	int sysfs_read;		/* blockdev_sysfs done */
	int tries;		/* reads so far (a failing one is retried
				 * a few times) */
	int removable;		/* its disk's sysfs "removable" */
	struct fsid id;
	int partn;		/* partition number, 0 for a whole device */
	char disk[32];		/* a partition's whole disk ("vda") */
	char partuuid[40];	/* from the disk's table, as blkid spells it */
	char partlabel[PT_LABEL_SIZE];
	char parttype[40];	/* GPT partition type GUID, lower case; MBR "0x83" */
	int pt_extended;	/* an MBR extended partition (PT_EXTENDED) */
	char pttype[8];		/* a whole disk's table: "gpt", "dos", "" */
	char ptuuid[40];
	int pt_backup;		/* its GPT was read from the backup header */
	char dmname[128];	/* a device-mapper device's name (sysfs dm/name):
				 * root=/dev/mapper/NAME, and /dev/VG/LV for
				 * LVM's "VG-LV" */
	char mdname[64];	/* an MD array's (or its partition's) name as
				 * mdadm gives it, from mdadm's map: the NAME
				 * of root=/dev/md/NAME */
	char diskids[DISKID_NAMES]; /* its /dev/disk/by-id and by-path names as
				 * udev gives them, from sysfs (diskid_names) */
};

/* Grows as devices come (mem.h); {0} is an empty list. */
struct devlist {
	struct blockdev *dev;
	int n, cap;
	int full_said;		/* the list filled up once: said */
};

/* Adds a device unless one with that name is there; returns its index,
 * -ENOSPC when the list holds MAX_BLOCKDEVS (MAX_BLOCKDEVS + ROOT_RESERVE
 * if direct: a device root= names by name or number) or a name is too
 * long, -ENOMEM without memory. */
int devlist_add(struct devlist *l, const char *name, dev_t devt, int direct);
void devlist_free(struct devlist *l);

/* Does spec name this device by its kernel name or number (no reading)? */
int root_names_directly(const struct root_spec *spec, const char *name, dev_t devt);
/* Could this device be the root, as far as sysfs tells (PARTUUID= and
 * PARTLABEL= name partitions only)? Needs blockdev_sysfs. Pure. */
int root_may_match(const struct root_spec *spec, const struct blockdev *dev);
/* Every device spec names among those in l (probed ones), up to max
 * indices in out. Returns how many there are. Pure. */
int root_find_all(const struct root_spec *spec, const struct devlist *l, int *out, int max);

/* Does spec name this device? 1 yes, 0 no. Every form but /dev/NAME and
 * major:minor needs the identity read first (root_needs_probe). Pure. */
int root_matches(const struct root_spec *spec, const struct blockdev *dev);
int root_needs_probe(const struct root_spec *spec);
/* LVM's device-mapper name "VG-LV" (a '-' inside either name doubled) as
 * the /dev/VG/LV path's sysfs spelling "VG!LV" in out. 0, or -EINVAL when
 * the name is no LVM one, -ENAMETOOLONG. Pure. */
int lvm_dm_devname(const char *dmname, char *out, size_t n);
/* mdadm's map (/run/mdadm/map: "md127 1.2 UUID /dev/md/NAME" a line, as
 * mdadm --incremental writes it): the NAME of /dev/md/NAME for the array
 * the kernel calls devnm, in out. 0; -ENOENT when the map has no such
 * array or no /dev/md/ name for it; -ENAMETOOLONG. Pure. */
#define MD_MAP		"/run/mdadm/map"
int md_map_name(const char *map, const char *devnm, char *out, size_t n);
/* The index of the device spec names among those in l, or -ENOENT.
 * PARTUUID=.../PARTNROFF=n names a sibling of the partition with that
 * PARTUUID, so this looks at the whole list: the partition numbered its
 * number + n (any int n) on the same disk; 0 or less is none (the kernel
 * would take 0 as the whole disk; baton does not). Pure. */
int root_find(const struct root_spec *spec, const struct devlist *l);

/* identify.c: the size from sysfs, the identity from the superblock and,
 * for a partition, its PARTUUID/PARTLABEL from the disk's table. */
void blockdev_identify(struct blockdev *dev);
/* Forgets the partition table kept from the last disk read (after a
 * "change" of a disk). */
void blockdev_identify_reset(void);
/* Forgets what was read of dev (not its name, number, sysfs facts), so
 * blockdev_identify reads it again: a failed read, a "change". Pure. */
void blockdev_forget(struct blockdev *dev);
/* blockdev.c: size, partition number, whole disk and by-id/by-path
 * names, from sysfs. */
void blockdev_sysfs(struct blockdev *dev);
/* The /dev path of a device ("cciss!c0d0" -> "/dev/cciss/c0d0"). */
void blockdev_path(const struct blockdev *dev, char *out, size_t n);
/* Adds every device under /sys/class/block (those spec names directly
 * into the reserve). Returns how many, or -errno. */
int blockdev_scan(struct devlist *l, const struct root_spec *spec);
/* Says, once, that the list is full. */
void devlist_full(struct devlist *l);

#endif
