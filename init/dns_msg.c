/* dns_msg.c: the A query and its reply (include/dns.h, RFC 1035 4.1).
 * Pure. Every read is checked against the datagram's length; compression
 * pointers are followed a bounded number of times, so a loop of them ends. */
#include <errno.h>
#include <string.h>

#include "dns.h"

#define TYPE_A		1
#define TYPE_CNAME	5
#define CLASS_IN	1
#define NAME_MAX_TEXT	253
#define MAX_JUMPS	16
#define MAX_CNAMES	8

static int fail(const char **why, const char *what, int err)
{
	if (why)
		*why = what;
	return err;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int dns_query(const char *name, uint16_t id, uint8_t *out, size_t n)
{
	size_t len = strlen(name), o = 12;

	if (len && name[len - 1] == '.')
		len--;
	if (len == 0 || len > NAME_MAX_TEXT)
		return -EINVAL;
	if (n < 12 + len + 2 + 4)
		return -E2BIG;
	memset(out, 0, 12);
	out[0] = (uint8_t)(id >> 8);
	out[1] = (uint8_t)id;
	out[2] = 0x01;		/* RD: the server resolves for us */
	out[5] = 1;		/* one question */
	for (size_t i = 0; i < len;) {
		size_t l = 0;

		while (i + l < len && name[i + l] != '.')
			l++;
		if (l == 0 || l > 63)
			return -EINVAL;
		out[o++] = (uint8_t)l;
		memcpy(out + o, name + i, l);
		o += l;
		i += l + 1;
	}
	out[o++] = 0;
	out[o++] = 0;
	out[o++] = TYPE_A;
	out[o++] = 0;
	out[o++] = CLASS_IN;
	return (int)o;
}

/* Reads the (possibly compressed) name at *off into text form (dotted,
 * lower case, no trailing dot) and moves *off past it. 0 or -EPROTO. */
static int read_name(const uint8_t *m, size_t len, size_t *off, char *out, size_t outn)
{
	size_t p = *off, o = 0;
	int jumps = 0, jumped = 0;

	for (;;) {
		uint8_t l;

		if (p >= len)
			return -EPROTO;
		l = m[p];
		if ((l & 0xc0) == 0xc0) {
			if (p + 1 >= len || ++jumps > MAX_JUMPS)
				return -EPROTO;
			if (!jumped)
				*off = p + 2;
			jumped = 1;
			p = (size_t)((l & 0x3f) << 8 | m[p + 1]);
			continue;
		}
		if (l & 0xc0)
			return -EPROTO;	/* the reserved label types */
		if (l == 0)
			break;
		if (p + 1 + l > len || o + l + 2 > outn)
			return -EPROTO;
		if (o)
			out[o++] = '.';
		for (size_t i = 0; i < l; i++) {
			char c = (char)m[p + 1 + i];

			out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		}
		p += 1 + l;
	}
	out[o] = '\0';
	if (!jumped)
		*off = p + 1;
	return 0;
}

/* name as asked, lower case, no trailing dot, for comparing. */
static void canon(const char *name, char *out, size_t n)
{
	size_t i = 0;

	for (; name[i] && i + 1 < n; i++)
		out[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i];
	if (i && out[i - 1] == '.')
		i--;
	out[i] = '\0';
}

int dns_answer(const uint8_t *m, size_t len, uint16_t id, const char *name, uint32_t *addr,
	       const char **why)
{
	char want[NAME_MAX_TEXT + 2], got[NAME_MAX_TEXT + 2];
	size_t off = 12;
	unsigned qd, an, rcode, cnames = 0;

	if (len < 12 || get16(m) != id || !(m[2] & 0x80))
		return fail(why, "not a reply to this query", -ESRCH);
	qd = get16(m + 4);
	an = get16(m + 6);
	rcode = m[3] & 0x0f;
	canon(name, want, sizeof(want));
	/* The question must be ours, or a stray reply could answer. */
	if (qd != 1 || read_name(m, len, &off, got, sizeof(got)) < 0 || off + 4 > len ||
	    strcmp(got, want) != 0 || get16(m + off) != TYPE_A)
		return fail(why, "not a reply to this query", -ESRCH);
	off += 4;
	if (rcode == 3)
		return fail(why, "no such name (NXDOMAIN)", -ENOENT);
	if (rcode == 2 || rcode == 5)
		return fail(why, rcode == 2 ? "the server failed (SERVFAIL)" : "the server refused (REFUSED)",
			    -EAGAIN);
	if (rcode != 0)
		return fail(why, "the server answered with an error", -EAGAIN);
	if (m[2] & 0x02)
		return fail(why, "the reply was cut (TC) and TCP is not supported", -EPROTO);
	for (unsigned i = 0; i < an; i++) {
		uint16_t type, class, rdlen;

		if (read_name(m, len, &off, got, sizeof(got)) < 0 || off + 10 > len)
			return fail(why, "a malformed answer", -EPROTO);
		type = get16(m + off);
		class = get16(m + off + 2);
		rdlen = get16(m + off + 8);
		off += 10;
		if (off + rdlen > len)
			return fail(why, "a malformed answer", -EPROTO);
		if (class == CLASS_IN && strcmp(got, want) == 0) {
			if (type == TYPE_A && rdlen == 4) {
				memcpy(addr, m + off, 4);
				return 0;
			}
			if (type == TYPE_CNAME) {
				size_t t = off;

				/* Follow the alias: later records name it. */
				if (++cnames > MAX_CNAMES || read_name(m, len, &t, want, sizeof(want)) < 0)
					return fail(why, "a malformed answer", -EPROTO);
			}
		}
		off += rdlen;
	}
	return fail(why, "the name has no IPv4 address (no A record)", -ENOENT);
}
