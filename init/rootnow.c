/* rootnow.c: the root that is there before any module loads. With its
 * driver built into the kernel (a cloud kernel's NVMe or virtio), the root
 * device usually exists when /init starts: then it is mounted at once, with
 * no loader process and no walk of /sys/devices; the kernel still asks
 * /sbin/modprobe for what mounting needs (fs-ext4, crc32c). */
#include <errno.h>

#include "policy.h"
#include "sys.h"

/* ip= or rd.neednet=1: the NIC's driver may be a module, and the network
 * step before the root needs the loader for it. */
static int wants_network(const struct bootcfg *cfg)
{
	return cfg->net.mode == NET_DHCP || cfg->net.mode == NET_STATIC || cfg->net.neednet == 1;
}

/* The root= forms that name a block device (not a virtio tag, not what a
 * later root source adds). */
static int names_blockdev(enum root_kind kind)
{
	switch (kind) {
	case ROOT_DEVNAME: case ROOT_DEVT: case ROOT_UUID: case ROOT_LABEL:
	case ROOT_PARTUUID: case ROOT_PARTLABEL: case ROOT_BYID: case ROOT_BYPATH:
		return 1;
	default:
		return 0;
	}
}

int root_present(const struct bootcfg *cfg, struct devlist *devs)
{
	int err;

	/* rootdelay= asks to wait before looking; rd.modules= to load
	 * modules whatever the devices; a network to bring up needs its
	 * driver: all go the long way. So does a root that must be the only
	 * device root= names (LOCKDOWN, rd.root.unique=1): a twin may sit
	 * behind a driver that is a module (a stick found at once must not
	 * win over a disk whose driver the loader has yet to insert). */
	if (!names_blockdev(cfg->root.kind) || cfg->rootdelay > 0 || cfg->nrd_modules > 0 ||
	    wants_network(cfg) || build_policy.lockdown || cfg->root_unique)
		return -ENOENT;
	err = blockdev_scan(devs, &cfg->root);
	if (err < 0)
		return err;
	if (root_needs_probe(&cfg->root))
		for (int i = 0; i < devs->n; i++) {
			blockdev_sysfs(&devs->dev[i]);
			if (root_may_match(&cfg->root, &devs->dev[i]))
				blockdev_identify(&devs->dev[i]);
		}
	return root_find(&cfg->root, devs);
}
