/* stack.c: stacked roots through the image's own tools. A LUKS device is
 * opened by cryptsetup (the passphrase asked on the console by cryptsetup
 * itself, one try per run so baton counts them), an LVM physical volume's
 * volume groups are activated by lvm, an MD member is handed to mdadm
 * --incremental; whatever device comes out is identified like a disk, so
 * any stack (LUKS on MD, LVM on LUKS, LUKS on LVM) unwinds one layer per
 * pass. Nothing is written to a member except what those tools do.
 *
 * The state of which devices were looked at lives here, not in the boot
 * config: it is the memory of what was run, which only this file reads. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "dirread.h"
#include "log.h"
#include "runtool.h"
#include "stack.h"
#include "sys.h"

#define TOOL_TIMEOUT_MS	120000	/* lvm, mdadm, cryptsetup with a key file:
				 * a slow PBKDF under emulation included */
#define KEYDEV_MNT	"/run/baton/key"
#define MAX_SEEN	64
#define MAX_ROUNDS	8	/* layers unwound in one call */
#define OUT_MAX		1024

enum layer { L_NONE, L_LUKS, L_LVM, L_MD };
enum why {
	W_PENDING,	/* not yet acted on (a key device not there yet) */
	W_OPENED,	/* the tool succeeded */
	W_NO_TOOL,
	W_NO_MODULE,	/* err: modules_load's answer (-ENOENT, -EIO ...) */
	W_BLACKLISTED,	/* its module is blacklisted on the command line */
	W_FAILED,	/* the tool failed: err is its status or -errno */
	W_WRONG_PASS,
	W_DISABLED,	/* rd.luks=0, rd.lvm=0, rd.md=0 */
	W_NOT_NAMED,	/* rd.luks.uuid= (or the record) names others */
	W_WAITING,	/* LVM/MD: members still missing */
};

struct seen {
	char name[32];
	char uuid[40];
	enum layer layer;
	enum why why;
	int err;
	int tries;
	int asked;	/* named on the command line or in the record */
};

static const struct bootcfg *stack_cfg;
static struct seen seen[MAX_SEEN];
static int nseen;
static long long paused_ms;
static int md_waiting;
static char lvm_last[OUT_MAX];	/* the last failed activation's words */
static char record[2048];
static int record_read;

/* -- the generator's record (STACK_RECORD) ------------------------------------ */

static const char *record_text(void)
{
	if (!record_read) {
		record_read = 1;
		if (read_text(STACK_RECORD, record, sizeof(record)) < 0)
			record[0] = '\0';
	}
	return record;
}

/* The value of the record line "KIND KEY VALUE" (KEY case-insensitive for
 * UUIDs), copied to out; 1 found, 0 not. key NULL: any line of KIND. */
static int record_find(const char *kind, const char *key, char *out, size_t n)
{
	const char *p = record_text();
	size_t klen = strlen(kind);

	while (*p) {
		const char *end = strchr(p, '\n'), *f;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char line[256];

		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			if (strncmp(line, kind, klen) == 0 && line[klen] == ' ') {
				f = line + klen + 1;
				if (!key)
					return 1;
				if (strncasecmp(f, key, strlen(key)) == 0 && f[strlen(key)] == ' ') {
					if (out)
						fmt(out, n, "%s", f + strlen(key) + 1);
					return 1;
				}
				if (strcasecmp(f, key) == 0) {
					if (out && n)
						out[0] = '\0';
					return 1;
				}
			}
		}
		p += len + (end ? 1 : 0);
	}
	return 0;
}

/* -- helpers -------------------------------------------------------------------- */

static struct seen *seen_of(const char *name)
{
	for (int i = 0; i < nseen; i++)
		if (strcmp(seen[i].name, name) == 0)
			return &seen[i];
	if (nseen == MAX_SEEN)
		return NULL;
	memset(&seen[nseen], 0, sizeof(seen[0]));
	fmt(seen[nseen].name, sizeof(seen[0].name), "%s", name);
	return &seen[nseen++];
}

static void mkdirs(const char *const *dirs)
{
	for (; *dirs; dirs++)
		mkdir(*dirs, 0755);
}

