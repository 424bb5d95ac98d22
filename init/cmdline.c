/* cmdline.c: the kernel command line, read into struct bootcfg.
 * Owns word splitting (the kernel's rules, so a line means the same to baton
 * as it did to the kernel), the keys baton acts on, and the syntax of root=.
 * Pure: no I/O, no allocation; every string handed out lives in the bootcfg,
 * so this links into the static /init and runs unchanged in unit tests. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#include "bootcfg.h"
#include "hex.h"
#include "http.h"
#include "vmfs.h"
#include "lockdown.h"
#include "policy.h"

/* The kernel's dev_t holds a 12-bit major and a 20-bit minor; a number
 * outside that names nothing the kernel could have created. */
#define KMAJOR_MAX	0xfffu
#define KMINOR_MAX	0xfffffu

/* rootwait=N is kept in seconds but consumers work in milliseconds; the
 * kernel also refuses what would overflow an int there. */
#define ROOTWAIT_MAX	(INT_MAX / 1000)

static const char why_generic[] =
	"not a /dev path, UUID=, LABEL=, PARTUUID=, PARTLABEL=, major:minor or hex device number";

/* -- characters ------------------------------------------------------------ */

/* The kernel's isspace(), which is what next_arg() splits on. Its ctype table
 * is Latin-1, so 0xa0 (no-break space) separates words too. */
static int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char *skip_spaces(char *p)
{
	while (is_space((unsigned char)*p))
		p++;
	return p;
}

/* ASCII only: locales do not exist this early, and the identifiers compared
 * later (UUIDs from superblocks) are ASCII hex. */
static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* UUID= and PARTUUID= values are compared with identifiers printed as hex
 * and dashes; anything else can never match, so say so now rather than
 * after a long wait for the device. */
static int is_hex_dash(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s != '-' && hex_value(*s) < 0)
			return 0;
	return 1;
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* -- numbers --------------------------------------------------------------- */

/* The kernel's kstrtoint(s, 0): the whole string, optional sign, 0x for hex
 * and a leading 0 for octal. strtoll alone would also take leading blanks
 * and trailing junk. */
static int parse_int(const char *s, int *out)
{
	char *end;
	long long v;

	if (!*s || is_space((unsigned char)*s))
		return -EINVAL;
	v = strtoll(s, &end, 0);
	if (*end || v < INT_MIN || v > INT_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* Decimal digits only, at most max; sscanf's %u would also take blanks and
 * wrap around on overflow. Returns the end of the digits, NULL if none or
 * too large. */
static const char *parse_dec(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!is_digit(*s))
		return NULL;
	for (; is_digit(*s); s++) {
		unsigned long d = (unsigned long)(*s - '0');

		/* Checked before the multiply: on ILP32 (klibc's 32-bit
		 * targets) v * 10 could wrap below max. */
		if (v > (max - d) / 10)
			return NULL;
		v = v * 10 + d;
	}
	*out = v;
	return s;
}

/* -- root= ------------------------------------------------------------------ */

static int root_fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EINVAL;
}

/* "maj:min" as the kernel's "%u:%u". The kernel also takes "maj:min:off" and
 * ignores the offset; baton refuses it rather than silently dropping part
 * of what was asked. */
static int parse_majmin(struct root_spec *spec, const char *s, const char **why)
{
	unsigned long maj, min;

	s = parse_dec(s, KMAJOR_MAX, &maj);
	if (!s || *s != ':')
		return root_fail(why, "major:minor needs a decimal major below 4096 and a colon");
	s = parse_dec(s + 1, KMINOR_MAX, &min);
	if (!s)
		return root_fail(why, "major:minor needs a decimal minor below 1048576");
	if (*s == ':')
		return root_fail(why, "partition offset form maj:min:off not supported");
	if (*s)
		return root_fail(why, "junk after major:minor");
	if (maj == 0 && min == 0)
		return root_fail(why, "device 0:0 names no device");
	spec->kind = ROOT_DEVT;
	spec->devt = makedev(maj, min);
	return 0;
}

