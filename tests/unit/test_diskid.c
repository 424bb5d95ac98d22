/* test_diskid.c: the /dev/disk/by-id and by-path names of init/diskid.c and
 * init/diskid_sysfs.c, on fake sysfs trees this test builds under
 * build/tests/ (virtio-blk, virtio-SCSI, NVMe with and without multipath,
 * AHCI, USB, partitions) shaped like the Debian kernel's in qemu, and on
 * hand-made attributes for udev's character rules. Expected names are the
 * ones Debian 12's udev made for the same disks in tests/qemu/t-udev-diff.sh
 * where that test has them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "diskid.h"

static char root[128];

/* -- the fake tree --------------------------------------------------------- */

static void mkdirs(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (char *s = p + strlen(root) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

static void parent_dirs(const char *rel)
{
	char d[512];
	char *slash;

	snprintf(d, sizeof(d), "%s", rel);
	slash = strrchr(d, '/');
	if (slash) {
		*slash = '\0';
		mkdirs(d);
	}
}

static void put(const char *rel, const void *data, size_t len)
{
	char p[512];
	int fd;

	parent_dirs(rel);
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		printf("# cannot write %s\n", p);
	if (fd >= 0)
		close(fd);
}

static void attr(const char *dir, const char *name, const char *text)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/%s", dir, name);
	put(rel, text, strlen(text));
}

static void lnk(const char *rel, const char *target)
{
	char p[512];

	parent_dirs(rel);
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	if (symlink(target, p) < 0 && errno != EEXIST)
		printf("# cannot link %s\n", p);
}

/* A device directory: a uevent file and, if subsys, a subsystem link. */
static void dev(const char *rel, const char *subsys)
{
	char l[512], t[64];

	mkdirs(rel);
	attr(rel, "uevent", "");
	if (!subsys)
		return;
	snprintf(l, sizeof(l), "%s/subsystem", rel);
	snprintf(t, sizeof(t), "../../../../bus/%s", subsys);
	lnk(l, t);
}

/* A block device at devices/PATH, linked from class/block/NAME. */
static void block(const char *path, const char *name, const char *partition)
{
	char rel[512], cls[64], t[512];

	snprintf(rel, sizeof(rel), "devices/%s", path);
	dev(rel, "block");
	if (partition)
		attr(rel, "partition", partition);
	snprintf(cls, sizeof(cls), "class/block/%s", name);
	snprintf(t, sizeof(t), "../../devices/%s", path);
	lnk(cls, t);
}

static void rm_tree(const char *p)
{
	DIR *d = opendir(p);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char c[1024];
			struct stat st;

			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(c, sizeof(c), "%s/%s", p, e->d_name);
			if (lstat(c, &st) == 0 && S_ISDIR(st.st_mode))
				rm_tree(c);
			else
				unlink(c);
		}
		closedir(d);
	}
	rmdir(p);
}

/* The names of device name, joined by '|'. */
static const char *names_of(const char *name)
{
	static char joined[DISKID_NAMES];
	char out[DISKID_NAMES];
	int r = diskid_derive(root, name, out, sizeof(out));
	size_t n = 0;

	if (r < 0) {
		snprintf(joined, sizeof(joined), "error %d", r);
		return joined;
	}
	joined[0] = '\0';
	for (const char *e = out; *e; e += strlen(e) + 1)
		n += (size_t)snprintf(joined + n, sizeof(joined) - n, "%s%s", n ? "|" : "", e);
	return joined;
}

#define PCI	"pci0000:00/"

/* -- virtio-blk -------------------------------------------------------------- */

