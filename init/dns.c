/* dns.c: one A lookup over UDP (include/dns.h), each server asked in turn,
 * the query resent after a doubling wait, the whole bounded. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns.h"
#include "sys.h"

#define FIRST_WAIT_MS	1000
#define MAX_WAIT_MS	4000

static int ask(int fd, uint32_t server, const uint8_t *q, size_t qlen)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(53);
	sa.sin_addr.s_addr = server;
	return sendto(fd, q, qlen, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
}

/* Waits until `until` for the reply: 0 with *addr, -ETIMEDOUT, or what
 * dns_answer says (never -ESRCH: a stray datagram is skipped). */
static int await(int fd, uint16_t id, const char *name, long long until, uint32_t *addr,
		 const char **why)
{
	uint8_t msg[DNS_MSG_MAX];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = until - now_ms();
		ssize_t r;
		int err;

		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ETIMEDOUT;
		r = recv(fd, msg, sizeof(msg), 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0 && errno == ECONNREFUSED)
			return -ECONNREFUSED;	/* nothing on port 53 there */
		if (r < 0)
			return -errno;
		err = dns_answer(msg, (size_t)r, id, name, addr, why);
		if (err != -ESRCH)
			return err;
	}
}

int dns_resolve(const char *name, const uint32_t servers[2], int timeout_ms, uint32_t *addr,
		const char **why)
{
	uint8_t q[DNS_MSG_MAX];
	long long deadline = now_ms() + timeout_ms;
	uint16_t id = (uint16_t)(now_ms() * 2654435761u >> 7);
	int qlen = dns_query(name, id, q, sizeof(q)), wait = FIRST_WAIT_MS, err = -ETIMEDOUT;
	int fd, n = servers[1] ? 2 : 1;

	if (qlen < 0)
		return qlen;
	if (!servers[0])
		return -EDESTADDRREQ;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	for (int i = 0; now_ms() < deadline; i++) {
		long long until = now_ms() + wait;
		int e;

		if (until > deadline)
			until = deadline;
		e = ask(fd, servers[i % n], q, (size_t)qlen);
		if (e == 0)
			e = await(fd, id, name, until, addr, why);
		if (e == 0 || e == -ENOENT || e == -EPROTO) {
			err = e;
			break;
		}
		if (e != -ETIMEDOUT) {
			long long left = until - now_ms();

			err = e;	/* more telling than a timeout */
			if (left > 0)	/* an instant failure: wait as for a reply */
				poll(NULL, 0, (int)left);
		}
		if (i % n == n - 1)
			wait = wait * 2 > MAX_WAIT_MS ? MAX_WAIT_MS : wait * 2;
	}
	close(fd);
	return err;
}
