/* modinit.c: the real root's /sbin/init for the module tests
 * (tests/qemu/t-modules.sh). After baton's hand-over it reports, one line
 * each, on fd 1:
 *
 *   REAL-INIT-REACHED uptime=<first field of /proc/uptime>
 *   ROOTINFO <the line of /proc/mounts whose mount point is />
 *   MODULES <loadable modules in /sys/module (those with an initstate),
 *            sorted, space separated>
 *   FILE <path> <first line of the file, or "(missing)">   for each argument
 *                                                         that is a path
 *   MODINIT-DONE
 *
 * and powers off (qemu runs with -no-reboot). /proc and /sys are mounted
 * unless baton moved its own there. Not PID 1: prints, then exits. */
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

static void first_line(const char *path, char *out, size_t n)
{
	FILE *f = fopen(path, "r");

	if (!f || !fgets(out, (int)n, f))
		snprintf(out, n, "(missing)");
	if (f)
		fclose(f);
	out[strcspn(out, "\n")] = '\0';
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void modules(void)
{
	static char names[1024][64];
	char *ptrs[1024], path[320];
	DIR *d = opendir("/sys/module");
	struct dirent *e;
	size_t n = 0;

	printf("MODULES");
	while (d && (e = readdir(d)) != NULL && n < 1024) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= 64)
			continue;
		snprintf(path, sizeof(path), "/sys/module/%s/initstate", e->d_name);
		if (access(path, F_OK) != 0)
			continue;	/* built in */
		strcpy(names[n], e->d_name);
		ptrs[n] = names[n];
		n++;
	}
	if (d)
		closedir(d);
	qsort(ptrs, n, sizeof(ptrs[0]), cmp);
	for (size_t i = 0; i < n; i++)
		printf(" %s", ptrs[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	char buf[4096];
	struct stat st;
	FILE *f;

	if (stat("/proc/self", &st) != 0)
		mount("proc", "/proc", "proc", 0, NULL);
	if (stat("/sys/module", &st) != 0)
		mount("sysfs", "/sys", "sysfs", 0, NULL);
	first_line("/proc/uptime", buf, sizeof(buf));
	buf[strcspn(buf, " ")] = '\0';
	printf("REAL-INIT-REACHED uptime=%s\n", buf);
	f = fopen("/proc/mounts", "r");
	while (f && fgets(buf, sizeof(buf), f)) {
		char *sp = strchr(buf, ' ');

		if (sp && strncmp(sp, " / ", 3) == 0) {
			printf("ROOTINFO %s", buf);
			break;
		}
	}
	if (f)
		fclose(f);
	modules();
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '/')
			continue;
		first_line(argv[i], buf, sizeof(buf));
		printf("FILE %s %s\n", argv[i], buf);
	}
	printf("MODINIT-DONE\n");
	fflush(stdout);
	if (getpid() != 1)
		return 0;
	sync();
	reboot(RB_POWER_OFF);
	printf("modinit: poweroff failed: %s\n", strerror(errno));
	for (;;)
		pause();
}
