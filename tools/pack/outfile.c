/* outfile.c: the temporary-then-rename output (see outfile.h). No fsync:
 * the image is a build product that is rebuilt if a crash loses it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"

/* The temporary to remove if a signal ends the run; unlink(2) is
 * async-signal-safe, free(3) is not, hence a pointer set and cleared
 * around the malloc'd name's lifetime. */
static const char *volatile pending_tmp;

static void on_signal(int sig)
{
	const char *tmp = pending_tmp;

	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* O_EXCL, but a leftover of a killed run that had our PID (common in
 * containers, where PIDs repeat) is ours to replace: no live process can
 * be using that name. */
static int create_tmp(const char *tmp)
{
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
	int fd = open(tmp, flags, 0666);

	if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)
		fd = open(tmp, flags, 0666);
	return fd < 0 ? -errno : fd;
}

int outfile_open(struct outfile *o, const char *path)
{
	int fd;

	o->path = path;
	o->tmp = NULL;
	o->fd = STDOUT_FILENO;
	if (!path)
		return 0;
	if (asprintf(&o->tmp, "%s.tmp.%ld", path, (long)getpid()) < 0) {
		o->tmp = NULL;
		return -ENOMEM;
	}
	catch_signals();
	pending_tmp = o->tmp;
	fd = create_tmp(o->tmp);
	if (fd < 0) {
		pending_tmp = NULL;
		free(o->tmp);
		o->tmp = NULL;
		return fd;
	}
	o->fd = fd;
	return 0;
}

static void forget_tmp(struct outfile *o)
{
	pending_tmp = NULL;
	free(o->tmp);
	o->tmp = NULL;
	o->fd = -1;
}

int outfile_commit(struct outfile *o)
{
	int rc = 0;

	if (!o->tmp)
		return 0;
	/* close can report a delayed write error (NFS, quota). */
	if (close(o->fd) < 0)
		rc = -errno;
	if (rc == 0 && rename(o->tmp, o->path) < 0)
		rc = -errno;
	if (rc < 0)
		unlink(o->tmp);
	forget_tmp(o);
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (!o->tmp)
		return;
	close(o->fd);
	unlink(o->tmp);
	forget_tmp(o);
}

const char *outfile_name(const struct outfile *o)
{
	return o->path ? o->path : "standard output";
}
