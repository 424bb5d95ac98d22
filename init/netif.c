/* netif.c: choosing, raising and addressing a network interface, with the
 * ioctls every libc has (no rtnetlink), and sysfs for what the kernel
 * shows there (type, MAC, carrier). */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dirread.h"
#include "log.h"
#include "net.h"
#include "sys.h"

#define SYS_NET		"/sys/class/net"
#define POLL_MS		100
#define MAX_IFS		16

static int inet_sock(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	return fd < 0 ? -errno : fd;
}

/* One SIOC* on ifname with ifr filled by the caller. */
static int if_ioctl(unsigned long req, const char *ifname, struct ifreq *ifr)
{
	int fd = inet_sock(), rc = 0;

	if (fd < 0)
		return fd;
	strncpy(ifr->ifr_name, ifname, IFNAMSIZ - 1);
	ifr->ifr_name[IFNAMSIZ - 1] = '\0';
	if (ioctl(fd, req, ifr) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int netif_index(const char *ifname)
{
	struct ifreq ifr;
	int rc;

	memset(&ifr, 0, sizeof(ifr));
	rc = if_ioctl(SIOCGIFINDEX, ifname, &ifr);
	return rc < 0 ? rc : ifr.ifr_ifindex;
}

int netif_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr;
	int rc;

	memset(&ifr, 0, sizeof(ifr));
	rc = if_ioctl(SIOCGIFHWADDR, ifname, &ifr);
	if (rc == 0)
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return rc;
}

int netif_set_up(const char *ifname, int up)
{
	struct ifreq ifr;
	int rc;

	memset(&ifr, 0, sizeof(ifr));
	rc = if_ioctl(SIOCGIFFLAGS, ifname, &ifr);
	if (rc < 0)
		return rc;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return if_ioctl(SIOCSIFFLAGS, ifname, &ifr);
}

static int set_addr(unsigned long req, const char *ifname, uint32_t addr)
{
	struct ifreq ifr;
	struct sockaddr_in sin = { .sin_family = AF_INET };

	memset(&ifr, 0, sizeof(ifr));
	sin.sin_addr.s_addr = addr;
	memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
	return if_ioctl(req, ifname, &ifr);
}

static int add_default_route(const char *ifname, uint32_t gw)
{
	struct rtentry rt;
	struct sockaddr_in any = { .sin_family = AF_INET }, via = { .sin_family = AF_INET };
	char dev[IFNAMSIZ];
	int fd = inet_sock(), rc = 0;

	if (fd < 0)
		return fd;
	memset(&rt, 0, sizeof(rt));
	via.sin_addr.s_addr = gw;
	memcpy(&rt.rt_dst, &any, sizeof(any));
	memcpy(&rt.rt_genmask, &any, sizeof(any));
	memcpy(&rt.rt_gateway, &via, sizeof(via));
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	strncpy(dev, ifname, sizeof(dev) - 1);
	dev[sizeof(dev) - 1] = '\0';
	rt.rt_dev = dev;
	if (ioctl(fd, SIOCADDRT, &rt) < 0 && errno != EEXIST)
		rc = -errno;
	close(fd);
	return rc;
}

int netif_configure(const char *ifname, uint32_t addr, uint32_t mask, uint32_t gw)
{
	int rc = set_addr(SIOCSIFADDR, ifname, addr);

	if (rc == 0)
		rc = set_addr(SIOCSIFNETMASK, ifname, mask);
	if (rc == 0)
		rc = set_addr(SIOCSIFBRDADDR, ifname, (addr & mask) | ~mask);
	if (rc == 0)
		rc = netif_set_up(ifname, 1);
	if (rc == 0 && gw)
		rc = add_default_route(ifname, gw);
	return rc;
}

int netif_flush(const char *ifname)
{
	/* Address 0.0.0.0 deletes the interface's IPv4 address; down
	 * takes its routes with it. */
	int rc = set_addr(SIOCSIFADDR, ifname, 0);

	return netif_set_up(ifname, 0) < 0 ? -errno : rc;
}

/* -- choosing ------------------------------------------------------------------ */

static int sys_attr(const char *ifname, const char *attr, char *buf, size_t n)
{
	char path[96];

	fmt(path, sizeof(path), SYS_NET "/%s/%s", ifname, attr);
	return read_text(path, buf, n) < 0 ? -1 : 0;
}

/* An Ethernet interface (ARPHRD_ETHER), as DHCP needs. */
static int is_ether(const char *ifname)
{
	char type[16];

	return strcmp(ifname, "lo") != 0 && sys_attr(ifname, "type", type, sizeof(type)) == 0 &&
	       strcmp(type, "1") == 0;
}

static int has_carrier(const char *ifname)
{
	char c[8];

	return sys_attr(ifname, "carrier", c, sizeof(c)) == 0 && c[0] == '1';
}

/* The candidates now present: the named one, the BOOTIF one, or every
 * Ethernet interface, in sysfs order. */
static int candidates(const struct net_cfg *net, char names[][NET_IFNAME_MAX], int max)
{
	struct dirread d;
	const struct kdirent *e;
	int n = 0;

	if (dir_open(&d, AT_FDCWD, SYS_NET) < 0)
		return 0;
	while ((e = dir_next(&d)) && n < max) {
		uint8_t mac[6];

		if (e->name[0] == '.' || strlen(e->name) >= NET_IFNAME_MAX)
			continue;
		if (net->dev[0] ? strcmp(e->name, net->dev) != 0 : !is_ether(e->name))
			continue;
		if (!net->dev[0] && net->has_bootif &&
		    (netif_mac(e->name, mac) < 0 || memcmp(mac, net->bootif, 6) != 0))
			continue;
		strcpy(names[n++], e->name);
	}
	dir_close(&d);
	return n;
}

static void nap(void)
{
	struct timespec ts = { 0, POLL_MS * 1000000L };

	nanosleep(&ts, NULL);
}

int netif_wait(const struct net_cfg *net, int timeout_ms, char *ifname)
{
	char names[MAX_IFS][NET_IFNAME_MAX];
	long long deadline = now_ms() + timeout_ms;
	int n;

	ifname[0] = '\0';
	for (;;) {
		n = candidates(net, names, MAX_IFS);
		for (int i = 0; i < n; i++) {
			/* Carrier shows only once the interface is up. */
			netif_set_up(names[i], 1);
			if (has_carrier(names[i])) {
				strcpy(ifname, names[i]);
				return 0;
			}
		}
		if (now_ms() >= deadline)
			break;
		nap();
	}
	if (n == 0)
		return -ENODEV;
	strcpy(ifname, names[0]);
	return -ENOLINK;
}
