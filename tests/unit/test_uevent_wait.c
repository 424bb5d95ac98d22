/* test_uevent_wait.c: uevent_wait_block (init/uevent.c) tells a socket
 * error from the deadline. Before, POLLERR or POLLNVAL without
 * POLLIN returned 0, which root_wait reads as "timed out": the root wait
 * ended early with "not found". The sockets here are real: a UDP socket
 * whose peer port is closed holds ECONNREFUSED and polls POLLERR alone, as
 * a netlink socket that overflowed holds ENOBUFS. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "check.h"
#include "sys.h"

/* A UDP socket on loopback connected to a port nobody listens on, after
 * one send: the kernel's ICMP "port unreachable" leaves ECONNREFUSED. */
static int refused_socket(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int probe = socket(AF_INET, SOCK_DGRAM, 0),
	    fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);	/* as uevent_open's */

	/* A port that was free a moment ago: bound, read, released. */
	if (probe < 0 || fd < 0 || bind(probe, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(probe, (struct sockaddr *)&a, &len) < 0)
		return -1;
	close(probe);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || send(fd, "x", 1, 0) != 1)
		return -1;
	return fd;
}

int main(void)
{
	char name[32];
	dev_t devt;
	int fd, sv[2];

	fd = refused_socket();
	CHECK("wait-setup-udp", fd >= 0, "no loopback UDP socket: %s", strerror(errno));
	if (fd >= 0) {
		CHECK_INT("wait-pollerr-is-the-error", uevent_wait_block(fd, 2000, name, sizeof(name), &devt),
			  -ECONNREFUSED);
		close(fd);
	}
	CHECK_INT("wait-closed-fd", uevent_wait_block(fd < 0 ? 1000 : fd, 2000, name, sizeof(name), &devt),
		  -EBADF);
	CHECK_INT("wait-deadline", (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) == 0 ?
		  uevent_wait_block(sv[0], 50, name, sizeof(name), &devt) : -1), 0);
	return CHECK_EXIT();
}
