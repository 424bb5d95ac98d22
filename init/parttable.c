/* parttable.c: GPT and MBR partition-table reader (see parttable.h). Pure
 * code over the caller's read callback: no I/O of its own, no allocation,
 * one PT_READ_MAX buffer on the stack.
 *
 * The rules follow the kernel's block/partitions/efi.c and msdos.c, since the
 * point is to name the partition devices the kernel creates:
 *  - GPT only behind a protective MBR (a 0xEE entry starting at LBA 1), which
 *    may be hybrid; the msdos parser ignores any other MBR holding 0xEE.
 *  - A GPT header is valid with "EFI PART", 92 <= size <= sector size, its
 *    CRC, my_lba = where it was read, usable LBAs inside the disk, 128-byte
 *    entries, and an entry array (CRC checked) inside the disk.
 *  - The backup header at the last LBA is used when the primary is invalid
 *    (the kernel does that only when booted with "gpt"; out->from_backup
 *    tells the caller).
 *  - GPT entries: number = index + 1; an all-zero type, an LBA past the end
 *    of the disk, or end < start means no partition there.
 *  - MBR: primaries with a non-zero size keep their slot number, logicals
 *    count from 5 along the EBR chain; a partition starting past the end of
 *    the disk keeps its number but is not created. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "parttable.h"
#include "probe_impl.h"

typedef unsigned long long u64;

#define GPT_ENTRY_SIZE	128
#define GPT_HDR_MIN	92
#define GPT_MAX_ENTRIES	16384	/* 2 MiB of entries; the kernel allows 4 MiB */
#define MBR_SIZE	512
#define MBR_TABLE	0x1be
#define MBR_DISK_ID	0x1b8
#define EBR_MAX_EMPTY	100	/* links without a data partition, as the kernel */
#define EBR_MAX_READS	1024	/* total EBRs read, against chains that cycle */

struct disk {
	pt_read_fn rd;
	void *ctx;
	unsigned ssz;		/* logical sector size */
	u64 bytes;		/* disk size */
	u64 nlba;		/* whole sectors on the disk */
};

/* ---- small helpers -------------------------------------------------- */

/* zlib's CRC-32 (reflected 0xedb88320), four bits at a time. */
uint32_t pt_crc32(uint32_t crc, const void *buf, size_t len)
{
	static const uint32_t t[16] = {
		0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
		0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
		0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
		0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
	};
	const unsigned char *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ t[crc & 15];
		crc = (crc >> 4) ^ t[crc & 15];
	}
	return ~crc;
}

static u64 le64(const unsigned char *p)
{
	return (u64)probe_le32(p) | (u64)probe_le32(p + 4) << 32;
}

/* Reads len <= PT_READ_MAX bytes at off. Returns 0, 1 when the bytes do not
 * lie on the disk (a corrupt pointer: nothing is read), or the callback's
 * -errno. */
static int disk_read(const struct disk *d, u64 off, void *buf, size_t len)
{
	int r;

	if (len > PT_READ_MAX || off > d->bytes || len > d->bytes - off)
		return 1;
	r = d->rd(d->ctx, off, buf, len);
	return r > 0 ? -EIO : r;	/* a callback returning a count is a bug */
}

/* Reads the first 512 bytes of sector lba (what MBRs, EBRs and GPT headers
 * need). Same returns as disk_read. */
static int read_sector(const struct disk *d, u64 lba, unsigned char *buf)
{
	if (lba >= d->nlba)
		return 1;
	return disk_read(d, lba * d->ssz, buf, MBR_SIZE);
}

static void put_hex(char *out, uint32_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";

	out[digits] = '\0';
	while (digits--) {
		out[digits] = hex[v & 15];
		v >>= 4;
	}
}

/* GPT GUIDs are stored mixed-endian: the first three fields little-endian. */
static void guid_format(char out[40], const unsigned char *g)
{
	unsigned char b[16] = { g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6] };

	memcpy(b + 8, g + 8, 8);
	uuid_format(out, b);
}

