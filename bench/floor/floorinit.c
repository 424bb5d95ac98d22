/* floorinit.c: the bench's "floor", an /init that knows everything in
 * advance and does nothing else: the module files of baton's own image in
 * a fixed order, one finit_module each (no index, no device matching), the
 * filesystem stack in a second process beside the disk drivers (the fastest
 * order measured), /dev/vda1 polled every 1 ms, mounted as ext4, /dev moved
 * along, exec of /sbin/init. No probing, no cleanup, no messages, no error
 * handling beyond what the bench needs to see a failure (the real init is
 * never reached). What baton's time in the initramfs is compared against.
 *   /floor/disk, /floor/fs: module file paths, one a line, in load order. */
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void load_list(const char *list)
{
	static char buf[4096];
	int fd = open(list, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (char *p = buf, *nl; *p; p = nl + 1) {
		int m;

		for (nl = p; *nl && *nl != '\n'; nl++)
			;
		if (!*nl)
			break;
		*nl = '\0';
		m = open(p, O_RDONLY | O_CLOEXEC);
		if (m >= 0) {
			syscall(SYS_finit_module, m, "", 0);
			close(m);
		}
	}
}

int main(void)
{
	struct timespec ms = { 0, 1000000 };
	struct stat st;
	pid_t fs;

	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fs = fork();
	if (fs == 0) {
		load_list("/floor/fs");
		_exit(0);
	}
	load_list("/floor/disk");
	while (stat("/dev/vda1", &st) != 0)
		nanosleep(&ms, NULL);
	if (fs > 0)
		waitpid(fs, NULL, 0);
	if (mount("/dev/vda1", "/newroot", "ext4", 0, NULL) != 0)
		return 1;
	mount("/dev", "/newroot/dev", NULL, MS_MOVE, NULL);
	if (chdir("/newroot") != 0 || mount(".", "/", NULL, MS_MOVE, NULL) != 0 || chroot(".") != 0)
		return 1;
	chdir("/");
	execl("/sbin/init", "/sbin/init", (char *)NULL);
	return 1;
}
