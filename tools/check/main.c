/* main.c: the baton-check command line.
 *
 *   baton-check [-l] [-T] [-q] [-v] [-p] [--init PATH] [--builtin WHAT] IMAGE
 *
 * Replays what the kernel's initramfs unpacker does with IMAGE ("-" is
 * standard input): segment by segment, member by member, with the
 * kernel's rules and messages, onto a model of the rootfs; then checks
 * what the kernel needs next (the init, /dev/console). Findings go to
 * stderr as IMAGE:OFFSET: error|warning|note: ...; the segment table and
 * a summary, or the listing (-l) and the tree (-T), to stdout.
 * Exit status: 0 clean, 1 warnings only, 2 errors, 3 could not check
 * (bad usage, unreadable image, a decompressor missing, a compression
 * format it cannot follow). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot.h"
#include "diag.h"
#include "fs.h"
#include "image.h"
#include "lockdown.h"
#include "rootfs.h"
#include "unpack.h"

#define EXIT_WARNINGS 1
#define EXIT_ERRORS 2
#define EXIT_UNCHECKED 3
#define BUILTIN_DEFAULT "(built-in default)"

struct options {
	int list, tree, quiet, verbose, part;
	const char *init;
	const char *builtin;	/* "default", "none" or an image file */
	const char *image;
};

static void usage(FILE *to)
{
	fprintf(to, "usage: %s [-l] [-T] [-q] [-v] [-p] [--init PATH] [--builtin WHAT] IMAGE\n"
		"  -l, --list       list every member of every segment, like cpio -itv\n"
		"                   --numeric-uid-gid (dates as YYYY-MM-DD HH:MM UTC)\n"
		"  -T, --tree       print the tree the kernel ends up with, one path a line\n"
		"  -q, --quiet      findings only: no segment table, no summary\n"
		"  -v, --verbose    also notes (overrides of the built-in image, repeats)\n"
		"  -p, --part       IMAGE is a part to be concatenated with others (early\n"
		"                   microcode, extra modules): skip the init and console checks\n"
		"      --init PATH  the init the kernel runs (its rdinit=), default /init\n"
		"      --builtin WHAT  what the kernel unpacked before IMAGE: \"default\" (the\n"
		"                   /dev, /dev/console and /root of a kernel built with\n"
		"                   CONFIG_INITRAMFS_SOURCE=\"\"), \"none\", or a built-in image\n"
		"IMAGE \"-\" is standard input. Exit status: 0 clean, 1 warnings, 2 errors,\n"
		"3 could not check.\n", PROG);
}

/* 0 to run, 1 for --help, -EINVAL for bad usage (already reported). */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "list", no_argument, NULL, 'l' }, { "tree", no_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' }, { "verbose", no_argument, NULL, 'v' },
		{ "part", no_argument, NULL, 'p' }, { "init", required_argument, NULL, 'i' },
		{ "builtin", required_argument, NULL, 'b' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	memset(o, 0, sizeof *o);
	o->init = "/init";
	o->builtin = "default";
	while ((opt = getopt_long(argc, argv, "lTqvph", longs, NULL)) != -1) {
		switch (opt) {
		case 'l': o->list = 1; break;
		case 'T': o->tree = 1; break;
		case 'q': o->quiet = 1; break;
		case 'v': o->verbose = 1; break;
		case 'p': o->part = 1; break;
		case 'i': o->init = optarg; break;
		case 'b': o->builtin = optarg; break;
		case 'h': return 1;
		default: return -EINVAL;
		}
	}
	if (optind + 1 != argc) {
		oops(optind == argc ? "no IMAGE given" : "one IMAGE at a time");
		return -EINVAL;
	}
	if (o->init[0] != '/') {
		oops("--init %s: the kernel wants an absolute path", o->init);
		return -EINVAL;
	}
	o->image = argv[optind];
	return 0;
}

/* usr/default_cpio_list: what a kernel without CONFIG_INITRAMFS_SOURCE
 * has built in, unpacked before the bootloader's image. */
static void builtin_default(struct fs *fs)
{
	static const struct { const char *name; uint32_t mode, major, minor; } v[] = {
		{ "dev", S_IFDIR | 0755, 0, 0 },
		{ "dev/console", S_IFCHR | 0600, 5, 1 },
		{ "root", S_IFDIR | 0700, 0, 0 },
	};
	size_t i;

	fs->builtin = BUILTIN_DEFAULT;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct centry e = { .mode = v[i].mode, .nlink = 1, .rdevmajor = v[i].major,
				    .rdevminor = v[i].minor, .name = v[i].name };

		e.at.img = fs->builtin;
		fs_entry(fs, &e);
	}
}

