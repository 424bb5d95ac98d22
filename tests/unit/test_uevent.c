/* test_uevent.c: block "add" events picked out of kernel uevent messages. */
#include <sys/sysmacros.h>

#include "check.h"
#include "uevent.h"

#define MSG(s) s, sizeof(s) - 1

int main(void)
{
	char name[32];
	dev_t d = 0;
	int r;

	r = uevent_parse_block_add(MSG("add@/devices/pci0000:00/0000:00:04.0/virtio1/block/vda/vda1\0"
		"ACTION=add\0DEVPATH=/devices/x/block/vda/vda1\0SUBSYSTEM=block\0"
		"MAJOR=254\0MINOR=1\0DEVNAME=vda1\0DEVTYPE=partition\0PARTN=1\0SEQNUM=1234\0"),
		name, sizeof(name), &d);
	CHECK_INT("uevent-partition", r, 1);
	CHECK_STR("uevent-partition-name", name, "vda1");
	CHECK_INT("uevent-partition-devt", d, makedev(254, 1));

	r = uevent_parse_block_add(MSG("add@/x\0ACTION=add\0SUBSYSTEM=block\0MAJOR=104\0MINOR=0\0DEVNAME=cciss/c0d0\0"),
		name, sizeof(name), &d);
	CHECK_STR("uevent-slash-name", name, "cciss!c0d0");

	r = uevent_parse_block_add(MSG("remove@/x\0ACTION=remove\0SUBSYSTEM=block\0MAJOR=8\0MINOR=0\0DEVNAME=sda\0"),
		name, sizeof(name), &d);
	CHECK_INT("uevent-remove-ignored", r, 0);
	r = uevent_parse_block_add(MSG("add@/x\0ACTION=add\0SUBSYSTEM=net\0DEVNAME=x\0MAJOR=1\0MINOR=1\0"),
		name, sizeof(name), &d);
	CHECK_INT("uevent-other-subsystem", r, 0);
	r = uevent_parse_block_add(MSG("add@/x\0ACTION=add\0SUBSYSTEM=block\0MAJOR=8\0DEVNAME=sda\0"),
		name, sizeof(name), &d);
	CHECK_INT("uevent-no-minor", r, 0);
	r = uevent_parse_block_add(MSG("add@/x\0ACTION=add\0SUBSYSTEM=block\0MAJOR=8x\0MINOR=0\0DEVNAME=sda\0"),
		name, sizeof(name), &d);
	CHECK_INT("uevent-bad-major", r, 0);
	/* The last field is not NUL-terminated within the buffer. */
	r = uevent_parse_block_add("add@/x\0ACTION=add\0SUBSYSTEM=block\0MAJOR=8\0MINOR=0\0DEVNAME=sda", 52,
		name, sizeof(name), &d);
	CHECK_INT("uevent-unterminated", r, 0);
	r = uevent_parse_block_add(MSG("add@/x\0ACTION=add\0SUBSYSTEM=block\0MAJOR=8\0MINOR=0\0"
		"DEVNAME=averyveryveryverylongdevicename0123456789\0"), name, sizeof(name), &d);
	CHECK_INT("uevent-name-too-long", r, 0);
	r = uevent_parse_block_add("", 0, name, sizeof(name), &d);
	CHECK_INT("uevent-empty", r, 0);
	return CHECK_EXIT();
}
