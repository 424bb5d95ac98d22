/* compress.c: the compressor child (see compress.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compress.h"
#include "num.h"

struct format {
	const char *name;
	unsigned min, max, def;
	const char *argv[7];	/* the level argument is appended */
	const char *level_pre, *level_post;	/* that argument: pre, level, post */
};

static const struct format formats[] = {
	{ "gzip", 1, 9, 9, { "gzip", "-n", "-c" }, "-", "" },
	{ "xz", 0, 9, 6, { "xz", "-c", "-T1", "--check=crc32" }, "--lzma2=preset=", ",dict=1MiB" },
	{ "zstd", 1, 19, 19, { "zstd", "-q", "-c" }, "-", "" },
	{ "lz4", 1, 12, 9, { "lz4", "-l", "-q", "-c" }, "-", "" },
};

static const struct format *find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strlen(formats[i].name) == len && strncmp(formats[i].name, name, len) == 0)
			return &formats[i];
	return NULL;
}

static int set_argv(const struct format *f, unsigned level, struct compress *z)
{
	size_t i;

	z->name = f->name;
	snprintf(z->level, sizeof z->level, "%s%u%s", f->level_pre, level, f->level_post);
	for (i = 0; f->argv[i]; i++)
		z->argv[i] = f->argv[i];
	z->argv[i++] = z->level;
	z->argv[i] = NULL;
	return 0;
}

int compress_parse(const char *arg, struct compress *z, const char **why)
{
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	const struct format *f = find(arg, len);
	uint32_t level;

	memset(z, 0, sizeof *z);
	if (strcmp(arg, "none") == 0)
		return 0;
	if (!f) {
		*why = "unknown format: use gzip, xz, zstd, lz4 or none";
		return -EINVAL;
	}
	if (!colon)
		return set_argv(f, f->def, z);
	if (num_parse(colon + 1, 10, f->max, &level) < 0 || level < f->min) {
		*why = "bad level: gzip takes 1-9, xz 0-9, zstd 1-19, lz4 1-12";
		return -EINVAL;
	}
	return set_argv(f, level, z);
}

/* In the child: stdin from the pipe, stdout the output; on failure the
 * errno goes back through report. */
static void exec_child(const struct compress *z, int in, int out, int report)
{
	int e;

	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0) {
		e = errno;
	} else {
		execvp(z->argv[0], (char *const *)z->argv);
		e = errno;
	}
	if (write(report, &e, sizeof e) < 0)
		_exit(126);
	_exit(127);
}

int compress_start(const struct compress *z, int out, int *in, pid_t *pid)
{
	int p[2], r[2], e = 0;
	ssize_t k;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(r, O_CLOEXEC) < 0) {
		e = -errno;
		close(p[0]);
		close(p[1]);
		return e;
	}
	*pid = fork();
	if (*pid == 0)
		exec_child(z, p[0], out, r[1]);
	e = *pid < 0 ? errno : 0;
	close(p[0]);
	close(r[1]);
	while (!e && (k = read(r[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(r[0]);
	if (e) {		/* fork or exec failed */
		close(p[1]);
		if (*pid > 0)
			waitpid(*pid, NULL, 0);
		return -e;
	}
	*in = p[1];
	return 0;
}

int compress_finish(int in, pid_t pid, int *status)
{
	int st;

	close(in);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return *status ? -EIO : 0;
}