static void virtio_tree(void)
{
	dev("devices/pci0000:00", NULL);
	dev("devices/" PCI "0000:00:04.0", "pci");
	dev("devices/" PCI "0000:00:04.0/virtio0", "virtio");
	block(PCI "0000:00:04.0/virtio0/block/vda", "vda", NULL);
	attr("devices/" PCI "0000:00:04.0/virtio0/block/vda", "serial", "BATONROOT");
	block(PCI "0000:00:04.0/virtio0/block/vda/vda1", "vda1", "1\n");
	dev("devices/" PCI "0000:00:05.0", "pci");
	dev("devices/" PCI "0000:00:05.0/virtio1", "virtio");
	block(PCI "0000:00:05.0/virtio1/block/vdb", "vdb", NULL);
	attr("devices/" PCI "0000:00:05.0/virtio1/block/vdb", "serial", " a  b$c%d,e?f\xc3\xa9\xff");
	block(PCI "0000:00:05.0/virtio1/block/vdb/vdb12", "vdb12", "12\n");
	dev("devices/" PCI "0000:00:09.0", "pci");
	dev("devices/" PCI "0000:00:09.0/virtio3", "virtio");
	block(PCI "0000:00:09.0/virtio3/block/vdc", "vdc", NULL);
	attr("devices/" PCI "0000:00:09.0/virtio3/block/vdc", "serial", "sub/dir");
	/* Behind a PCI bridge, without a serial (an empty file, as the kernel
	 * gives it), and a blank serial, which ATTRS{serial}=="?*" refuses. */
	dev("devices/" PCI "0000:00:1c.0", "pci");
	dev("devices/" PCI "0000:00:1c.0/0000:01:00.0", "pci");
	dev("devices/" PCI "0000:00:1c.0/0000:01:00.0/virtio4", "virtio");
	block(PCI "0000:00:1c.0/0000:01:00.0/virtio4/block/vdd", "vdd", NULL);
	attr("devices/" PCI "0000:00:1c.0/0000:01:00.0/virtio4/block/vdd", "serial", "");
	dev("devices/" PCI "0000:00:1d.0", "pci");
	dev("devices/" PCI "0000:00:1d.0/virtio5", "virtio");
	block(PCI "0000:00:1d.0/virtio5/block/vde", "vde", NULL);
	attr("devices/" PCI "0000:00:1d.0/virtio5/block/vde", "serial", " \t ");
}

static void test_virtio(void)
{
	virtio_tree();
	CHECK_STR("virtio/disk", names_of("vda"),
		  "by-id/virtio-BATONROOT|by-path/pci-0000:00:04.0|by-path/virtio-pci-0000:00:04.0");
	CHECK_STR("virtio/partition", names_of("vda1"),
		  "by-id/virtio-BATONROOT-part1|by-path/pci-0000:00:04.0-part1|"
		  "by-path/virtio-pci-0000:00:04.0-part1");
	/* udev: by-id/virtio-a_b_c_d_e_f\xc3\xa9_ (t-udev-diff.sh's vdb). */
	CHECK_STR("virtio/odd-serial", names_of("vdb"),
		  "by-id/virtio-a_b_c_d_e_f\xc3\xa9_|by-path/pci-0000:00:05.0|"
		  "by-path/virtio-pci-0000:00:05.0");
	CHECK_STR("virtio/partition-12", names_of("vdb12"),
		  "by-id/virtio-a_b_c_d_e_f\xc3\xa9_-part12|by-path/pci-0000:00:05.0-part12|"
		  "by-path/virtio-pci-0000:00:05.0-part12");
	/* udev makes by-id/virtio-sub/dir, a subdirectory: left out. */
	CHECK_STR("virtio/slash-left-out", names_of("vdc"),
		  "by-path/pci-0000:00:09.0|by-path/virtio-pci-0000:00:09.0");
	CHECK_STR("virtio/bridge-no-serial", names_of("vdd"),
		  "by-path/pci-0000:01:00.0|by-path/virtio-pci-0000:01:00.0");
	CHECK_STR("virtio/blank-serial", names_of("vde"),
		  "by-path/pci-0000:00:1d.0|by-path/virtio-pci-0000:00:1d.0");
	CHECK_STR("virtio/missing", names_of("vdz"), "error -2");
}

/* -- virtio-scsi -------------------------------------------------------------- */

