/* test_modindex.c: the module index (init/modindex.c) on hand-made cases and
 * on the real modules.* set of the test kernel (tools/setup.sh extracts it
 * into ~/.cache/baton/kernel/current; BATON_KDIR overrides). kmod itself is
 * the reference: aliases are resolved and insertion orders computed by
 * `modprobe -R` / `modprobe --show-depends` on the same tree, and the
 * wildcard matcher is compared with fnmatch(3). No test kernel or no
 * modprobe is a failure, never a skip. */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "check.h"
#include "modindex.h"
#include "uevent.h"

#define MSG(s) s, sizeof(s) - 1

/* -- the matcher ------------------------------------------------------------------ */

static const struct {
	const char *pat, *s;
	int want;
} matches[] = {
	{ "abc", "abc", 1 },
	{ "abc", "abd", 0 },
	{ "abc", "ab", 0 },
	{ "ab", "abc", 0 },
	{ "", "", 1 },
	{ "", "a", 0 },
	{ "*", "", 1 },
	{ "*", "anything/at:all", 1 },
	{ "a*", "a", 1 },
	{ "a*c", "abbbc", 1 },
	{ "a*c", "abbbd", 0 },
	{ "a*b*c", "axxbyyc", 1 },
	{ "a*b*c", "axxcyyb", 0 },
	{ "*ab", "aab", 1 },
	{ "*a*a*a*", "aaa", 1 },
	{ "*a*a*a*", "aa", 0 },
	{ "?", "x", 1 },
	{ "?", "", 0 },
	{ "a?c", "abc", 1 },
	{ "[abc]", "b", 1 },
	{ "[abc]", "d", 0 },
	{ "[a-f]x", "cx", 1 },
	{ "[a-f]x", "gx", 0 },
	{ "[!a-f]x", "gx", 1 },
	{ "[!a-f]x", "cx", 0 },
	{ "[^a-f]x", "gx", 1 },
	{ "[]]", "]", 1 },
	{ "[]a]", "a", 1 },
	{ "[a-]", "-", 1 },
	{ "[", "[", 1 },		/* no closing ']': an ordinary '[' */
	{ "a[b", "a[b", 1 },
	{ "\\*", "*", 1 },
	{ "\\*", "x", 0 },
	{ "a\\?c", "a?c", 1 },
	{ "a\\?c", "abc", 0 },
	{ "[\\]]", "]", 1 },
	/* shapes from modules.alias */
	{ "pci:v*d*sv*sd*bc01sc08i02*", "pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02", 1 },
	{ "pci:v*d*sv*sd*bc01sc06i01*", "pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02", 0 },
	{ "virtio:d00000002v*", "virtio:d00000002v00001AF4", 1 },
	{ "virtio:d00000002v*", "virtio:d00000008v00001AF4", 0 },
	{ "scsi:t-0x00*", "scsi:t-0x00", 1 },
	{ "scsi:t-0x0[07e]*", "scsi:t-0x0e", 1 },
	{ "cpu:type:x86,ven*fam*mod*:feature:*0094*",
	  "cpu:type:x86,ven0000fam0006mod003F:feature:,0000,0001,0094,00E5", 1 },
	{ "cpu:type:x86,ven*fam*mod*:feature:*0094*",
	  "cpu:type:x86,ven0000fam0006mod003F:feature:,0000,0001,0095", 0 },
	{ "acpi*:PNP0A0[38]:*", "acpi:PNP0A08:", 1 },
	{ "of:N*T*Cfsl,imx21-uart*", "of:NserialT(null)Cfsl,imx21-uartCfoo", 1 },
};

static void run_match(void)
{
	char name[128];

	for (size_t i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		int got = modalias_match(matches[i].pat, matches[i].s);
		int ref = fnmatch(matches[i].pat, matches[i].s, 0) == 0;

		snprintf(name, sizeof(name), "match/%zu \"%s\" \"%s\"", i, matches[i].pat, matches[i].s);
		CHECK(name, got == matches[i].want && ref == matches[i].want,
		      "got %d, want %d (fnmatch says %d)", got, matches[i].want, ref);
	}
}

/* -- names ---------------------------------------------------------------------- */

