/* main.c: the baton-pack command line.
 *
 *   baton-pack [-o OUT] [-t MTIME] [-c] [-z FORMAT[:LEVEL]] [-A IMAGE]...
 *              [--align N] [--owner UID:GID|host] [INPUT...]
 *
 * Reads the INPUTs in order as one stream: gen_init_cpio-format spec files
 * ("-" is standard input) and directory trees, and writes a newc cpio
 * archive to OUT, or to standard output; -z compresses it with the
 * standard tool, -A puts existing images first, each padded with NULs to
 * the alignment. Needs no privileges: device nodes, owners and modes come
 * from the spec (or the tree, owners 0:0 unless --owner), never need the
 * right to create them.
 *
 * Reproducible output: every entry gets the same mtime, MTIME from -t, else
 * $SOURCE_DATE_EPOCH, else 0. The mtimes of the source files are NOT used,
 * so rebuilding or touching an input does not change the image; inode
 * numbers follow input order; trees are read sorted.
 *
 * All-or-nothing: every input (including every source file) is checked
 * before the first byte is written; any problem is reported as
 * "baton-pack: FILE:LINE: problem" (or "baton-pack: PATH: problem" for a
 * tree) and no archive is produced. The output is written to a temporary
 * file renamed over OUT only when complete.
 * Exit status: 0 ok, 1 bad input or I/O error, 2 bad usage. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "append.h"
#include "compress.h"
#include "diag.h"
#include "image.h"
#include "newc.h"
#include "num.h"
#include "outfile.h"
#include "sink.h"
#include "spec.h"

#define EXIT_USAGE 2
#define MAX_APPEND 64
#define MAX_ID 4294967294u

struct options {
	const char *out;	/* NULL: standard output */
	uint32_t mtime;
	struct newc_opts newc;
	struct compress z;
	struct spec_opts spec;
	const char *append[MAX_APPEND];
	size_t nappend;
	char *const *inputs;
	size_t ninputs;
};