/* The kernel part each layer's tool needs, and the profile that adds
 * both to the image. */
static const struct layer_need {
	const char *what;	/* the member, as the messages call it */
	const char *module;	/* as modules_load takes it */
	const char *feature;	/* what the kernel lacks without it */
	const char *profile;	/* baton-mkinitramfs -p */
} needs[] = {
	[L_LUKS] = { "LUKS device", "dm_crypt", "dm-crypt", "luks" },
	[L_LVM] = { "LVM physical volume", "dm_mod", "device-mapper", "lvm" },
	[L_MD] = { "MD RAID member", "md_mod", "MD driver", "md" },
};

/* Loads the module layer l needs through baton's own loader (modprobe's
 * answer, init/modload.c), so what is missing is said once, precisely:
 * 1 there; 0 not, with s->why and s->err set and the reason said. */
static int have_module(enum layer l, const char *what, struct seen *s)
{
	const struct layer_need *n = &needs[l];
	int err = modules_load(stack_cfg, n->module);

	if (err == 0)
		return 1;
	s->err = err;
	if (err == -EPERM) {
		logmsg(LOG_ERR, "%s: module %s is blacklisted on the command line (modprobe.blacklist=, "
		       "module_blacklist=): left alone", what, n->module);
		s->why = W_BLACKLISTED;
	} else if (err == -ENOENT) {
		logmsg(LOG_ERR, "%s: the kernel has no %s and the image no %s module: rebuild with "
		       "baton-mkinitramfs -p %s", what, n->feature, n->module, n->profile);
		s->why = W_NO_MODULE;
	} else {
		logerr(LOG_ERR, err, "%s: module %s did not load", what, n->module);
		s->why = W_NO_MODULE;
	}
	return 0;
}

static void say_tool_error(const char *what, const char *tool, int rc, const char *out)
{
	const char *why = tool_strerror(rc);
	const char *nl;
	char first[200];

	if (rc < 0 && why)
		logmsg(LOG_ERR, "%s: cannot run %s: %s", what, tool, why);
	else if (rc < 0)
		logerr(LOG_ERR, rc, "%s: cannot run %s", what, tool);
	else {
		/* The tool's own first line says why best. */
		nl = out ? strchr(out, '\n') : NULL;
		fmt(first, sizeof(first), "%s", out ? out : "");
		if (nl && (size_t)(nl - out) < sizeof(first))
			first[nl - out] = '\0';
		logmsg(LOG_ERR, "%s: %s exited %d%s%s", what, tool, rc, first[0] ? ": " : "", first);
		if (rc == 127 && out && strstr(out, "shared librar"))
			logmsg(LOG_ERR, "a library %s needs is not in the image: rebuild it with baton-mkinitramfs", tool);
	}
}

/* -- LUKS --------------------------------------------------------------------------- */

/* The key file cryptsetup reads: in the image, or on keydev, which is
 * mounted read-only for the moment (out then under KEYDEV_MNT). 1 when out
 * holds one, 0 for none, -ENOENT when keydev is not there (yet). */
static int key_path(const struct devlist *devs, const char *key, const char *keydev,
		    char *out, size_t n, int *mounted)
{
	char spec_text[256], node[64];
	struct root_spec spec;
	const struct blockdev *d;
	int i;

	*mounted = 0;
	if (!key)
		return 0;
	if (!keydev) {
		fmt(out, n, "%s", key);
		return 1;
	}
	fmt(spec_text, sizeof(spec_text), "%s", keydev);
	if (rootspec_parse(&spec, spec_text, NULL) < 0)
		return -EINVAL;
	i = root_find(&spec, devs);
	if (i < 0)
		return -ENOENT;
	d = &devs->dev[i];
	blockdev_path(d, node, sizeof(node));
	mkdirs((const char *const[]){ "/run/baton", KEYDEV_MNT, NULL });
	if (mount(node, KEYDEV_MNT, d->id.type[0] ? d->id.type : "ext4", MS_RDONLY, NULL) < 0)
		return -errno;
	*mounted = 1;
	fmt(out, n, KEYDEV_MNT "%s", key);
	return 1;
}

