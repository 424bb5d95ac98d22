/* stackcfg.c: parses the stacked-root words of the kernel command line
 * into struct stack_cfg (include/stackcfg.h). The LUKS words follow
 * systemd-cryptsetup-generator's grammar:
 *   rd.luks=0                      open nothing
 *   rd.luks.uuid=[luks-]UUID       open this one (repeatable); when any is
 *                                  given, only those
 *   rd.luks.name=UUID=NAME         open it as /dev/mapper/NAME
 *   rd.luks.options=[UUID=]OPTS    crypttab options, for one or for all
 *   rd.luks.key=[UUID=]PATH[:DEV]  a key file, in the image or on DEV
 * the LVM words dracut's: rd.lvm=0, rd.lvm.vg=VG, rd.lvm.lv=VG/LV; and
 * dracut's rd.md=0. Pure code: no I/O. */
#include <string.h>

#include "stackcfg.h"

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int stack_is_uuid(const char *s)
{
	int digits = 0, dashes = 0;

	for (; *s; s++) {
		if (is_hex(*s))
			digits++;
		else if (*s == '-')
			dashes++;
		else
			return 0;
	}
	return digits == 32 && (dashes == 0 || dashes == 4);
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int is_false(const char *v)
{
	return strcmp(v, "0") == 0 || strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	       strcmp(v, "off") == 0;
}

static int is_true(const char *v)
{
	return strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	       strcmp(v, "on") == 0;
}

static int ascii_eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;

		if (x != y)
			return 0;
	}
	return *a == *b;
}

const struct luks_dev *luks_find(const struct luks_cfg *cfg, const char *uuid)
{
	for (int i = 0; i < cfg->n; i++)
		if (ascii_eq_nocase(cfg->dev[i].uuid, uuid))
			return &cfg->dev[i];
	return NULL;
}

/* The entry for uuid (lower-cased in place), added if new; NULL when the
 * table is full. */
static struct luks_dev *luks_entry(struct luks_cfg *cfg, char *uuid)
{
	struct luks_dev *d;

	if (strncmp(uuid, "luks-", 5) == 0)
		uuid += 5;
	lower(uuid);
	d = (struct luks_dev *)luks_find(cfg, uuid);
	if (d)
		return d;
	if (cfg->n >= STACK_MAX_LUKS)
		return NULL;
	d = &cfg->dev[cfg->n++];
	memset(d, 0, sizeof(*d));
	d->uuid = uuid;
	return d;
}

/* "UUID=rest": splits off a leading UUID, returning it (val then points at
 * rest), or NULL when val does not start with one. */
static char *split_uuid(char **val)
{
	char *eq = strchr(*val, '=');
	char *u = *val;

	if (!eq)
		return NULL;
	*eq = '\0';
	if (!stack_is_uuid(strncmp(u, "luks-", 5) == 0 ? u + 5 : u)) {
		*eq = '=';
		return NULL;
	}
	*val = eq + 1;
	return u;
}

/* PATH[:DEV]: the device part, if any, is cut off into *dev. */
static void split_key(char *val, const char **path, const char **dev)
{
	char *colon = strchr(val, ':');

	*dev = NULL;
	if (colon) {
		*colon = '\0';
		*dev = colon[1] ? colon + 1 : NULL;
	}
	*path = val;
}

static int take_luks_uuid(struct luks_cfg *cfg, char *val, const char *name)
{
	struct luks_dev *d;

	if (!stack_is_uuid(strncmp(val, "luks-", 5) == 0 ? val + 5 : val)) {
		cfg->bad = val;
		return 1;
	}
	d = luks_entry(cfg, val);
	if (!d)
		return 1;
	d->wanted = 1;
	if (name)
		d->name = name;
	cfg->named = 1;
	return 1;
}

static int take_luks_word(struct luks_cfg *cfg, char *key, char *val)
{
	struct luks_dev *d;
	char *uuid, *eq;

	if (strncmp(key, "rd.luks", 7) != 0 || (key[7] && key[7] != '.'))
		return 0;
	if (!val) {
		if (key[7])
			return 0;
		return 1;	/* bare rd.luks: the default, on */
	}
	if (strcmp(key, "rd.luks") == 0) {
		if (is_false(val))
			cfg->disabled = 1;
		else if (is_true(val))
			cfg->disabled = 0;
		else
			cfg->bad = val;
		return 1;
	}
	if (strcmp(key, "rd.luks.uuid") == 0)
		return take_luks_uuid(cfg, val, NULL);
	if (strcmp(key, "rd.luks.name") == 0) {
		eq = strchr(val, '=');
		if (!eq || !eq[1]) {
			cfg->bad = val;
			return 1;
		}
		*eq = '\0';
		return take_luks_uuid(cfg, val, eq + 1);
	}
	if (strcmp(key, "rd.luks.options") == 0) {
		uuid = split_uuid(&val);
		if (!uuid)
			cfg->options = val;
		else if ((d = luks_entry(cfg, uuid)))
			d->options = val;
		return 1;
	}
	if (strcmp(key, "rd.luks.key") == 0) {
		uuid = split_uuid(&val);
		if (val[0] != '/') {
			cfg->bad = val;
			return 1;
		}
		if (!uuid)
			split_key(val, &cfg->key, &cfg->keydev);
		else if ((d = luks_entry(cfg, uuid)))
			split_key(val, &d->key, &d->keydev);
		return 1;
	}
	return 0;
}