/* A SCSI disk: devices/BASE/hostH/targetH:C:T/H:C:T:L/block/NAME. */
static void scsi_disk(const char *base, const char *hctl, const char *name,
		      const char *vendor, const char *model)
{
	char host[256], tgt[300], sdev[340], blk[400], p[480];
	unsigned h, c, t, l;

	sscanf(hctl, "%u:%u:%u:%u", &h, &c, &t, &l);
	snprintf(host, sizeof(host), "devices/%s/host%u", base, h);
	snprintf(tgt, sizeof(tgt), "%s/target%u:%u:%u", host, h, c, t);
	snprintf(sdev, sizeof(sdev), "%s/%s", tgt, hctl);
	dev(host, "scsi");
	dev(tgt, "scsi");
	dev(sdev, "scsi");
	attr(sdev, "vendor", vendor);
	attr(sdev, "model", model);
	snprintf(blk, sizeof(blk), "%s/block/%s", sdev + strlen("devices/"), name);
	block(blk, name, NULL);
	snprintf(p, sizeof(p), "devices/%s/device", blk);
	lnk(p, "../..");
}

static void page(const char *name, const char *file, const void *data, size_t len)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "class/block/%s/device/%s", name, file);
	put(rel, data, len);
}

#define VS	"virtio2"
#define SCSI_BASE	PCI "0000:00:06.0/" VS

static void scsi_tree(void)
{
	static const unsigned char pg83_ser0[] = "\x00\x83\x00\x0d\x02\x00\x00\x09SCSI-SER0";
	static const unsigned char pg80_ser0[] = "\x00\x80\x00\x09SCSI-SER0";
	static const unsigned char pg83_odd[] = "\x00\x83\x00\x0d\x02\x00\x00\x09" "dev id  1";
	static const unsigned char pg83_naa[] = "\x00\x83\x00\x19\x02\x00\x00\x09SCSI-SER2"
						"\x01\x03\x00\x08\x50\x00\xc5\x00\x15\xea\x71\xac";
	/* A target-port NAA (association 1) is not the disk's: skipped. */
	static const unsigned char pg83_port[] = "\x00\x83\x00\x14\x01\x13\x00\x08\x50\x00\x00\x00\x00\x00\x00\x01"
						 "\x02\x00\x00\x04" "abcd";
	static const unsigned char pg83_eui[] = "\x00\x83\x00\x14\x02\x00\x00\x04" "abcd"
						"\x01\x02\x00\x08\x00\x11\x22\x33\x44\x55\x66\x77";
	static const unsigned char pg83_t10[] = "\x00\x83\x00\x14\x02\x01\x00\x10VEND    PROD1234";
	static const unsigned char pg83_old[] = "\x00\x83\x00\x04\x60\x06\x04\x8f";
	static const unsigned char pg80_only[] = "\x00\x80\x00\x04S123";

	dev("devices/" PCI "0000:00:06.0", "pci");
	dev("devices/" SCSI_BASE, "virtio");
	scsi_disk(SCSI_BASE, "0:0:0:0", "sda", "QEMU    ", "QEMU HARDDISK   \n");
	page("sda", "vpd_pg83", pg83_ser0, sizeof(pg83_ser0) - 1);
	page("sda", "vpd_pg80", pg80_ser0, sizeof(pg80_ser0) - 1);
	block(SCSI_BASE "/host0/target0:0:0/0:0:0:0/block/sda/sda2", "sda2", "2\n");
	scsi_disk(SCSI_BASE, "0:0:1:0", "sdb", "V-endor \n", "Odd  Prod/Y     \n");
	page("sdb", "vpd_pg83", pg83_odd, sizeof(pg83_odd) - 1);
	scsi_disk(SCSI_BASE, "0:0:2:3", "sdc", "QEMU    \n", "QEMU HARDDISK   \n");
	page("sdc", "vpd_pg83", pg83_naa, sizeof(pg83_naa) - 1);
	scsi_disk(SCSI_BASE, "0:0:3:0", "sdi", "QEMU    \n", "QEMU HARDDISK   \n");
	page("sdi", "vpd_pg83", pg83_port, sizeof(pg83_port) - 1);
	scsi_disk(SCSI_BASE, "0:0:4:0", "sdj", "QEMU    \n", "QEMU HARDDISK   \n");
	page("sdj", "vpd_pg83", pg83_eui, sizeof(pg83_eui) - 1);
	scsi_disk(SCSI_BASE, "0:0:5:0", "sdk", "QEMU    \n", "QEMU HARDDISK   \n");
	page("sdk", "vpd_pg83", pg83_t10, sizeof(pg83_t10) - 1);
	scsi_disk(SCSI_BASE, "0:0:6:0", "sdl", "QEMU    \n", "QEMU HARDDISK   \n");
	page("sdl", "vpd_pg83", pg83_old, sizeof(pg83_old) - 1);
	/* Page 0x80 only, and a vendor too short for scsi_id (a NUL inside). */
	scsi_disk(SCSI_BASE, "0:0:7:0", "sdh", "ACME    \n", "Disk            \n");
	page("sdh", "vpd_pg80", pg80_only, sizeof(pg80_only) - 1);
	scsi_disk(SCSI_BASE, "0:0:8:0", "sdm", "ACME\n", "Disk            \n");
	page("sdm", "vpd_pg80", pg80_only, sizeof(pg80_only) - 1);
	/* A second controller whose hosts start at 4: scsi-1:... for host5. */
	dev("devices/" PCI "0000:00:0b.0", "pci");
	dev("devices/" PCI "0000:00:0b.0/virtio6", "virtio");
	dev("devices/" PCI "0000:00:0b.0/virtio6/host4", "scsi");
	scsi_disk(PCI "0000:00:0b.0/virtio6", "5:0:0:0", "sdg", "QEMU    \n", "QEMU HARDDISK   \n");
	page("sdg", "vpd_pg83", pg83_ser0, sizeof(pg83_ser0) - 1);
}