/* cryptsetup open [options] [--key-file K | --tries 1] DEV NAME. */
static int run_cryptsetup(const struct blockdev *dev, const char *name, const struct luks_args *a,
			  const char *keyfile, char *out, size_t outn)
{
	char node[64], keyarg[300], timeout[32];
	const char *argv[8 + LUKS_MAX_ARGS];
	int n = 0;
	struct tool_run r = { .path = STACK_CRYPTSETUP, .argv = argv };
	long long t0 = now_ms();
	int rc;

	blockdev_path(dev, node, sizeof(node));
	argv[n++] = "cryptsetup";
	argv[n++] = "open";
	argv[n++] = "--type=luks";
	for (int i = 0; i < a->n; i++)
		argv[n++] = a->arg[i];
	if (keyfile) {
		fmt(keyarg, sizeof(keyarg), "--key-file=%s", keyfile);
		argv[n++] = keyarg;
		r.out = out;
		r.out_size = outn;
		r.timeout_ms = TOOL_TIMEOUT_MS;
	} else {
		argv[n++] = "--tries=1";
		if (a->timeout > 0) {
			fmt(timeout, sizeof(timeout), "--timeout=%d", a->timeout);
			argv[n++] = timeout;
		}
		r.flags = RUN_CONSOLE;
		r.timeout_ms = -1;	/* cryptsetup's --timeout bounds the prompt */
	}
	argv[n++] = node;
	argv[n++] = name;
	argv[n] = NULL;
	rc = tool_run(&r);
	if (!keyfile)
		paused_ms += now_ms() - t0;
	return rc;
}

/* cryptsetup's exit status 2: no key slot opened with what it was given. */
#define CRYPTSETUP_BAD_KEY	2

static int luks_with_key(const struct devlist *devs, const struct blockdev *dev, struct seen *s,
			 const char *name, const struct luks_args *a, const char *key,
			 const char *keydev)
{
	char keyfile[300], out[OUT_MAX], what[160];
	int mounted, rc = key_path(devs, key, keydev, keyfile, sizeof(keyfile), &mounted);

	fmt(what, sizeof(what), "LUKS device %s (UUID=%s)", dev->name, dev->id.uuid);
	if (rc == -ENOENT && keydev)
		return -EAGAIN;		/* the key's device may come later */
	if (rc < 0) {
		logerr(LOG_ERR, rc, "%s: cannot mount %s for the key file %s; asking for the passphrase",
		       what, keydev, key);
		return -ENOKEY;
	}
	if (access(keyfile, R_OK) < 0) {
		logmsg(LOG_ERR, "%s: key file %s%s%s not found (rd.luks.key=); asking for the passphrase",
		       what, key, keydev ? " on " : " in the image", keydev ? keydev : "");
		if (mounted)
			umount2(KEYDEV_MNT, 0);
		return -ENOKEY;
	}
	rc = run_cryptsetup(dev, name, a, keyfile, out, sizeof(out));
	if (mounted)
		umount2(KEYDEV_MNT, 0);
	if (rc == 0)
		return 0;
	if (rc == CRYPTSETUP_BAD_KEY) {
		logmsg(LOG_ERR, "%s: the key file %s opens no key slot; asking for the passphrase",
		       what, key);
		return -ENOKEY;
	}
	say_tool_error(what, "cryptsetup", rc, out);
	s->err = rc;
	return -EIO;
}

static int luks_with_passphrase(const struct blockdev *dev, struct seen *s, const char *name,
				const struct luks_args *a)
{
	int rc;

	logmsg(LOG_NOTICE, "LUKS device %s (UUID=%s) asks for its passphrase on the console",
	       dev->name, dev->id.uuid);
	for (s->tries = 1;; s->tries++) {
		rc = run_cryptsetup(dev, name, a, NULL, NULL, 0);
		if (rc == 0)
			return 0;
		if (rc != CRYPTSETUP_BAD_KEY) {
			say_tool_error("LUKS device", "cryptsetup", rc, NULL);
			s->err = rc;
			return -EIO;
		}
		if (a->tries > 0 && s->tries >= a->tries) {
			logmsg(LOG_ERR, "LUKS device %s (UUID=%s): wrong passphrase %d times; giving up "
			       "(tries=N in rd.luks.options= allows more)", dev->name, dev->id.uuid,
			       s->tries);
			return -EACCES;
		}
		logmsg(LOG_WARNING, "LUKS device %s (UUID=%s): wrong passphrase (try %d of %d)",
		       dev->name, dev->id.uuid, s->tries, a->tries);
	}
}

