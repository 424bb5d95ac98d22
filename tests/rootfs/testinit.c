/* testinit.c: the real root's /sbin/init for baton's qemu tests.
 *
 * baton hands over to this program after switch_root. It reports what it
 * was given, one line each, on fd 1 (which baton must have opened on
 * /dev/console), and powers the machine off so qemu (-no-reboot) exits:
 *
 *   REAL-INIT-REACHED uptime=<first field of /proc/uptime>
 *   ARGV <argv joined by spaces>
 *   FDS 0=<readlink /proc/self/fd/0> 1=... 2=...
 *   PID <getpid()>
 *   ROOTINFO <the line of /proc/mounts whose mount point is />
 *   RUNINFO <the line of /proc/mounts for /run, or "(none)">
 *   USRINFO <the line of /proc/mounts for /usr, or "(none)">
 *   DISKDIRS <names in /dev/disk joined by spaces, sorted>
 *   MOUNTS <mount points of /proc/mounts joined by spaces>
 *   CMDLINE <contents of /proc/cmdline>
 *   ROOTFILES <names in / joined by spaces, sorted>
 *   DEVLINKS <by-uuid/NAME=TARGET ... for every /dev/disk/by-* link>
 *            (by-uuid, by-label, by-partuuid, by-partlabel, by-id, by-path)
 *   DMNAMES <dm-N=NAME ... for every device-mapper device, sorted>
 *            (which LUKS mappings and LVs the initramfs set up)
 *   ENV <environment joined by spaces>
 *   TESTINIT-DONE
 *
 * testinit.tty=NAME on the kernel command line copies the report to
 * /dev/NAME too (for boots whose console is not the serial port).
 *
 * testinit.hibernate=/dev/SWAP first turns that swap on and hibernates to
 * it (powering off), printing
 *   HIBERNATING marker=<random uuid> pid=<pid>
 * and, when a later boot resumes the image, the same process goes on with
 *   RESUMED marker=<the same uuid> pid=<pid>
 * before the report above (HIBERNATE-FAILED <why> if the kernel refused).
 *
 * /proc and /sys are mounted unless already there (baton may have moved
 * its own mounts onto the new root). If fd 1 cannot be written the lines go
 * to /dev/console and /dev/kmsg instead, so a broken hand-over still leaves
 * a trace. Run as anything but PID 1 it prints a warning and exits instead
 * of powering off (so it can be tried on a host).
 *
 * The qemu harness also uses it as the /init of a throwaway initramfs, to
 * prove kernel + qemu + this program work without baton.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/swap.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define LINE_MAX_LEN	8192

static int stdout_bad;		/* fd 1 failed a write: use the fallbacks */
static int mirror_console;	/* fd 1 is not the console: copy lines there */
static int console_fd = -1;
static int kmsg_fd = -1;

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int open_dev(const char *path, int major_, int minor_)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && getpid() == 1) {
		/* The real root may have no such node: make one if we can
		 * (only as PID 1: never litter a host's /dev). */
		if (mknod(path, S_IFCHR | 0600, makedev(major_, minor_)) == 0)
			fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	}
	return fd;
}

static void open_fallbacks(void)
{
	if (console_fd < 0)
		console_fd = open_dev("/dev/console", 5, 1);
	if (kmsg_fd < 0 && stdout_bad)
		kmsg_fd = open_dev("/dev/kmsg", 1, 11);
}

/* One report line (s without its newline) to every place it must go. */
static void out(const char *s)
{
	char buf[LINE_MAX_LEN + 32];
	size_t n = strlen(s);

	if (n > LINE_MAX_LEN)
		n = LINE_MAX_LEN;
	memcpy(buf, s, n);
	buf[n] = '\n';

	if (!stdout_bad && write_all(1, buf, n + 1) < 0) {
		stdout_bad = 1;
		open_fallbacks();
		if (console_fd >= 0) {
			static const char m[] = "testinit: fd 1 is not writable; "
				"writing to /dev/console and /dev/kmsg\n";
			write_all(console_fd, m, sizeof(m) - 1);
		}
	}
	if ((stdout_bad || mirror_console) && console_fd >= 0)
		write_all(console_fd, buf, n + 1);
	if (stdout_bad && kmsg_fd >= 0) {
		/* One record per write; the kernel adds the newline. */
		char kbuf[LINE_MAX_LEN + 32];
		int k = snprintf(kbuf, sizeof(kbuf), "<5>testinit: %.*s", (int)n, s);
		if (k > 0)
			write_all(kmsg_fd, kbuf, (size_t)k < sizeof(kbuf) ? (size_t)k : sizeof(kbuf) - 1);
	}
}

