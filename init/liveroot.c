/* liveroot.c: root=live:http://HOST[:PORT]/PATH (dracut's name): the root
 * image (squashfs or erofs) fetched over HTTP into a tmpfs of its own,
 * attached on a loop device and mounted as a firmware root is; with
 * roothash=, dm-verity checks every block the kernel reads, the hash tree
 * appended to the image (veritysetup format --hash-offset=DATA_SIZE) or
 * fetched from PATH.verity. No TLS: verity is what makes the image
 * trustworthy, not the transport. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dns.h"
#include "fwroot.h"
#include "http.h"
#include "log.h"
#include "loopdev.h"
#include "rootsrc.h"
#include "sys.h"
#include "verity.h"

#define LIVE_DIR	"/run/baton/live"
#define IMAGE		LIVE_DIR "/root.img"
#define HASHFILE	LIVE_DIR "/root.verity"
#define MIB		(1024ULL * 1024)
#define RAM_RESERVE	(32 * MIB)	/* left for the kernel and the real init */
#define CONNECT_MS	10000
#define IDLE_MS		30000		/* no byte for this long: the server hangs */
#define RETRY_MAX_S	8
#define COPY_CHUNK	(64 * 1024)

/* The tmpfs holding what was fetched, and its size so far. */
static unsigned long long tmpfs_size;

int live_root_claims(const struct bootcfg *cfg)
{
	return cfg->root.kind == ROOT_LIVE;
}

/* -- the tmpfs -------------------------------------------------------------- */

/* Makes room for len more bytes in the tmpfs (mounted at the first call,
 * grown by a remount after), when the RAM available allows it and leaves
 * RAM_RESERVE. */
static int make_room(const char *url, unsigned long long len)
{
	unsigned long long avail = fw_mem_available();
	char opts[64];
	unsigned long flags = MS_NOSUID | MS_NODEV;

	if (avail && len + RAM_RESERVE > avail) {
		logmsg(LOG_ERR, "live: %s is %llu MiB, but only %llu MiB of RAM is available "
		       "(%llu MiB kept free): nothing fetched; give the machine more RAM or serve a "
		       "smaller image", url, (len + MIB - 1) / MIB, avail / MIB, RAM_RESERVE / MIB);
		return -ENOMEM;
	}
	if (tmpfs_size)
		flags |= MS_REMOUNT;
	else if (mkdir("/run/baton", 0755) < 0 && errno != EEXIST)
		return -errno;
	else if (mkdir(LIVE_DIR, 0700) < 0 && errno != EEXIST)
		return -errno;
	fmt(opts, sizeof(opts), "mode=0700,size=%llu", tmpfs_size + len + MIB);
	if (mount("tmpfs", LIVE_DIR, "tmpfs", flags, opts) < 0) {
		int err = -errno;

		logerr(LOG_ERR, err, "live: cannot mount a tmpfs on " LIVE_DIR " (%s)", opts);
		return err;
	}
	tmpfs_size += len + MIB;
	return 0;
}

/* -- one file over HTTP ----------------------------------------------------- */

struct fetch {
	const struct http_url *u;
	const char *suffix;	/* "" or ".verity" */
	const char *file;	/* where it goes */
	char url[HTTP_PATH_MAX + HTTP_HOST_MAX + 24];	/* for messages */
	char where[HTTP_HOST_MAX + 8];			/* HOST:PORT */
	unsigned long long size;
	long long t0, last;	/* progress lines */
	int room;		/* the tmpfs has room for it */
};

static void progress(unsigned long long done, unsigned long long total, void *arg)
{
	struct fetch *f = arg;
	long long now = now_ms();

	if (now - f->t0 < 1000 || now - f->last < 1000)
		return;
	f->last = now;
	logmsg(LOG_NOTICE, "live: %llu.%llu of %llu.%llu MiB (%llu %%)", done / MIB,
	       done % MIB * 10 / MIB, total / MIB, total % MIB * 10 / MIB,
	       total ? done * 100 / total : 100);
}

/* Worth another try: the server may be starting, busy or restarting. */
static int retryable(int err)
{
	return err == -ECONNREFUSED || err == -ETIMEDOUT || err == -EHOSTUNREACH ||
	       err == -ENETUNREACH || err == -ECONNRESET || err == -EIO || err == -EAGAIN ||
	       err == -EPIPE;
}