/* Whether cfg (or, with no rd.luks.uuid/name, the record) asks for this
 * device; with neither, every LUKS device is opened, as dracut does. */
static int luks_wanted(const struct luks_cfg *lc, const char *uuid, char *recname, size_t n)
{
	const struct luks_dev *d = luks_find(lc, uuid);

	recname[0] = '\0';
	if (lc->named)
		return d && d->wanted ? 1 : 0;
	if (record_find("luks", NULL, NULL, 0))
		return record_find("luks", uuid, recname, n) ? 1 : 0;
	return -1;	/* nobody said: open it all the same */
}

static int luks_open(const struct bootcfg *cfg, const struct devlist *devs,
		     const struct blockdev *dev, struct seen *s)
{
	const struct luks_cfg *lc = &cfg->stack.luks;
	const struct luks_dev *d = luks_find(lc, dev->id.uuid);
	char recname[128], name[160];
	struct luks_args a;
	const char *key, *keydev;
	int rc, wanted = luks_wanted(lc, dev->id.uuid, recname, sizeof(recname));

	s->asked = wanted > 0;
	if (lc->disabled) {
		logmsg(LOG_INFO, "rd.luks=0: LUKS device %s (UUID=%s) left closed", dev->name, dev->id.uuid);
		return s->why = W_DISABLED, 0;
	}
	if (!wanted) {
		logmsg(LOG_INFO, "LUKS device %s (UUID=%s) left closed: %s names others", dev->name,
		       dev->id.uuid, lc->named ? "rd.luks.uuid=/rd.luks.name=" : "the image's record");
		return s->why = W_NOT_NAMED, 0;
	}
	if (access(STACK_CRYPTSETUP, F_OK) < 0) {
		logmsg(LOG_ERR, "LUKS device %s (UUID=%s) found, but no cryptsetup in the image: "
		       "rebuild with baton-mkinitramfs -p luks", dev->name, dev->id.uuid);
		return s->why = W_NO_TOOL, 0;
	}
	fmt(name, sizeof(name), "LUKS device %s (UUID=%s)", dev->name, dev->id.uuid);
	if (!have_module(L_LUKS, name, s))
		return 0;
	if (d && d->name)
		fmt(name, sizeof(name), "%s", d->name);
	else if (recname[0])
		fmt(name, sizeof(name), "%s", recname);
	else
		fmt(name, sizeof(name), "luks-%s", dev->id.uuid);
	if (luks_option_args(d && d->options ? d->options : lc->options, &a) < 0)
		logmsg(LOG_WARNING, "rd.luks.options: %s not understood; ignored", a.bad_opt);
	mkdirs((const char *const[]){ "/run/cryptsetup", NULL });
	key = d && d->key ? d->key : lc->key;
	keydev = d && d->key ? d->keydev : lc->keydev;
	rc = key ? luks_with_key(devs, dev, s, name, &a, key, keydev) : -ENOKEY;
	if (rc == -EAGAIN)
		return 0;	/* W_PENDING: again when the next device comes */
	if (rc == -ENOKEY)
		rc = luks_with_passphrase(dev, s, name, &a);
	if (rc == 0) {
		logmsg(LOG_INFO, "LUKS device %s (UUID=%s) opened as /dev/mapper/%s", dev->name,
		       dev->id.uuid, name);
		s->why = W_OPENED;
		return 1;
	}
	s->why = rc == -EACCES ? W_WRONG_PASS : W_FAILED;
	return 0;
}

/* -- LVM ---------------------------------------------------------------------------- */