static void run_names(void)
{
	static const struct {
		const char *in, *want;
	} names[] = {
		{ "kernel/fs/ext4/ext4.ko", "ext4" },
		{ "kernel/lib/crc-t10dif.ko", "crc_t10dif" },
		{ "kernel/drivers/virtio/virtio_pci.ko.xz", "virtio_pci" },
		{ "usb-storage.ko.zst", "usb_storage" },
		{ "nls_iso8859-1.ko.gz", "nls_iso8859_1" },
		{ "virtio-blk", "virtio_blk" },
		{ "a.kofoo.ko", "a.kofoo" },
		{ "ext4", "ext4" },
	};
	char buf[MODNAME_MAX], name[96], s[32];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(name, sizeof(name), "modname/%s", names[i].in);
		modname_normalize(buf, sizeof(buf), names[i].in);
		CHECK_STR(name, buf, names[i].want);
	}
	CHECK_INT("modname/length-when-cut", modname_normalize(buf, 4, "abcdefg.ko"), 7);
	CHECK_STR("modname/cut", buf, "abc");

	strcpy(s, "platform:leds-gpio");
	modalias_normalize(s);
	CHECK_STR("aliasnorm/dash", s, "platform:leds_gpio");
	strcpy(s, "acpi*:[A-Z]-x[-]:*");
	modalias_normalize(s);
	CHECK_STR("aliasnorm/classes-kept", s, "acpi*:[A-Z]_x[-]:*");
	strcpy(s, "a-[b-c");
	modalias_normalize(s);
	CHECK_STR("aliasnorm/unbalanced", s, "a_[b-c");
}

/* -- a hand-made index ------------------------------------------------------------------ */

static char small_dep[] =
	"# comment\n"
	"kernel/a/top.ko: kernel/b/mid-dle.ko kernel/c/base.ko\n"
	"\n"
	"kernel/b/mid-dle.ko: kernel/c/base.ko\n"
	"kernel/c/base.ko:\n"
	"kernel/d/cyc1.ko:\n"
	"kernel/d/cyc2.ko:\n"
	"kernel/d/soft.ko:\n"
	"kernel/d/post.ko:\n"
	"kernel/x/bad line without colon\n"
	"kernel/e/needs-missing.ko: kernel/z/missing.ko kernel/c/base.ko\n";
static char small_builtin[] = "kernel/fs/binfmt_script.ko\nunix\n";
static char small_alias[] =
	"alias pci:v0000ABCDd* top\n"
	"alias pci:v0000ABCDd0000000[12]* mid-dle\n"
	"alias fs-top top\n"
	"alias soft-alias soft\n"
	"alias thing nosuchmodule\n"
	"alias broken\n";
static char small_softdep[] =
	"softdep top pre: soft-alias post: post\n"
	"softdep cyc1 pre: cyc2\n"
	"softdep cyc2 pre: cyc1\n"
	"softdep base ignored words\n";

static const char *plan_str(struct modindex *ix, const char *const *names, int n)
{
	static char out[512];
	int q[64], nq = 0;

	for (int i = 0; i < n; i++) {
		int m = modindex_find(ix, names[i]);

		if (m >= 0)
			modindex_plan(ix, m, q, &nq, 64);
	}
	out[0] = '\0';
	for (int i = 0; i < nq; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? " " : "",
			 ix->mods[q[i]].name);
	return out;
}

static void reset_states(struct modindex *ix)
{
	for (int m = 0; m < ix->nmods; m++)
		ix->mods[m].state = MOD_NEW;
}

