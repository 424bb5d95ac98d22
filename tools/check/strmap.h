/* strmap.h: a string-keyed hash map with chaining (keys are copied).
 * The rootfs model keeps one entry per path and the kernel's hard-link
 * table one per (dev, ino, type) key; both need delete, hence chaining. */
#ifndef BATON_CHECK_STRMAP_H
#define BATON_CHECK_STRMAP_H

#include <stddef.h>

struct strmap_node {
	struct strmap_node *next;
	void *val;
	char key[];
};

struct strmap {
	struct strmap_node **b;
	size_t nb, n;
};

void strmap_init(struct strmap *m);
/* free_val (may be NULL) is called on every value. */
void strmap_free(struct strmap *m, void (*free_val)(void *));
void *strmap_get(const struct strmap *m, const char *key);
/* Inserts or replaces; returns 0 or -ENOMEM. */
int strmap_put(struct strmap *m, const char *key, void *val);
/* Removes key; returns its value or NULL. */
void *strmap_del(struct strmap *m, const char *key);
/* Every key, in no particular order, in a malloc'd array of n pointers
 * into the map (valid until it changes); NULL on -ENOMEM or when empty. */
const char **strmap_keys(const struct strmap *m, size_t *n);

#endif
