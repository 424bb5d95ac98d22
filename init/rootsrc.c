/* rootsrc.c: the table of root sources (include/rootsrc.h). The first whose
 * claims() says yes mounts the root; the block source comes last and takes
 * whatever the others leave. */
#include <errno.h>

#include "rootsrc.h"

static const struct root_source sources[] = {
	{ "virtio filesystem", vmfs_root_claims, vmfs_root_mount },
	{ "NFS", nfs_root_claims, nfs_root_mount },
	{ "image over HTTP", live_root_claims, live_root_mount },
	{ "firmware image", fwroot_claims, fwroot_mount },
	{ "block device", block_root_claims, block_root_mount },
};

int root_source_mount(const struct bootcfg *cfg, struct root_ctx *ctx)
{
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		if (sources[i].claims(cfg))
			return sources[i].mount(cfg, ctx);
	return -EINVAL;
}