/* One "lvm CMD -ay --sysinit NAMES..." run; 0 or its status / -errno. */
static int lvm_run(const char *cmd, const char *const *names, int n, char *out, size_t outn)
{
	const char *argv[6 + STACK_MAX_LVM];
	int a = 0;
	struct tool_run r = { .path = STACK_LVM, .argv = argv, .timeout_ms = TOOL_TIMEOUT_MS,
			      .out = out, .out_size = outn };

	argv[a++] = "lvm";
	argv[a++] = cmd;
	argv[a++] = "-ay";
	argv[a++] = "--sysinit";
	for (int i = 0; i < n && i < STACK_MAX_LVM; i++)
		argv[a++] = names[i];
	argv[a] = NULL;
	return tool_run(&r);
}

/* The LVs baton-mkinitramfs -H recorded ("lvm VG/LV" lines), into rec. */
static int recorded_lvs(char rec[][128], const char **names)
{
	const char *p = record_text();
	int n = 0;

	while (n < STACK_MAX_LVM && (p = strstr(p, "lvm ")) && (p == record || p[-1] == '\n')) {
		size_t len = strcspn(p + 4, "\n");

		if (len < 128) {
			memcpy(rec[n], p + 4, len);
			rec[n][len] = '\0';
			names[n] = rec[n];
			n++;
		}
		p += 4 + len;
	}
	return n;
}

/* What dracut activates: the LVs rd.lvm.lv= names (lvchange) and the VGs
 * rd.lvm.vg= names (vgchange), both when both are given; with neither,
 * the LVs the record names, else every VG. 0 when every run succeeded,
 * else the first failing run's status (its words in out). */
static int lvm_run_activation(const struct bootcfg *cfg, char *out, size_t n)
{
	const struct lvm_cfg *lc = &cfg->stack.lvm;
	char rec[STACK_MAX_LVM][128], more[OUT_MAX];
	const char *names[STACK_MAX_LVM];
	int rc = 0, r, nrec;

	if (lc->nlv)
		rc = lvm_run("lvchange", lc->lv, lc->nlv, out, n);
	if (lc->nvg) {
		r = lvm_run("vgchange", lc->vg, lc->nvg, rc ? more : out, rc ? sizeof(more) : n);
		rc = rc ? rc : r;
	}
	if (lc->nlv || lc->nvg)
		return rc;
	nrec = recorded_lvs(rec, names);
	return lvm_run(nrec ? "lvchange" : "vgchange", names, nrec, out, n);
}

static int lvm_activate(const struct bootcfg *cfg, const struct blockdev *dev, struct seen *s)
{
	char out[OUT_MAX];
	int rc;

	if (cfg->stack.lvm.disabled) {
		logmsg(LOG_INFO, "rd.lvm=0: LVM physical volume %s left alone", dev->name);
		return s->why = W_DISABLED, 0;
	}
	if (access(STACK_LVM, F_OK) < 0) {
		logmsg(LOG_ERR, "LVM physical volume %s (UUID=%s) found, but no lvm in the image: "
		       "rebuild with baton-mkinitramfs -p lvm", dev->name, dev->id.uuid);
		return s->why = W_NO_TOOL, 0;
	}
	fmt(out, sizeof(out), "LVM physical volume %s", dev->name);
	if (!have_module(L_LVM, out, s))
		return 0;
	mkdirs((const char *const[]){ "/run/lvm", "/run/lock", "/run/lock/lvm", NULL });
	rc = lvm_run_activation(cfg, out, sizeof(out));
	if (rc == 0) {
		logmsg(LOG_INFO, "LVM physical volume %s: logical volumes activated", dev->name);
		s->why = W_OPENED;
		return 1;
	}
	if (rc < 0 || rc == 127) {
		say_tool_error("LVM", "lvm", rc, out);
		s->err = rc;
		return s->why = W_FAILED, 0;
	}
	/* Usually a volume group still missing a PV: more may come. */
	fmt(lvm_last, sizeof(lvm_last), "%s", out);
	logmsg(LOG_INFO, "LVM physical volume %s: nothing to activate yet (lvm exited %d)", dev->name, rc);
	s->why = W_WAITING;
	return 0;
}

