/* dhcp_pkt.c: DHCP messages inside their IPv4 and UDP headers, built and
 * parsed without a system call (include/dhcp.h). Every length a packet
 * claims is checked against what was received before it is used. */
#include <errno.h>
#include <string.h>

#include "dhcp.h"

#define IP_HDR		20
#define UDP_HDR		8
#define BOOTP_FIXED	236	/* op .. file, before the magic cookie */
#define BOOTP_MIN	300	/* RFC 951's size; some servers want it */
#define MAGIC		0x63825363u

/* Big-endian accessors: the wire's order, whatever the host's. */
static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) << 16 | get16(p + 2);
}

uint16_t inet_checksum(const uint8_t *p, size_t len, uint32_t sum)
{
	for (; len > 1; p += 2, len -= 2)
		sum += get16(p);
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* An option: code, length, data. Returns the next write position. */
static uint8_t *opt(uint8_t *o, uint8_t code, const void *data, size_t len)
{
	*o++ = code;
	*o++ = (uint8_t)len;
	memcpy(o, data, len);
	return o + len;
}

static size_t build_options(const struct dhcp_req *req, uint8_t *o)
{
	/* mask, router, DNS, hostname, domain, root path, broadcast,
	 * lease time, server id, bootfile */
	static const uint8_t params[] = { 1, 3, 6, 12, 15, 17, 28, 51, 54, 67 };
	uint8_t *start = o, type = (uint8_t)req->type, cid[7] = { 1 }, maxsz[2];
	size_t hlen = req->hostname ? strlen(req->hostname) : 0;

	memcpy(cid + 1, req->mac, 6);
	put16(maxsz, DHCP_PKT_MAX);
	o = opt(o, 53, &type, 1);
	o = opt(o, 61, cid, sizeof(cid));
	o = opt(o, 57, maxsz, 2);
	o = opt(o, 55, params, sizeof(params));
	if (req->type == DHCP_REQUEST) {
		uint8_t a[4];

		memcpy(a, &req->req_addr, 4);	/* already network order */
		o = opt(o, 50, a, 4);
		memcpy(a, &req->server_id, 4);
		o = opt(o, 54, a, 4);
	}
	if (hlen && hlen <= 64)
		o = opt(o, 12, req->hostname, hlen);
	*o++ = 255;
	return (size_t)(o - start);
}

static void build_headers(uint8_t *buf, size_t total)
{
	uint8_t *ip = buf, *udp = buf + IP_HDR;
	uint32_t sum;

	ip[0] = 0x45;				/* IPv4, 20-byte header */
	put16(ip + 2, (uint32_t)total);
	ip[8] = 64;				/* TTL */
	ip[9] = 17;				/* UDP */
	memset(ip + 12, 0, 4);			/* from 0.0.0.0 */
	memset(ip + 16, 0xff, 4);		/* to 255.255.255.255 */
	put16(ip + 10, inet_checksum(ip, IP_HDR, 0));
	put16(udp, DHCP_CLIENT_PORT);
	put16(udp + 2, DHCP_SERVER_PORT);
	put16(udp + 4, (uint32_t)(total - IP_HDR));
	/* pseudo-header: addresses, protocol, UDP length */
	sum = 0xffff * 2 + 17 + (uint32_t)(total - IP_HDR);
	sum = inet_checksum(udp, total - IP_HDR, sum);
	put16(udp + 6, sum ? sum : 0xffff);
}

int dhcp_build(const struct dhcp_req *req, uint8_t *buf, size_t n)
{
	uint8_t *b = buf + IP_HDR + UDP_HDR, options[128];
	size_t olen, blen;

	olen = build_options(req, options);
	blen = BOOTP_FIXED + 4 + olen;
	if (blen < BOOTP_MIN)
		blen = BOOTP_MIN;
	if (n < IP_HDR + UDP_HDR + blen)
		return -E2BIG;
	memset(buf, 0, IP_HDR + UDP_HDR + blen);
	b[0] = 1;				/* BOOTREQUEST */
	b[1] = 1;				/* Ethernet */
	b[2] = 6;
	put32(b + 4, req->xid);
	put16(b + 8, req->secs);
	put16(b + 10, 0x8000);			/* reply by broadcast: no address yet */
	memcpy(b + 28, req->mac, 6);
	put32(b + BOOTP_FIXED, MAGIC);
	memcpy(b + BOOTP_FIXED + 4, options, olen);
	build_headers(buf, IP_HDR + UDP_HDR + blen);
	return (int)(IP_HDR + UDP_HDR + blen);
}

/* -- parsing ------------------------------------------------------------------ */

static void copy_text(char *dst, size_t max, const uint8_t *src, size_t len)
{
	if (len >= max)
		len = max - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	dst[strnlen(dst, len)] = '\0';	/* stop at an embedded NUL */
}

static void copy_addr(uint32_t *dst, const uint8_t *p, size_t len)
{
	if (len >= 4)
		memcpy(dst, p, 4);
}

static void take_option(struct dhcp_lease *l, uint8_t code, const uint8_t *p, size_t len)
{
	switch (code) {
	case 1: copy_addr(&l->mask, p, len); break;
	case 3: copy_addr(&l->router, p, len); break;
	case 6:
		copy_addr(&l->dns[0], p, len);
		if (len >= 8)
			copy_addr(&l->dns[1], p + 4, len - 4);
		break;
	case 12: copy_text(l->hostname, sizeof(l->hostname), p, len); break;
	case 15: copy_text(l->domain, sizeof(l->domain), p, len); break;
	case 17: copy_text(l->root_path, sizeof(l->root_path), p, len); break;
	case 28: copy_addr(&l->broadcast, p, len); break;
	case 51: if (len >= 4) l->lease_secs = get32(p); break;
	case 53: if (len >= 1) l->type = p[0]; break;
	case 54: copy_addr(&l->server_id, p, len); break;
	case 67: copy_text(l->bootfile, sizeof(l->bootfile), p, len); break;
	default: break;
	}
}

static int parse_options(const uint8_t *o, size_t len, struct dhcp_lease *l)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = o[i++], olen;

		if (code == 255)
			return 0;
		if (code == 0)
			continue;
		if (i >= len)
			return -EINVAL;
		olen = o[i++];
		if (olen > len - i)
			return -EINVAL;
		take_option(l, code, o + i, olen);
		i += olen;
	}
	return 0;	/* no end option: tolerated, as most clients do */
}

