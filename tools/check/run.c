/* run.c: a decompressor fed from memory (see run.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

#define CHUNK (256 * 1024)

static void close_all(int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int wait_for(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 255;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* In the child: the tool, with the pipes as its standard fds. */
static void exec_tool(const char *const *argv, int in, int out, int err, int report)
{
	int e;

	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
		e = errno;
	} else {
		execvp(argv[0], (char *const *)argv);
		e = errno;
	}
	if (write(report, &e, sizeof e) < 0)
		_exit(126);
	_exit(127);
}

static void keep_err(struct run_result *r, const char *p, size_t n)
{
	size_t have = strlen(r->err), i;

	for (i = 0; i < n && have + 1 < sizeof r->err; i++)
		r->err[have++] = p[i] == '\n' ? ' ' : p[i];
	r->err[have] = '\0';
}

/* Reads the tool's stdout and stderr until both end. */
static void pump(int *outfd, int *errfd, run_out_fn out, void *ctx, struct run_result *r)
{
	static uint8_t buf[CHUNK];

	while (*outfd >= 0 || *errfd >= 0) {
		struct pollfd pf[2] = { { *outfd, POLLIN, 0 }, { *errfd, POLLIN, 0 } };
		int i;

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			int *fd = i ? errfd : outfd;
			ssize_t k;

			if (*fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			k = read(*fd, buf, sizeof buf);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				close_all(fd, 1);
			} else if (i) {
				keep_err(r, (const char *)buf, (size_t)k);
			} else if (!r->stopped && out(ctx, buf, (size_t)k)) {
				r->stopped = 1;
				close_all(fd, 1);	/* the tool ends on SIGPIPE */
			}
		}
	}
}

static pid_t start_feeder(int wfd, int *others, size_t nothers, const uint8_t *in, size_t n)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		close_all(others, nothers);
		_exit(write_all(wfd, in, n) < 0);
	}
	return pid;
}

/* Forks the tool on the pipes fd[] (in, out, err, exec-report pairs) and
 * waits until it has exec'd. Returns its pid, or -errno. */
static pid_t start_tool(const char *const *argv, int *fd)
{
	pid_t tool = fork();
	int e = 0;
	ssize_t k;

	if (tool < 0)
		return -errno;
	if (tool == 0)
		exec_tool(argv, fd[0], fd[3], fd[5], fd[7]);
	/* The tool's ends of the pipes are the tool's now. */
	close_all(fd + 0, 1);
	close_all(fd + 3, 1);
	close_all(fd + 5, 1);
	close_all(fd + 7, 1);
	while ((k = read(fd[6], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close_all(fd + 6, 1);
	if (k == (ssize_t)sizeof e) {	/* exec failed */
		wait_for(tool);
		return -e;
	}
	return tool;
}

int run_filter(const char *const *argv, const uint8_t *in, size_t n, run_out_fn out, void *ctx,
	       struct run_result *r)
{
	int fd[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	pid_t tool, feeder;
	int i, rc;

	memset(r, 0, sizeof *r);
	for (i = 0; i < 8; i += 2)
		if (pipe2(fd + i, O_CLOEXEC) < 0) {
			rc = -errno;
			close_all(fd, 8);
			return rc;
		}
	tool = start_tool(argv, fd);
	if (tool < 0) {
		close_all(fd, 8);
		return (int)tool;
	}
	{
		int ours[2] = { fd[2], fd[4] };

		feeder = start_feeder(fd[1], ours, 2, in, n);
	}
	close_all(fd + 1, 1);
	pump(&fd[2], &fd[4], out, ctx, r);
	close_all(fd, 8);
	if (feeder > 0)
		wait_for(feeder);
	r->status = wait_for(tool);
	return 0;
}
