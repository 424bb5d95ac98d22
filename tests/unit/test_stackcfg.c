/* test_stackcfg.c: the stacked-root words (rd.luks.*, rd.lvm.*, rd.md)
 * through bootcfg_parse, LUKS options as cryptsetup arguments, and the
 * dm-name forms root=/dev/mapper/NAME and /dev/VG/LV. */
#include <errno.h>

#include "blockdev.h"
#include "bootcfg.h"
#include "check.h"
#include "stackcfg.h"

#define U1 "b007ab1e-1000-4000-8000-00000000c0de"
#define U2 "0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9"

static struct bootcfg cfg;

struct luks_case {
	const char *name;
	const char *line;
	int disabled, named, n;
	const char *uuid0, *name0, *opts0, *key0, *keydev0;
	const char *opts, *key, *keydev, *bad;
};

static const struct luks_case luks_cases[] = {
	{ "none", "root=/dev/vda", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "off", "rd.luks=0", 1, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "off-no", "rd.luks=no", 1, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "off-then-on", "rd.luks=0 rd.luks=1", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "bad-switch", "rd.luks=maybe", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "maybe" },
	{ "uuid", "rd.luks.uuid=" U1, 0, 1, 1, U1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "uuid-prefix-upper", "rd.luks.uuid=luks-" U2, 0, 1, 1,
	  "0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "uuid-bad", "rd.luks.uuid=notauuid", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "notauuid" },
	{ "name", "rd.luks.name=" U1 "=cryptroot", 0, 1, 1, U1, "cryptroot", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "name-no-name", "rd.luks.name=" U1 "=", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, U1 "=" },
	{ "name-and-uuid-once", "rd.luks.uuid=" U1 " rd.luks.name=" U1 "=r", 0, 1, 1, U1, "r", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "options-all", "rd.luks.options=discard,tries=5", 0, 0, 0, NULL, NULL, NULL, NULL, NULL,
	  "discard,tries=5", NULL, NULL, NULL },
	{ "options-one", "rd.luks.options=" U1 "=discard", 0, 0, 1, U1, NULL, "discard", NULL, NULL, NULL, NULL, NULL, NULL },
	{ "options-with-equals", "rd.luks.options=keyfile-size=32", 0, 0, 0, NULL, NULL, NULL, NULL, NULL,
	  "keyfile-size=32", NULL, NULL, NULL },
	{ "key-image", "rd.luks.key=/etc/k", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, "/etc/k", NULL, NULL },
	{ "key-device", "rd.luks.key=/k.bin:LABEL=usbkey", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL,
	  "/k.bin", "LABEL=usbkey", NULL },
	{ "key-one", "rd.luks.uuid=" U1 " rd.luks.key=" U1 "=/k:UUID=1234", 0, 1, 1, U1, NULL, NULL, "/k", "UUID=1234",
	  NULL, NULL, NULL, NULL },
	{ "key-relative", "rd.luks.key=k.bin", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "k.bin" },
	{ "not-luks-key", "rd.lukswhatever=1", 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

static void luks_case(const struct luks_case *c)
{
	const struct luks_cfg *l = &cfg.stack.luks;
	char n[96];

	bootcfg_parse(&cfg, c->line);
#define NAME(f) (snprintf(n, sizeof(n), "luks-%s-%s", c->name, f), n)
	CHECK_INT(NAME("disabled"), l->disabled, c->disabled);
	CHECK_INT(NAME("named"), l->named, c->named);
	CHECK_INT(NAME("count"), l->n, c->n);
	if (c->n) {
		CHECK_STR(NAME("uuid"), l->dev[0].uuid, c->uuid0);
		CHECK_STR(NAME("name"), l->dev[0].name, c->name0);
		CHECK_STR(NAME("dev-options"), l->dev[0].options, c->opts0);
		CHECK_STR(NAME("dev-key"), l->dev[0].key, c->key0);
		CHECK_STR(NAME("dev-keydev"), l->dev[0].keydev, c->keydev0);
	}
	CHECK_STR(NAME("options"), l->options, c->opts);
	CHECK_STR(NAME("key"), l->key, c->key);
	CHECK_STR(NAME("keydev"), l->keydev, c->keydev);
	CHECK_STR(NAME("bad"), l->bad, c->bad);
	/* rd.* words never become module parameters */
	CHECK_INT(NAME("no-modparam"), cfg.nmodparams, 0);
#undef NAME
}

static void lvm_md(void)
{
	bootcfg_parse(&cfg, "rd.lvm.vg=vg0 rd.lvm.vg=data rd.lvm.lv=vg0/root rd.lvm.lv=bare rd.md=0");
	CHECK_INT("lvm-vg-count", cfg.stack.lvm.nvg, 2);
	CHECK_STR("lvm-vg-1", cfg.stack.lvm.vg[1], "data");
	CHECK_INT("lvm-lv-count", cfg.stack.lvm.nlv, 1);
	CHECK_STR("lvm-lv", cfg.stack.lvm.lv[0], "vg0/root");
	CHECK_INT("lvm-enabled", cfg.stack.lvm.disabled, 0);
	CHECK_INT("md-disabled", cfg.stack.md_disabled, 1);
	bootcfg_parse(&cfg, "rd.lvm=0");
	CHECK_INT("lvm-disabled", cfg.stack.lvm.disabled, 1);
	CHECK_INT("md-default-on", cfg.stack.md_disabled, 0);
}

struct opt_case {
	const char *name, *opts;
	int ret, n;
	const char *arg0, *arg1;
	int tries, timeout;
	const char *bad;
};

static const struct opt_case opt_cases[] = {
	{ "none", NULL, 0, 0, NULL, NULL, 3, 0, "" },
	{ "discard", "discard", 0, 1, "--allow-discards", NULL, 3, 0, "" },
	{ "several", "discard,readonly,tries=1,timeout=30", 0, 2, "--allow-discards", "--readonly", 1, 30, "" },
	{ "valued", "keyfile-offset=512,keyfile-size=64", 0, 2, "--keyfile-offset=512", "--keyfile-size=64", 3, 0, "" },
	{ "workqueues", "no-read-workqueue,no-write-workqueue", 0, 2, "--perf-no_read_workqueue",
	  "--perf-no_write_workqueue", 3, 0, "" },
	{ "tries-unbounded", "tries=0", 0, 0, NULL, NULL, 0, 0, "" },
	{ "unknown", "discard,bogus,readonly", -1, 2, "--allow-discards", "--readonly", 3, 0, "bogus" },
	{ "value-missing", "keyfile-size", -1, 0, NULL, NULL, 3, 0, "keyfile-size" },
	{ "value-unwanted", "discard=1", -1, 0, NULL, NULL, 3, 0, "discard" },
	{ "bad-tries", "tries=x", -1, 0, NULL, NULL, 3, 0, "tries" },
	{ "empty-items", ",,discard,", 0, 1, "--allow-discards", NULL, 3, 0, "" },
	{ "luks-nofail", "luks,nofail,x-initrd.attach", 0, 0, NULL, NULL, 3, 0, "" },
};

static void opt_case(const struct opt_case *c)
{
	struct luks_args a;
	char n[96];
	int r = luks_option_args(c->opts, &a);

#define NAME(f) (snprintf(n, sizeof(n), "luks-options-%s-%s", c->name, f), n)
	CHECK_INT(NAME("ret"), r, c->ret);
	CHECK_INT(NAME("count"), a.n, c->n);
	if (c->n > 0)
		CHECK_STR(NAME("arg0"), a.arg[0], c->arg0);
	if (c->n > 1)
		CHECK_STR(NAME("arg1"), a.arg[1], c->arg1);
	CHECK_INT(NAME("tries"), a.tries, c->tries);
	CHECK_INT(NAME("timeout"), a.timeout, c->timeout);
	CHECK_STR(NAME("bad"), a.bad_opt, c->bad);
#undef NAME
}

struct dm_case {
	const char *dm, *want;
	int ret;
};

static const struct dm_case dm_cases[] = {
	{ "vg0-root", "vg0!root", 0 },
	{ "debian--vg-root", "debian-vg!root", 0 },
	{ "vg-my--lv--x", "vg!my-lv-x", 0 },
	{ "luks-abc", "luks!abc", 0 },
	{ "cryptroot", NULL, -EINVAL },
	{ "-x", NULL, -EINVAL },
	{ "x-", NULL, -EINVAL },
	{ "a-b-c", NULL, -EINVAL },
};

static void dm_names(void)
{
	struct blockdev d = { .name = "dm-0" };
	struct root_spec s;
	char v[64], out[64], n[96];

	for (size_t i = 0; i < sizeof(dm_cases) / sizeof(dm_cases[0]); i++) {
		int r = lvm_dm_devname(dm_cases[i].dm, out, sizeof(out));

		snprintf(n, sizeof(n), "lvm-dm-name-%s", dm_cases[i].dm);
		CHECK_INT(n, r, dm_cases[i].ret);
		if (r == 0)
			CHECK_STR(n, out, dm_cases[i].want);
	}
	CHECK_INT("lvm-dm-name-too-long", lvm_dm_devname("vg-root", out, 4), -ENAMETOOLONG);
	strcpy(d.dmname, "debian--vg-root");
	strcpy(v, "/dev/debian-vg/root");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("root-vg-lv-needs-probe", root_needs_probe(&s), 1);
	CHECK_INT("root-vg-lv-matches", root_matches(&s, &d), 1);
	strcpy(v, "/dev/mapper/debian--vg-root");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("root-mapper-matches", root_matches(&s, &d), 1);
	strcpy(v, "/dev/mapper/other");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("root-mapper-other", root_matches(&s, &d), 0);
	strcpy(v, "/dev/dm-0");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("root-dm-kernel-name", root_matches(&s, &d), 1);
	CHECK_INT("root-dm-kernel-name-no-probe", root_needs_probe(&s), 0);
	d.dmname[0] = '\0';
	strcpy(v, "/dev/mapper/debian--vg-root");
	rootspec_parse(&s, v, NULL);
	CHECK_INT("root-mapper-not-dm", root_matches(&s, &d), 0);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(luks_cases) / sizeof(luks_cases[0]); i++)
		luks_case(&luks_cases[i]);
	lvm_md();
	for (size_t i = 0; i < sizeof(opt_cases) / sizeof(opt_cases[0]); i++)
		opt_case(&opt_cases[i]);
	dm_names();
	CHECK_INT("is-uuid-dashed", stack_is_uuid(U1), 1);
	CHECK_INT("is-uuid-plain", stack_is_uuid("b007ab1e100040008000000000000c0d"), 1);
	CHECK_INT("is-uuid-short", stack_is_uuid("b007ab1e"), 0);
	CHECK_INT("is-uuid-three-dashes", stack_is_uuid("b007ab1e-10004000-8000-00000000c0de"), 0);
	return CHECK_EXIT();
}
