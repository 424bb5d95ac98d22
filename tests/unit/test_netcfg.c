/* test_netcfg.c: the network keys of the command line (init/netcfg.c):
 * ip= in the kernel's forms and dracut's DEVICE:dhcp, BOOTIF=,
 * rd.neednet=, nfsroot=, each through bootcfg_parse, and dotted quads. */
#include <stdio.h>
#include <string.h>

#include "bootcfg.h"
#include "check.h"
#include "netcfg.h"

static struct bootcfg cfg;

static const char *mode_name(enum net_mode m)
{
	static const char *const names[] = { "UNSET", "OFF", "DHCP", "STATIC", "INVALID" };

	return (unsigned)m < 5 ? names[m] : "BAD";
}

/* The net fields that differ from the defaults. */
static const char *dump(const struct net_cfg *n)
{
	static char s[512];
	char a[6][16];
	int k;

	k = snprintf(s, sizeof(s), "%s", mode_name(n->mode));
	if (n->mode == NET_STATIC || n->client || n->gw || n->server || n->dns[0])
		k += snprintf(s + k, sizeof(s) - (size_t)k, " %s|%s|%s|%s|%s|%s",
			      ipv4_text(n->client, a[0]), ipv4_text(n->server, a[1]),
			      ipv4_text(n->gw, a[2]), ipv4_text(n->mask, a[3]),
			      ipv4_text(n->dns[0], a[4]), ipv4_text(n->dns[1], a[5]));
	if (n->hostname[0])
		k += snprintf(s + k, sizeof(s) - (size_t)k, " host=%s", n->hostname);
	if (n->dev[0])
		k += snprintf(s + k, sizeof(s) - (size_t)k, " dev=%s", n->dev);
	if (n->ip_err)
		k += snprintf(s + k, sizeof(s) - (size_t)k, " err");
	if (n->has_bootif)
		k += snprintf(s + k, sizeof(s) - (size_t)k, " bootif=%02x%02x%02x%02x%02x%02x",
			      n->bootif[0], n->bootif[1], n->bootif[2], n->bootif[3], n->bootif[4],
			      n->bootif[5]);
	if (n->neednet != -1)
		k += snprintf(s + k, sizeof(s) - (size_t)k, " neednet=%d", n->neednet);
	if (n->nfsroot)
		snprintf(s + k, sizeof(s) - (size_t)k, " nfsroot=%s", n->nfsroot);
	return s;
}

