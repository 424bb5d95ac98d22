/* bootcfg.h: the boot configuration baton reads from the kernel command line.
 * One struct, filled by a pure parser (init/cmdline.c) and passed explicitly
 * to every boot step; nothing else in /init holds mutable state. */
#ifndef BATON_BOOTCFG_H
#define BATON_BOOTCFG_H

#include <sys/types.h>

#include "stackcfg.h"
#include "fsckcfg.h"
#include "resumecfg.h"
#include "netcfg.h"
#include "lockdown.h"

#define CMDLINE_MAX	4096	/* largest COMMAND_LINE_SIZE of any arch */
#define MAX_FSTYPES	8
#define MAX_INIT_ARGS	32
#define MAX_MODPARAMS	64	/* modname.param=value words kept */
#define MAX_MODNAMES	32	/* names kept per module list key */

enum root_kind {
	ROOT_NONE,	/* no root= given */
	ROOT_INVALID,	/* root= given but not understood: see root_err */
	ROOT_DEVNAME,	/* /dev/NAME: value is NAME in sysfs spelling, '/' as '!'
			 * ("vda1", "cciss!c0d0") */
	ROOT_DEVT,	/* major:minor or hex dev_t: devt */
	ROOT_UUID,	/* UUID= or /dev/disk/by-uuid/: value, lower-cased */
	ROOT_LABEL,	/* LABEL= as given, or /dev/disk/by-label/ with udev's
			 * \xNN escapes decoded */
	ROOT_PARTUUID,	/* PARTUUID= or /dev/disk/by-partuuid/: value lower-cased,
			 * partnroff */
	ROOT_PARTLABEL,	/* PARTLABEL= as given, or /dev/disk/by-partlabel/ decoded */
	ROOT_BYID,	/* /dev/disk/by-id/NAME: value is NAME as typed (udev's
			 * names are compared byte for byte, never decoded) */
	ROOT_BYPATH,	/* /dev/disk/by-path/NAME: likewise */
	ROOT_TAG,	/* rootfstype=virtiofs or 9p: root= is the tag of a
			 * virtio filesystem device, value as typed */
	ROOT_NFS,	/* root=/dev/nfs (value NULL: nfsroot= or DHCP's
			 * root path) or dracut's nfs:SERVER:PATH (value
			 * SERVER:PATH[:OPTS]) */
	ROOT_LIVE,	/* root=live:URL: value is the URL */
};

struct root_spec {
	enum root_kind kind;
	const char *value;	/* points into the value given to rootspec_parse
				 * (bootcfg.buf); NULL for ROOT_DEVT, NONE, INVALID */
	dev_t devt;
	int partnroff;		/* PARTUUID=.../PARTNROFF=n, else 0 */
};

#include "fwroot.h"	/* struct fwroot_cfg: needs struct root_spec */

/* modname.param[=value] from the command line, for a module /init loads.
 * The kernel applies these itself only to built-in code; for a loadable
 * module they reach it as finit_module's parameter string, as modprobe
 * does. */
struct modparam {
	const char *module;	/* the part before the first '.', '-' as '_' */
	const char *param;	/* the rest, as typed */
	const char *value;	/* NULL for a bare "modname.param" */
	int quoted;		/* the value began with a quote, which the
				 * split removed (mod.p="a b") */
};

/* What /init does when the boot cannot go on (rd.emergency=). */
enum emergency {
	EMERG_UNSET,	/* not on the cmdline: the build's default applies */
	EMERG_SHELL,	/* /bin/sh from the image, then reboot */
	EMERG_REBOOT,
	EMERG_POWEROFF,
	EMERG_HALT,	/* the kernel's "System halted": messages stay on screen */
	EMERG_WAIT,	/* stay in /init doing nothing, machine up */
};

/* Wait policy for the root device, in the kernel's terms. */
#define WAIT_DEFAULT	(-2)	/* neither rootwait nor rootwait=N: baton's default */
#define WAIT_FOREVER	(-1)	/* bare rootwait */

