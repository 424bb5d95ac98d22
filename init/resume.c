/* resume.c: resume= for a hibernated system. The kernel only resumes at
 * boot from a device it can name itself before /init runs (not UUID=, not
 * a disk whose driver is a module), so /init finds the device and then
 * hands it to the kernel through /sys/power/resume, before any filesystem
 * is mounted. If the device holds a hibernation image the kernel restores
 * it and never returns to us. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "log.h"
#include "resume.h"
#include "sys.h"

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(text), w;

	if (fd < 0)
		return -errno;
	w = write(fd, text, (size_t)len);
	w = w < 0 ? -errno : (w == len ? 0 : -EIO);
	close(fd);
	return (int)w;
}

/* The offset first: the kernel reads it when the device is written. */
static int ask_kernel(const struct resume_cfg *r, dev_t devt)
{
	char num[32];
	int err;

	if (r->offset_set) {
		fmt(num, sizeof(num), "%llu", r->offset);
		err = write_text("/sys/power/resume_offset", num);
		if (err < 0)
			return err;
	}
	fmt(num, sizeof(num), "%u:%u", major(devt), minor(devt));
	return write_text("/sys/power/resume", num);
}

void resume_try(const struct bootcfg *cfg, int uevent_fd, struct devlist *devs)
{
	const struct resume_cfg *r = &cfg->resume;
	char val[RESUME_ARG_MAX];
	struct root_spec spec;
	const char *why;
	int secs = root_wait_seconds(cfg), i, err;

	if (!r->arg[0])
		return;
	if (r->noresume) {
		logmsg(LOG_INFO, "noresume: not resuming from %s", r->arg);
		return;
	}
	memcpy(val, r->arg, sizeof(val));
	if (r->too_long || rootspec_parse(&spec, val, &why) < 0) {
		logmsg(LOG_WARNING, "resume=%s not understood: %s; booting without resuming", r->arg,
		       r->too_long ? "too long" : why);
		return;
	}
	if (access("/sys/power/resume", F_OK) < 0) {
		logmsg(LOG_WARNING, "resume=%s: this kernel cannot resume (no /sys/power/resume: CONFIG_HIBERNATION off); booting without resuming",
		       r->arg);
		return;
	}
	/* A missing resume device must not hold the boot for ever. */
	if (secs < 0)
		secs = ROOTWAIT_DEFAULT_S;
	i = dev_wait(&spec, secs, uevent_fd, devs);
	if (i < 0) {
		if (i == -ETIMEDOUT)
			logmsg(LOG_WARNING, "resume device %s not found after %d s; booting without resuming",
			       r->arg, secs);
		else
			logerr(LOG_WARNING, i, "looking for resume device %s failed; booting without resuming",
			       r->arg);
		return;
	}
	logmsg(LOG_INFO, "resuming from %s (/dev/%s, %u:%u) if it holds a hibernation image",
	       r->arg, devs->dev[i].name, major(devs->dev[i].devt), minor(devs->dev[i].devt));
	err = ask_kernel(r, devs->dev[i].devt);
	/* Only reached when the kernel found no image there (or refused). */
	if (err < 0)
		logerr(LOG_WARNING, err, "the kernel refused to resume from /dev/%s; booting normally",
		       devs->dev[i].name);
	else
		logmsg(LOG_INFO, "no hibernation image on /dev/%s; booting normally",
		       devs->dev[i].name);
}
