/* netup.c: the network step. The kernel's own ip= autoconfiguration is
 * not built into Debian's kernels and never runs for an initramfs root
 * anyway, so /init does what it would: choose the interface, configure it
 * from ip= or by DHCP, say what it got, and leave it for the real root
 * (klibc's /run/net-IFACE.conf says what it was given). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "net.h"
#include "sys.h"

#define DHCP_TIMEOUT_S	30

int net_root(const struct bootcfg *cfg)
{
	return cfg->root.kind == ROOT_NFS || cfg->root.kind == ROOT_LIVE;
}

/* Whether to bring the network up at all; says why not where it matters. */
static int wanted(const struct bootcfg *cfg)
{
	const struct net_cfg *net = &cfg->net;

	switch (net->mode) {
	case NET_INVALID:
		logmsg(LOG_ERR, "ip=%s not understood: %s", net->ip_arg, net->ip_err);
		return -EINVAL;
	case NET_OFF:
		if (net_root(cfg))
			logmsg(LOG_WARNING, "ip=%s, but root=%s is on the network: assuming the interface is configured",
			       net->ip_arg, cfg->root_arg);
		return 0;
	case NET_UNSET:
		if (!net_root(cfg) && net->neednet != 1)
			return 0;
		logmsg(LOG_INFO, "no ip= on the command line: configuring the network by DHCP (%s)",
		       net_root(cfg) ? "the root is on the network" : "rd.neednet=1");
		return 1;
	default:
		return 1;
	}
}

static void say_no_interface(const struct net_cfg *net, int err, int secs)
{
	char mac[24];

	if (net->dev[0])
		logmsg(LOG_ERR, "network interface %s not found after %d s", net->dev, secs);
	else if (net->has_bootif) {
		fmt(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", net->bootif[0],
		    net->bootif[1], net->bootif[2], net->bootif[3], net->bootif[4], net->bootif[5]);
		logmsg(LOG_ERR, "no network interface with BOOTIF's address %s after %d s", mac, secs);
	} else
		logerr(LOG_ERR, err, "no Ethernet interface after %d s", secs);
	logmsg(LOG_ERR, "is the network card's driver in the image? (baton-mkinitramfs -p net)");
}

static void from_cfg(const struct net_cfg *net, struct net_state *st)
{
	st->proto = "none";
	st->addr = net->client;
	st->mask = net->mask;
	st->gw = net->gw;
	st->dns[0] = net->dns[0];
	st->dns[1] = net->dns[1];
	st->server = net->server;
	strcpy(st->hostname, net->hostname);
}

/* ip= fields win over DHCP's, as in the kernel's ipconfig. */
static void from_lease(const struct net_cfg *net, struct net_state *st)
{
	const struct dhcp_lease *l = &st->lease;

	st->proto = "dhcp";
	st->addr = l->addr;
	st->mask = l->mask ? l->mask : ipv4_default_mask(l->addr);
	st->gw = net->gw ? net->gw : l->router;
	st->dns[0] = net->dns[0] ? net->dns[0] : l->dns[0];
	st->dns[1] = net->dns[1] ? net->dns[1] : l->dns[1];
	st->server = net->server ? net->server : l->next_server ? l->next_server : l->server_id;
	strcpy(st->hostname, net->hostname[0] ? net->hostname : l->hostname);
}

static void say_configured(const struct net_state *st)
{
	char a[16], m[16], g[16], d0[16], d1[16], s[16];

	logmsg(LOG_INFO, "network: %s %02x:%02x:%02x:%02x:%02x:%02x address %s netmask %s gateway %s DNS %s %s (%s)",
	       st->ifname, st->mac[0], st->mac[1], st->mac[2], st->mac[3], st->mac[4], st->mac[5],
	       ipv4_text(st->addr, a), ipv4_text(st->mask, m), ipv4_text(st->gw, g),
	       ipv4_text(st->dns[0], d0), ipv4_text(st->dns[1], d1),
	       st->lease.type ? "DHCP" : "ip= static");
	if (st->lease.type)
		logmsg(LOG_INFO, "network: DHCP server %s, next server %s, lease %u s, hostname '%s', root path '%s'",
		       ipv4_text(st->lease.server_id, s), ipv4_text(st->lease.next_server, a),
		       st->lease.lease_secs, st->lease.hostname, st->lease.root_path);
}

