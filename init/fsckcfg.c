/* fsckcfg.c: systemd's fsck.mode= and fsck.repair= for /init, the argv of
 * the checker and what its exit status means. Pure. */
#include <string.h>

#include "fsckcfg.h"

static int pick(const char *val, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (val && strcmp(val, names[i]) == 0)
			return i;
	return -1;
}

int take_fsck_word(struct fsck_cfg *cfg, const char *key, const char *val)
{
	static const char *const modes[] = { [FSCK_MODE_AUTO] = "auto",
		[FSCK_MODE_FORCE] = "force", [FSCK_MODE_SKIP] = "skip" };
	static const char *const repairs[] = { [FSCK_REPAIR_PREEN] = "preen",
		[FSCK_REPAIR_YES] = "yes", [FSCK_REPAIR_NO] = "no" };
	int i;

	if (strcmp(key, "fsck.mode") == 0) {
		i = pick(val, modes, 3);
		if (i < 0)
			cfg->bad = key;
		else
			cfg->mode = (enum fsck_mode)i;
		return 1;
	}
	if (strcmp(key, "fsck.repair") == 0) {
		i = pick(val, repairs, 3);
		if (i < 0)
			cfg->bad = key;
		else
			cfg->repair = (enum fsck_repair)i;
		return 1;
	}
	return 0;
}

int fsck_argv(const struct fsck_cfg *cfg, const char *prog, int generic, const char *type,
	      const char *dev, const char **argv)
{
	static const char *const repair_flag[] = { [FSCK_REPAIR_PREEN] = "-a",
		[FSCK_REPAIR_YES] = "-y", [FSCK_REPAIR_NO] = "-n" };
	int n = 0;

	argv[n++] = prog;
	if (generic) {
		/* fsck(8) itself: no title line, this type's checker only. */
		argv[n++] = "-T";
		argv[n++] = "-t";
		argv[n++] = type;
	}
	argv[n++] = repair_flag[cfg->repair];
	if (cfg->mode == FSCK_MODE_FORCE)
		argv[n++] = "-f";
	argv[n++] = dev;
	argv[n] = NULL;
	return n;
}

enum fsck_verdict fsck_verdict(int status)
{
	if (status < 0 || status >= 4)
		return FSCK_FAILED;
	if (status & 2)
		return FSCK_REBOOT;
	return status & 1 ? FSCK_FIXED : FSCK_CLEAN;
}
