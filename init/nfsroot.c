/* nfsroot.c: the root over NFS, mounted by the kernel's own client with
 * text options (the network step has configured the interface). The
 * server may come up after the client: refused and unreachable mounts are
 * retried until the root wait ends. */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "nfsroot.h"
#include "rootsrc.h"

#define RETRY_S	2

int nfs_root_claims(const struct bootcfg *cfg)
{
	return cfg->root.kind == ROOT_NFS;
}

static int retryable(int err)
{
	return err == -ECONNREFUSED || err == -ETIMEDOUT || err == -EHOSTUNREACH ||
	       err == -ENETUNREACH || err == -EAGAIN;
}

static const char *nfs_hint(int err)
{
	switch (err) {
	case -ECONNREFUSED:
		return "nothing answers on the server's NFS port (or its mountd/rpcbind for v2/v3): is the NFS server running?";
	case -ETIMEDOUT:
	case -EHOSTUNREACH:
	case -ENETUNREACH:
		return "the server cannot be reached: check the address, the route and a firewall";
	case -EACCES:
	case -EPERM:
		return "the server refused this client: check its exports (the client's address, sec=)";
	case -ENOENT:
		return "the server has no such export: check the path";
	case -EPROTONOSUPPORT:
		return "the server does not speak that NFS version: try another vers=";
	case -ENODEV:
		return "the kernel has no NFS client: put the nfs profile in the image (baton-mkinitramfs -p net,nfs)";
	default:
		return mount_hint(err);
	}
}

int nfs_root_mount(const struct bootcfg *cfg, struct root_ctx *ctx)
{
	struct nfs_mount m;
	const struct net_state *net = &ctx->net;
	unsigned long flags = cfg->readonly ? MS_RDONLY : 0;
	int secs = root_wait_seconds(cfg), err;
	long long deadline = secs < 0 ? -1 : now_ms() + secs * 1000LL;
	const char *why;

	err = nfs_mount_build(cfg->root.value, cfg->net.nfsroot, net->lease.root_path, net->server,
			      net->addr, &m, &why);
	if (err < 0) {
		modules_stop(ctx->loader);
		logmsg(LOG_ERR, "NFS root: %s", why);
		return err;
	}
	logmsg(LOG_INFO, "NFS root %s (NFSv%d, options %s)", m.source, m.version, m.data);
	if (mkdir(NEWROOT, 0755) < 0 && errno != EEXIST)
		return -errno;
	for (;;) {
		err = mount(m.source, NEWROOT, "nfs", flags, m.data) < 0 ? -errno : 0;
		if (err == 0 || !retryable(err) || (deadline >= 0 && now_ms() >= deadline))
			break;
		logerr(LOG_WARNING, err, "NFS mount of %s; trying again in %d s", m.source, RETRY_S);
		sleep_seconds(RETRY_S);
	}
	modules_stop(ctx->loader);
	if (err < 0) {
		logerr(LOG_ERR, err, "cannot mount the NFS root %s", m.source);
		logmsg(LOG_ERR, "%s", nfs_hint(err));
		return err;
	}
	fmt(ctx->what, sizeof(ctx->what), "NFS %s", m.source);
	logmsg(LOG_INFO, "mounted %s on " NEWROOT " %s", ctx->what,
	       flags & MS_RDONLY ? "read-only" : "read-write");
	return 0;
}
