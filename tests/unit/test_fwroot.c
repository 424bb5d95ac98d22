/* test_fwroot.c: the firmware-root keys of the command line
 * (init/fwroot_cmdline.c) through bootcfg_parse, as /init reads them: every
 * key, every bad value named with its key, and the keys never taken for
 * module parameters (systemd.verity_root_data= is not module "systemd"). */
#include "bootcfg.h"
#include "check.h"
#include "fwroot.h"

static struct bootcfg cfg;

#define H64 "3fac50ab32eadf7791b87bbdcdd6c6a324e1e7bdb3670f57914daf3d7dcaca8a"

static const struct bad_case {
	const char *name, *line, *key;
} bad_cases[] = {
	{ "fw-bad-overlay-empty", "rd.overlay=", "rd.overlay" },
	{ "fw-bad-overlay-bare", "rd.overlay", "rd.overlay" },
	{ "fw-bad-overlay-device", "rd.overlay=UUID=xyz", "rd.overlay" },
	{ "fw-bad-overlay-size-word", "rd.overlay=tmpfs rd.overlay.size=big", "rd.overlay.size" },
	{ "fw-bad-overlay-size-101pct", "rd.overlay.size=101%", "rd.overlay.size" },
	{ "fw-bad-overlay-size-zero", "rd.overlay.size=0", "rd.overlay.size" },
	{ "fw-bad-loop-relative", "rd.loop=images/root.img", "rd.loop" },
	{ "fw-bad-loop-dotdot", "rd.loop=/images/../etc/x", "rd.loop" },
	{ "fw-bad-loop-slash", "rd.loop=/", "rd.loop" },
	{ "fw-bad-sectorsize-3000", "rd.loop.sectorsize=3000", "rd.loop.sectorsize" },
	{ "fw-bad-sectorsize-8192", "rd.loop.sectorsize=8192", "rd.loop.sectorsize" },
	{ "fw-bad-sectorsize-0", "rd.loop.sectorsize=0", "rd.loop.sectorsize" },
	{ "fw-bad-part-0", "rd.loop.part=0", "rd.loop.part" },
	{ "fw-bad-part-256", "rd.loop.part=256", "rd.loop.part" },
	{ "fw-bad-part-label", "rd.loop.part=LABEL=x", "rd.loop.part" },
	{ "fw-bad-part-partuuid-nonhex", "rd.loop.part=PARTUUID=zz", "rd.loop.part" },
	{ "fw-bad-copytoram-maybe", "rd.copytoram=maybe", "rd.copytoram" },
	{ "fw-bad-roothash-short", "roothash=abcd", "roothash" },
	{ "fw-bad-roothash-nonhex", "roothash=" H64 "x", "roothash" },
	{ "fw-bad-roothash-odd", "roothash=" H64 "a", "roothash" },
	{ "fw-bad-verity-data", "systemd.verity_root_data=UUID=", "systemd.verity_root_data" },
	{ "fw-bad-verity-options", "systemd.verity_root_options=fec-roots=2", "systemd.verity_root_options" },
	{ "fw-bad-verity-two-modes",
	  "systemd.verity_root_options=panic-on-corruption,restart-on-corruption",
	  "systemd.verity_root_options" },
	{ "fw-bad-first-kept", "rd.loop.sectorsize=1 roothash=x", "rd.loop.sectorsize" },
};

static void test_bad(void)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];

		bootcfg_parse(&cfg, c->line);
		CHECK(c->name, cfg.fw.bad_key && strcmp(cfg.fw.bad_key, c->key) == 0 && cfg.fw.bad_why &&
		      cfg.nmodparams == 0,
		      "bad_key %s (%s), %d module parameters", cfg.fw.bad_key ? cfg.fw.bad_key : "none",
		      cfg.fw.bad_why ? cfg.fw.bad_why : "", cfg.nmodparams);
	}
}

