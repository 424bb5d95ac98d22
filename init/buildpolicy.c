/* buildpolicy.c: the failure policy this /init was built with. The
 * Makefile defines BATON_EMERGENCY and BATON_LOCKDOWN for this one file
 * (make EMERGENCY=reboot LOCKDOWN=1), so only this object differs between
 * policy builds; the fallbacks are the plain build's. */
#include "policy.h"

#ifndef BATON_EMERGENCY
#define BATON_EMERGENCY EMERG_SHELL
#endif
#ifndef BATON_LOCKDOWN
#define BATON_LOCKDOWN 0
#endif
#ifndef BATON_VERITY_REQUIRED
#define BATON_VERITY_REQUIRED 0
#endif

const struct buildpolicy build_policy = {
	.emergency = BATON_EMERGENCY,
	.lockdown = BATON_LOCKDOWN,
	.verity_required = BATON_VERITY_REQUIRED,
};
