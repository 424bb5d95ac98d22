/* test_distro.c: the pure parts a distro root needs: resume=,
 * resume_offset=, noresume (resumecfg.c), fsck.mode=/fsck.repair=, the
 * checker's argv and exit codes (fsckcfg.c), the /usr line of an fstab
 * (fstab.c), and that bootcfg_parse routes each word there. */
#include <errno.h>

#include "bootcfg.h"
#include "check.h"
#include "fsckcfg.h"
#include "fstab.h"
#include "resumecfg.h"

/* -- resume ------------------------------------------------------------------ */

struct resume_case {
	const char *name, *cmdline;
	const char *arg;		/* resume_cfg.arg */
	unsigned long long offset;
	int offset_set, noresume;
};

static const struct resume_case resume_cases[] = {
	{ "resume-none", "root=/dev/vda1 ro", "", 0, 0, 0 },
	{ "resume-uuid", "resume=UUID=0f3c-AA", "UUID=0f3c-AA", 0, 0, 0 },
	{ "resume-devname", "resume=/dev/vda2 resume_offset=34816", "/dev/vda2", 34816, 1, 0 },
	{ "resume-majmin", "resume=254:2", "254:2", 0, 0, 0 },
	{ "resume-last-wins", "resume=/dev/vda2 resume=LABEL=swap", "LABEL=swap", 0, 0, 0 },
	{ "resume-noresume", "resume=/dev/vda2 noresume", "/dev/vda2", 0, 0, 1 },
	{ "resume-noresume-with-value", "noresume=1", "", 0, 0, 0 },
	{ "resume-offset-bad-kept", "resume_offset=12 resume_offset=x1", "", 12, 1, 0 },
	{ "resume-offset-negative", "resume_offset=-5", "", 0, 0, 0 },
	{ "resume-offset-overflow", "resume_offset=18446744073709551616", "", 0, 0, 0 },
	{ "resume-offset-max", "resume_offset=18446744073709551615", "", 18446744073709551615ULL, 1, 0 },
	{ "resume-quoted", "resume=\"PARTLABEL=my swap\"", "PARTLABEL=my swap", 0, 0, 0 },
	{ "resume-bare-is-nothing", "resume", "", 0, 0, 0 },
	{ "resume-not-a-module-param", "resume.x=1 resume=/dev/sda2", "/dev/sda2", 0, 0, 0 },
};

static void test_resume(void)
{
	static struct bootcfg cfg;
	char name[96];

	for (size_t i = 0; i < sizeof(resume_cases) / sizeof(resume_cases[0]); i++) {
		const struct resume_case *c = &resume_cases[i];

		bootcfg_parse(&cfg, c->cmdline);
		snprintf(name, sizeof(name), "%s/arg", c->name);
		CHECK_STR(name, cfg.resume.arg, c->arg);
		snprintf(name, sizeof(name), "%s/offset", c->name);
		CHECK(name, cfg.resume.offset == c->offset && cfg.resume.offset_set == c->offset_set,
		      "got %llu (set %d), want %llu (set %d)", cfg.resume.offset,
		      cfg.resume.offset_set, c->offset, c->offset_set);
		snprintf(name, sizeof(name), "%s/noresume", c->name);
		CHECK_INT(name, cfg.resume.noresume, c->noresume);
	}
	/* A value longer than the buffer is cut and flagged, never overrun. */
	{
		char line[600] = "resume=";
		struct resume_cfg r = { .arg = "" };

		memset(line + 7, 'a', 400);
		line[407] = '\0';
		CHECK_INT("resume-too-long/taken", take_resume_word(&r, "resume", line + 7), 1);
		CHECK_INT("resume-too-long/flag", r.too_long, 1);
		CHECK_INT("resume-too-long/cut", strlen(r.arg), RESUME_ARG_MAX - 1);
	}
}

/* -- fsck ---------------------------------------------------------------------- */

struct fsck_case {
	const char *name, *cmdline;
	enum fsck_mode mode;
	enum fsck_repair repair;
	const char *bad;
	const char *argv;	/* fsck_argv for ext4 on /dev/vda1, joined */
};

