/* resume.h: resuming a hibernated system. /init waits for the resume=
 * device, then writes its number to /sys/power/resume (the offset first)
 * before any filesystem is mounted: if the device holds a hibernation
 * image the kernel restores it and this boot ends there. */
#ifndef BATON_RESUME_H
#define BATON_RESUME_H

#include "blockdev.h"
#include "bootcfg.h"

/* Nothing without resume= or with noresume; a device that does not appear
 * within the root's wait (at most ROOTWAIT_DEFAULT_S when that is for
 * ever), or that holds no image, is said and the boot goes on. */
void resume_try(const struct bootcfg *cfg, int uevent_fd, struct devlist *devs);

#endif
