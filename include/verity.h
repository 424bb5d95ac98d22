/* verity.h: dm-verity without userspace crypto. The pure half (init/verity.c):
 * the superblock `veritysetup format` writes at the start of a hash device,
 * the dm-verity table line built from it and a root hash, the systemd option
 * names, and the Discoverable Partitions Specification defaults (partition
 * type GUIDs, partition UUIDs derived from the root hash). No syscalls, no
 * logger: the kernel does every hash; baton only describes the device. */
#ifndef BATON_VERITY_H
#define BATON_VERITY_H

#include <stddef.h>

#define VERITY_SB_SIZE		512	/* what verity_sb_parse reads */
#define VERITY_DIGEST_MAX	64	/* sha512 */
#define VERITY_SALT_MAX		256
#define VERITY_TABLE_MAX	1024	/* a table line always fits this */

struct verity_sb {
	unsigned version;		/* 1 */
	unsigned hash_type;		/* 1 normal, 0 Chrome OS */
	char uuid[37];			/* lower-case, as veritysetup prints it */
	char algorithm[32];		/* "sha256" */
	unsigned data_block_size;	/* bytes, power of two 512..512 KiB */
	unsigned hash_block_size;
	unsigned long long data_blocks;
	unsigned salt_size;		/* bytes, <= VERITY_SALT_MAX */
	unsigned char salt[VERITY_SALT_MAX];
};

/* Reads the superblock at buf (len bytes from the start of the hash device;
 * at least VERITY_SB_SIZE needed). Returns 0, or -EINVAL with *why saying
 * what is wrong in the words of the field (why may be NULL). */
int verity_sb_parse(const void *buf, size_t len, struct verity_sb *sb, const char **why);

/* Bytes of the digest an algorithm the kernel's dm-verity uses makes
 * (sha1 20, sha256 32, sha512 64, ...), or -EINVAL for a name baton does not
 * know (the kernel may still know it: the hash length is then not checked
 * here, the kernel refuses a wrong one). */
int verity_digest_size(const char *alg);

/* A root hash in hex (either case) into bytes. Returns the byte count, or
 * -EINVAL (odd length, non-hex, empty, longer than VERITY_DIGEST_MAX bytes). */
int verity_hex_decode(const char *hex, unsigned char *out, size_t max);

/* systemd.verity_root_options= (comma list, systemd's names:
 * ignore-corruption, restart-on-corruption, panic-on-corruption,
 * ignore-zero-blocks, check-at-most-once) into dm-verity's optional
 * arguments, "<count> arg arg" or "" for none. At most one of the three
 * corruption modes. Returns 0, or -EINVAL with *bad pointing at the word not
 * understood (copied into badbuf) and *why; -E2BIG if out is too small. */
int verity_options(const char *list, char *out, size_t n, char *badbuf, size_t badn,
		   const char **why);

/* The dm-verity target's parameters (after "verity"):
 *   1 DATA HASH DBS HBS BLOCKS HASH_START ALG ROOTHASH SALT [OPTS]
 * DATA and HASH as "MAJ:MIN"; the hash tree starts in the block after the
 * superblock (veritysetup's layout, superblock at offset 0 of the hash
 * device). roothash is hex; its length must be the digest size of the
 * superblock's algorithm when baton knows it. *sectors gets the target's
 * length in 512-byte sectors. Returns 0, -EINVAL with *why, or -E2BIG. */
int verity_table(char *out, size_t n, const struct verity_sb *sb, const char *data_dev,
		 const char *hash_dev, const char *roothash, const char *opts,
		 unsigned long long *sectors, const char **why);

/* Discoverable Partitions Specification: the GPT partition type GUIDs of the
 * root and its verity partition for the architecture /init was built for
 * (lower case), NULL where the specification has none. */
const char *dps_root_type(void);
const char *dps_root_verity_type(void);

/* The partition UUIDs systemd-repart gives a verity pair and
 * systemd-dissect looks for: the data partition's is the root hash's first
 * 128 bits, the hash partition's its last 128 bits, as UUID strings (lower
 * case). hash must be at least 16 bytes. Returns 0 or -EINVAL. */
int dps_verity_uuids(const unsigned char *hash, size_t len, char data_uuid[37],
		     char hash_uuid[37]);

#endif
