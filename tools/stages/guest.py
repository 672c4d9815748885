# SPDX-License-Identifier: GPL-2.0
"""The selftests stage: kselftests and the workbench's guest programs in a QEMU guest."""

import json
import os
import re

from stages.common import compare_baseline, fail, need, read_baseline, sh, tool


def report_key(line):
    """A console report without what changes from run to run (time
    stamps, addresses, offsets, task numbers), to compare runs."""
    line = re.sub(r'\[\s*\d+\.\d+\]\s*', '', line)
    line = re.sub(r'\+0x[0-9a-f]+/0x[0-9a-f]+', '', line)
    line = re.sub(r'\b(0x)?[0-9a-f]{8,}\b', 'ADDR', line)
    return re.sub(r'\b(task|pid|PID:?) \S+', r'\1 N', line)


def st_selftests(ctx):
    need('qemu-system-x86_64', 'busybox', 'file', 'cc', '/usr/include/stdio.h')
    out = ctx.log('selftests')
    p = sh([tool('vmtest'), '--src', ctx.tree, '--kbuild',
            ctx.bdir('x86_64'), '--out', out], ctx, 'selftests.log',
           ok=(0, 1))
    rf = os.path.join(out, 'result.json')
    if not os.path.exists(rf):
        fail('no result from the guest (log %s)' % ctx.log('selftests.log'))
    with open(rf, encoding='utf-8') as f:
        res = json.load(f)
    cases = {prog: r['cases'] for prog, r in res['tests'].items()}
    ctx.results['selftests'] = cases
    reports = res['console_problems']
    ctx.results['selftests-console'] = reports
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
        with open(ctx.log('selftests.log'), encoding='utf-8') as f:
            tail = [ln.rstrip() for ln in f][-6:]
        fail('%s\n      %s' % (summary, '\n      '.join(tail)))
    if reports and ctx.baseline_mode:
        summary += '; %d kernel report line(s) recorded as known on base' \
            % len(reports)
    elif reports:
        # Console reports make baseline recorded on the base kernel.
        known = {report_key(r)
                 for r in read_baseline().get('selftests-console', [])}
        fail('%s; %d kernel report line(s) in the guest (%d known on base), '
             'first: %s' % (summary, len(reports),
                            len([r for r in reports
                                 if report_key(r) in known]),
                            '; '.join(reports[:4])))
    regress = compare_baseline(ctx, 'selftests', cases)
    if regress:
        fail('%s; worse than base: %s' % (summary, ', '.join(regress)))
    failed = ['%s: %s' % (prog, c) for prog, cc in cases.items()
              for c, st in cc.items() if st == 'fail']
    if failed and ctx.baseline_mode:
        # Known failures of the base kernel are what the base line is for.
        summary += '; %d failed case(s) recorded as known on base' % \
            len(failed)
    elif failed:
        fail('%s; failed: %s' % (summary, ', '.join(failed)))
    return summary