static void test_scsi(void)
{
	scsi_tree();
	CHECK_STR("scsi/vendor-specific", names_of("sda"),
		  "by-id/scsi-0QEMU_QEMU_HARDDISK_SCSI-SER0|by-path/pci-0000:00:06.0-scsi-0:0:0:0");
	CHECK_STR("scsi/partition", names_of("sda2"),
		  "by-id/scsi-0QEMU_QEMU_HARDDISK_SCSI-SER0-part2|"
		  "by-path/pci-0000:00:06.0-scsi-0:0:0:0-part2");
	/* udev: scsi-0V-endor_Odd_Prod_Y_dev_id_1 (t-udev-diff.sh's sdb). */
	CHECK_STR("scsi/odd-vendor-model-id", names_of("sdb"),
		  "by-id/scsi-0V-endor_Odd_Prod_Y_dev_id_1|by-path/pci-0000:00:06.0-scsi-0:0:1:0");
	CHECK_STR("scsi/naa-first", names_of("sdc"),
		  "by-id/scsi-35000c50015ea71ac|by-id/wwn-0x5000c50015ea71ac|"
		  "by-path/pci-0000:00:06.0-scsi-0:0:2:3");
	CHECK_STR("scsi/port-naa-skipped", names_of("sdi"),
		  "by-id/scsi-0QEMU_QEMU_HARDDISK_abcd|by-path/pci-0000:00:06.0-scsi-0:0:3:0");
	CHECK_STR("scsi/eui64-before-vendor", names_of("sdj"),
		  "by-id/scsi-20011223344556677|by-path/pci-0000:00:06.0-scsi-0:0:4:0");
	CHECK_STR("scsi/t10-ascii", names_of("sdk"),
		  "by-id/scsi-1VEND_PROD1234|by-path/pci-0000:00:06.0-scsi-0:0:5:0");
	CHECK_STR("scsi/pre-spc3", names_of("sdl"),
		  "by-id/scsi-36006048f|by-path/pci-0000:00:06.0-scsi-0:0:6:0");
	CHECK_STR("scsi/page80", names_of("sdh"),
		  "by-id/scsi-SACME_Disk_S123|by-path/pci-0000:00:06.0-scsi-0:0:7:0");
	CHECK_STR("scsi/page80-short-vendor", names_of("sdm"),
		  "by-path/pci-0000:00:06.0-scsi-0:0:8:0");
	CHECK_STR("scsi/host-rebased", names_of("sdg"),
		  "by-id/scsi-0QEMU_QEMU_HARDDISK_SCSI-SER0|by-path/pci-0000:00:0b.0-scsi-1:0:0:0");
}

