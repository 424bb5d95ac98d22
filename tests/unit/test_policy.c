/* test_policy.c: failplan_choose over every rd.emergency=, panic= and build
 * policy that changes the outcome, with and without a shell in the image. */
#include <stdio.h>

#include "check.h"
#include "policy.h"

struct pcase {
	const char *name;
	const char *line;		/* kernel command line */
	enum emergency build;		/* the build's default */
	int lockdown, have_shell;
	int shell;			/* want: runs the shell */
	enum emergency then;		/* want: then this */
	int delay;
	int noted;			/* want: a note says why it differs
					 * (or no_shell, which rescue.c says) */
};

static const struct pcase cases[] = {
	{ "default-shell", "", EMERG_SHELL, 0, 1, 1, EMERG_REBOOT, FAIL_WAIT_DEFAULT_S, 0 },
	{ "default-no-shell", "", EMERG_SHELL, 0, 0, 0, EMERG_REBOOT, FAIL_WAIT_DEFAULT_S, 1 },
	{ "default-panic-5", "panic=5", EMERG_SHELL, 0, 0, 0, EMERG_REBOOT, 5, 1 },
	{ "default-panic-neg", "panic=-1", EMERG_SHELL, 0, 1, 1, EMERG_REBOOT, 0, 0 },
	{ "default-panic-0-waits", "panic=0", EMERG_SHELL, 0, 0, 0, EMERG_WAIT, FAIL_WAIT_DEFAULT_S, 1 },
	{ "asked-reboot", "rd.emergency=reboot", EMERG_SHELL, 0, 1, 0, EMERG_REBOOT, FAIL_WAIT_DEFAULT_S, 0 },
	{ "asked-reboot-beats-panic-0", "panic=0 rd.emergency=reboot", EMERG_SHELL, 0, 1, 0,
	  EMERG_REBOOT, FAIL_WAIT_DEFAULT_S, 0 },
	{ "asked-poweroff", "rd.emergency=poweroff panic=3", EMERG_SHELL, 0, 1, 0, EMERG_POWEROFF, 3, 0 },
	{ "asked-halt", "rd.emergency=halt panic=-1", EMERG_SHELL, 0, 1, 0, EMERG_HALT, 0, 0 },
	{ "asked-wait", "rd.emergency=wait", EMERG_SHELL, 0, 1, 0, EMERG_WAIT, FAIL_WAIT_DEFAULT_S, 0 },
	{ "asked-shell-panic-0-waits-after", "rd.emergency=shell panic=0", EMERG_REBOOT, 0, 1, 1,
	  EMERG_WAIT, FAIL_WAIT_DEFAULT_S, 0 },
	{ "asked-shell-over-build-reboot", "rd.emergency=shell", EMERG_REBOOT, 0, 1, 1, EMERG_REBOOT,
	  FAIL_WAIT_DEFAULT_S, 0 },
	{ "asked-shell-absent", "rd.emergency=shell", EMERG_REBOOT, 0, 0, 0, EMERG_REBOOT,
	  FAIL_WAIT_DEFAULT_S, 1 },
	{ "bad-name-build-default", "rd.emergency=explode", EMERG_POWEROFF, 0, 1, 0, EMERG_POWEROFF,
	  FAIL_WAIT_DEFAULT_S, 0 },
	{ "build-halt", "", EMERG_HALT, 0, 1, 0, EMERG_HALT, FAIL_WAIT_DEFAULT_S, 0 },
	{ "build-wait", "", EMERG_WAIT, 0, 1, 0, EMERG_WAIT, FAIL_WAIT_DEFAULT_S, 0 },
	{ "lockdown-refuses-shell", "rd.emergency=shell", EMERG_REBOOT, 1, 1, 0, EMERG_REBOOT,
	  FAIL_WAIT_DEFAULT_S, 1 },
	{ "lockdown-refuses-shell-build-poweroff", "rd.emergency=shell", EMERG_POWEROFF, 1, 1, 0,
	  EMERG_POWEROFF, FAIL_WAIT_DEFAULT_S, 1 },
	{ "lockdown-never-builds-shell", "", EMERG_SHELL, 1, 1, 0, EMERG_REBOOT, FAIL_WAIT_DEFAULT_S, 0 },
	{ "lockdown-allows-halt", "rd.emergency=halt", EMERG_REBOOT, 1, 1, 0, EMERG_HALT,
	  FAIL_WAIT_DEFAULT_S, 0 },
	{ "lockdown-panic-0-waits", "panic=0", EMERG_REBOOT, 1, 1, 0, EMERG_WAIT, FAIL_WAIT_DEFAULT_S, 0 },
};

static void run_case(const struct pcase *c)
{
	static struct bootcfg cfg;
	struct buildpolicy bp = { .emergency = c->build, .lockdown = c->lockdown };
	struct failplan plan;
	char name[128];

	bootcfg_parse(&cfg, c->line);
	failplan_choose(&cfg, &bp, c->have_shell, &plan);
	snprintf(name, sizeof(name), "policy/%s/shell", c->name);
	CHECK_INT(name, plan.shell, c->shell);
	snprintf(name, sizeof(name), "policy/%s/then", c->name);
	CHECK_STR(name, emergency_name(plan.then), emergency_name(c->then));
	snprintf(name, sizeof(name), "policy/%s/delay", c->name);
	CHECK_INT(name, plan.delay, c->delay);
	snprintf(name, sizeof(name), "policy/%s/note", c->name);
	CHECK(name, (plan.note != NULL || plan.no_shell) == c->noted, "note %s, no_shell %d",
	      plan.note ? plan.note : "(none)", plan.no_shell);
	snprintf(name, sizeof(name), "policy/%s/no-shell", c->name);
	CHECK_INT(name, plan.no_shell, c->noted && !c->shell && !c->lockdown);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	CHECK_STR("policy/names/default", emergency_name(EMERG_UNSET), "default");
	CHECK_INT("policy/names/parse-wait", emergency_parse("wait"), EMERG_WAIT);
	CHECK_INT("policy/names/parse-unknown", emergency_parse("panic"), -22);
	return CHECK_EXIT();
}
