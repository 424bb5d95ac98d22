/* nsinit.c: baton's switch step, driven in a namespace test.
 *
 *   nsinit [--dry-run] NEWROOT [INIT [ARGS...]]
 *	The fake initramfs's /init (PID 1 of a pid namespace). Does what
 *	init/main.c does from step 7 on, with the real init/switchroot.c:
 *	find_init (INIT as init=, else the usual list), switch_root(NEWROOT),
 *	exec the init with ARGS (argv[0] = its path) and the environment.
 *	--dry-run: switch_root(NEWROOT, SWITCH_DRY_RUN), then checks that the
 *	mount table (/proc/self/mountinfo) did not change; no exec.
 *	Exit: 0 dry run fine, 2 usage, 10 no init, 11 switch_root failed,
 *	12 exec failed, 13 the dry run changed the mount table.
 *
 *   INIT --report [WORDS...]
 *	The real init's side: run as the new root's init, prints one line
 *	each to fd 1 and to /results/report (if /results exists):
 *	  REPORT pid=<pid>
 *	  FD0 <readlink /proc/self/fd/0>   (FD1, FD2; "closed" if not open)
 *	  NEWROOT-MARKER yes|no            (/etc/baton-newroot exists)
 *	  OLD-INIT yes|no                  (/init is visible)
 *	  MOUNT <mount point> <fstype>     (each line of /proc/self/mountinfo)
 *	  REPORT-END
 *	and exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bootcfg.h"
#include "log.h"
#include "sys.h"

#define MOUNTINFO_MAX (256 * 1024)

static struct bootcfg cfg;
static char mounts_before[MOUNTINFO_MAX], mounts_after[MOUNTINFO_MAX];

/* -- the real init's report ------------------------------------------------ */

static void say(FILE *f, const char *line)
{
	fputs(line, stdout);
	if (f)
		fputs(line, f);
}

static void report_fds(FILE *f)
{
	char path[32], target[512], line[600];

	for (int i = 0; i < 3; i++) {
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", i);
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			snprintf(target, sizeof(target), "closed");
		else
			target[n] = '\0';
		snprintf(line, sizeof(line), "FD%d %s\n", i, target);
		say(f, line);
	}
}

/* "MOUNT <point> <fstype>" for each mountinfo line: fields 5 and the one
 * after " - ". */
static void report_mounts(FILE *f)
{
	char line[4096], out[4200], point[2048], type[256];
	FILE *m = fopen("/proc/self/mountinfo", "r");

	if (!m) {
		say(f, "MOUNT unavailable\n");
		return;
	}
	while (fgets(line, sizeof(line), m)) {
		char *sep = strstr(line, " - ");

		if (sscanf(line, "%*s %*s %*s %*s %2047s", point) != 1 || !sep ||
		    sscanf(sep + 3, "%255s", type) != 1)
			continue;
		snprintf(out, sizeof(out), "MOUNT %s %s\n", point, type);
		say(f, out);
	}
	fclose(m);
}

static int report(void)
{
	FILE *f = fopen("/results/report", "w");
	char line[64];

	snprintf(line, sizeof(line), "REPORT pid=%d\n", (int)getpid());
	say(f, line);
	report_fds(f);
	say(f, access("/etc/baton-newroot", F_OK) == 0 ? "NEWROOT-MARKER yes\n" : "NEWROOT-MARKER no\n");
	say(f, access("/init", F_OK) == 0 ? "OLD-INIT yes\n" : "OLD-INIT no\n");
	report_mounts(f);
	say(f, "REPORT-END\n");
	fflush(stdout);
	if (f)
		fclose(f);
	return 0;
}

/* -- the /init side -------------------------------------------------------- */

static int dry_run(const char *newroot)
{
	ssize_t a, b;
	int err;

	a = read_text("/proc/self/mountinfo", mounts_before, sizeof(mounts_before));
	err = switch_root(newroot, SWITCH_DRY_RUN);
	b = read_text("/proc/self/mountinfo", mounts_after, sizeof(mounts_after));
	if (err < 0) {
		logerr(LOG_ERR, err, "nsinit: dry run of the switch to %s failed", newroot);
		return 11;
	}
	if (a < 0 || b < 0 || a != b || memcmp(mounts_before, mounts_after, (size_t)a) != 0) {
		logmsg(LOG_ERR, "nsinit: the dry run changed the mount table (or it is unreadable)");
		return 13;
	}
	logmsg(LOG_INFO, "nsinit: dry run done; mount table unchanged");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *newroot, *init;
	int dry = 0, i = 1, err;

	if (argc >= 2 && strcmp(argv[1], "--report") == 0)
		return report();
	if (i < argc && strcmp(argv[i], "--dry-run") == 0) {
		dry = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: nsinit [--dry-run] NEWROOT [INIT [ARGS...]] | nsinit --report\n");
		return 2;
	}
	newroot = argv[i++];
	cfg.init = i < argc ? argv[i] : NULL;
	/* As main.c: make sure there is an init before anything is deleted. */
	if (find_init(&cfg, newroot, &init) < 0)
		return 10;
	if (dry)
		return dry_run(newroot);
	err = switch_root(newroot, 0);
	if (err < 0) {
		logerr(LOG_ERR, err, "nsinit: switching to %s failed", newroot);
		return 11;
	}
	if (i >= argc)
		i = argc - 1;	/* no INIT given: argv[0] gets replaced below */
	argv[i] = (char *)init;
	logmsg(LOG_INFO, "handing over to %s", init);
	execve(init, argv + i, envp);
	logerr(LOG_EMERG, -errno, "exec %s failed after the switch", init);
	return 12;
}
