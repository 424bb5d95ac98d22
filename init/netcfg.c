/* netcfg.c: the network keys of the kernel command line (include/netcfg.h).
 * ip= follows the kernel's Documentation/admin-guide/nfs/nfsroot.rst:
 *   ip=CLIENT:SERVER:GW:NETMASK:HOSTNAME:DEVICE:AUTOCONF:DNS0:DNS1:NTP0
 * plus its one-word forms, and dracut's ip=DEVICE:dhcp. Pure. */
#include <errno.h>
#include <string.h>

#include "hex.h"
#include "netcfg.h"

#define IP_FIELDS 10

int ipv4_parse(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	int parts = 0;

	while (parts < 4) {
		unsigned n = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			n = n * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || n > 255)
			return -EINVAL;
		v = v << 8 | n;
		if (++parts < 4 && *s++ != '.')
			return -EINVAL;
	}
	if (*s)
		return -EINVAL;
	/* network byte order, whatever the host's */
	*out = 0;
	((uint8_t *)out)[0] = (uint8_t)(v >> 24);
	((uint8_t *)out)[1] = (uint8_t)(v >> 16);
	((uint8_t *)out)[2] = (uint8_t)(v >> 8);
	((uint8_t *)out)[3] = (uint8_t)v;
	return 0;
}

char *ipv4_text(uint32_t addr, char out[16])
{
	const uint8_t *b = (const uint8_t *)&addr;
	char *p = out;

	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];

		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		if (i < 3)
			*p++ = '.';
	}
	*p = '\0';
	return out;
}

uint32_t ipv4_default_mask(uint32_t addr)
{
	uint8_t first = ((const uint8_t *)&addr)[0], m[4] = { 255, 0, 0, 0 };
	uint32_t mask;

	if (first >= 128)
		m[1] = 255;
	if (first >= 192)
		m[2] = 255;
	memcpy(&mask, m, 4);
	return mask;
}

/* The autoconf words: 1 DHCP, 0 none, -1 not one of them. rarp is not
 * offered (no server answers it any more); bootp is answered by DHCP
 * servers, so it means DHCP here. */
