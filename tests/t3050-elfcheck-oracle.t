#!/bin/bash
# elfcheck against readelf on every ELF64 executable and shared library
# under /usr/bin and /usr/lib: interpreter, needed libraries (in order) and
# the highest GLIBC_ version required must agree.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool readelf
need_tool python3
build_elfcheck

ROOTS=${ELFCHECK_ORACLE_ROOTS:-/usr/bin /usr/lib}
# Both tools take many files per run, which keeps this to seconds once the
# page cache is warm; the python side only parses.
$NICE python3 - "$ELFCHECK" $ROOTS > "$T/result" 2> "$T/py.err" <<'EOP'
import json, os, re, subprocess, sys

elfcheck, roots = sys.argv[1], sys.argv[2:]

def elf_files():
    # ELF64 little-endian ET_EXEC/ET_DYN regular files; symlinks are
    # skipped so each file is compared once.
    for root in roots:
        for dp, dn, fn in os.walk(root):
            dn.sort()
            for f in sorted(fn):
                p = os.path.join(dp, f)
                try:
                    if os.path.islink(p) or not os.path.isfile(p):
                        continue
                    with open(p, 'rb') as fh:
                        h = fh.read(18)
                except OSError:
                    continue
                if (len(h) == 18 and h[:4] == b'\x7fELF' and h[4] == 2
                        and h[5] == 1 and h[16] in (2, 3) and h[17] == 0):
                    yield p

def chunks(xs, n):
    for i in range(0, len(xs), n):
        yield xs[i:i + n]

def vkey(name):
    return tuple(int(x) for x in name[6:].split('.'))

GLIBC = re.compile(r'^GLIBC_\d+(\.\d+)*$')
NEEDED = re.compile(r'\(NEEDED\)\s+Shared library: \[(.*)\]$')
INTERP = re.compile(r'\[Requesting program interpreter: (.*)\]$')
VNAME = re.compile(r'^\s+0x[0-9a-f]+:\s+Name: (\S+)\s+Flags:')

def readelf(batch):
    out = subprocess.run(['readelf', '-lW', '-dW', '-VW', '--'] + batch,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
                         ).stdout.decode('utf-8', 'surrogateescape')
    res, cur, in_needs = {}, None, False
    if len(batch) == 1:
        cur = res[batch[0]] = {'interp': None, 'needed': [], 'glibc': []}
    for line in out.split('\n'):
        if line.startswith('File: ') and line[6:] in batch:
            cur = res[line[6:]] = {'interp': None, 'needed': [], 'glibc': []}
            in_needs = False
            continue
        if cur is None:
            continue
        s = line.strip()
        if s.startswith('INTERP '):
            cur['interp'] = ''  # the name may be missing (debug files)
        m = INTERP.search(line)
        if m:
            cur['interp'] = m.group(1)
        m = NEEDED.search(line)
        if m:
            cur['needed'].append(m.group(1))
        if line.startswith('Version needs section'):
            in_needs = True
        elif line.startswith('Version ') or not s:
            in_needs = False
        elif in_needs:
            m = VNAME.match(line)
            if m and GLIBC.match(m.group(1)):
                cur['glibc'].append(m.group(1))
    for r in res.values():
        r['glibc_max'] = max(r.pop('glibc'), key=vkey, default=None)
    return res

def elfchecked(batch):
    p = subprocess.run([elfcheck, '--json', '--'] + batch,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return {o['file']: o for o in json.loads(p.stdout.decode('utf-8'))}

files = list(elf_files())
compared = agreed = 0
seen = {'interpreter': 0, 'needed': 0, 'glibc_max': 0}
for batch in chunks(files, 200):
    want, got = readelf(batch), elfchecked(batch)
    for f in batch:
        compared += 1
        w, g = want.get(f), got.get(f)
        if w is None or g is None:
            print('DISAGREE %s: missing from %s' % (f, 'readelf' if w is None else 'elfcheck'))
            continue
        if 'error' in g:
            print('DISAGREE %s: elfcheck error: %s' % (f, g['error']))
            continue
        bad = ['%s: elfcheck %r, readelf %r' % (k, g[k], w[k2])
               for k, k2 in (('interpreter', 'interp'), ('needed', 'needed'),
                             ('glibc_max', 'glibc_max')) if g[k] != w[k2]]
        if bad:
            print('DISAGREE %s: %s' % (f, '; '.join(bad)))
        else:
            agreed += 1
            for k in seen:
                seen[k] += bool(g[k])
print('COMPARED %d %d' % (compared, agreed))
print('SEEN ' + ' '.join('%s=%d' % kv for kv in seen.items()))
EOP
ok $? 'oracle comparison ran'
[ -s "$T/py.err" ] && diag "$(tail -n 20 "$T/py.err")"

read -r _ compared agreed < <(grep '^COMPARED ' "$T/result")
diag "oracle: $compared files compared with readelf, $agreed agreed"
diag "agreeing files with a value: $(sed -n 's/^SEEN //p' "$T/result")"
ok $(( ${compared:-0} < 100 )) "compared a meaningful number of files (${compared:-0})"
is "${agreed:-0}" "${compared:-x}" 'every file agrees with readelf'
n=0
while IFS= read -r line; do
	n=$((n + 1))
	if [ $n -le 50 ]; then
		ok 1 "${line#DISAGREE }"
	fi
done < <(grep '^DISAGREE ' "$T/result")
[ $n -gt 50 ] && diag "... and $((n - 50)) more disagreements"

done_testing
