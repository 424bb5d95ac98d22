/* test_http.c: root=live:'s pure HTTP pieces (init/httpurl.c,
 * init/httphead.c): the URL, the request, the response head fed whole,
 * byte by byte and split at every point, and root=live: through
 * bootcfg_parse. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bootcfg.h"
#include "check.h"
#include "http.h"
#include "netcfg.h"

/* -- URL -------------------------------------------------------------------- */

static const struct {
	const char *name, *url;
	const char *want;	/* "host|addr|port|path", or "!" + a word of why */
} url_cases[] = {
	{ "url-plain", "http://10.0.2.2/root.squashfs", "10.0.2.2|10.0.2.2|80|/root.squashfs" },
	{ "url-port", "http://10.0.2.2:8000/img/root.erofs", "10.0.2.2|10.0.2.2|8000|/img/root.erofs" },
	{ "url-port-max", "http://1.2.3.4:65535/a", "1.2.3.4|1.2.3.4|65535|/a" },
	{ "url-query", "http://1.2.3.4/get?img=root&v=2", "1.2.3.4|1.2.3.4|80|/get?img=root&v=2" },
	{ "url-escape", "http://1.2.3.4/my%20root.img", "1.2.3.4|1.2.3.4|80|/my%20root.img" },
	{ "url-name", "http://images.example.org/root.img", "images.example.org|0.0.0.0|80|/root.img" },
	{ "url-name-port", "http://boot-srv:81/r", "boot-srv|0.0.0.0|81|/r" },
	{ "url-https", "https://10.0.2.2/root.img", "!TLS" },
	{ "url-ftp", "ftp://10.0.2.2/root.img", "!only http" },
	{ "url-cdlabel", "CDLABEL=live", "!only http" },
	{ "url-empty", "", "!only http" },
	{ "url-no-path", "http://10.0.2.2", "!no path" },
	{ "url-no-path-port", "http://10.0.2.2:80", "!no path" },
	{ "url-root-path", "http://10.0.2.2/", "!name the image" },
	{ "url-no-host", "http:///root.img", "!no host" },
	{ "url-no-host-port", "http://:80/root.img", "!no host" },
	{ "url-userinfo", "http://u:p@10.0.2.2/root.img", "!user names" },
	{ "url-ipv6", "http://[fe80::1]/root.img", "!IPv6" },
	{ "url-port-zero", "http://10.0.2.2:0/a", "!port" },
	{ "url-port-big", "http://10.0.2.2:65536/a", "!port" },
	{ "url-port-long", "http://10.0.2.2:000080/a", "!port" },
	{ "url-port-empty", "http://10.0.2.2:/a", "!port" },
	{ "url-port-sign", "http://10.0.2.2:+80/a", "!port" },
	{ "url-port-word", "http://10.0.2.2:http/a", "!port" },
	{ "url-bad-quad", "http://10.0.2.256/a", "!neither" },
	{ "url-short-quad", "http://10.0.2/a", "!neither" },
	{ "url-host-char", "http://a_b/a", "!character" },
	{ "url-space", "http://1.2.3.4/a b", "!blank" },
	{ "url-tab", "http://1.2.3.4/a\tb", "!blank" },
	{ "url-crlf", "http://1.2.3.4/a\r\nX: y", "!blank" },
	{ "url-del", "http://1.2.3.4/a\x7f", "!blank" },
	{ "url-fragment", "http://1.2.3.4/a#b", "!fragment" },
};

static void url_case(int i)
{
	struct http_url u;
	const char *why = NULL;
	char got[1400], a[16];
	int err = http_url_parse(url_cases[i].url, &u, &why);

	if (err < 0)
		snprintf(got, sizeof(got), "!%s", why ? why : "(no why)");
	else
		snprintf(got, sizeof(got), "%s|%s|%u|%s", u.host, ipv4_text(u.addr, a),
			 (unsigned)u.port, u.path);
	if (url_cases[i].want[0] == '!')
		CHECK(url_cases[i].name, err == -EINVAL && strstr(got, url_cases[i].want + 1),
		      "got \"%s\" (%d), want an error saying \"%s\"", got, err, url_cases[i].want + 1);
	else
		CHECK_STR(url_cases[i].name, got, url_cases[i].want);
}

