/* fwroot.h: firmware roots, the layers between the device root= finds and
 * the filesystem the real init runs on:
 *   loop image  rd.loop=PATH on the filesystem root= names (the carrier),
 *               rd.loop.sectorsize=, rd.loop.part=      (dracut's rd.live.*
 *               idea, baton's names: dracut has no sector size or part)
 *   copy to RAM rd.copytoram                            (Alpine/dracut's name)
 *   verity      roothash=, systemd.verity_root_data=, systemd.verity_root_hash=,
 *               systemd.verity_root_options=            (systemd's names)
 *   overlay     rd.overlay=tmpfs|DEVICE, rd.overlay.size= (dracut's
 *               rd.overlay idea)
 * The keys are parsed here (init/fwroot_cmdline.c, pure); the layers are
 * built by init/fwroot.c, one function per step of init/main.c. */
/* bootcfg.h holds a struct fwroot_cfg and includes this file after its
 * struct root_spec; included first, it comes in here, before the guard. */
#include "bootcfg.h"

#ifndef BATON_FWROOT_H
#define BATON_FWROOT_H

struct bootcfg;
struct devlist;

#define FW_RAW_MAX	128	/* a device spec as typed, for messages */
#define FW_OPTS_MAX	160	/* dm-verity optional arguments */

enum overlay_kind { OVERLAY_NONE, OVERLAY_TMPFS, OVERLAY_DEVICE };

struct fwroot_cfg {
	/* overlay */
	enum overlay_kind overlay;
	struct root_spec overlay_dev;	/* OVERLAY_DEVICE: the upper layer's partition */
	char overlay_raw[FW_RAW_MAX];
	const char *overlay_size;	/* rd.overlay.size=: tmpfs size= syntax, checked */
	/* loop image */
	const char *loop_path;		/* rd.loop=, an absolute path on the carrier */
	unsigned loop_sectorsize;	/* rd.loop.sectorsize=; 0: from the image */
	int loop_partn;			/* rd.loop.part=N; 0: by loop_part or whole */
	struct root_spec loop_part;	/* rd.loop.part=PARTLABEL=/PARTUUID=; ROOT_NONE */
	char loop_part_raw[FW_RAW_MAX];
	int image_rw;			/* "rw": the loop image and its carrier
					 * writable (set by fwroot_plan) */
	/* copy to RAM */
	int copytoram;
	/* verity */
	const char *roothash;		/* hex, checked for form */
	struct root_spec verity_data, verity_hash;	/* ROOT_NONE: the default */
	char verity_data_raw[FW_RAW_MAX], verity_hash_raw[FW_RAW_MAX];
	char verity_opts[FW_OPTS_MAX];	/* dm-verity's words, "" for none */
	/* the first value not understood: said before anything is done */
	const char *bad_key;
	char bad_val[FW_RAW_MAX];
	const char *bad_why;
};

/* One command-line word: 1 if it is one of the keys above (taken, or
 * recorded as bad), 0 if not. val may be rewritten in place (a device spec
 * is, as root='s is). Pure. Chained in cmdline.c before take_module_word,
 * which would read systemd.verity_root_data= as a module parameter. */
int take_fwroot_word(struct fwroot_cfg *fw, char *key, char *val);

/* Is anything asked for? Pure. */
int fwroot_wanted(const struct fwroot_cfg *fw);

/* init/fwroot.c: the boot steps (logged; each failure names its layer).
 *
 * fwroot_plan, before the root wait: reports a bad value, refuses what this
 * build or the combination cannot do (VERITY=required without roothash=),
 * and points cfg->root at the device to wait for when roothash= came
 * without root= (the verity data partition). 0 or -errno. */
int fwroot_plan(struct bootcfg *cfg);
/* The layers under the root (loop image, RAM copy, verity) are a root
 * source of their own: fwroot_claims/fwroot_mount in include/rootsrc.h. */
/* For root sources that build on these layers (init/liveroot.c):
 * fwroot_verity puts dm-verity (roothash=, the options) over devs->dev[*root]
 * with the hash tree on devs->dev[hash] (veritysetup's superblock at its
 * start), proves the first block, and points *root at /dev/mapper/root;
 * fw_add_dev adds /dev/NAME (a loop device) to devs, identified, and returns
 * its index; fw_need_module loads a module a layer needs, saying what is
 * missing (check: the path that exists when it is built in). 0/index or
 * -errno, said. */
int fwroot_verity(const struct bootcfg *cfg, struct devlist *devs, int *root, int hash);
int fw_add_dev(struct devlist *devs, const char *name);
int fw_need_module(const struct bootcfg *cfg, const char *mod, const char *layer,
		   const char *check);
/* /proc/meminfo's MemAvailable in bytes, 0 when unknown. */
unsigned long long fw_mem_available(void);
/* fwroot_overlay, once the root is mounted on NEWROOT: moves it to
 * /run/baton/lower and mounts the overlay with its upper layer on NEWROOT.
 * Nothing when rd.overlay= is absent. 0 or -errno. */
int fwroot_overlay(const struct bootcfg *cfg, struct devlist *devs, int uevent_fd);

#endif
