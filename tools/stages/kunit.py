# SPDX-License-Identifier: GPL-2.0
"""KUnit stages: kunit.py on the build dirs, results against the base line."""

import glob
import json
import os
import re
import shlex

import wblib
from stages import build
from stages.common import compare_baseline, fail, need, sh

KUNIT_PY = 'tools/testing/kunit/kunit.py'


def kunitconfigs(arch=None):
    """kunit/NAME.kunitconfig and kunit/NAME.ARCH.kunitconfig for arch;
    every kunitconfig of kunit/ without one."""
    out = []
    for path in sorted(glob.glob(os.path.join(wblib.REPO, 'kunit',
                                              '*.kunitconfig'))):
        parts = os.path.basename(path)[:-len('.kunitconfig')].split('.')
        if arch is None or len(parts) == 1 or parts[-1] == arch:
            out.append(path)
    return out


def header_values(paths, key):
    """[(path, value)] of the '# KEY: value' lines of the kunitconfigs
    paths, in file order."""
    out = []
    for path in paths:
        with open(path, encoding='utf-8') as f:
            for ln in f:
                m = re.match(r'^#\s*%s:\s*(.*?)\s*$' % re.escape(key), ln)
                if m:
                    out.append((path, m.group(1)))
    return out


def kunit_header(arch, key):
    """Words of the '# KEY:' lines of the kunitconfigs for arch.

    Returns {word: kunitconfig name}, in file order.
    """
    return {word: os.path.basename(path)
            for path, value in header_values(kunitconfigs(arch), key)
            for word in value.split()}


def kunit_suites(arch):
    """Suites named on '# Suites:' lines of the kunitconfigs for arch."""
    return kunit_header(arch, 'Suites')


def kunit_kernel_args(arch):
    """Kernel arguments named on '# Kernel-args:' lines for arch."""
    return list(kunit_header(arch, 'Kernel-args'))


def flatten_kunit(root, out):
    """{suite: {case: status}} from kunit.py's JSON.

    The top-level groups are the suites; a parameterised case is a group
    inside its suite, whose cases are the parameters ("case / param").
    """
    for suite in root.get('sub_groups', []):
        cases = out.setdefault(suite['name'], {})
        for tc in suite.get('test_cases', []):
            cases[tc['name']] = tc['status']
        for param in suite.get('sub_groups', []):
            for tc in param.get('test_cases', []):
                cases['%s / %s' % (param['name'], tc['name'])] = tc['status']
    return out


def qemu_tcg(env):
    """env with QEMU run through the workbench's TCG wrapper."""
    env['PATH'] = os.path.join(wblib.TOOLS, 'qemu-tcg') + ':' + env['PATH']
    return env


def read_results(jf, logf):
    """{suite: {case: status}} from kunit.py's --json file jf."""
    if not os.path.exists(jf):
        fail('kunit.py wrote no JSON (log %s)' % logf)
    with open(jf, encoding='utf-8') as f:
        return flatten_kunit(json.load(f), {})


def not_passed(suites, allowed):
    """(suite, case, status) of the cases whose status is not allowed."""
    return [(s, c, st) for s, cases in suites.items()
            for c, st in cases.items() if st not in allowed]


def console_splats(bdir):
    """KASAN/BUG/WARN lines of the kernel log kunit.py left in bdir."""
    with open(os.path.join(bdir, 'test.log'), encoding='utf-8',
              errors='replace') as f:
        return [ln.strip() for ln in f if wblib.CONSOLE_BAD.search(ln)]


def run_kunit(ctx, arch, bdir, name, kernel_args=()):
    """kunit.py exec on the built O= dir bdir; fails on a case that did
    not pass or skip, on kunit.py's exit status and on a kernel splat.
    Returns ({suite: {case: status}}, one-line summary)."""
    if arch != 'um':
        need('qemu-system-x86_64')
    jf = ctx.log('%s.json' % name)
    env = qemu_tcg(dict(os.environ))
    # A little under 2 GiB: the page_ext suite needs several memory
    # sections in a row, and RAM that ends inside one (-m 2040 leaves the
    # last 8 MiB of the section free for device memory).
    p = sh(['python3', KUNIT_PY, 'exec', '--arch=' + arch,
            '--build_dir=' + bdir, '--json=' + jf, '--timeout=900'] +
           ['--kernel_args=' + a for a in kernel_args] +
           (['--qemu_args=-smp 2 -m 2040'] if arch != 'um' else []),
           ctx, '%s.log' % name, cwd=ctx.tree, env=env, ok=(0, 1))
    suites = read_results(jf, ctx.log('%s.log' % name))
    summary = summarize(suites)
    bad = ['%s.%s' % (s, c) for s, c, _ in
           not_passed(suites, ('PASS', 'SKIP'))]
    if bad:
        fail('%s; not passed: %s' % (summary, ', '.join(bad)))
    if p.returncode != 0:
        fail('%s; kunit.py exited %d' % (summary, p.returncode))
    splats = console_splats(bdir)
    if splats:
        fail('%s; kernel log: %s' % (summary, '; '.join(splats[:5])))
    return suites, summary