/* Reads a small file into buf (NUL-terminated); returns its length or -1. */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		ssize_t r = read(fd, buf + len, size - 1 - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* Appends src to dst (capacity size), with a space before it unless first. */
static void join(char *dst, size_t size, const char *src)
{
	size_t n = strlen(dst);
	if (n + 1 >= size)
		return;
	snprintf(dst + n, size - n, "%s%s", n && dst[n - 1] != ' ' ? " " : "", src);
}

static char mounts_buf[65536];

static void load_mounts(void)
{
	if (read_file("/proc/mounts", mounts_buf, sizeof(mounts_buf)) < 0)
		mounts_buf[0] = '\0';
}

/* Is something mounted at mp according to /proc/mounts? */
static int mounted_at(const char *mp)
{
	const char *p = mounts_buf;
	size_t mlen = strlen(mp);

	while (*p) {
		const char *eol = strchr(p, '\n');
		const char *sp = strchr(p, ' ');
		if (!eol)
			eol = p + strlen(p);
		if (sp && sp < eol && strncmp(sp + 1, mp, mlen) == 0 && sp[1 + mlen] == ' ')
			return 1;
		p = *eol ? eol + 1 : eol;
	}
	return 0;
}

static void ensure_mounts(void)
{
	struct stat st;

	/* /proc first: without it we cannot ask what else is mounted. */
	if (stat("/proc/self/mountinfo", &st) != 0) {
		mkdir("/proc", 0555);
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0 &&
		    errno != EBUSY) {
			char msg[128];
			snprintf(msg, sizeof(msg), "testinit: mount /proc: %s", strerror(errno));
			out(msg);
		}
	}
	load_mounts();
	if (!mounted_at("/sys")) {
		mkdir("/sys", 0555);
		if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0 &&
		    errno != EBUSY) {
			char msg[128];
			snprintf(msg, sizeof(msg), "testinit: mount /sys: %s", strerror(errno));
			out(msg);
		}
		load_mounts();
	}
}

static void fd_target(int fd, char *dst, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, dst, size - 1);
	if (n < 0) {
		snprintf(dst, size, errno == ENOENT ? "(closed)" : "(error:%s)", strerror(errno));
		return;
	}
	dst[n] = '\0';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void report_rootfiles(char *line, size_t size)
{
	static char names[16384];
	char *ptrs[512];
	size_t used = 0, n = 0, i;
	DIR *d = opendir("/");
	struct dirent *e;

	snprintf(line, size, "ROOTFILES");
	if (!d) {
		join(line, size, "(opendir failed)");
		return;
	}
	while ((e = readdir(d)) != NULL && n < sizeof(ptrs) / sizeof(ptrs[0])) {
		size_t l = strlen(e->d_name);
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (used + l + 1 > sizeof(names))
			break;
		memcpy(names + used, e->d_name, l + 1);
		ptrs[n++] = names + used;
		used += l + 1;
	}
	closedir(d);
	qsort(ptrs, n, sizeof(ptrs[0]), cmp_str);
	for (i = 0; i < n; i++)
		join(line, size, ptrs[i]);
}

/* DEVLINKS by-uuid/NAME=TARGET ...: the /dev/disk links found at hand-over. */
static void report_devlinks(char *line, size_t size)
{
	static const char *const dirs[] = { "by-uuid", "by-label", "by-partuuid", "by-partlabel",
					    "by-id", "by-path" };
	size_t i;

	snprintf(line, size, "DEVLINKS");
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char dir[64], path[512], target[256], item[1024];
		DIR *d;
		struct dirent *e;

		snprintf(dir, sizeof(dir), "/dev/disk/%s", dirs[i]);
		d = opendir(dir);
		if (!d)
			continue;
		while ((e = readdir(d)) != NULL) {
			ssize_t l;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			l = readlink(path, target, sizeof(target) - 1);
			if (l < 0)
				continue;
			target[l] = '\0';
			snprintf(item, sizeof(item), "%s/%s=%s", dirs[i], e->d_name, target);
			join(line, size, item);
		}
		closedir(d);
	}
}

/* DMNAMES dm-0=NAME ...: the device-mapper devices at hand-over, from
 * /sys/block/dm-N/dm/name, sorted by name. */