static void run_small(void)
{
	struct modindex ix;
	int out[8], n, m, blocker = -1;

	modindex_init(&ix);
	CHECK_INT("small/dep", modindex_add_dep(&ix, small_dep), 0);
	CHECK_INT("small/builtin", modindex_add_builtin(&ix, small_builtin), 0);
	CHECK_INT("small/alias", modindex_add_alias(&ix, small_alias), 0);
	CHECK_INT("small/softdep", modindex_add_softdep(&ix, small_softdep), 0);
	CHECK_INT("small/finish", modindex_finish(&ix), 0);
	/* 8 dep lines + 2 built-in; skipped: the colon-less line, the missing
	 * dependency, the alias of an unknown module and the broken alias. */
	CHECK_INT("small/nmods", ix.nmods, 10);
	CHECK_INT("small/skipped", ix.skipped, 4);
	m = modindex_find(&ix, "mid_dle");
	CHECK("small/find-dash-underscore", m >= 0 && m == modindex_find(&ix, "mid-dle") &&
	      strcmp(ix.mods[m].path, "kernel/b/mid-dle.ko") == 0, "m %d", m);
	m = modindex_find(&ix, "binfmt_script");
	CHECK("small/builtin-flag", m >= 0 && ix.mods[m].builtin && !ix.mods[m].path, "m %d", m);

	n = modindex_lookup(&ix, "pci:v0000ABCDd00000001sv0", out, 8);
	CHECK("small/lookup-two-aliases", n == 2 && strcmp(ix.mods[out[0]].name, "top") == 0 &&
	      strcmp(ix.mods[out[1]].name, "mid_dle") == 0, "n %d", n);
	n = modindex_lookup(&ix, "pci:v0000ABCDd00000003", out, 8);
	CHECK("small/lookup-one-alias", n == 1 && strcmp(ix.mods[out[0]].name, "top") == 0, "n %d", n);
	CHECK_INT("small/lookup-none", modindex_lookup(&ix, "pci:v00001234d0", out, 8), 0);
	n = modindex_lookup(&ix, "mid-dle", out, 8);
	CHECK("small/lookup-name-first", n == 1 && strcmp(ix.mods[out[0]].name, "mid_dle") == 0,
	      "n %d", n);
	n = modindex_lookup(&ix, "pci:v0000ABCDd00000001", out, 1);
	CHECK_INT("small/lookup-count-beyond-max", n, 2);

	/* softdep pre first, then the deps (each with theirs), then the
	 * module, then softdep post. */
	{
		const char *top[] = { "top" };

		CHECK_STR("small/plan-top", plan_str(&ix, top, 1), "base mid_dle soft top post");
		CHECK_STR("small/plan-again-nothing", plan_str(&ix, top, 1), "");
	}
	reset_states(&ix);
	{
		const char *cyc[] = { "cyc1" };

		CHECK_STR("small/plan-softdep-cycle-ends", plan_str(&ix, cyc, 1), "cyc2 cyc1");
		m = modindex_find(&ix, "cyc1");
		CHECK_INT("small/cycle-not-ready", modindex_ready(&ix, m, NULL), 0);
	}
	reset_states(&ix);
	{
		const char *b[] = { "binfmt_script", "needs-missing" };

		CHECK_STR("small/plan-builtin-and-missing-dep", plan_str(&ix, b, 2), "base needs_missing");
		m = modindex_find(&ix, "binfmt_script");
		CHECK_INT("small/builtin-done", ix.mods[m].state, MOD_DONE);
	}

	/* Readiness follows the states of hard deps and pre softdeps. */
	reset_states(&ix);
	{
		const char *top[] = { "top" };
		int t = modindex_find(&ix, "top"), mid = modindex_find(&ix, "mid_dle");
		int base = modindex_find(&ix, "base"), soft = modindex_find(&ix, "soft");

		plan_str(&ix, top, 1);
		CHECK_INT("small/ready-not-yet", modindex_ready(&ix, t, NULL), 0);
		CHECK_INT("small/ready-base", modindex_ready(&ix, base, NULL), 1);
		ix.mods[base].state = MOD_DONE;
		ix.mods[mid].state = MOD_DONE;
		CHECK_INT("small/ready-waits-softdep", modindex_ready(&ix, t, NULL), 0);
		ix.mods[soft].state = MOD_FAILED;
		CHECK_INT("small/ready-failed-softdep-ok", modindex_ready(&ix, t, NULL), 1);
		ix.mods[mid].state = MOD_FAILED;
		CHECK("small/ready-failed-dep-never", modindex_ready(&ix, t, &blocker) == -1 &&
		      blocker == mid, "blocker %d", blocker);
	}
	modindex_free(&ix);
}

/* -- what asking for a module came to ---------------------------------------------------- */

/* modindex_result: the one answer modprobe's exit status and
 * modules_load give. States are set as the loader leaves them. */
static const struct {
	const char *name;
	const char *blacklist;	/* modprobe.blacklist= */
	const char *asked;
	const char *states;	/* "mod=D" done, F failed (-ENOEXEC), S skipped, Q queued */
	int want;
} results[] = {
	{ "done", "", "top", "top=D", 0 },
	{ "failed", "", "top", "top=F", -ENOEXEC },
	{ "blacklisted", "top", "top", "top=S", -EPERM },
	{ "dep-blacklisted", "base", "top", "base=S top=S", -EPERM },
	{ "dep-failed", "", "top", "mid_dle=F top=S", -ENOEXEC },
	{ "not-needed", "", "top", "top=S base=D mid_dle=D", 0 },	/* another has its algorithms */
	{ "builtin", "", "binfmt_script", "binfmt_script=D", 0 },
	{ "builtin-blacklisted", "binfmt_script", "binfmt_script", "binfmt_script=D", 0 },
	{ "softdep-failed-ok", "", "top", "soft=F top=D", 0 },
	{ "not-settled", "", "top", "top=Q", -EAGAIN },
};

