/* test_mountopts.c: rootflags= split into MS_* flags and filesystem data. */
#include <sys/mount.h>

#include "check.h"
#include "mountopts.h"

int main(void)
{
	char data[64];
	unsigned long flags;

	flags = MS_RDONLY;
	CHECK_INT("opts-null", mountopts_split(NULL, &flags, data, sizeof(data)), 0);
	CHECK_STR("opts-null-data", data, "");
	CHECK_INT("opts-null-flags", flags, MS_RDONLY);

	flags = 0;
	mountopts_split("noatime,subvol=@,nosuid,compress=zstd:3", &flags, data, sizeof(data));
	CHECK_STR("opts-mixed-data", data, "subvol=@,compress=zstd:3");
	CHECK_INT("opts-mixed-flags", flags, MS_NOATIME | MS_NOSUID);

	flags = MS_RDONLY;
	mountopts_split("rw", &flags, data, sizeof(data));
	CHECK_INT("opts-rw-clears-ro", flags, 0);
	CHECK_STR("opts-rw-no-data", data, "");

	flags = 0;
	mountopts_split(",,data=journal,,", &flags, data, sizeof(data));
	CHECK_STR("opts-empty-items", data, "data=journal");

	flags = 0;
	mountopts_split("noatimex,atime", &flags, data, sizeof(data));
	CHECK_STR("opts-prefix-is-not-a-flag", data, "noatimex");

	flags = 0;
	CHECK_INT("opts-too-long", mountopts_split("aaaaaaaaaa,bbbbbbbbbb", &flags, data, 12), -7);
	return CHECK_EXIT();
}
