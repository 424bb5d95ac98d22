/* strmap.c: string-keyed hash map (see strmap.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* FNV-1a over the key. */
static size_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

void strmap_init(struct strmap *m)
{
	m->b = NULL;
	m->nb = m->n = 0;
}

void strmap_free(struct strmap *m, void (*free_val)(void *))
{
	size_t i;

	for (i = 0; i < m->nb; i++) {
		struct strmap_node *x = m->b[i];

		while (x) {
			struct strmap_node *next = x->next;

			if (free_val)
				free_val(x->val);
			free(x);
			x = next;
		}
	}
	free(m->b);
	strmap_init(m);
}

static struct strmap_node **slot(const struct strmap *m, const char *key)
{
	struct strmap_node **p = &m->b[hash(key) & (m->nb - 1)];

	while (*p && strcmp((*p)->key, key) != 0)
		p = &(*p)->next;
	return p;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_node **p;

	if (!m->nb)
		return NULL;
	p = slot(m, key);
	return *p ? (*p)->val : NULL;
}

static int grow(struct strmap *m)
{
	size_t nb = m->nb ? m->nb * 2 : 64, i;
	struct strmap_node **b = calloc(nb, sizeof *b);

	if (!b)
		return -ENOMEM;
	for (i = 0; i < m->nb; i++) {
		struct strmap_node *x = m->b[i];

		while (x) {
			struct strmap_node *next = x->next;
			size_t h = hash(x->key) & (nb - 1);

			x->next = b[h];
			b[h] = x;
			x = next;
		}
	}
	free(m->b);
	m->b = b;
	m->nb = nb;
	return 0;
}

int strmap_put(struct strmap *m, const char *key, void *val)
{
	struct strmap_node **p, *x;
	size_t len = strlen(key);

	if (m->n + 1 > m->nb && grow(m) < 0)
		return -ENOMEM;
	p = slot(m, key);
	if (*p) {
		(*p)->val = val;
		return 0;
	}
	x = malloc(sizeof *x + len + 1);
	if (!x)
		return -ENOMEM;
	memcpy(x->key, key, len + 1);
	x->val = val;
	x->next = NULL;
	*p = x;
	m->n++;
	return 0;
}

void *strmap_del(struct strmap *m, const char *key)
{
	struct strmap_node **p, *x;
	void *val;

	if (!m->nb)
		return NULL;
	p = slot(m, key);
	x = *p;
	if (!x)
		return NULL;
	*p = x->next;
	val = x->val;
	free(x);
	m->n--;
	return val;
}

const char **strmap_keys(const struct strmap *m, size_t *n)
{
	const char **v;
	size_t i, k = 0;

	*n = 0;
	if (!m->n || !(v = malloc(m->n * sizeof *v)))
		return NULL;
	for (i = 0; i < m->nb; i++) {
		const struct strmap_node *x;

		for (x = m->b[i]; x; x = x->next)
			v[k++] = x->key;
	}
	*n = k;
	return v;
}
