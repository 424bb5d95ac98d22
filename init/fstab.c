/* fstab.c: reads one entry of an fstab(5) text. Pure. */
#include <errno.h>
#include <string.h>

#include "fstab.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Copies the field at *p into out (octal \NNN escapes decoded, as
 * getmntent does) and moves *p past it. -E2BIG if it does not fit. */
static int field(const char **p, const char *end, char *out, size_t n)
{
	const char *s = *p;
	size_t len = 0;

	while (s < end && is_blank(*s))
		s++;
	while (s < end && !is_blank(*s)) {
		char c = *s++;

		if (c == '\\' && end - s >= 3 && s[0] >= '0' && s[0] <= '3' && s[1] >= '0' &&
		    s[1] <= '7' && s[2] >= '0' && s[2] <= '7') {
			c = (char)((s[0] - '0') * 64 + (s[1] - '0') * 8 + (s[2] - '0'));
			s += 3;
		}
		if (len + 1 >= n)
			return -E2BIG;
		out[len++] = c;
	}
	out[len] = '\0';
	*p = s;
	return 0;
}

/* mount(8)'s own options, which no filesystem takes. */
static int userspace_opt(const char *o, size_t len, int *nofail)
{
	static const char *const words[] = { "defaults", "auto", "noauto", "nofail", "user",
					     "users", "nouser", "owner", "group", "_netdev" };

	if (len == 6 && memcmp(o, "nofail", 6) == 0)
		*nofail = 1;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == len && memcmp(o, words[i], len) == 0)
			return 1;
	return (len >= 2 && memcmp(o, "x-", 2) == 0) ||
	       (len >= 8 && memcmp(o, "comment=", 8) == 0);
}

static void kernel_opts(char *opts, int *nofail)
{
	char *in = opts, *out = opts;

	while (*in) {
		size_t len = strcspn(in, ",");

		if (len && !userspace_opt(in, len, nofail)) {
			if (out != opts)
				*out++ = ',';
			memmove(out, in, len);
			out += len;
		}
		in += len;
		if (*in == ',')
			in++;
	}
	*out = '\0';
}

static size_t trimmed_len(const char *s)
{
	size_t len = strlen(s);

	while (len > 1 && s[len - 1] == '/')
		len--;
	return len;
}

static int parse_line(const char *p, const char *end, const char *mnt, struct fstab_entry *e)
{
	char dir[FSTAB_FIELD_MAX], pass[16];
	struct fstab_entry t;
	size_t mlen = trimmed_len(mnt);
	int err;

	memset(&t, 0, sizeof(t));
	if ((err = field(&p, end, t.spec, sizeof(t.spec))) < 0)
		return err;
	if (!t.spec[0] || t.spec[0] == '#')
		return -ENOENT;
	if ((err = field(&p, end, dir, sizeof(dir))) < 0)
		return err;
	if (trimmed_len(dir) != mlen || strncmp(dir, mnt, mlen) != 0)
		return -ENOENT;
	if ((err = field(&p, end, t.type, sizeof(t.type))) < 0 ||
	    (err = field(&p, end, t.opts, sizeof(t.opts))) < 0 ||
	    (err = field(&p, end, pass, sizeof(pass))) < 0 ||
	    (err = field(&p, end, pass, sizeof(pass))) < 0)
		return err;
	for (const char *d = pass; *d >= '0' && *d <= '9' && t.passno < 1000; d++)
		t.passno = t.passno * 10 + (*d - '0');
	kernel_opts(t.opts, &t.nofail);
	*e = t;
	return 0;
}

int fstab_find(const char *text, const char *mnt, struct fstab_entry *e)
{
	int ret = -ENOENT;

	while (text && *text) {
		const char *end = strchr(text, '\n');
		int r;

		if (!end)
			end = text + strlen(text);
		r = parse_line(text, end, mnt, e);
		if (r != -ENOENT)
			ret = r;	/* the last entry wins, as for mount(8) */
		text = *end ? end + 1 : end;
	}
	return ret;
}
