/* verity.c: the pure half of the verified root (include/verity.h): reads the
 * superblock veritysetup writes, builds the dm-verity table line, maps
 * systemd's option names, and derives the Discoverable Partitions
 * Specification defaults. No syscalls, no logger, no allocation. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "hex.h"
#include "log.h"	/* fmt() only: the pure formatter */
#include "verity.h"

#define SB_BLOCK_MIN	512u
#define SB_BLOCK_MAX	(512u * 1024u)	/* cryptsetup's limit */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EINVAL;
}

static int good_block_size(uint32_t v)
{
	return v >= SB_BLOCK_MIN && v <= SB_BLOCK_MAX && (v & (v - 1)) == 0;
}

static const char hexdig[] = "0123456789abcdef";

static void uuid_string(const unsigned char *b, char out[37])
{
	int o = 0;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hexdig[b[i] >> 4];
		out[o++] = hexdig[b[i] & 15];
	}
	out[o] = '\0';
}

/* cryptsetup's struct verity_sb, little endian, packed:
 *   0 signature "verity\0\0"  8 version  12 hash_type  16 uuid[16]
 *  32 algorithm[32]  64 data_block_size  68 hash_block_size
 *  72 data_blocks (u64)  80 salt_size (u16)  82 pad[6]  88 salt[256]
 * 344 pad[168] -> 512 */
int verity_sb_parse(const void *buf, size_t len, struct verity_sb *sb, const char **why)
{
	const unsigned char *p = buf;
	uint64_t blocks;

	memset(sb, 0, sizeof(*sb));
	if (len < VERITY_SB_SIZE)
		return fail(why, "shorter than a verity superblock (512 bytes)");
	if (memcmp(p, "verity\0\0", 8) != 0)
		return fail(why, "no verity superblock (signature \"verity\" missing): "
			    "not a hash device made by veritysetup format, or made with --no-superblock");
	sb->version = le32(p + 8);
	if (sb->version != 1)
		return fail(why, "verity superblock version is not 1");
	sb->hash_type = le32(p + 12);
	if (sb->hash_type > 1)
		return fail(why, "verity hash type is neither 0 (Chrome OS) nor 1 (normal)");
	uuid_string(p + 16, sb->uuid);
	if (memchr(p + 32, '\0', 32) == NULL || p[32] == '\0')
		return fail(why, "verity hash algorithm name empty or not terminated");
	memcpy(sb->algorithm, p + 32, 32);
	for (const char *a = sb->algorithm; *a; a++)
		if (!((*a >= 'a' && *a <= 'z') || (*a >= '0' && *a <= '9') || *a == '-' ||
		      *a == '_' || (*a >= 'A' && *a <= 'Z')))
			return fail(why, "verity hash algorithm name holds odd characters");
	sb->data_block_size = le32(p + 64);
	sb->hash_block_size = le32(p + 68);
	if (!good_block_size(sb->data_block_size) || !good_block_size(sb->hash_block_size))
		return fail(why, "verity block size not a power of two from 512 to 524288");
	blocks = le64(p + 72);
	/* The target's length is blocks * size / 512 sectors: keep it
	 * representable, as the kernel's sector_t is. */
	if (blocks == 0 || blocks > (UINT64_MAX >> 20) / sb->data_block_size)
		return fail(why, "verity data block count is 0 or too large");
	sb->data_blocks = blocks;
	sb->salt_size = (unsigned)p[80] | (unsigned)p[81] << 8;
	if (sb->salt_size > VERITY_SALT_MAX)
		return fail(why, "verity salt longer than 256 bytes");
	memcpy(sb->salt, p + 88, sb->salt_size);
	return 0;
}

static const struct {
	const char *name;
	int size;
} digests[] = {
	{ "sha1", 20 }, { "sha224", 28 }, { "sha256", 32 }, { "sha384", 48 },
	{ "sha512", 64 }, { "sha3-256", 32 }, { "sha3-512", 64 }, { "blake2b-256", 32 },
	{ "blake2b-512", 64 }, { "sm3", 32 }, { "streebog256", 32 }, { "streebog512", 64 },
};

int verity_digest_size(const char *alg)
{
	for (size_t i = 0; i < sizeof(digests) / sizeof(digests[0]); i++)
		if (strcmp(alg, digests[i].name) == 0)
			return digests[i].size;
	return -EINVAL;
}

int verity_hex_decode(const char *hex, unsigned char *out, size_t max)
{
	size_t len = strlen(hex);

	if (len == 0 || len % 2 || len / 2 > max || len / 2 > VERITY_DIGEST_MAX)
		return -EINVAL;
	for (size_t i = 0; i < len; i += 2) {
		int b = hex_byte(hex + i);

		if (b < 0)
			return -EINVAL;
		out[i / 2] = (unsigned char)b;
	}
	return (int)(len / 2);
}

/* systemd's option names and the dm-verity arguments they stand for;
 * mode != 0 marks the mutually exclusive corruption handling. */
static const struct {
	const char *name, *arg;
	int mode;
} vopts[] = {
	{ "ignore-corruption", "ignore_corruption", 1 },
	{ "restart-on-corruption", "restart_on_corruption", 1 },
	{ "panic-on-corruption", "panic_on_corruption", 1 },
	{ "ignore-zero-blocks", "ignore_zero_blocks", 0 },
	{ "check-at-most-once", "check_at_most_once", 0 },
};
#define NVOPTS (sizeof(vopts) / sizeof(vopts[0]))

