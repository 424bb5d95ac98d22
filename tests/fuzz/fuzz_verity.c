/* fuzz_verity.c: libFuzzer harness for the verified root's parsers
 * (init/verity.c) and the device-mapper request packer (init/dm.c). The
 * input is a hash device's first bytes (the superblock, at most 512 used),
 * then, after them, "ROOTHASH\0OPTIONS": the two command-line values
 * (roothash=, systemd.verity_root_options=) the table is built from. A
 * superblock that parses is turned into a table with that root hash and
 * options, and the table packed into a DM_TABLE_LOAD request. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm.h"
#include "verity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sbn = size < VERITY_SB_SIZE ? size : VERITY_SB_SIZE;
	size_t rest = size - sbn;
	char *tail = malloc(rest + 2), *hash, *opts;
	char optline[256], bad[64], table[VERITY_TABLE_MAX];
	uint64_t req[(VERITY_TABLE_MAX + 512) / 8];
	struct verity_sb sb;
	unsigned long long sectors = 0;
	const char *why = NULL;
	unsigned char bytes[VERITY_DIGEST_MAX];
	char d[37], v[37];
	int n;

	if (!tail)
		return 0;
	memcpy(tail, data + sbn, rest);
	tail[rest] = tail[rest + 1] = '\0';
	hash = tail;
	opts = tail + strlen(tail) + 1;
	if (opts > tail + rest)
		opts = tail + rest;
	n = verity_hex_decode(hash, bytes, sizeof(bytes));
	if (n >= 16)
		dps_verity_uuids(bytes, (size_t)n, d, v);
	if (verity_options(opts, optline, sizeof(optline), bad, sizeof(bad), &why) < 0)
		optline[0] = '\0';
	if (verity_sb_parse(data, sbn, &sb, &why) == 0 &&
	    verity_table(table, sizeof(table), &sb, "254:0", "254:1", hash, optline, &sectors,
			 &why) == 0) {
		struct dm_target t = { 0, sectors, "verity", table };

		if (strlen(table) >= sizeof(table))
			abort();
		dm_pack_table(req, sizeof(req), "root", &t, 1, DM_RO);
	}
	free(tail);
	return 0;
}