static int autoconf_word(const char *s, size_t n)
{
	static const char *const dhcp[] = { "on", "any", "dhcp", "bootp", "both" };
	static const char *const off[] = { "off", "none" };

	for (size_t i = 0; i < sizeof(dhcp) / sizeof(dhcp[0]); i++)
		if (strlen(dhcp[i]) == n && strncmp(s, dhcp[i], n) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if (strlen(off[i]) == n && strncmp(s, off[i], n) == 0)
			return 0;
	return -1;
}

static int ip_fail(struct net_cfg *net, const char *why)
{
	net->mode = NET_INVALID;
	net->ip_err = why;
	return 1;
}

/* One address field into *out ("" leaves it 0). */
static int addr_field(const char *s, size_t n, uint32_t *out)
{
	char tmp[16];

	*out = 0;
	if (n == 0)
		return 0;
	if (n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return ipv4_parse(tmp, out);
}

static int text_field(const char *s, size_t n, char *out, size_t max)
{
	if (n >= max)
		return -EINVAL;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Splits val at ':' into at most IP_FIELDS (start, length) pairs. */
static int split_fields(const char *val, const char **f, size_t *len)
{
	int n = 0;

	for (const char *p = val;; p++) {
		if (*p == ':' || *p == '\0') {
			if (n == IP_FIELDS)
				return -1;
			f[n] = val;
			len[n++] = (size_t)(p - val);
			val = p + 1;
		}
		if (*p == '\0')
			return n;
	}
}

static int parse_ip(struct net_cfg *net, const char *val)
{
	const char *f[IP_FIELDS];
	size_t len[IP_FIELDS];
	uint32_t *addrs[] = { &net->client, &net->server, &net->gw, &net->mask };
	int n = split_fields(val, f, len), ac;

	net->client = net->server = net->gw = net->mask = net->dns[0] = net->dns[1] = 0;
	net->hostname[0] = net->dev[0] = '\0';
	net->ip_err = NULL;
	if (n < 0)
		return ip_fail(net, "more than 10 colon-separated fields");
	ac = autoconf_word(f[0], len[0]);
	if (n == 1 && ac >= 0) {			/* ip=dhcp, ip=off */
		net->mode = ac ? NET_DHCP : NET_OFF;
		return 1;
	}
	if (n == 2 && (ac = autoconf_word(f[1], len[1])) >= 0) {	/* ip=eth0:dhcp */
		if (text_field(f[0], len[0], net->dev, sizeof(net->dev)) < 0)
			return ip_fail(net, "interface name longer than 15 bytes");
		net->mode = ac ? NET_DHCP : NET_OFF;
		return 1;
	}
	for (int i = 0; i < 4 && i < n; i++)
		if (addr_field(f[i], len[i], addrs[i]) < 0)
			return ip_fail(net, "CLIENT, SERVER, GW and NETMASK must be dotted quads (a.b.c.d) or empty");
	if (n > 4 && text_field(f[4], len[4], net->hostname, sizeof(net->hostname)) < 0)
		return ip_fail(net, "HOSTNAME longer than 64 bytes");
	if (n > 5 && text_field(f[5], len[5], net->dev, sizeof(net->dev)) < 0)
		return ip_fail(net, "DEVICE name longer than 15 bytes");
	for (int i = 0; i < 2 && 7 + i < n; i++)
		if (addr_field(f[7 + i], len[7 + i], &net->dns[i]) < 0)
			return ip_fail(net, "DNS0 and DNS1 must be dotted quads (a.b.c.d) or empty");
	ac = n > 6 && len[6] ? autoconf_word(f[6], len[6]) : -2;
	if (ac == -1)
		return ip_fail(net, "AUTOCONF must be off, none, on, any, dhcp, bootp or both (rarp is not offered)");
	if (ac == 1 || (ac == -2 && !net->client)) {
		net->mode = NET_DHCP;
		return 1;
	}
	if (!net->client) {		/* ip=::::::off: the kernel's "off" */
		net->mode = NET_OFF;
		return 1;
	}
	if (!net->mask)
		net->mask = ipv4_default_mask(net->client);
	net->mode = NET_STATIC;
	return 1;
}

/* BOOTIF=01-52-54-00-12-34-56 (PXELINUX's IPAPPEND 2: ARP type 1, then
 * the MAC) or a bare MAC with '-' or ':'. Anything else is ignored, as
 * the PXE loader's word is advice. */
static void parse_bootif(struct net_cfg *net, const char *val)
{
	uint8_t mac[6];
	size_t len = strlen(val);

	if (len == 20 && val[0] == '0' && val[1] == '1' && val[2] == '-')
		val += 3;
	else if (len != 17)
		return;
	for (int i = 0; i < 6; i++) {
		int b = hex_byte(val + 3 * i);
		char sep = val[3 * i + 2];

		if (b < 0 || (i < 5 && sep != '-' && sep != ':'))
			return;
		mac[i] = (uint8_t)b;
	}
	memcpy(net->bootif, mac, 6);
	net->has_bootif = 1;
}

int take_net_word(struct net_cfg *net, const char *key, const char *val)
{
	if (!val)
		return 0;
	if (strcmp(key, "ip") == 0) {
		net->ip_arg = val;
		return parse_ip(net, val);
	}
	if (strcmp(key, "BOOTIF") == 0) {
		parse_bootif(net, val);
		return 1;
	}
	if (strcmp(key, "rd.neednet") == 0) {
		if ((val[0] == '0' || val[0] == '1') && !val[1])
			net->neednet = val[0] - '0';
		return 1;
	}
	if (strcmp(key, "nfsroot") == 0) {
		net->nfsroot = val;
		return 1;
	}
	return 0;
}
