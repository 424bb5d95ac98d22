/* net.h: the network /init brings up for ip= or a root that lives on the
 * network (init/netup.c, init/netif.c, init/dhcp.c). */
#ifndef BATON_NET_H
#define BATON_NET_H

#include <stddef.h>
#include <stdint.h>

#include "bootcfg.h"
#include "dhcp.h"
#include "netcfg.h"

/* What the network step did: the interface and what it was given.
 * Addresses in network byte order. */
struct net_state {
	int up;				/* an interface was configured */
	char ifname[NET_IFNAME_MAX];
	uint8_t mac[6];
	const char *proto;		/* "dhcp" or "none" (static), as ipconfig */
	uint32_t addr, mask, gw, dns[2];
	uint32_t server;		/* ip='s SERVER, else DHCP's next-server,
					 * else the DHCP server */
	char hostname[NET_HOSTNAME_MAX + 1];
	struct dhcp_lease lease;	/* DHCP's answer; zero for static */
};

/* Brings the network up when cfg's ip= asks for it or the root is on the
 * network (then ip= absent means DHCP): waits (bounded) for the interface
 * the kernel would choose (ip='s DEVICE, BOOTIF='s MAC, else the first
 * with carrier) with its driver loaded by modalias, configures it
 * statically or by DHCP, logs the addresses and writes
 * /run/net-IFACE.conf as klibc's ipconfig does. Returns 0 (also when
 * nothing was asked, and after a warning when the network failed but
 * neither the root nor rd.neednet=1 needs it), or -errno after saying why. */
int net_up(const struct bootcfg *cfg, struct net_state *st);
/* 1 if the root is on the network (root=/dev/nfs, nfs:, live:). */
int net_root(const struct bootcfg *cfg);

/* Before the switch: rd.neednet=0 takes the address and the interface
 * down again unless the root needs them. */
void net_release(const struct bootcfg *cfg, struct net_state *st);

/* netif.c: one interface, by ioctl on an AF_INET socket and sysfs. */
int netif_wait(const struct net_cfg *net, int timeout_ms, char *ifname);
int netif_mac(const char *ifname, uint8_t mac[6]);
int netif_index(const char *ifname);
int netif_set_up(const char *ifname, int up);
int netif_configure(const char *ifname, uint32_t addr, uint32_t mask, uint32_t gw);
int netif_flush(const char *ifname);

/* dhcp.c: DISCOVER, OFFER, REQUEST, ACK on ifname's packet socket, with
 * retransmission, until timeout_ms has passed. 0 and *lease (the ACK), or
 * -ETIMEDOUT, -ECONNREFUSED (NAK after NAK), -errno. */
int dhcp_run(const char *ifname, const uint8_t mac[6], const char *hostname, int timeout_ms,
	     struct dhcp_lease *lease);

/* netconf.c: /run/net-IFACE.conf in klibc ipconfig's KEY='value' lines.
 * Pure: netconf_format writes at most n bytes, returns the length or
 * -E2BIG. */
int netconf_format(const struct net_state *st, long uptime_s, char *out, size_t n);

#endif
