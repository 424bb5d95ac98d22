/* modindex.h: the kernel module index /init loads from, and what modprobe
 * would decide with it: which module an alias (a device's modalias, fs-ext4,
 * crypto-crc32c) names, in what order a module and its dependencies and
 * soft dependencies go in, which are built in, blacklisted, or take
 * parameters from the command line.
 *
 * Pure: no I/O. The index is read from the text of depmod's own files, so
 * the same parser takes a kernel's full modules.* set (the unit tests) and
 * the trimmed copies baton-mkinitramfs writes into the image:
 *   modules.dep      "PATH: DEP-PATH..."    (PATH relative to the module dir)
 *   modules.alias    "alias PATTERN NAME"   (fnmatch wildcards * ? [...])
 *   modules.softdep  "softdep NAME pre: NAME-OR-ALIAS... post: ..."
 *   modules.builtin  "PATH" or "NAME"        (one built-in module a line)
 * '#' starts a comment line. Module names compare with '-' and '_' equal
 * (kernel/fs/ext4/ext4.ko and kernel/lib/crc-t10dif.ko are ext4 and
 * crc_t10dif); so do aliases outside [...] classes, as in kmod. */
#ifndef BATON_MODINDEX_H
#define BATON_MODINDEX_H

#include <stddef.h>

#include "bootcfg.h"

#define MODNAME_MAX	64	/* the kernel's MODULE_NAME_LEN is 56 */

/* Where a module stands while /init works through it. */
enum modstate {
	MOD_NEW,	/* nothing decided */
	MOD_QUEUED,	/* planned: waits for its prerequisites */
	MOD_RUNNING,	/* being inserted */
	MOD_DONE,	/* inserted, or found already loaded */
	MOD_FAILED,	/* insertion failed (err) */
	MOD_SKIPPED,	/* blacklisted, or a hard dependency did not load */
};

struct modentry {
	char name[MODNAME_MAX];	/* normalized: '_' for '-' */
	const char *path;	/* file as modules.dep names it, relative to the
				 * module directory; NULL for a built-in module */
	int dep0, ndeps;	/* hard dependencies: ix->links[dep0..+ndeps),
				 * in the order modprobe inserts them */
	int pre0, npre;		/* softdep pre: modules, resolved (every module
				 * each name or alias matches) */
	int post0, npost;	/* softdep post: modules */
	unsigned char builtin;
	unsigned char blacklisted;
	unsigned char state;	/* enum modstate */
	int err;		/* -errno when MOD_FAILED */
};

struct modalias {
	const char *pattern;	/* normalized in place; points into the text */
	int mod;
};

/* A softdep line kept until modindex_finish resolves it. */
struct modsoftdep {
	int mod;
	const char *words;	/* NUL-separated words of the line after NAME */
	int nwords;
};

struct modindex {
	struct modentry *mods;
	int nmods, capmods;
	struct modalias *aliases;
	int naliases, capaliases;
	struct modsoftdep *softdeps;
	int nsoftdeps, capsoftdeps;
	int *links;		/* dependency lists, see struct modentry */
	int nlinks, caplinks;
	int *hash;		/* open addressing on name, -1 empty */
	unsigned hashcap;	/* a power of two, > 2 * nmods */
	int skipped;		/* lines not understood (all files) */
};

/* An empty index. */
void modindex_init(struct modindex *ix);
/* Frees what the index allocated; the texts stay the caller's. */
void modindex_free(struct modindex *ix);

/* Each reads one file's text, which it cuts up in place: the text must stay
 * alive and unchanged as long as the index. Lines it cannot use are counted
 * in ix->skipped. Returns 0 or -ENOMEM. Order: dep, builtin, alias and
 * softdep in any order (aliases and softdeps naming a module absent from
 * modules.dep and modules.builtin are dropped, so dep comes first), then
 * modindex_finish once. */
int modindex_add_dep(struct modindex *ix, char *text);
int modindex_add_builtin(struct modindex *ix, char *text);
int modindex_add_alias(struct modindex *ix, char *text);
int modindex_add_softdep(struct modindex *ix, char *text);
/* Resolves the softdep names (module names or aliases). 0 or -ENOMEM. */
int modindex_finish(struct modindex *ix);