static const char *connect_hint(int err)
{
	switch (err) {
	case -ECONNREFUSED:
		return "nothing listens there: is the HTTP server running, on that port?";
	case -ETIMEDOUT:
		return "no answer: check the address, the route and a firewall";
	case -EHOSTUNREACH:
	case -ENETUNREACH:
		return "the server cannot be reached from this network: check the address and the gateway";
	default:
		return "";
	}
}

/* The answer's status: 0 for 200, else -errno after saying it (5xx is
 * worth another try: -EAGAIN). */
static int judge_status(struct fetch *f, const struct http_head *h, int quiet_404)
{
	if (h->status == 200)
		return 0;
	if (h->status == 404 && quiet_404)
		return -ENOENT;
	if (h->status >= 300 && h->status < 400 && h->location[0])
		logmsg(LOG_ERR, "live: %s: HTTP %d %s: it moved to %s; put that URL in root=live:", f->url,
		       h->status, h->reason, h->location);
	else
		logmsg(LOG_ERR, "live: %s: the server answered HTTP %d %s%s", f->url, h->status, h->reason,
		       h->status == 404 ? ": no such file there, check the path" : "");
	if (h->status >= 500)
		return -EAGAIN;
	return h->status == 404 ? -ENOENT : -EPROTO;
}

/* One try: 0 with the file whole, or -errno (said, but for a quiet 404). */
static int fetch_once(struct fetch *f, int quiet_404)
{
	struct http_conn c;
	const char *step = NULL;
	unsigned long long got = 0;
	int err, out;

	err = http_get_open(f->u, f->suffix, CONNECT_MS, IDLE_MS, &c, &step);
	if (err < 0) {
		if (err == -EPROTO || err == -E2BIG)
			logmsg(LOG_ERR, "live: %s: %s", f->url, step);
		else
			logerr(LOG_ERR, err, "live: %s: %s", f->url, step);
		if (*connect_hint(err))
			logmsg(LOG_ERR, "live: %s: %s", f->where, connect_hint(err));
		http_close(&c);
		return err;
	}
	err = judge_status(f, &c.head, quiet_404);
	if (err == 0 && !f->room) {
		f->size = (unsigned long long)c.head.length;
		err = make_room(f->url, f->size);
		f->room = err == 0;
	} else if (err == 0 && (unsigned long long)c.head.length != f->size) {
		logmsg(LOG_ERR, "live: %s: the server now says %lld bytes, before %llu: the file "
		       "changed while it was fetched", f->url, c.head.length, f->size);
		err = -ESTALE;
	}
	if (err < 0) {
		http_close(&c);
		return err;
	}
	out = open(f->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		err = -errno;
		logerr(LOG_ERR, err, "live: cannot create %s", f->file);
		http_close(&c);
		return err;
	}
	f->t0 = now_ms();
	f->last = 0;
	logmsg(LOG_INFO, "live: fetching %s (%llu bytes) into %s", f->url, f->size, f->file);
	err = http_get_body(&c, out, IDLE_MS, progress, f, &got);
	http_close(&c);
	if (close(out) < 0 && err == 0)
		err = -errno;
	if (err == -EIO)
		logmsg(LOG_ERR, "live: %s: the connection ended after %llu of %llu bytes (a short read)",
		       f->url, got, f->size);
	else if (err < 0)
		logerr(LOG_ERR, err, "live: %s: after %llu of %llu bytes", f->url, got, f->size);
	else
		logmsg(LOG_INFO, "live: fetched %s: %llu bytes in %lld ms", f->url, got, now_ms() - f->t0);
	return err;
}

/* Tries until the file is whole, the error is not worth another try, or
 * the root wait (rootwait=, rd.timeout=; 30 s by default) is over. */
