/* rmbench.c: the harness of the rootfs-cleanup micro-benchmark
 * (bench/cleanup.sh). Static, so it also runs inside the bare tmpfs trees.
 *   rmbench mktree DIR N     N entries in an initramfs-like tree under DIR:
 *                            DIR/tNN/sNN/fNNNNN, 100 per directory, sizes
 *                            0..4095 bytes, every 50th a symlink (half of
 *                            them absolute, to /newroot: must not be followed)
 *   rmbench launch ROOT PROG [ARG...]
 *                            chroot ROOT, note CLOCK_MONOTONIC in BENCH_T0,
 *                            exec PROG (keeps the pid: run it as PID 1 of a
 *                            new pid namespace, as the kernel runs /init)
 *   stamp                    (argv[0] ending in "stamp": the "real init" the
 *                            switch_root under test execs) prints
 *                            "handover_ns=<exec of stamp - T0> done_ns=<all
 *                            children gone - T0>": a switch_root that deletes
 *                            in a forked child (util-linux) is done only
 *                            when that child is.
 * None of this deletes anything: the code under test does. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int die(const char *what)
{
	fprintf(stderr, "rmbench: %s: %s\n", what, strerror(errno));
	return 1;
}

static int mktree(const char *dir, long n)
{
	static char data[4096];
	char path[4096];
	long i;

	memset(data, 'x', sizeof(data));
	for (i = 0; i < n; i++) {
		long leaf = i / 100, top = leaf / 50, sub = leaf % 50;
		unsigned size = (unsigned)((unsigned long)i * 2654435761UL % 4096);

		if (i % 100 == 0) {
			if (sub == 0) {
				snprintf(path, sizeof(path), "%s/t%02ld", dir, top);
				if (mkdir(path, 0755) < 0 && errno != EEXIST)
					return die(path);
			}
			snprintf(path, sizeof(path), "%s/t%02ld/s%02ld", dir, top, sub);
			if (mkdir(path, 0755) < 0 && errno != EEXIST)
				return die(path);
		}
		snprintf(path, sizeof(path), "%s/t%02ld/s%02ld/f%06ld", dir, top, sub, i);
		if (i % 50 == 49) {
			if (symlink(i % 100 == 99 ? "/newroot" : "../s00", path) < 0)
				return die(path);
			continue;
		}
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);

		if (fd < 0)
			return die(path);
		if (size && write(fd, data, size) != (ssize_t)size)
			return die(path);
		close(fd);
	}
	return 0;
}

static int launch(char **argv)
{
	char t0[32];

	if (chroot(argv[0]) < 0 || chdir("/") < 0)
		return die(argv[0]);
	snprintf(t0, sizeof(t0), "%lld", now_ns());
	setenv("BENCH_T0", t0, 1);
	execv(argv[1], argv + 1);
	return die(argv[1]);
}

static int stamp(void)
{
	long long t1 = now_ns(), t2, t0;
	const char *e = getenv("BENCH_T0");

	while (wait(NULL) > 0 || errno == EINTR)
		;
	t2 = now_ns();
	if (!e) {
		fprintf(stderr, "stamp: no BENCH_T0 in the environment\n");
		return 1;
	}
	t0 = atoll(e);
	printf("handover_ns=%lld done_ns=%lld\n", t1 - t0, t2 - t0);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	size_t l = strlen(argv[0]);

	if (l >= 5 && strcmp(argv[0] + l - 5, "stamp") == 0)
		return stamp();
	if (argc == 4 && strcmp(argv[1], "mktree") == 0)
		return mktree(argv[2], atol(argv[3]));
	if (argc >= 4 && strcmp(argv[1], "launch") == 0)
		return launch(argv + 2);
	fprintf(stderr, "usage: rmbench mktree DIR N | rmbench launch ROOT PROG [ARG...]\n");
	return 2;
}
