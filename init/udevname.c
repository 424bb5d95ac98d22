/* udevname.c: how udev spells a filesystem label or UUID inside a
 * /dev/disk/by-* name. Pure; the links themselves are made in devlinks.c. */
#include "devlinks.h"

static int plain(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '#' || c == '+' || c == '-' ||
	       c == '.' || c == ':' || c == '=' || c == '@' || c == '_';
}

/* Length of the valid UTF-8 multi-byte sequence at s, or 0 (udev keeps
 * those as they are and escapes stray bytes). */
static int utf8_len(const unsigned char *s)
{
	int len, i;
	unsigned cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not valid. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int devlink_escape(char *out, size_t n, const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;

	while (*s) {
		int u = utf8_len(s);

		if (plain(*s) || u) {
			int k = u ? u : 1;

			if (o + (size_t)k >= n)
				return -1;
			while (k--)
				out[o++] = (char)*s++;
			continue;
		}
		if (o + 4 >= n)
			return -1;
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = "0123456789abcdef"[*s >> 4];
		out[o++] = "0123456789abcdef"[*s & 15];
		s++;
	}
	if (o >= n)
		return -1;
	out[o] = '\0';
	return (int)o;
}
