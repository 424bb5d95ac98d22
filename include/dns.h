/* dns.h: a host name's IPv4 address from the DNS server the network step
 * learned (DHCP option 6, or ip='s DNS0/DNS1), for root=live:http://NAME/.
 * One A query over UDP (RFC 1035), recursion desired; no cache, no search
 * domains, no /etc/hosts. dns_msg.c is pure; dns.c sends and waits. */
#ifndef BATON_DNS_H
#define BATON_DNS_H

#include <stddef.h>
#include <stdint.h>

#define DNS_MSG_MAX	512	/* UDP without EDNS0 */

/* The query for name's A record with id into out. Returns its length, or
 * -EINVAL (an empty or over-long name or label, a trailing dot is
 * allowed) or -E2BIG. */
int dns_query(const char *name, uint16_t id, uint8_t *out, size_t n);

/* Reads a reply (len bytes) to the query dns_query made for name with id.
 * Returns 0 with *addr (network byte order, the first A record for the
 * name or what a CNAME chain in the answer leads to), -ESRCH for a
 * datagram that is no reply to that query (keep waiting), -ENOENT: the
 * name does not exist or has no address, -EAGAIN: the server failed
 * (SERVFAIL, REFUSED: ask another), -EPROTO: malformed; *why says which. */
int dns_answer(const uint8_t *msg, size_t len, uint16_t id, const char *name, uint32_t *addr,
	       const char **why);

/* dns.c: asks servers[0], then servers[1] (0: none), each try resent
 * after 1, 2, 4 s, until timeout_ms. 0 with *addr, -ENOENT (with *why),
 * -ETIMEDOUT (no server answered), -EDESTADDRREQ (no server known),
 * -errno. */
int dns_resolve(const char *name, const uint32_t servers[2], int timeout_ms, uint32_t *addr,
		const char **why);

#endif