static void add_name(const char **list, int *n, const char *val)
{
	if (*val && *n < STACK_MAX_LVM)
		list[(*n)++] = val;
}

static int take_lvm_word(struct lvm_cfg *cfg, const char *key, const char *val)
{
	if (!val)
		return 0;
	if (strcmp(key, "rd.lvm") == 0) {
		cfg->disabled = is_false(val);
		return 1;
	}
	if (strcmp(key, "rd.lvm.vg") == 0) {
		add_name(cfg->vg, &cfg->nvg, val);
		return 1;
	}
	if (strcmp(key, "rd.lvm.lv") == 0) {
		/* VG/LV; dracut takes a bare name as a VG's too, but lvm
		 * needs the VG to find an LV, so only the full form. */
		if (strchr(val, '/') && val[0] != '/')
			add_name(cfg->lv, &cfg->nlv, val);
		return 1;
	}
	return 0;
}

int take_stack_word(struct stack_cfg *cfg, char *key, char *val)
{
	if (take_luks_word(&cfg->luks, key, val) || take_lvm_word(&cfg->lvm, key, val))
		return 1;
	if (val && strcmp(key, "rd.md") == 0) {
		cfg->md_disabled = is_false(val);
		return 1;
	}
	return 0;
}

/* crypttab options and the cryptsetup open arguments they become. */
static const struct {
	const char *opt;
	const char *arg;
	int valued;		/* opt=VALUE becomes arg=VALUE */
} luks_opts[] = {
	{ "discard", "--allow-discards", 0 },
	{ "readonly", "--readonly", 0 },
	{ "read-only", "--readonly", 0 },
	{ "same-cpu-crypt", "--perf-same_cpu_crypt", 0 },
	{ "submit-from-crypt-cpus", "--perf-submit_from_crypt_cpus", 0 },
	{ "no-read-workqueue", "--perf-no_read_workqueue", 0 },
	{ "no-write-workqueue", "--perf-no_write_workqueue", 0 },
	{ "keyfile-offset", "--keyfile-offset", 1 },
	{ "keyfile-size", "--keyfile-size", 1 },
	{ "header", "--header", 1 },
};

static int small_number(const char *s, int *out)
{
	int v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

/* One option: its argument appended to args/buf, or tries/timeout set.
 * 0, or -1 when not understood. */
static int luks_option(char *o, struct luks_args *a)
{
	char *eq = strchr(o, '=');
	const char *val = eq ? eq + 1 : NULL;

	if (eq)
		*eq = '\0';
	if (strcmp(o, "luks") == 0 || strcmp(o, "nofail") == 0 || strcmp(o, "x-initrd.attach") == 0)
		return val ? -1 : 0;	/* what baton does anyway, or means nothing here */
	if (strcmp(o, "tries") == 0)
		return val && small_number(val, &a->tries) == 0 ? 0 : -1;
	if (strcmp(o, "timeout") == 0)
		return val && small_number(val, &a->timeout) == 0 ? 0 : -1;
	for (size_t i = 0; i < sizeof(luks_opts) / sizeof(luks_opts[0]); i++) {
		size_t need, used;

		if (strcmp(o, luks_opts[i].opt) != 0)
			continue;
		if (!!val != luks_opts[i].valued || (val && !*val) || a->n >= LUKS_MAX_ARGS)
			return -1;
		used = a->used;
		need = strlen(luks_opts[i].arg) + (val ? 1 + strlen(val) : 0) + 1;
		if (need > sizeof(a->buf) - used)
			return -1;
		strcpy(a->buf + used, luks_opts[i].arg);
		if (val) {
			strcat(a->buf + used, "=");
			strcat(a->buf + used, val);
		}
		a->arg[a->n++] = a->buf + used;
		a->used += need;
		return 0;
	}
	return -1;
}

int luks_option_args(const char *opts, struct luks_args *a)
{
	char copy[LUKS_ARGS_BUF], *o, *comma;
	size_t len = opts ? strlen(opts) : 0;

	memset(a, 0, sizeof(*a));
	a->tries = 3;		/* systemd-cryptsetup's default */
	if (!opts)
		return 0;
	if (len >= sizeof(copy)) {
		a->bad = 1;
		return -1;
	}
	memcpy(copy, opts, len + 1);
	for (o = copy; o; o = comma) {
		comma = strchr(o, ',');
		if (comma)
			*comma++ = '\0';
		if (*o && luks_option(o, a) < 0 && !a->bad) {
			a->bad = 1;
			/* what was not understood, for the message */
			len = strlen(o);
			if (len >= sizeof(a->bad_opt))
				len = sizeof(a->bad_opt) - 1;
			memcpy(a->bad_opt, o, len);
			a->bad_opt[len] = '\0';
		}
	}
	return a->bad ? -1 : 0;
}