/* -- NVMe ---------------------------------------------------------------------- */

#define NV0	PCI "0000:00:07.0/nvme/nvme0"
#define WWID1	"nvme.1b36-4e564d452d5345522e3031-51454d55204e564d65204374726c-00000001"

static void nvme_tree(void)
{
	dev("devices/" PCI "0000:00:07.0", "pci");
	mkdirs("devices/" PCI "0000:00:07.0/nvme");
	dev("devices/" NV0, "nvme");
	lnk("class/nvme/nvme0", "../../devices/" NV0);
	attr("devices/" NV0, "serial", "NVME-SER.01         \n");
	attr("devices/" NV0, "model", "QEMU NVMe Ctrl                          \n");
	block(NV0 "/nvme0n1", "nvme0n1", NULL);
	attr("devices/" NV0 "/nvme0n1", "wwid", WWID1 "\n");
	attr("devices/" NV0 "/nvme0n1", "nsid", "1\n");
	block(NV0 "/nvme0n1/nvme0n1p1", "nvme0n1p1", "1\n");
	/* Multipath: the namespace under the subsystem, the controller elsewhere. */
	dev("devices/virtual/nvme-subsystem/nvme-subsys1", "nvme-subsystem");
	attr("devices/virtual/nvme-subsystem/nvme-subsys1", "serial", "NVME-SUB    \n");
	attr("devices/virtual/nvme-subsystem/nvme-subsys1", "model", "Odd  Model/X   \n");
	block("virtual/nvme-subsystem/nvme-subsys1/nvme1n2", "nvme1n2", NULL);
	attr("devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n2", "wwid", "eui.0011223344556677\n");
	attr("devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n2", "nsid", "2\n");
	dev("devices/" PCI "0000:00:0a.0", "pci");
	dev("devices/" PCI "0000:00:0a.0/nvme/nvme1", "nvme");
	lnk("class/nvme/nvme1", "../../devices/" PCI "0000:00:0a.0/nvme/nvme1");
	/* NVMe over fabrics: the controller is virtual too, so no by-path. */
	dev("devices/virtual/nvme-subsystem/nvme-subsys2", "nvme-subsystem");
	attr("devices/virtual/nvme-subsystem/nvme-subsys2", "serial", "FAB\n");
	attr("devices/virtual/nvme-subsystem/nvme-subsys2", "model", "Linux\n");
	block("virtual/nvme-subsystem/nvme-subsys2/nvme2n1", "nvme2n1", NULL);
	attr("devices/virtual/nvme-subsystem/nvme-subsys2/nvme2n1", "nsid", "1\n");
	dev("devices/virtual/nvme-fabrics/ctl/nvme2", "nvme");
	lnk("class/nvme/nvme2", "../../devices/virtual/nvme-fabrics/ctl/nvme2");
}

static void test_nvme(void)
{
	nvme_tree();
	CHECK_STR("nvme/disk", names_of("nvme0n1"),
		  "by-id/nvme-" WWID1 "|by-id/nvme-QEMU_NVMe_Ctrl_NVME-SER.01|"
		  "by-id/nvme-QEMU_NVMe_Ctrl_NVME-SER.01_1|by-path/pci-0000:00:07.0-nvme-1");
	CHECK_STR("nvme/partition", names_of("nvme0n1p1"),
		  "by-id/nvme-" WWID1 "-part1|by-id/nvme-QEMU_NVMe_Ctrl_NVME-SER.01-part1|"
		  "by-id/nvme-QEMU_NVMe_Ctrl_NVME-SER.01_1-part1|"
		  "by-path/pci-0000:00:07.0-nvme-1-part1");
	/* string_escape=replace: every blank and the slash become '_', unsqueezed. */
	CHECK_STR("nvme/multipath", names_of("nvme1n2"),
		  "by-id/nvme-eui.0011223344556677|by-id/nvme-Odd__Model_X_NVME-SUB|"
		  "by-id/nvme-Odd__Model_X_NVME-SUB_2|by-path/pci-0000:00:0a.0-nvme-2");
	CHECK_STR("nvme/fabrics-no-path", names_of("nvme2n1"),
		  "by-id/nvme-Linux_FAB|by-id/nvme-Linux_FAB_1");
}

