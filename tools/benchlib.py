# SPDX-License-Identifier: GPL-2.0
"""Base-against-patched kernel benchmarks of the workbench.

A benchmark builds two x86_64 kernels from the same fragments -- one of
the base tree, one of the series -- in scratch worktrees under the cache
(bench/base, bench/series), boots them in turn under QEMU TCG, and reads
result lines from the console.  Booting the two in turn, several times,
spreads drift of the host over both.  Each result line names a walk and
gives its median, min and max over the runs of one boot.
"""

import json
import os
import re
import shutil
import statistics

import wblib
from wblib import die, log

RESULT = re.compile(r'(?P<bench>[\w-]+): (?P<walk>\S+): median '
                    r'(?P<median>[\d.]+) ns/(?P<unit>\w+), min '
                    r'(?P<min>[\d.]+), max (?P<max>[\d.]+), (?P<runs>\d+) '
                    r'runs of (?P<items>\d+) \w+')


def logdir(bench):
    """Where a benchmark's consoles, build log and JSON go."""
    d = os.path.join(wblib.cache_dir(), 'logs', bench)
    os.makedirs(d, exist_ok=True)
    return d


def mm_bench(name, config):
    """An inject for kernels(): tools/bench/NAME.c and bench_report.h
    built into mm/ when CONFIG_<config> is set.  The checkout restores
    mm/Makefile, so the files and the line go in again each time."""
    src = os.path.join(wblib.TOOLS, 'bench')

    def inject(wt):
        for f in (name + '.c', 'bench_report.h'):
            shutil.copyfile(os.path.join(src, f), os.path.join(wt, 'mm', f))
        with open(os.path.join(wt, 'mm', 'Makefile'), 'a',
                  encoding='utf-8') as f:
            f.write('obj-$(CONFIG_%s) += %s.o\n' % (config, name))
    return inject


def prepare(bench, name, commit, logf, fragments, inject=None):
    """A worktree at commit (inject(wt) may add the benchmark to it), and
    its kernel built from the fragments only.  Returns (worktree, O= dir)."""
    base = os.path.join(wblib.cache_dir(), 'base', 'linux')
    wt = os.path.join(wblib.cache_dir(), 'bench', name, 'linux')
    if not os.path.exists(os.path.join(wt, '.git')):
        wblib.add_worktree(base, wt, commit, ['--detach'])
    wblib.git(['checkout', '-q', '-f', '--detach', commit], wt)
    if inject:
        inject(wt)
    out = wblib.build_dir('bench-%s-%s' % (bench, name))
    cmd = [os.path.join(wblib.TOOLS, 'build-kernel'), '--arch', 'x86_64',
           '--src', wt, '--out', out, '--log', logf, '--only-fragments']
    for frag in fragments:
        cmd += ['--fragment', frag]
    wblib.run(cmd)
    return wt, out


def boot(bench, kernel, outdir, settings, programs, append):
    """Boot once, run the guest programs; {walk: result} from the console."""
    wt, out = kernel
    os.makedirs(outdir, exist_ok=True)
    lst = os.path.join(outdir, 'bench.list')
    with open(lst, 'w', encoding='utf-8') as f:
        f.write(''.join('@%s %s\n' % kv for kv in settings) +
                ''.join(p + '\n' for p in programs))
    wblib.run([os.path.join(wblib.TOOLS, 'vmtest'), '--src', wt,
               '--kbuild', out, '--out', outdir, '--list', lst,
               '--append', append], capture=True)
    res = {}
    with open(os.path.join(outdir, 'console.log'), encoding='utf-8',
              errors='replace') as f:
        for ln in f:
            m = RESULT.search(ln)
            if m and m.group('bench') == bench:
                res[m.group('walk')] = {
                    'median': float(m.group('median')),
                    'min': float(m.group('min')),
                    'max': float(m.group('max')),
                    'runs': int(m.group('runs')),
                    'items': int(m.group('items')),
                    'unit': m.group('unit')}
    return res


def compare(bench, walks, boots, boot_one):
    """Boot base and series in turn; print and return the table.

    boot_one(name, outdir) boots kernel name ('base' or 'series') once.
    The ratio is patched/base of the medians of the boot medians; the
    spread of the boot medians shows how noisy the host is.
    """
    outroot = logdir(bench)
    runs = {'base': [], 'series': []}
    for b in range(boots):
        for name in ('base', 'series'):
            res = boot_one(name, os.path.join(outroot, '%s-%d' % (name, b)))
            missing = [w for w in walks if w not in res]
            if missing:
                die('boot %d of %s: no result for %s (console in %s)'
                    % (b + 1, name, ', '.join(missing),
                       os.path.join(outroot, '%s-%d' % (name, b))))
            runs[name].append(res)
            log('boot %d, %s: %s' % (b + 1, name, ', '.join(
                '%s %.2f ns/%s' % (w, res[w]['median'], res[w]['unit'])
                for w in walks)))
    table = {}
    print('%-18s %-7s %36s %20s' % ('walk', 'kernel',
                                    'medians of the boots (ns)',
                                    'min..max of all runs'))
    for walk in walks:
        table[walk] = {}
        for name in ('base', 'series'):
            meds = [r[walk]['median'] for r in runs[name]]
            med = statistics.median(meds)
            table[walk][name] = {
                'medians': meds, 'median': med,
                'spread': (max(meds) - min(meds)) / med if med else 0,
                'min': min(r[walk]['min'] for r in runs[name]),
                'max': max(r[walk]['max'] for r in runs[name]),
                'items': runs[name][0][walk]['items'],
                'unit': runs[name][0][walk]['unit']}
            t = table[walk][name]
            print('%-18s %-7s %36s %11.2f..%.2f' % (
                walk, name, ' '.join('%.2f' % m for m in meds), t['min'],
                t['max']))
        ratio = table[walk]['series']['median'] / \
            table[walk]['base']['median']
        table[walk]['ratio'] = ratio
        print('%-18s patched/base %.3f (boot medians spread %.0f%% base, '
              '%.0f%% patched)' % (walk, ratio,
                                   100 * table[walk]['base']['spread'],
                                   100 * table[walk]['series']['spread']))
    return table


def save(bench, result):
    with open(os.path.join(logdir(bench), bench + '.json'), 'w',
              encoding='utf-8') as f:
        json.dump(result, f, indent=1, sort_keys=True)


def kernels(bench, fragments, inject=None, base_rev=None):
    """Build the base and the series kernel of a benchmark.  With base_rev
    (a revision of the work tree, e.g. series~27), that kernel stands in
    for the base: its own worktree and O= dir ("ref"), so that the
    unpatched base's build is kept."""
    work = os.path.join(wblib.cache_dir(), 'work', 'linux')
    logf = os.path.join(logdir(bench), 'build.log')
    out = {}
    for name in ('base', 'series'):
        rev = base_rev if name == 'base' and base_rev else name
        sha = wblib.git_out(['rev-parse', rev], work).strip()
        log('building the %s kernel (%s, %s) for %s'
            % (name, rev, sha[:12], bench))
        out[name] = prepare(bench, name if rev == name else 'ref', sha, logf,
                            fragments, inject)
    return out
