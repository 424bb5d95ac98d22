/* modload.c: gets the kernel modules the machine needs into the kernel.
 *
 * The image carries the modules (/lib/modules/NAME.ko, decompressed at pack
 * time unless the kernel decompresses itself) and a trimmed copy of depmod's
 * index in /etc/baton (see include/modindex.h). Three ways in:
 *
 *  - the loader: a child of /init started before the root wait. It listens
 *    for uevents on a socket of its own, walks /sys/devices for the modalias
 *    files of devices already there (coldplug), then follows the MODALIAS=
 *    of every device added (hotplug, e.g. the disk behind a controller whose
 *    driver just loaded). Every module an alias matches goes in with its
 *    dependencies and soft dependencies, in modprobe's order; rd.modules=
 *    and /etc/baton/modules add modules whatever the devices. /init stops
 *    it (modules_stop) as soon as the root device is there.
 *  - modprobe: the image links /sbin/modprobe to /init, so when the kernel
 *    needs a module itself (mounting ext4 asks for "fs-ext4", ext4 for the
 *    "crc32c" algorithm, vfat for a charset) it runs baton, which loads it
 *    the same way, synchronously.
 *
 * Built-in modules and modules already loaded are skipped, blacklisted ones
 * (modprobe.blacklist=, module_blacklist=) never loaded, and modname.param=
 * words of the command line become the module's parameters. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat.h"
#include "dirread.h"
#include "log.h"
#include "mem.h"
#include "modindex.h"
#include "policy.h"
#include "sys.h"
#include "uevent.h"

#ifndef SHUT_WR
#define SHUT_WR 1	/* klibc's <sys/socket.h> lacks the names */
#endif
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0x4000
#endif
#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE 4	/* linux/module.h, kernel 5.17+ */
#endif

#define MODULE_DIR	"/lib/modules"
#define INDEX_DIR	"/etc/baton"
#define MAX_MATCHES	64		/* modules one alias may name */
#define WALK_DEPTH	32		/* /sys/devices is far shallower */
#define STOP_WAIT_MS	2000		/* for the insertion under way */
#define PARAMS_MAX	1024

static const char *const index_files[] = {
	INDEX_DIR "/modules.dep", INDEX_DIR "/modules.builtin",
	INDEX_DIR "/modules.alias", INDEX_DIR "/modules.softdep",
};
#define NINDEX (sizeof(index_files) / sizeof(index_files[0]))

struct loader {
	struct modindex ix;
	char *texts[NINDEX];
	size_t textsz[NINDEX];	/* their blocks' sizes, for mem_resize */
	int have_index;
	const struct bootcfg *cfg;
	int *queue;		/* modules in planned order, each once */
	unsigned char *urgent;	/* per module: queued for a device that
				 * appeared after the start */
	int nq;
	int loaded, failed, skipped;
};

/* -- files ------------------------------------------------------------------------ */

/* A whole file in a NUL-terminated block of *size bytes (mem_resize), or
 * NULL (errno set). */
