/* The payload note's placeholder: an empty descriptor in a section of its
 * own, which sea.ld places last in the address space, in its own PT_LOAD
 * and PT_NOTE, so that sea-inject can grow it without moving anything the
 * program uses. */
	.section .note.muslforge.sea,"a",%note
	.balign 8
	.long 10		/* namesz: "MUSLFORGE\0" */
	.long 0			/* descsz: no payload */
	.long 0x53454131	/* SEA_NOTE_TYPE */
	.asciz "MUSLFORGE"
	.balign 4
	.section .note.GNU-stack,"",%progbits