/* -- AHCI ------------------------------------------------------------------------ */

/* VPD page 0x89 with IDENTIFY strings (two characters a word, high byte
 * first) and a WWN in words 108-111. */
static void ata_page(const char *name, const char *model, const char *serial,
		     unsigned long long wwn)
{
	unsigned char p[572] = { 0, 0x89, 0x02, 0x38 };
	unsigned char *id = p + 60;

	memset(id + 20, ' ', 20);
	memset(id + 54, ' ', 40);
	for (size_t k = 0; k < strlen(serial); k++)
		id[20 + (k ^ 1)] = (unsigned char)serial[k];
	for (size_t k = 0; k < strlen(model); k++)
		id[54 + (k ^ 1)] = (unsigned char)model[k];
	for (int w = 0; w < 4; w++) {
		unsigned v = (unsigned)(wwn >> (48 - 16 * w)) & 0xffff;

		id[216 + 2 * w] = (unsigned char)(v & 0xff);
		id[217 + 2 * w] = (unsigned char)(v >> 8);
	}
	page(name, "vpd_pg89", p, sizeof(p));
}

#define AHCI	PCI "0000:00:08.0"

static void ata_tree(void)
{
	dev("devices/" AHCI, "pci");
	dev("devices/" AHCI "/ata1", NULL);
	dev("devices/" AHCI "/ata1/ata_port/ata1", "ata_port");
	attr("devices/" AHCI "/ata1/ata_port/ata1", "port_no", "1\n");
	lnk("class/ata_port/ata1", "../../devices/" AHCI "/ata1/ata_port/ata1");
	scsi_disk(AHCI "/ata1", "0:0:0:0", "sdd", "ATA     \n", "QEMU HARDDISK   \n");
	ata_page("sdd", "QEMU HARDDISK", "ATA-SER0", 0);
	dev("devices/" AHCI "/ata2", NULL);
	dev("devices/" AHCI "/ata2/ata_port/ata2", "ata_port");
	attr("devices/" AHCI "/ata2/ata_port/ata2", "port_no", "2\n");
	lnk("class/ata_port/ata2", "../../devices/" AHCI "/ata2/ata_port/ata2");
	scsi_disk(AHCI "/ata2", "1:0:0:0", "sde", "ATA     \n", "Odd  Model/X    \n");
	ata_page("sde", "Odd  Model/X", "ATA SER 1", 0x5000c500a1b2c3d4ULL);
	block(AHCI "/ata2/host1/target1:0:0/1:0:0:0/block/sde/sde1", "sde1", "1\n");
	/* Behind a port multiplier (bus 1), no serial, a WWN not of NAA 5. */
	dev("devices/" AHCI "/ata3", NULL);
	dev("devices/" AHCI "/ata3/ata_port/ata3", "ata_port");
	attr("devices/" AHCI "/ata3/ata_port/ata3", "port_no", "3\n");
	lnk("class/ata_port/ata3", "../../devices/" AHCI "/ata3/ata_port/ata3");
	scsi_disk(AHCI "/ata3", "2:1:0:0", "sdn", "ATA     \n", "PMP DISK        \n");
	ata_page("sdn", "PMP DISK", "", 0x6000000000000001ULL);
	/* No page 0x89 (older kernels): no by-id, by-path still. */
	dev("devices/" AHCI "/ata4", NULL);
	dev("devices/" AHCI "/ata4/ata_port/ata4", "ata_port");
	attr("devices/" AHCI "/ata4/ata_port/ata4", "port_no", "4\n");
	lnk("class/ata_port/ata4", "../../devices/" AHCI "/ata4/ata_port/ata4");
	scsi_disk(AHCI "/ata4", "3:0:0:0", "sdo", "ATA     \n", "OLD DISK        \n");
}