static void run_result(void)
{
	static struct bootcfg cfg;
	struct modindex ix;
	char line[128], states[128];
	int m;

	/* Copies: the parser cuts its text up in place, and run_small
	 * parses the same texts. */
	char *t[4] = { strdup(small_dep), strdup(small_builtin), strdup(small_alias),
		       strdup(small_softdep) };

	modindex_init(&ix);
	modindex_add_dep(&ix, t[0]);
	modindex_add_builtin(&ix, t[1]);
	modindex_add_alias(&ix, t[2]);
	modindex_add_softdep(&ix, t[3]);
	modindex_finish(&ix);
	for (size_t i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		char name[96], *tok, *save = NULL;

		reset_states(&ix);
		snprintf(line, sizeof(line), "modprobe.blacklist=%s", results[i].blacklist);
		bootcfg_parse(&cfg, line);
		modindex_blacklist(&ix, &cfg);
		snprintf(states, sizeof(states), "%s", results[i].states);
		for (tok = strtok_r(states, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			char *eq = strchr(tok, '=');

			*eq = '\0';
			m = modindex_find(&ix, tok);
			if (m < 0)
				break;		/* the case's mistake: its check fails */
			ix.mods[m].state = eq[1] == 'D' ? MOD_DONE : eq[1] == 'F' ? MOD_FAILED :
					   eq[1] == 'S' ? MOD_SKIPPED : MOD_QUEUED;
			ix.mods[m].err = eq[1] == 'F' ? -ENOEXEC : 0;
		}
		snprintf(name, sizeof(name), "result/%s", results[i].name);
		m = modindex_find(&ix, results[i].asked);
		CHECK_INT(name, m >= 0 ? modindex_result(&ix, m) : -999, results[i].want);
	}
	bootcfg_parse(&cfg, "");
	modindex_blacklist(&ix, &cfg);
	modindex_free(&ix);
	for (int k = 0; k < 4; k++)
		free(t[k]);
}

/* -- command line: blacklist and parameters ----------------------------------------------- */

static void run_params(void)
{
	static struct bootcfg cfg;
	char buf[256];
	size_t n;

	bootcfg_parse(&cfg, "root=/dev/vda1 virtio-blk.queue_depth=77 virtio_blk.poll_queues=2 "
		      "foo.bar=1 mod.p=\"a b\" libata.noacpi virtio_blk.queue_depth=78 ro "
		      "mix.p=a\" b\" mix.q=\"x y\"z");
	modparams_for(&cfg, "virtio_blk", buf, sizeof(buf));
	CHECK_STR("params/virtio_blk", buf, "queue_depth=77 poll_queues=2 queue_depth=78");
	modparams_for(&cfg, "virtio-blk", buf, sizeof(buf));
	CHECK_STR("params/dash-name", buf, "queue_depth=77 poll_queues=2 queue_depth=78");
	modparams_for(&cfg, "mod", buf, sizeof(buf));
	CHECK_STR("params/quoted", buf, "p=\"a b\"");
	/* Quotes and blanks together: passed as typed, so the module's
	 * parser (the kernel's next_arg) splits them as the cmdline did. */
	modparams_for(&cfg, "mix", buf, sizeof(buf));
	CHECK_STR("params/quotes-and-blanks", buf, "p=a\" b\" q=\"x y\"z\"");
	modparams_for(&cfg, "libata", buf, sizeof(buf));
	CHECK_STR("params/bare", buf, "noacpi");
	modparams_for(&cfg, "ext4", buf, sizeof(buf));
	CHECK_STR("params/none", buf, "");
	n = modparams_for(&cfg, "virtio_blk", buf, 10);
	CHECK("params/too-long", n == strlen("queue_depth=77 poll_queues=2 queue_depth=78") &&
	      strcmp(buf, "queue_dep") == 0, "n %zu buf \"%s\"", n, buf);
}

/* -- uevents ---------------------------------------------------------------------------- */

static void run_uevent(void)
{
	const char *a;

	a = uevent_modalias(MSG("add@/devices/pci0000:00/0000:00:04.0/virtio1\0ACTION=add\0"
		"DEVPATH=/devices/pci0000:00/0000:00:04.0/virtio1\0SUBSYSTEM=virtio\0"
		"MODALIAS=virtio:d00000002v00001AF4\0SEQNUM=901\0"));
	CHECK_STR("uevent/modalias", a, "virtio:d00000002v00001AF4");
	a = uevent_modalias(MSG("remove@/x\0ACTION=remove\0MODALIAS=virtio:d00000002v00001AF4\0"));
	CHECK("uevent/modalias-remove", a == NULL, "got %s", a);
	a = uevent_modalias(MSG("bind@/x\0ACTION=bind\0MODALIAS=pci:v1\0"));
	CHECK("uevent/modalias-bind", a == NULL, "got %s", a);
	a = uevent_modalias(MSG("add@/x\0ACTION=add\0SUBSYSTEM=block\0DEVNAME=vda\0"));
	CHECK("uevent/no-modalias", a == NULL, "got %s", a);
	a = uevent_modalias(MSG("add@/x\0ACTION=add\0MODALIAS=\0"));
	CHECK("uevent/empty-modalias", a == NULL, "got %s", a);
	a = uevent_modalias("add@/x\0ACTION=add\0MODALIAS=pci:v1", 33);
	CHECK("uevent/unterminated", a == NULL, "got %s", a);
}

/* -- the real module set ------------------------------------------------------------------- */

static char kdir[1024], kver[128], mdir[1200];
static char *texts[4];
static struct modindex real;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[len] = '\0';
	fclose(f);
	return buf;
}