/* The module named name ('-' and '_' equal), or -1. */
int modindex_find(const struct modindex *ix, const char *name);

/* What modprobe NAME loads, in kmod's lookup order: the loadable module of
 * that name if there is one, else every module with an alias matching name
 * (each once, in alias-file order), else the built-in module of that name.
 * Writes up to max indices to out and returns how many matched (which may
 * exceed max). */
int modindex_lookup(const struct modindex *ix, const char *name, int *out, int max);

/* fnmatch(pattern, s, 0) as modprobe uses it for aliases: '*' any run of
 * characters, '?' one, [abc] [a-z] [!x] [^x] classes, '\' quotes the next
 * character. 1 if s matches, 0 if not. */
int modalias_match(const char *pattern, const char *s);

/* The module name a modules.dep path or a name means: the last path
 * component without ".ko" and anything after it (".ko.xz"), '-' as '_'.
 * Writes at most n-1 characters and a NUL; returns the full length. */
size_t modname_normalize(char *dst, size_t n, const char *src);

/* kmod's alias normalization, in place: '-' becomes '_' outside [...]. */
void modalias_normalize(char *s);

/* Marks the modules cfg blacklists (modprobe.blacklist=, module_blacklist=).
 * Returns how many of the names are in the index. */
int modindex_blacklist(struct modindex *ix, const struct bootcfg *cfg);

/* Queues module m the way modprobe orders an insertion: the hard
 * dependencies (each after its own prerequisites), m's pre softdeps
 * (likewise), m, then its post softdeps. Unlike kmod 30, which reads only
 * the first softdep line of a module, every line counts (btrfs has four).
 * Modules already past MOD_NEW are left where they are; built-in ones
 * become MOD_DONE and blacklisted ones MOD_SKIPPED without being queued.
 * Appends to queue (capacity max, *n used) and sets the state of what it
 * appends to MOD_QUEUED. Returns how many it appended, or -ENOSPC when the
 * queue is full (what fitted stays queued). */
int modindex_plan(struct modindex *ix, int m, int *queue, int *n, int max);

/* The loadable filesystem modules of the index (those with an "fs-NAME"
 * alias, as the kernel asks for them at mount time), each once, in alias
 * order. Writes up to max to out; returns how many there are. */
int modindex_filesystems(const struct modindex *ix, int *out, int max);

/* Crypto implementations are alternatives: the kernel needs one module
 * per algorithm (ext4's softdep on crypto-crc32c names crc32c_intel and
 * crc32c_generic; the first that loads is enough). Returns a module in
 * state MOD_DONE that has every algorithm m offers to others (its shared
 * "crypto-NAME" aliases), so m is not needed; -1 if there is none, m
 * offers no shared algorithm, or a module needs m itself (a hard
 * dependency). */
int modindex_provider(const struct modindex *ix, int m);

/* Can queued module m go in now? 1 yes: every hard dependency and pre
 * softdep is settled (a failed or skipped softdep does not matter); 0 not
 * yet; -1 never: a hard dependency failed or was skipped, whose index goes
 * to *blocker. */
int modindex_ready(const struct modindex *ix, int m, int *blocker);

/* What asking for module m came to once it is settled: the one answer
 * for every way in (the kernel's modprobe, whose exit status it decides,
 * and modules_load, which a boot step calls for dm_crypt or loop).
 * 0: in (inserted, built in, or not needed: another module has its
 * algorithms); -EPERM: blacklisted (modprobe.blacklist=, module_blacklist=)
 * or needs a blacklisted module, so left out on purpose; the -errno of the
 * failed insertion (its own, else a hard dependency's); -EAGAIN: not
 * settled yet. A blacklisted module is never a success: the step that
 * needs it says so instead of failing later on a missing device. */
int modindex_result(const struct modindex *ix, int m);

/* The parameter string finit_module gets for module mod: every
 * mod.param=value of the command line, in order, space separated, a value
 * holding a space quoted ("p=\"a b\""), a bare mod.param as "param".
 * Writes at most n-1 characters and a NUL; returns the full length, so a
 * result >= n means it did not fit. */
size_t modparams_for(const struct bootcfg *cfg, const char *mod, char *out, size_t n);

#endif
