/* httphead.c: the response head of an HTTP/1.x server (include/http.h),
 * fed as it arrives. Pure. Only what fetching one file needs: the status,
 * Content-Length, Location for the message about a redirect; a body sent
 * in chunks or any other transfer coding is refused. */
#include <errno.h>
#include <string.h>

#include "http.h"

void http_head_init(struct http_head *h)
{
	memset(h, 0, sizeof(*h));
	h->length = -1;
}

static int head_fail(struct http_head *h, int err, const char *why, const char **out)
{
	h->err = err;
	h->why = why;
	if (out)
		*out = why;
	return err;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does the header line (len bytes) name key (lower case)? Then *val is
 * its value, blanks around it dropped. */
static int header_is(const char *line, size_t len, const char *key, const char **val,
		     size_t *vlen)
{
	size_t k = strlen(key);

	if (len <= k || line[k] != ':')
		return 0;
	for (size_t i = 0; i < k; i++)
		if (lower(line[i]) != key[i])
			return 0;
	line += k + 1;
	len -= k + 1;
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	*val = line;
	*vlen = len;
	return 1;
}

static void copy_cut(char *dst, size_t max, const char *s, size_t n)
{
	if (n >= max)
		n = max - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* "HTTP/1.x SSS reason" */
static int status_line(struct http_head *h, const char *s, size_t n, const char **why)
{
	if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || s[7] < '0' || s[7] > '9' || s[8] != ' ')
		return head_fail(h, -EPROTO, "the answer is not HTTP/1.x (is this port a web server?)",
				 why);
	for (int i = 9; i < 12; i++) {
		if (s[i] < '0' || s[i] > '9')
			return head_fail(h, -EPROTO, "the status line has no 3-digit status", why);
		h->status = h->status * 10 + (s[i] - '0');
	}
	if (n > 12 && s[12] != ' ')
		return head_fail(h, -EPROTO, "the status line has no 3-digit status", why);
	if (n > 13)
		copy_cut(h->reason, sizeof(h->reason), s + 13, n - 13);
	return 0;
}

static int content_length(struct http_head *h, const char *v, size_t n, const char **why)
{
	long long len = 0;

	if (n == 0 || n > 18)
		return head_fail(h, -EPROTO, "Content-Length is not a number baton takes", why);
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return head_fail(h, -EPROTO, "Content-Length is not a number baton takes", why);
		len = len * 10 + (v[i] - '0');
	}
	if (h->length >= 0 && h->length != len)
		return head_fail(h, -EPROTO, "two different Content-Length headers", why);
	h->length = len;
	return 0;
}

static int header_line(struct http_head *h, const char *s, size_t n, const char **why)
{
	const char *v;
	size_t vn;

	if (!memchr(s, ':', n) || s[0] == ' ' || s[0] == '\t' || s[0] == ':')
		return head_fail(h, -EPROTO, "a header line is not \"Name: value\"", why);
	if (header_is(s, n, "content-length", &v, &vn))
		return content_length(h, v, vn, why);
	if (header_is(s, n, "transfer-encoding", &v, &vn) &&
	    !(vn == 8 && strncmp(v, "identity", 8) == 0))
		return head_fail(h, -EPROTO, "the server sends the body with a Transfer-Encoding "
				 "(chunked): baton reads only a body of a stated Content-Length, "
				 "which a static file server sends", why);
	if (header_is(s, n, "location", &v, &vn))
		copy_cut(h->location, sizeof(h->location), v, vn);
	return 0;
}

/* The whole head is in buf[0..end): its lines, "\r\n" or bare "\n". */
static int parse(struct http_head *h, size_t end, const char **why)
{
	const char *p = h->buf, *stop = h->buf + end;
	int first = 1;

	while (p < stop) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p));
		size_t n = (size_t)(nl - p);
		int err;

		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0)
			break;	/* the blank line */
		err = first ? status_line(h, p, n, why) : header_line(h, p, n, why);
		if (err < 0)
			return err;
		first = 0;
		p = nl + 1;
	}
	if (first)
		return head_fail(h, -EPROTO, "the answer is not HTTP/1.x (is this port a web server?)",
				 why);
	if (h->status >= 200 && h->status < 300 && h->status != 204 && h->length < 0)
		return head_fail(h, -EPROTO, "no Content-Length: a cut image could not be told from "
				 "a whole one", why);
	h->done = 1;
	return 1;
}

/* The end of the head in buf[0..len): after "\n\r\n" or "\n\n", from
 * where the search may start (the bytes before were searched already). */
static size_t head_end(const char *buf, size_t from, size_t len)
{
	for (size_t i = from; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (i + 1 < len && buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

int http_head_feed(struct http_head *h, const char *data, size_t n, size_t *used,
		   const char **why)
{
	size_t take, from, end;

	*used = 0;
	if (h->err) {
		if (why)
			*why = h->why;
		return h->err;
	}
	if (h->done)
		return 1;
	take = n < sizeof(h->buf) - h->len ? n : sizeof(h->buf) - h->len;
	/* A terminator may straddle the last feed: look again from 2 back. */
	from = h->len > 2 ? h->len - 2 : 0;
	memcpy(h->buf + h->len, data, take);
	h->len += take;
	end = head_end(h->buf, from, h->len);
	if (!end) {
		*used = take;
		if (h->len == sizeof(h->buf))
			return head_fail(h, -E2BIG, "the answer's head is longer than 8 KiB", why);
		return 0;
	}
	*used = take - (h->len - end);
	h->len = end;
	return parse(h, end, why);
}
