#include <stdio.h>
#include <string.h>
#include <errno.h>

int main(int argc, char **argv)
{
	printf("hello from %s, %d args, strerror(ENOENT)=%s\n",
	       argc > 0 ? "main" : "?", argc, strerror(ENOENT));
	return argc > 1 ? 3 : 0;
}
