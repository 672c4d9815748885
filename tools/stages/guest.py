# SPDX-License-Identifier: GPL-2.0
"""The selftests stage: kselftests and the workbench's guest programs in a QEMU guest."""

import json
import os

from stages.common import compare_baseline, fail, need, sh, tool


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
    summary = '; '.join('%s: pass %d, fail %d, skip %d' % (
        prog, r['pass'], r['fail'], r['skip'])
        for prog, r in res['tests'].items()) + ' (%ds in QEMU)' % \
        res['seconds']
    if p.returncode != 0:
        with open(ctx.log('selftests.log'), encoding='utf-8') as f:
            tail = [ln.rstrip() for ln in f][-6:]
        fail('%s\n      %s' % (summary, '\n      '.join(tail)))
    regress = compare_baseline(ctx, 'selftests', cases)
    if regress:
        fail('%s; worse than base: %s' % (summary, ', '.join(regress)))
    failed = ['%s: %s' % (prog, c) for prog, cc in cases.items()
              for c, st in cc.items() if st == 'fail']
    if failed:
        fail('%s; failed: %s' % (summary, ', '.join(failed)))
    return summary
