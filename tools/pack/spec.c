/* spec.c: the spec line parser and validator (see spec.h). One line at a
 * time: split into fields, expand ${VAR}, dispatch on the type word, check
 * each field, then declare the line's names against everything declared
 * before it. Problems are printed here, where the file and line are known;
 * helpers below return -errno codes. A negative return from the line
 * functions means "stop reading" (out of memory, I/O error); problems in
 * the spec itself are counted in ctx->errors and reading goes on. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "expand.h"
#include "names.h"
#include "num.h"
#include "source.h"
#include "spec.h"
#include "specctx.h"
#include "tree.h"

/* Largest values the kernel can represent: dev_t is 12 bits of major and
 * 20 of minor (MKDEV), and uid/gid (uid_t)-1 means "no change" to chown. */
#define MAX_MAJOR 4095u
#define MAX_MINOR 1048575u
#define MAX_ID 4294967294u


struct fields {
	char **v;
	size_t n, cap;
};

struct kind {
	const char *word;
	uint32_t ifmt;		/* 0: decided by the line (nod b/c) */
	size_t nargs;		/* fields after the type word; for file, the minimum */
	const char *usage;
	int (*parse)(struct spec_ctx *c, const struct kind *k, char **f, size_t n,
		     struct entry *e);
};

/* -- fields ----------------------------------------------------------- */

static int fields_push(struct fields *f, char *s)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		char **v = realloc(f->v, cap * sizeof *v);

		if (!v)
			return -ENOMEM;
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = s;
	return 0;
}

/* Splits line in place at blanks; f->v points into line. */
static int split_fields(char *line, struct fields *f)
{
	static const char blanks[] = " \t\v\f\r";
	char *p = line + strspn(line, blanks);

	f->n = 0;
	while (*p) {
		size_t len = strcspn(p, blanks);
		int rc = fields_push(f, p);

		if (rc < 0)
			return rc;
		p += len;
		if (*p)
			*p++ = '\0';
		p += strspn(p, blanks);
	}
	return 0;
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Expands every field into a malloc'd vector in *out. Returns 0, 1 when a
 * problem was reported (*out NULL), or -ENOMEM. */
static int expand_fields(struct spec_ctx *c, const struct fields *f, char ***out)
{
	char **v = calloc(f->n, sizeof *v);
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!v)
		return -ENOMEM;
	for (i = 0; i < f->n && rc == 0; i++) {
		char *var = NULL;

		rc = expand_vars(f->v[i], &v[i], &var);
		if (rc == -ENOENT)
			ctx_bad(c, "variable %s is not set (used in '%s')", var, f->v[i]);
		else if (rc == -EINVAL)
			ctx_bad(c, "malformed variable reference '%s' in '%s'; write ${NAME}",
			    var, f->v[i]);
		free(var);
	}
	if (rc < 0) {
		free_strings(v, f->n);
		return rc == -ENOMEM ? rc : 1;
	}
	*out = v;
	return 0;
}

/* -- numeric fields --------------------------------------------------- */

static void parse_perm(struct spec_ctx *c, const char *s, uint32_t *mode)
{
	uint32_t v = 0;

	if (num_parse(s, 8, 07777, &v) < 0)
		ctx_bad(c, "bad mode '%s': must be octal, at most 07777", s);
	*mode |= v;
}

static void parse_num(struct spec_ctx *c, const char *what, const char *s, uint32_t max,
		      uint32_t *out)
{
	if (num_parse(s, 10, max, out) < 0)
		ctx_bad(c, "bad %s '%s': must be a decimal number from 0 to %u", what, s,
		    (unsigned)max);
}

static void parse_owner(struct spec_ctx *c, char *const f[3], struct entry *e)
{
	parse_perm(c, f[0], &e->mode);
	parse_num(c, "uid", f[1], MAX_ID, &e->uid);
	parse_num(c, "gid", f[2], MAX_ID, &e->gid);
}

