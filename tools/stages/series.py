# SPDX-License-Identifier: GPL-2.0
"""Stages about the series itself: tool tests, base tree, hygiene, apply/export, checkpatch, base line."""

import glob
import os
import re
import subprocess
import sys

import wblib
from stages.common import BASELINE, fail, need, read_baseline, tool


ALLOW = os.path.join(wblib.TOOLS, 'checkpatch.allow')
# The Python tools: the commands without an extension, the modules.
TOOL_SOURCES = ['bench-migrate', 'bench-page-ext', 'bench-rmap',
                'build-kernel', 'check', 'fetch-tree', 'get-sparse', 'series',
                'vmtest']


def tool_sources():
    return [tool(t) for t in TOOL_SOURCES] + sorted(
        glob.glob(os.path.join(wblib.TOOLS, '*.py')) +
        glob.glob(os.path.join(wblib.TOOLS, 'stages', '*.py')) +
        glob.glob(os.path.join(wblib.TOOLS, 'tests', '*.py')))


def st_tools(ctx):
    need('/usr/lib/python3/dist-packages/pyflakes/__init__.py')
    p = subprocess.run(['/usr/bin/python3', '-m', 'pyflakes'] +
                       tool_sources(),
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail('pyflakes:\n      ' + '\n      '.join(
            (p.stdout + p.stderr).strip().splitlines()[:10]))
    p = subprocess.run([sys.executable, '-m', 'unittest', 'discover', '-s',
                        os.path.join(wblib.TOOLS, 'tests')],
                       capture_output=True, text=True)
    with open(ctx.log('tools.log'), 'w', encoding='utf-8') as f:
        f.write(p.stdout + p.stderr)
    last = [ln for ln in p.stderr.splitlines() if ln.startswith('Ran ')]
    if p.returncode != 0:
        fail('tool tests failed (log %s)\n      %s' % (
            ctx.log('tools.log'), '\n      '.join(
                p.stderr.strip().splitlines()[-6:])))
    return '%s: OK' % (last[0] if last else 'tool tests')


def st_tree(ctx):
    p = wblib.run([tool('fetch-tree')], capture=True, check=False)
    if p.returncode != 0:
        fail(p.stderr.strip())
    for ln in p.stderr.splitlines():
        if ln.startswith('WARNING'):
            print('      ' + ln)
    ver = open(os.path.join(ctx.base, '.git', 'wb-base-version'),
               encoding='utf-8').read().strip()
    return 'Debian %s at %s' % (ver, ctx.base)


def st_series(ctx):
    p = wblib.run([tool('series'), 'lint'], capture=True, check=False)
    if p.returncode != 0:
        fail(p.stdout.strip() + p.stderr.strip())
    return p.stdout.strip().splitlines()[-1]


def st_apply(ctx):
    # In CI the cache is scratch and only patches/ counts: never let an
    # interrupted earlier run's work tree block the check.
    force = ['--force'] if os.environ.get('CI') else []
    p = wblib.run([tool('series'), 'apply'] + force, capture=True,
                  check=False)
    if p.returncode != 0:
        fail(p.stderr.strip())
    return p.stdout.strip()


def st_export(ctx):
    p = wblib.run([tool('series'), 'export', '--check'], capture=True,
                  check=False)
    if p.returncode != 0:
        fail((p.stdout + p.stderr).strip())
    return 'apply + export gives byte-identical patches/ and series'


def read_allow():
    allow = {}
    if not os.path.exists(ALLOW):
        return allow
    with open(ALLOW, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or len(parts[2]) < 10:
                fail('%s:%d: want "PATCH TYPE reason"' % (ALLOW, n))
            allow.setdefault(unnumbered(parts[0]), set()).add(parts[1])
    return allow


def unnumbered(patch):
    """A patch file name without its NNNN- number, which reordering or
    inserting patches changes."""
    return re.sub(r'^\d{4}-', '', patch)


def st_checkpatch(ctx):
    entries, _ = wblib.read_series()
    if not entries:
        return 'no patches in the series'
    need('perl', 'codespell')
    dicts = glob.glob('/usr/share/codespell/dictionary.txt') + \
        glob.glob('/usr/lib/python3/dist-packages/codespell_lib/data/'
                  'dictionary.txt')
    if not dicts:
        fail('no codespell dictionary (apt-get install codespell)')
    allow = read_allow()
    bad = []
    allowed = 0
    for e in entries:
        path = os.path.join(wblib.REPO, 'patches', e)
        # spdxcheck.py (run for new files) needs python3-ply and
        # python3-git: Debian's python3, not whatever python3 PATH has.
        env = dict(os.environ, PATH='/usr/bin:' + os.environ['PATH'])
        p = subprocess.run(['perl', 'scripts/checkpatch.pl', '--strict',
                            '--show-types', '--terse', '--no-summary',
                            '--codespell', '--codespellfile', dicts[0],
                            path],
                           cwd=ctx.tree, capture_output=True, text=True,
                           env=env)
        with open(ctx.log('checkpatch.log'), 'a', encoding='utf-8') as f:
            f.write('== %s\n%s%s' % (e, p.stdout, p.stderr))
        if 'Traceback' in p.stderr or 'No such file' in p.stderr:
            fail('checkpatch could not run all its checks on %s: %s'
                 % (e, p.stderr.strip().splitlines()[-1]))
        for ln in p.stdout.splitlines():
            m = re.search(r': (ERROR|WARNING|CHECK):(\w+):', ln)
            if not m:
                continue
            if m.group(1) != 'ERROR' and \
                    m.group(2) in allow.get(unnumbered(e), ()):
                allowed += 1
                continue
            bad.append('%s: %s' % (e, ln.split(': ', 1)[-1]))
    if bad:
        fail('\n      '.join(bad))
    return '%d patches clean (--strict)%s' % (
        len(entries), ', %d allow-listed' % allowed if allowed else '')


def st_baseline(ctx):
    base = read_baseline()
    if not base:
        fail('%s is missing: run "make baseline"' % BASELINE)
    parts = []
    for key in ('kunit-um', 'kunit-x86_64'):
        cases = [st for c in base.get(key, {}).values() for st in c.values()]
        parts.append('%s %d/%d passed' % (key, cases.count('PASS'),
                                          len(cases)))
    for key in ('selftests', 'selftests-fullphys'):
        exp = base.get('expected-fail', {}).get(key, {})
        for prog, cases in base.get(key, {}).items():
            v = list(cases.values())
            why = sorted(set(exp.get(prog, {}).values()))
            parts.append('%s%s pass %d, fail %d%s, skip %d' % (
                '' if key == 'selftests' else key + ' ', prog,
                v.count('pass'), v.count('fail'),
                ' (%d expected: %s)' % (len(exp[prog]), '; '.join(why))
                if why else '', v.count('skip')))
    return 'base line (%s): %s' % (base.get('base', '?'), '; '.join(parts))
