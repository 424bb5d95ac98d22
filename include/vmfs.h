/* vmfs.h: virtio filesystems as the root (rootfstype=virtiofs or 9p,
 * root=TAG): what the command line means and the mount options. Pure;
 * waiting for the device and mounting are in init/vmfs.c. */
#ifndef BATON_VMFS_H
#define BATON_VMFS_H

#include <stddef.h>

#include "bootcfg.h"

/* qemu's -virtfs / -device virtio-9p-pci: the transport and protocol a
 * 9p root needs, a message size that is not the slow 8 KiB default, and
 * cache=mmap so shared writable mappings (databases, systemd) work. */
#define VMFS_9P_DEFAULTS "trans=virtio,version=9p2000.L,msize=262144,cache=mmap"

/* After the whole line is read: when the first rootfstype= is "virtiofs"
 * or "9p", root= is that device's tag (as typed) and cfg->root becomes
 * ROOT_TAG; an empty or overlong tag is ROOT_INVALID with root_err set. */
void vmfs_rootspec(struct bootcfg *cfg);

/* The filesystem data for mount(2): for 9p VMFS_9P_DEFAULTS then the
 * filesystem part of rootflags= (user (data, may be NULL or ""); 9p takes
 * the last of a repeated option, so the user's win); for virtiofs the
 * user's alone. Returns the length, or -E2BIG if out (n bytes) is too
 * small. */
int vmfs_mount_data(const char *fstype, const char *user, char *out, size_t n);

/* The virtio device id of a transport: 9 (9p), 26 (virtiofs), else -1. */
int vmfs_virtio_id(const char *fstype);

#endif
