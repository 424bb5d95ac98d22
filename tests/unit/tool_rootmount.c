/* tool_rootmount.c: runs init/rootmount.c's root_mount on a real block
 * device, for tests/unit/t-rootmount.sh (root only).
 *
 *   tool_rootmount MAJ:MIN "CMDLINE" [TYPE]
 *
 * In a mount namespace of its own, on a private tmpfs it chroots into (so
 * /newroot, /dev and /proc are its own, never the host's): /dev/root made
 * as block device MAJ:MIN, /proc mounted for /proc/filesystems, CMDLINE
 * parsed as the kernel command line (rootfstype=, rootflags=, ro/rw),
 * TYPE as the probed filesystem type (none if absent). Prints
 *   RESULT <0 or -errno> <strerror>
 *   MOUNTED <fstype> <ro|rw>       (on success: /proc/self/mounts' view)
 * and the log lines root_mount wrote (fd 2: there is no /dev/kmsg). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "blockdev.h"
#include "bootcfg.h"
#include "sys.h"

static int die(const char *what)
{
	printf("SETUP %s: %s\n", what, strerror(errno));
	return 3;
}

static void show_mount(void)
{
	char line[512], dev[128], point[128], type[64], opts[256];
	FILE *f = fopen("/proc/self/mounts", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %127s %63s %255s", dev, point, type, opts) == 4 &&
		    strcmp(point, NEWROOT) == 0)
			printf("MOUNTED %s %s\n", type, strncmp(opts, "ro", 2) == 0 &&
			       (opts[2] == ',' || !opts[2]) ? "ro" : "rw");
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	static struct bootcfg cfg;
	static struct blockdev dev;
	char top[] = "/tmp/baton-rootmount.XXXXXX";
	unsigned maj, min;
	int rc;

	if (argc < 3 || sscanf(argv[1], "%u:%u", &maj, &min) != 2) {
		fprintf(stderr, "usage: tool_rootmount MAJ:MIN CMDLINE [TYPE]\n");
		return 2;
	}
	if (unshare(CLONE_NEWNS) < 0)
		return die("unshare(CLONE_NEWNS)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return die("making / private");
	if (!mkdtemp(top))
		return die("mkdtemp");
	if (mount("tmpfs", top, "tmpfs", 0, "mode=0755") < 0)
		return die("tmpfs");
	rmdir(top);	/* the mount holds it; nothing is left on the host */
	if (chdir(top) < 0 || mkdir("dev", 0755) < 0 || mkdir("proc", 0755) < 0 ||
	    mknod("dev/root", S_IFBLK | 0600, makedev(maj, min)) < 0 ||
	    mount("proc", "proc", "proc", 0, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0)
		return die("building the fake initramfs");
	bootcfg_parse(&cfg, argv[2]);
	strcpy(dev.name, "root");
	dev.devt = makedev(maj, min);
	if (argc > 3)
		snprintf(dev.id.type, sizeof(dev.id.type), "%s", argv[3]);
	fflush(stdout);
	rc = root_mount(&cfg, &dev);
	printf("RESULT %d %s\n", rc, rc ? strerror(-rc) : "ok");
	if (rc == 0) {
		show_mount();
		umount(NEWROOT);
	}
	return 0;
}
