/* policy.h: what /init does when the boot cannot go on. The build fixes a
 * default and may lock the command line out of the shell (make EMERGENCY=
 * LOCKDOWN=); rd.emergency= and panic= choose within that. Choosing is pure
 * (init/policy.c); carrying it out is init/rescue.c. */
#ifndef BATON_POLICY_H
#define BATON_POLICY_H

#include "bootcfg.h"

#define FAIL_WAIT_DEFAULT_S	10	/* before a reboot nobody timed with panic=N */
#define RESCUE_SHELL		"/bin/sh"

struct buildpolicy {
	enum emergency emergency;	/* the default, never EMERG_UNSET */
	int lockdown;			/* the cmdline cannot get a shell: no
					 * rd.emergency=shell, no init=, no
					 * shell words for the real init, a
					 * clean hand-over (init/lockdown.c) */
	const char *root;		/* ROOT=: under lockdown, the root
					 * whatever root= says; else NULL */
	const char *rootfstype;		/* ROOTFSTYPE=, with ROOT=; else NULL */
	const char *rootflags;		/* ROOTFLAGS=, with ROOT=; else NULL */
	const char *init;		/* INIT=: the real init (replaces the
					 * usual list); else NULL */
	int verity_required;		/* VERITY=required: only a root dm-verity
					 * checks (roothash=) is booted */
	const char *tag;		/* "baton-lockdown-build" in a LOCKDOWN
					 * binary, for the image tools */
};

/* init/buildpolicy.c, compiled with the Makefile's EMERGENCY and LOCKDOWN. */
extern const struct buildpolicy build_policy;

struct failplan {
	int shell;		/* run RESCUE_SHELL first */
	int no_shell;		/* a shell was wanted, but there is none: the
				 * caller says so, naming where it looked */
	enum emergency then;	/* after it: REBOOT, POWEROFF, HALT or WAIT */
	int delay;		/* seconds before REBOOT/POWEROFF/HALT */
	const char *note;	/* why the plan is not what was asked (a lockdown
				 * refusal), or NULL */
};

/* The plan for cfg under bp, given whether the image has a shell.
 * rd.emergency= wins over the build's default, except that a lockdown
 * build never runs a shell. After a shell comes a reboot; panic=0, the
 * kernel's "never reboot", turns a reboot nobody asked for by name into
 * WAIT. delay is panic=N for N > 0, 0 for N < 0, else FAIL_WAIT_DEFAULT_S. */
void failplan_choose(const struct bootcfg *cfg, const struct buildpolicy *bp,
		     int have_shell, struct failplan *plan);

#endif
