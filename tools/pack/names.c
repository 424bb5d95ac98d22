/* names.c: canonical archive names and the table of declared names (see
 * names.h). The table is a hash set because an image may hold thousands of
 * entries (kernel modules) and each one is looked up twice. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

/* Appends component [c, c+n) to out (of size > NAME_MAX_PATH). */
static int canon_add(char *out, size_t *len, const char *c, size_t n)
{
	if (n > NAME_MAX_COMPONENT)
		return -ENAMETOOLONG;
	if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
		return -EINVAL;
	if (*len + (*len ? 1 : 0) + n > NAME_MAX_PATH)
		return -ENAMETOOLONG;
	if (*len)
		out[(*len)++] = '/';
	memcpy(out + *len, c, n);
	*len += n;
	out[*len] = '\0';
	return 0;
}

int name_canon(const char *in, char **out)
{
	char *buf = malloc(NAME_MAX_PATH + 1);
	size_t len = 0;
	const char *p = in;
	int rc = 0;

	*out = NULL;
	if (!buf)
		return -ENOMEM;
	buf[0] = '\0';
	while (rc == 0 && *p) {
		size_t n = strcspn(p, "/");

		if (n)
			rc = canon_add(buf, &len, p, n);
		p += n;
		p += strspn(p, "/");
	}
	if (rc == 0 && len == 0)
		rc = -ENOENT;
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	return 0;
}

size_t name_parent_len(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? (size_t)(slash - name) : 0;
}

/* FNV-1a: simple, and good enough for path names. */
static size_t hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

void names_init(struct name_table *t)
{
	t->slots = NULL;
	t->cap = t->used = 0;
}

void names_free(struct name_table *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slots[i].name);
	free(t->slots);
	names_init(t);
}

static size_t slot_of(const struct name_decl *slots, size_t cap, const char *name, size_t len)
{
	size_t i = hash(name, len) & (cap - 1);

	while (slots[i].name &&
	       !(strncmp(slots[i].name, name, len) == 0 && slots[i].name[len] == '\0'))
		i = (i + 1) & (cap - 1);
	return i;
}

const struct name_decl *names_find(const struct name_table *t, const char *name, size_t len)
{
	size_t i;

	if (!t->cap)
		return NULL;
	i = slot_of(t->slots, t->cap, name, len);
	return t->slots[i].name ? &t->slots[i] : NULL;
}

/* Doubles the table; keeps the load factor at most 1/2 so probes stay short. */
static int names_grow(struct name_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	struct name_decl *slots = calloc(cap, sizeof *slots);
	size_t i;

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < t->cap; i++) {
		const char *n = t->slots[i].name;

		if (n)
			slots[slot_of(slots, cap, n, strlen(n))] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

int names_add(struct name_table *t, const char *name, uint32_t mode,
	      const char *spec, unsigned long line)
{
	struct name_decl *d;
	char *copy;

	if (2 * (t->used + 1) > t->cap && names_grow(t) < 0)
		return -ENOMEM;
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	d = &t->slots[slot_of(t->slots, t->cap, name, strlen(name))];
	d->name = copy;
	d->mode = mode;
	d->spec = spec;
	d->line = line;
	t->used++;
	return 0;
}
