/* fuzz_espsize.c: libFuzzer harness for baton-mkdisk's ESP manifest reader
 * (tools/mkdisk/manifest.c: "SIZE PATH" lines, names, directories implied
 * and repeated, case-folded duplicates) and, for what it accepts, the size
 * solver (tools/mkdisk/espsize.c) at both sector sizes: whatever it
 * chooses must hold the payload by its own accounting, be a whole MiB, and
 * be a filesystem mkfs.fat would make. */
#include <stdint.h>
#include <stdlib.h>

#include "espsize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t sizes[2] = { 512, 4096 };
	struct esp_payload p;
	struct esp_choice c;
	char err[256];
	int i;

	if (esp_manifest_parse((const char *)data, size, &p, err, sizeof(err)))
		return 0;
	for (i = 0; i < 2; i++) {
		/* The free space comes from the input's length: fixed per input. */
		uint64_t free_bytes = (uint64_t)(size % 7) << 20;

		if (esp_solve(&p, sizes[i], free_bytes, ESP_FAT_ANY, 1u << 20, &c))
			continue;
		if (!esp_fits(&p, &c.part, free_bytes) || fat_geom_eval(&c.part) != 0 ||
		    (c.part.sectors * sizes[i]) % (1u << 20))
			abort();
	}
	esp_payload_free(&p);
	return 0;
}
