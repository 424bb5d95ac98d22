/* fuzz_modindex.c: libFuzzer harness for the module index (init/modindex.c):
 * the texts of modules.dep, modules.builtin, modules.alias and
 * modules.softdep as /init reads them from the image, then what /init
 * decides with them for a command line and the names it is asked to load.
 *
 * The input is up to six NUL-separated parts, in this order:
 *   modules.dep \0 modules.builtin \0 modules.alias \0 modules.softdep \0
 *   kernel command line \0 names to load, one a line (modaliases, module
 *   names, fs-ext4...)
 * Missing parts are empty. Without names, the first modules of the index
 * are loaded by name. Loading is simulated: each queued module goes in,
 * or fails when a bit of its index says so, until nothing changes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "modindex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NPARTS		6
#define QUEUE_MAX	64	/* small, so that a full queue is reached */
#define NAMES_MAX	32	/* names loaded per input, to bound the time */

/* Splits a NUL-terminated copy of the input into its parts, in place. */
static void split(char *buf, size_t size, char *part[NPARTS])
{
	char *p = buf, *end = buf + size;
	int i;

	for (i = 0; i < NPARTS; i++) {
		part[i] = p;
		if (p < end)
			p += strlen(p) + 1;
		if (p > end)	/* past the last part: the final NUL, "" */
			p = end;
	}
}

/* What /init's loader does with a queue: insert what is ready, skip what
 * can never be, until a pass changes nothing. */
static void run_queue(struct modindex *ix, const int *q, int n)
{
	int changed = 1, blocker;

	while (changed) {
		changed = 0;
		for (int i = 0; i < n; i++) {
			struct modentry *e = &ix->mods[q[i]];
			int r;

			if (e->state != MOD_QUEUED)
				continue;
			r = modindex_ready(ix, q[i], &blocker);
			if (r == 0)
				continue;
			e->state = r < 0 ? MOD_SKIPPED : (q[i] & 4) ? MOD_FAILED : MOD_DONE;
			changed = 1;
		}
	}
}

static void load(struct modindex *ix, const struct bootcfg *cfg, const char *name)
{
	int found[8], queue[QUEUE_MAX], nq = 0;
	int n = modindex_lookup(ix, name, found, 8);
	char params[64];

	if (n > 8)
		n = 8;
	for (int i = 0; i < n; i++) {
		modindex_plan(ix, found[i], queue, &nq, QUEUE_MAX);
		modparams_for(cfg, ix->mods[found[i]].name, params, sizeof params);
	}
	run_queue(ix, queue, nq);
}

static void load_all(struct modindex *ix, const struct bootcfg *cfg, char *names)
{
	char *line;
	int k = 0;

	while ((line = strsep(&names, "\n")) != NULL && k < NAMES_MAX)
		if (*line) {
			load(ix, cfg, line);
			k++;
		}
	for (int m = 0; k == 0 && m < ix->nmods && m < NAMES_MAX; m++)
		load(ix, cfg, ix->mods[m].name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootcfg cfg;	/* 8 KiB and more: not on the stack */
	struct modindex ix;
	char *buf = malloc(size + 1), *part[NPARTS];

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	split(buf, size, part);
	modindex_init(&ix);
	/* The order modindex.h asks for; -ENOMEM ends it as it ends /init's. */
	if (modindex_add_dep(&ix, part[0]) == 0 && modindex_add_builtin(&ix, part[1]) == 0 &&
	    modindex_add_alias(&ix, part[2]) == 0 && modindex_add_softdep(&ix, part[3]) == 0 &&
	    modindex_finish(&ix) == 0) {
		bootcfg_parse(&cfg, part[4]);
		modindex_blacklist(&ix, &cfg);
		load_all(&ix, &cfg, part[5]);
	}
	modindex_free(&ix);
	free(buf);
	return 0;
}
