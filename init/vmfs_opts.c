/* vmfs_opts.c: the pure part of virtio filesystem roots (include/vmfs.h):
 * root= as a tag, and the 9p options that work with qemu's -virtfs. */
#include <errno.h>
#include <string.h>

#include "vmfs.h"

/* virtio-fs tags are at most 36 bytes (the device's config space); 9p
 * tags are a u16-length string, but qemu caps them far lower. */
#define TAG_MAX 255

int vmfs_virtio_id(const char *fstype)
{
	if (!fstype)
		return -1;
	if (strcmp(fstype, "9p") == 0)
		return 9;
	if (strcmp(fstype, "virtiofs") == 0)
		return 26;
	return -1;
}

void vmfs_rootspec(struct bootcfg *cfg)
{
	size_t len;

	if (cfg->nfstypes < 1 || vmfs_virtio_id(cfg->fstypes[0]) < 0 || !cfg->root_arg)
		return;
	memset(&cfg->root, 0, sizeof(cfg->root));
	cfg->root_err = NULL;
	len = strlen(cfg->root_arg);
	if (len == 0 || len > TAG_MAX) {
		cfg->root.kind = ROOT_INVALID;
		cfg->root_err = len ? "a virtio filesystem tag is at most 255 bytes"
				    : "root= needs the tag of the virtiofs or 9p device";
		return;
	}
	cfg->root.kind = ROOT_TAG;
	cfg->root.value = cfg->root_arg;
}

int vmfs_mount_data(const char *fstype, const char *user, char *out, size_t n)
{
	const char *base = strcmp(fstype, "9p") == 0 ? VMFS_9P_DEFAULTS : "";
	size_t blen = strlen(base), ulen = user ? strlen(user) : 0;
	size_t need = blen + (blen && ulen ? 1 : 0) + ulen;

	if (need + 1 > n)
		return -E2BIG;
	memcpy(out, base, blen);
	if (blen && ulen)
		out[blen++] = ',';
	if (ulen)
		memcpy(out + blen, user, ulen);
	out[need] = '\0';
	return (int)need;
}
