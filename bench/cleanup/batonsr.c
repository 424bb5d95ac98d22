/* batonsr.c: baton's own switch step as a program, for the rootfs-cleanup
 * micro-benchmark: calls init/switchroot.c's switch_root("/newroot") (the
 * checks, the API-mount moves, the delete, the move onto /, the chroot),
 * then execs /stamp in the new root. Linked with baton's objects, so this
 * is the code /init runs, not a copy. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

int main(int argc, char **argv, char **envp)
{
	int err = switch_root(NEWROOT, 0);

	(void)argc;
	if (err < 0) {
		logerr(LOG_ERR, err, "switch_root(" NEWROOT ") failed");
		return 1;
	}
	argv[0] = "/stamp";
	execve("/stamp", argv, envp);
	logerr(LOG_ERR, -errno, "exec /stamp failed");
	return 1;
}
