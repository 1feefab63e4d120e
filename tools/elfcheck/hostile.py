#!/usr/bin/env python3
"""hostile.py KIND SIZE OUT: writes an ELF64 file of about SIZE bytes whose
structures repeat one region many times, the inputs that once made
elfcheck quadratic in time or in output. Used by the tests, the benchmark
(bench/elfcheck) and the fuzz seeds. Kinds:

  symtab    many SHT_SYMTAB headers pointing at one symbol table
  notes     many PT_NOTE headers pointing at one region of notes
  verneed   version needs sharing two long names (an unnumbered GLIBC_ one
            and an out-of-range numbered one), chained past vn_cnt
  dynsym    dynamic symbols all named by one long string
"""
import struct
import sys

EH = struct.Struct('<16sHHIQQQIHHHHHH')
PH = struct.Struct('<IIQQQQQQ')
SH = struct.Struct('<IIQQQQIIQQ')
DYN = struct.Struct('<qQ')
PN_XNUM = 0xffff
ET_EXEC = 2


def ehdr(phoff, phnum, shoff, shnum):
    ident = b'\x7fELF\x02\x01\x01' + bytes(9)
    return EH.pack(ident, ET_EXEC, 62, 1, 0, phoff, shoff, 0, 64,
                   56 if phnum else 0, phnum, 64 if shoff else 0, shnum, 0)


def symtab(size):
    nsym, nsec = max(2, size // 2 // 24), max(3, size // 2 // 64)
    strtab = b'\0x\0'.ljust(8, b'\0')
    symoff = 64 + len(strtab)
    shoff = symoff + nsym * 24
    out = [ehdr(0, 0, shoff, 0 if nsec >= 0xff00 else nsec), strtab]
    out.append(struct.pack('<IBBHQQ', 1, 0, 0, 0, 0, 0) * nsym)
    out.append(SH.pack(0, 0, 0, 0, 0, nsec if nsec >= 0xff00 else 0, 0, 0, 0, 0))
    out.append(SH.pack(0, 3, 0, 0, 64, 3, 0, 0, 1, 0))
    out.append(SH.pack(0, 2, 0, 0, symoff, nsym * 24, 1, 0, 8, 24) * (nsec - 2))
    return b''.join(out)


def notes(size):
    nph, region = max(1, size // 2 // 56), max(12, size // 2 // 12 * 12)
    xnum = nph >= PN_XNUM
    noteoff = 64 + nph * 56
    shoff = noteoff + region
    out = [ehdr(64, PN_XNUM if xnum else nph, shoff if xnum else 0, 1 if xnum else 0)]
    out.append(PH.pack(4, 4, noteoff, 0, 0, region, region, 4) * nph)
    out.append(struct.pack('<III', 0, 0, 0) * (region // 12))
    if xnum:
        out.append(SH.pack(0, 0, 0, 0, 0, 0, 0, nph, 0, 0))
    return b''.join(out)


def dynamic_file(entries, body):
    """ELF header, PT_LOAD over the whole file at vaddr 0, PT_DYNAMIC, the
    dynamic array, then body; entries may use the offset of body."""
    dynoff = 64 + 2 * 56
    bodyoff = dynoff + (len(entries(0)) + 1) * 16
    dyn = b''.join(DYN.pack(t, v) for t, v in entries(bodyoff)) + DYN.pack(0, 0)
    total = bodyoff + len(body)
    return b''.join([ehdr(64, 2, 0, 0),
                     PH.pack(1, 5, 0, 0, 0, total, total, 0x1000),
                     PH.pack(2, 6, dynoff, dynoff, dynoff, len(dyn), len(dyn), 8),
                     dyn, body])


def verneed(size):
    namelen = max(8, size // 3)
    naux = max(2, size // 3 // 16)
    strtab = (b'\0libc.so.6\0' + b'GLIBC_' + b'A' * namelen + b'\0' +
              b'GLIBC_2.' + b'0' * namelen + b'1\0')
    names = (11, 11 + 6 + namelen + 1)
    strtab = strtab.ljust((len(strtab) + 7) // 8 * 8, b'\0')
    vn = struct.pack('<HHIII', 1, min(naux, 0xffff), 1, 16, 0)
    aux = b''.join(struct.pack('<IHHII', 0, 0, 2 + i % 0x7000, names[i % 2],
                               16 if i + 1 < naux else 0)
                   for i in range(naux))

    def entries(body):
        return [(5, body), (10, len(strtab)), (0x6ffffffe, body + len(strtab)),
                (0x6fffffff, 1)]
    return dynamic_file(entries, strtab + vn + aux)


def dynsym(size):
    namelen, nsym = max(8, size // 2), max(2, size // 2 // 28)
    strtab = (b'\0' + b'a' * namelen + b'\0')
    strtab = strtab.ljust((len(strtab) + 7) // 8 * 8, b'\0')
    hashtab = struct.pack('<III', 1, nsym, 0) + bytes(4 * nsym)
    hashtab = hashtab.ljust((len(hashtab) + 7) // 8 * 8, b'\0')
    syms = struct.pack('<IBBHQQ', 1, 0x12, 0, 0, 0, 0) * nsym

    def entries(body):
        return [(5, body), (10, len(strtab)), (4, body + len(strtab)),
                (6, body + len(strtab) + len(hashtab)), (11, 24)]
    return dynamic_file(entries, strtab + hashtab + syms)


KINDS = {'symtab': symtab, 'notes': notes, 'verneed': verneed, 'dynsym': dynsym}

if __name__ == '__main__':
    if len(sys.argv) != 4 or sys.argv[1] not in KINDS:
        sys.exit('usage: hostile.py %s SIZE OUT' % '|'.join(KINDS))
    with open(sys.argv[3], 'wb') as f:
        f.write(KINDS[sys.argv[1]](int(sys.argv[2])))