static char *read_whole(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t len = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !(buf = mem_resize(NULL, 0, (size_t)st.st_size + 1))) {
		int e = errno ? errno : ENOMEM;

		close(fd);
		errno = e;
		return NULL;
	}
	*size = (size_t)st.st_size + 1;
	while (len < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + len, (size_t)st.st_size - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* Reads the image's index. No modules.dep: no index, which is not an
 * error (an image with a plain list only). Returns 0 or -errno. */
static int index_load(struct loader *L)
{
	static int (*const add[NINDEX])(struct modindex *, char *) = {
		modindex_add_dep, modindex_add_builtin, modindex_add_alias, modindex_add_softdep,
	};

	modindex_init(&L->ix);
	for (size_t i = 0; i < NINDEX; i++) {
		L->texts[i] = read_whole(index_files[i], &L->textsz[i]);
		if (!L->texts[i]) {
			if (errno != ENOENT)
				logerr(LOG_WARNING, -errno, "cannot read %s", index_files[i]);
			if (i == 0)
				return errno == ENOENT ? 0 : -errno;
			continue;
		}
		if (add[i](&L->ix, L->texts[i]) < 0)
			return -ENOMEM;
	}
	if (modindex_finish(&L->ix) < 0)
		return -ENOMEM;
	if (L->ix.skipped)
		logmsg(LOG_DEBUG, "module index: %d lines not understood", L->ix.skipped);
	L->queue = mem_resize(NULL, 0, ((size_t)L->ix.nmods + 1) * sizeof(*L->queue));
	L->urgent = mem_resize(NULL, 0, (size_t)L->ix.nmods + 1);
	if (!L->queue || !L->urgent)
		return -ENOMEM;
	L->have_index = 1;
	if (L->cfg)
		modindex_blacklist(&L->ix, L->cfg);
	return 0;
}

static void loader_init(struct loader *L, const struct bootcfg *cfg)
{
	memset(L, 0, sizeof(*L));
	L->cfg = cfg;
	int err = index_load(L);

	if (err < 0)
		logerr(LOG_WARNING, err, "module index unusable; modalias autoload off");
}

static void loader_free(struct loader *L)
{
	/* The queue's sizes come from the index: free them first. */
	mem_resize(L->queue, ((size_t)L->ix.nmods + 1) * sizeof(*L->queue), 0);
	mem_resize(L->urgent, (size_t)L->ix.nmods + 1, 0);
	modindex_free(&L->ix);
	for (size_t i = 0; i < NINDEX; i++)
		mem_resize(L->texts[i], L->textsz[i], 0);
}

/* -- inserting -------------------------------------------------------------------- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* "live" in /sys/module/NAME/initstate, or a /sys/module/NAME without one
 * (built in): nothing to do. A module still "coming" is inserted anyway:
 * the kernel waits for the first insertion and answers EEXIST. */
static int already_loaded(const char *name)
{
	char path[MODNAME_MAX + 32], state[16];

	fmt(path, sizeof(path), "/sys/module/%s/initstate", name);
	if (read_text(path, state, sizeof(state)) >= 0)
		return strcmp(state, "live") == 0;
	fmt(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

/* finit_module of one file with the command line's parameters for name.
 * Returns 0 (EEXIST included) or -errno. */
static int insert_file(const char *path, const char *name, const struct bootcfg *cfg)
{
	char params[PARAMS_MAX] = "";
	int flags = 0, fd, err = 0;

	if (cfg && modparams_for(cfg, name, params, sizeof(params)) >= sizeof(params)) {
		logmsg(LOG_WARNING, "parameters for module %s longer than %d bytes; loading it without them",
		       name, PARAMS_MAX - 1);
		params[0] = '\0';
	}
	if (has_suffix(path, ".xz") || has_suffix(path, ".zst") || has_suffix(path, ".gz"))
		flags |= MODULE_INIT_COMPRESSED_FILE;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (sys_finit_module(fd, params, flags) < 0 && errno != EEXIST)
		err = -errno;
	close(fd);
	if (!err && params[0])
		logmsg(LOG_DEBUG, "module %s given \"%s\"", name, params);
	return err;
}

static int insert_module(const struct loader *L, int m)
{
	char path[512];

	fmt(path, sizeof(path), MODULE_DIR "/%s", L->ix.mods[m].path);
	return insert_file(path, L->ix.mods[m].name, L->cfg);
}

/* Records how an insertion ended and says so. */
static void finished(struct loader *L, int m, int err, long long ms)
{
	struct modentry *e = &L->ix.mods[m];

	e->err = err;
	e->state = err ? MOD_FAILED : MOD_DONE;
	if (!err) {
		L->loaded++;
		logmsg(LOG_DEBUG, "module %s loaded in %lld ms", e->name, ms);
	} else if (err == -ENODEV) {
		/* A driver that found nothing to drive: a CPU-feature module
		 * on a CPU without the feature. Normal for autoload. */
		L->failed++;
		logerr(LOG_INFO, err, "module %s found nothing to drive", e->name);
	} else {
		L->failed++;
		logerr(LOG_WARNING, err, "module %s not loaded", e->name);
	}
}

/* Inserts module m, unless it is there already. */
static void start(struct loader *L, int m)
{
	struct modentry *e = &L->ix.mods[m];
	long long t0 = now_ms();
	int err, p;

	if (already_loaded(e->name)) {
		e->state = MOD_DONE;
		logmsg(LOG_DEBUG, "module %s already loaded", e->name);
		return;
	}
	p = modindex_provider(&L->ix, m);
	if (p >= 0) {
		e->state = MOD_SKIPPED;
		logmsg(LOG_DEBUG, "module %s not needed: %s has its algorithms", e->name,
		       L->ix.mods[p].name);
		return;
	}
	e->state = MOD_RUNNING;
	err = insert_module(L, m);	/* before the clock is read again */
	finished(L, m, err, now_ms() - t0);
}

/* Is every hard dependency of m loaded? (For breaking softdep cycles.) */
static int hard_deps_done(const struct loader *L, int m)
{
	const struct modentry *e = &L->ix.mods[m];

	for (int i = 0; i < e->ndeps; i++)
		if (L->ix.mods[L->ix.links[e->dep0 + i]].state != MOD_DONE)
			return 0;
	return 1;
}

/* Inserts the next queued module whose prerequisites are settled, one a
 * call, so uevents are read between insertions. Urgent ones first: the
 * drivers of devices that appeared while /init runs (a disk behind a
 * controller whose driver just loaded) are on the way to the root more
 * often than what coldplug found. One at a time: on 2 CPUs, inserting
 * independent modules side by side (a worker process each) made the time
 * in the initramfs no shorter (1.85 s against 1.81 s, medians of 10 boots
 * of the default profile on qemu -smp 2), so it went. Returns how many
 * modules it inserted or settled (0: nothing to do now). */
static int schedule(struct loader *L)
{
	int did = 0;

	for (int pass = 0; pass < 3; pass++) {
		/* Pass 2, only when nothing else could go: a softdep cycle
		 * waits on itself; take the first with its hard deps in. */
		if (pass == 2 && did)
			break;
		for (int i = 0; i < L->nq; i++) {
			int m = L->queue[i], blocker = -1, r;
			struct modentry *e = &L->ix.mods[m];

			if (e->state != MOD_QUEUED || (pass == 0 && !L->urgent[m]))
				continue;
			r = modindex_ready(&L->ix, m, &blocker);
			if (r < 0) {
				const struct modentry *b = &L->ix.mods[blocker];

				e->state = MOD_SKIPPED;
				L->skipped++;
				if (b->blacklisted)
					logmsg(LOG_INFO, "module %s left unloaded: it needs blacklisted %s",
					       e->name, b->name);
				else
					logmsg(LOG_WARNING, "module %s not loaded: it needs %s, which did not load",
					       e->name, b->name);
				did++;
				continue;
			}
			if (r == 0 && !(pass == 2 && hard_deps_done(L, m)))
				continue;
			start(L, m);
			return did + 1;
		}
	}
	return did;
}

/* Queues m (and what it needs) unless decided already. */
static void want(struct loader *L, int m, const char *why, int urgent)
{
	struct modentry *e = &L->ix.mods[m];
	int first = L->nq;

	if (e->state != MOD_NEW)
		return;
	if (e->blacklisted && !e->builtin) {
		logmsg(LOG_INFO, "module %s (for %s) is blacklisted: left unloaded", e->name, why);
		L->skipped++;
	}
	modindex_plan(&L->ix, m, L->queue, &L->nq, L->ix.nmods);
	for (int i = first; urgent && i < L->nq; i++)
		L->urgent[L->queue[i]] = 1;
}

/* Every module an alias (or module name) names. Returns how many. */
static int want_alias_prio(struct loader *L, const char *alias, int urgent)
{
	int out[MAX_MATCHES];
	int n;

	if (!L->have_index)
		return 0;
	n = modindex_lookup(&L->ix, alias, out, MAX_MATCHES);
	for (int i = 0; i < n && i < MAX_MATCHES; i++)
		want(L, out[i], alias, urgent);
	return n;
}

static int want_alias(struct loader *L, const char *alias)
{
	return want_alias_prio(L, alias, 0);
}

/* Runs the queue to the end (modprobe, the plain list, no loader). */
static void drain(struct loader *L)
{
	while (schedule(L))
		;
}

/* -- lists ----------------------------------------------------------------------- */

/* One line of /etc/baton/modules: a path is inserted as it is, at once (an
 * image that resolved the order itself); a name is queued with what it
 * needs. */
static void want_list_line(struct loader *L, char *line)
{
	long long t0;
	int err;

	if (strchr(line, '/')) {
		char name[MODNAME_MAX];

		modname_normalize(name, sizeof(name), line);
		t0 = now_ms();
		err = insert_file(line, name, L->cfg);
		if (err < 0)
			logerr(LOG_WARNING, err, "module %s not loaded", line);
		else
			logmsg(LOG_DEBUG, "module %s loaded in %lld ms", line, now_ms() - t0);
		return;
	}
	if (want_alias(L, line) == 0)
		logmsg(LOG_WARNING, "module %s (from " MODULES_LIST ") is not in the image", line);
}

/* The explicit list and rd.modules=. Returns -errno if the list exists
 * but cannot be read, else 0. */
static int want_listed(struct loader *L, const char *list)
{
	size_t size = 0;
	char *text = read_whole(list, &size), *line, *next;
	int err = text || errno == ENOENT ? 0 : -errno;

	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line && *line != '#')
			want_list_line(L, line);
	}
	mem_resize(text, size, 0);
	for (int i = 0; L->cfg && i < L->cfg->nrd_modules; i++)
		if (want_alias(L, L->cfg->rd_modules[i]) == 0)
			logmsg(LOG_WARNING, "rd.modules=%s: no such module in the image",
			       L->cfg->rd_modules[i]);
	return err;
}

/* -- coldplug -------------------------------------------------------------------- */

/* Matches of the CPU's modalias (crypto and checksum code for its features)
 * are queued after the other devices': never needed to find the root, and
 * a softdep brings in the one a filesystem wants at the right time. Each
 * distinct one is kept once (where an architecture gives every CPU its own
 * modalias file, a machine with many CPUs keeps them all out of the
 * storage coldplug; x86 has one for all, /sys/devices/system/cpu/modalias). */
#define MAX_DEFERRED 8

struct deferred {
	char alias[MAX_DEFERRED][4096];	/* a sysfs attribute is at most a page */
	int n;
	int seen;	/* cpu: modaliases met, duplicates included */
};

/* Keeps alias for after the walk, once; queues it now if there is no room
 * (a machine with more than MAX_DEFERRED kinds of CPU). */
static void defer_alias(struct loader *L, struct deferred *later, const char *alias, size_t len)
{
	later->seen++;
	for (int i = 0; i < later->n; i++)
		if (strcmp(later->alias[i], alias) == 0)
			return;
	if (later->n < MAX_DEFERRED)
		memcpy(later->alias[later->n++], alias, len + 1);
	else
		want_alias(L, alias);
}

static void read_modalias(struct loader *L, int dirfd, struct deferred *later)
{
	char buf[4096];	/* a sysfs attribute is at most a page */
	ssize_t len;
	int fd = openat(dirfd, "modalias", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return;
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	if (strncmp(buf, "cpu:", 4) == 0)
		defer_alias(L, later, buf, (size_t)len);
	else if (len)
		want_alias(L, buf);
}

/* Every modalias file under dfd (closed here), never following a link. */
static void walk(struct loader *L, int dfd, int depth, struct deferred *later)
{
	struct dirread d;
	const struct kdirent *e;

	dir_adopt(&d, dfd);
	while ((e = dir_next(&d)) != NULL) {
		int fd;

		if (e->name[0] == '.')
			continue;
		if ((e->type == DT_REG || e->type == DT_UNKNOWN) &&
		    strcmp(e->name, "modalias") == 0) {
			read_modalias(L, dfd, later);
			continue;
		}
		/* power/ is in every device and never holds one. */
		if ((e->type != DT_DIR && e->type != DT_UNKNOWN) || depth >= WALK_DEPTH ||
		    strcmp(e->name, "power") == 0)
			continue;
		fd = openat(dfd, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			walk(L, fd, depth + 1, later);
	}
	dir_close(&d);
}

static void coldplug(struct loader *L)
{
	long long t0 = now_ms();
	int fd = open("/sys/devices", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct deferred later = { .n = 0, .seen = 0 };

	if (fd < 0) {
		logerr(LOG_WARNING, -errno, "cannot read /sys/devices; only new devices get drivers");
		return;
	}
	walk(L, fd, 0, &later);
	for (int i = 0; i < later.n; i++)
		want_alias(L, later.alias[i]);
	logmsg(LOG_DEBUG, "coldplug: %d modules queued in %lld ms; CPU modaliases: %d, distinct %d",
	       L->nq, now_ms() - t0, later.seen, later.n);
}

/* -- the loader process ----------------------------------------------------------- */

/* Reads every queued uevent; queues the modules of each new device.
 * Returns -ENOBUFS if events were lost. */
static int read_uevents(struct loader *L, int fd)
{
	static char buf[8192];

	for (;;) {
		struct sockaddr_nl sa;
		struct iovec iov = { buf, sizeof(buf) - 1 };
		struct msghdr msg = { .msg_name = &sa, .msg_namelen = sizeof(sa),
				      .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t len = recvmsg(fd, &msg, 0);
		const char *alias;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			return errno == ENOBUFS ? -ENOBUFS : 0;
		}
		/* Only the kernel (port 0) speaks for devices. */
		if (msg.msg_namelen != sizeof(sa) || sa.nl_pid != 0)
			continue;
		buf[len] = '\0';
		alias = uevent_modalias(buf, (size_t)len);
		if (alias)
			want_alias_prio(L, alias, 1);
	}
}

/* Has /init shut its end down (or died)? */
static int stop_asked(int ctl)
{
	struct pollfd p = { .fd = ctl, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

/* Tells /init when the loader becomes busy ('b') or has nothing left to
 * do ('i'), so a root check that must see every disk can wait for the
 * drivers still queued (modules_idle). */
static void say_state(int ctl, int *busy, int now_busy)
{
	if (*busy == now_busy)
		return;
	*busy = now_busy;
	/* MSG_NOSIGNAL: /init may have closed its end; no SIGPIPE then. */
	if (send(ctl, now_busy ? "b" : "i", 1, MSG_NOSIGNAL) < 0) {
		/* /init gone or not listening: nothing to tell */
	}
}

static void loader_main(const struct bootcfg *cfg, int ufd, int ctl)
{
	struct loader L;
	long long t0 = now_ms(), busy_until = t0;
	int stop;
	int busy = 1;	/* /init assumes so until told otherwise */

	loader_init(&L, cfg);
	want_listed(&L, MODULES_LIST);
	/* What the image lists goes in first, before the walk: its disk
	 * drivers need no device to be matched, and the walk (tens of ms)
	 * would only delay them. /init may stop us meanwhile. */
	while (!(stop = stop_asked(ctl)) && schedule(&L))
		busy_until = now_ms();
	if (L.have_index && !stop)
		coldplug(&L);
	else if (ufd >= 0) {
		close(ufd);	/* nothing to match devices against */
		ufd = -1;
	}
	while (!stop) {
		struct pollfd p[2] = {
			{ .fd = ctl, .events = POLLIN },
			{ .fd = ufd, .events = POLLIN },	/* skipped if -1 */
		};
		int did = schedule(&L);

		if (did)
			busy_until = now_ms();
		say_state(ctl, &busy, did != 0);
		if (poll(p, 2, did ? 0 : -1) < 0 && errno != EINTR)
			break;
		/* /init shut its end down (or died): stop between insertions. */
		if (p[0].revents)
			break;
		if ((p[1].revents & POLLIN) && read_uevents(&L, ufd) == -ENOBUFS) {
			logmsg(LOG_WARNING, "uevents were lost (socket buffer full); rescanning /sys/devices");
			coldplug(&L);
		}
	}
	logmsg(LOG_INFO, "modules: %d loaded, %d failed, %d skipped; the last ended %lld ms after the start",
	       L.loaded, L.failed, L.skipped, busy_until - t0);
}

/* The filesystem loader: what mounting the root will ask for, loaded
 * beside the disk drivers instead of after them, when the kernel would run
 * /sbin/modprobe for it at mount time. Which: the rootfstype= types, else
 * the image's one filesystem module (with several, guessing could cost
 * more than it saves). Its insertions meet the loader's and modprobe's in
 * the kernel, which makes a second insertion of a module wait for the
 * first and answer EEXIST. */
static void fs_loader_main(const struct bootcfg *cfg)
{
	struct loader L;
	int fs[2];

	loader_init(&L, cfg);
	if (!L.have_index)
		return;
	for (int i = 0; i < cfg->nfstypes; i++) {
		char alias[MODNAME_MAX + 8];

		fmt(alias, sizeof(alias), "fs-%s", cfg->fstypes[i]);
		want_alias(&L, alias);
	}
	if (cfg->nfstypes == 0 && modindex_filesystems(&L.ix, fs, 2) == 1)
		want(&L, fs[0], "the image's filesystem", 0);
	drain(&L);
	logmsg(LOG_DEBUG, "filesystem modules: %d loaded, %d failed", L.loaded, L.failed);
}

/* The loader and /init talk through a socket pair, not signals: a caught
 * signal pending during an insertion would cut short the interruptible
 * waits of a driver's init. /init closes its end to ask the loader to stop;
 * the loader's end closes when it exits. */
void modules_start(const struct bootcfg *cfg, struct modloader *ml)
{
	int sv[2];

	ml->pid = ml->fs_pid = 0;
	ml->fd = -1;
	ml->busy = ml->ended = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		logerr(LOG_WARNING, -errno, "module loader: no socket pair");
		sv[0] = sv[1] = -1;
	} else {
		ml->pid = fork();
	}
	if (ml->pid == 0 && sv[0] >= 0) {
		/* Listening first: no device added after the walk is missed. */
		int ufd = uevent_open();

		close(sv[0]);
		if (ufd < 0)
			logerr(LOG_WARNING, ufd, "module loader: no uevent socket; only devices present now get drivers");
		loader_main(cfg, ufd, sv[1]);
		_exit(0);
	}
	if (ml->pid > 0) {
		/* It holds the loader's end too, so /init sees that end
		 * close only when both have exited. */
		ml->fs_pid = fork();
		if (ml->fs_pid == 0) {
			close(sv[0]);
			fs_loader_main(cfg);
			_exit(0);
		}
		if (ml->fs_pid < 0)
			ml->fs_pid = 0;
		close(sv[1]);
		ml->fd = sv[0];
		ml->busy = 1;
		return;
	}
	/* No process of its own: give the devices present now their
	 * modules here, before the root wait. */
	if (ml->pid < 0)
		logerr(LOG_WARNING, -errno, "cannot start the module loader");
	if (sv[0] >= 0) {
		close(sv[0]);
		close(sv[1]);
	}
	ml->pid = 0;
	{
		struct loader L;

		logmsg(LOG_WARNING, "loading the modules of the devices present now, before the root wait");
		loader_init(&L, cfg);
		want_listed(&L, MODULES_LIST);
		if (L.have_index)
			coldplug(&L);
		drain(&L);
		loader_free(&L);
	}
}

/* Reads what the loader said, waiting up to ms (-1: for ever) for
 * something. Returns 1 if it said something or ended, 0 on timeout. */
static int loader_news(struct modloader *ml, int ms)
{
	struct pollfd p = { .fd = ml->fd, .events = POLLIN };
	char buf[64];
	ssize_t n;
	int r;

	do
		r = poll(&p, 1, ms);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return 0;
	n = read(ml->fd, buf, sizeof(buf));
	if (n <= 0) {
		ml->busy = 0;	/* ended (EOF) or gone */
		ml->ended = 1;
		return 1;
	}
	ml->busy = buf[n - 1] == 'b';
	return 1;
}

int modules_idle(struct modloader *ml, int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;

	if (ml->pid <= 0 || ml->ended)
		return 1;
	while (loader_news(ml, 0))	/* what is queued first */
		if (ml->ended)
			return 1;
	while (ml->busy) {
		long long left = deadline < 0 ? -1 : deadline - now_ms();

		if (deadline >= 0 && left <= 0)
			return 0;
		loader_news(ml, (int)left);
	}
	return 1;
}

/* Until the loader's end closes (it exited), at most until deadline;
 * its idle/busy news on the way are dropped. 1: it ended. */
static int loader_ended(struct modloader *ml, long long deadline)
{
	while (!ml->ended) {
		long long left = deadline - now_ms();

		if (left <= 0 || !loader_news(ml, (int)left))
			return ml->ended;
	}
	return 1;
}

void modules_stop(struct modloader *ml)
{
	if (ml->pid <= 0)
		return;
	/* A shutdown is seen by the loader at once; the loader's own end
	 * closing (it exited) makes our end readable with EOF. */
	shutdown(ml->fd, SHUT_WR);
	/* Still inside finit_module after STOP_WAIT_MS: a driver probe killed
	 * halfway can leave its device half set up, so it is left to finish.
	 * It stops by itself after that insertion; the real init, PID 1 after
	 * the exec, reaps it. */
	if (!loader_ended(ml, now_ms() + STOP_WAIT_MS))
		logmsg(LOG_INFO, "module loader still inserting after %d ms; left to finish on its own",
		       STOP_WAIT_MS);
	else
		for (int i = 0; i < 2; i++) {
			pid_t pid = i ? ml->fs_pid : ml->pid;

			while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
	close(ml->fd);
	ml->pid = ml->fs_pid = 0;
	ml->fd = -1;
}

/* -- modprobe ---------------------------------------------------------------------- */

int modules_is_modprobe(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;

	base = base ? base + 1 : argv0;
	return base && strcmp(base, "modprobe") == 0;
}

/* What one name (module or alias) came to after the loader settled it:
 * modindex_result of each module it names, the first error; 0 when the
 * module is in the kernel whatever the index says; -ENOENT when the image
 * has no module of that name. */
static int name_loaded(const char *name)
{
	char norm[MODNAME_MAX];

	fmt(norm, sizeof(norm), "%s", name);
	for (char *p = norm; *p; p++)
		if (*p == '-')
			*p = '_';
	return already_loaded(norm);
}

static int name_result(const struct loader *L, const char *name)
{
	int out[MAX_MATCHES], n;

	if (name_loaded(name))
		return 0;
	n = L->have_index ? modindex_lookup(&L->ix, name, out, MAX_MATCHES) : 0;
	if (n == 0)
		return -ENOENT;
	for (int i = 0; i < n && i < MAX_MATCHES; i++) {
		int r = modindex_result(&L->ix, out[i]);

		if (r < 0)
			return r;
	}
	return 0;
}

/* Loads what names[0..n) name, with what they need, synchronously; the
 * first name's error that is not 0 (name_result), else 0. The kernel's
 * modprobe and modules_load both come here, so a blacklisted module is
 * the same failure for both. */
static int load_names(const struct bootcfg *cfg, const char *const *names, int n)
{
	struct loader L;
	int err = 0;

	loader_init(&L, cfg);
	for (int i = 0; i < n; i++)
		want_alias(&L, names[i]);
	drain(&L);
	for (int i = 0; i < n; i++) {
		int r = name_result(&L, names[i]);

		if (r == -ENOENT && strncmp(names[i], "crypto-", 7) != 0)
			/* The crypto API asks for crypto-NAME (and -all) for
			 * every algorithm it instantiates, before /init even
			 * runs, only to find optional faster versions: a miss
			 * is normal there. */
			logmsg(LOG_DEBUG, "modprobe %s: no such module in the image", names[i]);
		if (r < 0 && !err)
			err = r;
	}
	loader_free(&L);
	return err;
}

/* The command line for the modprobe personality. The kernel may ask for a
 * module before /init has mounted /proc (a driver's request during its
 * probe): then /proc is mounted in a mount namespace of this process's
 * own, leaving /init's view alone. Returns 0, or -errno when the line
 * cannot be read at all. */
static int modprobe_cmdline(char *line, size_t n)
{
	ssize_t len = read_text("/proc/cmdline", line, n);

	if (len >= 0)
		return 0;
	if (sys_unshare_mounts() < 0)
		return -errno;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -errno;
	len = read_text("/proc/cmdline", line, n);
	return len < 0 ? (int)len : 0;
}

/* "modprobe -q -- NAME" as the kernel's request_module runs it. Options are
 * accepted and ignored. Exit status 0 when every name is in the kernel
 * (load_names), else 1. The command line is read as /init reads it (the
 * build's policy included); if it cannot be read, nothing is loaded: a
 * blacklist on it might name the module. */
int modules_modprobe(int argc, char **argv)
{
	static struct bootcfg cfg;
	char line[CMDLINE_MAX * 2];
	const char *names[64];
	int dashes = 0, n = 0, err = modprobe_cmdline(line, sizeof(line));

	if (err < 0 && !build_policy.lockdown) {
		logerr(LOG_WARNING, err, "modprobe %s: the kernel command line cannot be read yet, "
		       "so its blacklists cannot be honoured; not loading", argc > 1 ? argv[argc - 1] : "");
		return 1;
	}
	if (err < 0)
		line[0] = '\0';	/* LOCKDOWN takes no module words from it anyway */
	bootcfg_parse_policy(&cfg, line, &build_policy);
	for (int i = 1; i < argc && n < (int)(sizeof(names) / sizeof(names[0])); i++) {
		if (!dashes && argv[i][0] == '-') {
			dashes = strcmp(argv[i], "--") == 0;
			continue;
		}
		names[n++] = argv[i];
	}
	return load_names(&cfg, names, n) < 0 ? 1 : 0;
}

/* -- one module on demand ----------------------------------------------------------- */

/* A module a later boot step needs (loop, dm_verity, overlay, dm_crypt) and
 * the kernel would not ask for itself: loaded now, with what it needs, as
 * modprobe would, with modprobe's answer. */
int modules_load(const struct bootcfg *cfg, const char *alias)
{
	const char *names[] = { alias };

	if (name_loaded(alias))
		return 0;	/* no index to read */
	return load_names(cfg, names, 1);
}