/* -- MD ------------------------------------------------------------------------------ */

static int md_incremental(const struct bootcfg *cfg, const struct blockdev *dev, struct seen *s)
{
	char node[64], out[OUT_MAX];
	const char *argv[] = { "mdadm", "--incremental", node, NULL };
	struct tool_run r = { .path = STACK_MDADM, .argv = argv, .timeout_ms = TOOL_TIMEOUT_MS,
			      .out = out, .out_size = sizeof(out) };
	int rc;

	if (cfg->stack.md_disabled) {
		logmsg(LOG_INFO, "rd.md=0: MD member %s left alone", dev->name);
		return s->why = W_DISABLED, 0;
	}
	if (access(STACK_MDADM, F_OK) < 0) {
		logmsg(LOG_ERR, "MD RAID member %s (array UUID=%s) found, but no mdadm in the image: "
		       "rebuild with baton-mkinitramfs -p md", dev->name, dev->id.uuid);
		return s->why = W_NO_TOOL, 0;
	}
	fmt(out, sizeof(out), "MD RAID member %s", dev->name);
	if (!have_module(L_MD, out, s))
		return 0;
	mkdirs((const char *const[]){ "/run/mdadm", NULL });
	blockdev_path(dev, node, sizeof(node));
	rc = tool_run(&r);
	if (rc != 0) {
		say_tool_error("MD", "mdadm --incremental", rc, out);
		s->err = rc;
		return s->why = W_FAILED, 0;
	}
	logmsg(LOG_INFO, "MD RAID member %s: %s", dev->name, out[0] ? out : "taken by mdadm");
	if (strstr(out, "not enough to start")) {
		md_waiting = 1;
		s->why = W_WAITING;
	} else {
		s->why = W_OPENED;
	}
	return 1;
}

/* -- the pass over the devices ------------------------------------------------------ */

static enum layer layer_of(const struct blockdev *d)
{
	if (strcmp(d->id.type, "crypto_LUKS") == 0)
		return L_LUKS;
	if (strcmp(d->id.type, "LVM2_member") == 0)
		return L_LVM;
	if (strcmp(d->id.type, "linux_raid_member") == 0)
		return L_MD;
	return L_NONE;
}

/* A dm or md device is announced before it has a table or runs: size 0.
 * Read it again later rather than taking "empty" for its answer. */
static void forget_empty(struct devlist *devs)
{
	for (int i = 0; i < devs->n; i++)
		if (devs->dev[i].probed != 0 && devs->dev[i].sectors == 0)
			devs->dev[i].probed = 0;	/* an md's read fails: EIO */
}

static int have_stack_tools(void)
{
	static int have = -1;

	if (have < 0)
		have = access(STACK_CRYPTSETUP, X_OK) == 0 || access(STACK_LVM, X_OK) == 0 ||
		       access(STACK_MDADM, X_OK) == 0;
	return have;
}

static int one_pass(const struct bootcfg *cfg, struct devlist *devs)
{
	int done = 0;

	/* Every device read first: a layer may need another device (the one
	 * holding a key file) later in the list, and may be on any device.
	 * Only with the image's tools: without them only what waitroot.c
	 * read (one at a time, likely roots first) matters, and reading
	 * every device here would let a slow disk hold the root wait. */
	for (int i = 0; have_stack_tools() && i < devs->n; i++)
		blockdev_identify(&devs->dev[i]);
	for (int i = 0; i < devs->n; i++) {
		struct blockdev *d = &devs->dev[i];
		struct seen *s;

		if (d->probed <= 0 || layer_of(d) == L_NONE)
			continue;
		s = seen_of(d->name);
		if (!s || (s->layer != L_NONE && s->why != W_PENDING))
			continue;
		s->layer = layer_of(d);
		fmt(s->uuid, sizeof(s->uuid), "%s", d->id.uuid);
		if (s->layer == L_LUKS)
			done += luks_open(cfg, devs, d, s);
		else if (s->layer == L_LVM)
			done += lvm_activate(cfg, d, s);
		else
			done += md_incremental(cfg, d, s);
	}
	return done;
}

