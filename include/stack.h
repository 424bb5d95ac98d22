/* stack.h: stacked roots. When a LUKS device, an LVM physical volume or an
 * MD RAID member appears, /init runs the image's own cryptsetup, lvm or
 * mdadm on it (init/runtool.c); the device-mapper or md device that comes
 * out is then identified like any disk, so root= finds what is inside.
 * baton carries no crypto or volume-manager code of its own. */
#ifndef BATON_STACK_H
#define BATON_STACK_H

#include "blockdev.h"
#include "bootcfg.h"

#define STACK_CRYPTSETUP	"/sbin/cryptsetup"
#define STACK_LVM		"/sbin/lvm"
#define STACK_MDADM		"/sbin/mdadm"
/* What baton-mkinitramfs -H recorded of the host root's chain, one
 * "luks UUID NAME", "lvm VG/LV" or "md UUID" a line. */
#define STACK_RECORD		"/etc/baton/stack"

/* The boot config the layers follow (rd.luks.*, rd.lvm.*, rd.md): set by
 * root_wait before it waits; until then stack_activate does nothing. */
void stack_begin(const struct bootcfg *cfg);

/* Identifies every device of devs not yet looked at and activates the
 * layer it is a member of (cryptsetup open, lvm vgchange -ay, mdadm
 * --incremental), as cfg and the recorded chain allow; then adds the
 * devices that activation made (rescanning sysfs) and looks at those too.
 * Returns how many layers it activated. Logs what it does and what is
 * missing. */
int stack_activate(struct devlist *devs);

/* Milliseconds spent waiting for a person (a passphrase prompt) since the
 * last call: the root wait's deadline moves by as much. */
long long stack_take_paused_ms(void);

/* MD arrays assembled with members missing are started degraded once 2/3
 * of the root wait has passed (as dracut does): stack_degrade_at gives the
 * time (now_ms() clock) for a wait of secs seconds (< 0: forever) started
 * at start; stack_degrade starts them, says so, and returns how many. */
long long stack_degrade_at(long long start, int secs);
int stack_md_waiting(void);
int stack_degrade(struct devlist *devs, int secs);

/* After the root was not found: says, for every stacked layer seen, why
 * it stayed closed (no tool or module in the image, wrong passphrase,
 * physical volumes still missing, rd.luks=0 ...) and what to do. */
void stack_explain(const struct bootcfg *cfg, const struct devlist *devs);

#endif
