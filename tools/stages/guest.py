# SPDX-License-Identifier: GPL-2.0
"""The selftests stage: kselftests and the workbench's guest programs in a QEMU guest."""

import email.parser
import fnmatch
import json
import os
import re

import wblib
from stages.common import compare_baseline, fail, need, read_baseline, sh, tool

XFAIL = os.path.join(wblib.TOOLS, 'base-xfail.list')


def report_key(line):
    """A console report without what changes from run to run (time
    stamps, addresses, offsets, task numbers), to compare runs."""
    line = re.sub(r'\[\s*\d+\.\d+\]\s*', '', line)
    line = re.sub(r'\+0x[0-9a-f]+/0x[0-9a-f]+', '', line)
    line = re.sub(r'\b(0x)?[0-9a-f]{8,}\b', 'ADDR', line)
    return re.sub(r'\b(task|pid|PID:?) \S+', r'\1 N', line)


def read_xfail(path=XFAIL):
    """The expected failures of the base kernel, from tools/base-xfail.list.

    A record is a line "KEY PROG CASE-GLOB" followed by indented lines
    "reason: TEXT" (required) and "fixed-by: SUBJECT" (the series patch
    after which the cases must pass; until that patch is in the series,
    they may fail there too).  Returns a list of dicts.
    """
    recs = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            if not line[0].isspace():
                words = line.split()
                if len(words) != 3:
                    raise ValueError('%s:%d: want "KEY PROG CASE-GLOB"'
                                     % (path, n))
                recs.append({'key': words[0], 'prog': words[1],
                             'glob': words[2], 'reason': None,
                             'fixed-by': None, 'line': n})
                continue
            name, _, val = line.strip().partition(':')
            if not recs or name not in ('reason', 'fixed-by') or \
                    not val.strip():
                raise ValueError('%s:%d: want "reason: TEXT" or "fixed-by: '
                                 'SUBJECT" under a record' % (path, n))
            recs[-1][name] = val.strip()
    for r in recs:
        if not r['reason']:
            raise ValueError('%s:%d: record without a reason'
                             % (path, r['line']))
    return recs


def series_subjects(patches=None):
    """The subjects of the series' patches, without "[PATCH n/m]"."""
    patches = patches or os.path.join(wblib.REPO, 'patches')
    subjects = set()
    for name in wblib.read_series()[0]:
        with open(os.path.join(patches, name), encoding='utf-8') as f:
            head = email.parser.Parser().parse(f, headersonly=True)
        subj = ' '.join(str(head['Subject']).split())
        subjects.add(re.sub(r'^\[PATCH[^]]*\]\s*', '', subj))
    return subjects


def match_xfail(recs, key, cases):
    """{(prog, case): record} for the failing cases the records of key
    explain, and the records that do not fit the run: a record that
    matches no failing case, or one that matches a case that did not fail
    (then the guest did not show what the record says)."""
    hit, bad = {}, []
    for r in (r for r in recs if r['key'] == key):
        matched = [(r['prog'], c, st)
                   for c, st in cases.get(r['prog'], {}).items()
                   if fnmatch.fnmatchcase(c, r['glob'])]
        failing = [(p, c) for p, c, st in matched if st == 'fail']
        if not failing or len(failing) != len(matched):
            bad.append('%s line %d (%s %s): %d case(s) match, %d failed' % (
                os.path.basename(XFAIL), r['line'], r['prog'], r['glob'],
                len(matched), len(failing)))
        for pc in failing:
            hit[pc] = r
    return hit, bad


def st_selftests(ctx):
    return guest_stage(ctx, 'selftests', os.path.join(wblib.TOOLS,
                                                      'selftests.list'))


def st_selftests_fullphys(ctx):
    return guest_stage(ctx, 'selftests-fullphys', os.path.join(
        wblib.TOOLS, 'selftests-fullphys.list'))


def guest_stage(ctx, key, listfile):
    """Boot the x86_64 kernel with the tests of listfile; key names the
    stage's logs and its entries in the base line."""
    need('qemu-system-x86_64', 'busybox', 'file', 'cc', '/usr/include/stdio.h')
    out = ctx.log(key)
    logname = key + '.log'
    p = sh([tool('vmtest'), '--src', ctx.tree, '--kbuild',
            ctx.bdir('x86_64'), '--out', out, '--list', listfile], ctx,
           logname, ok=(0, 1))
    rf = os.path.join(out, 'result.json')
    if not os.path.exists(rf):
        fail('no result from the guest (log %s)' % ctx.log(logname))
    with open(rf, encoding='utf-8') as f:
        res = json.load(f)
    cases = {prog: r['cases'] for prog, r in res['tests'].items()}
    ctx.results[key] = cases
    reports = res['console_problems']
    ctx.results[key + '-console'] = reports
    summary = '; '.join('%s: pass %d, fail %d, skip %d' % (
        prog, r['pass'], r['fail'], r['skip'])
        for prog, r in res['tests'].items()) + ' (%ds in QEMU)' % \
        res['seconds']
    bench = res.get('benchmarks', {})
    if bench:
        summary += '; benchmarks, not judged: ' + ', '.join(
            '%s (rc %s, output in %s)' % (n, b['rc'], rf)
            for n, b in sorted(bench.items()))
    if p.returncode != 0 and not (reports and res['complete']):
        with open(ctx.log(logname), encoding='utf-8') as f:
            tail = [ln.rstrip() for ln in f][-6:]
        fail('%s\n      %s' % (summary, '\n      '.join(tail)))
    if reports and ctx.baseline_mode:
        summary += '; %d kernel report line(s) recorded as known on base' \
            % len(reports)
    elif reports:
        # Console reports make baseline recorded on the base kernel.
        known = {report_key(r)
                 for r in read_baseline().get(key + '-console', [])}
        fail('%s; %d kernel report line(s) in the guest (%d known on base), '
             'first: %s' % (summary, len(reports),
                            len([r for r in reports
                                 if report_key(r) in known]),
                            '; '.join(reports[:4])))
    regress = compare_baseline(ctx, key, cases)
    if regress:
        fail('%s; worse than base: %s' % (summary, ', '.join(regress)))
    xfail, bad = match_xfail(read_xfail(), key, cases)
    failed = [(prog, c) for prog, cc in cases.items()
              for c, st in cc.items() if st == 'fail']
    if ctx.baseline_mode:
        # The base line records what the list says and checks that the
        # guest showed it: every record must explain failing cases only.
        if bad:
            fail('%s; %s does not fit the base kernel: %s' % (
                summary, os.path.basename(XFAIL), '; '.join(bad)))
        exp = ctx.results.setdefault('expected-fail', {})
        for (prog, c), r in xfail.items():
            exp.setdefault(key, {}).setdefault(prog, {})[c] = r['reason']
        if xfail:
            summary += '; %d expected failure(s) (%s)' % (
                len(xfail), '; '.join(sorted({r['reason']
                                              for r in xfail.values()})))
        # Other failures of the base kernel are what the base line is for.
        other = len(failed) - len(xfail)
        if other:
            summary += '; %d failed case(s) recorded as known on base' % \
                other
        return summary
    have = series_subjects()
    waiting = {pc: r for pc, r in xfail.items()
               if r['fixed-by'] and r['fixed-by'] not in have}
    failed = ['%s: %s' % pc for pc in failed if pc not in waiting]
    if waiting:
        summary += '; %d case(s) fail as on base until the series has "%s"' \
            % (len(waiting), '", "'.join(sorted({r['fixed-by'] for r in
                                                 waiting.values()})))
    if failed:
        fail('%s; failed: %s' % (summary, ', '.join(failed)))
    return summary