static int count_lines(const char *path, const char *prefix)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, prefix, strlen(prefix)) == 0)
			n++;
	fclose(f);
	return n;
}

static int load_real(void)
{
	static const char *const files[4] = { "modules.dep", "modules.builtin", "modules.alias",
					      "modules.softdep" };
	static int (*const add[4])(struct modindex *, char *) = {
		modindex_add_dep, modindex_add_builtin, modindex_add_alias, modindex_add_softdep,
	};
	const char *home = getenv("HOME");
	char path[1400];
	FILE *f;

	if (getenv("BATON_KDIR"))
		snprintf(kdir, sizeof(kdir), "%s", getenv("BATON_KDIR"));
	else
		snprintf(kdir, sizeof(kdir), "%s/.cache/baton/kernel/current", home ? home : "");
	snprintf(path, sizeof(path), "%s/version", kdir);
	f = fopen(path, "r");
	if (!f || !fgets(kver, sizeof(kver), f)) {
		printf("not ok modindex/test-kernel - no test kernel at %s (%s): run tools/setup.sh (make check does)\n",
		       kdir, path);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	kver[strcspn(kver, "\n")] = '\0';
	snprintf(mdir, sizeof(mdir), "%s/root/lib/modules/%s", kdir, kver);
	modindex_init(&real);
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", mdir, files[i]);
		texts[i] = slurp(path);
		if (!texts[i]) {
			printf("not ok modindex/test-kernel - cannot read %s: %s (run tools/setup.sh)\n", path,
			       strerror(errno));
			return -1;
		}
		if (add[i](&real, texts[i]) < 0) {
			printf("not ok modindex/real-parse - out of memory on %s\n", path);
			return -1;
		}
	}
	modindex_finish(&real);
	return 0;
}

static FILE *modprobe(const char *args)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd),
		 "PATH=$PATH:/usr/sbin:/sbin; modprobe -C /dev/null -d '%s/root' -S '%s' %s 2>/dev/null",
		 kdir, kver, args);
	return popen(cmd, "r");
}

static int have_modprobe(void)
{
	return system("PATH=$PATH:/usr/sbin:/sbin; command -v modprobe >/dev/null 2>&1") == 0;
}

static void run_real_counts(void)
{
	char path[1400];
	int deps, builtins, aliases, missing = 0;

	snprintf(path, sizeof(path), "%s/modules.dep", mdir);
	deps = count_lines(path, "kernel/");
	snprintf(path, sizeof(path), "%s/modules.builtin", mdir);
	builtins = count_lines(path, "kernel/");
	snprintf(path, sizeof(path), "%s/modules.alias", mdir);
	aliases = count_lines(path, "alias ");
	CHECK("real/modules", deps > 1000 && real.nmods == deps + builtins,
	      "%d modules, modules.dep %d + modules.builtin %d lines", real.nmods, deps, builtins);
	CHECK("real/aliases", aliases > 1000 && real.naliases == aliases, "%d aliases, %d lines",
	      real.naliases, aliases);
	CHECK_INT("real/nothing-skipped", real.skipped, 0);
	for (int m = 0; m < real.nmods; m++)
		if (!real.mods[m].path && !real.mods[m].builtin)
			missing++;
	CHECK_INT("real/every-module-has-a-file-or-is-builtin", missing, 0);
}

