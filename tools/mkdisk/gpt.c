/* gpt.c: the GUID partition table of a disk image, in memory (gpt.h). Pure. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gpt.h"
#include "hex.h"

static const size_t array_bytes = GPT_ENTRIES * GPT_ENTRY_SIZE;

static void le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v)
{
	le16(p, (uint16_t)v);
	le16(p + 2, (uint16_t)(v >> 16));
}

static void le64(uint8_t *p, uint64_t v)
{
	le32(p, (uint32_t)v);
	le32(p + 4, (uint32_t)(v >> 32));
}

uint32_t gpt_crc32(const uint8_t *buf, size_t len)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		c ^= buf[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return ~c;
}

size_t gpt_head_size(uint32_t ss)
{
	return 2 * ss + array_bytes;
}

size_t gpt_tail_size(uint32_t ss)
{
	return array_bytes + ss;
}

static void header(const struct gpt_disk *d, uint8_t *h, uint64_t my, uint64_t alt, uint64_t entries_lba,
		   uint64_t first, uint64_t last, uint32_t array_crc)
{
	memset(h, 0, d->ss);
	memcpy(h, "EFI PART", 8);
	le32(h + 8, 0x00010000);
	le32(h + 12, 92);
	le64(h + 24, my);
	le64(h + 32, alt);
	le64(h + 40, first);
	le64(h + 48, last);
	memcpy(h + 56, d->guid, 16);
	le64(h + 72, entries_lba);
	le32(h + 80, GPT_ENTRIES);
	le32(h + 84, GPT_ENTRY_SIZE);
	le32(h + 88, array_crc);
	le32(h + 16, gpt_crc32(h, 92));
}

int gpt_build(const struct gpt_disk *d, uint8_t *head, uint8_t *tail)
{
	uint64_t es, first, last_lba, last;
	uint8_t *mbr = head, *array = head + 2 * d->ss;
	uint32_t crc;
	size_t i, j, k;

	if ((d->ss != 512 && d->ss != 4096) || d->nparts > GPT_MAX_PARTS)
		return -EINVAL;
	es = array_bytes / d->ss;
	first = 2 + es;
	if (d->sectors < 2 * first + 1)
		return -EINVAL;
	last_lba = d->sectors - 1;
	last = last_lba - es - 1;
	for (i = 0; i < d->nparts; i++) {
		const struct gpt_part *p = &d->part[i];

		if (p->first_lba < first || p->last_lba > last || p->first_lba > p->last_lba)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (p->first_lba <= d->part[j].last_lba && d->part[j].first_lba <= p->last_lba)
				return -EINVAL;
	}
	memset(head, 0, gpt_head_size(d->ss));
	memset(tail, 0, gpt_tail_size(d->ss));
	/* The protective MBR: one partition of type 0xEE over the disk. */
	mbr[446 + 2] = 0x02;
	mbr[446 + 4] = 0xee;
	mbr[446 + 5] = 0xff;
	mbr[446 + 6] = 0xff;
	mbr[446 + 7] = 0xff;
	le32(mbr + 446 + 8, 1);
	le32(mbr + 446 + 12, last_lba > 0xffffffffu ? 0xffffffffu : (uint32_t)last_lba);
	mbr[510] = 0x55;
	mbr[511] = 0xaa;
	for (i = 0; i < d->nparts; i++) {
		const struct gpt_part *p = &d->part[i];
		uint8_t *e = array + i * GPT_ENTRY_SIZE;

		memcpy(e, p->type, 16);
		memcpy(e + 16, p->uuid, 16);
		le64(e + 32, p->first_lba);
		le64(e + 40, p->last_lba);
		le64(e + 48, p->attrs);
		for (k = 0; k < 36 && p->name[k]; k++)
			le16(e + 56 + 2 * k, (uint8_t)p->name[k]);
	}
	crc = gpt_crc32(array, array_bytes);
	header(d, head + d->ss, 1, last_lba, 2, first, last, crc);
	memcpy(tail, array, array_bytes);
	header(d, tail + array_bytes, last_lba, 1, last_lba - es, first, last, crc);
	return 0;
}

int gpt_guid_parse(const char *s, uint8_t out[16])
{
	/* Text byte order -> on-disk: the first three fields little-endian. */
	static const uint8_t pos[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	uint8_t b[16];
	size_t i, n = 0;

	for (i = 0; i < 36; i++) {
		int hex;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -EINVAL;
			continue;
		}
		hex = hex_byte(s + i);
		if (hex < 0)
			return -EINVAL;
		b[n++] = (uint8_t)hex;
		i++;
	}
	if (s[36] != '\0' && s[36] != ',')
		return -EINVAL;
	for (i = 0; i < 16; i++)
		out[pos[i]] = b[i];
	return 0;
}

static int u64(const char **s, uint64_t *v)
{
	const char *p = *s;
	uint64_t n = 0;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	*v = n;
	*s = p;
	return 0;
}

int gpt_part_parse(const char *s, struct gpt_part *p)
{
	uint64_t bit;
	size_t k;

	memset(p, 0, sizeof(*p));
	if (u64(&s, &p->first_lba) || *s++ != ',' || u64(&s, &p->last_lba) || *s++ != ',')
		return -EINVAL;
	if (strnlen(s, 37) < 37 || gpt_guid_parse(s, p->type) || s[36] != ',')
		return -EINVAL;
	s += 37;
	if (strnlen(s, 37) < 37 || gpt_guid_parse(s, p->uuid) || s[36] != ',')
		return -EINVAL;
	s += 37;
	for (k = 0; *s && *s != ','; s++, k++) {
		if (k >= 36 || *s < 0x20 || *s > 0x7e)
			return -EINVAL;
		p->name[k] = *s;
	}
	while (*s == ',') {
		s++;
		if (u64(&s, &bit) || bit > 63)
			return -EINVAL;
		p->attrs |= 1ull << bit;
	}
	return *s ? -EINVAL : 0;
}