void stack_begin(const struct bootcfg *cfg)
{
	stack_cfg = cfg;
}

int stack_activate(struct devlist *devs)
{
	const struct bootcfg *cfg = stack_cfg;
	int total = 0, n;

	if (!cfg)
		return 0;

	for (int round = 0; round < MAX_ROUNDS; round++) {
		forget_empty(devs);
		n = one_pass(cfg, devs);
		if (!n)
			break;
		total += n;
		/* What the tools made: their uevents may be queued still. */
		blockdev_scan(devs, &cfg->root);
	}
	return total;
}

long long stack_take_paused_ms(void)
{
	long long p = paused_ms;

	paused_ms = 0;
	return p;
}

/* -- degraded MD ---------------------------------------------------------------------- */

long long stack_degrade_at(long long start, int secs)
{
	if (secs < 0)
		secs = ROOTWAIT_DEFAULT_S;
	return start + secs * 2000LL / 3;
}

int stack_md_waiting(void)
{
	return md_waiting;
}

static int md_start_degraded(const char *md, int secs)
{
	char path[96], state[32], disks[16], degraded[16], node[48];
	const char *argv[] = { "mdadm", "--run", node, NULL };
	char out[OUT_MAX];
	struct tool_run r = { .path = STACK_MDADM, .argv = argv, .timeout_ms = TOOL_TIMEOUT_MS,
			      .out = out, .out_size = sizeof(out) };
	int rc;

	fmt(path, sizeof(path), "/sys/block/%s/md/array_state", md);
	if (read_text(path, state, sizeof(state)) < 0 || strcmp(state, "inactive") != 0)
		return 0;
	fmt(node, sizeof(node), "/dev/%s", md);
	rc = tool_run(&r);
	if (rc != 0) {
		say_tool_error("MD degraded start", "mdadm --run", rc, out);
		return 0;
	}
	fmt(path, sizeof(path), "/sys/block/%s/md/raid_disks", md);
	if (read_text(path, disks, sizeof(disks)) < 0)
		fmt(disks, sizeof(disks), "?");
	fmt(path, sizeof(path), "/sys/block/%s/md/degraded", md);
	if (read_text(path, degraded, sizeof(degraded)) < 0)
		fmt(degraded, sizeof(degraded), "?");
	logmsg(LOG_WARNING, "MD array %s started degraded after %d s (2/3 of the root wait): "
	       "%s of its %s members missing", md, secs, degraded, disks);
	return 1;
}

int stack_degrade(struct devlist *devs, int secs)
{
	struct dirread d;
	const struct kdirent *e;
	int started = 0;

	md_waiting = 0;
	if (dir_open(&d, AT_FDCWD, "/sys/block") < 0)
		return 0;
	while ((e = dir_next(&d)))
		if (strncmp(e->name, "md", 2) == 0)
			started += md_start_degraded(e->name, (secs < 0 ? ROOTWAIT_DEFAULT_S : secs) * 2 / 3);
	dir_close(&d);
	if (started)
		stack_activate(devs);
	return started;
}

/* -- the report ------------------------------------------------------------------------- */

static void explain_lvm(void)
{
	char out[OUT_MAX];
	const char *argv[] = { "lvm", "vgs", "--noheadings", "-o", "vg_name,pv_count,vg_missing_pv_count",
			 NULL };
	struct tool_run r = { .path = STACK_LVM, .argv = argv, .timeout_ms = 30000, .out = out,
			      .out_size = sizeof(out) };
	char *line, *next;
	int said = 0;

	if (tool_run(&r) >= 0)
		for (line = out; line && *line; line = next) {
			char vg[128], pvs[16], missing[16];
			const char *p = line;
			size_t len;

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (strstr(line, "WARNING") || strstr(line, "  Couldn't"))
				continue;
			/* "  vg0   2   1" */
			char *fields[3] = { vg, pvs, missing };
			int f = 0;

			for (; f < 3; f++) {
				while (*p == ' ' || *p == '\t')
					p++;
				len = strcspn(p, " \t");
				if (!len || len >= sizeof(vg))
					break;
				memcpy(fields[f], p, len);
				fields[f][len] = '\0';
				p += len;
			}
			if (f == 3 && strcmp(missing, "0") != 0) {
				logmsg(LOG_ERR, "LVM volume group %s still waits for %s of its %s physical "
				       "volumes: attach the missing disk(s)", vg, missing, pvs);
				said = 1;
			}
		}
	if (!said && lvm_last[0])
		logmsg(LOG_ERR, "LVM: nothing could be activated; lvm said: %s", lvm_last);
}