static void url_too_long(void)
{
	static char url[HTTP_PATH_MAX + 64], host[HTTP_HOST_MAX + 64];
	struct http_url u;
	const char *why = NULL;

	strcpy(url, "http://1.2.3.4/");
	memset(url + 15, 'a', HTTP_PATH_MAX);
	CHECK("url-path-too-long", http_url_parse(url, &u, &why) == -EINVAL && why &&
	      strstr(why, "too long"), "why %s", why ? why : "(null)");
	url[15 + HTTP_PATH_MAX - 16] = '\0';	/* path HTTP_PATH_MAX - 1 long */
	CHECK_INT("url-path-longest", http_url_parse(url, &u, &why), 0);
	memset(host, 'h', sizeof(host) - 1);
	memcpy(host, "http://", 7);
	strcpy(host + HTTP_HOST_MAX + 8, "/a");
	CHECK("url-host-too-long", http_url_parse(host, &u, &why) == -EINVAL && why &&
	      strstr(why, "too long"), "why %s", why ? why : "(null)");
}

static void where(void)
{
	struct http_url u;
	char out[64];

	http_url_parse("http://10.0.2.2:8000/a", &u, NULL);
	http_url_where(&u, out, sizeof(out));
	CHECK_STR("url-where", out, "10.0.2.2:8000");
	http_url_parse("http://10.0.2.2/a", &u, NULL);
	http_url_where(&u, out, sizeof(out));
	CHECK_STR("url-where-80", out, "10.0.2.2:80");
}

/* -- request ---------------------------------------------------------------- */

static void request(void)
{
	struct http_url u;
	char out[HTTP_REQ_MAX], small[40];
	int n;

	http_url_parse("http://10.0.2.2:8000/img/root.squashfs", &u, NULL);
	n = http_request(&u, "", out, sizeof(out));
	CHECK_STR("req-port", out,
		  "GET /img/root.squashfs HTTP/1.1\r\nHost: 10.0.2.2:8000\r\nUser-Agent: baton\r\n"
		  "Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n");
	CHECK_INT("req-len", n, (int)strlen(out));
	http_url_parse("http://boot.example/root.img?x=1", &u, NULL);
	http_request(&u, ".verity", out, sizeof(out));
	CHECK("req-suffix-80", strncmp(out, "GET /root.img?x=1.verity HTTP/1.1\r\nHost: boot.example\r\n",
				       55) == 0, "got %s", out);
	CHECK_INT("req-small", http_request(&u, "", small, sizeof(small)), -E2BIG);
}

/* -- response head ---------------------------------------------------------- */