static int is_blank(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static size_t utf8_len(uint32_t c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

static void put_utf8(char *out, uint32_t c, size_t n)
{
	static const unsigned char lead[5] = { 0, 0, 0xc0, 0xe0, 0xf0 };
	size_t i;

	for (i = n - 1; i > 0; i--) {
		out[i] = (char)(0x80 | (c & 0x3f));
		c >>= 6;
	}
	out[0] = (char)(lead[n] | c);
}

/* The GPT name (UTF-16LE, up to units code units, NUL-terminated unless
 * full) as UTF-8 the way libblkid converts it: surrogate pairs joined, a lone
 * surrogate encoded as it stands, trailing whitespace dropped. */
static void name_to_utf8(char *out, size_t size, const unsigned char *src, size_t units)
{
	size_t i, j = 0, n;

	for (i = 0; i < units; i++) {
		uint32_t c = probe_le16(src + 2 * i), c2;

		if (c >= 0xd800 && c <= 0xdbff && i + 1 < units) {
			c2 = probe_le16(src + 2 * i + 2);
			if (c2 >= 0xdc00 && c2 <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
				i++;
			}
		}
		if (c == 0)
			break;
		n = utf8_len(c);
		if (j + n >= size)
			break;
		put_utf8(out + j, c, n);
		j += n;
	}
	while (j > 0 && is_blank((unsigned char)out[j - 1]))
		j--;
	out[j] = '\0';
}

static void set_str(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i < size - 1; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

static void table_reset(struct parttable *out)
{
	memset(out, 0, sizeof(*out));
}

/* The next free slot for partition number, or NULL when the table is full
 * (then out->truncated is set). */
static struct partinfo *part_add(struct parttable *out, int number)
{
	struct partinfo *p;

	if (out->n >= PT_MAX_PARTS) {
		out->truncated = 1;
		return NULL;
	}
	p = &out->part[out->n++];
	p->number = number;
	return p;
}

/* ---- GPT ------------------------------------------------------------- */

struct gpt_hdr {
	uint32_t size, crc, n_entries, entry_size, entries_crc;
	u64 my_lba, first_usable, last_usable, entries_lba;
	unsigned char disk_guid[16];
};

static void gpt_parse(const unsigned char *b, struct gpt_hdr *h)
{
	h->size = probe_le32(b + 0x0c);
	h->crc = probe_le32(b + 0x10);
	h->my_lba = le64(b + 0x18);
	h->first_usable = le64(b + 0x28);
	h->last_usable = le64(b + 0x30);
	memcpy(h->disk_guid, b + 0x38, 16);
	h->entries_lba = le64(b + 0x48);
	h->n_entries = probe_le32(b + 0x50);
	h->entry_size = probe_le32(b + 0x54);
	h->entries_crc = probe_le32(b + 0x58);
}

/* CRC of len bytes of the disk at off, continuing crc, read through buf. */
static int crc_disk(const struct disk *d, u64 off, u64 len, uint32_t *crc,
		    unsigned char *buf)
{
	while (len > 0) {
		size_t n = len < PT_READ_MAX ? (size_t)len : PT_READ_MAX;
		int r = disk_read(d, off, buf, n);

		if (r)
			return r;
		*crc = pt_crc32(*crc, buf, n);
		off += n;
		len -= n;
	}
	return 0;
}

/* The header's own CRC, over h->size bytes with the CRC field as zero;
 * buf holds the header's first 512 bytes (and is scratch afterwards). */
static int gpt_header_crc(const struct disk *d, u64 lba, const struct gpt_hdr *h,
			  unsigned char *buf, uint32_t *crc)
{
	static const unsigned char zero[4];
	size_t first = h->size < MBR_SIZE ? h->size : MBR_SIZE;

	*crc = pt_crc32(0, buf, 0x10);
	*crc = pt_crc32(*crc, zero, 4);
	*crc = pt_crc32(*crc, buf + 0x14, first - 0x14);
	return crc_disk(d, lba * d->ssz + first, h->size - first, crc, buf);
}

/* The kernel's gpt_validate_header, plus the entry array lying on the disk. */
static int gpt_header_sane(const struct disk *d, u64 lba, const struct gpt_hdr *h)
{
	u64 last = d->nlba - 1;

	if (h->size < GPT_HDR_MIN || h->size > d->ssz || h->my_lba != lba)
		return 0;
	if (h->first_usable > last || h->last_usable > last ||
	    h->last_usable < h->first_usable)
		return 0;
	if (h->entry_size != GPT_ENTRY_SIZE || h->n_entries == 0 ||
	    h->n_entries > GPT_MAX_ENTRIES || h->entries_lba > last)
		return 0;
	return (u64)h->n_entries * GPT_ENTRY_SIZE <= d->bytes - h->entries_lba * d->ssz;
}

/* Reads and checks the header at lba. Returns 0 when valid, 1 when there is
 * no "EFI PART" there at all, -EINVAL when there is but it is not valid, or a
 * read error. */
static int gpt_header(const struct disk *d, u64 lba, unsigned char *buf,
		      struct gpt_hdr *h)
{
	uint32_t crc;
	int r = read_sector(d, lba, buf);

	if (r)
		return r;
	if (memcmp(buf, "EFI PART", 8) != 0)
		return 1;
	gpt_parse(buf, h);
	if (!gpt_header_sane(d, lba, h))
		return -EINVAL;
	r = gpt_header_crc(d, lba, h, buf, &crc);
	if (r)
		return r < 0 ? r : -EINVAL;
	return crc == h->crc ? 0 : -EINVAL;
}

/* One 128-byte entry, index idx: added unless empty or out of the disk. */
static void gpt_entry(const struct disk *d, const unsigned char *e, uint32_t idx,
		      struct parttable *out)
{
	static const unsigned char unused[16];
	u64 start = le64(e + 0x20), end = le64(e + 0x28);
	struct partinfo *p;

	if (memcmp(e, unused, 16) == 0 || idx >= PT_MAX_NUMBER)
		return;
	if (start >= d->nlba || end >= d->nlba || end < start)
		return;
	p = part_add(out, (int)idx + 1);
	if (!p)
		return;
	p->start_lba = start;
	p->nr_lba = end - start + 1;
	guid_format(p->type_guid, e);
	guid_format(p->partuuid, e + 0x10);
	name_to_utf8(p->partlabel, sizeof(p->partlabel), e + 0x38, 36);
}

/* Reads the entry array in PT_READ_MAX chunks, adding entries to out as it
 * goes; their CRC decides at the end whether they stand. */
static int gpt_entries(const struct disk *d, const struct gpt_hdr *h,
		       unsigned char *buf, struct parttable *out)
{
	u64 off = h->entries_lba * d->ssz;
	u64 left = (u64)h->n_entries * GPT_ENTRY_SIZE;
	uint32_t crc = 0, idx = 0;

	while (left > 0) {
		size_t n = left < PT_READ_MAX ? (size_t)left : PT_READ_MAX, k;
		int r = disk_read(d, off, buf, n);

		if (r)
			return r < 0 ? r : -EINVAL;
		crc = pt_crc32(crc, buf, n);
		for (k = 0; k < n; k += GPT_ENTRY_SIZE)
			gpt_entry(d, buf + k, idx++, out);
		off += n;
		left -= n;
	}
	return crc == h->entries_crc ? 0 : -EINVAL;
}

/* The GPT whose header is at lba. Same returns as gpt_header; out is only
 * meaningful on 0. */
static int gpt_try(const struct disk *d, u64 lba, unsigned char *buf,
		   struct parttable *out)
{
	struct gpt_hdr h;
	int r;

	table_reset(out);
	r = gpt_header(d, lba, buf, &h);
	if (r == 0)
		r = gpt_entries(d, &h, buf, out);
	if (r)
		return r;
	set_str(out->kind, sizeof(out->kind), "gpt");
	guid_format(out->disk_id, h.disk_guid);
	return 0;
}

static int gpt_read(const struct disk *d, unsigned char *buf, struct parttable *out)
{
	u64 last = d->nlba - 1;
	int r, seen;

	r = gpt_try(d, 1, buf, out);
	if (r <= 0 && r != -EINVAL)
		return r;
	seen = r == -EINVAL;
	if (last > 1) {
		r = gpt_try(d, last, buf, out);
		if (r == 0) {
			out->from_backup = 1;
			return 0;
		}
		if (r < 0 && r != -EINVAL)
			return r;
		seen |= r == -EINVAL;
	}
	return seen ? -EINVAL : -ENOENT;
}

/* ---- MBR ------------------------------------------------------------- */

struct mbr_part {
	unsigned char boot, type;
	uint32_t start, size;
};

static void mbr_parse(const unsigned char *sector, struct mbr_part p[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		const unsigned char *e = sector + MBR_TABLE + 16 * i;

		p[i].boot = e[0];
		p[i].type = e[4];
		p[i].start = probe_le32(e + 8);
		p[i].size = probe_le32(e + 12);
	}
}

static int mbr_signed(const unsigned char *sector)
{
	return sector[510] == 0x55 && sector[511] == 0xaa;
}

static int is_extended(unsigned char type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

enum { MBR_NONE, MBR_PROTECTIVE, MBR_DOS };

static int mbr_kind(const unsigned char *sector0, const struct mbr_part p[4])
{
	int i;

	for (i = 0; i < 4; i++)
		if (p[i].type == 0xee && p[i].start == 1)
			return MBR_PROTECTIVE;
	/* mkfs.fat leaves the partition slots zero: an "empty table" that
	 * libblkid (and so udev) rightly reads as a FAT filesystem. */
	if (probe_is_fat_boot_sector(sector0))
		return MBR_NONE;
	for (i = 0; i < 4; i++)
		if ((p[i].boot != 0 && p[i].boot != 0x80) || p[i].type == 0xee)
			return MBR_NONE;
	return MBR_DOS;
}

struct dos {
	const struct disk *d;
	unsigned char *buf;
	struct parttable *out;
	uint32_t disk_id;
	int next;		/* number of the next logical partition */
	int reads;		/* EBRs read so far */
};

/* Records partition number (its PARTUUID is "<disk id>-<number in hex>"),
 * unless it starts past the end of the disk: the kernel then skips it. */
static void dos_add(struct dos *s, int number, u64 start, u64 size,
		    unsigned char type, int flags)
{
	struct partinfo *p;
	char *t;

	if (start >= s->d->nlba)
		return;
	p = part_add(s->out, number);
	if (!p)
		return;
	p->flags = flags;
	p->start_lba = start;
	p->nr_lba = size;
	put_hex(p->partuuid, s->disk_id, 8);
	p->partuuid[8] = '-';
	put_hex(p->partuuid + 9, (uint32_t)number, 2);
	t = p->type_guid;
	*t++ = '0';
	*t++ = 'x';
	put_hex(t, type, type < 16 ? 1 : 2);
}

/* The data partitions of one EBR at sector this (of this_size sectors),
 * inside the extended partition [first, first + first_size). Entries 3 and 4
 * are often garbage: the kernel keeps them only when they fit. */
static int ebr_data(struct dos *s, const struct mbr_part p[4], u64 this,
		    u64 this_size, u64 first, u64 first_size)
{
	int i, found = 0;

	for (i = 0; i < 4 && s->next <= PT_MAX_NUMBER; i++) {
		u64 offs = p[i].start, size = p[i].size, at = this + offs;

		if (!size || is_extended(p[i].type))
			continue;
		if (i >= 2 && (offs + size > this_size || at < first ||
			       at + size > first + first_size))
			continue;
		dos_add(s, s->next++, at, size, p[i].type, 0);
		found = 1;
	}
	return found;
}

/* Walks the chain of EBRs of the extended partition at first: each holds a
 * data partition (relative to itself) and a link to the next EBR (relative to
 * the extended partition). Stops as the kernel does after EBR_MAX_EMPTY
 * links without data, and in any case after EBR_MAX_READS EBRs. */
static int dos_extended(struct dos *s, u64 first, u64 first_size)
{
	struct mbr_part p[4];
	u64 this = first, this_size = first_size;
	int empty = 0, i, r;

	while (s->next <= PT_MAX_NUMBER && empty++ < EBR_MAX_EMPTY) {
		if (++s->reads > EBR_MAX_READS) {
			s->out->truncated = 1;
			return 0;
		}
		r = read_sector(s->d, this, s->buf);
		if (r || !mbr_signed(s->buf))
			return r < 0 ? r : 0;
		mbr_parse(s->buf, p);
		if (ebr_data(s, p, this, this_size, first, first_size))
			empty = 0;
		for (i = 0; i < 4 && !(p[i].size && is_extended(p[i].type)); i++)
			;
		if (i == 4)
			return 0;
		this = first + p[i].start;
		this_size = p[i].size;
	}
	return 0;
}

static int dos_read(const struct disk *d, unsigned char *buf, struct parttable *out)
{
	struct mbr_part p[4];
	struct dos s = { .d = d, .buf = buf, .out = out, .next = 5 };
	int i, r;

	mbr_parse(buf, p);
	s.disk_id = probe_le32(buf + MBR_DISK_ID);
	set_str(out->kind, sizeof(out->kind), "dos");
	put_hex(out->disk_id, s.disk_id, 8);
	for (i = 0; i < 4; i++) {
		if (!p[i].size)
			continue;
		if (!is_extended(p[i].type)) {
			dos_add(&s, i + 1, p[i].start, p[i].size, p[i].type, 0);
			continue;
		}
		dos_add(&s, i + 1, p[i].start, p[i].size, p[i].type, PT_EXTENDED);
		r = dos_extended(&s, p[i].start, p[i].size);
		if (r)
			return r;
	}
	return 0;
}

/* ---- entry points ---------------------------------------------------- */

static int sector_size_ok(unsigned ssz)
{
	return ssz >= 512 && ssz <= 65536 && (ssz & (ssz - 1)) == 0;
}

static int table_read(const struct disk *d, unsigned char *buf, struct parttable *out)
{
	struct mbr_part p[4];
	int r = read_sector(d, 0, buf);

	if (r)
		return r < 0 ? r : -ENOENT;
	if (!mbr_signed(buf))
		return -ENOENT;
	mbr_parse(buf, p);
	switch (mbr_kind(buf, p)) {
	case MBR_PROTECTIVE:
		return gpt_read(d, buf, out);
	case MBR_DOS:
		return dos_read(d, buf, out);
	default:
		return -ENOENT;
	}
}

int parttable_read(pt_read_fn rd, void *ctx, unsigned sector_size,
		   unsigned long long disk_bytes, struct parttable *out)
{
	unsigned char buf[PT_READ_MAX];
	struct disk d = { .rd = rd, .ctx = ctx, .ssz = sector_size, .bytes = disk_bytes };
	int r;

	table_reset(out);
	if (!rd || !sector_size_ok(sector_size))
		return -EINVAL;
	d.nlba = disk_bytes / sector_size;
	r = table_read(&d, buf, out);
	if (r)
		table_reset(out);
	return r;
}
