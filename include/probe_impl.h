/* probe_impl.h: what the dispatcher (init/probe.c) and the per-filesystem
 * probers (init/probe_*.c) share. Internal to the probers: the rest of baton
 * uses probe.h only. A new filesystem is one probe_<fs>.c defining a probe_fn,
 * declared below and added to the table in probe.c. */
#ifndef BATON_PROBE_IMPL_H
#define BATON_PROBE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "probe.h"

/* Looks for one family of filesystems in buf[0, len). id arrives zeroed.
 * Returns 0 with id->type set (and uuid, label where the filesystem has them)
 * when it recognises one, -ENOENT otherwise. Must never read buf[len] or
 * beyond: the buffer may be a truncated device. */
typedef int probe_fn(const unsigned char *buf, size_t len, struct fsid *id);

probe_fn probe_md;		/* linux_raid_member, MD 1.1 and 1.2: probe_md.c */
probe_fn probe_lvm2;		/* LVM2_member: probe_lvm.c */
probe_fn probe_luks;		/* crypto_LUKS (LUKS1, LUKS2): probe_luks.c */
probe_fn probe_xfs;		/* xfs: probe_xfs.c */
probe_fn probe_btrfs;		/* btrfs: probe_btrfs.c */
probe_fn probe_f2fs;		/* f2fs: probe_f2fs.c */
probe_fn probe_erofs;		/* erofs: probe_erofs.c */
probe_fn probe_ext;		/* ext2, ext3, ext4, ext4dev, jbd: probe_ext.c */
probe_fn probe_swap;		/* swap: probe_swap.c */
probe_fn probe_squashfs;	/* squashfs (version 4): probe_squashfs.c */
probe_fn probe_iso9660;		/* iso9660 (and High Sierra): probe_iso9660.c */
probe_fn probe_vfat;		/* vfat (FAT12, FAT16, FAT32): probe_vfat.c */

/* MD 0.90 and 1.0, at the end of a device of size bytes whose last tlen
 * bytes are in tail: 0 with id filled, else -ENOENT (probe_md.c). */
int probe_md_tail(const unsigned char *tail, size_t tlen, unsigned long long size,
		  struct fsid *id);

/* Whether the 512-byte sector bs is a FAT boot sector libblkid would take:
 * such a disk has no partition table, though its last bytes look like an
 * empty MBR's (parttable.c asks; probe_vfat.c answers). */
int probe_is_fat_boot_sector(const unsigned char *bs);

/* 1 when the n bytes at off lie inside a buffer of len bytes. Written so
 * that off + n cannot overflow, whatever a corrupt field puts in off. */
static inline int probe_span(size_t len, size_t off, size_t n)
{
	return off <= len && n <= len - off;
}

/* 1 when the buffer proves the device smaller than size bytes. Callers pass
 * a device's first PROBE_READ_SIZE bytes, or all of it when it is shorter
 * (probe.h), so a shorter len is the device's size; a full buffer says only
 * that the device is at least that big. libblkid refuses some filesystems on
 * devices under a minimum size, and this is how the probers do the same. */
static inline int probe_too_small(size_t len, size_t size)
{
	return len < PROBE_READ_SIZE && len < size;
}

/* 1 when buf[0, len) is the whole device: nothing lies past len. */
static inline int probe_whole(size_t len)
{
	return len < PROBE_READ_SIZE;
}

/* Little-endian loads by byte assembly: buffers have no alignment, and
 * casting to uint32_t * would be undefined behaviour on them. */
static inline uint16_t probe_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t probe_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t probe_le64(const unsigned char *p)
{
	return (uint64_t)probe_le32(p) | (uint64_t)probe_le32(p + 4) << 32;
}

/* Big-endian loads: xfs and the LUKS header are big-endian, and so is
 * iso9660's Joliet UTF-16. */
static inline uint16_t probe_be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t probe_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	       (uint32_t)p[3];
}

static inline uint64_t probe_be64(const unsigned char *p)
{
	return (uint64_t)probe_be32(p) << 32 | (uint64_t)probe_be32(p + 4);
}

/* Setters that keep every fsid field NUL-terminated (probe.c). */
void probe_set_type(struct fsid *id, const char *type);
void probe_set_uuid(struct fsid *id, const unsigned char b[16]);
void probe_set_label(struct fsid *id, const unsigned char *src, size_t n);
/* A label stored as UTF-16 (little- or big-endian) in n bytes, converted to
 * UTF-8 the way libblkid converts it. */
void probe_set_label_utf16(struct fsid *id, const unsigned char *src, size_t n,
			   int big_endian);
/* A UUID the filesystem stores, or the prober builds, as text (LUKS, vfat's
 * serial, iso9660's date): at most n bytes, up to the first NUL, trailing
 * whitespace dropped, as libblkid does. */
void probe_set_uuid_str(struct fsid *id, const unsigned char *src, size_t n);

#endif