static void test_ata(void)
{
	ata_tree();
	CHECK_STR("ata/disk", names_of("sdd"),
		  "by-id/ata-QEMU_HARDDISK_ATA-SER0|by-path/pci-0000:00:08.0-ata-1.0|"
		  "by-path/pci-0000:00:08.0-ata-1");
	/* udev: ata-Odd_Model_X_ATA_SER_1, wwn-0x5000c500a1b2c3d4 (t-udev-diff.sh's sde). */
	CHECK_STR("ata/odd-model-wwn", names_of("sde"),
		  "by-id/ata-Odd_Model_X_ATA_SER_1|by-id/wwn-0x5000c500a1b2c3d4|"
		  "by-path/pci-0000:00:08.0-ata-2.0|by-path/pci-0000:00:08.0-ata-2");
	CHECK_STR("ata/partition", names_of("sde1"),
		  "by-id/ata-Odd_Model_X_ATA_SER_1-part1|by-id/wwn-0x5000c500a1b2c3d4-part1|"
		  "by-path/pci-0000:00:08.0-ata-2.0-part1|by-path/pci-0000:00:08.0-ata-2-part1");
	CHECK_STR("ata/port-multiplier", names_of("sdn"),
		  "by-id/ata-PMP_DISK|by-path/pci-0000:00:08.0-ata-3.1.0|by-path/pci-0000:00:08.0-ata-3");
	CHECK_STR("ata/no-page89", names_of("sdo"),
		  "by-path/pci-0000:00:08.0-ata-4.0|by-path/pci-0000:00:08.0-ata-4");
}

/* -- what is not derived ----------------------------------------------------------- */

static void test_not_derived(void)
{
	static const unsigned char pg83[] = "\x00\x83\x00\x08\x02\x00\x00\x04" "abcd";

	/* USB mass storage: usb_id's names and path_id's usb- part are not derived. */
	dev("devices/" PCI "0000:00:14.0", "pci");
	dev("devices/" PCI "0000:00:14.0/usb1", "usb");
	dev("devices/" PCI "0000:00:14.0/usb1/1-1", "usb");
	dev("devices/" PCI "0000:00:14.0/usb1/1-1/1-1:1.0", "usb");
	scsi_disk(PCI "0000:00:14.0/usb1/1-1/1-1:1.0", "6:0:0:0", "sdf", "Kingston\n", "DataTraveler 3.0\n");
	page("sdf", "vpd_pg83", pg83, sizeof(pg83) - 1);
	CHECK_STR("none/usb", names_of("sdf"), "");
	/* A partition udev ignores (whole_disk), a loop device, an MMC card. */
	block(SCSI_BASE "/host0/target0:0:0/0:0:0:0/block/sda/sda9", "sda9", "9\n");
	attr("devices/" SCSI_BASE "/host0/target0:0:0/0:0:0:0/block/sda/sda9", "whole_disk", "");
	CHECK_STR("none/whole-disk", names_of("sda9"), "error -95");
	block("virtual/block/loop0", "loop0", NULL);
	CHECK_STR("none/loop", names_of("loop0"), "");
	dev("devices/platform/fe340000.mmc", "platform");
	block("platform/fe340000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0", "mmcblk0", NULL);
	CHECK_STR("none/mmc", names_of("mmcblk0"), "");
}

/* -- udev's character rules, on hand-made attributes -------------------------------- */

static const char *virtio_name(const char *serial)
{
	static char joined[DISKID_NAMES];
	struct diskid_attrs a;
	char out[DISKID_NAMES];

	memset(&a, 0, sizeof(a));
	strcpy(a.kname, "vda");
	snprintf(a.serial, sizeof(a.serial), "%s", serial);
	if (diskid_names(&a, NULL, out, sizeof(out)) != 1)
		return "(not one name)";
	snprintf(joined, sizeof(joined), "%s", out);
	return joined;
}

