/* espsize.c: FAT geometry as mkfs.fat computes it, and the smallest EFI
 * system partition for a payload (see espsize.h). Pure. */
#include <errno.h>
#include <stdint.h>

#include "espsize.h"

static uint64_t cdiv(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

static uint32_t type_min(uint32_t bits)
{
	return bits == 32 ? FAT32_MIN_CLUSTERS : bits == 16 ? FAT16_MIN_CLUSTERS : 1;
}

static uint32_t type_max(uint32_t bits)
{
	return bits == 32 ? FAT32_MAX_CLUSTERS : bits == 16 ? FAT16_MAX_CLUSTERS : FAT12_MAX_CLUSTERS;
}

/* mkfs.fat 4.2 setup_tables() with alignment off (-a), two FATs (-f 2) and
 * the FAT type and cluster size given: a first estimate of the cluster
 * count from the bytes each cluster costs (its data and its FAT entries),
 * the FAT sized for it, then the count recomputed from what is left, since
 * the FAT's rounding may leave room for one more. */
int fat_geom_eval(struct fat_geom *g)
{
	const uint64_t nfats = 2;
	uint64_t ss = g->ss, spc = g->spc, rds, data, est, fat, maxc, clusters;

	g->fat_sectors = 0;
	g->clusters = 0;
	if (ss < 512 || ss > 32768 || (ss & (ss - 1)) || !spc || spc > 128 || (spc & (spc - 1)))
		return -EINVAL;
	if (g->bits != 12 && g->bits != 16 && g->bits != 32)
		return -EINVAL;
	if (g->sectors > UINT32_MAX || g->reserved == 0 || (g->bits == 32 && g->reserved < 2))
		return -EINVAL;
	rds = g->bits == 32 ? 0 : cdiv((uint64_t)g->root_entries * 32, ss);
	if (g->sectors <= g->reserved + rds)
		return -EINVAL;
	data = g->sectors - g->reserved - rds;
	switch (g->bits) {
	case 12:
		est = 2 * (data * ss + nfats * 3) / (2 * spc * ss + nfats * 3);
		fat = cdiv(((est + 2) * 3 + 1) >> 1, ss);
		maxc = fat * 2 * ss / 3;
		break;
	case 16:
		est = (data * ss + nfats * 4) / (spc * ss + nfats * 2);
		fat = cdiv((est + 2) * 2, ss);
		maxc = fat * ss / 2;
		break;
	default:
		est = (data * ss + nfats * 8) / (spc * ss + nfats * 4);
		fat = cdiv((est + 2) * 4, ss);
		maxc = fat * ss / 4;
		break;
	}
	if (data < nfats * fat)
		return -EINVAL;
	clusters = (data - nfats * fat) / spc;
	if (maxc > type_max(g->bits))
		maxc = type_max(g->bits);
	g->fat_sectors = (uint32_t)fat;
	g->clusters = clusters;
	/* mkfs.fat's "Too few blocks for viable filesystem": 1 KiB blocks up
	 * to the data area, plus 32. */
	if (g->sectors * ss / 1024 < cdiv((g->reserved + nfats * fat + rds) * ss, 1024) + 32)
		return -EINVAL;
	if (clusters > maxc || clusters < type_min(g->bits) || clusters == 0)
		return -ERANGE;
	return 0;
}

uint64_t esp_need_clusters(const struct esp_payload *p, uint32_t bits, uint32_t cluster_bytes,
			   uint64_t free_bytes)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < p->nfiles; i++)
		n += cdiv(p->file_sizes[i], cluster_bytes);
	/* A directory has at least its first cluster, even when empty. */
	for (i = 0; i < p->ndirs; i++)
		n += cdiv((uint64_t)p->dir_entries[i] * 32, cluster_bytes);
	if (bits == 32)
		n += p->root_entries ? cdiv((uint64_t)p->root_entries * 32, cluster_bytes) : 1;
	return n + cdiv(free_bytes, cluster_bytes);
}

int esp_fits(const struct esp_payload *p, const struct fat_geom *g, uint64_t free_bytes)
{
	if (g->bits != 32 && p->root_entries > g->root_entries)
		return 0;
	return esp_need_clusters(p, g->bits, g->ss * g->spc, free_bytes) <= g->clusters;
}

void esp_geom_init(struct fat_geom *g, const struct esp_payload *p, uint32_t ss, uint32_t bits,
		   uint32_t spc)
{
	uint32_t per_sector = ss / 32, want = p->root_entries ? p->root_entries : 1;

	g->ss = ss;
	g->spc = spc;
	g->bits = bits;
	/* mkfs.fat's defaults: the boot sector alone, or on FAT32 room for
	 * the FS information sector and the backup boot sector at 6. */
	g->reserved = bits == 32 ? 32 : 1;
	g->root_entries = bits == 32 ? 0 : (uint32_t)cdiv(want, per_sector) * per_sector;
	g->sectors = 0;
	g->fat_sectors = 0;
	g->clusters = 0;
}

/* Does a filesystem of n sectors with g's parameters exist (as mkfs.fat
 * makes it) and hold `want` clusters? */
static int holds(const struct fat_geom *g, uint64_t n, uint64_t want, struct fat_geom *t)
{
	*t = *g;
	t->sectors = n;
	return fat_geom_eval(t) == 0 && t->clusters >= want;
}

