/* dm.h: device-mapper through its ioctls (/dev/mapper/control), as
 * libdevmapper does it but without udev cookies: create a device, load a
 * table, resume it, reload it, remove it. The targets (verity, linear,
 * crypt, ...) are the kernel's; this only describes them. The packer is
 * pure and unit-tested; the rest is one ioctl each. */
#ifndef BATON_DM_H
#define BATON_DM_H

#include <stddef.h>
#include <sys/types.h>

#define DM_CONTROL	"/dev/mapper/control"	/* devtmpfs makes it when dm_mod loads */
#define DM_NAME_MAX	128	/* with the NUL, as struct dm_ioctl holds it */
#define DM_UUID_MAX	129

struct dm_target {
	unsigned long long start;	/* in 512-byte sectors */
	unsigned long long length;
	const char *type;		/* "verity", "linear" (< 16 bytes) */
	const char *params;		/* the target's table line */
};

#define DM_RO	1u	/* the table is read-only (verity insists) */

/* Packs a DM_TABLE_LOAD request for device name with targets t[0..nt) into
 * buf (8-byte aligned, n bytes). Pure. Returns the bytes used, -E2BIG when
 * it does not fit, -EINVAL for an empty list, a name too long, a type that
 * does not fit 16 bytes. */
int dm_pack_table(void *buf, size_t n, const char *name, const struct dm_target *t, int nt,
		  unsigned flags);

/* Creates device name (uuid may be NULL), loads the table and resumes it:
 * DM_DEV_CREATE, DM_TABLE_LOAD, DM_DEV_SUSPEND without the suspend flag.
 * The node is /dev/dm-N (devtmpfs); *devt gets its number. When a later
 * step fails the device is removed again. Returns 0, or -errno with *step
 * naming the ioctl that failed ("opening " DM_CONTROL, "DM_DEV_CREATE",
 * "DM_TABLE_LOAD", "DM_DEV_SUSPEND (resume)"); step may be NULL. */
int dm_create(const char *name, const char *uuid, const struct dm_target *t, int nt,
	      unsigned flags, dev_t *devt, const char **step);

/* Replaces the live table of device name: load, suspend, resume. Same
 * returns as dm_create; the old table stays on failure. */
int dm_reload(const char *name, const struct dm_target *t, int nt, unsigned flags,
	      const char **step);

/* Removes device name (DM_DEV_REMOVE). 0 or -errno (-EBUSY while open). */
int dm_remove(const char *name);

#endif