static int fetch(const struct bootcfg *cfg, struct fetch *f, int quiet_404)
{
	int secs = root_wait_seconds(cfg), wait = 1, tries = 0, err;
	long long t0 = now_ms(), deadline = secs < 0 ? -1 : t0 + secs * 1000LL;

	http_url_where(f->u, f->where, sizeof(f->where));
	fmt(f->url, sizeof(f->url), "http://%s%s%s", f->where, f->u->path, f->suffix);
	for (;;) {
		err = fetch_once(f, quiet_404);
		tries++;
		if (err == 0 || !retryable(err))
			return err;
		if (deadline >= 0 && now_ms() + wait * 1000LL > deadline)
			break;
		logmsg(LOG_WARNING, "live: trying again in %d s", wait);
		sleep_seconds(wait);
		wait = wait * 2 > RETRY_MAX_S ? RETRY_MAX_S : wait * 2;
	}
	logmsg(LOG_ERR, "live: gave up on %s after %d tries in %lld s (the root wait: rootwait=, "
	       "rd.timeout=)", f->url, tries, (now_ms() - t0 + 500) / 1000);
	return err;
}

/* -- the hash tree ---------------------------------------------------------- */

/* veritysetup format --hash-offset=N IMG IMG puts the superblock at N, the
 * data's size, and the tree after it. Looks for it from the end of the
 * image down (the tree is a small part of the whole), at each 512-byte
 * boundary, for a superblock that covers exactly the bytes before it.
 * Returns its offset, or 0 for none. */
static unsigned long long find_appended(int fd, unsigned long long size)
{
	unsigned char b[VERITY_SB_SIZE];
	struct verity_sb sb;

	if (size < 2 * VERITY_SB_SIZE)
		return 0;
	for (unsigned long long off = (size - VERITY_SB_SIZE) & ~511ULL; off >= 512 && size - off <= off;
	     off -= 512) {
		if (pread(fd, b, sizeof(b), (off_t)off) != (ssize_t)sizeof(b))
			return 0;
		if (memcmp(b, "verity\0\0", 8) != 0 || verity_sb_parse(b, sizeof(b), &sb, NULL) < 0)
			continue;
		if (sb.data_blocks * sb.data_block_size == off)
			return off;
	}
	return 0;
}

/* Moves the image's tail from off into HASHFILE and cuts the image there:
 * the data and the hash tree become two devices, as veritysetup's layout
 * with separate files has them. The tail is a small part of the image. */
static int split_tail(int in, unsigned long long off, unsigned long long size)
{
	static char buf[COPY_CHUNK];
	int out = open(HASHFILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), err = 0;

	if (out < 0)
		return -errno;
	for (unsigned long long at = off; at < size && err == 0;) {
		size_t want = size - at < sizeof(buf) ? (size_t)(size - at) : sizeof(buf);
		ssize_t r = pread(in, buf, want, (off_t)at);

		if (r <= 0)
			err = r < 0 ? -errno : -EIO;
		else if (write(out, buf, (size_t)r) != r)
			err = -errno ? -errno : -EIO;
		else
			at += (unsigned long long)r;
	}
	if (close(out) < 0 && err == 0)
		err = -errno;
	if (err == 0 && ftruncate(in, (off_t)off) < 0)
		err = -errno;
	return err;
}