/* The kernel part a layer needed and did not get (have_module). */
static void explain_module(const struct seen *s, const char *is)
{
	const struct layer_need *n = &needs[s->layer];

	if (s->why == W_BLACKLISTED)
		logmsg(LOG_ERR, "%s %s UUID=%s (%s) but module %s is blacklisted on the command line: "
		       "remove it from modprobe.blacklist= / module_blacklist=", is, n->what, s->uuid,
		       s->name, n->module);
	else if (s->err == -ENOENT)
		logmsg(LOG_ERR, "%s %s UUID=%s (%s) but the kernel has no %s: rebuild with "
		       "baton-mkinitramfs -p %s", is, n->what, s->uuid, s->name, n->feature, n->profile);
	else
		logerr(LOG_ERR, s->err, "%s %s UUID=%s (%s) but module %s did not load", is, n->what,
		       s->uuid, s->name, n->module);
}

void stack_explain(const struct bootcfg *cfg, const struct devlist *devs)
{
	int lvm_waiting = 0;

	(void)devs;
	for (int i = 0; i < nseen; i++) {
		const struct seen *s = &seen[i];
		const char *is = s->asked ? "root is on" : "the root may be on";

		if (s->why == W_NO_MODULE || s->why == W_BLACKLISTED) {
			explain_module(s, is);
			continue;
		}
		switch (s->layer) {
		case L_LUKS:
			if (s->why == W_NO_TOOL)
				logmsg(LOG_ERR, "%s LUKS device UUID=%s (%s) but no cryptsetup in the image: "
				       "rebuild with baton-mkinitramfs -p luks", is, s->uuid, s->name);
			else if (s->why == W_WRONG_PASS)
				logmsg(LOG_ERR, "LUKS device UUID=%s (%s) stayed closed: wrong passphrase %d times",
				       s->uuid, s->name, s->tries);
			else if (s->why == W_FAILED)
				logmsg(LOG_ERR, "LUKS device UUID=%s (%s) stayed closed: cryptsetup failed (%d)",
				       s->uuid, s->name, s->err);
			else if (s->why == W_PENDING)
				logmsg(LOG_ERR, "LUKS device UUID=%s (%s) stayed closed: the device holding its "
				       "key file (rd.luks.key=...:DEVICE) never appeared", s->uuid, s->name);
			else if (s->why == W_DISABLED)
				logmsg(LOG_ERR, "LUKS device UUID=%s (%s) left closed: rd.luks=0", s->uuid, s->name);
			else if (s->why == W_NOT_NAMED)
				logmsg(LOG_ERR, "LUKS device UUID=%s (%s) left closed: not named by rd.luks.uuid= "
				       "or rd.luks.name=", s->uuid, s->name);
			break;
		case L_LVM:
			if (s->why == W_NO_TOOL)
				logmsg(LOG_ERR, "%s LVM physical volume UUID=%s (%s) but no lvm in the image: "
				       "rebuild with baton-mkinitramfs -p lvm", is, s->uuid, s->name);
			else if (s->why == W_WAITING)
				lvm_waiting = 1;
			break;
		case L_MD:
			if (s->why == W_NO_TOOL)
				logmsg(LOG_ERR, "%s MD RAID member %s (array UUID=%s) but no mdadm in the image: "
				       "rebuild with baton-mkinitramfs -p md", is, s->name, s->uuid);
			break;
		case L_NONE:
			break;
		}
	}
	if (lvm_waiting && access(STACK_LVM, X_OK) == 0)
		explain_lvm();
	(void)cfg;
}
