/* test_dhcp.c: the DHCP packet builder and parser (init/dhcp_pkt.c) on a
 * recorded qemu exchange (dhcp_recorded.h), broken variants of it, and
 * /run/net-IFACE.conf as klibc's ipconfig writes it (init/netconf.c). */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "check.h"
#include "dhcp.h"
#include "dhcp_recorded.h"
#include "net.h"

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
#define XID 0x6d1cbad5u

static uint32_t A(const char *s)
{
	return inet_addr(s);
}

/* -- building: byte for byte what qemu answered ------------------------------ */

static void test_build_discover(void)
{
	struct dhcp_req req = { .type = DHCP_DISCOVER, .xid = XID };
	uint8_t buf[DHCP_PKT_MAX];
	int len;

	memcpy(req.mac, mac, 6);
	len = dhcp_build(&req, buf, sizeof(buf));
	CHECK_INT("dhcp-build/discover-len", len, sizeof(rec_discover));
	CHECK("dhcp-build/discover-bytes", len == sizeof(rec_discover) &&
	      memcmp(buf, rec_discover, sizeof(rec_discover)) == 0, "differs from the recorded DISCOVER");
}

static void test_build_request(void)
{
	struct dhcp_req req = { .type = DHCP_REQUEST, .xid = XID };
	uint8_t buf[DHCP_PKT_MAX];
	int len;

	memcpy(req.mac, mac, 6);
	req.req_addr = A("10.0.2.15");
	req.server_id = A("10.0.2.2");
	len = dhcp_build(&req, buf, sizeof(buf));
	CHECK("dhcp-build/request-bytes", len == sizeof(rec_request) &&
	      memcmp(buf, rec_request, sizeof(rec_request)) == 0, "differs from the recorded REQUEST");
	CHECK_INT("dhcp-build/too-small", dhcp_build(&req, buf, 300), -E2BIG);
}

static void test_build_checksums(void)
{
	struct dhcp_req req = { .type = DHCP_DISCOVER, .xid = 1, .hostname = "h" };
	uint8_t buf[DHCP_PKT_MAX];
	int len = dhcp_build(&req, buf, sizeof(buf));
	/* the UDP checksum over pseudo-header + datagram sums to zero */
	uint32_t pseudo = 0xffff * 2 + 17 + (uint32_t)(len - 20);

	CHECK_INT("dhcp-build/ip-checksum", inet_checksum(buf, 20, 0), 0);
	CHECK_INT("dhcp-build/udp-checksum", inet_checksum(buf + 20, (size_t)len - 20, pseudo), 0);
}

/* -- parsing the recorded replies --------------------------------------------- */

static void test_parse_offer(void)
{
	struct dhcp_lease l;
	char t[16];

	CHECK_INT("dhcp-parse/offer-rc", dhcp_parse(rec_offer, sizeof(rec_offer), XID, mac, &l), 0);
	CHECK_INT("dhcp-parse/offer-type", l.type, DHCP_OFFER);
	CHECK_STR("dhcp-parse/offer-addr", ipv4_text(l.addr, t), "10.0.2.15");
	CHECK_STR("dhcp-parse/offer-server-id", ipv4_text(l.server_id, t), "10.0.2.2");
	CHECK_STR("dhcp-parse/offer-next-server", ipv4_text(l.next_server, t), "10.0.2.2");
	CHECK_STR("dhcp-parse/offer-mask", ipv4_text(l.mask, t), "255.255.255.0");
	CHECK_STR("dhcp-parse/offer-router", ipv4_text(l.router, t), "10.0.2.2");
	CHECK_STR("dhcp-parse/offer-dns0", ipv4_text(l.dns[0], t), "10.0.2.3");
	CHECK_STR("dhcp-parse/offer-dns1", ipv4_text(l.dns[1], t), "0.0.0.0");
	CHECK_INT("dhcp-parse/offer-lease", l.lease_secs, 86400);
	CHECK_STR("dhcp-parse/offer-hostname", l.hostname, "batonvm");
	CHECK_STR("dhcp-parse/offer-domain", l.domain, "baton.test");
	CHECK_STR("dhcp-parse/offer-bootfile", l.bootfile, "pxe.0");
	CHECK_STR("dhcp-parse/offer-rootpath", l.root_path, "");
}

static void test_parse_ack(void)
{
	struct dhcp_lease l;

	CHECK_INT("dhcp-parse/ack-rc", dhcp_parse(rec_ack, sizeof(rec_ack), XID, mac, &l), 0);
	CHECK_INT("dhcp-parse/ack-type", l.type, DHCP_ACK);
}

/* Our own requests are not replies. */
static void test_parse_own_request(void)
{
	struct dhcp_lease l;

	CHECK_INT("dhcp-parse/own-discover", dhcp_parse(rec_discover, sizeof(rec_discover), XID, mac, &l),
		  -ENOMSG);
}

/* -- broken and foreign variants ------------------------------------------------ */

typedef void (*mutate_fn)(uint8_t *p, size_t *len);