/* -- line types ------------------------------------------------------- */

static void check_source(struct spec_ctx *c, const char *loc, struct entry *e)
{
	int rc = source_probe(loc, &e->size);

	if (rc == -EINVAL)
		ctx_bad(c, "source %s is not a regular file", loc);
	else if (rc == -EFBIG)
		ctx_bad(c, "source %s is larger than newc's limit of %u bytes", loc,
		    (unsigned)SOURCE_MAX_SIZE);
	else if (rc < 0)
		ctx_bad(c, "cannot open source %s: %s", loc, strerror(-rc));
}

static int parse_file(struct spec_ctx *c, const struct kind *k, char **f, size_t n,
		      struct entry *e)
{
	size_t i;
	int rc;

	e->mode = k->ifmt;
	parse_owner(c, f + 2, e);
	check_source(c, f[1], e);
	e->source = strdup(f[1]);
	if (!e->source)
		return -ENOMEM;
	rc = ctx_declare(c, f[0], k->ifmt, e);
	/* Fields after <gid> are more names of the same inode. */
	for (i = k->nargs; i < n && rc == 0; i++)
		rc = ctx_declare(c, f[i], k->ifmt, e);
	return rc;
}

static int parse_plain(struct spec_ctx *c, const struct kind *k, char **f, size_t n,
		       struct entry *e)
{
	(void)n;
	e->mode = k->ifmt;
	parse_owner(c, f + 1, e);
	return ctx_declare(c, f[0], k->ifmt, e);
}

static int parse_nod(struct spec_ctx *c, const struct kind *k, char **f, size_t n,
		     struct entry *e)
{
	(void)k;
	(void)n;
	if (strcmp(f[4], "b") == 0) {
		e->mode = S_IFBLK;
	} else if (strcmp(f[4], "c") == 0) {
		e->mode = S_IFCHR;
	} else {
		ctx_bad(c, "bad device type '%s': must be b (block) or c (character)", f[4]);
		e->mode = S_IFCHR;	/* a non-directory, for the name table */
	}
	parse_owner(c, f + 1, e);
	parse_num(c, "major", f[5], MAX_MAJOR, &e->rmajor);
	parse_num(c, "minor", f[6], MAX_MINOR, &e->rminor);
	return ctx_declare(c, f[0], e->mode & S_IFMT, e);
}

static int parse_slink(struct spec_ctx *c, const struct kind *k, char **f, size_t n,
		       struct entry *e)
{
	(void)n;
	e->mode = k->ifmt;
	/* The kernel refuses an empty symlink body and targets of PATH_MAX or more. */
	if (!*f[1])
		ctx_bad(c, "empty symlink target");
	else if (strlen(f[1]) > NAME_MAX_PATH)
		ctx_bad(c, "symlink target is too long (at most %d bytes)", NAME_MAX_PATH);
	parse_owner(c, f + 2, e);
	e->target = strdup(f[1]);
	if (!e->target)
		return -ENOMEM;
	return ctx_declare(c, f[0], k->ifmt, e);
}

static const struct kind kinds[] = {
	{ "file", S_IFREG, 5, "file <name> <location> <mode> <uid> <gid> [<hard link>...]",
	  parse_file },
	{ "dir", S_IFDIR, 4, "dir <name> <mode> <uid> <gid>", parse_plain },
	{ "nod", 0, 7, "nod <name> <mode> <uid> <gid> <b|c> <maj> <min>", parse_nod },
	{ "slink", S_IFLNK, 5, "slink <name> <target> <mode> <uid> <gid>", parse_slink },
	{ "pipe", S_IFIFO, 4, "pipe <name> <mode> <uid> <gid>", parse_plain },
	{ "sock", S_IFSOCK, 4, "sock <name> <mode> <uid> <gid>", parse_plain },
};

static const struct kind *find_kind(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].word, word) == 0)
			return &kinds[i];
	return NULL;
}

