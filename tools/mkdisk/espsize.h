/* espsize.h: the size of an EFI system partition, computed. Pure: no I/O,
 * no logging.
 *
 * A FAT filesystem's own tables grow with it: the two FATs, the reserved
 * sectors, the root directory (FAT12/16), the directories' clusters, and
 * each file rounded up to whole clusters. esp_solve() finds, for every FAT
 * type and cluster size allowed, the smallest filesystem that holds a
 * payload (a fixed point: the FATs are sized for the clusters of the
 * filesystem they are part of), then the smallest whole-alignment
 * partition, and picks the smallest of all.
 *
 * The geometry of a filesystem of N sectors is computed exactly as
 * mkfs.fat 4.2 computes it when told every parameter (-a -S -s -F -R
 * -f 2 -r): so the filesystem the tool then makes with mkfs.vfat is the
 * one that was solved for, and the unit test can compare the two. */
#ifndef BATON_ESPSIZE_H
#define BATON_ESPSIZE_H

#include <stddef.h>
#include <stdint.h>

/* Cluster counts a FAT type allows (mkfs.fat's limits: a FAT16 with fewer
 * than 4087 clusters could be taken for FAT12; a FAT32 below 65525 is
 * refused by firmware such as EDK2's FAT driver). */
#define FAT12_MAX_CLUSTERS	4084u
#define FAT16_MIN_CLUSTERS	4087u
#define FAT16_MAX_CLUSTERS	65524u
#define FAT32_MIN_CLUSTERS	65525u
#define FAT32_MAX_CLUSTERS	268435446u
#define FAT_MAX_CLUSTER_BYTES	32768u	/* larger clusters confuse some readers */

/* What goes into the filesystem, as counted by esp_manifest_parse(). */
struct esp_payload {
	uint64_t *file_sizes;	/* one per regular file */
	size_t nfiles;
	uint32_t *dir_entries;	/* 32-byte entries of each subdirectory, "." and ".." included */
	size_t ndirs;
	uint32_t root_entries;	/* 32-byte entries in the root directory */
};

/* One FAT filesystem: the inputs (ss .. sectors) and what follows from them. */
struct fat_geom {
	uint32_t ss;		/* logical sector size, bytes */
	uint32_t spc;		/* sectors per cluster */
	uint32_t bits;		/* 12, 16, 32 */
	uint32_t reserved;	/* reserved sectors */
	uint32_t root_entries;	/* FAT12/16 root directory entries; 0 on FAT32 */
	uint64_t sectors;	/* size of the filesystem */
	/* results */
	uint32_t fat_sectors;	/* sectors of one FAT */
	uint64_t clusters;	/* data clusters */
};

/* fat_geom_eval: fills fat_sectors and clusters for g's inputs as mkfs.fat
 * does. Returns 0 if mkfs.fat makes such a filesystem, -ERANGE if the
 * cluster count is outside the type's range, -EINVAL if the inputs are
 * impossible (too few sectors, sizes overflowing the BPB's fields). */
int fat_geom_eval(struct fat_geom *g);

/* Clusters of cluster_bytes the payload takes (its files, subdirectories,
 * and on FAT32 the root directory too), plus free_bytes rounded up to
 * clusters. */
uint64_t esp_need_clusters(const struct esp_payload *p, uint32_t bits, uint32_t cluster_bytes,
			   uint64_t free_bytes);

/* Does payload p (with free_bytes to spare) fit the filesystem g (already
 * evaluated)? 1 yes, 0 no. */
int esp_fits(const struct esp_payload *p, const struct fat_geom *g, uint64_t free_bytes);

enum esp_bound {
	ESP_BOUND_PAYLOAD,	/* the files decide the size: one cluster less and they do not fit */
	ESP_BOUND_FATMIN,	/* the type's minimum cluster count decides it */
};

struct esp_choice {
	struct fat_geom part;	/* the filesystem filling the whole partition */
	struct fat_geom min;	/* the smallest filesystem of the same type and cluster size */
	uint64_t need;		/* clusters the payload takes */
	enum esp_bound bound;
	unsigned iterations;	/* steps of the fixed point */
};

#define ESP_FAT12	(1u << 0)
#define ESP_FAT16	(1u << 1)
#define ESP_FAT32	(1u << 2)
#define ESP_FAT_ANY	(ESP_FAT12 | ESP_FAT16 | ESP_FAT32)

/* esp_solve: the smallest partition (a multiple of align_bytes) holding p
 * plus free_bytes, over the FAT types in types (ESP_FAT*). Among equal
 * sizes the larger FAT type wins, then the most free space. Returns 0, or
 * -EINVAL (bad sector size or alignment), -EFBIG (nothing fits: more than
 * FAT32 holds). */
int esp_solve(const struct esp_payload *p, uint32_t ss, uint64_t free_bytes, unsigned types,
	      uint64_t align_bytes, struct esp_choice *out);

/* esp_smallest_fs: for one FAT type and cluster size, the smallest
 * filesystem (in sectors) holding the payload, into *out (evaluated).
 * Returns 0, -ERANGE if no such filesystem exists for this type, -EINVAL. */
int esp_smallest_fs(const struct esp_payload *p, uint32_t ss, uint32_t bits, uint32_t spc,
		    uint64_t free_bytes, struct fat_geom *out, enum esp_bound *bound,
		    unsigned *iterations);

/* The layout parameters mkfs.fat gets for a type: reserved sectors and the
 * root directory entries (whole sectors of them, at least the payload's). */
void esp_geom_init(struct fat_geom *g, const struct esp_payload *p, uint32_t ss, uint32_t bits,
		   uint32_t spc);

/* -- the manifest ---------------------------------------------------------
 * One line per file: "SIZE PATH" (SIZE in bytes, decimal; PATH relative,
 * '/'-separated), or "0 PATH/" for a directory (parents are implied). Names
 * are printable ASCII without \ : * ? " < > |, at most 255 bytes; no empty,
 * "." or ".." components; two names that differ only in case are the same
 * FAT name and an error. Lines starting with '#' and empty lines are
 * skipped. On error returns -EINVAL and writes "line N: why" into err. */
int esp_manifest_parse(const char *buf, size_t len, struct esp_payload *out, char *err,
		       size_t errlen);
void esp_payload_free(struct esp_payload *p);

/* Directory entries one name takes as mtools writes it: 1 for a name that
 * is a valid 8.3 short name whose base and extension are each all upper or
 * all lower case, else 1 + one long-name entry per 13 characters. */
uint32_t fat_name_entries(const char *name, size_t len);

#endif
