# SPDX-License-Identifier: GPL-2.0
"""Shared helpers of the workbench tools: paths, configuration, commands.

Everything the tools create (downloads, trees, build dirs, ccache, logs)
lives under one cache directory, ${XDG_CACHE_HOME:-~/.cache}/linux-mm-series,
or $WB_CACHE when set.  Nothing is written into the repository except
patches/ and series by the export tool.
"""

import os
import re
import shutil
import subprocess
import sys
import time

TOOLS = os.path.dirname(os.path.abspath(__file__))
# The series (patches/, series, kunit/, ...) normally sits beside tools/;
# WB_REPO points the tools at another copy (their own tests use it).
REPO = os.environ.get('WB_REPO') or os.path.dirname(TOOLS)


# Kernel console lines that fail a test run whatever the tests reported.
CONSOLE_BAD = re.compile(
    r'(BUG:|WARNING:|Oops|KASAN|kernel BUG at|UBSAN:|general protection|'
    r'Kernel panic|Call Trace:|refcount_t:|list_(add|del) corruption)')


class WbError(Exception):
    """An error with one clear message for the user; exit status 1."""


def die(msg):
    raise WbError(msg)


def cache_dir():
    if os.environ.get('WB_CACHE'):
        base = os.environ['WB_CACHE']
    else:
        xdg = os.environ.get('XDG_CACHE_HOME') or \
            os.path.join(os.path.expanduser('~'), '.cache')
        base = os.path.join(xdg, 'linux-mm-series')
    os.makedirs(base, exist_ok=True)
    return base


# What a cold run keeps: the .deb, whose SHA256 fetch-tree checks against
# apt's record before every use, and ccache, which hashes what it compiles.
COLD_KEEP = ('debs', 'ccache')


def empty_cache():
    """Remove everything from the cache but COLD_KEEP: base and work
    trees, worktrees, build dirs, tools built from source, apt lists,
    logs.  Returns the names removed."""
    base = cache_dir()
    gone = []
    for name in sorted(os.listdir(base)):
        if name in COLD_KEEP:
            continue
        path = os.path.join(base, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
        gone.append(name)
    return gone


def read_conf(path=None):
    path = path or os.path.join(TOOLS, 'base.conf')
    conf = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            key, _, val = line.partition('=')
            conf[key.strip()] = val.strip()
    return conf


def base_repo():
    """The git repository holding the base tree (branch 'base')."""
    return os.path.join(cache_dir(), 'base', 'linux')


def work_tree():
    """The work tree: base + the series, on branch 'series'."""
    return os.environ.get('WB_WORK') or \
        os.path.join(cache_dir(), 'work', 'linux')


def build_dir(name):
    return os.path.join(cache_dir(), 'build', name)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# Debian packages of commands and files the tools need, where the name
# differs from the package.
PACKAGES = {'spatch': 'coccinelle', 'qemu-system-x86_64': 'qemu-system-x86',
            'cc': 'gcc', 'xz': 'xz-utils', 'dpkg-deb': 'dpkg',
            '/usr/include/gelf.h': 'libelf-dev',
            '/usr/include/openssl/evp.h': 'libssl-dev',
            '/usr/include/stdio.h': 'libc6-dev',
            '/usr/lib/python3/dist-packages/pyflakes/__init__.py':
            'pyflakes3'}


def need_tools(*names):
    """Fail naming the Debian packages of missing commands or files
    (names starting with '/')."""
    missing = [n for n in names
               if (not os.path.exists(n) if n.startswith('/')
                   else shutil.which(n) is None)]
    if missing:
        die('missing %s: install with "apt-get install %s"'
            % (', '.join(missing),
               ' '.join(sorted({PACKAGES.get(n, n) for n in missing}))))


def build_env():
    """Environment for kernel and selftest builds: gcc through ccache (its
    directory in the cache), reproducible build stamps."""
    env = dict(os.environ)
    env.setdefault('CCACHE_DIR', os.path.join(cache_dir(), 'ccache'))
    env.setdefault('CCACHE_MAXSIZE', '8G')
    env.setdefault('CCACHE_COMPILERCHECK', 'content')
    if os.path.isdir('/usr/lib/ccache'):
        env['PATH'] = '/usr/lib/ccache:' + env['PATH']
    env.update(KBUILD_BUILD_TIMESTAMP='2026-01-01',
               KBUILD_BUILD_USER='wb', KBUILD_BUILD_HOST='wb')
    return env


def run(cmd, cwd=None, env=None, check=True, capture=False, logfile=None,
        input_text=None):
    """Run cmd; with logfile, stdout+stderr go there (appended)."""
    kw = {'cwd': cwd, 'env': env, 'text': True}
    if input_text is not None:
        kw['input'] = input_text
    if logfile:
        with open(logfile, 'a', encoding='utf-8') as lf:
            lf.write('$ %s\n' % ' '.join(cmd))
            lf.flush()
            p = subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT, **kw)
    elif capture:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, **kw)
    else:
        p = subprocess.run(cmd, **kw)
    if check and p.returncode != 0:
        detail = ''
        if capture:
            detail = (p.stderr or p.stdout or '').strip()
        elif logfile:
            detail = 'see %s' % logfile
        die('command failed (%d): %s%s' % (p.returncode, ' '.join(cmd),
                                           ('\n' + detail) if detail else ''))
    return p


def git(args, cwd, **kw):
    return run(['git'] + args, cwd=cwd, **kw)


def git_out(args, cwd):
    return git(args, cwd, capture=True).stdout


def identity_env():
    conf = read_conf()
    env = dict(os.environ)
    for who in ('AUTHOR', 'COMMITTER'):
        env.setdefault('GIT_%s_NAME' % who, conf['identity_name'])
        env.setdefault('GIT_%s_EMAIL' % who, conf['identity_email'])
    return env


def add_worktree(base, path, commit, options=(), env=None):
    """(Re)create path as a git worktree of the base repository at commit,
    dropping whatever stale directory or worktree record was there."""
    shutil.rmtree(path, ignore_errors=True)
    git(['worktree', 'prune'], base)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    git(['worktree', 'add', '-q', '-f'] + list(options) + [path, commit],
        base, env=env)


def kconfig_options(path):
    """{CONFIG_X: value} of a kconfig fragment or a .config; an option
    "is not set" has the value 'n'."""
    opts = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^(CONFIG_\w+)=(.*)$', line.strip())
            if m:
                opts[m.group(1)] = m.group(2)
            m = re.match(r'^# (CONFIG_\w+) is not set$', line.strip())
            if m:
                opts[m.group(1)] = 'n'
    return opts


def read_series(path=None):
    """Return (entries, raw_lines) of the quilt series file."""
    path = path or os.path.join(REPO, 'series')
    if not os.path.exists(path):
        return [], []
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    entries = []
    for line in lines:
        s = line.strip()
        if not s or s.startswith('#'):
            continue
        entries.append(s.split()[0])
    return entries, lines


def is_dirty(tree, untracked=True):
    args = ['status', '--porcelain']
    if not untracked:
        args.append('--untracked-files=no')
    return git_out(args, tree).strip() != ''


class Timer:
    def __init__(self):
        self.t0 = time.monotonic()

    def elapsed(self):
        return time.monotonic() - self.t0


def fmt_secs(s):
    s = int(round(s))
    return '%dm%02ds' % (s // 60, s % 60)


def main_wrapper(fn):
    try:
        rc = fn()
    except WbError as e:
        print('error: %s' % e, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(rc or 0)
