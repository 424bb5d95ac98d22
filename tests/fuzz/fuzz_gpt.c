/* fuzz_gpt.c: libFuzzer harness for baton-mkdisk's GPT writer
 * (tools/mkdisk/gpt.c): the input is baton-gpt's arguments, one per line
 * (sector size, disk GUID, then partitions as FIRST,LAST,TYPE,UUID,NAME
 * [,ATTR...]); what parses is built, and a built table must carry valid
 * CRCs in both headers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gpt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int header_ok(uint8_t *h)
{
	uint32_t crc = le32(h + 16);

	memset(h + 16, 0, 4);
	return memcmp(h, "EFI PART", 8) == 0 && gpt_crc32(h, 92) == crc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t head[2 * 4096 + GPT_ENTRIES * GPT_ENTRY_SIZE];
	static uint8_t tail[4096 + GPT_ENTRIES * GPT_ENTRY_SIZE];
	struct gpt_disk d;
	char *text, *line, *save = NULL;
	int n = 0;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&d, 0, sizeof(d));
	d.ss = 512;
	d.sectors = 1u << 20;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		if (n == 0) {
			d.ss = strcmp(line, "4096") ? 512 : 4096;
			d.sectors = d.ss == 4096 ? 1u << 17 : 1u << 20;
		} else if (n == 1) {
			if (gpt_guid_parse(line, d.guid))
				goto out;
		} else if (d.nparts < GPT_MAX_PARTS && gpt_part_parse(line, &d.part[d.nparts]) == 0) {
			d.nparts++;
		}
	}
	if (gpt_build(&d, head, tail) == 0 &&
	    (!header_ok(head + d.ss) || !header_ok(tail + GPT_ENTRIES * GPT_ENTRY_SIZE)))
		abort();
out:
	free(text);
	return 0;
}