static const struct {
	const char *name, *line, *want;
} cases[] = {
	{ "none", "root=/dev/vda1", "UNSET" },
	{ "dhcp", "ip=dhcp", "DHCP" },
	{ "on", "ip=on", "DHCP" },
	{ "any", "ip=any", "DHCP" },
	{ "bootp", "ip=bootp", "DHCP" },
	{ "both", "ip=both", "DHCP" },
	{ "off", "ip=off", "OFF" },
	{ "none-word", "ip=none", "OFF" },
	{ "colons-dhcp", "ip=::::::dhcp", "DHCP" },
	{ "colons-off", "ip=::::::off", "OFF" },
	{ "dracut-dev-dhcp", "ip=eth1:dhcp", "DHCP dev=eth1" },
	{ "dev-field-dhcp", "ip=:::::ens3:dhcp", "DHCP dev=ens3" },
	{ "static-full", "ip=10.0.2.15:10.0.2.2:10.0.2.2:255.255.255.0:vm1:eth0:off:10.0.2.3:1.1.1.1",
	  "STATIC 10.0.2.15|10.0.2.2|10.0.2.2|255.255.255.0|10.0.2.3|1.1.1.1 host=vm1 dev=eth0" },
	{ "static-none", "ip=192.168.7.9::192.168.7.1:255.255.255.0::eth0:none",
	  "STATIC 192.168.7.9|0.0.0.0|192.168.7.1|255.255.255.0|0.0.0.0|0.0.0.0 dev=eth0" },
	{ "static-no-autoconf", "ip=10.1.2.3", "STATIC 10.1.2.3|0.0.0.0|0.0.0.0|255.0.0.0|0.0.0.0|0.0.0.0" },
	{ "static-class-b", "ip=172.16.0.9:::::", "STATIC 172.16.0.9|0.0.0.0|0.0.0.0|255.255.0.0|0.0.0.0|0.0.0.0" },
	{ "static-class-c", "ip=192.168.1.5:::::eth1",
	  "STATIC 192.168.1.5|0.0.0.0|0.0.0.0|255.255.255.0|0.0.0.0|0.0.0.0 dev=eth1" },
	{ "dhcp-with-gw", "ip=::10.0.0.1::::dhcp", "DHCP 0.0.0.0|0.0.0.0|10.0.0.1|0.0.0.0|0.0.0.0|0.0.0.0" },
	{ "ten-fields", "ip=10.0.0.2::::::off:::1.2.3.4", "STATIC 10.0.0.2|0.0.0.0|0.0.0.0|255.0.0.0|0.0.0.0|0.0.0.0" },
	{ "eleven-fields", "ip=::::::::::", "INVALID err" },
	{ "bad-quad", "ip=10.0.2:::::", "INVALID err" },
	{ "quad-256", "ip=10.0.2.256", "INVALID err" },
	{ "quad-junk", "ip=10.0.2.1x", "INVALID err" },
	{ "rarp", "ip=10.0.0.1::::::rarp", "INVALID 10.0.0.1|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0 err" },
	{ "unknown-word", "ip=dhcp6", "INVALID err" },
	{ "long-dev", "ip=:::::abcdefghijklmnop:dhcp", "INVALID err" },
	{ "bad-dns", "ip=10.0.0.2::::::off:x", "INVALID 10.0.0.2|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0 err" },
	{ "last-wins", "ip=10.0.2.15 ip=dhcp", "DHCP" },
	{ "last-wins-clears", "ip=10.0.2.15:::::eth0 ip=off", "OFF" },
	{ "bare-ip-ignored", "ip", "UNSET" },
	{ "bootif-pxelinux", "BOOTIF=01-52-54-00-12-34-56", "UNSET bootif=525400123456" },
	{ "bootif-colons", "BOOTIF=52:54:00:AB:cd:ef", "UNSET bootif=525400abcdef" },
	{ "bootif-short", "BOOTIF=01-52-54-00-12", "UNSET" },
	{ "bootif-bare-dashes", "BOOTIF=01-52-54-00-12-34", "UNSET bootif=015254001234" },
	{ "bootif-bad-hex", "BOOTIF=01-52-54-00-12-34-5g", "UNSET" },
	{ "neednet-0", "rd.neednet=0", "UNSET neednet=0" },
	{ "neednet-1", "rd.neednet=1 ip=dhcp", "DHCP neednet=1" },
	{ "neednet-bad", "rd.neednet=yes", "UNSET" },
	{ "nfsroot", "nfsroot=10.0.2.2:/srv/root,vers=3", "UNSET nfsroot=10.0.2.2:/srv/root,vers=3" },
};

static void run_cases(void)
{
	char name[96];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&cfg, 0xAA, sizeof(cfg));
		bootcfg_parse(&cfg, cases[i].line);
		snprintf(name, sizeof(name), "netcfg/%s", cases[i].name);
		CHECK_STR(name, dump(&cfg.net), cases[i].want);
	}
}

static void test_neednet_not_module(void)
{
	bootcfg_parse(&cfg, "rd.neednet=1 ip=dhcp");
	CHECK_INT("netcfg/rd-neednet-no-modparam", cfg.nmodparams, 0);
	CHECK("netcfg/ip-arg", cfg.net.ip_arg && strcmp(cfg.net.ip_arg, "dhcp") == 0, "ip_arg %s",
	      cfg.net.ip_arg ? cfg.net.ip_arg : "(null)");
}

static void test_quads(void)
{
	static const struct { const char *s; int ok; const char *back; } q[] = {
		{ "0.0.0.0", 1, "0.0.0.0" }, { "255.255.255.255", 1, "255.255.255.255" },
		{ "010.1.2.3", 1, "10.1.2.3" }, { "1.2.3", 0, NULL }, { "1.2.3.4.5", 0, NULL },
		{ " 1.2.3.4", 0, NULL }, { "1.2.3.4 ", 0, NULL }, { "1..2.3", 0, NULL },
		{ "1234.1.1.1", 0, NULL }, { "", 0, NULL },
	};
	char name[64], t[16];
	uint32_t a;

	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		int rc = ipv4_parse(q[i].s, &a);

		snprintf(name, sizeof(name), "ipv4/%zu", i);
		if (q[i].ok)
			CHECK_STR(name, rc == 0 ? ipv4_text(a, t) : "(fail)", q[i].back);
		else
			CHECK(name, rc < 0, "\"%s\" accepted", q[i].s);
	}
}

int main(void)
{
	run_cases();
	test_neednet_not_module();
	test_quads();
	return CHECK_EXIT();
}