def summarize(suites):
    counts = {}
    for cases in suites.values():
        for st in cases.values():
            counts[st] = counts.get(st, 0) + 1
    return '%d suites, %d cases: %s' % (
        len(suites), sum(counts.values()),
        ', '.join('%s %d' % (k.lower(), v) for k, v in sorted(counts.items())))


def st_kunit(ctx, arch):
    bdir = ctx.bdir(arch)
    suites, summary = run_kunit(ctx, arch, bdir, 'kunit-' + arch,
                                kunit_kernel_args(arch))
    ctx.results['kunit-' + arch] = suites
    missing = [s for s in kunit_suites(arch) if s not in suites]
    note = ''
    if missing and ctx.baseline_mode:
        # Suites the series adds do not exist on the base tree.
        note = '; not in base: %s' % ', '.join(missing)
    elif missing:
        fail('suite(s) named in kunit/ did not run: %s' % ', '.join(missing))
    # A suite whose every case skipped did not test anything.
    skipped = [s for s in kunit_suites(arch) if s in suites and
               'PASS' not in suites[s].values()]
    if skipped:
        fail('suite(s) named in kunit/ passed no case: %s'
             % ', '.join(skipped))
    regress = compare_baseline(ctx, 'kunit-' + arch, suites)
    if regress:
        fail('%s; worse than base: %s' % (summary, ', '.join(regress)))
    return summary + note


def option_suites(arch):
    """{CONFIG_X: [suites]}: the suites of the kunitconfigs for arch that
    ask for the KUnit option CONFIG_X."""
    out = {}
    for path in kunitconfigs(arch):
        suites = [s for _, v in header_values([path], 'Suites')
                  for s in v.split()]
        opts = [o for o, v in wblib.kconfig_options(path).items()
                if o.endswith('_KUNIT_TEST') and v in ('y', 'm')]
        for o in opts:
            out.setdefault(o, [])
            out[o] += [s for s in suites if s not in out[o]]
    return out


def st_kunit_min(ctx, arch):
    """The series' suites in a kernel with only CONFIG_KUNIT, their own
    options and what Kconfig forces: every case passes or skips."""
    tests, dropped = build.minimal_build(ctx, arch, False)
    if not tests:
        return 'the series adds no KUnit option'
    built = [o for o in tests if o not in dropped]
    suites, summary = run_kunit(ctx, arch, wblib.build_dir('min-' + arch),
                                'kunit-min-' + arch)
    ctx.results['kunit-min-' + arch] = suites
    want = option_suites(arch)
    missing = sorted({s for o in built for s in want.get(o, [])
                      if s not in suites})
    if missing:
        fail('%s; suite(s) of the options built did not run: %s'
             % (summary, ', '.join(missing)))
    unnamed = [o for o in built if o not in want]
    if unnamed:
        fail('%s; no kunitconfig in kunit/ names the suites of %s'
             % (summary, ', '.join(unnamed)))
    note = ''
    if dropped:
        note = '; not built (Kconfig dependencies unmet): %s' % ', '.join(
            o[len('CONFIG_'):] for o in dropped)
    return summary + note


def intree_kunitconfigs(tree):
    """The .kunitconfig files the series adds to the kernel tree."""
    out = wblib.git_out(['diff', '--name-only', '--diff-filter=A',
                         'base..HEAD', '--', '*.kunitconfig'], tree)
    return [ln for ln in out.splitlines() if ln.strip()]


