/* http.h: just enough HTTP/1.1 to fetch a root image (root=live:http://,
 * dracut's name): the URL, the GET request, the response head, and the
 * fetch over a TCP socket. No TLS: the image's integrity comes from
 * dm-verity (roothash=), not from the transport.
 * httpurl.c and httphead.c are pure (no syscall, no logger); httpget.c
 * talks to the network. */
#ifndef BATON_HTTP_H
#define BATON_HTTP_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_HOST_MAX	254	/* a DNS name's longest text form, + NUL */
#define HTTP_PATH_MAX	1024
#define HTTP_HEAD_MAX	8192	/* status line + headers, as nginx's default */
#define HTTP_REQ_MAX	(HTTP_PATH_MAX + HTTP_HOST_MAX + 160)

/* http://HOST[:PORT]/PATH */
struct http_url {
	char host[HTTP_HOST_MAX];	/* as typed */
	uint32_t addr;			/* HOST as an IPv4 literal, network byte
					 * order; 0 when HOST is a name */
	uint16_t port;			/* 80 unless given */
	char path[HTTP_PATH_MAX];	/* from the '/' on, query included, as
					 * typed (%xx left as the server reads it) */
};

/* Parses url ("http://10.0.2.2:8000/images/root.squashfs"). Refuses, with
 * *why saying what to do: another scheme (https: no TLS in /init), user
 * info, an IPv6 literal, a bad or zero port, an empty path ("/" alone: no
 * file), bytes a request line cannot carry (controls, space), a fragment,
 * and a host or path too long. A host name is accepted with addr 0 (the
 * caller resolves it or says it cannot). Returns 0 or -EINVAL. */
int http_url_parse(const char *url, struct http_url *u, const char **why);

/* "HOST:PORT" of u for messages ("10.0.2.2:8000"). */
void http_url_where(const struct http_url *u, char *out, size_t n);

/* The GET request for u's path with suffix appended (".verity", or ""):
 * HTTP/1.1, Host (with the port unless 80), identity encoding, the
 * connection closed after the answer. Returns its length, or -E2BIG. */
int http_request(const struct http_url *u, const char *suffix, char *out, size_t n);

/* The response head, fed as it arrives (split anywhere across reads). */
struct http_head {
	char buf[HTTP_HEAD_MAX];
	size_t len;			/* bytes of buf held */
	int done;			/* the head is complete and parsed */
	int status;			/* 200, 404, ... */
	char reason[64];		/* the status line's text, cut to fit */
	long long length;		/* Content-Length, -1 when absent */
	char location[256];		/* Location (a redirect), cut to fit */
	int err;			/* the error returned once, kept */
	const char *why;
};

void http_head_init(struct http_head *h);

/* Feeds n bytes read from the connection. *used gets how many belong to
 * the head; the rest (when it returns 1) is the body's beginning.
 * Returns 0: more needed; 1: head complete (h->done); -EPROTO with *why:
 * not an HTTP/1.x status line, a malformed or conflicting Content-Length,
 * a header line without ':', a body in chunks or any transfer coding
 * (refused: Content-Length is what tells a whole image from a cut one);
 * -E2BIG: the head is longer than HTTP_HEAD_MAX. After an error or done,
 * feeding again returns the same. */
int http_head_feed(struct http_head *h, const char *data, size_t n, size_t *used,
		   const char **why);

/* httpget.c: one GET on its own TCP connection. */
struct http_conn {
	int fd;
	struct http_head head;
	char spill[HTTP_HEAD_MAX];	/* body bytes that came with the head */
	size_t pending;			/* how many */
};

/* Connects to u's address (u->addr must be set) within connect_ms, sends
 * the GET for u's path + suffix and reads the answer's head, each read
 * within idle_ms. Returns 0 with c open (any status: the caller judges
 * it), or -errno with *step saying what failed ("connecting", "sending the
 * request", "reading the answer": -ETIMEDOUT when nothing came in time,
 * -ECONNRESET/-EIO when the connection ended early) or, for a head that
 * does not parse, -EPROTO/-E2BIG with *step its reason. */
int http_get_open(const struct http_url *u, const char *suffix, int connect_ms, int idle_ms,
		  struct http_conn *c, const char **step);

/* Copies the body (c->head.length bytes) to out, each read within idle_ms,
 * calling progress(done, total, arg) after each write. *got: bytes
 * written. Returns 0, -EIO when the connection ended before
 * Content-Length bytes (a short read), -ETIMEDOUT, or -errno (of the
 * read, or of the write to out: -ENOSPC). */
int http_get_body(struct http_conn *c, int out, int idle_ms,
		  void (*progress)(unsigned long long done, unsigned long long total, void *arg),
		  void *arg, unsigned long long *got);

void http_close(struct http_conn *c);

#endif
