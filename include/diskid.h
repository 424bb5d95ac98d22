/* diskid.h: the /dev/disk/by-id and by-path names udev gives a disk on
 * Debian 12 (systemd 252: 60-persistent-storage.rules, the path_id builtin,
 * ata_id, scsi_id), derived from sysfs alone so that root= can name them and
 * the real root's fstab finds them before its udev runs. init/diskid.c
 * composes the names from a struct of attributes (pure); init/diskid_sysfs.c
 * fills that struct from a sysfs tree. */
#ifndef BATON_DISKID_H
#define BATON_DISKID_H

#include <stddef.h>

#define DISKID_NAMES	384	/* room for one device's names */
#define DISKID_NODES	16	/* sysfs directories from a disk up to /devices */

/* One directory on the way from a disk up to /sys/devices, in that order. */
struct diskid_node {
	char subsys[16];	/* its "subsystem" link's last part; "" if none */
	char name[48];		/* the directory's name ("0000:00:04.0", "host0") */
	char device;		/* it has a uevent file: a device, not a mere directory */
	char ieee1394;		/* a SCSI device with an ieee1394_id (FireWire) */
	int num;		/* "hostN": the lowest N of the hostM beside it;
				 * "ataN": /sys/class/ata_port/ataN/port_no; else -1 */
};

/* What udev's rules read, as sysfs gives it (trailing newlines cut). An
 * attribute udev looks up with ATTRS{} is the disk's own, else that of the
 * nearest parent device that has it non-blank. */
struct diskid_attrs {
	char kname[32];		/* the whole disk's kernel name: "vda", "nvme0n1" */
	char serial[64];	/* ATTRS{serial}: virtio-blk, NVMe */
	char model[64];		/* ATTRS{model}: NVMe; SCSI's INQUIRY product (16 bytes) */
	char vendor[16];	/* ATTRS{vendor}: SCSI's INQUIRY vendor (8 bytes) */
	char nsid[12];		/* the NVMe namespace's "nsid" */
	char wwid[160];		/* the NVMe namespace's own "wwid" */
	unsigned char pg83[256];	/* SCSI: VPD page 0x83 as the kernel cached it */
	unsigned char pg80[256];	/* SCSI: VPD page 0x80 */
	unsigned char pg89[288];	/* ATA: VPD page 0x89 (IDENTIFY data at 60) */
	int pg83_len, pg80_len, pg89_len;	/* bytes read, 0 if absent */
	struct diskid_node node[DISKID_NODES];
	int nnodes;		/* nodes read (the chain is cut if deeper) */
	int path_broken;	/* path_id would give up: a multipath NVMe disk whose
				 * controller is virtual, or the chain was cut */
};

/* The link names udev 252 gives the disk a describes, or its partition
 * number part ("1" for vda1, NULL for the disk itself), written to out as
 * NUL-terminated strings relative to /dev/disk ("by-id/virtio-SER-part1",
 * "by-path/pci-0000:00:04.0-part1"), an empty string after the last.
 * Derived: virtio-blk virtio-<serial>; NVMe nvme-<wwid>, nvme-<model>_<serial>
 * and nvme-<model>_<serial>_<nsid>; SCSI scsi-<scsi_id serial> and
 * wwn-<NAA>; ATA ata-<model>_<serial> and wwn-0x<WWN>; by-path as path_id
 * for PCI/platform/ACPI/Xen parents with virtio, SCSI, ATA and NVMe
 * transports, with ATA's compat name and virtio-blk's legacy virtio-pci-*
 * name. Names holding '/' (udev would make subdirectories) are left out;
 * so is any name that does not fit. Returns how many were written. Pure. */
int diskid_names(const struct diskid_attrs *a, const char *part, char *out, size_t n);

/* Whether names (as diskid_names writes them) hold dir/name ("by-id",
 * "virtio-SER"), or name itself when dir is NULL. Pure. */
int diskid_has(const char *names, const char *dir, const char *name);

/* Writes " NAME NAME..." of names into out (for a report line); returns
 * the length. Pure. */
size_t diskid_list(const char *names, char *out, size_t n);

/* diskid_sysfs.c: fills a for the whole disk of the block device called
 * name under sysroot ("/sys"); *part is set to its partition number ("1"),
 * or NULL for a disk. Returns 0, or -errno (-ENOENT: no such device,
 * -EOPNOTSUPP: a partition udev ignores (whole_disk)). */
int diskid_read(const char *sysroot, const char *name, struct diskid_attrs *a,
		const char **part);
/* diskid_read + diskid_names: the names of the device called name, "" if
 * none. Returns how many, or -errno. */
int diskid_derive(const char *sysroot, const char *name, char *out, size_t n);

#endif
