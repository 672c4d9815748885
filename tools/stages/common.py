# SPDX-License-Identifier: GPL-2.0
"""Shared parts of the stages: the context, running commands, the base line."""

import json
import os
import subprocess

import wblib


ARCHES = ('um', 'x86_64')
BASELINE = os.path.join(wblib.TOOLS, 'baseline.json')


class StageFail(Exception):
    pass


def fail(msg):
    raise StageFail(msg)


class Ctx:
    def __init__(self, logs, baseline_mode=False):
        self.logs = logs
        self.baseline_mode = baseline_mode
        self.base = wblib.base_repo()
        self.tree = self.base if baseline_mode else wblib.work_tree()
        self.prefix = 'base-' if baseline_mode else ''
        self.results = {}

    def bdir(self, arch):
        return wblib.build_dir(self.prefix + arch)

    def log(self, name):
        return os.path.join(self.logs, name)


def tool(name):
    return os.path.join(wblib.TOOLS, name)


def sh(cmd, ctx, logname, cwd=None, env=None, ok=(0,)):
    """Run cmd with output to a log; fail the stage with its tail."""
    logf = ctx.log(logname)
    with open(logf, 'a', encoding='utf-8') as f:
        f.write('$ %s\n' % ' '.join(cmd))
        f.flush()
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=f,
                           stderr=subprocess.STDOUT, text=True,
                           stdin=subprocess.DEVNULL)
    if p.returncode not in ok:
        with open(logf, encoding='utf-8', errors='replace') as f:
            tail = [ln.rstrip() for ln in f][-8:]
        fail('%s exited %d (log %s)\n      %s'
             % (os.path.basename(cmd[0]), p.returncode, logf,
                '\n      '.join(tail)))
    return p


need = wblib.need_tools


def kmake(tree, args, logf, env=None):
    env = env or wblib.build_env()
    p = subprocess.run(['make', '-j%d' % (os.cpu_count() or 1)] + args,
                       cwd=tree, capture_output=True, text=True, env=env)
    with open(logf, 'a', encoding='utf-8') as f:
        f.write('$ make %s (rc %d)\n%s%s' % (' '.join(args), p.returncode,
                                            p.stdout, p.stderr))
    return p


def read_baseline():
    """tools/baseline.json; {} while there is none."""
    if not os.path.exists(BASELINE):
        return {}
    with open(BASELINE, encoding='utf-8') as f:
        return json.load(f)


def compare_baseline(ctx, key, suites):
    """Cases that passed (or ran) on base and do worse now."""
    if ctx.baseline_mode:
        return []
    base = read_baseline().get(key, {})
    worse = []
    rank = {'PASS': 2, 'pass': 2, 'SKIP': 1, 'skip': 1}
    for s, cases in base.items():
        for c, st in cases.items():
            now = suites.get(s, {}).get(c)
            if rank.get(now, 0) < rank.get(st, 0):
                worse.append('%s.%s (%s -> %s)' % (s, c, st, now))
    return worse
