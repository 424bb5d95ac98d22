/* resumecfg.c: the kernel's hibernation keys on the command line (resume=,
 * resume_offset=, noresume), parsed for /init. Pure. */
#include <string.h>

#include "resumecfg.h"

static int parse_u64(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (*s < '0' || *s > '9' || v > (~0ULL - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int take_resume_word(struct resume_cfg *cfg, const char *key, const char *val)
{
	unsigned long long n;
	size_t len;

	if (strcmp(key, "noresume") == 0 && !val) {
		cfg->noresume = 1;
		return 1;
	}
	if (strcmp(key, "resume_offset") == 0 && val) {
		if (parse_u64(val, &n) == 0) {
			cfg->offset = n;
			cfg->offset_set = 1;
		}
		return 1;
	}
	if (strcmp(key, "resume") != 0 || !val)
		return 0;
	len = strlen(val);
	cfg->too_long = len >= sizeof(cfg->arg);
	if (cfg->too_long)
		len = sizeof(cfg->arg) - 1;
	memcpy(cfg->arg, val, len);
	cfg->arg[len] = '\0';
	return 1;
}