struct bootcfg {
	char buf[CMDLINE_MAX];	/* split copy of the cmdline; strings point here */
	char root_raw[CMDLINE_MAX]; /* root= value as typed: rootspec_parse
				 * rewrites its copy in buf in place */
	const char *root_arg;	/* root= as given, for messages (in root_raw) */
	struct root_spec root;
	const char *root_err;	/* why root= was not understood */
	const char *fstypes[MAX_FSTYPES];
	int nfstypes;
	const char *rootflags;	/* rootflags= as given, NULL if absent */
	int readonly;		/* 1 unless "rw" came last (kernel default is ro) */
	int rootwait;		/* seconds (0..INT_MAX/1000, so milliseconds fit
				 * an int), WAIT_FOREVER or WAIT_DEFAULT */
	int rootdelay;		/* seconds to sleep before looking */
	const char *init;	/* init=, NULL if absent */
	const char *init_args[MAX_INIT_ARGS]; /* words after "--", as the kernel
				 * passes them: key="v" becomes key=v; extra
				 * words are dropped */
	int ninit_args;
	int panic;		/* panic=N: seconds before reboot on failure, <0 at once */
	int panic_set;		/* panic= had a valid number */
	int quiet;		/* quiet or quiet=anything, as the kernel takes it */
	int debug;		/* debug or debug=anything, likewise */
	struct modparam modparams[MAX_MODPARAMS]; /* in command-line order;
				 * later ones for the same parameter win, as
				 * the module's own parser applies them in order;
				 * extra ones are dropped. Keys of modules "rd"
				 * and "modprobe" (initramfs conventions) are
				 * never parameters. */
	int nmodparams;
	const char *mod_blacklist[MAX_MODNAMES]; /* modprobe.blacklist= and
				 * module_blacklist= comma lists, every occurrence
				 * added (as kmod does), '-' as '_' */
	int nmod_blacklist;
	const char *rd_modules[MAX_MODNAMES]; /* rd.modules=a,b: loaded whatever
				 * devices are found; accumulated, '-' as '_' */
	int nrd_modules;
	enum emergency emergency; /* rd.emergency=, last valid one */
	const char *emergency_bad; /* an rd.emergency= value not understood,
				 * said at failure time */
	int rd_timeout;		/* rd.timeout=N: the root wait ends after N s
				 * whatever rootwait says; 0 if absent */
	struct stack_cfg stack;	/* rd.luks.*, rd.lvm.*, rd.md (stackcfg.h) */
	struct resume_cfg resume; /* resume=, resume_offset=, noresume (resumecfg.h) */
	struct fsck_cfg fsck;	/* fsck.mode=, fsck.repair= (fsckcfg.h) */
	int dry_run;		/* rd.dryrun: every step and check up to the
				 * switch, which is only described; then the
				 * failure policy */
	struct fwroot_cfg fw;	/* loop image, copy to RAM, verity, overlay */
	struct net_cfg net;	/* ip=, BOOTIF=, rd.neednet=, nfsroot= */
	int root_unique;	/* rd.root.unique=1: refuse a root= that names
				 * more than one device */
	struct lockdown_words locked; /* what a LOCKDOWN build did not take
				 * (bootcfg_parse_policy) */
};

/* Parses a kernel command line (as in /proc/cmdline) into cfg, which it
 * first resets to the defaults (no root, ro, WAIT_DEFAULT, no rootdelay).
 * Splits words and quotes exactly as the kernel's next_arg() does; one
 * trailing newline is dropped; unknown words are ignored, later words
 * override earlier ones. A number that does not parse (rootwait=abc,
 * rootdelay=-1, panic=x) leaves the earlier setting alone.
 * Returns 0, or -E2BIG if the line does not fit CMDLINE_MAX (cfg still holds
 * what fitted, the last word possibly cut). Problems with root= are reported
 * in cfg->root_err, not here, so the boot can say them once with context. */
int bootcfg_parse(struct bootcfg *cfg, const char *cmdline);

/* bootcfg_parse under a build policy: every word is first offered to
 * lockdown_word (a LOCKDOWN build ignores some, records shell words, the
 * words after "--" included), and the build's pins (lockdown_pin) apply
 * last. bp NULL: bootcfg_parse. */
int bootcfg_parse_policy(struct bootcfg *cfg, const char *cmdline,
			 const struct buildpolicy *bp);

/* Sets cfg's rootfstype list from a comma list, which it splits in
 * place (list must outlive cfg). */
void bootcfg_fstypes(struct bootcfg *cfg, char *list);

/* Parses one root= value into spec; pure. value must outlive spec and is
 * rewritten in place (lower-cased, '/' to '!', cut before /PARTNROFF=).
 * The 3-field "maj:min:off" the kernel accepts (ignoring off) is refused.
 * Returns 0 with *why NULL, or -EINVAL with spec->kind ROOT_INVALID and *why
 * set to a static explanation. why may be NULL. */
int rootspec_parse(struct root_spec *spec, char *value, const char **why);

/* How long the root wait lasts, in seconds, or -1 for ever: rootwait=N,
 * bare rootwait, else ROOTWAIT_DEFAULT_S (modules load meanwhile, so "not
 * there yet" is normal for a while). rd.timeout=N replaces the default and
 * the forever, and caps rootwait=M at N. Pure. */
#define ROOTWAIT_DEFAULT_S 30
int root_wait_seconds(const struct bootcfg *cfg);

/* The rd.emergency= name of a policy ("shell", ...), "default" for UNSET;
 * and back: the policy a name means, or -EINVAL. Pure. */
const char *emergency_name(enum emergency e);
int emergency_parse(const char *name);

/* The kernel's new_decode_dev(): the 32-bit hex form of root=
 * (801 is 8:1, 10300 is 259:0). Bits above 31 are ignored. */
dev_t decode_hex_devt(unsigned long v);

#endif
