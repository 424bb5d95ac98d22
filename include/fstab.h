/* fstab.h: one entry of the new root's /etc/fstab, for the mounts /init
 * makes before the switch (/usr, as initramfs-tools and tiny-initramfs
 * do: systemd expects it mounted). */
#ifndef BATON_FSTAB_H
#define BATON_FSTAB_H

#define FSTAB_FIELD_MAX	256

struct fstab_entry {
	char spec[FSTAB_FIELD_MAX];	/* UUID=..., LABEL=..., /dev/... (\040 decoded) */
	char type[32];
	char opts[FSTAB_FIELD_MAX];	/* the options mount(2) takes: userspace ones
					 * (defaults, nofail, noauto, x-*, ...) dropped */
	int passno;			/* sixth field, 0 if absent */
	int nofail;
};

/* Finds the last entry of fstab text (NUL-terminated) whose mount point is
 * mnt (trailing slashes ignored). Returns 0, -ENOENT if none, -E2BIG if
 * one of its fields is too long. Pure. */
int fstab_find(const char *text, const char *mnt, struct fstab_entry *e);

/* usrmount.c: mounts /usr of the new root (at newroot/usr) when its fstab
 * has an entry for it: waits for the device (bounded as the root), checks
 * it (fsck.mode=), mounts it read-only if the root is (systemd remounts it
 * as fstab says). Returns 0 (also when fstab has no /usr), or -errno,
 * logged. */
struct bootcfg;
struct devlist;
int usr_mount(const struct bootcfg *cfg, int uevent_fd, struct devlist *devs);

#endif
