/* netconf.c: what the network step learned, in the file klibc's ipconfig
 * writes (/run/net-IFACE.conf: KEY='value' lines, the same keys in the
 * same order), so initramfs-tools hooks and the real root's scripts that
 * source it work unchanged. Pure. */
#include <errno.h>
#include <string.h>

#include "net.h"

struct out {
	char *p;
	size_t left;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->left) {
		o->full = 1;
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
	o->left -= n;
	*o->p = '\0';
}

/* KEY='value' with a ' inside written as '\'' (shell quoting). */
static void option(struct out *o, const char *key, const char *val)
{
	put(o, key, strlen(key));
	put(o, "='", 2);
	for (; *val; val++)
		if (*val == '\'')
			put(o, "'\\''", 4);
		else
			put(o, val, 1);
	put(o, "'\n", 2);
}

/* Decimal text of v (fmt is the logger's: pure files do without it). */
static const char *decimal(unsigned long v, char buf[24])
{
	char *p = buf + 23;

	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return p;
}

static void addr_option(struct out *o, const char *key, uint32_t a)
{
	char text[16];

	option(o, key, ipv4_text(a, text));
}

int netconf_format(const struct net_state *st, long uptime_s, char *out, size_t n)
{
	struct out o = { out, n, 0 };
	char num[24];

	if (n == 0)
		return -E2BIG;
	out[0] = '\0';
	option(&o, "DEVICE", st->ifname);
	option(&o, "PROTO", st->proto);
	addr_option(&o, "IPV4ADDR", st->addr);
	addr_option(&o, "IPV4BROADCAST", (st->addr & st->mask) | ~st->mask);
	addr_option(&o, "IPV4NETMASK", st->mask);
	addr_option(&o, "IPV4GATEWAY", st->gw);
	addr_option(&o, "IPV4DNS0", st->dns[0]);
	addr_option(&o, "IPV4DNS1", st->dns[1]);
	option(&o, "HOSTNAME", st->hostname);
	option(&o, "DNSDOMAIN", st->lease.domain);
	addr_option(&o, "ROOTSERVER", st->server);
	option(&o, "ROOTPATH", st->lease.root_path);
	option(&o, "filename", st->lease.bootfile);
	option(&o, "UPTIME", decimal(uptime_s > 0 ? (unsigned long)uptime_s : 0, num));
	option(&o, "DHCPLEASETIME", decimal(st->lease.lease_secs, num));
	return o.full ? -E2BIG : (int)(o.p - out);
}
