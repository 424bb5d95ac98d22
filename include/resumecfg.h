/* resumecfg.h: the kernel's hibernation keys (resume=, resume_offset=,
 * noresume) as /init reads them from the command line. */
#ifndef BATON_RESUMECFG_H
#define BATON_RESUMECFG_H

#define RESUME_ARG_MAX	256

struct resume_cfg {
	char arg[RESUME_ARG_MAX];	/* resume= as typed (any root= form);
					 * "" without one */
	int too_long;			/* resume= did not fit arg */
	unsigned long long offset;	/* resume_offset=: a swap file's page offset */
	int offset_set;
	int noresume;			/* noresume: never resume */
};

/* Takes resume=, resume_offset= and noresume into cfg; later words win. A
 * resume_offset= that is no decimal number leaves the earlier one; resume=
 * itself is parsed (rootspec_parse) when it is used. Returns 1 if the word
 * was one of these, else 0. Pure. */
int take_resume_word(struct resume_cfg *cfg, const char *key, const char *val);

#endif
