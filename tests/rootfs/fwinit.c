/* fwinit.c: the real root's /sbin/init for the firmware-root qemu tests
 * (tests/qemu/t-firmware.sh). It does what the kernel command line's
 * fwinit.* words ask, in this order, one report line each on fd 1, then
 * powers off:
 *
 *   FWINIT-REACHED
 *   ROOTINFO <the /proc/mounts line of />
 *   MOUNTS <every mount point>
 *   fwinit.write=PATH:TEXT  writes TEXT to PATH, fsyncs, drops the page
 *                           cache, reads it back:
 *                           WRITE PATH ok TEXT | WRITE PATH failed <why>
 *   fwinit.cat=PATH         (repeatable) CAT PATH <first line> | CAT PATH error <why>
 *   fwinit.waitgone=NAME    WAITING-FOR-REMOVAL NAME, then waits (60 s at
 *                           most) until /sys/class/block/NAME is gone:
 *                           GONE NAME | STILL-THERE NAME
 *   fwinit.readall          drops the page cache, reads every regular file
 *                           under / (not /proc /sys /dev /run):
 *                           READALL files=N bytes=B errors=E [first error]
 *   FWINIT-DONE
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
#include <unistd.h>

static char cmdline[4096];
static long long files, bytes, errors;
static char first_error[512];

static void drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	sync();
	if (fd >= 0) {
		(void)!write(fd, "3\n", 2);
		close(fd);
	}
}

static void do_write(const char *arg)
{
	char path[256], text[256], back[256];
	const char *colon = strchr(arg, ':');
	int fd;
	ssize_t n;

	if (!colon || colon - arg >= (long)sizeof(path)) {
		printf("WRITE %s failed bad argument\n", arg);
		return;
	}
	memcpy(path, arg, (size_t)(colon - arg));
	path[colon - arg] = '\0';
	snprintf(text, sizeof(text), "%s", colon + 1);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || fsync(fd) < 0) {
		printf("WRITE %s failed %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	drop_caches();
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, back, sizeof(back) - 1);
	if (fd >= 0)
		close(fd);
	if (n < 0) {
		printf("WRITE %s failed reading back: %s\n", path, strerror(errno));
		return;
	}
	back[n] = '\0';
	printf("WRITE %s %s %s\n", path, strcmp(back, text) == 0 ? "ok" : "mismatch", back);
}

static void do_cat(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (n < 0)
		printf("CAT %s error %s\n", path, strerror(errno));
	else {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		printf("CAT %s %s\n", path, buf);
	}
	if (fd >= 0)
		close(fd);
}

static void do_waitgone(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/class/block/%s", name);
	printf("WAITING-FOR-REMOVAL %s\n", name);
	fflush(stdout);
	for (int i = 0; i < 600; i++) {
		if (access(path, F_OK) < 0) {
			printf("GONE %s\n", name);
			return;
		}
		usleep(100000);
	}
	printf("STILL-THERE %s\n", name);
}

static void note_error(const char *path, int err)
{
	errors++;
	if (!first_error[0])
		snprintf(first_error, sizeof(first_error), "%s: %s", path, strerror(err));
}

static void read_file(const char *path)
{
	static char buf[65536];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		note_error(path, errno);
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		bytes += n;
	if (n < 0)
		note_error(path, errno);
	files++;
	close(fd);
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		note_error(dir, errno);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", e->d_name);
		if (strcmp(path, "/proc") == 0 || strcmp(path, "/sys") == 0 ||
		    strcmp(path, "/dev") == 0 || strcmp(path, "/run") == 0)
			continue;
		if (lstat(path, &st) < 0) {
			note_error(path, errno);
			continue;
		}
		if (S_ISDIR(st.st_mode))
			walk(path);
		else if (S_ISREG(st.st_mode))
			read_file(path);
	}
	closedir(d);
}

static void report_mounts(void)
{
	FILE *f = fopen("/proc/mounts", "r");
	char line[512], all[4096] = "";

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char src[256], mnt[256];

		if (sscanf(line, "%255s %255s", src, mnt) != 2)
			continue;
		if (strcmp(mnt, "/") == 0)
			printf("ROOTINFO %s", line);
		if (strlen(all) + strlen(mnt) + 2 < sizeof(all)) {
			strcat(all, " ");
			strcat(all, mnt);
		}
	}
	fclose(f);
	printf("MOUNTS%s\n", all);
}

int main(void)
{
	char *w, *save = NULL;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	printf("FWINIT-REACHED\n");
	fd = open("/proc/cmdline", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, cmdline, sizeof(cmdline) - 1);

		cmdline[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	report_mounts();
	for (w = strtok_r(cmdline, " \n", &save); w; w = strtok_r(NULL, " \n", &save)) {
		if (strncmp(w, "fwinit.write=", 13) == 0)
			do_write(w + 13);
		else if (strncmp(w, "fwinit.cat=", 11) == 0)
			do_cat(w + 11);
		else if (strncmp(w, "fwinit.waitgone=", 16) == 0)
			do_waitgone(w + 16);
		else if (strcmp(w, "fwinit.readall") == 0) {
			drop_caches();
			walk("/");
			printf("READALL files=%lld bytes=%lld errors=%lld%s%s\n", files, bytes, errors,
			       first_error[0] ? " " : "", first_error);
		}
	}
	printf("FWINIT-DONE\n");
	fflush(stdout);
	sync();
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