/* The smallest size whose geometry holds `want` clusters. The fixed point:
 * a filesystem of N sectors is its reserved sectors, root directory, two
 * FATs of the size N implies and `want` clusters; N grows with its FATs
 * until it holds still. Then single-sector steps settle mkfs.fat's
 * rounding: up until it holds, down while one sector less still does. */
static int smallest_with(struct fat_geom *g, uint64_t want, unsigned *iterations)
{
	uint64_t rds = g->bits == 32 ? 0 : cdiv((uint64_t)g->root_entries * 32, g->ss);
	uint64_t n, next;
	struct fat_geom t;
	unsigned it = 0;

	n = g->reserved + rds + want * g->spc;
	for (;;) {
		if (n > UINT32_MAX)
			return -ERANGE;
		t = *g;
		t.sectors = n;
		(void)fat_geom_eval(&t);
		next = g->reserved + rds + 2 * (uint64_t)t.fat_sectors + want * g->spc;
		it++;
		if (next <= n || it > 64)
			break;
		n = next;
	}
	while (!holds(g, n, want, &t)) {
		if (n >= UINT32_MAX || t.clusters > type_max(g->bits))
			return -ERANGE;
		n++;
	}
	while (n > 1 && holds(g, n - 1, want, &t))
		n--;
	g->sectors = n;
	if (iterations)
		*iterations = it;
	return fat_geom_eval(g);
}

int esp_smallest_fs(const struct esp_payload *p, uint32_t ss, uint32_t bits, uint32_t spc,
		    uint64_t free_bytes, struct fat_geom *out, enum esp_bound *bound,
		    unsigned *iterations)
{
	uint64_t need;
	int r;

	esp_geom_init(out, p, ss, bits, spc);
	if (bits != 32 && out->root_entries > 0xffff)
		return -ERANGE;
	need = esp_need_clusters(p, bits, ss * spc, free_bytes);
	if (need > type_max(bits))
		return -ERANGE;
	if (need < type_min(bits)) {
		*bound = ESP_BOUND_FATMIN;
		need = type_min(bits);
	} else {
		*bound = ESP_BOUND_PAYLOAD;
	}
	r = smallest_with(out, need, iterations);
	return r;
}

/* The partition for one type and cluster size: the smallest filesystem
 * rounded up to the alignment, grown by alignment steps until mkfs.fat's
 * geometry at that size holds the payload (its count may not exceed the
 * type's range, which rounding up can cross). */
static int partition_for(const struct esp_payload *p, uint32_t ss, uint32_t bits, uint32_t spc,
			 uint64_t free_bytes, uint64_t align_sectors, struct esp_choice *c)
{
	struct fat_geom g;
	int r;

	r = esp_smallest_fs(p, ss, bits, spc, free_bytes, &c->min, &c->bound, &c->iterations);
	if (r)
		return r;
	g = c->min;
	g.sectors = cdiv(c->min.sectors, align_sectors) * align_sectors;
	for (;;) {
		if (g.sectors > UINT32_MAX)
			return -ERANGE;
		r = fat_geom_eval(&g);
		if (r == 0 && esp_fits(p, &g, free_bytes))
			break;
		if (r == -ERANGE && g.clusters > type_max(bits))
			return -ERANGE;
		g.sectors += align_sectors;
	}
	c->part = g;
	c->need = esp_need_clusters(p, bits, ss * spc, free_bytes);
	return 0;
}

static int better(const struct esp_choice *a, const struct esp_choice *b, uint64_t free_bytes,
		  const struct esp_payload *p)
{
	uint64_t fa, fb;

	if (a->part.sectors != b->part.sectors)
		return a->part.sectors < b->part.sectors;
	if (a->part.bits != b->part.bits)
		return a->part.bits > b->part.bits;
	fa = (a->part.clusters - esp_need_clusters(p, a->part.bits, a->part.ss * a->part.spc, free_bytes)) *
	     a->part.ss * a->part.spc;
	fb = (b->part.clusters - esp_need_clusters(p, b->part.bits, b->part.ss * b->part.spc, free_bytes)) *
	     b->part.ss * b->part.spc;
	return fa > fb;
}

int esp_solve(const struct esp_payload *p, uint32_t ss, uint64_t free_bytes, unsigned types,
	      uint64_t align_bytes, struct esp_choice *out)
{
	static const uint32_t bits_of[3] = { 12, 16, 32 };
	struct esp_choice c;
	uint64_t align;
	int found = 0, t;
	uint32_t spc;

	if ((ss != 512 && ss != 4096) || !align_bytes || align_bytes % ss || !(types & ESP_FAT_ANY))
		return -EINVAL;
	align = align_bytes / ss;
	for (t = 0; t < 3; t++) {
		if (!(types & (1u << t)))
			continue;
		for (spc = 1; spc * ss <= FAT_MAX_CLUSTER_BYTES; spc <<= 1) {
			if (partition_for(p, ss, bits_of[t], spc, free_bytes, align, &c))
				continue;
			if (!found || better(&c, out, free_bytes, p))
				*out = c;
			found = 1;
		}
	}
	return found ? 0 : -EFBIG;
}
