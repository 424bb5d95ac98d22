/* tool_verity.c: reads the verity superblock of a hash image with
 * init/verity.c and prints it as `veritysetup dump` does (UUID, hash type,
 * data blocks and block size, hash block size, algorithm, salt), then the
 * dm-verity table line baton would load for ROOTHASH with data device 7:0
 * and hash device 7:1. Used by t-verity.sh. Exit 1 when the superblock is
 * refused (the reason on stderr). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "verity.h"

int main(int argc, char **argv)
{
	unsigned char buf[VERITY_SB_SIZE];
	struct verity_sb sb;
	char table[VERITY_TABLE_MAX];
	unsigned long long sectors;
	const char *why = NULL;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: tool_verity HASHIMAGE ROOTHASH\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		perror(argv[1]);
		return 2;
	}
	close(fd);
	if (verity_sb_parse(buf, sizeof(buf), &sb, &why) < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], why);
		return 1;
	}
	printf("UUID: %s\nHash type: %u\nData blocks: %llu\nData block size: %u\n"
	       "Hash block size: %u\nHash algorithm: %s\nSalt: ", sb.uuid, sb.hash_type,
	       sb.data_blocks, sb.data_block_size, sb.hash_block_size, sb.algorithm);
	for (unsigned i = 0; i < sb.salt_size; i++)
		printf("%02x", sb.salt[i]);
	printf("%s\n", sb.salt_size ? "" : "-");
	if (verity_table(table, sizeof(table), &sb, "7:0", "7:1", argv[2], NULL, &sectors,
			 &why) < 0) {
		fprintf(stderr, "table: %s\n", why ? why : "too long");
		return 1;
	}
	printf("Table: 0 %llu verity %s\n", sectors, table);
	return 0;
}