static void usage(FILE *to)
{
	fprintf(to, "usage: %s [-o OUT] [-t MTIME] [-c] [-z FORMAT[:LEVEL]] [-A IMAGE]...\n"
		"                  [--align N] [--owner UID:GID|host] [INPUT...]\n"
		"  -o OUT     write the image to OUT (default: standard output)\n"
		"  -t MTIME   mtime of every entry, seconds since the epoch (default:\n"
		"             $SOURCE_DATE_EPOCH, else 0; source mtimes are never used)\n"
		"  -c         \"070702\" format: store a checksum of each file's data, which\n"
		"             the kernel verifies (gen_init_cpio -c)\n"
		"  -z FORMAT  compress the archive: gzip, xz, zstd, lz4 (legacy -l format), none;\n"
		"             FORMAT:LEVEL sets the level (defaults gzip:9 xz:6 zstd:19 lz4:9)\n"
		"  -A IMAGE   start with the existing IMAGE (repeatable, in order), NUL-padded\n"
		"             to the alignment; with no INPUT, only concatenate the IMAGEs\n"
		"  --align N  pad between parts and at the archive's end to a multiple of N\n"
		"             (a power of two from 4 to 4096; default 512)\n"
		"  --owner UID:GID  owner of every entry from a directory tree (default 0:0);\n"
		"             --owner host keeps the tree's own\n"
		"INPUT: a spec file (\"-\": standard input) in gen_init_cpio's format:\n"
		"  file dir nod slink pipe sock, # comments, ${VAR} from the environment;\n"
		"or a directory, packed as the image's root.\n", PROG);
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

static int parse_align(const char *s, unsigned *out)
{
	uint32_t v;

	if (num_parse(s, 10, SINK_MAX_ALIGN, &v) < 0 || v < 4 || (v & (v - 1))) {
		diag("--align %s: need a power of two from 4 to %d", s, SINK_MAX_ALIGN);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int parse_owner(const char *s, struct spec_opts *o)
{
	char uid[16];
	const char *colon = strchr(s, ':');

	if (strcmp(s, "host") == 0) {
		o->host_owners = 1;
		return 0;
	}
	if (colon && (size_t)(colon - s) < sizeof uid) {
		memcpy(uid, s, (size_t)(colon - s));
		uid[colon - s] = '\0';
		if (num_parse(uid, 10, MAX_ID, &o->uid) == 0 &&
		    num_parse(colon + 1, 10, MAX_ID, &o->gid) == 0)
			return 0;
	}
	diag("--owner %s: need UID:GID in decimal, or host", s);
	return -EINVAL;
}

static int parse_compress(const char *s, struct compress *z)
{
	const char *why = NULL;

	if (compress_parse(s, z, &why) == 0)
		return 0;
	diag("-z %s: %s", s, why);
	return -EINVAL;
}

/* One option; -EINVAL for a bad value (reported). */
static int take_option(int opt, struct options *o, const char **t)
{
	switch (opt) {
	case 'o': o->out = optarg; return 0;
	case 't': *t = optarg; return 0;
	case 'c': o->newc.crc = 1; return 0;
	case 'z': return parse_compress(optarg, &o->z);
	case 'a': return parse_align(optarg, &o->newc.align);
	case 'O': return parse_owner(optarg, &o->spec);
	case 'A':
		if (o->nappend == MAX_APPEND) {
			diag("at most %d -A images", MAX_APPEND);
			return -EINVAL;
		}
		o->append[o->nappend++] = optarg;
		return 0;
	}
	return -EINVAL;
}

/* 0 to run, 1 for -h, -EINVAL for bad usage (already reported). */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "output", required_argument, NULL, 'o' }, { "mtime", required_argument, NULL, 't' },
		{ "checksum", no_argument, NULL, 'c' }, { "compress", required_argument, NULL, 'z' },
		{ "append-to", required_argument, NULL, 'A' }, { "align", required_argument, NULL, 'a' },
		{ "owner", required_argument, NULL, 'O' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *t = NULL;
	int opt;

	memset(o, 0, sizeof *o);
	o->newc.align = 512;
	while ((opt = getopt_long(argc, argv, "+o:t:cz:A:h", longs, NULL)) != -1) {
		if (opt == 'h')
			return 1;
		if (take_option(opt, o, &t) < 0)
			return -EINVAL;
	}
	o->inputs = argv + optind;
	o->ninputs = (size_t)(argc - optind);
	if (!o->ninputs && !o->nappend) {
		diag("nothing to pack: give a SPEC or a directory (or -A IMAGEs to join)");
		return -EINVAL;
	}
	if (!o->ninputs && o->z.name) {
		diag("-z compresses a new archive, and no INPUT makes one");
		return -EINVAL;
	}
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

static int append_all(const struct options *o, struct sink *s)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < o->nappend && rc == 0; i++) {
		int more = i + 1 < o->nappend || o->ninputs;	/* pad only before something */

		rc = append_image(s, o->append[i], o->newc.align, more);
		if (rc == -EINVAL)
			diag("-A %s: not a regular file", o->append[i]);
		else if (rc < 0)
			diag_err(rc, "-A %s", o->append[i]);
	}
	return rc;
}

static int write_newc(struct sink *s, const struct options *o, const struct image *img,
		      const struct outfile *of)
{
	const struct entry *culprit;
	int rc = newc_write(s, img, &o->newc, &culprit);

	if (rc < 0)
		report_write_error(rc, culprit, of);
	return rc;
}

/* The archive through the compressor, which writes at the output's end.
 * A compressor that dies makes our writes fail with EPIPE: its own exit
 * status is then the news. */
static int write_compressed(struct sink *s, const struct options *o, const struct image *img,
			    const struct outfile *of)
{
	static struct sink zs;
	const struct entry *culprit;
	int in, status, zrc, rc = sink_flush(s);
	pid_t pid;

	if (rc == 0 && (rc = compress_start(&o->z, of->fd, &in, &pid)) < 0)
		diag_err(rc, "cannot run %s%s", o->z.argv[0], rc == -ENOENT ?
			 " (install it: Debian packages gzip, xz-utils, zstd, lz4)" : "");
	if (rc < 0)
		return rc;
	sink_init(&zs, in);
	rc = newc_write(&zs, img, &o->newc, &culprit);
	zrc = compress_finish(in, pid, &status);
	if (zrc < 0 && (rc == 0 || rc == -EPIPE)) {
		diag("%s failed (exit status %d); no image written", o->z.argv[0], status);
		return -EIO;
	}
	if (rc < 0)
		report_write_error(rc, culprit, of);
	return rc;
}

/* Writes the whole image; on failure nothing is left at o->out. */
static int write_image(const struct options *o, const struct image *img)
{
	static struct sink sink;	/* 64 KiB buffer: keep it off the stack */
	struct outfile of;
	int rc = outfile_open(&of, o->out);

	if (rc < 0) {
		diag_err(rc, "cannot create %s.tmp.%ld", o->out, (long)getpid());
		return rc;
	}
	sink_init(&sink, of.fd);
	rc = append_all(o, &sink);
	if (rc == 0 && img && o->z.name)
		rc = write_compressed(&sink, o, img, &of);
	else if (rc == 0 && img)
		rc = write_newc(&sink, o, img, &of);
	if (rc == 0 && (rc = sink_flush(&sink)) < 0)
		diag_err(rc, "writing %s", outfile_name(&of));
	if (rc < 0) {
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
	signal(SIGPIPE, SIG_IGN);	/* a dead compressor is an error, not a kill */
	image_init(&img, o.mtime);
	rc = o.ninputs ? spec_read(&img, o.inputs, o.ninputs, &o.spec, &errors) : 0;
	if (rc < 0)
		diag("%u problem%s; no archive written", errors, errors == 1 ? "" : "s");
	else
		rc = write_image(&o, o.ninputs ? &img : NULL);
	image_free(&img);
	return rc < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