static void m_truncated(uint8_t *p, size_t *len) { (void)p; *len = 100; }
static void m_ip_checksum(uint8_t *p, size_t *len) { (void)len; p[10] ^= 1; }
static void m_not_v4(uint8_t *p, size_t *len) { (void)len; p[0] = 0x65; }
static void m_total_long(uint8_t *p, size_t *len) { (void)len; p[2] = 0x7f; }
static void m_port(uint8_t *p, size_t *len) { (void)len; p[23] = 69; }
static void m_xid(uint8_t *p, size_t *len) { (void)len; p[28 + 4] ^= 0x80; }
static void m_mac(uint8_t *p, size_t *len) { (void)len; p[28 + 28 + 5] ^= 1; }
static void m_request_op(uint8_t *p, size_t *len) { (void)len; p[28] = 1; }
static void m_magic(uint8_t *p, size_t *len) { (void)len; p[28 + 236] = 0; }
/* options all padding, then one whose length runs past the datagram */
static void m_optlen(uint8_t *p, size_t *len)
{
	memset(p + 28 + 240, 0, *len - 28 - 240);
	p[*len - 2] = 99;
	p[*len - 1] = 10;
	p[26] = p[27] = 0;	/* no UDP checksum */
}
static void m_udp_len(uint8_t *p, size_t *len) { (void)len; p[24] = 0xff; }
static void m_fragment(uint8_t *p, size_t *len)
{
	(void)len;
	p[6] = 0x20;	/* more fragments */
	p[10] = p[11] = 0;
	uint16_t c = inet_checksum(p, 20, 0);
	p[10] = (uint8_t)(c >> 8);
	p[11] = (uint8_t)c;
}

static const struct {
	const char *name;
	mutate_fn fn;
	int rc;
} mcases[] = {
	{ "truncated", m_truncated, -EINVAL },
	{ "ip-checksum", m_ip_checksum, -EINVAL },
	{ "not-ipv4", m_not_v4, -EINVAL },
	{ "total-longer-than-read", m_total_long, -EINVAL },
	{ "other-port", m_port, -ENOMSG },
	{ "other-xid", m_xid, -ENOMSG },
	{ "other-mac", m_mac, -ENOMSG },
	{ "bootrequest", m_request_op, -ENOMSG },
	{ "no-magic", m_magic, -EINVAL },
	{ "option-past-end", m_optlen, -EINVAL },
	{ "udp-length", m_udp_len, -EINVAL },
	{ "fragment", m_fragment, -ENOMSG },
};

static void run_mcases(void)
{
	uint8_t pkt[sizeof(rec_offer)];
	struct dhcp_lease l;
	char name[64];

	for (size_t i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		size_t len = sizeof(pkt);

		memcpy(pkt, rec_offer, sizeof(pkt));
		mcases[i].fn(pkt, &len);
		snprintf(name, sizeof(name), "dhcp-parse/%s", mcases[i].name);
		CHECK_INT(name, dhcp_parse(pkt, len, XID, mac, &l), mcases[i].rc);
	}
}

/* Option 17 (root path) and overlong texts, in an OFFER rebuilt from the
 * recorded one: the options area rewritten. */
static void test_root_path_option(void)
{
	uint8_t pkt[sizeof(rec_offer)];
	uint8_t opts[] = { 53, 1, 2, 17, 20, '1', '0', '.', '0', '.', '2', '.', '2', ':', '/', 's', 'r',
			   'v', '/', 'n', 'f', 's', 0, 'x', 'y', 0, 0, 12, 3, 'a', 'b', 'c', 255 };
	struct dhcp_lease l;

	memcpy(pkt, rec_offer, sizeof(pkt));
	memset(pkt + 28 + 240, 0, sizeof(pkt) - 28 - 240);
	memcpy(pkt + 28 + 240, opts, sizeof(opts));
	pkt[26] = pkt[27] = 0;	/* UDP checksum 0: none, allowed in IPv4 */
	CHECK_INT("dhcp-parse/rootpath-rc", dhcp_parse(pkt, sizeof(pkt), XID, mac, &l), 0);
	CHECK_STR("dhcp-parse/rootpath", l.root_path, "10.0.2.2:/srv/nfs");
	CHECK_STR("dhcp-parse/rootpath-hostname", l.hostname, "abc");
}

/* -- /run/net-IFACE.conf ----------------------------------------------------------- */

static void test_netconf(void)
{
	struct net_state st;
	char out[1024];
	static const char want[] =
		"DEVICE='eth0'\nPROTO='dhcp'\nIPV4ADDR='10.0.2.15'\nIPV4BROADCAST='10.0.2.255'\n"
		"IPV4NETMASK='255.255.255.0'\nIPV4GATEWAY='10.0.2.2'\nIPV4DNS0='10.0.2.3'\n"
		"IPV4DNS1='0.0.0.0'\nHOSTNAME='it'\\''s'\nDNSDOMAIN='baton.test'\n"
		"ROOTSERVER='10.0.2.2'\nROOTPATH=''\nfilename='pxe.0'\nUPTIME='12'\n"
		"DHCPLEASETIME='86400'\n";

	memset(&st, 0, sizeof(st));
	dhcp_parse(rec_ack, sizeof(rec_ack), XID, mac, &st.lease);
	strcpy(st.ifname, "eth0");
	strcpy(st.hostname, "it's");
	st.proto = "dhcp";
	st.addr = A("10.0.2.15");
	st.mask = A("255.255.255.0");
	st.gw = st.server = A("10.0.2.2");
	st.dns[0] = A("10.0.2.3");
	CHECK_INT("netconf/len", netconf_format(&st, 12, out, sizeof(out)), strlen(want));
	CHECK_STR("netconf/text", out, want);
	CHECK_INT("netconf/too-small", netconf_format(&st, 12, out, 40), -E2BIG);
	CHECK_INT("netconf/zero", netconf_format(&st, 12, out, 0), -E2BIG);
}

int main(void)
{
	test_build_discover();
	test_build_request();
	test_build_checksums();
	test_parse_offer();
	test_parse_ack();
	test_parse_own_request();
	run_mcases();
	test_root_path_option();
	test_netconf();
	return CHECK_EXIT();
}