/* The hash tree for roothash=: appended to the image, else PATH.verity. */
static int get_hash_tree(const struct bootcfg *cfg, const struct http_url *u,
			 unsigned long long size)
{
	struct fetch f = { .u = u, .suffix = ".verity", .file = HASHFILE };
	unsigned long long off;
	int fd = open(IMAGE, O_RDWR | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	off = find_appended(fd, size);
	if (off) {
		err = split_tail(fd, off, size);
		close(fd);
		if (err < 0)
			logerr(LOG_ERR, err, "live: cannot move the appended hash tree to " HASHFILE);
		else
			logmsg(LOG_INFO, "live: hash tree appended to the image at byte %llu (%llu bytes)",
			       off, size - off);
		return err;
	}
	close(fd);
	logmsg(LOG_INFO, "live: no hash tree appended to the image; fetching it from %s.verity",
	       u->path);
	err = fetch(cfg, &f, 1);
	if (err == -ENOENT)
		logmsg(LOG_ERR, "live: roothash= is given, but the image has no hash tree appended "
		       "(veritysetup format --hash-offset=SIZE IMG IMG) and http://%s%s.verity does not "
		       "exist (HTTP 404): nothing to verify it with", f.where, u->path);
	return err;
}

/* -- the source ------------------------------------------------------------- */

static int attach(const struct bootcfg *cfg, struct devlist *devs, const char *file)
{
	struct loopdev lo;
	const char *step = NULL;
	int err = fw_need_module(cfg, "loop", "live", LOOP_CONTROL);

	if (err == 0)
		err = loop_attach(file, 0, 0, &lo, &step);
	if (err < 0) {
		if (step)
			logerr(LOG_ERR, err, "live: loop device for %s: %s failed", file, step);
		return err;
	}
	logmsg(LOG_INFO, "live: %s attached as /dev/%s (read-only)", file, lo.name);
	err = fw_add_dev(devs, lo.name);
	if (err < 0)
		logerr(LOG_ERR, err, "live: /dev/%s did not appear", lo.name);
	return err;
}

/* HOST as a name: asked of the DNS servers the network step learned. */
static int resolve(const struct bootcfg *cfg, struct http_url *u, const struct net_state *net)
{
	int secs = root_wait_seconds(cfg), err;
	const char *why = NULL;
	char a[16], b[16];

	if (u->addr)
		return 0;
	err = dns_resolve(u->host, net->dns, secs < 0 || secs > 30 ? 30000 : secs * 1000, &u->addr,
			  &why);
	ipv4_text(net->dns[0], a);
	ipv4_text(net->dns[1], b);
	if (err == 0)
		logmsg(LOG_INFO, "live: %s is %s (DNS)", u->host, ipv4_text(u->addr, b));
	else if (err == -EDESTADDRREQ)
		logmsg(LOG_ERR, "live: %s is a host name, but no DNS server is known (DHCP gave none): "
		       "give one in ip='s DNS0 field, or write the server's address in root=live:", u->host);
	else if (err == -ETIMEDOUT)
		logmsg(LOG_ERR, "live: DNS: no answer about %s from %s%s%s: write the server's address "
		       "in root=live:, or check the DNS server", u->host, a, net->dns[1] ? " or " : "",
		       net->dns[1] ? b : "");
	else if (why)
		logmsg(LOG_ERR, "live: DNS: %s: %s (asked %s%s%s)", u->host, why, a,
		       net->dns[1] ? ", " : "", net->dns[1] ? b : "");
	else
		logerr(LOG_ERR, err, "live: DNS: looking up %s", u->host);
	return err;
}

int live_root_mount(const struct bootcfg *cfg, struct root_ctx *ctx)
{
	struct http_url u;
	struct fetch f = { .u = &u, .suffix = "", .file = IMAGE };
	char ip[16];
	int root, hash, err;

	/* rootspec_parse checked the URL; parsing again is cheap. */
	err = http_url_parse(cfg->root.value, &u, NULL);
	if (err == 0 && !ctx->net.up) {
		logmsg(LOG_ERR, "live: no network interface is configured: add ip=dhcp (or a static "
		       "ip=) and the NIC's driver to the image (baton-mkinitramfs -p net)");
		err = -ENETDOWN;
	}
	if (err == 0)
		err = resolve(cfg, &u, &ctx->net);
	if (err == 0) {
		logmsg(LOG_INFO, "live: root image %s over %s (%s)", cfg->root.value, ctx->net.ifname,
		       ipv4_text(ctx->net.addr, ip));
		err = fetch(cfg, &f, 0);
	}
	modules_stop(ctx->loader);
	if (err == 0 && cfg->fw.roothash)
		err = get_hash_tree(cfg, &u, f.size);
	root = err < 0 ? err : attach(cfg, ctx->devs, IMAGE);
	if (root < 0)
		return root;
	ctx->seen = ctx->devs;
	if (cfg->fw.roothash) {
		hash = attach(cfg, ctx->devs, HASHFILE);
		if (hash < 0)
			return hash;
		err = fwroot_verity(cfg, ctx->devs, &root, hash);
		if (err < 0)
			return err;
	}
	err = block_root_mount_dev(cfg, ctx, root);
	if (err == 0)
		fmt(ctx->what, sizeof(ctx->what), "%s (/dev/%s)", cfg->root.value,
		    ctx->devs->dev[root].name);
	return err;
}