static void report_dmnames(char *line, size_t size)
{
	char *items[64];
	int n = 0;
	DIR *d = opendir("/sys/block");
	struct dirent *e;

	snprintf(line, size, "DMNAMES");
	if (!d)
		return;
	while ((e = readdir(d)) != NULL && n < 64) {
		char path[300], name[160], item[300 + 160];

		if (strncmp(e->d_name, "dm-", 3) != 0)
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/dm/name", e->d_name);
		if (read_file(path, name, sizeof(name)) < 0)
			continue;
		chomp(name);
		snprintf(item, sizeof(item), "%s=%s", e->d_name, name);
		items[n++] = strdup(item);
	}
	closedir(d);
	qsort(items, (size_t)n, sizeof(items[0]), cmp_str);
	for (int i = 0; i < n; i++)
		join(line, size, items[i]);
}

/* PREFIX followed by the last /proc/mounts line whose mount point is mp. */
static void report_mount(char *line, size_t size, const char *prefix, const char *mp)
{
	const char *p = mounts_buf, *hit = NULL;
	size_t mpl = strlen(mp), hitlen = 0;

	while (*p) {
		const char *eol = strchr(p, '\n'), *sp = strchr(p, ' ');

		if (!eol)
			eol = p + strlen(p);
		if (sp && sp + mpl + 1 < eol && strncmp(sp + 1, mp, mpl) == 0 && sp[mpl + 1] == ' ') {
			hit = p;
			hitlen = (size_t)(eol - p);
		}
		p = *eol ? eol + 1 : eol;
	}
	if (hit)
		snprintf(line, size, "%s %.*s", prefix, (int)hitlen, hit);
	else
		snprintf(line, size, "%s (none)", prefix);
}

/* DISKDIRS: the names in /dev/disk, sorted (empty by-* directories show). */
static void report_diskdirs(char *line, size_t size)
{
	char *names[16];
	int n = 0;
	DIR *d = opendir("/dev/disk");
	struct dirent *e;

	snprintf(line, size, "DISKDIRS");
	if (!d)
		return;
	while ((e = readdir(d)) != NULL && n < 16)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
	for (int i = 0; i < n; i++)
		join(line, size, names[i]);
}

