/* expand.c: ${VAR} expansion (see expand.h). Output grows as needed, so a
 * variable may expand to any length. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "expand.h"

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int is_var_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* Expands the reference starting at ref ("${..."), appends its value and
 * sets *next past the '}'. */
static int expand_one(const char *ref, struct buf *b, const char **next, char **var)
{
	const char *name = ref + 2;
	const char *end = strchr(name, '}');
	const char *val;

	if (!end || !is_var_name(name, (size_t)(end - name))) {
		*var = strdup(ref);
		return *var ? -EINVAL : -ENOMEM;
	}
	*var = strndup(name, (size_t)(end - name));
	if (!*var)
		return -ENOMEM;
	val = getenv(*var);
	if (!val)
		return -ENOENT;
	free(*var);
	*var = NULL;
	*next = end + 1;
	return buf_add(b, val, strlen(val));
}

int expand_vars(const char *in, char **out, char **var)
{
	struct buf b = { 0 };
	const char *p = in;
	int rc = buf_add(&b, "", 0);

	*out = NULL;
	*var = NULL;
	while (rc == 0) {
		const char *ref = strstr(p, "${");

		if (!ref) {
			rc = buf_add(&b, p, strlen(p));
			break;
		}
		rc = buf_add(&b, p, (size_t)(ref - p));
		if (rc == 0)
			rc = expand_one(ref, &b, &p, var);
	}
	if (rc < 0) {
		free(b.p);
		return rc;
	}
	*out = b.p;
	return 0;
}