/* The IPv4 and UDP headers: returns the UDP payload's offset and sets
 * *plen, or a negative code. */
static int parse_headers(const uint8_t *pkt, size_t len, size_t *plen)
{
	size_t ihl, total, ulen;

	if (len < IP_HDR || pkt[0] >> 4 != 4)
		return -EINVAL;
	ihl = (size_t)(pkt[0] & 15) * 4;
	total = get16(pkt + 2);
	if (ihl < IP_HDR || total < ihl + UDP_HDR || total > len)
		return -EINVAL;
	if (inet_checksum(pkt, ihl, 0) != 0)
		return -EINVAL;
	if (pkt[9] != 17 || (get16(pkt + 6) & 0x3fff))	/* not UDP, or a fragment */
		return -ENOMSG;
	if (get16(pkt + ihl + 2) != DHCP_CLIENT_PORT)
		return -ENOMSG;
	ulen = get16(pkt + ihl + 4);
	if (ulen < UDP_HDR || ulen > total - ihl)
		return -EINVAL;
	*plen = ulen - UDP_HDR;
	return (int)(ihl + UDP_HDR);
}

int dhcp_parse(const uint8_t *pkt, size_t len, uint32_t xid, const uint8_t mac[6],
	       struct dhcp_lease *lease)
{
	size_t blen;
	int off = parse_headers(pkt, len, &blen);
	const uint8_t *b;

	if (off < 0)
		return off;
	b = pkt + off;
	if (blen < BOOTP_FIXED + 4)
		return -EINVAL;
	if (b[0] != 2 || get32(b + 4) != xid || b[1] != 1 || b[2] != 6 || memcmp(b + 28, mac, 6))
		return -ENOMSG;
	if (get32(b + BOOTP_FIXED) != MAGIC)
		return -EINVAL;
	memset(lease, 0, sizeof(*lease));
	memcpy(&lease->addr, b + 16, 4);
	memcpy(&lease->next_server, b + 20, 4);
	copy_text(lease->bootfile, sizeof(lease->bootfile), b + 108, 128);
	if (parse_options(b + BOOTP_FIXED + 4, blen - BOOTP_FIXED - 4, lease) < 0)
		return -EINVAL;
	if (lease->type != DHCP_OFFER && lease->type != DHCP_ACK && lease->type != DHCP_NAK)
		return -ENOMSG;
	return 0;
}
