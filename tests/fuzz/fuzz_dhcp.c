/* fuzz_dhcp.c: libFuzzer harness for what /init reads off the network
 * before it has an address (init/dhcp_pkt.c): dhcp_parse on the input as
 * a received datagram, once with the xid and MAC the packet itself claims
 * (so the options are reached) and once with fixed ones; what it accepts
 * goes through netconf_format, the file the real root will source. The
 * builder runs with the input's first bytes as a hostname. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp.h"
#include "net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void format(const struct dhcp_lease *l)
{
	static struct net_state st;
	char out[2048], small[64];

	memset(&st, 0, sizeof(st));
	st.lease = *l;
	st.proto = "dhcp";
	strcpy(st.ifname, "eth0");
	memcpy(st.hostname, l->hostname, sizeof(st.hostname) - 1);
	st.addr = l->addr;
	st.mask = l->mask;
	netconf_format(&st, 1, out, sizeof(out));
	netconf_format(&st, 1, small, sizeof(small));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t fixed_mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	uint8_t *pkt = malloc(size ? size : 1), out[DHCP_PKT_MAX];
	struct dhcp_lease l;
	struct dhcp_req req = { .type = DHCP_REQUEST, .xid = 1 };
	char host[70];

	if (!pkt)
		return 0;
	memcpy(pkt, data, size);	/* heap copy: ASan sees every overread */
	/* The xid and MAC where an IPv4 header of 20 bytes would put them. */
	if (size >= 28 + 34 && dhcp_parse(pkt, size, be32(pkt + 32), pkt + 56, &l) == 0)
		format(&l);
	if (dhcp_parse(pkt, size, 0x6d1cbad5u, fixed_mac, &l) == 0)
		format(&l);
	memset(host, 0, sizeof(host));
	memcpy(host, data, size < sizeof(host) - 1 ? size : sizeof(host) - 1);
	req.hostname = host;
	dhcp_build(&req, out, sizeof(out));
	dhcp_build(&req, out, 300);
	free(pkt);
	return 0;
}
