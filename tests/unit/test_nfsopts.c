/* test_nfsopts.c: the NFS root's source and mount options
 * (init/nfsopts.c) from the kernel's nfsroot=, dracut's root=nfs: and
 * DHCP's root path (option 17), and the same through the command line
 * parser (root=/dev/nfs, root=nfs:) as nfsroot.c calls it. */
#include <errno.h>
#include <string.h>

#include "bootcfg.h"
#include "check.h"
#include "netcfg.h"
#include "nfsroot.h"

#define SRV	"10.0.2.2"
#define CLIENT	"10.0.2.15"

struct ncase {
	const char *name;
	const char *spec, *nfsroot, *dhcp;	/* root=nfs: value, nfsroot=, option 17 */
	const char *dflt;			/* ip='s SERVER or DHCP's next server */
	int rc, version;
	const char *source, *data;		/* or: a word the error must contain */
};

static const struct ncase ncases[] = {
	/* the kernel's nfsroot=[SERVER:]PATH[,OPTIONS] */
	{ "nfsroot-server-path", NULL, SRV ":/srv/root", NULL, NULL, 0, 3,
	  SRV ":/srv/root", "addr=" SRV ",vers=3,nolock" },
	{ "nfsroot-path-default-server", NULL, "/srv/root", NULL, SRV, 0, 3,
	  SRV ":/srv/root", "addr=" SRV ",vers=3,nolock" },
	{ "nfsroot-server-beats-default", NULL, "192.168.1.5:/r", NULL, SRV, 0, 3,
	  "192.168.1.5:/r", "addr=192.168.1.5,vers=3,nolock" },
	{ "nfsroot-options-first", NULL, SRV ":/srv/root,port=20490,mountport=20048,proto=tcp",
	  NULL, NULL, 0, 3, SRV ":/srv/root",
	  "port=20490,mountport=20048,proto=tcp,addr=" SRV ",vers=3,nolock" },
	{ "nfsroot-client-address", NULL, "/srv/%s", NULL, SRV, 0, 3,
	  SRV ":/srv/" CLIENT, "addr=" SRV ",vers=3,nolock" },
	{ "nfsroot-client-address-middle", NULL, "/m/%s/root", NULL, SRV, 0, 3,
	  SRV ":/m/" CLIENT "/root", "addr=" SRV ",vers=3,nolock" },
	{ "nfsroot-percent-alone", NULL, "/srv/100%", NULL, SRV, 0, 3,
	  SRV ":/srv/100%", "addr=" SRV ",vers=3,nolock" },
	{ "nfsroot-path-with-colon", NULL, "/srv/a:b", NULL, SRV, 0, 3,
	  SRV ":/srv/a:b", "addr=" SRV ",vers=3,nolock" },
	/* versions: vers=3 default, nolock only for 2 and 3 */
	{ "vers4", NULL, "/r,vers=4", NULL, SRV, 0, 4, SRV ":/r", "vers=4,addr=" SRV },
	{ "vers4.2", NULL, "/r,vers=4.2", NULL, SRV, 0, 4, SRV ":/r", "vers=4.2,addr=" SRV },
	{ "nfsvers2", NULL, "/r,nfsvers=2", NULL, SRV, 0, 2, SRV ":/r",
	  "nfsvers=2,addr=" SRV ",nolock" },
	{ "vers3-explicit", NULL, "/r,vers=3", NULL, SRV, 0, 3, SRV ":/r",
	  "vers=3,addr=" SRV ",nolock" },
	{ "lock-kept", NULL, "/r,lock", NULL, SRV, 0, 3, SRV ":/r", "lock,addr=" SRV ",vers=3" },
	{ "nolock-once", NULL, "/r,nolock", NULL, SRV, 0, 3, SRV ":/r",
	  "nolock,addr=" SRV ",vers=3" },
	{ "addr-given", NULL, "/r,addr=10.9.9.9", NULL, SRV, 0, 3, SRV ":/r",
	  "addr=10.9.9.9,vers=3,nolock" },
	{ "vers-unknown", NULL, "/r,vers=5", NULL, SRV, -EINVAL, 0, NULL, "vers=" },
	{ "vers-one", NULL, "/r,vers=1", NULL, SRV, -EINVAL, 0, NULL, "vers=" },
	/* dracut's root=nfs:[SERVER:]PATH[:OPTIONS] */
	{ "dracut-server-path", SRV ":/root", NULL, NULL, NULL, 0, 3, SRV ":/root",
	  "addr=" SRV ",vers=3,nolock" },
	{ "dracut-options", SRV ":/root:vers=4.2,port=20490", NULL, NULL, NULL, 0, 4,
	  SRV ":/root", "vers=4.2,port=20490,addr=" SRV },
	{ "dracut-path-default-server", "/root:ro", NULL, NULL, SRV, 0, 3, SRV ":/root",
	  "ro,addr=" SRV ",vers=3,nolock" },
	{ "dracut-beats-nfsroot", SRV ":/a", "/b", "/c", SRV, 0, 3, SRV ":/a",
	  "addr=" SRV ",vers=3,nolock" },
	/* DHCP's root path, used only when nfsroot= is absent */
	{ "dhcp-root-path", NULL, NULL, "192.168.1.5:/tftpboot/%s,vers=4", SRV, 0, 4,
	  "192.168.1.5:/tftpboot/" CLIENT, "vers=4,addr=192.168.1.5" },
	{ "dhcp-path-next-server", NULL, NULL, "/export/root", SRV, 0, 3, SRV ":/export/root",
	  "addr=" SRV ",vers=3,nolock" },
	{ "nfsroot-beats-dhcp", NULL, "/mine", "/dhcp", SRV, 0, 3, SRV ":/mine",
	  "addr=" SRV ",vers=3,nolock" },
	{ "dhcp-empty", NULL, NULL, "", SRV, -EINVAL, 0, NULL, "option 17" },
	/* what is refused, and says why */
	{ "nothing", NULL, NULL, NULL, SRV, -EINVAL, 0, NULL, "nfsroot=" },
	{ "no-server", NULL, "/srv/root", NULL, NULL, -EINVAL, 0, NULL, "no NFS server" },
	{ "hostname-server", NULL, "nfs.example.org:/r", NULL, SRV, -EINVAL, 0, NULL, "IPv4" },
	{ "bad-quad", NULL, "10.0.2.256:/r", NULL, SRV, -EINVAL, 0, NULL, "IPv4" },
	{ "relative-path", NULL, SRV ":srv/root", NULL, NULL, -EINVAL, 0, NULL, "absolute" },
	{ "empty-path", NULL, SRV ":", NULL, NULL, -EINVAL, 0, NULL, "absolute" },
	{ "dracut-no-path", SRV, NULL, NULL, SRV, -EINVAL, 0, NULL, "absolute" },
};

