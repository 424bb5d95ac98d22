/* preload.c: the library an unprivileged user leaves in /home/u for
 * tests/qemu/t-lockdown.sh. If the dynamic loader of the real init ever
 * obeys an LD_PRELOAD= from the kernel command line, its constructor says
 * so on the console. */
#include <fcntl.h>
#include <unistd.h>

__attribute__((constructor)) static void ran(void)
{
	static const char msg[] = "PRELOAD-RAN as pid 1\n";
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

	if (fd >= 0) {
		write(fd, msg, sizeof(msg) - 1);
		close(fd);
	}
	write(1, msg, sizeof(msg) - 1);
}