static void test_chars(void)
{
	struct diskid_attrs a;
	char small[40], list[64];
	static const char names[] = "by-id/a\0by-path/b-part1\0";

	CHECK_STR("chars/plain-punct", virtio_name("#+-.:=@_"), "by-id/virtio-#+-.:=@_");
	CHECK_STR("chars/blank-runs", virtio_name("\t a \t\n b  "), "by-id/virtio-a_b");
	CHECK_STR("chars/input-set-then-link-set", virtio_name("a$b%c?d,e"), "by-id/virtio-a_b_c_d_e");
	CHECK_STR("chars/hex-escape-kept", virtio_name("a\\x41"), "by-id/virtio-a\\x41");
	CHECK_STR("chars/lone-backslash", virtio_name("a\\b"), "by-id/virtio-a_b");
	CHECK_STR("chars/quote-star", virtio_name("x\"*'"), "by-id/virtio-x___");
	CHECK_STR("chars/utf8-2-3-4", virtio_name("\xc3\xa9\xe2\x82\xac\xf0\x9f\x92\xbe"),
		  "by-id/virtio-\xc3\xa9\xe2\x82\xac\xf0\x9f\x92\xbe");
	CHECK_STR("chars/utf8-noncharacter", virtio_name("a\xef\xbf\xbe"), "by-id/virtio-a___");
	CHECK_STR("chars/utf8-fdd0", virtio_name("a\xef\xb7\x90"), "by-id/virtio-a___");
	CHECK_STR("chars/utf8-surrogate", virtio_name("a\xed\xa0\x80"), "by-id/virtio-a___");
	CHECK_STR("chars/utf8-overlong", virtio_name("a\xc0\xaf"), "by-id/virtio-a__");
	CHECK_STR("chars/utf8-truncated", virtio_name("a\xc3"), "by-id/virtio-a_");
	CHECK_STR("chars/utf8-beyond-10ffff", virtio_name("a\xf4\x90\x80\x80"), "by-id/virtio-a____");
	/* $attr turns a vertical tab into a blank, which is then trimmed. */
	CHECK_STR("chars/leading-vtab", virtio_name("\va\v"), "by-id/virtio-a");

	/* Out of room: what does not fit is left out, the list stays whole. */
	memset(&a, 0, sizeof(a));
	strcpy(a.kname, "vda");
	strcpy(a.serial, "0123456789");
	CHECK_INT("room/none", diskid_names(&a, NULL, small, 20), 0);
	CHECK_INT("room/none-terminated", small[0], 0);
	CHECK_INT("room/one", diskid_names(&a, "1", small, sizeof(small)), 1);
	CHECK_STR("room/one-name", small, "by-id/virtio-0123456789-part1");
	memset(a.serial, 'x', sizeof(a.serial) - 1);
	CHECK_INT("room/long-name-left-out", diskid_names(&a, NULL, list, sizeof(list)), 0);

	CHECK_INT("has/by-id", diskid_has(names, "by-id", "a"), 1);
	CHECK_INT("has/by-path", diskid_has(names, "by-path", "b-part1"), 1);
	CHECK_INT("has/wrong-dir", diskid_has(names, "by-path", "a"), 0);
	CHECK_INT("has/prefix-only", diskid_has(names, "by-path", "b"), 0);
	CHECK_INT("has/full", diskid_has(names, NULL, "by-path/b-part1"), 1);
	CHECK_INT("has/empty", diskid_has("", "by-id", "a"), 0);
	diskid_list(names, list, sizeof(list));
	CHECK_STR("list", list, " by-id/a by-path/b-part1");
	diskid_list(names, small, 12);
	CHECK_STR("list-cut", small, " by-id/a by");
}

int main(void)
{
	snprintf(root, sizeof(root), "build/tests/diskid-sysfs.%d", (int)getpid());
	rm_tree(root);
	if (mkdir(root, 0755) < 0) {
		printf("not ok diskid-tree - cannot create %s\n", root);
		return 1;
	}
	test_virtio();
	test_scsi();
	test_nvme();
	test_ata();
	test_not_derived();
	test_chars();
	rm_tree(root);
	return CHECK_EXIT();
}
