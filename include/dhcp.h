/* dhcp.h: DHCP (RFC 2131/2132) packets as /init sends and reads them on a
 * packet socket, IPv4 and UDP headers included, since the interface has
 * no address yet. Pure: building and parsing only; init/dhcp.c talks to
 * the network. */
#ifndef BATON_DHCP_H
#define BATON_DHCP_H

#include <stddef.h>
#include <stdint.h>

enum {
	DHCP_DISCOVER = 1, DHCP_OFFER, DHCP_REQUEST, DHCP_DECLINE, DHCP_ACK, DHCP_NAK,
};

#define DHCP_PKT_MAX	1500	/* what /init sends and accepts: one frame */
#define DHCP_CLIENT_PORT 68
#define DHCP_SERVER_PORT 67

/* What a server's OFFER or ACK says. Addresses in network byte order, 0
 * when absent; strings NUL-terminated, "" when absent. */
struct dhcp_lease {
	int type;			/* DHCP_OFFER, DHCP_ACK, DHCP_NAK */
	uint32_t addr;			/* yiaddr */
	uint32_t next_server;		/* siaddr: the boot server */
	uint32_t server_id;		/* option 54 */
	uint32_t mask;			/* option 1 */
	uint32_t router;		/* option 3, the first */
	uint32_t broadcast;		/* option 28 */
	uint32_t dns[2];		/* option 6, the first two */
	uint32_t lease_secs;		/* option 51 */
	char hostname[65];		/* option 12 */
	char domain[65];		/* option 15 */
	char root_path[256];		/* option 17 */
	char bootfile[129];		/* the BOOTP file field or option 67 */
};

/* What to send: DHCP_DISCOVER, or DHCP_REQUEST for offer's address from
 * its server (RFC 2131 4.3.2, SELECTING). */
struct dhcp_req {
	int type;
	uint32_t xid;
	uint8_t mac[6];
	uint16_t secs;			/* since the first DISCOVER */
	uint32_t req_addr, server_id;	/* REQUEST only */
	const char *hostname;		/* option 12 if not NULL or "" */
};

/* Builds an IPv4/UDP datagram 0.0.0.0:68 -> 255.255.255.255:67 holding
 * the BOOTP message (broadcast flag set, client id 1+MAC, the parameter
 * list baton reads, padded to BOOTP's 300 bytes) into buf. Returns its
 * length, or -E2BIG if n is too small. */
int dhcp_build(const struct dhcp_req *req, uint8_t *buf, size_t n);

/* Reads an IPv4 datagram as a packet socket hands it over: is it a DHCP
 * reply to port 68 for this xid and MAC? Returns 0 and fills *lease, or
 * -ENOMSG (well formed but not ours: other port, xid, MAC, not a reply),
 * or -EINVAL (malformed: bad header, checksum, lengths, options). */
int dhcp_parse(const uint8_t *pkt, size_t len, uint32_t xid, const uint8_t mac[6],
	       struct dhcp_lease *lease);

/* The Internet checksum (RFC 1071) of len bytes, starting from sum. */
uint16_t inet_checksum(const uint8_t *p, size_t len, uint32_t sum);

#endif