static int bad_word(const char *w, size_t wl, char *badbuf, size_t badn, const char **why,
		    const char *reason)
{
	if (badn) {
		size_t k = wl < badn - 1 ? wl : badn - 1;

		memcpy(badbuf, w, k);
		badbuf[k] = '\0';
	}
	if (why)
		*why = reason;
	return -EINVAL;
}

int verity_options(const char *list, char *out, size_t n, char *badbuf, size_t badn,
		   const char **why)
{
	int used[NVOPTS] = { 0 }, count = 0, mode = 0;
	size_t o;

	if (n)
		out[0] = '\0';
	if (badn)
		badbuf[0] = '\0';
	for (const char *w = list ? list : ""; *w;) {
		size_t wl = strcspn(w, ",");
		size_t i;

		for (i = 0; i < NVOPTS; i++)
			if (strlen(vopts[i].name) == wl && memcmp(w, vopts[i].name, wl) == 0)
				break;
		if (wl && i == NVOPTS)
			return bad_word(w, wl, badbuf, badn, why,
					"not a verity option: use ignore-corruption, restart-on-corruption, "
					"panic-on-corruption, ignore-zero-blocks or check-at-most-once");
		if (wl && vopts[i].mode && mode && !used[i])
			return bad_word(w, wl, badbuf, badn, why,
					"only one of ignore-corruption, restart-on-corruption and "
					"panic-on-corruption may be given");
		if (wl && !used[i]) {
			used[i] = 1;
			mode |= vopts[i].mode;
			count++;
		}
		w += wl;
		if (*w == ',')
			w++;
	}
	if (!count)
		return 0;
	if (n < 2)
		return -E2BIG;
	o = fmt(out, n, "%d", count);
	for (size_t i = 0; i < NVOPTS; i++)
		if (used[i])
			o += fmt(out + o, n > o ? n - o : 0, " %s", vopts[i].arg);
	return o >= n - 1 ? -E2BIG : 0;
}

static size_t hex_encode(char *out, const unsigned char *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hexdig[b[i] >> 4];
		out[2 * i + 1] = hexdig[b[i] & 15];
	}
	out[2 * len] = '\0';
	return 2 * len;
}

int verity_table(char *out, size_t n, const struct verity_sb *sb, const char *data_dev,
		 const char *hash_dev, const char *roothash, const char *opts,
		 unsigned long long *sectors, const char **why)
{
	unsigned char hash[VERITY_DIGEST_MAX];
	char salt[2 * VERITY_SALT_MAX + 1] = "-";
	int hlen = verity_hex_decode(roothash, hash, sizeof(hash));
	int want = verity_digest_size(sb->algorithm);
	/* veritysetup puts the tree in the first hash block after the
	 * 512-byte superblock at offset 0. */
	unsigned long long hash_start = (VERITY_SB_SIZE + sb->hash_block_size - 1) /
					 sb->hash_block_size;
	size_t o;

	if (hlen < 0)
		return fail(why, "root hash is not an even number of hex digits (at most 128)");
	if (want > 0 && hlen != want)
		return fail(why, "root hash length does not match the superblock's hash algorithm "
			    "(sha256: 64 hex digits)");
	if (sb->salt_size)
		hex_encode(salt, sb->salt, sb->salt_size);
	o = fmt(out, n, "%u %s %s %u %u %llu %llu %s ", sb->hash_type, data_dev, hash_dev,
		sb->data_block_size, sb->hash_block_size, sb->data_blocks, hash_start,
		sb->algorithm);
	if (o + 2 * (size_t)hlen + 1 + strlen(salt) + 1 >= n)
		return -E2BIG;
	o += hex_encode(out + o, hash, (size_t)hlen);
	o += fmt(out + o, n - o, " %s", salt);
	if (opts && *opts)
		o += fmt(out + o, n - o, " %s", opts);
	if (o >= n - 1)
		return -E2BIG;
	*sectors = sb->data_blocks * (sb->data_block_size / 512);
	return 0;
}

/* The architecture's GUIDs, from the specification's table. The compiler
 * tells which architecture this /init runs on. */
#if defined(__x86_64__)
#define DPS_ROOT	"4f68bce3-e8cd-4db1-96e7-fbcaf984b709"
#define DPS_VERITY	"2c7357ed-ebd2-46d9-aec1-23d437ec2bf5"
#elif defined(__aarch64__)
#define DPS_ROOT	"b921b045-1df0-41c3-af44-4c6f280d3fae"
#define DPS_VERITY	"df3300ce-d69f-4c92-978c-9bfb0f38d820"
#elif defined(__i386__)
#define DPS_ROOT	"44479540-f297-41b2-9af7-d131d5f0458a"
#define DPS_VERITY	"d13c5d3b-b5d1-422a-b29f-9454fdc89d76"
#else
#define DPS_ROOT	NULL
#define DPS_VERITY	NULL
#endif

const char *dps_root_type(void)
{
	return DPS_ROOT;
}

const char *dps_root_verity_type(void)
{
	return DPS_VERITY;
}

int dps_verity_uuids(const unsigned char *hash, size_t len, char data_uuid[37],
		     char hash_uuid[37])
{
	if (len < 16)
		return -EINVAL;
	uuid_string(hash, data_uuid);
	uuid_string(hash + len - 16, hash_uuid);
	return 0;
}