static int write_str(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/* testinit.hibernate=/dev/SWAP: hibernate, and say so when resumed. */
static void hibernate_from_cmdline(void)
{
	char buf[4096], swap[64], marker[64], line[256];
	const char *p;
	size_t n;

	if (read_file("/proc/cmdline", buf, sizeof(buf)) < 0)
		return;
	p = strstr(buf, "testinit.hibernate=");
	if (!p)
		return;
	p += strlen("testinit.hibernate=");
	n = strcspn(p, " \n");
	snprintf(swap, sizeof(swap), "%.*s", (int)n, p);
	if (read_file("/proc/sys/kernel/random/uuid", marker, sizeof(marker)) < 0)
		snprintf(marker, sizeof(marker), "unknown");
	chomp(marker);
	if (swapon(swap, 0) < 0) {
		snprintf(line, sizeof(line), "HIBERNATE-FAILED swapon %s: %s", swap, strerror(errno));
		out(line);
		return;
	}
	snprintf(line, sizeof(line), "HIBERNATING marker=%s pid=%d", marker, (int)getpid());
	out(line);
	/* Power off once the image is written, so qemu exits. */
	if (write_str("/sys/power/disk", "shutdown") < 0 || write_str("/sys/power/state", "disk") < 0) {
		snprintf(line, sizeof(line), "HIBERNATE-FAILED %s", strerror(errno));
		out(line);
		return;
	}
	snprintf(line, sizeof(line), "RESUMED marker=%s pid=%d", marker, (int)getpid());
	out(line);
}

/* testinit.tty=NAME on the kernel command line: copy the report to
 * /dev/NAME as well, for boots whose console is elsewhere (console=null). */
static void tty_from_cmdline(void)
{
	char buf[4096], path[64];
	const char *p;
	size_t n;
	int fd;

	if (read_file("/proc/cmdline", buf, sizeof(buf)) < 0)
		return;
	p = strstr(buf, "testinit.tty=");
	if (!p)
		return;
	p += strlen("testinit.tty=");
	n = strcspn(p, " \n");
	snprintf(path, sizeof(path), "/dev/%.*s", (int)n, p);
	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (console_fd >= 0)
		close(console_fd);
	console_fd = fd;
	mirror_console = 1;
}

int main(int argc, char **argv, char **envp)
{
	static char line[LINE_MAX_LEN];
	char buf[4096], t0[256], t1[256], t2[256];
	pid_t pid = getpid();
	int i;

	/* As PID 1, is fd 1 the console? If not, mirror the report there
	 * too, so a wrong hand-over is visible rather than silent. */
	ensure_mounts();
	fd_target(1, t1, sizeof(t1));
	if (pid == 1 && strcmp(t1, "/dev/console") != 0 && strncmp(t1, "/dev/tty", 8) != 0) {
		mirror_console = 1;
		open_fallbacks();
	}
	tty_from_cmdline();
	hibernate_from_cmdline();

	if (read_file("/proc/uptime", buf, sizeof(buf)) > 0) {
		char *sp = strchr(buf, ' ');
		if (sp)
			*sp = '\0';
		chomp(buf);
	} else {
		snprintf(buf, sizeof(buf), "unknown");
	}
	snprintf(line, sizeof(line), "REAL-INIT-REACHED uptime=%s", buf);
	out(line);

	snprintf(line, sizeof(line), "ARGV");
	for (i = 0; i < argc; i++)
		join(line, sizeof(line), argv[i]);
	out(line);

	fd_target(0, t0, sizeof(t0));
	fd_target(2, t2, sizeof(t2));
	snprintf(line, sizeof(line), "FDS 0=%s 1=%s 2=%s", t0, t1, t2);
	out(line);

	snprintf(line, sizeof(line), "PID %d", (int)pid);
	out(line);

	report_devlinks(line, sizeof(line));
	out(line);
	report_dmnames(line, sizeof(line));
	out(line);
	report_diskdirs(line, sizeof(line));
	out(line);
	report_mount(line, sizeof(line), "RUNINFO", "/run");
	out(line);
	report_mount(line, sizeof(line), "USRINFO", "/usr");
	out(line);

	{
		/* The last "/" line is the top one (the only one after a chroot). */
		const char *p = mounts_buf, *root = NULL;
		size_t rootlen = 0;
		char mps[LINE_MAX_LEN];

		snprintf(mps, sizeof(mps), "MOUNTS");
		while (*p) {
			const char *eol = strchr(p, '\n');
			const char *sp = strchr(p, ' '), *sp2;
			if (!eol)
				eol = p + strlen(p);
			if (sp && sp < eol) {
				sp2 = memchr(sp + 1, ' ', (size_t)(eol - sp - 1));
				if (sp2) {
					char mp[1024];
					size_t l = (size_t)(sp2 - sp - 1);
					if (l >= sizeof(mp))
						l = sizeof(mp) - 1;
					memcpy(mp, sp + 1, l);
					mp[l] = '\0';
					join(mps, sizeof(mps), mp);
					if (strcmp(mp, "/") == 0) {
						root = p;
						rootlen = (size_t)(eol - p);
					}
				}
			}
			p = *eol ? eol + 1 : eol;
		}
		if (root)
			snprintf(line, sizeof(line), "ROOTINFO %.*s", (int)rootlen, root);
		else
			snprintf(line, sizeof(line), "ROOTINFO (none: / not in /proc/mounts)");
		out(line);
		out(mps);
	}

	if (read_file("/proc/cmdline", buf, sizeof(buf)) >= 0) {
		chomp(buf);
		snprintf(line, sizeof(line), "CMDLINE %s", buf);
	} else {
		snprintf(line, sizeof(line), "CMDLINE (unreadable: %s)", strerror(errno));
	}
	out(line);

	report_rootfiles(line, sizeof(line));
	out(line);

	snprintf(line, sizeof(line), "ENV");
	for (i = 0; envp && envp[i]; i++)
		join(line, sizeof(line), envp[i]);
	out(line);

	out("TESTINIT-DONE");

	if (pid != 1) {
		snprintf(line, sizeof(line),
			 "testinit: WARNING: not PID 1 (pid %d): exiting instead of powering off",
			 (int)pid);
		out(line);
		return 0;
	}

	sync();
	reboot(RB_POWER_OFF);
	/* Still here: say why, then wait for the harness's timeout rather than
	 * exit (PID 1 exiting is a kernel panic, which would muddle the log). */
	snprintf(line, sizeof(line), "testinit: reboot(RB_POWER_OFF) failed: %s", strerror(errno));
	out(line);
	for (;;)
		pause();
}
