/* netcfg.h: the network keys of the command line (the kernel's ip= and
 * nfsroot=, PXE's BOOTIF=, dracut's rd.neednet=) in one struct of their
 * own, filled by take_net_word() from cmdline.c's take_word(). Pure. */
#ifndef BATON_NETCFG_H
#define BATON_NETCFG_H

#include <stdint.h>

#define NET_HOSTNAME_MAX 64
#define NET_IFNAME_MAX	16	/* IFNAMSIZ */

enum net_mode {
	NET_UNSET,	/* no ip= */
	NET_OFF,	/* ip=off|none: no configuration */
	NET_DHCP,	/* ip=dhcp|on|any|bootp|both, ip=::::::dhcp, ip=DEV:dhcp */
	NET_STATIC,	/* ip=CLIENT:...:off, or with no autoconf field */
	NET_INVALID,	/* ip= not understood: ip_err says why */
};

/* Addresses are in network byte order; 0 is "not given". */
struct net_cfg {
	enum net_mode mode;
	uint32_t client, server, gw, mask, dns[2];
	char hostname[NET_HOSTNAME_MAX + 1];
	char dev[NET_IFNAME_MAX];	/* "" = choose as the kernel does */
	const char *ip_arg;	/* ip= as typed (the last), for messages */
	const char *ip_err;	/* why ip= was not understood */
	uint8_t bootif[6];	/* BOOTIF=01-aa-bb-cc-dd-ee-ff (PXELINUX) */
	int has_bootif;
	int neednet;		/* rd.neednet=: -1 unset, 0 flush, 1 keep */
	const char *nfsroot;	/* nfsroot= as typed: [SERVER:]PATH[,OPTS] */
};

/* ip=, BOOTIF=, rd.neednet=, nfsroot=: fills net and returns 1 if key is
 * one of them, else 0. A later ip= replaces an earlier one (the kernel
 * keeps the last). val points into the caller's line, which must outlive
 * net. */
int take_net_word(struct net_cfg *net, const char *key, const char *val);

/* A dotted quad "a.b.c.d" (each 0-255, decimal, nothing else) in network
 * byte order into *out. Returns 0 or -EINVAL. */
int ipv4_parse(const char *s, uint32_t *out);
/* "a.b.c.d" of addr (network byte order) into out (16 bytes). */
char *ipv4_text(uint32_t addr, char out[16]);
/* The kernel's netmask guess for a class-based address (ip= without one). */
uint32_t ipv4_default_mask(uint32_t addr);

#endif
