# SPDX-License-Identifier: GPL-2.0
"""The coccicheck stage: each script against its fixture, the base and the patched tree."""

import glob
import os
import re
import subprocess

import wblib
from stages.common import fail, need


COCCI = os.path.join(wblib.REPO, 'cocci')
def has_patch_mode(script):
    with open(script, encoding='utf-8') as f:
        return any(ln.strip() == 'virtual patch' for ln in f)


def check_patch_mode(name, script, fixture, tmpdir):
    """spatch -D patch on the fixture must give cocci/tests/NAME.patched."""
    want_path = fixture[:-2] + '.patched'
    if not os.path.exists(want_path):
        fail('%s has a patch mode but no %s'
             % (name, os.path.relpath(want_path, wblib.REPO)))
    out = os.path.join(tmpdir, os.path.basename(fixture))
    if os.path.exists(out):
        os.unlink(out)
    p = subprocess.run(['spatch', '-D', 'patch', '--very-quiet',
                        '--no-includes', '--include-headers',
                        '--sp-file', script, fixture, '-o', out],
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail('%s in patch mode failed on its fixture: %s'
             % (name, p.stderr.strip()[-300:]))
    got_path = out if os.path.exists(out) else fixture
    with open(got_path, encoding='utf-8') as a, \
            open(want_path, encoding='utf-8') as b:
        got, want = a.read(), b.read()
    if got != want:
        diff = subprocess.run(['diff', '-u', want_path, got_path],
                              capture_output=True, text=True).stdout
        fail('%s in patch mode on its fixture differs from %s:\n%s'
             % (name, os.path.relpath(want_path, wblib.REPO), diff[:3000]))


def cocci_scopes():
    scopes = {}
    path = os.path.join(COCCI, 'scopes')
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            for ln in f:
                ln = ln.split('#', 1)[0].strip()
                if ln:
                    name, _, dirs = ln.partition(':')
                    scopes[name.strip()] = dirs.split()
    return scopes


HIT_RE = re.compile(r'^(\S+?\.[ch]):\d+:\d+-\d+: ')


def coccicheck(tree, script, dirs, logf):
    hits = []
    for d in dirs:
        p = subprocess.run(['make', 'coccicheck', 'MODE=report',
                            'COCCI=' + script, 'M=' + d, 'J=2'],
                           cwd=tree, capture_output=True, text=True)
        with open(logf, 'a', encoding='utf-8') as f:
            f.write('== %s %s %s\n%s%s' % (tree, script, d, p.stdout,
                                           p.stderr))
        if p.returncode != 0:
            fail('make coccicheck failed for %s on %s (log %s)'
                 % (os.path.basename(script), d, logf))
        # With M=, coccicheck prints paths relative to the directory.
        hits += [re.sub(r'^\./', d.rstrip('/') + '/', ln)
                 for ln in p.stdout.splitlines() if HIT_RE.match(ln)]
    return hits


def st_coccicheck(ctx):
    scripts = sorted(glob.glob(os.path.join(COCCI, '*.cocci')))
    if not scripts:
        return 'SKIP: cocci/ holds no script yet'
    need('spatch')
    scopes = cocci_scopes()
    logf = ctx.log('coccicheck.log')
    out = []
    for script in scripts:
        name = os.path.basename(script)
        if name not in scopes:
            fail('%s has no line in cocci/scopes' % name)
        landed = glob.glob(os.path.join(ctx.tree, 'scripts/coccinelle/*',
                                        name))
        if len(landed) != 1:
            fail('%s is not in the patched tree\'s scripts/coccinelle/'
                 % name)
        with open(script, 'rb') as a, open(landed[0], 'rb') as b:
            if a.read() != b.read():
                fail('cocci/%s differs from %s in the series'
                     % (name, os.path.relpath(landed[0], ctx.tree)))
        fixture = os.path.join(COCCI, 'tests', name[:-6] + '.c')
        if os.path.exists(fixture):
            p = subprocess.run(['spatch', '-D', 'report', '--very-quiet',
                                '--no-includes', '--include-headers',
                                '--sp-file', script, fixture],
                               capture_output=True, text=True)
            got = [ln for ln in p.stdout.splitlines() if ln.strip()]
            if not got:
                fail('%s reports nothing on its fixture %s'
                     % (name, os.path.relpath(fixture, wblib.REPO)))
            exp = fixture[:-2] + '.expected'
            if os.path.exists(exp):
                with open(exp, encoding='utf-8') as f:
                    want = [ln.rstrip('\n').replace('FIXTURE', fixture)
                            for ln in f if ln.strip()]
                if sorted(got) != sorted(want):
                    fail('%s on its fixture: got %s, expected %s'
                         % (name, got, want))
            if has_patch_mode(script):
                check_patch_mode(name, script, fixture, ctx.log('.'))
        base_hits = coccicheck(ctx.base, script, scopes[name], logf)
        if not base_hits:
            fail('%s finds nothing on the base tree' % name)
        # No exception list: a script leaves out what it must by itself,
        # so that a plain "make coccicheck" is as quiet as this stage.
        hits = coccicheck(ctx.tree, script, scopes[name], logf)
        if hits:
            fail('%s still reports on the patched tree:\n      %s'
                 % (name, '\n      '.join(hits[:20])))
        out.append('%s: base %d, patched 0' % (name, len(base_hits)))
    return '; '.join(out)