def intree_copies():
    """{in-tree kunitconfig: [workbench kunitconfigs]} from the
    '# In-tree: PATH' lines of kunit/, which mark a workbench file as a
    copy of the options of a kunitconfig the series adds."""
    out = {}
    for path, rel in header_values(kunitconfigs(), 'In-tree'):
        out.setdefault(rel or '(empty)', []).append(path)
    return out


def copy_drift(tree, intree):
    """'file: problem' for each workbench copy whose options differ from
    the in-tree kunitconfig it names, or that names one the series does
    not add.  Options are compared by value: 'CONFIG_X=n' and
    '# CONFIG_X is not set' are the same option."""
    out = []
    for rel, copies in sorted(intree_copies().items()):
        want = None
        if rel in intree:
            want = wblib.kconfig_options(os.path.join(tree, rel))
        for copy in copies:
            name = os.path.relpath(copy, wblib.REPO)
            if want is None:
                out.append('%s: names %s, which the series does not add'
                           % (name, rel))
                continue
            have = wblib.kconfig_options(copy)
            extra = ['%s=%s' % kv for kv in sorted(have.items())
                     if want.get(kv[0]) != kv[1]]
            missing = ['%s=%s' % kv for kv in sorted(want.items())
                       if have.get(kv[0]) != kv[1]]
            if extra or missing:
                out.append('%s: options differ from %s (the copy has: '
                           '%s; the tree has: %s)'
                           % (name, rel, ', '.join(extra) or 'none',
                              ', '.join(missing) or 'none'))
    return out


def documented_command(path):
    """The kunit.py command in the header comment of a kunitconfig, as an
    argument list: the lines from '#   ./tools/testing/kunit/kunit.py'
    on, joined at a trailing backslash."""
    words, cont = [], False
    with open(path, encoding='utf-8') as f:
        for ln in f:
            if not ln.startswith('#'):
                break
            text = ln[1:].strip()
            if cont or text.startswith('./tools/testing/kunit/kunit.py'):
                cont = text.endswith('\\')
                words.append(text.rstrip('\\').strip())
                if not cont:
                    break
    return shlex.split(' '.join(words)) if words else []


def st_kunit_intree(ctx):
    """Each kunitconfig the series adds, run with the command its header
    documents, as a user would: every case must pass."""
    paths = intree_kunitconfigs(ctx.tree)
    drift = copy_drift(ctx.tree, paths)
    if drift:
        fail('workbench copies out of step: ' + '; '.join(drift))
    if not paths:
        return 'the series adds no kunitconfig'
    out = []
    for rel in paths:
        name = os.path.basename(rel)[:-len('.kunitconfig')]
        cmd = documented_command(os.path.join(ctx.tree, rel))
        if len(cmd) < 2 or cmd[1] != 'run':
            fail('%s documents no "kunit.py run" command in its header'
                 % rel)
        arch = [a.split('=', 1)[1] for a in cmd if a.startswith('--arch=')]
        if arch and arch[0] != 'um':
            need('qemu-system-x86_64')
        jf = ctx.log('kunit-intree-%s.json' % name)
        bdir = wblib.build_dir('kunit-' + name)
        # kunit.py makes the build dir but not its parent (a cold cache).
        os.makedirs(os.path.dirname(bdir), exist_ok=True)
        # gcc through ccache (build_env), QEMU through the TCG wrapper.
        env = qemu_tcg(wblib.build_env())
        sh(['python3'] + cmd +
           ['--build_dir=' + bdir, '--json=' + jf, '--timeout=900',
            '--jobs=%d' % (os.cpu_count() or 1)],
           ctx, 'kunit-intree-%s.log' % name, cwd=ctx.tree, env=env,
           ok=(0, 1))
        suites = read_results(jf, ctx.log('kunit-intree-%s.log' % name))
        if not suites:
            fail('%s: no suite ran' % rel)
        bad = ['%s.%s %s' % b for b in not_passed(suites, ('PASS',))]
        if bad:
            fail('%s: %s; not passed: %s' % (rel, summarize(suites),
                                             ', '.join(bad)))
        splats = console_splats(bdir)
        if splats:
            fail('%s: kernel log: %s' % (rel, '; '.join(splats[:5])))
        out.append('%s: %s' % (rel, summarize(suites)))
    copies = [os.path.relpath(c, wblib.REPO)
              for cs in intree_copies().values() for c in cs]
    if copies:
        out.append('options in step: ' + ', '.join(copies))
    return '; '.join(out)
