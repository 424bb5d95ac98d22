/* httpget.c: one HTTP GET on a TCP connection of its own (include/http.h):
 * connect, request, head, body, each step bounded in time, so a server
 * that is down, silent or slow ends in an error naming the step instead
 * of a hang. The socket is non-blocking; poll() waits. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"
#include "sys.h"

#define BODY_CHUNK	(128 * 1024)

static int set_step(const char **step, const char *what, int err)
{
	if (step)
		*step = what;
	return err;
}

/* Waits up to ms for events on fd: 0, -ETIMEDOUT, or -errno. */
static int wait_fd(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	long long until = now_ms() + ms;

	for (;;) {
		long long left = until - now_ms();
		int r;

		if (left < 0)
			left = 0;
		r = poll(&p, 1, (int)left);
		if (r > 0)
			return 0;
		if (r == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

static int tcp_connect(const struct http_url *u, int ms)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(int);
	int fd, err = 0, soerr = 0;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(u->port);
	sa.sin_addr.s_addr = u->addr;
	if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0)
		err = -errno;
	else if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EINPROGRESS)
		err = -errno;
	else if ((err = wait_fd(fd, POLLOUT, ms)) == 0 &&
		 getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		err = -errno;
	if (err == 0 && soerr)
		err = -soerr;
	if (err < 0) {
		close(fd);
		return err;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n, int ms)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			int err = wait_fd(fd, POLLOUT, ms);

			if (err < 0)
				return err;
			continue;
		}
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One read within ms: bytes read, 0 at the end of the stream, -errno. */
static ssize_t recv_some(int fd, char *buf, size_t n, int ms)
{
	for (;;) {
		ssize_t r = recv(fd, buf, n, 0);
		int err;

		if (r >= 0)
			return r;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		err = wait_fd(fd, POLLIN, ms);
		if (err < 0)
			return err;
	}
}

int http_get_open(const struct http_url *u, const char *suffix, int connect_ms, int idle_ms,
		  struct http_conn *c, const char **step)
{
	char req[HTTP_REQ_MAX], buf[2048];
	int len, err;

	c->fd = -1;
	c->pending = 0;
	http_head_init(&c->head);
	len = http_request(u, suffix, req, sizeof(req));
	if (len < 0)
		return set_step(step, "building the request", len);
	c->fd = tcp_connect(u, connect_ms);
	if (c->fd < 0)
		return set_step(step, "connecting", c->fd);
	err = send_all(c->fd, req, (size_t)len, idle_ms);
	if (err < 0)
		return set_step(step, "sending the request", err);
	for (;;) {
		ssize_t r = recv_some(c->fd, buf, sizeof(buf), idle_ms);
		size_t used;

		if (r < 0)
			return set_step(step, "reading the answer", (int)r);
		if (r == 0)
			return set_step(step, "reading the answer (the server closed the connection "
					"before a whole head)", -ECONNRESET);
		err = http_head_feed(&c->head, buf, (size_t)r, &used, step);
		if (err < 0)
			return err;
		if (err == 1) {
			c->pending = (size_t)r - used;
			memcpy(c->spill, buf + used, c->pending);
			return 0;
		}
	}
}

int http_get_body(struct http_conn *c, int out, int idle_ms,
		  void (*progress)(unsigned long long done, unsigned long long total, void *arg),
		  void *arg, unsigned long long *got)
{
	static char buf[BODY_CHUNK];
	unsigned long long total = (unsigned long long)c->head.length, done = 0;
	size_t first = c->pending < total ? c->pending : (size_t)total;
	int err = write_all(out, c->spill, first);

	*got = 0;
	if (err < 0)
		return err;
	done = first;
	while (done < total) {
		size_t want = total - done < sizeof(buf) ? (size_t)(total - done) : sizeof(buf);
		ssize_t r = recv_some(c->fd, buf, want, idle_ms);

		if (r <= 0) {
			*got = done;
			return r < 0 ? (int)r : -EIO;	/* 0: the server stopped short */
		}
		err = write_all(out, buf, (size_t)r);
		if (err < 0) {
			*got = done;
			return err;
		}
		done += (unsigned long long)r;
		if (progress)
			progress(done, total, arg);
	}
	*got = done;
	return 0;
}

void http_close(struct http_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
