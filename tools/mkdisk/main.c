/* main.c: baton-espsize, the size solver tools/baton-mkdisk calls.
 *
 *   baton-espsize [-S 512|4096] [-f FREE_BYTES] [-F 12|16|32]... [-a ALIGN_BYTES] MANIFEST|-
 *       the smallest EFI system partition for the manifest's files
 *   baton-espsize -g SECTORS,BITS,SPC [-S ..] MANIFEST|-
 *       the geometry mkfs.fat gives that filesystem, and whether it holds them
 *
 * Prints KEY=VALUE lines (for the shell's eval): see usage(). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "espsize.h"

static void usage(FILE *f)
{
	fputs("usage: baton-espsize [-S 512|4096] [-f FREE_BYTES] [-F 12|16|32]... [-a ALIGN_BYTES] MANIFEST|-\n"
	      "       baton-espsize -g SECTORS,BITS,SPC [-S 512|4096] [-f FREE_BYTES] MANIFEST|-\n"
	      "MANIFEST: one \"SIZE PATH\" line per file, \"0 PATH/\" per directory.\n"
	      "Prints ESP_BYTES, ESP_SECTORS, FAT_BITS, SPC, CLUSTER_BYTES, RESERVED, ROOT_ENTRIES,\n"
	      "FAT_SECTORS, CLUSTERS, NEED_CLUSTERS (the partition), MIN_SECTORS, MIN_FAT_SECTORS,\n"
	      "MIN_CLUSTERS (the smallest filesystem of that type and cluster size), BOUND\n"
	      "(payload or fatmin) and ITERATIONS (steps of the fixed point).\n"
	      "With -g: FAT_SECTORS, CLUSTERS, VALID (mkfs.fat makes it) and FITS.\n", f);
}

static int num(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || end == s || *end || s[0] == '-' ? -1 : 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 1 << 16, n = 0, got;
	char *buf, *nb;

	if (!f)
		return NULL;
	buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
		}
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	uint64_t ss = 512, free_bytes = 0, align = 1 << 20, v, gs = 0, gb = 0, gspc = 0;
	unsigned types = 0;
	struct esp_payload p;
	struct esp_choice c;
	char err[512], *buf;
	const char *geom = NULL;
	size_t len;
	int i, r;

	for (i = 1; i < argc - 1; i++) {
		const char *o = argv[i], *a = argv[i + 1];

		if (!strcmp(o, "-S") && !num(a, &ss) && (ss == 512 || ss == 4096))
			i++;
		else if (!strcmp(o, "-f") && !num(a, &free_bytes))
			i++;
		else if (!strcmp(o, "-a") && !num(a, &align) && align)
			i++;
		else if (!strcmp(o, "-F") && !num(a, &v) && (v == 12 || v == 16 || v == 32)) {
			types |= v == 12 ? ESP_FAT12 : v == 16 ? ESP_FAT16 : ESP_FAT32;
			i++;
		} else if (!strcmp(o, "-g")) {
			geom = a;
			if (sscanf(geom, "%" SCNu64 ",%" SCNu64 ",%" SCNu64, &gs, &gb, &gspc) != 3) {
				fprintf(stderr, "baton-espsize: -g wants SECTORS,BITS,SPC, got \"%s\"\n", a);
				return 2;
			}
			i++;
		} else {
			fprintf(stderr, "baton-espsize: bad option or value: %s %s\n", o, a);
			usage(stderr);
			return 2;
		}
	}
	if (i != argc - 1) {
		usage(stderr);
		return 2;
	}
	buf = slurp(argv[i], &len);
	if (!buf) {
		fprintf(stderr, "baton-espsize: cannot read %s\n", argv[i]);
		return 2;
	}
	r = esp_manifest_parse(buf, len, &p, err, sizeof(err));
	free(buf);
	if (r) {
		fprintf(stderr, "baton-espsize: %s: %s\n", argv[i], err);
		return 2;
	}
	if (geom) {
		struct fat_geom g;

		esp_geom_init(&g, &p, (uint32_t)ss, (uint32_t)gb, (uint32_t)gspc);
		g.sectors = gs;
		r = fat_geom_eval(&g);
		printf("FAT_SECTORS=%" PRIu32 "\nCLUSTERS=%" PRIu64 "\nRESERVED=%" PRIu32
		       "\nROOT_ENTRIES=%" PRIu32 "\nVALID=%d\nFITS=%d\n",
		       g.fat_sectors, g.clusters, g.reserved, g.root_entries, r == 0,
		       r == 0 && esp_fits(&p, &g, free_bytes));
		esp_payload_free(&p);
		return 0;
	}
	r = esp_solve(&p, (uint32_t)ss, free_bytes, types ? types : ESP_FAT_ANY, align, &c);
	if (r) {
		fprintf(stderr, "baton-espsize: %s\n",
			r == -EFBIG ? "the files do not fit any FAT filesystem (more than FAT32 with 32 KiB clusters holds)"
				    : "bad sector size or alignment");
		esp_payload_free(&p);
		return 1;
	}
	printf("ESP_BYTES=%" PRIu64 "\nESP_SECTORS=%" PRIu64 "\nFAT_BITS=%" PRIu32 "\nSPC=%" PRIu32
	       "\nCLUSTER_BYTES=%" PRIu32 "\nRESERVED=%" PRIu32 "\nROOT_ENTRIES=%" PRIu32
	       "\nFAT_SECTORS=%" PRIu32 "\nCLUSTERS=%" PRIu64 "\nNEED_CLUSTERS=%" PRIu64
	       "\nMIN_SECTORS=%" PRIu64 "\nMIN_FAT_SECTORS=%" PRIu32 "\nMIN_CLUSTERS=%" PRIu64
	       "\nBOUND=%s\nITERATIONS=%u\n",
	       c.part.sectors * ss, c.part.sectors, c.part.bits, c.part.spc, c.part.ss * c.part.spc,
	       c.part.reserved, c.part.root_entries, c.part.fat_sectors, c.part.clusters, c.need,
	       c.min.sectors, c.min.fat_sectors, c.min.clusters,
	       c.bound == ESP_BOUND_PAYLOAD ? "payload" : "fatmin", c.iterations);
	esp_payload_free(&p);
	return 0;
}
