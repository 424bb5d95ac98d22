/* modindex.c: the module index and modprobe's decisions over it (see
 * include/modindex.h). Pure: the texts come from the caller, and nothing
 * here reads a file or asks the kernel; memory comes from mem_resize, as
 * the size of a module set is not known in advance. */
#include <errno.h>
#include <string.h>

#include "mem.h"
#include "modindex.h"

/* -- small helpers ------------------------------------------------------------ */

static int grow(void **arr, int *cap, int need, size_t elem)
{
	void *p;
	int ncap;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 64;
	while (ncap < need)
		ncap *= 2;
	p = mem_resize(*arr, (size_t)*cap * elem, (size_t)ncap * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Cuts the next line out of *p in place; NULL at the end. */
static char *next_line(char **p)
{
	char *line = *p, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = line + strlen(line);
	}
	return line;
}

/* Cuts the next blank-separated word out of *p in place; NULL if none. */
static char *next_word(char **p)
{
	char *s = *p, *w;

	while (is_blank(*s))
		s++;
	if (!*s)
		return NULL;
	w = s;
	while (*s && !is_blank(*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

/* -- names ---------------------------------------------------------------------- */

size_t modname_normalize(char *dst, size_t n, const char *src)
{
	const char *base = strrchr(src, '/');
	const char *end, *ko;
	size_t len, i;

	base = base ? base + 1 : src;
	end = base + strlen(base);
	/* "name.ko", "name.ko.xz": the name ends at the last ".ko" that is
	 * followed by nothing or by another suffix. */
	for (ko = base; (ko = strstr(ko, ".ko")) != NULL; ko++)
		if (ko[3] == '\0' || ko[3] == '.') {
			end = ko;
			break;
		}
	len = (size_t)(end - base);
	for (i = 0; n && i < len && i < n - 1; i++)
		dst[i] = base[i] == '-' ? '_' : base[i];
	if (n)
		dst[i] = '\0';
	return len;
}

void modalias_normalize(char *s)
{
	for (; *s; s++) {
		if (*s == '[') {
			char *close = strchr(s, ']');

			if (!close)
				return;	/* unbalanced: left as is, as kmod refuses it */
			s = close;
		} else if (*s == '-') {
			*s = '_';
		}
	}
}

static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int rehash(struct modindex *ix, unsigned cap)
{
	int *h = mem_resize(NULL, 0, cap * sizeof(*h));

	if (!h)
		return -ENOMEM;
	for (unsigned i = 0; i < cap; i++)
		h[i] = -1;
	for (int m = 0; m < ix->nmods; m++) {
		unsigned i = name_hash(ix->mods[m].name) & (cap - 1);

		while (h[i] >= 0)
			i = (i + 1) & (cap - 1);
		h[i] = m;
	}
	mem_resize(ix->hash, ix->hashcap * sizeof(*h), 0);
	ix->hash = h;
	ix->hashcap = cap;
	return 0;
}

static int find_normalized(const struct modindex *ix, const char *name)
{
	unsigned i;

	if (!ix->hashcap)
		return -1;
	for (i = name_hash(name) & (ix->hashcap - 1); ix->hash[i] >= 0;
	     i = (i + 1) & (ix->hashcap - 1))
		if (strcmp(ix->mods[ix->hash[i]].name, name) == 0)
			return ix->hash[i];
	return -1;
}

int modindex_find(const struct modindex *ix, const char *name)
{
	char norm[MODNAME_MAX];

	if (modname_normalize(norm, sizeof(norm), name) >= sizeof(norm))
		return -1;
	return find_normalized(ix, norm);
}

/* The module named by a path or name, added if new. Returns its index,
 * -EINVAL for a name no module can have, or -ENOMEM. */
static int add_module(struct modindex *ix, const char *path_or_name)
{
	char norm[MODNAME_MAX];
	struct modentry *e;
	int m;

	if (modname_normalize(norm, sizeof(norm), path_or_name) >= sizeof(norm) || !norm[0])
		return -EINVAL;
	m = find_normalized(ix, norm);
	if (m >= 0)
		return m;
	if (grow((void **)&ix->mods, &ix->capmods, ix->nmods + 1, sizeof(*ix->mods)) < 0)
		return -ENOMEM;
	if ((unsigned)(ix->nmods + 1) * 2 >= ix->hashcap &&
	    rehash(ix, ix->hashcap ? ix->hashcap * 2 : 256) < 0)
		return -ENOMEM;
	e = &ix->mods[ix->nmods];
	memset(e, 0, sizeof(*e));
	memcpy(e->name, norm, strlen(norm) + 1);
	m = ix->nmods++;
	{
		unsigned i = name_hash(norm) & (ix->hashcap - 1);

		while (ix->hash[i] >= 0)
			i = (i + 1) & (ix->hashcap - 1);
		ix->hash[i] = m;
	}
	return m;
}

static int add_link(struct modindex *ix, int m)
{
	if (grow((void **)&ix->links, &ix->caplinks, ix->nlinks + 1, sizeof(*ix->links)) < 0)
		return -ENOMEM;
	ix->links[ix->nlinks++] = m;
	return 0;
}

/* -- the files -------------------------------------------------------------------- */

void modindex_init(struct modindex *ix)
{
	memset(ix, 0, sizeof(*ix));
}

void modindex_free(struct modindex *ix)
{
	mem_resize(ix->mods, (size_t)ix->capmods * sizeof(*ix->mods), 0);
	mem_resize(ix->aliases, (size_t)ix->capaliases * sizeof(*ix->aliases), 0);
	mem_resize(ix->softdeps, (size_t)ix->capsoftdeps * sizeof(*ix->softdeps), 0);
	mem_resize(ix->links, (size_t)ix->caplinks * sizeof(*ix->links), 0);
	mem_resize(ix->hash, ix->hashcap * sizeof(*ix->hash), 0);
	modindex_init(ix);
}

/* "PATH: DEP DEP ...". Two passes: a line may name dependencies whose own
 * line comes later. The first cuts each line in place (a NUL where the
 * colon was) and registers its module; the second reads the dependency
 * words that follow each registered path. */
int modindex_add_dep(struct modindex *ix, char *text)
{
	char *p = text, *line, *end = text + strlen(text);
	int m;

	while ((line = next_line(&p)) != NULL) {
		char *colon;

		while (is_blank(*line))
			line++;
		if (*line == '#' || !*line)
			continue;
		colon = strchr(line, ':');
		if (!colon || colon == line) {
			ix->skipped++;
			continue;
		}
		*colon = '\0';
		m = add_module(ix, line);
		if (m == -ENOMEM)
			return -ENOMEM;
		if (m < 0 || ix->mods[m].path) {	/* bad name, or a second line */
			ix->skipped++;
			continue;
		}
		ix->mods[m].path = line;
		ix->mods[m].builtin = 0;
	}
	for (m = 0; m < ix->nmods; m++) {
		struct modentry *e = &ix->mods[m];
		char *rest, *w;
		int first;

		if (!e->path || e->path < text || e->path >= end)
			continue;
		rest = (char *)e->path + strlen(e->path) + 1;
		first = ix->nlinks;
		while ((w = next_word(&rest)) != NULL) {
			int d = modindex_find(ix, w);

			if (d < 0 || d == m) {
				ix->skipped++;
				continue;
			}
			if (add_link(ix, d) < 0)
				return -ENOMEM;
		}
		/* modules.dep lists every dependency, transitively, the ones
		 * to insert first last: kmod inserts them in reverse. */
		for (int i = first, j = ix->nlinks - 1; i < j; i++, j--) {
			int t = ix->links[i];

			ix->links[i] = ix->links[j];
			ix->links[j] = t;
		}
		e = &ix->mods[m];
		e->dep0 = first;
		e->ndeps = ix->nlinks - first;
	}
	return 0;
}

int modindex_add_builtin(struct modindex *ix, char *text)
{
	char *p = text, *line, *w;

	while ((line = next_line(&p)) != NULL) {
		int m;

		w = next_word(&line);
		if (!w || *w == '#')
			continue;
		m = add_module(ix, w);
		if (m == -ENOMEM)
			return -ENOMEM;
		if (m < 0) {
			ix->skipped++;
			continue;
		}
		if (!ix->mods[m].path)
			ix->mods[m].builtin = 1;
	}
	return 0;
}

int modindex_add_alias(struct modindex *ix, char *text)
{
	char *p = text, *line;

	while ((line = next_line(&p)) != NULL) {
		char *kw = next_word(&line), *pat, *name;
		int m;

		if (!kw || *kw == '#')
			continue;
		pat = next_word(&line);
		name = next_word(&line);
		if (strcmp(kw, "alias") != 0 || !pat || !name || next_word(&line)) {
			ix->skipped++;
			continue;
		}
		m = modindex_find(ix, name);
		if (m < 0) {
			ix->skipped++;	/* a module not in this index */
			continue;
		}
		modalias_normalize(pat);
		if (grow((void **)&ix->aliases, &ix->capaliases, ix->naliases + 1,
			 sizeof(*ix->aliases)) < 0)
			return -ENOMEM;
		ix->aliases[ix->naliases].pattern = pat;
		ix->aliases[ix->naliases].mod = m;
		ix->naliases++;
	}
	return 0;
}

/* "softdep NAME pre: A B post: C". Words before any pre:/post: are ignored,
 * as kmod ignores them. Kept as words until modindex_finish, when every
 * alias is known. */
int modindex_add_softdep(struct modindex *ix, char *text)
{
	char *p = text, *line;

	while ((line = next_line(&p)) != NULL) {
		char *kw = next_word(&line), *name, *w, *out;
		int m, nwords = 0;

		if (!kw || *kw == '#')
			continue;
		name = next_word(&line);
		if (strcmp(kw, "softdep") != 0 || !name) {
			ix->skipped++;
			continue;
		}
		m = modindex_find(ix, name);
		if (m < 0) {
			ix->skipped++;
			continue;
		}
		/* Pack the remaining words, NUL-separated, where they are. */
		out = line;
		{
			char *start = line;

			while ((w = next_word(&line)) != NULL) {
				size_t len = strlen(w);

				memmove(out, w, len + 1);
				out += len + 1;
				nwords++;
			}
			if (!nwords)
				continue;
			if (grow((void **)&ix->softdeps, &ix->capsoftdeps, ix->nsoftdeps + 1,
				 sizeof(*ix->softdeps)) < 0)
				return -ENOMEM;
			ix->softdeps[ix->nsoftdeps].mod = m;
			ix->softdeps[ix->nsoftdeps].words = start;
			ix->softdeps[ix->nsoftdeps].nwords = nwords;
			ix->nsoftdeps++;
		}
	}
	return 0;
}

/* Appends to the link pool the modules each word of one mode names. */
static int resolve_softdeps(struct modindex *ix, int m, int want_pre, int *first, int *count)
{
	int out[64];

	*first = ix->nlinks;
	for (int s = 0; s < ix->nsoftdeps; s++) {
		const char *w = ix->softdeps[s].words;
		int mode = 0;	/* 0 none, 1 pre, 2 post */

		if (ix->softdeps[s].mod != m)
			continue;
		for (int i = 0; i < ix->softdeps[s].nwords; i++, w += strlen(w) + 1) {
			int n;

			if (strcmp(w, "pre:") == 0) {
				mode = 1;
				continue;
			}
			if (strcmp(w, "post:") == 0) {
				mode = 2;
				continue;
			}
			if (mode != (want_pre ? 1 : 2))
				continue;
			n = modindex_lookup(ix, w, out, 64);
			if (n > 64)
				n = 64;
			for (int k = 0; k < n; k++) {
				int dup = out[k] == m;

				for (int j = *first; j < ix->nlinks && !dup; j++)
					dup = ix->links[j] == out[k];
				if (!dup && add_link(ix, out[k]) < 0)
					return -ENOMEM;
			}
		}
	}
	*count = ix->nlinks - *first;
	return 0;
}

int modindex_finish(struct modindex *ix)
{
	for (int m = 0; m < ix->nmods; m++) {
		struct modentry *e = &ix->mods[m];
		int f, c;

		if (resolve_softdeps(ix, m, 1, &f, &c) < 0)
			return -ENOMEM;
		e = &ix->mods[m];
		e->pre0 = f;
		e->npre = c;
		if (resolve_softdeps(ix, m, 0, &f, &c) < 0)
			return -ENOMEM;
		e = &ix->mods[m];
		e->post0 = f;
		e->npost = c;
	}
	return 0;
}

/* -- matching -------------------------------------------------------------------- */

/* One [...] class at p (just past '['), tested against c. Returns where the
 * class ends (past ']'), or NULL if it is not a class (no closing ']'),
 * in which case '[' is an ordinary character. *hit says whether c is in it. */
static const char *match_class(const char *p, char c, int *hit)
{
	int neg = 0, in = 0;
	const char *start;

	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	start = p;
	for (;;) {
		char lo = *p, hi;

		if (!lo)
			return NULL;
		if (lo == ']' && p != start)
			break;
		if (lo == '\\' && p[1])
			lo = *++p;
		p++;
		hi = lo;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			hi = p[1];
			if (hi == '\\' && p[2])
				hi = *(++p + 1);
			p += 2;
		}
		if ((unsigned char)c >= (unsigned char)lo && (unsigned char)c <= (unsigned char)hi)
			in = 1;
	}
	*hit = in != neg;
	return p + 1;
}

int modalias_match(const char *pat, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (*pat == '*') {
			while (*pat == '*')
				pat++;
			if (!*pat)
				return 1;
			star_p = pat;
			star_s = s;
			continue;
		}
		if (*s) {
			const char *next = NULL;
			int ok = 0;

			if (*pat == '?') {
				ok = 1;
				next = pat + 1;
			} else if (*pat == '[') {
				int hit;
				const char *end = match_class(pat + 1, *s, &hit);

				if (end) {
					ok = hit;
					next = end;
				} else {
					ok = *s == '[';
					next = pat + 1;
				}
			} else if (*pat == '\\' && pat[1]) {
				ok = pat[1] == *s;
				next = pat + 2;
			} else if (*pat) {
				ok = *pat == *s;
				next = pat + 1;
			}
			if (ok) {
				pat = next;
				s++;
				continue;
			}
		} else if (!*pat) {
			return 1;
		}
		/* Mismatch: let the last '*' swallow one more character. */
		if (!star_p || !*star_s)
			return 0;
		pat = star_p;
		s = ++star_s;
	}
}

/* Appends mod to out unless it is there already; counts past max so the
 * caller learns how many there were. Returns the new count. */
static int add_unique(int *out, int n, int max, int mod)
{
	for (int k = 0; k < n && k < max; k++)
		if (out[k] == mod)
			return n;
	if (n < max)
		out[n] = mod;
	return n + 1;
}

int modindex_lookup(const struct modindex *ix, const char *name, int *out, int max)
{
	char norm[4096];
	size_t len = strlen(name);
	int n = 0, m;

	/* kmod's order: a loadable module of that name, else the aliases,
	 * else a built-in module of that name ("crc32" is both built in and
	 * an alias of crc32_pclmul and crc32_generic: the aliases win). */
	m = strchr(name, '/') ? -1 : modindex_find(ix, name);
	if (m >= 0 && !ix->mods[m].builtin) {
		if (max > 0)
			out[0] = m;
		return 1;
	}
	if (len >= sizeof(norm))
		return 0;
	memcpy(norm, name, len + 1);
	modalias_normalize(norm);
	for (int a = 0; a < ix->naliases; a++) {
		const struct modalias *al = &ix->aliases[a];

		/* Cheap refusal before the matcher: literal first characters. */
		if (al->pattern[0] != norm[0] && al->pattern[0] != '*' &&
		    al->pattern[0] != '?' && al->pattern[0] != '[' && al->pattern[0] != '\\')
			continue;
		if (!modalias_match(al->pattern, norm))
			continue;
		n = add_unique(out, n, max, al->mod);
	}
	if (n == 0 && m >= 0) {
		if (max > 0)
			out[0] = m;
		n = 1;
	}
	return n;
}

/* -- decisions -------------------------------------------------------------------- */

static int name_listed(const char *const *list, int n, const char *name)
{
	char norm[MODNAME_MAX];

	for (int i = 0; i < n; i++) {
		modname_normalize(norm, sizeof(norm), list[i]);
		if (strcmp(norm, name) == 0)
			return 1;
	}
	return 0;
}

int modindex_blacklist(struct modindex *ix, const struct bootcfg *cfg)
{
	int found = 0;

	for (int m = 0; m < ix->nmods; m++) {
		ix->mods[m].blacklisted = (unsigned char)name_listed(cfg->mod_blacklist,
								     cfg->nmod_blacklist,
								     ix->mods[m].name);
		found += ix->mods[m].blacklisted;
	}
	return found;
}

static int plan_list(struct modindex *ix, int first, int count, int *queue, int *n, int max)
{
	int added = 0;

	for (int i = 0; i < count; i++) {
		int r = modindex_plan(ix, ix->links[first + i], queue, n, max);

		if (r < 0)
			return r;
		added += r;
	}
	return added;
}

int modindex_plan(struct modindex *ix, int m, int *queue, int *n, int max)
{
	struct modentry *e = &ix->mods[m];
	int added = 0, r;

	if (e->state != MOD_NEW)
		return 0;
	if (e->builtin || !e->path) {
		e->state = MOD_DONE;
		return 0;
	}
	if (e->blacklisted) {
		e->state = MOD_SKIPPED;
		return 0;
	}
	/* Marked before the recursion, so a softdep cycle ends. kmod's
	 * order: the hard dependencies (each after its own pre softdeps),
	 * then this module's pre softdeps, the module, its post softdeps. */
	e->state = MOD_QUEUED;
	r = plan_list(ix, e->dep0, e->ndeps, queue, n, max);
	if (r < 0)
		goto full;
	added += r;
	r = plan_list(ix, e->pre0, e->npre, queue, n, max);
	if (r < 0)
		goto full;
	added += r;
	if (*n >= max) {
		r = -ENOSPC;
		goto full;
	}
	queue[(*n)++] = m;
	added++;
	r = plan_list(ix, e->post0, e->npost, queue, n, max);
	if (r < 0)
		return r;
	return added + r;
full:
	e->state = MOD_NEW;	/* not queued: may be planned again later */
	return r;
}

int modindex_filesystems(const struct modindex *ix, int *out, int max)
{
	int n = 0;

	for (int a = 0; a < ix->naliases; a++) {
		const struct modalias *al = &ix->aliases[a];

		if (strncmp(al->pattern, "fs_", 3) != 0 || ix->mods[al->mod].builtin)
			continue;
		n = add_unique(out, n, max, al->mod);
	}
	return n;
}

/* Is m a hard dependency of any module of the index? */
static int hard_dependency(const struct modindex *ix, int m)
{
	for (int i = 0; i < ix->nmods; i++)
		for (int k = 0; k < ix->mods[i].ndeps; k++)
			if (ix->links[ix->mods[i].dep0 + k] == m)
				return 1;
	return 0;
}

/* A loaded module with the alias pattern p, other than m; -1 none; -2 no
 * other module has it (the driver's own name, "crypto-crc32c-intel"). */
static int alias_holder(const struct modindex *ix, const char *p, int m)
{
	int other = -2;

	for (int a = 0; a < ix->naliases; a++) {
		const struct modalias *al = &ix->aliases[a];

		if (al->mod == m || strcmp(al->pattern, p) != 0)
			continue;
		if (ix->mods[al->mod].state == MOD_DONE)
			return al->mod;
		other = -1;
	}
	return other;
}

int modindex_provider(const struct modindex *ix, int m)
{
	int provider = -1;

	if (hard_dependency(ix, m))
		return -1;
	for (int a = 0; a < ix->naliases; a++) {
		const struct modalias *al = &ix->aliases[a];
		int h;

		if (al->mod != m || strncmp(al->pattern, "crypto_", 7) != 0)
			continue;
		h = alias_holder(ix, al->pattern, m);
		if (h == -1)
			return -1;	/* an algorithm no loaded module has */
		if (h >= 0)
			provider = h;
	}
	return provider;
}

int modindex_ready(const struct modindex *ix, int m, int *blocker)
{
	const struct modentry *e = &ix->mods[m];
	int ready = 1;

	for (int i = 0; i < e->ndeps; i++) {
		int d = ix->links[e->dep0 + i];
		int st = ix->mods[d].state;

		if (st == MOD_FAILED || st == MOD_SKIPPED) {
			if (blocker)
				*blocker = d;
			return -1;
		}
		if (st != MOD_DONE)
			ready = 0;
	}
	for (int i = 0; i < e->npre; i++) {
		int st = ix->mods[ix->links[e->pre0 + i]].state;

		if (st == MOD_QUEUED || st == MOD_RUNNING)
			ready = 0;
	}
	return ready;
}

/* Depth bound for the walk through skipped hard dependencies: depmod
 * writes each module's whole dependency closure, so one level is enough;
 * a hand-written index may chain. */
#define RESULT_DEPTH	8

static int result_at(const struct modindex *ix, int m, int depth)
{
	const struct modentry *e = &ix->mods[m];

	switch (e->state) {
	case MOD_DONE:
		return 0;
	case MOD_FAILED:
		return e->err < 0 ? e->err : -EIO;
	case MOD_SKIPPED:
		if (e->blacklisted && !e->builtin)
			return -EPERM;
		/* Skipped for a hard dependency that did not load, or not
		 * needed at all (modindex_provider). */
		for (int i = 0; depth < RESULT_DEPTH && i < e->ndeps; i++) {
			int r = result_at(ix, ix->links[e->dep0 + i], depth + 1);

			if (r < 0 && r != -EAGAIN)
				return r;
		}
		return 0;
	default:
		return -EAGAIN;
	}
}

int modindex_result(const struct modindex *ix, int m)
{
	return result_at(ix, m, 0);
}

/* -- parameters ------------------------------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, len;
};

static void sb_put(struct sbuf *b, const char *s)
{
	for (; *s; s++, b->len++)
		if (b->len + 1 < b->n)
			b->p[b->len] = *s;
}

size_t modparams_for(const struct bootcfg *cfg, const char *mod, char *out, size_t n)
{
	struct sbuf b = { out, n, 0 };
	char norm[MODNAME_MAX];

	modname_normalize(norm, sizeof(norm), mod);
	for (int i = 0; i < cfg->nmodparams; i++) {
		const struct modparam *mp = &cfg->modparams[i];

		if (strcmp(mp->module, norm) != 0)
			continue;
		if (b.len)
			sb_put(&b, " ");
		sb_put(&b, mp->param);
		if (mp->value) {
			/* As typed: a value the command line quoted lost its
			 * opening quote (and a closing one at the end) in
			 * the split; quoted again, the module's parser (the
			 * kernel's next_arg once more) gives back the same
			 * value, inner quotes and blanks included. One
			 * typed without (p=a" b") needs none added. */
			int quote = mp->quoted;

			sb_put(&b, quote ? "=\"" : "=");
			sb_put(&b, mp->value);
			if (quote)
				sb_put(&b, "\"");
		}
	}
	if (n)
		out[b.len < n ? b.len : n - 1] = '\0';
	return b.len;
}
