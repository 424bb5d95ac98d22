/* stackcfg.h: the command-line words for stacked roots, which /init acts
 * on by running the image's own tools (init/stack.c): LUKS with systemd's
 * names (rd.luks.*), LVM and MD with dracut's (rd.lvm.*, rd.md). Filled by
 * a pure parser (init/stackcfg.c); strings point into bootcfg.buf. */
#ifndef BATON_STACKCFG_H
#define BATON_STACKCFG_H

#define STACK_MAX_LUKS	8	/* LUKS devices named on the command line */
#define STACK_MAX_LVM	8	/* rd.lvm.vg= and rd.lvm.lv= words each */

/* One LUKS device named by UUID (rd.luks.uuid=, rd.luks.name=, or the UUID
 * part of rd.luks.options= / rd.luks.key=). */
struct luks_dev {
	const char *uuid;	/* lower-cased, "luks-" prefix dropped */
	const char *name;	/* mapper name; NULL: "luks-UUID" */
	const char *options;	/* its own rd.luks.options=, else NULL */
	const char *key;	/* its own key file path, else NULL */
	const char *keydev;	/* the device holding that file (UUID=, LABEL=,
				 * /dev/...), NULL: the image */
	int wanted;		/* named by rd.luks.uuid= or rd.luks.name=, not
				 * only by options or a key */
};

struct luks_cfg {
	int disabled;		/* rd.luks=0 (or no, false) */
	int named;		/* some rd.luks.uuid= or rd.luks.name=: only
				 * those are opened */
	struct luks_dev dev[STACK_MAX_LUKS];
	int n;
	const char *options;	/* rd.luks.options= for every device */
	const char *key;	/* rd.luks.key= for every device */
	const char *keydev;
	const char *bad;	/* the last rd.luks.* value not understood */
};

struct lvm_cfg {
	int disabled;		/* rd.lvm=0 */
	const char *vg[STACK_MAX_LVM];	/* rd.lvm.vg=: only these VGs */
	int nvg;
	const char *lv[STACK_MAX_LVM];	/* rd.lvm.lv=VG/LV: only these LVs */
	int nlv;
};

struct stack_cfg {
	struct luks_cfg luks;
	struct lvm_cfg lvm;
	int md_disabled;	/* rd.md=0 (dracut) */
};

/* Takes one command-line word if it is one of the keys above: returns 1
 * (taken, possibly recorded as bad), 0 when it is not one of them. val is
 * NULL for a bare word; key and val point into bootcfg.buf and may be
 * rewritten in place (lower-cased UUIDs, cut at '=' and ':'). Pure. */
int take_stack_word(struct stack_cfg *cfg, char *key, char *val);

/* The LUKS device with this UUID among cfg's (case-insensitive), or NULL.
 * Pure. */
const struct luks_dev *luks_find(const struct luks_cfg *cfg, const char *uuid);

/* Whether s looks like a UUID as LUKS headers hold it: 32 hex digits with
 * or without the four dashes. Pure. */
int stack_is_uuid(const char *s);

/* rd.luks.options= (crypttab's options) as cryptsetup open arguments:
 * discard, readonly/read-only, same-cpu-crypt, submit-from-crypt-cpus,
 * no-read-workqueue, no-write-workqueue, keyfile-offset=, keyfile-size=,
 * header=; tries=N (passphrase tries, default 3, 0 unbounded) and
 * timeout=N (seconds a prompt waits, 0 for ever) are baton's; luks, nofail
 * and x-initrd.attach are accepted and mean nothing more here. */
#define LUKS_MAX_ARGS	12
#define LUKS_ARGS_BUF	512
struct luks_args {
	const char *arg[LUKS_MAX_ARGS];	/* point into buf */
	int n;
	char buf[LUKS_ARGS_BUF];
	size_t used;
	int tries;
	int timeout;
	int bad;			/* some option not understood (ignored) */
	char bad_opt[64];		/* the first such, for the message */
};
/* Fills a from opts (NULL: none). 0, or -1 when some option was not
 * understood (the others still apply). Pure. */
int luks_option_args(const char *opts, struct luks_args *a);

#endif
