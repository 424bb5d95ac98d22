/* rootfs.c: a baton image with no root filesystem (see rootfs.h). */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "rootfs.h"

/* Modules a root (or its top layer) is mounted with, by module name: the
 * same list as baton-mkinitramfs's rootfs_mods. */
static const char *const rootfs_mods[] = {
	"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "vfat", "msdos", "exfat", "squashfs",
	"erofs", "isofs", "udf", "jfs", "reiserfs", "nilfs2", "ntfs3", "bcachefs", "nfs", "nfsv4",
	"virtiofs", "9p", "overlay",
};

/* baton-mkinitramfs stores modules as /lib/modules/NAME.ko, or compressed
 * when the kernel decompresses them itself. */
static int module_in_image(struct fs *fs, const char *name)
{
	static const char *const ext[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	char path[128];
	int err;

	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(path, sizeof path, "/lib/modules/%s%s", name, ext[i]);
		if (fs_lookup(fs, path, 1, &err))
			return 1;
	}
	return 0;
}

/* name as a whole line of the kept text. */
static int listed(const struct inode *ino, const char *name)
{
	size_t n = strlen(name), i = 0;

	while (i < ino->prefix_len) {
		const uint8_t *nl = memchr(ino->prefix + i, '\n', ino->prefix_len - i);
		size_t len = nl ? (size_t)(nl - ino->prefix) - i : ino->prefix_len - i;

		if (len == n && memcmp(ino->prefix + i, name, n) == 0)
			return 1;
		i += len + 1;
	}
	return 0;
}

void rootfs_check(struct fs *fs)
{
	int err;
	struct dentry *builtin;

	if (!fs_lookup(fs, "/etc/baton/modules.dep", 1, &err))
		return;	/* not a baton image with modules */
	builtin = fs_lookup(fs, "/" BATON_BUILTIN, 1, &err);
	for (size_t i = 0; i < sizeof rootfs_mods / sizeof rootfs_mods[0]; i++) {
		if (module_in_image(fs, rootfs_mods[i]))
			return;
		if (builtin && builtin->ino->prefix && listed(builtin->ino, rootfs_mods[i]))
			return;
	}
	report(SEV_WARN, NULL, "no root filesystem: the image has baton's module index but no "
	       "filesystem module in /lib/modules (ext4, xfs, btrfs, vfat, ...) and %s names none "
	       "built into the kernel, so /init cannot mount a root (\"unknown filesystem\", then "
	       "the failure policy: a reboot loop). Rebuild with baton-mkinitramfs -p filesystems, "
	       "-m TYPE or -H", builtin ? "/" BATON_BUILTIN : "no /" BATON_BUILTIN);
}
