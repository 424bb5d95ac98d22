/* fuzz_cmdline.c: libFuzzer harness for the kernel command line as /init
 * reads it (init/cmdline.c): bootcfg_parse on the input as one line, the
 * rootflags= value it finds split by init/mountopts.c, and rootspec_parse
 * and mountopts_split again on the whole input, since a root= or rootflags=
 * value can hold any bytes the line does. The kernel gives /init a
 * NUL-terminated string, so the input is cut at its first NUL as the
 * kernel's copy would be. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "mountopts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy: the parsers take C strings and bounds are only
 * checked by ASan on the heap, not in a stack buffer shared with others. */
static char *cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* Reads every field the boot steps read, so a pointer bootcfg_parse left
 * dangling or unterminated shows up here rather than in a boot. */
static size_t touch_cfg(const struct bootcfg *cfg)
{
	size_t sum = 0;
	int i;

	if (cfg->root_arg)
		sum += strlen(cfg->root_arg);
	if (cfg->root.value)
		sum += strlen(cfg->root.value);
	if (cfg->root_err)
		sum += strlen(cfg->root_err);
	for (i = 0; i < cfg->nfstypes; i++)
		sum += strlen(cfg->fstypes[i]);
	if (cfg->init)
		sum += strlen(cfg->init);
	for (i = 0; i < cfg->ninit_args; i++)
		sum += strlen(cfg->init_args[i]);
	for (i = 0; i < cfg->nmodparams; i++)
		sum += strlen(cfg->modparams[i].module) + strlen(cfg->modparams[i].param) +
		       (cfg->modparams[i].value ? strlen(cfg->modparams[i].value) : 0);
	for (i = 0; i < cfg->nmod_blacklist; i++)
		sum += strlen(cfg->mod_blacklist[i]);
	for (i = 0; i < cfg->nrd_modules; i++)
		sum += strlen(cfg->rd_modules[i]);
	return sum;
}

static void split_opts(const char *opts)
{
	/* Small on purpose, so that -E2BIG is reached as well as success. */
	char small[16], big[CMDLINE_MAX];
	unsigned long flags = 0;

	mountopts_split(opts, &flags, small, sizeof small);
	mountopts_split(opts, &flags, big, sizeof big);
	mountopts_split(opts, &flags, NULL, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootcfg cfg;	/* 8 KiB and more: not on the stack */
	struct root_spec spec;
	const char *why;
	char *line = cstr(data, size);
	volatile size_t sink;

	if (!line)
		return 0;
	bootcfg_parse(&cfg, line);
	sink = touch_cfg(&cfg);
	if (cfg.rootflags)
		split_opts(cfg.rootflags);
	split_opts(line);
	/* rootspec_parse rewrites its argument: give it the copy last. */
	if (rootspec_parse(&spec, line, &why) == 0 && spec.value)
		sink = strlen(spec.value);
	(void)sink;
	free(line);
	return 0;
}
