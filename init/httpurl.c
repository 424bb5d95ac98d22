/* httpurl.c: root=live:'s URL and the GET request for it (include/http.h).
 * Pure. Only what an image server needs: http://HOST[:PORT]/PATH. */
#include <errno.h>
#include <string.h>

#include "http.h"
#include "log.h"	/* fmt() only: the pure formatter */
#include "netcfg.h"	/* ipv4_parse */

static int fail(const char **why, const char *what)
{
	if (why)
		*why = what;
	return -EINVAL;
}

/* Letters, digits, '-' and '.', as a DNS name or a dotted quad has. */
static int host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.';
}

static int parse_port(const char *s, size_t n, uint16_t *port)
{
	unsigned long v = 0;

	if (n == 0 || n > 5)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

static int parse_authority(const char *s, size_t n, struct http_url *u, const char **why)
{
	const char *colon = memchr(s, ':', n);
	size_t hlen = colon ? (size_t)(colon - s) : n;

	if (memchr(s, '@', n))
		return fail(why, "user names and passwords in the URL are not supported");
	if (n && s[0] == '[')
		return fail(why, "IPv6 addresses are not supported: use the server's IPv4 address");
	if (hlen == 0)
		return fail(why, "no host after http://");
	if (hlen >= sizeof(u->host))
		return fail(why, "the host name is too long");
	for (size_t i = 0; i < hlen; i++)
		if (!host_char(s[i]))
			return fail(why, "the host has a character no address or DNS name has");
	memcpy(u->host, s, hlen);
	u->host[hlen] = '\0';
	u->port = 80;
	if (colon && parse_port(colon + 1, n - hlen - 1, &u->port) < 0)
		return fail(why, "the port is not a number from 1 to 65535");
	/* A name that is all digits and dots but no address (1.2.3, 300.1.1.1)
	 * is a typo, not a DNS name. */
	if (ipv4_parse(u->host, &u->addr) < 0) {
		u->addr = 0;
		if (strspn(u->host, "0123456789.") == hlen)
			return fail(why, "the host is neither an IPv4 address (a.b.c.d) nor a DNS name");
	}
	return 0;
}

int http_url_parse(const char *url, struct http_url *u, const char **why)
{
	const char *auth, *slash;
	size_t plen;

	memset(u, 0, sizeof(*u));
	if (why)
		*why = NULL;
	if (!url)
		return fail(why, "no URL");
	if (strncmp(url, "https://", 8) == 0)
		return fail(why, "https: /init has no TLS; serve the image over http:// and make it "
			    "trustworthy with dm-verity (roothash=)");
	if (strncmp(url, "http://", 7) != 0)
		return fail(why, "only http://HOST[:PORT]/PATH is supported");
	auth = url + 7;
	slash = strchr(auth, '/');
	if (!slash)
		return fail(why, "no path after the host: name the image file (http://HOST/root.squashfs)");
	if (parse_authority(auth, (size_t)(slash - auth), u, why) < 0)
		return -EINVAL;
	plen = strlen(slash);
	if (plen < 2)
		return fail(why, "the path is \"/\": name the image file (http://HOST/root.squashfs)");
	if (plen >= sizeof(u->path))
		return fail(why, "the path is too long");
	for (size_t i = 0; i < plen; i++) {
		unsigned char c = (unsigned char)slash[i];

		if (c <= ' ' || c == 0x7f)
			return fail(why, "the path has a blank or control character: write it as %20 etc.");
		if (c == '#')
			return fail(why, "the path has a '#' (a fragment is no part of a file's address): "
				    "write it as %23");
	}
	memcpy(u->path, slash, plen + 1);
	return 0;
}

void http_url_where(const struct http_url *u, char *out, size_t n)
{
	fmt(out, n, "%s:%u", u->host, (unsigned)u->port);
}

int http_request(const struct http_url *u, const char *suffix, char *out, size_t n)
{
	char port[8] = "";
	size_t len;

	if (u->port != 80)
		fmt(port, sizeof(port), ":%u", (unsigned)u->port);
	/* identity: a compressed body would not be the image; close: one
	 * request per connection, the end of the body is Content-Length's. */
	len = fmt(out, n, "GET %s%s HTTP/1.1\r\nHost: %s%s\r\nUser-Agent: baton\r\n"
		  "Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n",
		  u->path, suffix ? suffix : "", u->host, port);
	return len + 1 >= n ? -E2BIG : (int)len;
}