static const struct {
	const char *name, *in;
	int ret;		/* of the feed that ends the head */
	const char *want;	/* "status|length|body" or a word of why */
} head_cases[] = {
	{ "head-ok", "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\n"
	  "Content-type: application/octet-stream\r\nContent-Length: 1234\r\n\r\nhsqs", 1,
	  "200|1234|hsqs|OK|" },
	{ "head-11", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 1, "200|0||OK|" },
	{ "head-bare-lf", "HTTP/1.1 200 OK\nContent-Length: 7\n\nabcdefg", 1, "200|7|abcdefg|OK|" },
	{ "head-case", "HTTP/1.1 200 Fine\r\ncOnTeNt-LeNgTh:   42  \r\n\r\n", 1, "200|42||Fine|" },
	{ "head-dup-same", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", 1,
	  "200|5||OK|" },
	{ "head-no-reason", "HTTP/1.1 200\r\nContent-Length: 1\r\n\r\nx", 1, "200|1|x||" },
	{ "head-404", "HTTP/1.0 404 File not found\r\nContent-Type: text/html\r\n\r\n<html>", 1,
	  "404|-1|<html>|File not found|" },
	{ "head-301", "HTTP/1.1 301 Moved Permanently\r\nLocation: http://1.2.3.4/new.img\r\n"
	  "Content-Length: 0\r\n\r\n", 1, "301|0||Moved Permanently|http://1.2.3.4/new.img" },
	{ "head-204", "HTTP/1.1 204 No Content\r\n\r\n", 1, "204|-1||No Content|" },
	{ "head-te-identity", "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n"
	  "Content-Length: 2\r\n\r\nab", 1, "200|2|ab|OK|" },
	{ "head-chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhsqs\r\n", -EPROTO,
	  "chunked" },
	{ "head-gzip-te", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", -EPROTO,
	  "Transfer-Encoding" },
	{ "head-no-length", "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nbody", -EPROTO, "Content-Length" },
	{ "head-length-sign", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", -EPROTO, "number" },
	{ "head-length-hex", "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n", -EPROTO, "number" },
	{ "head-length-empty", "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", -EPROTO, "number" },
	{ "head-length-huge", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
	  -EPROTO, "number" },
	{ "head-length-two", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
	  -EPROTO, "two different" },
	{ "head-not-http", "SSH-2.0-OpenSSH_9.2\r\n\r\n", -EPROTO, "not HTTP" },
	{ "head-http2", "HTTP/2 200\r\n\r\n", -EPROTO, "not HTTP" },
	{ "head-status-word", "HTTP/1.1 2xx OK\r\n\r\n", -EPROTO, "3-digit" },
	{ "head-status-long", "HTTP/1.1 2000 OK\r\n\r\n", -EPROTO, "3-digit" },
	{ "head-empty", "\r\n\r\n", -EPROTO, "not HTTP" },
	{ "head-no-colon", "HTTP/1.1 200 OK\r\nContent-Length 5\r\n\r\n", -EPROTO, "Name: value" },
	{ "head-folded", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 1\r\n\r\n", -EPROTO,
	  "Name: value" },
};

static void head_text(const struct http_head *h, const char *body, size_t bodyn, char *out,
		      size_t n)
{
	snprintf(out, n, "%d|%lld|%.*s|%s|%s", h->status, h->length, (int)bodyn, body, h->reason,
		 h->location);
}

/* Feeds in pieces of at most step bytes, or split once at cut (step 0).
 * Returns the last feed's result; out gets what came of it. */
static int feed(const char *in, size_t step, size_t cut, char *out, size_t n)
{
	static struct http_head h;
	size_t len = strlen(in), off = 0, used;
	const char *why = NULL;
	int r = 0;

	http_head_init(&h);
	while (off < len) {
		size_t take = step ? (len - off < step ? len - off : step)
				   : (off < cut ? cut - off : len - off);

		r = http_head_feed(&h, in + off, take, &used, &why);
		if (r != 0) {
			if (r == 1)
				head_text(&h, in + off + used, len - off - used, out, n);
			else
				snprintf(out, n, "%s", why ? why : "(no why)");
			return r;
		}
		if (used != take) {
			snprintf(out, n, "used %zu of %zu while not done", used, take);
			return -1000;
		}
		off += take;
	}
	snprintf(out, n, "not done after all %zu bytes", len);
	return 0;
}

static void head_case(int i)
{
	char got[512], name[600];
	const char *want = head_cases[i].want;
	size_t len = strlen(head_cases[i].in);
	int r, bad = 0;

	r = feed(head_cases[i].in, 0, len, got, sizeof(got));
	if (head_cases[i].ret == 1)
		CHECK(head_cases[i].name, r == 1 && strcmp(got, want) == 0, "got %d \"%s\", want \"%s\"",
		      r, got, want);
	else
		CHECK(head_cases[i].name, r == head_cases[i].ret && strstr(got, want),
		      "got %d \"%s\", want %d saying \"%s\"", r, got, head_cases[i].ret, want);
	/* Split at every byte, and fed one byte at a time: the same answer. */
	for (size_t cut = 1; cut < len && !bad; cut++) {
		r = feed(head_cases[i].in, 0, cut, got, sizeof(got));
		bad = r != head_cases[i].ret || (r == 1 ? strcmp(got, want) != 0 : !strstr(got, want));
		if (bad)
			snprintf(name, sizeof(name), "split at %zu: %d \"%s\"", cut, r, got);
	}
	if (!bad) {
		r = feed(head_cases[i].in, 1, 0, got, sizeof(got));
		bad = r != head_cases[i].ret || (r == 1 ? strcmp(got, want) != 0 : !strstr(got, want));
		if (bad)
			snprintf(name, sizeof(name), "bytewise: %d \"%s\"", r, got);
	}
	snprintf(got, sizeof(got), "%s-split", head_cases[i].name);
	CHECK(got, !bad, "%s", name);
}

static void head_sticky(void)
{
	static struct http_head h;
	const char *why = NULL;
	size_t used = 99;
	const char *ok = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n";

	http_head_init(&h);
	http_head_feed(&h, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 48, &used, &why);
	why = NULL;
	CHECK("head-error-sticky", http_head_feed(&h, "x", 1, &used, &why) == -EPROTO && why &&
	      used == 0, "why %s used %zu", why ? why : "(null)", used);
	http_head_init(&h);
	http_head_feed(&h, ok, strlen(ok), &used, &why);
	CHECK("head-done-sticky", http_head_feed(&h, "abc", 3, &used, &why) == 1 && used == 0,
	      "used %zu", used);
}

static void head_too_long(void)
{
	static struct http_head h;
	static char big[HTTP_HEAD_MAX + 100];
	const char *why = NULL;
	size_t used;
	int r;

	memset(big, 'a', sizeof(big));
	memcpy(big, "HTTP/1.1 200 OK\r\nX-Pad: ", 25);
	http_head_init(&h);
	r = http_head_feed(&h, big, 4000, &used, &why);
	if (r == 0)
		r = http_head_feed(&h, big + 4000, sizeof(big) - 4000, &used, &why);
	CHECK("head-too-long", r == -E2BIG && why && strstr(why, "8 KiB"), "got %d why %s", r,
	      why ? why : "(null)");
}

/* -- root=live: on the command line ---------------------------------------- */

static void cmdline(void)
{
	static struct bootcfg cfg;

	bootcfg_parse(&cfg, "root=live:http://10.0.2.2:8000/root.squashfs ip=dhcp");
	CHECK("cmdline-live", cfg.root.kind == ROOT_LIVE && cfg.root.value &&
	      strcmp(cfg.root.value, "http://10.0.2.2:8000/root.squashfs") == 0,
	      "kind %d value %s", cfg.root.kind, cfg.root.value ? cfg.root.value : "(null)");
	bootcfg_parse(&cfg, "root=live:https://10.0.2.2/root.squashfs");
	CHECK("cmdline-live-https", cfg.root.kind == ROOT_INVALID && cfg.root_err &&
	      strstr(cfg.root_err, "TLS"), "kind %d err %s", cfg.root.kind,
	      cfg.root_err ? cfg.root_err : "(null)");
	bootcfg_parse(&cfg, "root=live:CDLABEL=x");
	CHECK("cmdline-live-cdlabel", cfg.root.kind == ROOT_INVALID && cfg.root_err &&
	      strstr(cfg.root_err, "http://"), "kind %d", cfg.root.kind);
	bootcfg_parse(&cfg, "root=live:");
	CHECK_INT("cmdline-live-empty", cfg.root.kind, ROOT_INVALID);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++)
		url_case((int)i);
	url_too_long();
	where();
	request();
	for (size_t i = 0; i < sizeof(head_cases) / sizeof(head_cases[0]); i++)
		head_case((int)i);
	head_sticky();
	head_too_long();
	cmdline();
	return CHECK_EXIT();
}
