/* dhcp.c: the DHCP exchange on one interface (RFC 2131 3.1): DISCOVER
 * until an OFFER comes, REQUEST it until the ACK comes, each resent with a
 * doubling wait, the whole bounded by a deadline. Packets are built and
 * read by dhcp_pkt.c; here they only travel, on a packet socket, since the
 * interface has no address to send from yet. */
#include <errno.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "net.h"
#include "sys.h"

#ifndef ETH_P_IP
#define ETH_P_IP 0x0800
#endif
#define FIRST_WAIT_MS	1000	/* qemu's and LAN servers answer in ms */
#define MAX_WAIT_MS	8000
#define MAX_NAKS	3

struct link {
	int fd;
	struct sockaddr_ll to;	/* Ethernet broadcast on the interface */
};

static int link_open(struct link *l, const char *ifname)
{
	struct sockaddr_ll me;
	int idx = netif_index(ifname);

	if (idx < 0)
		return idx;
	l->fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_IP));
	if (l->fd < 0)
		return -errno;
	memset(&me, 0, sizeof(me));
	me.sll_family = AF_PACKET;
	me.sll_protocol = htons(ETH_P_IP);
	me.sll_ifindex = idx;
	if (bind(l->fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		int err = -errno;

		close(l->fd);
		return err;
	}
	l->to = me;
	l->to.sll_halen = 6;
	memset(l->to.sll_addr, 0xff, 6);
	return 0;
}

static int send_req(const struct link *l, const struct dhcp_req *req)
{
	uint8_t pkt[DHCP_PKT_MAX];
	int len = dhcp_build(req, pkt, sizeof(pkt));

	if (len < 0)
		return len;
	if (sendto(l->fd, pkt, (size_t)len, 0, (const struct sockaddr *)&l->to, sizeof(l->to)) < 0)
		return -errno;
	return 0;
}

/* Waits until wait_ms (and not past deadline) for a reply of one of the
 * wanted types. 1 with *lease, 0 when the wait ended, -errno. */
static int await(const struct link *l, const struct dhcp_req *req, int want1, int want2,
		 int wait_ms, long long deadline, struct dhcp_lease *lease)
{
	long long until = now_ms() + wait_ms;
	uint8_t pkt[DHCP_PKT_MAX];

	if (until > deadline)
		until = deadline;
	for (;;) {
		struct pollfd p = { .fd = l->fd, .events = POLLIN };
		long long left = until - now_ms();
		ssize_t len;

		if (left <= 0)
			return 0;
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!(p.revents & POLLIN))
			continue;
		len = recv(l->fd, pkt, sizeof(pkt), 0);
		if (len < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (dhcp_parse(pkt, (size_t)len, req->xid, req->mac, lease) == 0 &&
		    (lease->type == want1 || lease->type == want2))
			return 1;
	}
}

/* Sends req and resends it with a doubling wait until a wanted reply
 * comes or the deadline passes. */
static int exchange(const struct link *l, struct dhcp_req *req, int want1, int want2,
		    long long start, long long deadline, struct dhcp_lease *lease)
{
	int wait_ms = FIRST_WAIT_MS, rc;

	while (now_ms() < deadline) {
		req->secs = (uint16_t)((now_ms() - start) / 1000);
		rc = send_req(l, req);
		if (rc < 0)
			return rc;
		rc = await(l, req, want1, want2, wait_ms, deadline, lease);
		if (rc != 0)
			return rc < 0 ? rc : 0;
		if (wait_ms < MAX_WAIT_MS)
			wait_ms *= 2;
	}
	return -ETIMEDOUT;
}

/* A transaction id that differs between machines and boots. */
static uint32_t new_xid(const uint8_t mac[6])
{
	uint32_t x = (uint32_t)now_ms() * 2654435761u;

	for (int i = 0; i < 6; i++)
		x = (x ^ mac[i]) * 16777619u;
	return x;
}

int dhcp_run(const char *ifname, const uint8_t mac[6], const char *hostname, int timeout_ms,
	     struct dhcp_lease *lease)
{
	struct link l;
	struct dhcp_req req = { .type = DHCP_DISCOVER, .hostname = hostname };
	struct dhcp_lease offer;
	long long start = now_ms(), deadline = start + timeout_ms;
	int rc, naks = 0;

	rc = link_open(&l, ifname);
	if (rc < 0)
		return rc;
	memcpy(req.mac, mac, 6);
	for (;;) {
		req.type = DHCP_DISCOVER;
		req.xid = new_xid(mac);
		rc = exchange(&l, &req, DHCP_OFFER, DHCP_OFFER, start, deadline, &offer);
		if (rc < 0)
			break;
		req.type = DHCP_REQUEST;
		req.req_addr = offer.addr;
		req.server_id = offer.server_id;
		rc = exchange(&l, &req, DHCP_ACK, DHCP_NAK, start, deadline, lease);
		if (rc < 0)
			break;
		if (lease->type == DHCP_ACK)
			break;
		logmsg(LOG_WARNING, "%s: DHCP server refused the offered address (NAK); asking again",
		       ifname);
		if (++naks == MAX_NAKS) {
			rc = -ECONNREFUSED;
			break;
		}
	}
	close(l.fd);
	return rc;
}