static int count_ok(const struct kind *k, size_t nargs)
{
	return k->ifmt == S_IFREG ? nargs >= k->nargs : nargs == k->nargs;
}

/* Parses the expanded fields v[0..n) of one line into the image. */
static int parse_fields(struct spec_ctx *c, char **v, size_t n)
{
	const struct kind *k = find_kind(v[0]);
	unsigned before = c->errors;
	struct entry e = { 0 };
	int rc;

	if (!k) {
		ctx_bad(c, "unknown type '%s'; expected file, dir, nod, slink, pipe or sock", v[0]);
		return 0;
	}
	if (!count_ok(k, n - 1)) {
		ctx_bad(c, "'%s' takes %s%zu fields after the type, got %zu: %s", k->word,
		    k->ifmt == S_IFREG ? "at least " : "", k->nargs, n - 1, k->usage);
		/* The name is always the first field: still declare it, so the
		 * lines below it do not all report a missing parent as well. */
		rc = n > 1 ? ctx_declare(c, v[1], k->ifmt ? k->ifmt : S_IFCHR, &e) : 0;
		entry_free(&e);
		return rc;
	}
	e.spec = c->path;
	e.line = c->line;
	rc = k->parse(c, k, v + 1, n - 1, &e);
	if (rc == 0 && c->errors == before)
		rc = image_append(c->img, &e);
	entry_free(&e);
	return rc;
}

static void strip_eol(char *line, size_t *len)
{
	if (*len && line[*len - 1] == '\n')
		line[--*len] = '\0';
	if (*len && line[*len - 1] == '\r')	/* a spec edited on Windows */
		line[--*len] = '\0';
}

static int do_line(struct spec_ctx *c, char *line, size_t len, struct fields *f)
{
	char **v;
	int rc;

	if (strlen(line) != len) {
		ctx_bad(c, "line contains a NUL byte");
		return 0;
	}
	strip_eol(line, &len);
	rc = split_fields(line, f);
	if (rc < 0 || f->n == 0 || f->v[0][0] == '#')
		return rc;
	rc = expand_fields(c, f, &v);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	rc = parse_fields(c, v, f->n);
	free_strings(v, f->n);
	return rc;
}

/* Reads one open spec file; getline means no limit on line length. */
static int read_stream(struct spec_ctx *c, FILE *fp)
{
	struct fields f = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	c->line = 0;
	errno = 0;
	while (rc == 0 && (len = getline(&line, &cap, fp)) >= 0) {
		c->line++;
		rc = do_line(c, line, (size_t)len, &f);
		errno = 0;
	}
	if (rc == 0 && ferror(fp))
		rc = errno ? -errno : -EIO;
	free(line);
	free(f.v);
	return rc;
}

static int read_one(struct spec_ctx *c, const char *path)
{
	int is_stdin = strcmp(path, "-") == 0;
	struct stat st;

	if (!is_stdin && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return tree_read(c, path);
	FILE *fp = is_stdin ? stdin : fopen(path, "re");
	int rc;

	c->path = is_stdin ? "<stdin>" : path;
	if (!fp) {
		rc = -errno;
		diag_err(rc, "cannot open spec %s", path);
		return rc;
	}
	rc = read_stream(c, fp);
	if (rc == -ENOMEM)
		diag_at(c->path, c->line, "out of memory");
	else if (rc < 0)
		diag_err(rc, "reading spec %s", c->path);
	if (!is_stdin)
		fclose(fp);
	return rc;
}

int spec_read(struct image *img, char *const *paths, size_t n, const struct spec_opts *o,
	      unsigned *errors)
{
	struct spec_ctx c = { .img = img, .opts = o };
	size_t i;
	int rc = 0;

	names_init(&c.names);
	for (i = 0; i < n && rc == 0; i++)
		rc = read_one(&c, paths[i]);
	names_free(&c.names);
	*errors = c.errors + (rc < 0);
	if (rc == 0 && c.errors)
		rc = -EINVAL;
	return rc;
}