static uint32_t quad(const char *s)
{
	uint32_t a = 0;

	if (s)
		ipv4_parse(s, &a);
	return a;
}

static void run_ncases(void)
{
	struct nfs_mount m;
	char name[96], addr[16];

	for (size_t i = 0; i < sizeof(ncases) / sizeof(ncases[0]); i++) {
		const struct ncase *c = &ncases[i];
		const char *why = NULL;
		int rc = nfs_mount_build(c->spec, c->nfsroot, c->dhcp, quad(c->dflt), quad(CLIENT),
					 &m, &why);

		snprintf(name, sizeof(name), "nfsopts/%s/rc", c->name);
		CHECK(name, rc == c->rc, "got %d (%s), want %d", rc, why ? why : "", c->rc);
		if (c->rc < 0) {
			snprintf(name, sizeof(name), "nfsopts/%s/why", c->name);
			CHECK(name, why && strstr(why, c->data), "got \"%s\", want it to say \"%s\"",
			      why ? why : "(null)", c->data);
			continue;
		}
		snprintf(name, sizeof(name), "nfsopts/%s/source", c->name);
		CHECK_STR(name, m.source, c->source);
		snprintf(name, sizeof(name), "nfsopts/%s/data", c->name);
		CHECK_STR(name, m.data, c->data);
		snprintf(name, sizeof(name), "nfsopts/%s/version", c->name);
		CHECK_INT(name, m.version, c->version);
		snprintf(name, sizeof(name), "nfsopts/%s/server", c->name);
		ipv4_text(m.server, addr);
		CHECK(name, strncmp(m.source, addr, strlen(addr)) == 0 && m.source[strlen(addr)] == ':',
		      "server %s, source %s", addr, m.source);
	}
}

