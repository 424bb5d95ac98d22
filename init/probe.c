/* probe.c: the filesystem prober's dispatch (probe_fs walks a table of
 * per-filesystem probers), the fsid setters those probers share, and UUID
 * formatting and comparison. Pure code: no I/O, no allocation. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

/* Tried in order; the first to recognise the buffer wins. libblkid instead
 * tries every prober and answers nothing when two filesystems match (say, a
 * stale superblock left by an earlier mkfs), except that a RAID member, an
 * LVM physical volume or a LUKS header wins outright, in that order (a
 * member holds the array's filesystem; a PV's first sectors may keep an old
 * one's). So MD, LVM and LUKS come first; then the filesystems whose signatures are
 * hardest to fake (xfs's verified geometry, btrfs's 8-byte magic at 64 KiB,
 * f2fs, erofs, ext), then those checked less (swap, squashfs, iso9660), and
 * vfat last, whose signature can be as weak as a boot sector's 55 AA. Where
 * libblkid would refuse to choose, this order picks the likelier answer. */
static probe_fn *const probers[] = {
	probe_md,
	probe_lvm2,
	probe_luks,
	probe_xfs,
	probe_btrfs,
	probe_f2fs,
	probe_erofs,
	probe_ext,
	probe_swap,
	probe_squashfs,
	probe_iso9660,
	probe_vfat,
};

/* libblkid looks for nothing on a device of 1 KiB or less (an extended
 * partition's stub, say), and nothing here fits in one anyway. */
#define PROBE_MIN_LEN	1025

int probe_fs(const unsigned char *buf, size_t len, struct fsid *id)
{
	int whole = probe_whole(len);

	return probe_dev(buf, len, whole ? buf : NULL, whole ? len : 0, len, id);
}

int probe_dev(const unsigned char *buf, size_t len, const unsigned char *tail, size_t tlen,
	      unsigned long long size, struct fsid *id)
{
	size_t i;

	memset(id, 0, sizeof(*id));
	if (buf && len >= PROBE_MIN_LEN && probe_md_tail(tail, tlen, size, id) == 0)
		return 0;
	for (i = 0; i < sizeof(probers) / sizeof(probers[0]); i++) {
		memset(id, 0, sizeof(*id));
		if (!buf || len < PROBE_MIN_LEN)
			break;
		/* A prober that claims success without a type is a bug: treating
		 * it as unknown keeps callers' "type is set" assumption true. */
		if (probers[i](buf, len, id) == 0 && id->type[0])
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

/* Copies at most n bytes of src into dst[cap], stopping at the first NUL
 * (a field that its text fills holds none), and drops trailing whitespace as
 * libblkid does, so LABEL= and UUID= match what blkid and udev's
 * /dev/disk/by-* links show. */
static void copy_trimmed(char *dst, size_t cap, const unsigned char *src, size_t n)
{
	size_t i;

	if (n > cap - 1)
		n = cap - 1;
	for (i = 0; i < n && src[i]; i++)
		dst[i] = (char)src[i];
	while (i > 0 && is_space((unsigned char)dst[i - 1]))
		i--;
	dst[i] = '\0';
}

void probe_set_label(struct fsid *id, const unsigned char *src, size_t n)
{
	copy_trimmed(id->label, sizeof(id->label), src, n);
}

void probe_set_uuid_str(struct fsid *id, const unsigned char *src, size_t n)
{
	copy_trimmed(id->uuid, sizeof(id->uuid), src, n);
}

static uint32_t utf16_unit(const unsigned char *p, int big_endian)
{
	return big_endian ? probe_be16(p) : probe_le16(p);
}

/* libblkid's ul_encode_to_utf8(): stops at U+0000 or an odd last byte, joins
 * surrogate pairs, and encodes an unpaired surrogate as if it were a
 * character (CESU-style), so the bytes match blkid's even for broken labels.
 * A label too long for id->label (only f2fs's 512 units can be) is cut
 * before the first character that does not fit, never inside one. */
void probe_set_label_utf16(struct fsid *id, const unsigned char *src, size_t n,
			   int big_endian)
{
	unsigned char *out = (unsigned char *)id->label;
	size_t i, o = 0, need;
	uint32_t c, c2;

	for (i = 0; i + 2 <= n; i += 2) {
		c = utf16_unit(src + i, big_endian);
		if (c >= 0xD800 && c <= 0xDBFF && i + 4 <= n) {
			c2 = utf16_unit(src + i + 2, big_endian);
			if (c2 >= 0xDC00 && c2 <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
				i += 2;
			}
		}
		if (c == 0)
			break;
		need = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		if (o + need >= sizeof(id->label))
			break;
		if (need == 1) {
			out[o++] = (unsigned char)c;
			continue;
		}
		/* The lead byte carries need - 1 one-bits and the top bits. */
		out[o] = (unsigned char)((0xF00u >> need) | (c >> (6 * (need - 1))));
		while (--need)
			out[++o] = (unsigned char)(0x80 | ((c >> (6 * (need - 1))) & 0x3f));
		o++;
	}
	while (o > 0 && is_space(out[o - 1]))
		o--;
	out[o] = '\0';
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
