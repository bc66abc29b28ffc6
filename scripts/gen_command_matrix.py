#!/usr/bin/env python3
"""Regenerates fixtures/commands/matrix/ from fixtures/commands/Procfile: every web command of the
Procfile as a package.json script and (first failing and first clean per program) as a Dockerfile
CMD in shell form. Expectations keep their meaning; only columns are re-based (JSON escaping, the
`CMD ` prefix). fastify-cli binds all interfaces in a container, so its BL301 is dropped there."""
import re, json, pathlib
root = pathlib.Path(__file__).resolve().parent.parent / 'fixtures' / 'commands'
lines = (root/'Procfile').read_text().split('\n')
cases = []
for line in lines:
    m = re.match(r'web:(\s*)(.*)$', line)
    if not m: continue
    cmd_start = 4 + len(m.group(1))            # 0-based char index where the command starts
    rest = m.group(2)
    exp = []
    if '  # expect: ' in rest:
        rest, spec = rest.split('  # expect: ')
        for item in spec.split():
            code, col = item.split('@'); exp.append((code, int(col) - 1 - cmd_start))
    cases.append((rest, exp))

def program(cmd):
    return cmd.split()[0]

# package.json: every command as a script the start script runs
entries = []
for i, (cmd, exp) in enumerate(cases):
    prefix = f'    "c{i}": "'
    def col(idx):
        return len(prefix) + len(json.dumps(cmd[:idx])[1:-1]) + 1
    line = prefix + json.dumps(cmd)[1:-1] + '",'
    if exp:
        line += ' "//": "expect: ' + ' '.join(f'{c}@{col(k)}' for c, k in exp) + '",'
    entries.append(line)
start = ' && '.join(f'npm run c{i}' for i in range(len(cases)))
out = ['{', '  "name": "matrix",', '  "scripts": {', f'    "start": "{start}",'] + entries + ['    "build": "vite build"', '  }', '}', '']
(root/'matrix'/'package.json').write_text('\n'.join(out))

# Dockerfiles: the first failing and the first clean command of each program, in shell form
seen = set()
for i, (cmd, exp) in enumerate(cases):
    words = cmd.split()
    key = (next((w for w in words if not '=' in w or w.startswith('-')), words[0]), bool(exp))
    if key in seen: continue
    seen.add(key)
    in_container_exp = [(c, k) for c, k in exp if not (c == 'BL301' and 'fastify' in cmd and '--address' not in cmd)]
    body = f'CMD {cmd}'
    if in_container_exp:
        body += '  # expect: ' + ' '.join(f'{c}@{k + 5}' for c, k in in_container_exp)
    (root/'matrix'/'docker'/f'c{i:02d}.Dockerfile').write_text(f'FROM python:3.12-slim\n{body}\n')
print(len(cases), 'cases;', len(seen), 'dockerfiles')
