/* elf.h: what execve needs to know from an ELF file's first bytes: its
 * class, machine, type and the interpreter (PT_INTERP) it asks for. */
#ifndef BATON_CHECK_ELF_H
#define BATON_CHECK_ELF_H

#include <stddef.h>
#include <stdint.h>

struct elf_info {
	int bits;		/* 32 or 64 */
	int big_endian;
	uint16_t type, machine;
	int has_interp;
	char interp[256];	/* PT_INTERP, when has_interp */
};

/* Parses the ELF header and program headers in p[0..n). Returns 0,
 * -EINVAL if it is no ELF file execve takes (bad class/data, not an
 * executable or shared object), -ENODATA if the program headers or the
 * interpreter string lie beyond the n bytes seen. */
int elf_parse(const uint8_t *p, size_t n, struct elf_info *e);
/* "x86-64", "aarch64", ... or "machine N" (static buffer). */
const char *elf_machine(uint16_t machine);

#endif