/* Unpacks a built-in image file onto fs, its findings under its name. */
static int builtin_file(struct fs *fs, const char *path)
{
	struct image im;
	struct unpack u;
	int rc = image_open(&im, path);

	if (rc < 0) {
		oops_err(rc, "cannot read the built-in image %s", path);
		return rc;
	}
	fs->builtin = path;
	rc = unpack(&u, path, im.p, im.len, fs, NULL);
	if (unpack_stopped(&u))
		report(SEV_ERROR, NULL, "the kernel panics on its built-in initramfs %s: \"%s\"", path,
		       u.kstop ? u.kstop : u.cp->fatal);
	if (u.incomplete)
		rc = -EINVAL;
	unpack_free(&u);
	image_close(&im);
	return rc;
}

static void say_segments(const struct unpack *u)
{
	size_t i;

	for (i = 0; i < u->nseg; i++) {
		const struct seg *s = &u->segs[i];

		say("segment %zu at %" PRIu64 ": %s", i + 1, s->off, s->fmt);
		if (strcmp(s->fmt, "newc") != 0)
			say(", %" PRIu64 " bytes -> %" PRIu64 " bytes of newc", s->csize, s->usize);
		say(", %u member%s%s\n", s->members, s->members == 1 ? "" : "s",
		    s->trailers ? ", TRAILER!!!" : "");
	}
}

static void say_summary(const struct options *o, const struct unpack *u, const char *init)
{
	unsigned e = diag_count(SEV_ERROR), w = diag_count(SEV_WARN);

	if (unpack_stopped(u)) {
		char at[512];

		say("the kernel stops unpacking at %s (\"%s\"): nothing after that is unpacked\n",
		    loc_str(&u->stop_at, at, sizeof at), u->kstop ? u->kstop : u->cp->fatal);
	}
	say("%s\n", init);
	say("%s: %zu segment%s; %u error%s, %u warning%s%s\n", o->image, u->nseg,
	    u->nseg == 1 ? "" : "s", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s",
	    u->incomplete ? "; NOT fully checked" : "");
}

static int check(const struct options *o, struct fs *fs)
{
	struct boot_opts bo = { .init = o->init, .part = o->part };
	char init[1024];
	struct image im;
	struct unpack u;
	int rc = image_open(&im, o->image);

	if (rc < 0) {
		oops_err(rc, "cannot read %s", o->image);
		return EXIT_UNCHECKED;
	}
	diag_image(o->image);
	rc = unpack(&u, NULL, im.p, im.len, fs, o->list ? stdout : NULL);
	if (rc == 0 && !u.incomplete) {
		fs_finish(fs);
		bo.builtin_default = fs->builtin && strcmp(fs->builtin, BUILTIN_DEFAULT) == 0;
		boot_check(fs, &bo, init, sizeof init);
		if (!bo.part) {
			rootfs_check(fs);
			lockdown_check(fs, o->init);
		}
	} else {
		snprintf(init, sizeof init, "init not checked");
	}
	if (o->tree)
		fs_dump(fs, stdout);
	if (!o->list && !o->tree) {
		say_segments(&u);
		say_summary(o, &u, init);
	}
	if (rc < 0)
		oops("out of memory; the check is incomplete");
	rc = rc < 0 || u.incomplete ? EXIT_UNCHECKED : 0;
	unpack_free(&u);
	image_close(&im);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	struct fs fs;
	int rc = parse_args(argc, argv, &o);

	if (rc != 0) {
		usage(rc > 0 ? stdout : stderr);
		return rc > 0 ? EXIT_SUCCESS : EXIT_UNCHECKED;
	}
	diag_quiet(o.quiet);
	diag_verbose(o.verbose);
	if (fs_init(&fs) < 0) {
		oops("out of memory");
		return EXIT_UNCHECKED;
	}
	if (strcmp(o.builtin, "default") == 0)
		builtin_default(&fs);
	else if (strcmp(o.builtin, "none") != 0 && builtin_file(&fs, o.builtin) < 0)
		rc = EXIT_UNCHECKED;
	if (rc == 0)
		rc = check(&o, &fs);
	fs_free(&fs);
	if (rc)
		return rc;
	if (diag_count(SEV_ERROR))
		return EXIT_ERRORS;
	return diag_count(SEV_WARN) ? EXIT_WARNINGS : EXIT_SUCCESS;
}
