/* lockdown.c: the words a LOCKDOWN build does not take from the command
 * line, the build's pins, and the environment of the hand-over. Pure.
 *
 * The threat: someone who can edit the command line (or plug in a disk)
 * must not get a shell or run code as PID 1. So the build can pin the root
 * (a command-line root=, or a module blacklist that hides the real disk's
 * driver, would let a stick with the same UUID win), no init= is taken,
 * words that make the real init start a shell stop the boot, and the real
 * init gets neither the command line's environment nor its arguments. */
#include <string.h>

#include "bootcfg.h"
#include "lockdown.h"
#include "policy.h"

/* Never from the command line under lockdown. New keys that choose what
 * runs or what is mounted as root belong here. */
static const char *const locked_keys[] = {
	"init", "modprobe.blacklist", "module_blacklist", "rd.modules",
};

/* Only from the build once it pins the root (ROOT=). */
static const char *const pinned_keys[] = {
	"root", "rootfstype", "rootflags",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const char *const *list, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], key) == 0)
			return 1;
	return 0;
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int lockdown_shell_word(const char *key, const char *val)
{
	static const char *const bare[] = { "single", "s", "S", "1", "emergency", "rescue", "-b" };
	static const char *const off[] = { "0", "no", "false", "off" };

	if (!val)
		return in_list(bare, NELEM(bare), key) ||
		       strcmp(key, "systemd.debug_shell") == 0 ||
		       strcmp(key, "systemd.debug-shell") == 0;
	if (strcmp(key, "systemd.debug_shell") == 0 || strcmp(key, "systemd.debug-shell") == 0)
		return !in_list(off, NELEM(off), val);
	if (strcmp(key, "systemd.unit") == 0 || strcmp(key, "rd.systemd.unit") == 0)
		return starts(val, "emergency") || starts(val, "rescue") ||
		       starts(val, "debug-shell");
	return 0;
}

/* A dotted key the parser would take as a module's parameter. */
static int module_param_key(const char *key)
{
	const char *dot = strchr(key, '.');

	return dot && dot != key && dot[1] && !starts(key, "rd.") && !starts(key, "modprobe.");
}

static void said(struct lockdown_words *w, const char *key, const char *val)
{
	w->nignored++;
	if (w->nsaid == LOCK_SAID_MAX)
		return;
	w->key[w->nsaid] = key;
	w->val[w->nsaid++] = val;
}

int lockdown_word(struct bootcfg *cfg, const struct buildpolicy *bp, const char *key,
		  const char *val)
{
	if (!bp || !bp->lockdown)
		return 0;
	if (lockdown_shell_word(key, val)) {
		if (!cfg->locked.shell)
			cfg->locked.shell = key;
		return 1;
	}
	if (in_list(locked_keys, NELEM(locked_keys), key) ||
	    (bp->root && in_list(pinned_keys, NELEM(pinned_keys), key))) {
		said(&cfg->locked, key, val);
		return 1;
	}
	/* Not said one by one: systemd.* and the like are dotted too and
	 * are not ours to name. */
	if (module_param_key(key)) {
		cfg->locked.nignored++;
		return 1;
	}
	return 0;
}

void lockdown_pin(struct bootcfg *cfg, const struct buildpolicy *bp)
{
	struct lockdown_words *w = &cfg->locked;
	size_t rootlen;

	if (bp->init && (bp->lockdown || !cfg->init))
		cfg->init = bp->init;
	if (!bp->lockdown || !bp->root)
		return;
	rootlen = strlen(bp->root) + 1;
	if (rootlen > sizeof(cfg->root_raw) || rootlen > sizeof(w->pin) / 2)
		rootlen = 1;	/* too long to be a root: said as empty */
	memcpy(cfg->root_raw, bp->root, rootlen - 1);
	cfg->root_raw[rootlen - 1] = '\0';
	memcpy(w->pin, cfg->root_raw, rootlen);
	cfg->root_arg = cfg->root_raw;
	rootspec_parse(&cfg->root, w->pin, &cfg->root_err);
	cfg->rootflags = bp->rootflags;
	cfg->nfstypes = 0;
	if (bp->rootfstype && strlen(bp->rootfstype) < sizeof(w->pin) - rootlen) {
		strcpy(w->pin + rootlen, bp->rootfstype);
		bootcfg_fstypes(cfg, w->pin + rootlen);
	}
}

size_t handover_env(char *const *envp, int lockdown, char **out, size_t n)
{
	static char home[] = "HOME=/", term[] = "TERM=linux";
	size_t k = 0;

	if (n == 0)
		return 0;
	if (lockdown) {
		if (n >= 3) {
			out[k++] = home;
			out[k++] = term;
		}
	} else {
		for (; envp && *envp && k + 1 < n; envp++)
			if (!starts(*envp, "LD_"))
				out[k++] = *envp;
	}
	out[k] = NULL;
	return k;
}
