/* probe.c: the filesystem prober's dispatch (probe_fs walks a table of
 * per-filesystem probers), the fsid setters those probers share, and UUID
 * formatting and comparison. Pure code: no I/O, no allocation. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

/* Tried in order; the first to recognise the buffer wins. libblkid instead
 * refuses to answer when two families match (say, a stale superblock left by
 * an earlier mkfs), so when adding entries put the filesystems whose mkfs
 * wipes others' magic first. */
static probe_fn *const probers[] = {
	probe_ext,
};

int probe_fs(const unsigned char *buf, size_t len, struct fsid *id)
{
	size_t i;

	for (i = 0; i < sizeof(probers) / sizeof(probers[0]); i++) {
		memset(id, 0, sizeof(*id));
		/* A prober that claims success without a type is a bug: treating
		 * it as unknown keeps callers' "type is set" assumption true. */
		if (buf && probers[i](buf, len, id) == 0 && id->type[0])
			return 0;
	}
	/* A prober that gave up half-way may have filled some fields. */
	memset(id, 0, sizeof(*id));
	return -ENOENT;
}

void probe_set_type(struct fsid *id, const char *type)
{
	size_t i;

	for (i = 0; type[i] && i < sizeof(id->type) - 1; i++)
		id->type[i] = type[i];
	id->type[i] = '\0';
}

/* An all-zero UUID means "none" (libblkid reports none too); matching
 * root=UUID= against a string of zeros would pick any such device. */
void probe_set_uuid(struct fsid *id, const unsigned char b[16])
{
	static const unsigned char zero[16];

	if (memcmp(b, zero, sizeof(zero)) == 0)
		id->uuid[0] = '\0';
	else
		uuid_format(id->uuid, b);
}

static int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Copies an on-disk label of at most n bytes: the field need not hold a NUL
 * (a label filling it has none), so stop at n or at the first NUL. Trailing
 * whitespace goes, as libblkid drops it, so LABEL= matches what blkid and
 * udev's /dev/disk/by-label show. */
void probe_set_label(struct fsid *id, const unsigned char *src, size_t n)
{
	size_t i;

	if (n > sizeof(id->label) - 1)
		n = sizeof(id->label) - 1;
	for (i = 0; i < n && src[i]; i++)
		id->label[i] = (char)src[i];
	while (i > 0 && is_space((unsigned char)id->label[i - 1]))
		i--;
	id->label[i] = '\0';
}

void uuid_format(char out[37], const unsigned char b[16])
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0xf];
	}
	out[o] = '\0';
}

static int ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Returns 1 when equal. Users type UUIDs in either case, blkid prints lower
 * case. An empty string equals nothing, so a device without a UUID never
 * matches an empty root=UUID=. */
int uuid_equal(const char *a, const char *b)
{
	if (!a || !b || !*a)
		return 0;
	for (; *a && *b; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return 0;
	return *a == *b;
}
