/* runtool.c: starts a program from the image and waits for it, bounded.
 * The program runs in a session of its own, so a timeout ends it and
 * whatever it started; it either talks to the person at the console
 * (RUN_CONSOLE: a passphrase prompt) or has its output captured for the
 * caller to quote. Whether exec worked is learnt over a close-on-exec
 * pipe, so "not in the image" and "its loader is not in the image" are
 * told apart from the program's own failures. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat.h"
#include "runtool.h"

#define NOPIDFD_POLL_MS	20	/* waitpid polling where there is no pidfd */

static const char *const default_env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

struct child {
	pid_t pid;
	int pidfd;		/* -1: poll waitpid instead */
	int outfd;		/* read end of the capture pipe, -1 none */
	int status;		/* waitpid's, once exited */
	int exited;
	int killed;		/* SIGTERM sent for the timeout */
};

static void console_stdio(void)
{
	int fd = open("/dev/console", O_RDWR);

	if (fd < 0)
		return;
	/* A session leader without a terminal: the console becomes ours,
	 * taken even if the kernel had given it to no one. */
	ioctl(fd, TIOCSCTTY, (void *)1);
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static void output_to_console(void)
{
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

	if (fd < 0)
		return;		/* keep /init's own fd 1 and 2 */
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/* In the child: never returns. Reports an exec failure's errno on errw. */
static void child_exec(const struct tool_run *r, int in_rd, int out_wr, int errw)
{
	sigset_t none;
	int err;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	setsid();
	if (r->flags & RUN_CONSOLE) {
		console_stdio();
	} else {
		int in = in_rd >= 0 ? in_rd : open("/dev/null", O_RDONLY);

		if (in >= 0 && in != 0) {
			dup2(in, 0);
			close(in);
		}
		if (out_wr >= 0) {
			dup2(out_wr, 1);
			dup2(out_wr, 2);
			close(out_wr);
		} else {
			output_to_console();
		}
	}
	/* execve() takes char *const[] only for history's sake: it never
	 * writes to the strings (POSIX, rationale of exec). */
	execve(r->path, (char *const *)r->argv, (char *const *)(r->envp ? r->envp : default_env));
	err = errno;
	while (write(errw, &err, sizeof(err)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/* Blocks until exec succeeded (EOF) or failed (its errno). */
static int exec_result(int errr, const char *path)
{
	int err = 0;
	ssize_t n;

	do
		n = read(errr, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(errr);
	if (n != (ssize_t)sizeof(err))
		return 0;
	/* ENOENT for a file that is there: the kernel could not find the
	 * ELF interpreter it names. */
	if (err == ENOENT && access(path, F_OK) == 0)
		return -ELIBACC;
	return -err;
}

static void reap(struct child *c, int block)
{
	pid_t r;

	do
		r = waitpid(c->pid, &c->status, block ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == c->pid || (r < 0 && errno == ECHILD))
		c->exited = 1;
}

/* One read from the capture pipe into r->out (past its room: dropped).
 * Returns 1 when something was read, 0 at EOF (pipe closed), -1 when
 * nothing is there now. */
static int capture(struct tool_run *r, struct child *c)
{
	char drop[512];
	ssize_t n;
	size_t room = r->out_size > r->out_len + 1 ? r->out_size - r->out_len - 1 : 0;

	if (room)
		n = read(c->outfd, r->out + r->out_len, room);
	else
		n = read(c->outfd, drop, sizeof(drop));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return -1;
	if (n <= 0) {
		close(c->outfd);
		c->outfd = -1;
		return 0;
	}
	if (room) {
		r->out_len += (size_t)n;
		r->out[r->out_len] = '\0';
	}
	return 1;
}

/* After the program exits, what it wrote is taken up to where the pipe
 * would block: a daemon it left behind may hold the pipe open. */
static void drain(struct tool_run *r, struct child *c)
{
	fcntl(c->outfd, F_SETFL, O_NONBLOCK);
	while (c->outfd >= 0 && capture(r, c) > 0)
		;
	if (c->outfd >= 0)
		close(c->outfd);
	c->outfd = -1;
}

/* ms until deadline, -1 for none, 0 when passed. */
static int left_ms(long long deadline)
{
	long long left;

	if (deadline < 0)
		return -1;
	left = deadline - now_ms();
	return left > 0 ? (int)left : 0;
}

static void on_deadline(struct child *c, long long *deadline)
{
	if (!c->killed) {
		kill(-c->pid, SIGTERM);
		c->killed = 1;
		*deadline = now_ms() + RUN_KILL_GRACE_MS;
	} else {
		kill(-c->pid, SIGKILL);
		*deadline = -1;
	}
}

static void wait_child(struct tool_run *r, struct child *c)
{
	long long deadline = r->timeout_ms < 0 ? -1 : now_ms() + r->timeout_ms;

	while (!c->exited) {
		struct pollfd p[2];
		int n = 0, t = left_ms(deadline), pr;

		if (c->pidfd >= 0)
			p[n++] = (struct pollfd){ .fd = c->pidfd, .events = POLLIN };
		if (c->outfd >= 0)
			p[n++] = (struct pollfd){ .fd = c->outfd, .events = POLLIN };
		if (c->pidfd < 0 && (t < 0 || t > NOPIDFD_POLL_MS))
			t = NOPIDFD_POLL_MS;
		pr = poll(p, (nfds_t)n, t);
		if (pr < 0 && errno != EINTR)
			break;
		if (c->outfd >= 0 && pr > 0 && (p[n - 1].revents & (POLLIN | POLLHUP | POLLERR)))
			capture(r, c);
		reap(c, 0);
		if (!c->exited && deadline >= 0 && left_ms(deadline) == 0)
			on_deadline(c, &deadline);
	}
	if (!c->exited)
		reap(c, 1);
	if (c->outfd >= 0)
		drain(r, c);
}

static int open_pipes(struct tool_run *r, int in[2], int out[2], int errp[2])
{
	in[0] = in[1] = out[0] = out[1] = -1;
	if (pipe2(errp, O_CLOEXEC) < 0)
		return -errno;
	if (!(r->flags & RUN_CONSOLE) && r->input && pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	if (!(r->flags & RUN_CONSOLE) && r->out && r->out_size && pipe2(out, O_CLOEXEC) < 0)
		return -errno;
	return 0;
}

static void close_all(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* The pipe is empty and larger than RUN_INPUT_MAX: one write. A program
 * that exited first gives EPIPE, not a SIGPIPE to us. */
static void feed_input(const struct tool_run *r, int fd)
{
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);

	while (write(fd, r->input, r->input_len) < 0 && errno == EINTR)
		;
	signal(SIGPIPE, old);
	close(fd);
}

static int status_of(const struct child *c)
{
	if (c->killed)
		return -ETIMEDOUT;
	if (WIFEXITED(c->status))
		return WEXITSTATUS(c->status);
	if (WIFSIGNALED(c->status))
		return 128 + WTERMSIG(c->status);
	return -ECHILD;
}

int tool_run(struct tool_run *r)
{
	int in[2], out[2], errp[2] = { -1, -1 }, err;
	struct child c = { .pidfd = -1, .outfd = -1 };

	r->out_len = 0;
	if (r->out && r->out_size)
		r->out[0] = '\0';
	if (access(r->path, F_OK) < 0)
		return -errno;
	if (access(r->path, X_OK) < 0)
		return -EACCES;
	if (r->input && r->input_len > RUN_INPUT_MAX)
		return -E2BIG;
	err = open_pipes(r, in, out, errp);
	if (err < 0)
		goto fail;
	c.pid = fork();
	if (c.pid < 0) {
		err = -errno;
		goto fail;
	}
	if (c.pid == 0) {
		close(errp[0]);
		child_exec(r, in[0], out[1], errp[1]);
	}
	close(errp[1]);
	close_all((int[]){ in[0], out[1] }, 2);
	c.outfd = out[0];
	c.pidfd = sys_pidfd_open(c.pid);
	err = exec_result(errp[0], r->path);
	if (in[1] >= 0) {
		if (err == 0)
			feed_input(r, in[1]);	/* one that stops reading says so itself */
		else
			close(in[1]);
	}
	if (err < 0) {
		reap(&c, 1);
		close_all((int[]){ c.outfd, c.pidfd }, 2);
		return err;
	}
	wait_child(r, &c);
	if (c.pidfd >= 0)
		close(c.pidfd);
	return status_of(&c);
fail:
	close_all((int[]){ in[0], in[1], out[0], out[1], errp[0], errp[1] }, 6);
	return err;
}

const char *tool_strerror(int err)
{
	switch (err) {
	case -ENOENT:
		return "not in the image";
	case -EACCES:
		return "not executable";
	case -ELIBACC:
		return "its dynamic loader (ELF interpreter) is not in the image";
	case -ETIMEDOUT:
		return "did not finish in time and was killed";
	case -E2BIG:
		return "input too long";
	default:
		return NULL;
	}
}
