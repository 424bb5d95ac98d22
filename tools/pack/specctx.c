/* specctx.c: the state spec.c and tree.c share (specctx.h): problem
 * reports and the declaration of names, checked against every name read
 * before from either kind of input. Its own file so that spec.c (which
 * reads trees through tree.c) and tree.c do not call into each other. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "names.h"
#include "specctx.h"

void ctx_bad(struct spec_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vat(c->path, c->line, fmt, ap);
	va_end(ap);
	c->errors++;
}

/* -- names ------------------------------------------------------------ */

static void name_problem(struct spec_ctx *c, const char *raw, int err)
{
	if (err == -ENOENT && *raw)
		ctx_bad(c, "name '%s' is the root directory, which always exists; drop this line", raw);
	else if (err == -ENOENT)
		ctx_bad(c, "empty name");
	else if (err == -EINVAL)
		ctx_bad(c, "name '%s' has a '.' or '..' component", raw);
	else
		ctx_bad(c, "name '%s' is too long (at most %d bytes, %d per component)", raw,
		    NAME_MAX_PATH, NAME_MAX_COMPONENT);
}

/* "at FILE:LINE" for a spec line, "by PATH" for a directory tree's file. */
static const char *decl_where(const struct name_decl *d, char *buf, size_t len)
{
	if (d->line)
		snprintf(buf, len, "at %s:%lu", d->spec, d->line);
	else
		snprintf(buf, len, "by %s", d->spec);
	return buf;
}

/* Reports a parent of `name` that is missing or not a directory. */
static void check_parent(struct spec_ctx *c, const char *name)
{
	size_t plen = name_parent_len(name);
	const struct name_decl *d;
	char w[PATH_MAX + 64];

	if (plen == 0)
		return;
	d = names_find(&c->names, name, plen);
	if (!d)
		ctx_bad(c, "parent directory /%.*s of /%s is not declared before it; "
		    "add `dir /%.*s 0755 0 0` above", (int)plen, name, name, (int)plen, name);
	else if (!S_ISDIR(d->mode))
		ctx_bad(c, "parent /%.*s of /%s is not a directory (declared %s)",
		    (int)plen, name, name, decl_where(d, w, sizeof w));
}

static int entry_add_name(struct entry *e, char *name)
{
	char **v = realloc(e->names, (e->nnames + 1) * sizeof *v);

	if (!v)
		return -ENOMEM;
	e->names = v;
	e->names[e->nnames++] = name;
	return 0;
}

/* Declares raw as a name of e. A name is recorded in the table even when
 * its parent is missing, so one bad line does not make every later line
 * below it report a missing parent too. */
int ctx_declare(struct spec_ctx *c, const char *raw, uint32_t ifmt, struct entry *e)
{
	const struct name_decl *d;
	char *name, w[PATH_MAX + 64];
	int rc = name_canon(raw, &name);

	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		name_problem(c, raw, rc);
		return 0;
	}
	d = names_find(&c->names, name, strlen(name));
	if (d) {
		ctx_bad(c, "duplicate name /%s (first declared %s)", name, decl_where(d, w, sizeof w));
		free(name);
		return 0;
	}
	check_parent(c, name);
	rc = names_add(&c->names, name, ifmt, c->path, c->line);
	if (rc == 0)
		rc = entry_add_name(e, name);
	if (rc < 0)
		free(name);
	return rc;
}