/* The kernel's simple_strtoul(s, &end, 16) with nothing left over: an
 * optional 0x, then hex digits. Unlike the kernel, overflow is an error
 * instead of a wrapped number naming some other device. */
static int parse_hex_devt(struct root_spec *spec, const char *s, const char **why)
{
	unsigned long v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return root_fail(why, why_generic);
	for (; *s; s++) {
		d = hex_value(*s);
		if (d < 0)
			return root_fail(why, why_generic);
		/* Before the multiply: an unsigned long has 32 bits on ILP32. */
		if (v > (0xffffffffUL - (unsigned long)d) / 16)
			return root_fail(why, "hex device number larger than 32 bits");
		v = v * 16 + (unsigned long)d;
	}
	if (v == 0)
		return root_fail(why, "device 0:0 names no device");
	spec->kind = ROOT_DEVT;
	spec->devt = decode_hex_devt(v);
	return 0;
}

/* udev names /dev/disk/by-label and by-partlabel links with every unsafe
 * byte written as \xNN; the label itself is what the superblock holds. A
 * backslash not starting such an escape is kept: udev never writes one, so
 * the label simply will not match. */
static int udev_unescape(char *s)
{
	char *out = s;
	int hi, lo;

	while (*s) {
		if (s[0] == '\\' && s[1] == 'x' &&
		    (hi = hex_value(s[2])) >= 0 && (lo = hex_value(s[3])) >= 0) {
			if (hi == 0 && lo == 0)
				return -EINVAL;
			*out++ = (char)(hi << 4 | lo);
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
	return 0;
}

static int set_uuid(struct root_spec *spec, enum root_kind kind, char *v,
		    const char **why, const char *reason)
{
	if (!is_hex_dash(v))
		return root_fail(why, reason);
	lower_ascii(v);
	spec->kind = kind;
	spec->value = v;
	return 0;
}

static int set_label(struct root_spec *spec, enum root_kind kind, char *v,
		     const char **why, const char *reason)
{
	if (!*v)
		return root_fail(why, reason);
	spec->kind = kind;
	spec->value = v;
	return 0;
}

/* by-id and by-path: names baton derives from sysfs as udev would
 * (init/diskid.c), compared as typed. by-id names of other buses (usb-,
 * mmc-, ...) need udev's helpers, so say so now rather than after the wait. */
static int set_disk_link(struct root_spec *spec, enum root_kind kind, char *name,
			 const char **why)
{
	static const char *const derived[] = { "virtio-", "nvme-", "scsi-", "ata-", "wwn-" };
	size_t i = 0;

	if (kind == ROOT_BYID) {
		while (i < sizeof(derived) / sizeof(derived[0]) && !has_prefix(name, derived[i]))
			i++;
		if (i == sizeof(derived) / sizeof(derived[0]))
			return root_fail(why, "baton derives /dev/disk/by-id names starting with virtio-, "
					 "nvme-, scsi-, ata- or wwn- only; use UUID=, PARTUUID= or "
					 "/dev/disk/by-path/ for this disk");
	}
	spec->kind = kind;
	spec->value = name;
	return 0;
}

/* The udev links baton can answer without udev: each names one property of
 * the device that baton reads itself (superblock, partition table, sysfs). */
static int parse_by_link(struct root_spec *spec, char *link, const char **why)
{
	static const char bad_escape[] = "a /dev/disk/by-* name cannot hold an escaped NUL byte";
	static const char no_name[] = "/dev/disk/by-*/ needs one name after the directory";
	char *name = strchr(link, '/');

	if (!name || !name[1] || strchr(name + 1, '/'))
		return root_fail(why, no_name);
	*name++ = '\0';
	if (strcmp(link, "by-uuid") == 0)
		return set_uuid(spec, ROOT_UUID, name, why,
				"/dev/disk/by-uuid/ name must be hex digits and dashes");
	if (strcmp(link, "by-partuuid") == 0)
		return set_uuid(spec, ROOT_PARTUUID, name, why,
				"/dev/disk/by-partuuid/ name must be hex digits and dashes");
	if (strcmp(link, "by-label") == 0) {
		if (udev_unescape(name) < 0)
			return root_fail(why, bad_escape);
		return set_label(spec, ROOT_LABEL, name, why, no_name);
	}
	if (strcmp(link, "by-partlabel") == 0) {
		if (udev_unescape(name) < 0)
			return root_fail(why, bad_escape);
		return set_label(spec, ROOT_PARTLABEL, name, why, no_name);
	}
	if (strcmp(link, "by-id") == 0)
		return set_disk_link(spec, ROOT_BYID, name, why);
	if (strcmp(link, "by-path") == 0)
		return set_disk_link(spec, ROOT_BYPATH, name, why);
	return root_fail(why, "baton derives /dev/disk/by-uuid, by-label, by-partuuid, by-partlabel, "
			 "by-id and by-path only; use one of those, or UUID=, LABEL=, PARTUUID=, PARTLABEL=");
}

/* /dev/NAME. The kernel looks NAME up among block devices with '/' spelled
 * '!', as sysfs does (cciss/c0d0 is cciss!c0d0); matching uses that name. */
static int parse_devname(struct root_spec *spec, char *name, const char **why)
{
	char *p;

	if (has_prefix(name, "disk/"))
		return parse_by_link(spec, name + 5, why);
	if (strcmp(name, "nfs") == 0) {	/* nfsroot= or DHCP say where */
		spec->kind = ROOT_NFS;
		return 0;
	}
	if (strcmp(name, "cifs") == 0)
		return root_fail(why, "a CIFS root (/dev/cifs) is not supported");
	/* "." and ".." would name directories once joined to a sysfs path. */
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return root_fail(why, "/dev/ needs a device name after it");
	for (p = name; *p; p++)
		if (*p == '/')
			*p = '!';
	spec->kind = ROOT_DEVNAME;
	spec->value = name;
	return 0;
}

/* PARTUUID=uuid[/PARTNROFF=n], n a signed decimal as the kernel's %d. */
static int parse_partuuid(struct root_spec *spec, char *v, const char **why)
{
	static const char bad_off[] = "PARTUUID= may only be followed by /PARTNROFF=<decimal>";
	char *slash = strchr(v, '/');
	const char *n;
	unsigned long off = 0;
	int neg = 0, rc;

	if (slash) {
		*slash = '\0';
		n = slash + 1;
		if (!has_prefix(n, "PARTNROFF="))
			return root_fail(why, bad_off);
		n += strlen("PARTNROFF=");
		neg = *n == '-';
		n = parse_dec(n + neg, INT_MAX, &off);
		if (!n || *n)
			return root_fail(why, bad_off);
	}
	rc = set_uuid(spec, ROOT_PARTUUID, v, why, "PARTUUID= needs hex digits and dashes");
	if (rc == 0)
		spec->partnroff = neg ? -(int)off : (int)off;
	return rc;
}

/* dracut's root=live:URL, the image fetched over HTTP: the URL is checked
 * now so a typo is said before the network comes up. */
static int parse_live(struct root_spec *spec, const char *url, const char **why)
{
	struct http_url u;

	if (http_url_parse(url, &u, why) < 0) {
		spec->kind = ROOT_INVALID;
		return -EINVAL;
	}
	spec->kind = ROOT_LIVE;
	spec->value = url;
	return 0;
}

dev_t decode_hex_devt(unsigned long v)
{
	unsigned int maj = (unsigned int)((v & 0xfff00) >> 8);
	unsigned int min = (unsigned int)((v & 0xff) | ((v >> 12) & 0xfff00));

	return makedev(maj, min);
}

int rootspec_parse(struct root_spec *spec, char *value, const char **why)
{
	memset(spec, 0, sizeof(*spec));
	spec->kind = ROOT_INVALID;
	if (why)
		*why = NULL;
	if (!value || !*value)
		return root_fail(why, "root= is empty");
	/* Keys are case-sensitive, as in the kernel and blkid's tag syntax. */
	if (has_prefix(value, "/dev/"))
		return parse_devname(spec, value + 5, why);
	if (has_prefix(value, "UUID="))
		return set_uuid(spec, ROOT_UUID, value + 5, why, "UUID= needs hex digits and dashes");
	if (has_prefix(value, "LABEL="))
		return set_label(spec, ROOT_LABEL, value + 6, why, "LABEL= is empty");
	if (has_prefix(value, "PARTUUID="))
		return parse_partuuid(spec, value + 9, why);
	if (has_prefix(value, "nfs:")) {	/* dracut: nfs:SERVER:PATH[:OPTS] */
		spec->kind = ROOT_NFS;
		spec->value = value + 4;
		return 0;
	}
	if (has_prefix(value, "live:"))	/* dracut: live:URL, fetched */
		return parse_live(spec, value + 5, why);
	if (has_prefix(value, "PARTLABEL="))
		return set_label(spec, ROOT_PARTLABEL, value + 10, why, "PARTLABEL= is empty");
	if (strchr(value, ':'))
		return parse_majmin(spec, value, why);
	return parse_hex_devt(spec, value, why);
}

/* -- the line --------------------------------------------------------------- */

/* Cuts the word at p out of the line in place, exactly as the kernel's
 * next_arg() does, quirks included: a '"' toggles quoting anywhere in the
 * word but is only removed at the start of the word, at the start of the
 * value and at the very end; an '=' in the first position does not count.
 * Returns where the next word starts. */
static char *next_word(char *p, char **key, char **val)
{
	int quoted = 0, in_quote = 0;
	size_t i, eq = 0;

	if (*p == '"') {
		p++;
		quoted = in_quote = 1;
	}
	for (i = 0; p[i]; i++) {
		if (!in_quote && is_space((unsigned char)p[i]))
			break;
		if (!eq && p[i] == '=')
			eq = i;
		if (p[i] == '"')
			in_quote = !in_quote;
	}
	*key = p;
	*val = NULL;
	if (eq) {
		p[eq] = '\0';
		*val = p + eq + 1;
		if (**val == '"') {
			(*val)++;
			if (p[i - 1] == '"')
				p[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && p[i - 1] == '"')
		p[i - 1] = '\0';
	if (p[i])
		p[i++] = '\0';
	return skip_spaces(p + i);
}

/* The kernel hands words after "--" to init as "key=value" with the
 * value's opening quote removed; rebuild that from the split word. */
static char *rejoin_word(char *key, char *val)
{
	size_t klen;

	if (!val)
		return key;
	klen = strlen(key);
	key[klen] = '=';
	if (val != key + klen + 1)
		memmove(key + klen + 1, val, strlen(val) + 1);
	return key;
}

void bootcfg_fstypes(struct bootcfg *cfg, char *list)
{
	char *item, *comma;

	cfg->nfstypes = 0;
	for (item = list; item; item = comma) {
		comma = strchr(item, ',');
		if (comma)
			*comma++ = '\0';
		if (*item && cfg->nfstypes < MAX_FSTYPES)
			cfg->fstypes[cfg->nfstypes++] = item;
	}
}

/* root_arg must stay as typed for messages, but rootspec_parse rewrites its
 * value in place (lower case, '!' for '/', cut at /PARTNROFF), so the raw
 * text is kept in a buffer of its own. */
static void set_root(struct bootcfg *cfg, char *val)
{
	strcpy(cfg->root_raw, val);
	cfg->root_arg = cfg->root_raw;
	/* On failure rootspec_parse leaves ROOT_INVALID and the reason. */
	rootspec_parse(&cfg->root, val, &cfg->root_err);
}

/* rootwait=N, rootdelay=N: a value that is not a usable count of seconds
 * leaves the earlier setting alone. */
static void set_seconds(int *field, const char *val, int max)
{
	int n;

	if (parse_int(val, &n) == 0 && n >= 0 && n <= max)
		*field = n;
}

/* -- failure policy ---------------------------------------------------------- */

static const char *const emergency_names[] = {
	[EMERG_UNSET] = "default", [EMERG_SHELL] = "shell", [EMERG_REBOOT] = "reboot",
	[EMERG_POWEROFF] = "poweroff", [EMERG_HALT] = "halt", [EMERG_WAIT] = "wait",
};

int root_wait_seconds(const struct bootcfg *cfg)
{
	int secs = cfg->rootwait;

	if (cfg->rd_timeout > 0 && (secs < 0 || secs > cfg->rd_timeout))
		return cfg->rd_timeout;	/* WAIT_DEFAULT and WAIT_FOREVER too */
	return secs == WAIT_DEFAULT ? ROOTWAIT_DEFAULT_S : secs;
}

const char *emergency_name(enum emergency e)
{
	if ((unsigned)e >= sizeof(emergency_names) / sizeof(emergency_names[0]))
		return "?";
	return emergency_names[e];
}

int emergency_parse(const char *name)
{
	for (int e = EMERG_SHELL; e <= EMERG_WAIT; e++)
		if (strcmp(name, emergency_names[e]) == 0)
			return e;
	return -EINVAL;
}

/* rd.emergency=, rd.timeout= and rd.dryrun. A bad policy name is kept for the failure
 * report rather than guessed at; the last good one still holds. */
static int take_policy_word(struct bootcfg *cfg, const char *key, const char *val)
{
	int e;

	if (!val) {
		if (strcmp(key, "rd.dryrun") != 0)
			return 0;
		cfg->dry_run = 1;
		return 1;
	}
	if (strcmp(key, "rd.emergency") == 0) {
		e = emergency_parse(val);
		if (e < 0)
			cfg->emergency_bad = val;
		else
			cfg->emergency = e;
		return 1;
	}
	if (strcmp(key, "rd.timeout") == 0) {
		set_seconds(&cfg->rd_timeout, val, ROOTWAIT_MAX);
		return 1;
	}
	if (strcmp(key, "rd.root.unique") == 0) {
		cfg->root_unique = strcmp(val, "1") == 0;
		return 1;
	}
	return 0;
}

/* -- modules ----------------------------------------------------------------- */

/* Module names compare with '-' and '_' equal (kmod, the kernel's
 * parameq); keep the one spelling the module index uses. */
static void dash_to_underscore(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

/* A comma list of module names, appended to list (as kmod adds every
 * modprobe.blacklist= it finds). Empty items are skipped; names past max
 * are dropped. */
static void add_names(const char **list, int *n, int max, char *val)
{
	char *item, *comma;

	for (item = val; item; item = comma) {
		comma = strchr(item, ',');
		if (comma)
			*comma++ = '\0';
		if (!*item || *n >= max)
			continue;
		dash_to_underscore(item);
		list[(*n)++] = item;
	}
}

/* The module keys: the two blacklists, rd.modules=, and modname.param[=v].
 * Returns 1 if the word was one of them (or a dotted key that is never a
 * module parameter), 0 if take_word should look at it. */
static int take_module_word(struct bootcfg *cfg, char *key, char *val)
{
	char *dot;
	struct modparam *mp;

	if (val && (strcmp(key, "modprobe.blacklist") == 0 ||
		    strcmp(key, "module_blacklist") == 0)) {
		add_names(cfg->mod_blacklist, &cfg->nmod_blacklist, MAX_MODNAMES, val);
		return 1;
	}
	if (val && strcmp(key, "rd.modules") == 0) {
		add_names(cfg->rd_modules, &cfg->nrd_modules, MAX_MODNAMES, val);
		return 1;
	}
	dot = strchr(key, '.');
	if (!dot || dot == key || !dot[1])
		return 0;
	/* rd.* belongs to the initramfs (dracut's convention), modprobe.*
	 * to kmod: neither names a module. */
	if (strncmp(key, "rd.", 3) == 0 || strncmp(key, "modprobe.", 9) == 0)
		return 1;
	if (cfg->nmodparams >= MAX_MODPARAMS)
		return 1;
	*dot = '\0';
	dash_to_underscore(key);
	mp = &cfg->modparams[cfg->nmodparams++];
	mp->module = key;
	mp->param = dot + 1;
	mp->value = val;
	/* next_word drops an opening quote by starting the value after it. */
	mp->quoted = val && val[-1] == '"';
	return 1;
}

/* One word before "--". Keys compare exactly; bare words the kernel's own
 * handlers take only without a value (ro, rw, rootwait) need it bare too,
 * while quiet and debug are early params the kernel takes either way. */
static void take_word(struct bootcfg *cfg, char *key, char *val)
{
	int n;

	if (take_policy_word(cfg, key, val) || take_fwroot_word(&cfg->fw, key, val) ||
	    take_stack_word(&cfg->stack, key, val) ||
	    take_resume_word(&cfg->resume, key, val) || take_fsck_word(&cfg->fsck, key, val) ||
	    take_net_word(&cfg->net, key, val) ||
	    take_module_word(cfg, key, val))
		return;
	if (strcmp(key, "quiet") == 0)
		cfg->quiet = 1;
	else if (strcmp(key, "debug") == 0)
		cfg->debug = 1;
	else if (!val) {
		if (strcmp(key, "ro") == 0)
			cfg->readonly = 1;
		else if (strcmp(key, "rw") == 0)
			cfg->readonly = 0;
		else if (strcmp(key, "rootwait") == 0)
			cfg->rootwait = WAIT_FOREVER;
	} else if (strcmp(key, "root") == 0)
		set_root(cfg, val);
	else if (strcmp(key, "rootfstype") == 0)
		bootcfg_fstypes(cfg, val);
	else if (strcmp(key, "rootflags") == 0)
		cfg->rootflags = val;
	else if (strcmp(key, "rootwait") == 0)
		set_seconds(&cfg->rootwait, val, ROOTWAIT_MAX);
	else if (strcmp(key, "rootdelay") == 0)
		set_seconds(&cfg->rootdelay, val, INT_MAX);
	else if (strcmp(key, "init") == 0)
		cfg->init = val;
	else if (strcmp(key, "panic") == 0 && parse_int(val, &n) == 0) {
		cfg->panic = n;
		cfg->panic_set = 1;
	}
}

static void set_defaults(struct bootcfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->root.kind = ROOT_NONE;
	cfg->readonly = 1;
	cfg->rootwait = WAIT_DEFAULT;
	cfg->net.neednet = -1;
}

/* Copies what fits of the line into buf. /proc/cmdline ends in a newline the
 * kernel never parsed; dropping it keeps it out of an unterminated quote. */
static int copy_line(struct bootcfg *cfg, const char *cmdline)
{
	size_t len = strlen(cmdline);
	int rc = 0;

	if (len > 0 && cmdline[len - 1] == '\n')
		len--;
	if (len > CMDLINE_MAX - 1) {
		len = CMDLINE_MAX - 1;
		rc = -E2BIG;
	}
	memcpy(cfg->buf, cmdline, len);
	cfg->buf[len] = '\0';
	return rc;
}

int bootcfg_parse_policy(struct bootcfg *cfg, const char *cmdline,
			 const struct buildpolicy *bp)
{
	char *p, *key, *val;
	int rc;

	set_defaults(cfg);
	rc = copy_line(cfg, cmdline ? cmdline : "");
	p = skip_spaces(cfg->buf);
	while (*p) {
		p = next_word(p, &key, &val);
		if (!val && strcmp(key, "--") == 0)
			break;
		if (!lockdown_word(cfg, bp, key, val))
			take_word(cfg, key, val);
	}
	while (*p) {
		p = next_word(p, &key, &val);
		/* The real init may read these from /proc/cmdline itself. */
		if (bp && bp->lockdown && !cfg->locked.shell && lockdown_shell_word(key, val))
			cfg->locked.shell = key;
		if (cfg->ninit_args < MAX_INIT_ARGS)
			cfg->init_args[cfg->ninit_args++] = rejoin_word(key, val);
	}
	if (bp)
		lockdown_pin(cfg, bp);
	/* root= means a tag, not a device, once rootfstype= says so, and
	 * rootfstype= may come after root=. */
	vmfs_rootspec(cfg);
	return rc;
}

int bootcfg_parse(struct bootcfg *cfg, const char *cmdline)
{
	return bootcfg_parse_policy(cfg, cmdline, NULL);
}
