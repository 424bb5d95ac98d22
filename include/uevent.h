/* uevent.h: reading the kernel's uevent messages. Pure: the socket side
 * lives in init/uevent.c. */
#ifndef BATON_UEVENT_H
#define BATON_UEVENT_H

#include <stddef.h>
#include <sys/types.h>

/* A kernel uevent is "action@devpath\0KEY=value\0...". Returns 1 and fills
 * name/devt when buf is an "add" of a block device with DEVNAME, MAJOR and
 * MINOR; 0 for any other event or a malformed one. */
int uevent_parse_block_add(const char *buf, size_t len, char *name, size_t n,
			   dev_t *devt);
/* The same for "add" and "change" (media inserted, a table rewritten):
 * UEVENT_BLOCK_ADD or UEVENT_BLOCK_CHANGE, else 0. */
#define UEVENT_BLOCK_ADD	1
#define UEVENT_BLOCK_CHANGE	2
int uevent_parse_block(const char *buf, size_t len, char *name, size_t n, dev_t *devt);

/* The MODALIAS= of an "add" event (a device a driver module may want:
 * "pci:v00001AF4d00001001sv...", "virtio:d00000002v00001AF4"), pointing
 * into buf; NULL for any other event or one without MODALIAS. */
const char *uevent_modalias(const char *buf, size_t len);

#endif