static const struct fsck_case fsck_cases[] = {
	{ "fsck-default", "root=/dev/vda1", FSCK_MODE_AUTO, FSCK_REPAIR_PREEN, NULL,
	  "fsck.ext4 -a /dev/vda1" },
	{ "fsck-force", "fsck.mode=force", FSCK_MODE_FORCE, FSCK_REPAIR_PREEN, NULL,
	  "fsck.ext4 -a -f /dev/vda1" },
	{ "fsck-skip", "fsck.mode=skip", FSCK_MODE_SKIP, FSCK_REPAIR_PREEN, NULL,
	  "fsck.ext4 -a /dev/vda1" },
	{ "fsck-repair-yes", "fsck.repair=yes fsck.mode=force", FSCK_MODE_FORCE, FSCK_REPAIR_YES,
	  NULL, "fsck.ext4 -y -f /dev/vda1" },
	{ "fsck-repair-no", "fsck.repair=no", FSCK_MODE_AUTO, FSCK_REPAIR_NO, NULL,
	  "fsck.ext4 -n /dev/vda1" },
	{ "fsck-bad-mode-kept", "fsck.mode=force fsck.mode=sometimes", FSCK_MODE_FORCE,
	  FSCK_REPAIR_PREEN, "fsck.mode", "fsck.ext4 -a -f /dev/vda1" },
	{ "fsck-bad-repair", "fsck.repair=maybe", FSCK_MODE_AUTO, FSCK_REPAIR_PREEN,
	  "fsck.repair", "fsck.ext4 -a /dev/vda1" },
	{ "fsck-bare-key", "fsck.mode", FSCK_MODE_AUTO, FSCK_REPAIR_PREEN, "fsck.mode",
	  "fsck.ext4 -a /dev/vda1" },
	{ "fsck-last-wins", "fsck.mode=skip fsck.mode=auto", FSCK_MODE_AUTO, FSCK_REPAIR_PREEN,
	  NULL, "fsck.ext4 -a /dev/vda1" },
};

static void join(char *out, size_t n, const char **argv)
{
	out[0] = '\0';
	for (int i = 0; argv[i]; i++) {
		if (i)
			strncat(out, " ", n - strlen(out) - 1);
		strncat(out, argv[i], n - strlen(out) - 1);
	}
}

static void test_fsck(void)
{
	static struct bootcfg cfg;
	const char *argv[FSCK_ARGV_MAX];
	char name[96], got[256];

	for (size_t i = 0; i < sizeof(fsck_cases) / sizeof(fsck_cases[0]); i++) {
		const struct fsck_case *c = &fsck_cases[i];

		bootcfg_parse(&cfg, c->cmdline);
		snprintf(name, sizeof(name), "%s/mode", c->name);
		CHECK_INT(name, cfg.fsck.mode, c->mode);
		snprintf(name, sizeof(name), "%s/repair", c->name);
		CHECK_INT(name, cfg.fsck.repair, c->repair);
		snprintf(name, sizeof(name), "%s/bad", c->name);
		CHECK_STR(name, cfg.fsck.bad, c->bad);
		/* fsck.* must not become a parameter of a module "fsck". */
		snprintf(name, sizeof(name), "%s/not-modparam", c->name);
		CHECK_INT(name, cfg.nmodparams, 0);
		fsck_argv(&cfg.fsck, "fsck.ext4", 0, "ext4", "/dev/vda1", argv);
		join(got, sizeof(got), argv);
		snprintf(name, sizeof(name), "%s/argv", c->name);
		CHECK_STR(name, got, c->argv);
	}
	{
		struct fsck_cfg f = { FSCK_MODE_FORCE, FSCK_REPAIR_YES, NULL };

		CHECK_INT("fsck-generic/count", fsck_argv(&f, "/sbin/fsck", 1, "vfat", "/dev/sda1", argv), 7);
		join(got, sizeof(got), argv);
		CHECK_STR("fsck-generic/argv", got, "/sbin/fsck -T -t vfat -y -f /dev/sda1");
	}
}

static const struct { int status; enum fsck_verdict v; } verdicts[] = {
	{ 0, FSCK_CLEAN }, { 1, FSCK_FIXED }, { 2, FSCK_REBOOT }, { 3, FSCK_REBOOT },
	{ 4, FSCK_FAILED }, { 5, FSCK_FAILED }, { 8, FSCK_FAILED }, { 12, FSCK_FAILED },
	{ 32, FSCK_FAILED }, { 137, FSCK_FAILED }, { -ENOENT, FSCK_FAILED },
};

