/* fuzz_http.c: libFuzzer harness for what root=live: reads (init/httpurl.c,
 * init/httphead.c). The input's first line is a URL (parsed, and when
 * accepted, a request built from it in a large and a small buffer); the
 * rest is a server's answer, fed to the head parser whole, then in pieces
 * whose sizes come from the first byte (heads split across reads). Every
 * piece is a heap copy of its own, so ASan sees any overread. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void url(const uint8_t *data, size_t n)
{
	static struct http_url u;
	char *s = malloc(n + 1), req[HTTP_REQ_MAX], small[48], where[300];

	if (!s)
		return;
	memcpy(s, data, n);
	s[n] = '\0';
	if (http_url_parse(s, &u, NULL) == 0) {
		http_request(&u, ".verity", req, sizeof(req));
		http_request(&u, "", small, sizeof(small));
		http_url_where(&u, where, sizeof(where));
	}
	free(s);
}

static void feed(const uint8_t *data, size_t n, size_t step)
{
	static struct http_head h;
	const char *why;
	size_t off = 0, used;

	http_head_init(&h);
	while (off < n) {
		size_t take = n - off < step ? n - off : step;
		char *piece = malloc(take);
		int r;

		if (!piece)
			return;
		memcpy(piece, data + off, take);
		r = http_head_feed(&h, piece, take, &used, &why);
		free(piece);
		if (used > take)
			abort();	/* the caller would read past its buffer */
		if (r != 0) {
			if (r == 1 && (h.len > sizeof(h.buf) || h.status > 999))
				abort();
			return;
		}
		off += take;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ulen = nl ? (size_t)(nl - data) : size;
	const uint8_t *ans = nl ? nl + 1 : data + size;
	size_t alen = size - (size_t)(ans - data);

	url(data, ulen);
	feed(ans, alen, alen ? alen : 1);
	feed(ans, alen, size ? 1 + data[0] % 17 : 1);
	return 0;
}
