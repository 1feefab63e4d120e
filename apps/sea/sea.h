/* The SEA runtime: QuickJS with a native module, and the payload that
 * sea-inject puts in it (payload.h). */
#ifndef SEA_H
#define SEA_H

#include <stddef.h>

#include "quickjs.h"

#define SEA_EXIT_PAYLOAD 65	/* payload refused: tampered, truncated, other version */
#define SEA_EXIT_USAGE   2

/* The payload note of the running program, found through its program
 * headers (the loader mapped it); 0 and *desc set, or -1. */
int sea_self_note(const unsigned char **desc, size_t *len);

/* The module "native" (native.c). */
JSModuleDef *sea_init_native(JSContext *ctx, const char *name);

#endif
