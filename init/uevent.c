/* uevent.c: the netlink socket on which the kernel announces devices.
 * Waiting on it (poll with a deadline) is how /init learns that a disk
 * arrived without a sleep-and-look loop. */
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"
#include "uevent.h"

int uevent_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int size = 4 << 20;	/* a coldplug burst must not overflow it */
	int fd;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_KOBJECT_UEVENT);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Receives one message; returns its length, 0 if it is not from the kernel,
 * or -errno (-EAGAIN when nothing is queued). */
static ssize_t recv_kernel(int fd, char *buf, size_t n)
{
	struct sockaddr_nl sa;
	struct iovec iov = { buf, n - 1 };
	struct msghdr msg = { .msg_name = &sa, .msg_namelen = sizeof(sa),
			      .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t len = recvmsg(fd, &msg, 0);

	if (len < 0)
		return -errno;
	/* Only the kernel (port 0) speaks for devices; userspace may not. */
	if (msg.msg_namelen != sizeof(sa) || sa.nl_pid != 0)
		return 0;
	buf[len] = '\0';
	return len;
}

int uevent_wait_block(int fd, int timeout_ms, char *name, size_t n, dev_t *devt)
{
	char buf[8192];
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left = deadline < 0 ? -1 : (int)(deadline - now_ms());
		ssize_t len;
		int kind;

		if (deadline >= 0 && left < 0)
			left = 0;
		int ready = poll(&p, 1, left);

		if (ready < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (ready == 0)
			return 0;	/* the deadline */
		/* POLLERR comes alone when the socket holds an error (ENOBUFS:
		 * uevents were lost): recv below returns it. */
		if (p.revents & POLLNVAL)
			return -EBADF;
		if (!(p.revents & (POLLIN | POLLERR)))
			return -EPIPE;	/* POLLHUP alone: nothing will come */
		while ((len = recv_kernel(fd, buf, sizeof(buf))) != -EAGAIN) {
			if (len < 0 && len != -EINTR)
				return (int)len;
			if (len > 0 && (kind = uevent_parse_block(buf, (size_t)len, name, n, devt)))
				return kind;
		}
	}
}

int uevent_wait_any(int fd, int timeout_ms)
{
	char buf[8192];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int got = 0;
	ssize_t len;

	if (fd < 0) {
		/* No socket: look again a little later. */
		struct timespec ts = { 0, 250 * 1000000L };

		if (timeout_ms >= 0 && timeout_ms < 250)
			ts.tv_nsec = timeout_ms * 1000000L;
		nanosleep(&ts, NULL);
		return 0;
	}
	if (poll(&p, 1, timeout_ms) <= 0 || !(p.revents & POLLIN))
		return 0;
	while ((len = recv_kernel(fd, buf, sizeof(buf))) != -EAGAIN) {
		if (len < 0 && len != -EINTR)
			return (int)len;
		got |= len > 0;
	}
	return got;
}