/* Names in a kmod output, one a line, deduplicated, space separated. */
static void read_names(FILE *p, char *out, size_t n, int show_depends)
{
	char line[2048], name[MODNAME_MAX];

	out[0] = '\0';
	while (fgets(line, sizeof(line), p)) {
		char *w = line;

		line[strcspn(line, "\n")] = '\0';
		if (show_depends) {
			if (strncmp(line, "insmod ", 7) != 0)
				continue;
			w = line + 7;
			w[strcspn(w, " ")] = '\0';
		}
		modname_normalize(name, sizeof(name), w);
		if (!name[0])
			continue;
		{
			char pad[MODNAME_MAX + 2];

			snprintf(pad, sizeof(pad), " %s ", name);
			if (strstr(out, pad))
				continue;
		}
		if (strlen(out) + strlen(name) + 3 < n)
			snprintf(out + strlen(out), n - strlen(out), " %s ", name);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted words of s, space separated, for set comparison. */
static const char *sorted(const char *s, char *out, size_t n)
{
	char tmp[4096], *w[256], *p;
	int k = 0;

	snprintf(tmp, sizeof(tmp), "%s", s);
	for (p = strtok(tmp, " "); p && k < 256; p = strtok(NULL, " "))
		w[k++] = p;
	qsort(w, (size_t)k, sizeof(w[0]), cmp_str);
	out[0] = '\0';
	for (int i = 0; i < k; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? " " : "", w[i]);
	return out;
}

static void our_lookup(const char *alias, char *out, size_t n)
{
	int r[256];
	int k = modindex_lookup(&real, alias, r, 256);

	out[0] = '\0';
	for (int i = 0; i < k && i < 256; i++)
		snprintf(out + strlen(out), n - strlen(out), " %s ", real.mods[r[i]].name);
}

static void check_alias(const char *name, const char *alias, const char *must)
{
	char args[1200], ref[4096], got[4096], a[4096], b[4096];
	FILE *p;

	snprintf(args, sizeof(args), "-R '%s'", alias);
	p = modprobe(args);
	if (!p) {
		CHECK(name, 0, "cannot run modprobe");
		return;
	}
	read_names(p, ref, sizeof(ref), 0);
	pclose(p);
	our_lookup(alias, got, sizeof(got));
	sorted(ref, a, sizeof(a));
	sorted(got, b, sizeof(b));
	CHECK(name, strcmp(a, b) == 0 && (!must || strstr(got, must)),
	      "alias %s: modprobe -R says [%s], we say [%s]%s%s", alias, a, b, must ? ", must have" : "",
	      must ? must : "");
}

/* Devices qemu gives the tests, and names the kernel asks for. */
static void run_real_aliases(void)
{
	static const struct {
		const char *name, *alias, *must;
	} cases[] = {
		{ "virtio-blk-device", "virtio:d00000002v00001AF4", " virtio_blk " },
		{ "virtio-scsi-device", "virtio:d00000008v00001AF4", " virtio_scsi " },
		{ "virtio-pci-blk", "pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00", " virtio_pci " },
		{ "virtio-pci-modern", "pci:v00001AF4d00001042sv00001AF4sd00001100bc01sc80i00", " virtio_pci " },
		{ "qemu-nvme", "pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02", " nvme " },
		{ "qemu-ahci", "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01", " ahci " },
		{ "piix3-ide", "pci:v00008086d00007010sv00001AF4sd00001100bc01sc01i80", " ata_piix " },
		{ "scsi-disk", "scsi:t-0x00", " sd_mod " },
		{ "scsi-cdrom", "scsi:t-0x05", " sr_mod " },
		{ "fs-ext4", "fs-ext4", " ext4 " },
		{ "fs-vfat", "fs-vfat", " vfat " },
		{ "crypto-crc32c", "crypto-crc32c", " crc32c_intel " },
		{ "module-name", "ext4", " ext4 " },
		{ "module-name-dash", "crc-t10dif", " crc_t10dif " },
		{ "platform-dash", "platform:leds-gpio", NULL },
		{ "cpu-features", "cpu:type:x86,ven0000fam0006mod003F:feature:,0000,0001,0002,0003,0004,"
		  "0005,0006,0007,0008,0009,000B,000C,000D,000E,000F,0010,0011,0013,0015,0016,0017,0018,"
		  "0019,001A,001B,001C,001D,001F,002B,0034,003A,003B,003D,0068,006F,0070,0072,0074,0075,"
		  "0076,0080,0081,0083,0087,0089,008C,008D,0091,0093,0094,0095,0096,0097,0098,0099,009A,"
		  "009D,00C0,00C5,00E1,00E3,00E4,00E6,00E7,00EB,00EC,00F0,00F1,00F3,00F5,00F6,00F9,00FA,"
		  "00FB,00FD,00FF,0120,0123,0125,0127,0128,0129,012A,012D,0140,0165,024A,025A,025B,025C,"
		  "025D,025F", " crc32c_intel " },
		{ "nothing", "pci:v0000FFFFd0000FFFFsv0000FFFFsd0000FFFFbcFFscFFiFF", NULL },
	};
	char name[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "real/alias/%s", cases[i].name);
		check_alias(name, cases[i].alias, cases[i].must);
	}
}

/* A concrete string an alias pattern matches: '*' as nothing, '?' and
 * classes as their first character. */
static void instantiate(const char *pat, char *out, size_t n)
{
	size_t k = 0;

	for (const char *p = pat; *p && k + 1 < n; p++) {
		if (*p == '*')
			continue;
		if (*p == '?') {
			out[k++] = '0';
		} else if (*p == '[') {
			const char *close = strchr(p + 2, ']');

			if (!close) {
				out[k++] = '[';
				continue;
			}
			out[k++] = p[1] == '!' || p[1] == '^' ? '~' : p[1];
			p = close;
		} else if (*p == '\\' && p[1]) {
			out[k++] = *++p;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
}

/* Every 97th alias of the real set, made concrete, resolved by us and by
 * kmod: the same modules. */
static void run_real_sample(void)
{
	char s[1024], name[1100];
	int bad = 0, n = 0;

	for (int a = 0; a < real.naliases; a += 97) {
		char ref[4096], got[4096], x[4096], y[4096], args[1200];
		FILE *p;

		instantiate(real.aliases[a].pattern, s, sizeof(s));
		if (strchr(s, '\'') || !s[0])
			continue;
		snprintf(args, sizeof(args), "-R '%s'", s);
		p = modprobe(args);
		if (!p)
			break;
		read_names(p, ref, sizeof(ref), 0);
		pclose(p);
		our_lookup(s, got, sizeof(got));
		n++;
		if (strcmp(sorted(ref, x, sizeof(x)), sorted(got, y, sizeof(y))) != 0) {
			bad++;
			snprintf(name, sizeof(name), "real/sample/%s", s);
			CHECK(name, 0, "modprobe -R [%s], we [%s]", x, y);
		}
	}
	CHECK("real/sample-aliases-agree-with-kmod", n > 100 && bad == 0, "%d of %d differ", bad, n);
}

/* Is every word of sub in s, in the same order? */
static int subsequence(const char *sub, const char *s)
{
	char tmp[4096], pad[MODNAME_MAX + 2];
	const char *at = s;

	snprintf(tmp, sizeof(tmp), "%s", sub);
	for (char *w = strtok(tmp, " "); w; w = strtok(NULL, " ")) {
		snprintf(pad, sizeof(pad), " %s ", w);
		at = strstr(at, pad);
		if (!at)
			return 0;
		at += strlen(pad) - 1;
	}
	return 1;
}

/* Is module x a softdep target of a module in q? */
static int softdep_target(const int *q, int nq, int x)
{
	for (int k = 0; k < nq; k++) {
		const struct modentry *e = &real.mods[q[k]];

		for (int i = 0; i < e->npre; i++)
			if (real.links[e->pre0 + i] == x)
				return 1;
		for (int i = 0; i < e->npost; i++)
			if (real.links[e->post0 + i] == x)
				return 1;
	}
	return 0;
}

/* Insertion order: ours against kmod's --show-depends, first occurrences.
 * Equal, except where a module has several softdep lines: kmod 30 reads
 * the first only, so ours may hold more softdep targets (btrfs's sha256,
 * xxhash64, crc32c), kmod's order kept around them. */
static void run_real_order(void)
{
	static const struct {
		const char *name;
		int exact;
	} mods[] = {
		{ "ext4", 1 }, { "sd_mod", 1 }, { "nvme", 1 }, { "ahci", 1 }, { "virtio_scsi", 1 },
		{ "virtio_blk", 1 }, { "virtio_pci", 1 }, { "xfs", 1 }, { "f2fs", 1 }, { "uas", 1 },
		{ "sdhci_pci", 1 }, { "vfat", 1 }, { "erofs", 1 }, { "overlay", 1 }, { "btrfs", 0 },
	};
	char name[96];

	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		char args[256], ref[4096], got[4096], pad[MODNAME_MAX + 2];
		int q[512], nq = 0, m, extras_ok = 1;
		FILE *p;

		snprintf(args, sizeof(args), "--show-depends %s", mods[i].name);
		p = modprobe(args);
		if (!p)
			break;
		read_names(p, ref, sizeof(ref), 1);
		pclose(p);
		reset_states(&real);
		m = modindex_find(&real, mods[i].name);
		got[0] = '\0';
		if (m >= 0)
			modindex_plan(&real, m, q, &nq, 512);
		for (int k = 0; k < nq; k++) {
			snprintf(got + strlen(got), sizeof(got) - strlen(got), " %s ", real.mods[q[k]].name);
			snprintf(pad, sizeof(pad), " %s ", real.mods[q[k]].name);
			if (!strstr(ref, pad) && !softdep_target(q, nq, q[k]))
				extras_ok = 0;
		}
		snprintf(name, sizeof(name), "real/order/%s", mods[i].name);
		if (mods[i].exact)
			CHECK(name, m >= 0 && ref[0] && strcmp(ref, got) == 0,
			      "modprobe --show-depends:%s; we:%s", ref, got);
		else
			CHECK(name, m >= 0 && ref[0] && subsequence(ref, got) && extras_ok &&
			      strcmp(ref, got) != 0, "modprobe --show-depends:%s; we:%s", ref, got);
	}
	reset_states(&real);
}

/* Blacklisting on the real set: a blacklisted softdep target is left out,
 * a blacklisted hard dependency blocks its dependents. */
static void run_real_blacklist(void)
{
	static struct bootcfg cfg;
	int q[64], nq = 0, ext4, jbd2, vs, blocker = -1;
	char got[1024] = "";

	bootcfg_parse(&cfg, "modprobe.blacklist=crc32c-intel module_blacklist=virtio_scsi");
	CHECK_INT("real/blacklist-found", modindex_blacklist(&real, &cfg), 2);
	reset_states(&real);
	ext4 = modindex_find(&real, "ext4");
	modindex_plan(&real, ext4, q, &nq, 64);
	for (int k = 0; k < nq; k++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", k ? " " : "",
			 real.mods[q[k]].name);
	CHECK_STR("real/blacklist-softdep-left-out", got, "crc32c_generic jbd2 mbcache crc16 ext4");
	CHECK_INT("real/blacklisted-skipped", real.mods[modindex_find(&real, "crc32c_intel")].state,
		  MOD_SKIPPED);
	vs = modindex_find(&real, "virtio_scsi");
	nq = 0;
	CHECK("real/blacklisted-not-queued", modindex_plan(&real, vs, q, &nq, 64) >= 0 &&
	      real.mods[vs].state == MOD_SKIPPED && nq == 0, "nq %d state %d", nq, real.mods[vs].state);

	bootcfg_parse(&cfg, "modprobe.blacklist=jbd2");
	modindex_blacklist(&real, &cfg);
	reset_states(&real);
	nq = 0;
	modindex_plan(&real, ext4, q, &nq, 64);
	jbd2 = modindex_find(&real, "jbd2");
	for (int k = 0; k < nq; k++)
		if (q[k] != ext4)
			real.mods[q[k]].state = MOD_DONE;
	CHECK("real/blacklisted-dep-blocks", real.mods[jbd2].state == MOD_SKIPPED &&
	      modindex_ready(&real, ext4, &blocker) == -1 && blocker == jbd2,
	      "jbd2 state %d, blocker %d", real.mods[jbd2].state, blocker);
	bootcfg_parse(&cfg, "");
	modindex_blacklist(&real, &cfg);
	reset_states(&real);
}

/* Crypto implementations are alternatives: one loaded is enough. */
static void run_real_provider(void)
{
	static const struct {
		const char *name, *done, *failed, *want;	/* want: the provider, or "" */
	} cases[] = {
		{ "crc32c_generic", "crc32c_intel", NULL, "crc32c_intel" },
		{ "crc32c_intel", "crc32c_generic", NULL, "crc32c_generic" },
		{ "crc32c_generic", NULL, NULL, "" },
		{ "crc32c_generic", NULL, "crc32c_intel", "" },
		{ "ext4", "jbd2", NULL, "" },			/* no crypto alias */
		{ "virtio_blk", "virtio_pci", NULL, "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[128];
		int m = modindex_find(&real, cases[i].name), p;

		reset_states(&real);
		if (cases[i].done)
			real.mods[modindex_find(&real, cases[i].done)].state = MOD_DONE;
		if (cases[i].failed)
			real.mods[modindex_find(&real, cases[i].failed)].state = MOD_FAILED;
		p = m >= 0 ? modindex_provider(&real, m) : -3;
		snprintf(name, sizeof(name), "real/provider/%zu-%s", i, cases[i].name);
		CHECK_STR(name, p >= 0 ? real.mods[p].name : p == -1 ? "" : "(error)", cases[i].want);
	}
	reset_states(&real);
}

int main(void)
{
	run_match();
	run_names();
	run_result();
	run_small();
	run_params();
	run_uevent();
	if (load_real() < 0)
		return 1;
	run_real_counts();
	if (!have_modprobe()) {
		printf("not ok modindex/modprobe - modprobe (kmod) not found: apt-get install kmod\n");
		return 1;
	}
	run_real_aliases();
	run_real_sample();
	run_real_order();
	run_real_blacklist();
	run_real_provider();
	modindex_free(&real);
	for (int i = 0; i < 4; i++)
		free(texts[i]);
	return CHECK_EXIT();
}
