/* identify_blkid.c: what a block device holds, asked of libblkid (the
 * BLKID=1 flavour, in place of identify.c): the same fields, so everything
 * after identification behaves the same whichever backend was linked. */
#include <blkid/blkid.h>
#include <errno.h>
#include <string.h>

#include "log.h"
#include "sys.h"

static void copy_value(blkid_probe pr, const char *key, char *dst, size_t n)
{
	const char *val;
	size_t len;

	if (blkid_probe_lookup_value(pr, key, &val, &len) != 0)
		return;
	len = strnlen(val, n - 1);
	memcpy(dst, val, len);
	dst[len] = '\0';
}

/* libblkid keeps no table between probes. */
void blockdev_identify_reset(void)
{
}

void blockdev_identify(struct blockdev *dev)
{
	char path[64];
	blkid_probe pr;

	if (dev->probed)
		return;
	blockdev_sysfs(dev);
	if (dev->sectors == 0) {
		dev->probed = -ENOMEDIUM;
		return;
	}
	blockdev_path(dev, path, sizeof(path));
	pr = blkid_new_probe_from_filename(path);
	if (!pr) {
		dev->probed = -EIO;
		return;
	}
	dev->probed = 1;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID |
					  BLKID_SUBLKS_LABEL);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	if (blkid_do_safeprobe(pr) == 0) {
		copy_value(pr, "TYPE", dev->id.type, sizeof(dev->id.type));
		copy_value(pr, "UUID", dev->id.uuid, sizeof(dev->id.uuid));
		copy_value(pr, "LABEL", dev->id.label, sizeof(dev->id.label));
		copy_value(pr, "PART_ENTRY_UUID", dev->partuuid, sizeof(dev->partuuid));
		copy_value(pr, "PART_ENTRY_NAME", dev->partlabel, sizeof(dev->partlabel));
		copy_value(pr, "PART_ENTRY_TYPE", dev->parttype, sizeof(dev->parttype));
		copy_value(pr, "PTTYPE", dev->pttype, sizeof(dev->pttype));
		copy_value(pr, "PTUUID", dev->ptuuid, sizeof(dev->ptuuid));
	}
	blkid_free_probe(pr);
}
