/* policy.c: chooses what to do when the boot fails, from rd.emergency=,
 * panic= and the build's policy. Pure, so every combination is tested on
 * the host; rescue.c carries the plan out. */
#include <stddef.h>

#include "policy.h"

static const char lockdown_note[] =
	"rd.emergency=shell refused: this /init was built with LOCKDOWN=1";

static enum emergency build_default(const struct buildpolicy *bp)
{
	if (bp->lockdown && bp->emergency == EMERG_SHELL)
		return EMERG_REBOOT;	/* the Makefile refuses this; be safe anyway */
	return bp->emergency == EMERG_UNSET ? EMERG_SHELL : bp->emergency;
}

static int fail_delay(const struct bootcfg *cfg)
{
	if (!cfg->panic_set || cfg->panic == 0)
		return FAIL_WAIT_DEFAULT_S;
	return cfg->panic < 0 ? 0 : cfg->panic;
}

void failplan_choose(const struct bootcfg *cfg, const struct buildpolicy *bp,
		     int have_shell, struct failplan *plan)
{
	enum emergency e = cfg->emergency;
	int named = e != EMERG_UNSET;	/* the cmdline asked for this by name */

	plan->note = NULL;
	if (e == EMERG_SHELL && bp->lockdown) {
		plan->note = lockdown_note;
		e = EMERG_UNSET;
		named = 0;
	}
	if (e == EMERG_UNSET)
		e = build_default(bp);
	plan->shell = e == EMERG_SHELL && have_shell;
	plan->no_shell = e == EMERG_SHELL && !have_shell;
	plan->then = e == EMERG_SHELL ? EMERG_REBOOT : e;
	if (plan->then == EMERG_REBOOT && (!named || e == EMERG_SHELL) &&
	    cfg->panic_set && cfg->panic == 0)
		plan->then = EMERG_WAIT;
	plan->delay = fail_delay(cfg);
}