static void test_verdict(void)
{
	char name[64];

	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		snprintf(name, sizeof(name), "fsck-verdict/%d", verdicts[i].status);
		CHECK_INT(name, fsck_verdict(verdicts[i].status), verdicts[i].v);
	}
}

/* -- fstab --------------------------------------------------------------------- */

struct fstab_case {
	const char *name, *text, *mnt;
	int ret;
	const char *spec, *type, *opts;
	int passno, nofail;
};

static const struct fstab_case fstab_cases[] = {
	{ "fstab-debian", "# /etc/fstab: static file system information.\n"
	  "UUID=1111 /    ext4 errors=remount-ro 0 1\n"
	  "UUID=2222 /usr ext4 defaults          0 2\n"
	  "UUID=3333 none swap sw                0 0\n",
	  "/usr", 0, "UUID=2222", "ext4", "", 2, 0 },
	{ "fstab-no-usr", "UUID=1111 / ext4 defaults 0 1\n/dev/vdb /usr/local ext4 defaults 0 2\n",
	  "/usr", -ENOENT, NULL, NULL, NULL, 0, 0 },
	{ "fstab-trailing-slash", "LABEL=usr /usr/ xfs noatime,nofail,x-systemd.device-timeout=5 0 0",
	  "/usr", 0, "LABEL=usr", "xfs", "noatime", 0, 1 },
	{ "fstab-tabs-escapes", "\tLABEL=my\\040usr\t/usr\text4\tro,data=journal,comment=x\t0\t2\n",
	  "/usr", 0, "LABEL=my usr", "ext4", "ro,data=journal", 2, 0 },
	{ "fstab-last-wins", "/dev/vda3 /usr ext4 defaults 0 2\n/dev/vda4 /usr ext4 defaults 0 2\n",
	  "/usr", 0, "/dev/vda4", "ext4", "", 2, 0 },
	{ "fstab-comment-line", "#UUID=2222 /usr ext4 defaults 0 2\n", "/usr", -ENOENT, NULL, NULL,
	  NULL, 0, 0 },
	{ "fstab-short-line", "/dev/vda3 /usr", "/usr", 0, "/dev/vda3", "", "", 0, 0 },
	{ "fstab-no-newline-end", "/dev/vda3 /usr auto defaults 0 1", "/usr", 0, "/dev/vda3",
	  "auto", "", 1, 0 },
	{ "fstab-empty", "", "/usr", -ENOENT, NULL, NULL, NULL, 0, 0 },
	{ "fstab-crlf-blank", "\n\n   \n", "/usr", -ENOENT, NULL, NULL, NULL, 0, 0 },
};

static void test_fstab(void)
{
	char name[96];

	for (size_t i = 0; i < sizeof(fstab_cases) / sizeof(fstab_cases[0]); i++) {
		const struct fstab_case *c = &fstab_cases[i];
		struct fstab_entry e;
		int r = fstab_find(c->text, c->mnt, &e);

		snprintf(name, sizeof(name), "%s/ret", c->name);
		CHECK_INT(name, r, c->ret);
		if (r < 0 || c->ret < 0)
			continue;
		snprintf(name, sizeof(name), "%s/spec", c->name);
		CHECK_STR(name, e.spec, c->spec);
		snprintf(name, sizeof(name), "%s/type", c->name);
		CHECK_STR(name, e.type, c->type);
		snprintf(name, sizeof(name), "%s/opts", c->name);
		CHECK_STR(name, e.opts, c->opts);
		snprintf(name, sizeof(name), "%s/passno", c->name);
		CHECK_INT(name, e.passno, c->passno);
		snprintf(name, sizeof(name), "%s/nofail", c->name);
		CHECK_INT(name, e.nofail, c->nofail);
	}
	{
		char text[700] = "/dev/";
		struct fstab_entry e;

		memset(text + 5, 'x', 300);
		strcpy(text + 305, " /usr ext4 defaults 0 2\n");
		CHECK_INT("fstab-field-too-long", fstab_find(text, "/usr", &e), -E2BIG);
	}
}

int main(void)
{
	test_resume();
	test_fsck();
	test_verdict();
	test_fstab();
	return CHECK_EXIT();
}
