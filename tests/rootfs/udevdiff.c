/* udevdiff.c: the real root's /sbin/init for tests/qemu/t-udev-diff.sh.
 *
 * baton hands over to this program with the /dev/disk links it derived
 * itself. It reports them, removes /dev/disk, runs the root's own udev
 * (Debian 12's systemd-udevd and udevadm, copied into the image by the
 * test) over every device, reports udev's links, and powers off. One line
 * each, on stdout (baton's /dev/console):
 *
 *   SYSFS <name> <attribute>=<value, bytes outside 0x21..0x7e as \xNN>
 *                (only with "udevdiff.sysfs" on the kernel command line)
 *   BATON <dir>/<name> <target>     every link under /dev/disk/by-id and
 *   UDEV <dir>/<name> <target>      by-path (subdirectories included)
 *   UDEVDIFF-DONE rc=<status of udevadm settle>
 *
 * The test compares the two sets; this program only reports. Static, so
 * it needs nothing from the root but udev's own files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define UDEVD	"/lib/systemd/systemd-udevd"
#define UDEVADM	"/bin/udevadm"

/* Every link under dir (relative names from base), recursively. */
static void list_links(const char *tag, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[4096], name[2048], target[4096];
		struct stat st;
		ssize_t n;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(name, sizeof(name), "%s/%s", rel, e->d_name);
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			list_links(tag, path, name);
			continue;
		}
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		printf("%s %s %s\n", tag, name, target);
	}
	closedir(d);
	fflush(stdout);
}

static void report(const char *tag)
{
	list_links(tag, "/dev/disk/by-id", "by-id");
	list_links(tag, "/dev/disk/by-path", "by-path");
}

/* rm -r, never following links out of the tree. */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char path[4096];
			struct stat st;

			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
				remove_tree(path);
			else
				unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

static int run(const char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(argv[0], (char *const *)argv);	/* never written to */
		fprintf(stderr, "udevdiff: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* One attribute of a block device, every odd byte escaped. */
static void dump_attr(const char *name, const char *attr)
{
	char path[512], out[4096];
	unsigned char buf[1024];
	size_t o = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	for (ssize_t i = 0; i < n && o + 5 < sizeof(out); i++) {
		if (buf[i] > 0x20 && buf[i] < 0x7f && buf[i] != '\\')
			out[o++] = (char)buf[i];
		else
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\x%02x", buf[i]);
	}
	out[o] = '\0';
	printf("SYSFS %s %s=%s\n", name, attr, out);
}

static void dump_sysfs(void)
{
	static const char *const attrs[] = {
		"serial", "wwid", "nsid", "device/serial", "device/model", "device/vendor",
		"device/vpd_pg80", "device/vpd_pg83", "device/vpd_pg89", "device/wwid",
	};
	DIR *d = opendir("/sys/class/block");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[512], target[1024];
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/block/%s", e->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		printf("SYSFS %s path=%s\n", e->d_name, target);
		for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
			dump_attr(e->d_name, attrs[i]);
	}
	closedir(d);
	fflush(stdout);
}

static int cmdline_has(const char *word)
{
	char buf[4096];
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strstr(buf, word) != NULL;
}

int main(void)
{
	const char *const udevd[] = { UDEVD, "--daemon", "--resolve-names=never", NULL };
	const char *const subsystems[] = { UDEVADM, "trigger", "--type=subsystems", "--action=add", NULL };
	const char *const devices[] = { UDEVADM, "trigger", "--type=devices", "--action=add", NULL };
	const char *const settle[] = { UDEVADM, "settle", "--timeout=120", NULL };
	int st;

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);	/* EBUSY if baton moved it */
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("tmpfs", "/run", "tmpfs", 0, "mode=0755");
	setenv("SYSTEMD_LOG_LEVEL", "err", 1);
	setenv("PATH", "/bin:/sbin:/lib/udev", 1);
	if (cmdline_has("udevdiff.sysfs"))
		dump_sysfs();
	report("BATON");
	remove_tree("/dev/disk");
	if (run(udevd) != 0)
		printf("udevdiff: %s did not start\n", UDEVD);
	run(subsystems);
	run(devices);
	st = run(settle);
	report("UDEV");
	printf("UDEVDIFF-DONE rc=%d\n", st);
	fflush(stdout);
	sync();
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