static long uptime(void)
{
	char buf[64];

	return read_text("/proc/uptime", buf, sizeof(buf)) < 0 ? 0 : strtol(buf, NULL, 10);
}

static void write_conf(const struct net_state *st)
{
	char text[2048], path[64];
	int len = netconf_format(st, uptime(), text, sizeof(text)), fd;

	fmt(path, sizeof(path), "/run/net-%s.conf", st->ifname);
	fd = len < 0 ? -1 : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, (size_t)len) != len)
		logerr(LOG_WARNING, len < 0 ? len : -errno, "cannot write %s", path);
	if (fd >= 0)
		close(fd);
}

static int configure(const struct bootcfg *cfg, struct net_state *st)
{
	const struct net_cfg *net = &cfg->net;
	char a[16];
	int rc;

	if (net->mode == NET_STATIC) {
		from_cfg(net, st);
	} else {
		rc = dhcp_run(st->ifname, st->mac, net->hostname, DHCP_TIMEOUT_S * 1000, &st->lease);
		if (rc < 0) {
			if (rc == -ETIMEDOUT)
				logmsg(LOG_ERR, "DHCP on %s: no answer in %d s (is a DHCP server on that network?)",
				       st->ifname, DHCP_TIMEOUT_S);
			else
				logerr(LOG_ERR, rc, "DHCP on %s failed", st->ifname);
			return rc;
		}
		from_lease(net, st);
	}
	rc = netif_configure(st->ifname, st->addr, st->mask, st->gw);
	if (rc < 0) {
		logerr(LOG_ERR, rc, "cannot give %s the address %s", st->ifname, ipv4_text(st->addr, a));
		return rc;
	}
	if (st->hostname[0] && sethostname(st->hostname, strlen(st->hostname)) < 0)
		logerr(LOG_WARNING, -errno, "cannot set the hostname %s", st->hostname);
	st->up = 1;
	say_configured(st);
	write_conf(st);
	return 0;
}

static int bring_up(const struct bootcfg *cfg, struct net_state *st)
{
	int secs = root_wait_seconds(cfg), rc = wanted(cfg);

	if (rc <= 0)
		return rc;
	rc = netif_wait(&cfg->net, secs < 0 ? 24 * 3600 * 1000 : secs * 1000, st->ifname);
	if (rc == -ENOLINK)
		logmsg(LOG_WARNING, "no carrier on any network interface after %d s; trying %s anyway",
		       secs, st->ifname);
	else if (rc < 0) {
		say_no_interface(&cfg->net, rc, secs);
		return rc;
	}
	rc = netif_mac(st->ifname, st->mac);
	if (rc < 0) {
		logerr(LOG_ERR, rc, "cannot read the address of %s", st->ifname);
		return rc;
	}
	return configure(cfg, st);
}

int net_up(const struct bootcfg *cfg, struct net_state *st)
{
	int rc;

	memset(st, 0, sizeof(*st));
	rc = bring_up(cfg, st);
	if (rc < 0 && !net_root(cfg) && cfg->net.neednet != 1) {
		logmsg(LOG_WARNING, "booting on without the network: the root does not need it (rd.neednet=1 makes this fatal)");
		return 0;
	}
	return rc;
}

void net_release(const struct bootcfg *cfg, struct net_state *st)
{
	int rc;

	if (!st->up || cfg->net.neednet != 0 || net_root(cfg))
		return;
	rc = netif_flush(st->ifname);
	if (rc < 0)
		logerr(LOG_WARNING, rc, "rd.neednet=0: cannot take %s down", st->ifname);
	else
		logmsg(LOG_INFO, "rd.neednet=0: %s flushed and down before the switch", st->ifname);
	st->up = 0;
}
