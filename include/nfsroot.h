/* nfsroot.h: the root over NFS (root=/dev/nfs with nfsroot=, as the
 * kernel spells it, or dracut's root=nfs:SERVER:PATH[:OPTS]): what to
 * mount and with which options, for the kernel's own NFS client. Pure;
 * mounting is in init/nfsroot.c. */
#ifndef BATON_NFSROOT_H
#define BATON_NFSROOT_H

#include <stddef.h>
#include <stdint.h>

/* What mount(2) gets: "SERVER:PATH" and the text options. */
struct nfs_mount {
	char source[512];
	char data[1024];
	int version;		/* 2, 3 or 4 (the vers= asked, else 3) */
	uint32_t server;	/* network byte order */
};

/* Builds the mount from, in this order of preference: dracut's root=nfs:
 * value (spec: "[SERVER:]PATH[:OPTS]", NULL for root=/dev/nfs), nfsroot=
 * ("[SERVER:]PATH[,OPTS]", may be NULL) or DHCP's root path (option 17,
 * "[SERVER:]PATH[,OPTS]", may be ""). A SERVER left out is dflt_server
 * (ip='s SERVER, DHCP's next server); "%s" in PATH becomes the client's
 * address, as the kernel does. The options: the user's, then addr=SERVER
 * (the kernel's text mount needs it), nolock for version 2 and 3 unless
 * lock/nolock was given (no statd in an initramfs), vers=3 if no vers= or
 * nfsvers= was given. Returns 0, or -EINVAL with *why. */
int nfs_mount_build(const char *spec, const char *nfsroot, const char *dhcp_path,
		    uint32_t dflt_server, uint32_t client, struct nfs_mount *m, const char **why);

#endif
