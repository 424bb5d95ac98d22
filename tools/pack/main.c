/* main.c: the baton-pack command line.
 *
 *   baton-pack [-o OUT] [-t MTIME] SPEC...
 *
 * Reads the gen_init_cpio-format SPEC files in order as one stream ("-" is
 * standard input) and writes a newc cpio archive to OUT, or to standard
 * output. Needs no privileges: device nodes, owners and modes come from the
 * spec, never from the host filesystem.
 *
 * Reproducible output: every entry gets the same mtime, MTIME from -t, else
 * $SOURCE_DATE_EPOCH, else 0. The mtimes of the source files are NOT used,
 * so rebuilding or touching an input does not change the image; inode
 * numbers follow spec order.
 *
 * All-or-nothing: the whole spec (including every source file) is checked
 * before the first byte is written; any problem is reported as
 * "baton-pack: FILE:LINE: problem" and no archive is produced.
 * Exit status: 0 ok, 1 bad spec or I/O error, 2 bad usage. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "image.h"
#include "newc.h"
#include "num.h"
#include "outfile.h"
#include "sink.h"
#include "spec.h"

#define EXIT_USAGE 2

struct options {
	const char *out;	/* NULL: standard output */
	uint32_t mtime;
	char *const *specs;
	size_t nspecs;
};

static void usage(FILE *to)
{
	fprintf(to, "usage: %s [-o OUT] [-t MTIME] SPEC...\n"
	     "  -o OUT    write the archive to OUT (default: standard output)\n"
	     "  -t MTIME  mtime of every entry, seconds since the epoch\n"
	     "            (default: $SOURCE_DATE_EPOCH, else 0; the mtimes of\n"
	     "            source files are never used, for reproducible images)\n"
	     "SPEC lines: file dir nod slink pipe sock, as the kernel's gen_init_cpio\n", PROG);
}

/* mtime is a 32-bit field in newc. */
static int parse_mtime(const char *what, const char *s, uint32_t *out)
{
	if (num_parse(s, 10, UINT32_MAX, out) < 0) {
		diag("%s '%s' is not a time: need decimal seconds from 0 to %u", what, s,
		     (unsigned)UINT32_MAX);
		return -EINVAL;
	}
	return 0;
}

static int default_mtime(uint32_t *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	*out = 0;
	if (!sde || !*sde)
		return 0;
	return parse_mtime("SOURCE_DATE_EPOCH", sde, out);
}

/* 0 to run, 1 for -h, -EINVAL for bad usage (already reported). */
static int parse_args(int argc, char **argv, struct options *o)
{
	const char *t = NULL;
	int opt;

	memset(o, 0, sizeof *o);
	while ((opt = getopt(argc, argv, "+o:t:h")) != -1) {
		if (opt == 'o')
			o->out = optarg;
		else if (opt == 't')
			t = optarg;
		else if (opt == 'h')
			return 1;
		else
			return -EINVAL;
	}
	if (optind >= argc) {
		diag("no SPEC given");
		return -EINVAL;
	}
	o->specs = argv + optind;
	o->nspecs = (size_t)(argc - optind);
	return t ? parse_mtime("-t", t, &o->mtime) : default_mtime(&o->mtime);
}

/* A binary archive on a terminal is garbage on the screen, never intended. */
static int check_stdout(void)
{
	if (isatty(STDOUT_FILENO)) {
		diag("refusing to write an archive to a terminal; use -o OUT or redirect");
		return -EINVAL;
	}
	return 0;
}

static void report_write_error(int rc, const struct entry *culprit, const struct outfile *of)
{
	if (!culprit)
		diag_err(rc, "writing %s", outfile_name(of));
	else if (rc == -ESTALE)
		diag_at(culprit->spec, culprit->line, "source %s changed while packing",
			culprit->source);
	else if (rc == -ENODATA)
		diag_at(culprit->spec, culprit->line, "source %s shrank while packing",
			culprit->source);
	else
		diag_at(culprit->spec, culprit->line, "copying source %s into %s: %s",
			culprit->source, outfile_name(of), strerror(-rc));
}

/* Writes the validated image; on failure nothing is left at o->out. */
static int write_image(const struct options *o, const struct image *img)
{
	static struct sink sink;	/* 64 KiB buffer: keep it off the stack */
	const struct entry *culprit;
	struct outfile of;
	int rc = outfile_open(&of, o->out);

	if (rc < 0) {
		diag_err(rc, "cannot create %s.tmp.%ld", o->out, (long)getpid());
		return rc;
	}
	sink_init(&sink, of.fd);
	rc = newc_write(&sink, img, &culprit);
	if (rc < 0) {
		report_write_error(rc, culprit, &of);
		outfile_abort(&of);
		return rc;
	}
	rc = outfile_commit(&of);
	if (rc < 0)
		diag_err(rc, "cannot finish %s", outfile_name(&of));
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	struct image img;
	unsigned errors = 0;
	int rc;

	rc = parse_args(argc, argv, &o);
	if (rc != 0) {
		usage(rc > 0 ? stdout : stderr);
		return rc > 0 ? EXIT_SUCCESS : EXIT_USAGE;
	}
	if (!o.out && check_stdout() < 0)
		return EXIT_USAGE;
	image_init(&img, o.mtime);
	rc = spec_read(&img, o.specs, o.nspecs, &errors);
	if (rc < 0)
		diag("%u problem%s; no archive written", errors, errors == 1 ? "" : "s");
	else
		rc = write_image(&o, &img);
	image_free(&img);
	return rc < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
