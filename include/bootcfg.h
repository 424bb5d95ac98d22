/* bootcfg.h: the boot configuration baton reads from the kernel command line.
 * One struct, filled by a pure parser (init/cmdline.c) and passed explicitly
 * to every boot step; nothing else in /init holds mutable state. */
#ifndef BATON_BOOTCFG_H
#define BATON_BOOTCFG_H

#include <sys/types.h>

#define CMDLINE_MAX	4096	/* largest COMMAND_LINE_SIZE of any arch */
#define MAX_FSTYPES	8
#define MAX_INIT_ARGS	32

enum root_kind {
	ROOT_NONE,	/* no root= given */
	ROOT_INVALID,	/* root= given but not understood: see root_err */
	ROOT_DEVNAME,	/* /dev/NAME: value is NAME ("vda1", "cciss!c0d0") */
	ROOT_DEVT,	/* major:minor or hex dev_t: devt */
	ROOT_UUID,	/* UUID=: value, lower-cased */
	ROOT_LABEL,	/* LABEL=: value as given */
	ROOT_PARTUUID,	/* PARTUUID=: value lower-cased, partnroff */
	ROOT_PARTLABEL,	/* PARTLABEL=: value as given */
};

struct root_spec {
	enum root_kind kind;
	const char *value;	/* points into bootcfg.buf */
	dev_t devt;
	int partnroff;		/* PARTUUID=.../PARTNROFF=n */
};

/* Wait policy for the root device, in the kernel's terms. */
#define WAIT_DEFAULT	(-2)	/* neither rootwait nor rootwait=N: baton's default */
#define WAIT_FOREVER	(-1)	/* bare rootwait */

struct bootcfg {
	char buf[CMDLINE_MAX];	/* split copy of the cmdline; strings point here */
	const char *root_arg;	/* root= as given, for messages */
	struct root_spec root;
	const char *root_err;	/* why root= was not understood */
	const char *fstypes[MAX_FSTYPES];
	int nfstypes;
	const char *rootflags;	/* rootflags= as given, NULL if absent */
	int readonly;		/* 1 unless "rw" came last (kernel default is ro) */
	int rootwait;		/* seconds, WAIT_FOREVER or WAIT_DEFAULT */
	int rootdelay;		/* seconds to sleep before looking */
	const char *init;	/* init=, NULL if absent */
	const char *init_args[MAX_INIT_ARGS]; /* words after "--" */
	int ninit_args;
	int panic;		/* panic=N: seconds before reboot on failure, <0 at once */
	int panic_set;
	int quiet;
	int debug;
};

/* Parses a kernel command line (as in /proc/cmdline) into cfg.
 * Splits words and quotes exactly as the kernel's next_arg() does; unknown
 * words are ignored, later words override earlier ones.
 * Returns 0, or -E2BIG if the line does not fit CMDLINE_MAX (cfg still holds
 * what fitted). Problems with root= are reported in cfg->root_err, not here,
 * so the boot can say them once with context. */
int bootcfg_parse(struct bootcfg *cfg, const char *cmdline);

/* Parses one root= value into spec; pure. value must outlive spec.
 * Returns 0 or -EINVAL with *why set to a static explanation. */
int rootspec_parse(struct root_spec *spec, char *value, const char **why);

/* The kernel's new_decode_dev(): the 32-bit hex form of root=. */
dev_t decode_hex_devt(unsigned long v);

#endif
