/* buildpolicy.c: the failure policy this /init was built with. The
 * Makefile defines BATON_EMERGENCY, BATON_LOCKDOWN and the pins
 * BATON_ROOT, BATON_ROOTFSTYPE, BATON_ROOTFLAGS, BATON_INIT for this one
 * file (make EMERGENCY=reboot LOCKDOWN=1 ROOT=PARTUUID=...), so only this
 * object differs between policy builds; the fallbacks are the plain
 * build's. */
#include <stddef.h>

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

#ifndef BATON_ROOT
#define BATON_ROOT NULL
#endif
#ifndef BATON_ROOTFSTYPE
#define BATON_ROOTFSTYPE NULL
#endif
#ifndef BATON_ROOTFLAGS
#define BATON_ROOTFLAGS NULL
#endif
#ifndef BATON_INIT
#define BATON_INIT NULL
#endif

/* Lets tools tell a LOCKDOWN /init by its bytes (baton-mkinitramfs then
 * refuses to pack a shell beside it). */
#if BATON_LOCKDOWN
#define BATON_TAG "baton-lockdown-build"
#else
#define BATON_TAG "baton-plain-build"
#endif

const struct buildpolicy build_policy = {
	.tag = BATON_TAG,
	.emergency = BATON_EMERGENCY,
	.lockdown = BATON_LOCKDOWN,
	.verity_required = BATON_VERITY_REQUIRED,
	.root = BATON_ROOT,
	.rootfstype = BATON_ROOTFSTYPE,
	.rootflags = BATON_ROOTFLAGS,
	.init = BATON_INIT,
};