/* The option buffer is bounded: options that cannot fit are refused, not
 * cut. */
static void test_too_long(void)
{
	static char nfsroot[2048];
	struct nfs_mount m;
	const char *why;
	int rc;

	strcpy(nfsroot, "/r,");
	memset(nfsroot + 3, 'x', sizeof(nfsroot) - 4);
	rc = nfs_mount_build(NULL, nfsroot, NULL, quad(SRV), quad(CLIENT), &m, &why);
	CHECK("nfsopts/options-too-long", rc == -EINVAL && strstr(why, "too long"),
	      "got %d", rc);
	memset(nfsroot, 'p', sizeof(nfsroot) - 1);
	nfsroot[0] = '/';
	rc = nfs_mount_build(NULL, nfsroot, NULL, quad(SRV), quad(CLIENT), &m, &why);
	CHECK("nfsopts/path-too-long", rc == -EINVAL && strstr(why, "too long"), "got %d", rc);
	/* "%s" grows the path: a path that fits only before the expansion */
	memset(nfsroot, 0, sizeof(nfsroot));
	nfsroot[0] = '/';
	for (size_t i = 1; i + 2 < 490; i += 2)
		memcpy(nfsroot + i, "%s", 2);
	rc = nfs_mount_build(NULL, nfsroot, NULL, quad(SRV), quad(CLIENT), &m, &why);
	CHECK("nfsopts/expanded-path-too-long", rc == -EINVAL && strstr(why, "too long"),
	      "got %d", rc);
}

/* From the command line as /init parses it to what nfsroot.c mounts. */
struct lcase {
	const char *name, *line, *dhcp, *source, *data;
	int ok;
};

static const struct lcase lcases[] = {
	{ "kernel-v3-rw", "root=/dev/nfs nfsroot=" SRV ":/srv/root,vers=3,port=20490 ip=dhcp rw",
	  NULL, SRV ":/srv/root", "vers=3,port=20490,addr=" SRV ",nolock", 1 },
	{ "kernel-ip-server", "root=/dev/nfs nfsroot=/srv/root ip=" CLIENT ":" SRV
	  "::255.255.255.0::eth0:off", NULL, SRV ":/srv/root", "addr=" SRV ",vers=3,nolock", 1 },
	{ "kernel-dhcp-path", "root=/dev/nfs ip=dhcp", SRV ":/from/dhcp", SRV ":/from/dhcp",
	  "addr=" SRV ",vers=3,nolock", 1 },
	{ "kernel-no-path", "root=/dev/nfs ip=dhcp", NULL, NULL, NULL, 0 },
	{ "dracut-v4", "root=nfs:" SRV ":/root:vers=4.2,port=20490 ip=dhcp", NULL, SRV ":/root",
	  "vers=4.2,port=20490,addr=" SRV, 1 },
};

static void run_lcases(void)
{
	static struct bootcfg cfg;
	char line[512], name[96];
	struct nfs_mount m;

	for (size_t i = 0; i < sizeof(lcases) / sizeof(lcases[0]); i++) {
		const struct lcase *c = &lcases[i];
		const char *why = NULL;
		int rc;

		snprintf(line, sizeof(line), "%s", c->line);
		bootcfg_parse(&cfg, line);
		snprintf(name, sizeof(name), "nfsline/%s/kind", c->name);
		CHECK(name, cfg.root.kind == ROOT_NFS, "root= kind %d, want ROOT_NFS", cfg.root.kind);
		rc = nfs_mount_build(cfg.root.value, cfg.net.nfsroot, c->dhcp ? c->dhcp : "",
				     cfg.net.server ? cfg.net.server : quad(SRV), quad(CLIENT), &m,
				     &why);
		snprintf(name, sizeof(name), "nfsline/%s/rc", c->name);
		CHECK(name, (rc == 0) == c->ok, "got %d (%s)", rc, why ? why : "");
		if (!c->ok || rc < 0)
			continue;
		snprintf(name, sizeof(name), "nfsline/%s/source", c->name);
		CHECK_STR(name, m.source, c->source);
		snprintf(name, sizeof(name), "nfsline/%s/data", c->name);
		CHECK_STR(name, m.data, c->data);
	}
}

int main(void)
{
	run_ncases();
	test_too_long();
	run_lcases();
	return CHECK_EXIT();
}
