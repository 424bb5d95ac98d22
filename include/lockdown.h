/* lockdown.h: what a build fixes that the command line cannot change
 * (make LOCKDOWN=1 ROOT= ROOTFSTYPE= ROOTFLAGS= INIT=), and the clean
 * hand-over to the real init. Pure (init/lockdown.c): the command-line
 * parser asks lockdown_word about every word before taking it, so a new
 * key is covered by adding it to one table there. */
#ifndef BATON_LOCKDOWN_H
#define BATON_LOCKDOWN_H

#include <stddef.h>

struct bootcfg;
struct buildpolicy;

#define LOCK_SAID_MAX	8	/* ignored words kept for the log */
#define HANDOVER_ENV_MAX 64	/* environment entries the real init gets */

/* The words of the command line a LOCKDOWN build did not take. */
struct lockdown_words {
	const char *key[LOCK_SAID_MAX];	/* ignored words, for the log */
	const char *val[LOCK_SAID_MAX];	/* their values, NULL for a bare word */
	int nsaid;
	int nignored;		/* every ignored word, said or not */
	const char *shell;	/* a word asking the real init for a shell
				 * (single, systemd.debug_shell, ...): the
				 * boot stops; NULL if none */
	char pin[1024];		/* the pinned root= value, rewritten by
				 * rootspec_parse, and ROOTFSTYPE='s list */
};

/* Under bp->lockdown: 1 if the word key[=val] is not for the command line
 * to set (recorded in cfg->locked), 0 if the parser takes it as usual.
 * Ignored: init=, the module blacklists, rd.modules=, MODULE.PARAM= (any
 * dotted key but rd.*), and root=, rootfstype=, rootflags= when the build
 * pins the root (ROOT=). A word asking the real init for a shell is
 * recorded in cfg->locked.shell. Always 0 without lockdown. */
int lockdown_word(struct bootcfg *cfg, const struct buildpolicy *bp, const char *key,
		  const char *val);

/* Does key[=val] ask the real init for a shell? single, s, S, 1,
 * emergency, rescue, -b (sysvinit's and systemd's runlevel words),
 * systemd.debug_shell / systemd.debug-shell (unless 0/no/false/off),
 * systemd.unit= or rd.systemd.unit= naming emergency, rescue or
 * debug-shell. */
int lockdown_shell_word(const char *key, const char *val);

/* After parsing: the build's pins replace what the command line said
 * (ROOT=, ROOTFSTYPE=, ROOTFLAGS= under lockdown; INIT= in any build,
 * as the init unless init= names one where init= counts). */
void lockdown_pin(struct bootcfg *cfg, const struct buildpolicy *bp);

/* The environment the real init gets, in out (n entries with the NULL):
 * envp without LD_* entries (the dynamic loader of a PID 1 that is not
 * AT_SECURE would obey them); under lockdown only HOME=/ and TERM=linux,
 * what the kernel itself gives init. Returns the number of entries. */
size_t handover_env(char *const *envp, int lockdown, char **out, size_t n);

#endif