static void test_good(void)
{
	bootcfg_parse(&cfg, "root=LABEL=carrier rd.loop=/images/root.img rd.loop.sectorsize=4096 "
		      "rd.loop.part=PARTLABEL=root rd.copytoram rd.overlay=tmpfs rd.overlay.size=25%");
	CHECK("fw-good-no-bad", cfg.fw.bad_key == NULL, "bad %s: %s", cfg.fw.bad_key, cfg.fw.bad_why);
	CHECK_STR("fw-loop-path", cfg.fw.loop_path, "/images/root.img");
	CHECK_INT("fw-loop-sectorsize", cfg.fw.loop_sectorsize, 4096);
	CHECK_INT("fw-loop-part-kind", cfg.fw.loop_part.kind, ROOT_PARTLABEL);
	CHECK_STR("fw-loop-part-value", cfg.fw.loop_part.value, "root");
	CHECK_STR("fw-loop-part-raw", cfg.fw.loop_part_raw, "PARTLABEL=root");
	CHECK_INT("fw-copytoram", cfg.fw.copytoram, 1);
	CHECK_INT("fw-overlay-tmpfs", cfg.fw.overlay, OVERLAY_TMPFS);
	CHECK_STR("fw-overlay-size", cfg.fw.overlay_size, "25%");
	CHECK_INT("fw-root-untouched", cfg.root.kind, ROOT_LABEL);
	CHECK_INT("fw-wanted", fwroot_wanted(&cfg.fw), 1);

	bootcfg_parse(&cfg, "rd.loop=/a.img rd.loop.part=PARTLABEL=x rd.loop.part=3 rd.copytoram=0");
	CHECK_INT("fw-part-number-overrides", cfg.fw.loop_partn, 3);
	CHECK_INT("fw-part-number-clears-spec", cfg.fw.loop_part.kind, ROOT_NONE);
	CHECK_INT("fw-copytoram-0", cfg.fw.copytoram, 0);

	bootcfg_parse(&cfg, "rd.loop.part=PARTUUID=B007AB1E-0000-4000-8000-00000000F14B");
	CHECK_STR("fw-part-partuuid-lower", cfg.fw.loop_part.value, "b007ab1e-0000-4000-8000-00000000f14b");

	bootcfg_parse(&cfg, "rd.overlay=PARTLABEL=upper rd.overlay.size=64m");
	CHECK_INT("fw-overlay-device", cfg.fw.overlay, OVERLAY_DEVICE);
	CHECK_INT("fw-overlay-device-kind", cfg.fw.overlay_dev.kind, ROOT_PARTLABEL);
	CHECK_STR("fw-overlay-raw", cfg.fw.overlay_raw, "PARTLABEL=upper");

	bootcfg_parse(&cfg, "roothash=" H64 " systemd.verity_root_data=PARTLABEL=d "
		      "systemd.verity_root_hash=/dev/vda2 "
		      "systemd.verity_root_options=ignore-zero-blocks,restart-on-corruption");
	CHECK("fw-verity-no-bad", cfg.fw.bad_key == NULL, "bad %s", cfg.fw.bad_key);
	CHECK_STR("fw-roothash", cfg.fw.roothash, H64);
	CHECK_INT("fw-verity-data", cfg.fw.verity_data.kind, ROOT_PARTLABEL);
	CHECK_INT("fw-verity-hash", cfg.fw.verity_hash.kind, ROOT_DEVNAME);
	CHECK_STR("fw-verity-hash-value", cfg.fw.verity_hash.value, "vda2");
	CHECK_STR("fw-verity-opts", cfg.fw.verity_opts, "2 restart_on_corruption ignore_zero_blocks");
	CHECK_INT("fw-verity-not-modparams", cfg.nmodparams, 0);

	bootcfg_parse(&cfg, "root=/dev/vda1 quiet rd.dryrun");
	CHECK_INT("fw-nothing-wanted", fwroot_wanted(&cfg.fw), 0);
	CHECK("fw-nothing-bad", cfg.fw.bad_key == NULL, "bad %s", cfg.fw.bad_key);

	bootcfg_parse(&cfg, "rd.loop.sectorsize=512 rd.loop.sectorsize=1024");
	CHECK_INT("fw-later-wins", cfg.fw.loop_sectorsize, 1024);

	bootcfg_parse(&cfg, "rd.overlay.size=1024 rd.overlay.size=2G");
	CHECK_STR("fw-size-suffix", cfg.fw.overlay_size, "2G");
}

int main(void)
{
	test_bad();
	test_good();
	return CHECK_EXIT();
}
