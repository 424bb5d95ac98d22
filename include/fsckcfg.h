/* fsckcfg.h: checking the root (and /usr) with the image's fsck before it is
 * mounted, as systemd-fsck does: fsck.mode=auto|force|skip and
 * fsck.repair=preen|yes|no (systemd's names). /init has no checker of its
 * own; without fsck.TYPE or fsck in the image nothing is checked. */
#ifndef BATON_FSCKCFG_H
#define BATON_FSCKCFG_H

enum fsck_mode { FSCK_MODE_AUTO, FSCK_MODE_FORCE, FSCK_MODE_SKIP };
enum fsck_repair { FSCK_REPAIR_PREEN, FSCK_REPAIR_YES, FSCK_REPAIR_NO };

struct fsck_cfg {
	enum fsck_mode mode;		/* default auto */
	enum fsck_repair repair;	/* default preen */
	const char *bad;		/* a value not understood, said at check time */
};

/* Takes fsck.mode= and fsck.repair=; a value not understood leaves the
 * earlier setting and is kept in cfg->bad. Returns 1 if the word was one
 * of these, else 0. Pure. */
int take_fsck_word(struct fsck_cfg *cfg, const char *key, const char *val);

/* The arguments after argv[0] for fsck.TYPE (or "fsck -T -t TYPE" when
 * generic) on dev: -a, -y or -n for the repair mode, -f when forced, then
 * dev. Fills argv (NULL-terminated, at most FSCK_ARGV_MAX entries with the
 * NULL) and returns the count. Pure. */
#define FSCK_ARGV_MAX	8
int fsck_argv(const struct fsck_cfg *cfg, const char *prog, int generic, const char *type,
	      const char *dev, const char **argv);

/* What fsck's exit status means (fsck(8)): 0 clean, bit 1 errors fixed,
 * bit 2 fixed but reboot now, 4 and above (or a signal, 128+N) errors left
 * or the check could not run. Pure. */
enum fsck_verdict { FSCK_CLEAN, FSCK_FIXED, FSCK_REBOOT, FSCK_FAILED };
enum fsck_verdict fsck_verdict(int status);

#endif
