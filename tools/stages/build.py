# SPDX-License-Identifier: GPL-2.0
"""Build stages: the kernels, W=1 + sparse against the base, cross builds, bisect."""

import os
import re
import shutil
import subprocess
import tempfile

import wblib
from stages.common import ARCHES, fail, kmake, need, sh, tool


def st_build(ctx, arch):
    need('make', 'gcc', 'flex', 'bison', 'bc', 'perl', 'ccache',
         '/usr/include/gelf.h', '/usr/include/openssl/evp.h')
    sh([tool('build-kernel'), '--arch', arch, '--src', ctx.tree,
        '--out', ctx.bdir(arch), '--log', ctx.log('build-%s.log' % arch)] +
       (['--lenient'] if ctx.baseline_mode else []),
       ctx, 'build-%s.tool.log' % arch)
    return 'built in %s' % ctx.bdir(arch)


WARN_RE = re.compile(r'^([^\s:]+):(\d+):(\d+): (?:warning|error): (.*)$')


# W=1 also runs scripts/kernel-doc, whose warnings look different.
KDOC_RE = re.compile(r'^[Ww]arning: ([^\s:]+):(\d+) (.*)$')


def parse_warnings(out, tree):
    """'path: message' per compiler, sparse or kernel-doc warning."""
    warns = []
    for ln in out.splitlines():
        m = WARN_RE.match(ln.strip()) or KDOC_RE.match(ln.strip())
        if m:
            path = m.group(1)
            if path.startswith(tree.rstrip('/') + '/'):
                path = path[len(tree.rstrip('/')) + 1:]
            warns.append('%s: %s' % (path, m.group(m.lastindex)))
    return warns


def in_build(bdir, obj):
    """Whether the configuration of the (fully built) O= dir bdir builds
    obj into the kernel or as a module.  A single-object make compiles an
    object whatever the configuration says, so it cannot tell."""
    if os.path.exists(os.path.join(bdir, obj[:-2] + '.ko')):
        return True
    d = os.path.dirname(obj)
    while True:
        archive = os.path.join(bdir, d, 'built-in.a')
        if os.path.exists(archive):
            # A thin archive: members are paths relative to the O= dir.
            members = subprocess.run(['ar', 't',
                                      os.path.join(d, 'built-in.a')],
                                     cwd=bdir,
                                     capture_output=True,
                                     text=True).stdout.split()
            if obj in members:
                return True
        if not d:
            return False
        d = os.path.dirname(d)


def object_warnings(tree, target, cfile, logf, sparse, member=False):
    """W=1 + sparse warnings of one object; None when not built there.

    With member, the caller knows that the configuration builds the
    object (the base tree's twin of an object the patched build has): its
    O= dir is only configured, so its archives cannot tell.  A cross
    target builds the object as its line of tools/cross.conf spells it.
    """
    obj = target.get('obj') or cfile[:-2] + '.o'
    bdir = target['out']
    if not member and 'conf' not in target and not in_build(bdir, obj):
        return None
    # gcc prints its warnings only when it compiles: never let make
    # consider the object up to date.
    if os.path.exists(os.path.join(bdir, obj)):
        os.remove(os.path.join(bdir, obj))
    p = kmake(tree, target['make'] + ['W=1', 'C=2', 'CHECK=' + sparse, obj],
              logf)
    out = p.stdout + p.stderr
    if 'is not available or not up to date' in out:
        fail('the kernel refuses %s as checker; sparse did not run' % sparse)
    if p.returncode != 0:
        if 'No rule to make target' in out:
            return None
        fail('%s: %s does not build with W=1 C=2 (log %s)'
             % (target['name'], obj, logf))
    return parse_warnings(out, tree)


def native_target(ctx, arch, base=False):
    out = wblib.build_dir(('base-' if base else ctx.prefix) + arch)
    return {'name': arch, 'out': out, 'make': ['ARCH=' + arch, 'O=' + out],
            'arch': arch}


def cross_target(conf, out):
    return {'name': conf['name'], 'out': out, 'conf': conf,
            'make': ['ARCH=' + conf['arch'], 'CROSS_COMPILE=' + conf['cross'],
                     'O=' + out]}


def listed_object(conf, cfile):
    """The object of cfile as the cross line conf spells it, or None.

    A line may name an object through another directory's Makefile
    (amdgpu builds amdkfd's files as amdgpu/../amdkfd/*.o, with its
    include flags), so the spellings are compared normalised."""
    want = cfile[:-2] + '.o'
    for o in conf['objs']:
        if os.path.normpath(o) == want:
            return o
    return None


def listed_targets(cfile):
    """The cross targets whose line lists cfile's object."""
    out = []
    for c in cross_configs():
        obj = listed_object(c, cfile)
        if obj:
            t = cross_target(c, wblib.build_dir('cross-' + c['name']))
            t['obj'] = obj
            out.append(t)
    return out


def warning_targets(ctx, cfile):
    """Where a changed .c file is built: UML/x86_64, or its cross lines."""
    listed = listed_targets(cfile)
    if cfile.startswith('arch/x86/') and not listed:
        return [native_target(ctx, 'x86_64')]
    if cfile.startswith('arch/um/'):
        return [native_target(ctx, 'um')]
    if cfile.startswith('arch/'):
        srcarch = cfile.split('/')[1]
        targets = [t for t in listed if t['conf']['srcarch'] == srcarch]
        if not targets:
            fail('%s is in no line of tools/cross.conf, so nothing builds '
                 'it' % cfile)
        need(*sorted({t['conf']['cross'] + 'gcc' for t in targets}))
        return targets
    return [native_target(ctx, a) for a in ARCHES]


def base_target(ctx, target, logf):
    """The same build on the base tree, configured on first use."""
    if 'conf' in target:
        bt = cross_target(target['conf'], wblib.build_dir(
            'base-cross-' + target['conf']['name']))
        bt['obj'] = target.get('obj')
        cross_defconfig(ctx.base, target['conf'], bt['out'], logf)
        return bt
    bt = native_target(ctx, target['arch'], base=True)
    if not os.path.exists(os.path.join(bt['out'], '.config')):
        sh([tool('build-kernel'), '--arch', target['arch'], '--src',
            ctx.base, '--out', bt['out'], '--config-only', '--lenient',
            '--log', ctx.log('build-base-%s.log' % target['arch'])], ctx,
           'warnings.tool.log')
    return bt


# A kselftest program: tools/testing/selftests/DIR/PROG.c.
SELFTEST_RE = re.compile(r'^tools/testing/selftests/(.+)/([^/]+)\.c$')


def selftest_build(tree, cfile, hdr, logf):
    """Build the kselftest program of cfile with its own Makefile (its
    -Wall and what else it adds) against the UAPI headers in hdr; its
    warnings in cfile, as 'path: message'."""
    sub, prog = SELFTEST_RE.match(cfile).groups()
    out = tempfile.mkdtemp(prefix='wb-selftest-')
    try:
        p = subprocess.run(['make', '-C', os.path.join(
            tree, 'tools/testing/selftests', sub), 'OUTPUT=' + out,
            'KHDR_INCLUDES=-isystem ' + hdr, os.path.join(out, prog)],
            capture_output=True, text=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    with open(logf, 'a', encoding='utf-8') as f:
        f.write('$ make -C tools/testing/selftests/%s %s (%s)\n%s%s'
                % (sub, prog, tree, p.stdout, p.stderr))
    if p.returncode != 0:
        fail('%s does not build (log %s)' % (cfile, logf))
    name = os.path.basename(cfile)
    return ['%s: %s' % (cfile, w.split(': ', 1)[1])
            for w in parse_warnings(p.stdout + p.stderr, tree)
            if os.path.basename(w.split(': ', 1)[0]) == name]


def selftest_warnings(ctx, cfile, logf):
    """New compiler warnings of a changed kselftest program: W=1 and
    sparse are for kernel objects, so the program is built as kselftest
    builds it, from the series and from the base tree, both against the
    series' UAPI headers."""
    bdir = ctx.bdir('x86_64')
    if kmake(ctx.tree, ['ARCH=x86_64', 'O=' + bdir, 'headers'],
             logf).returncode:
        fail('make headers failed in %s (log %s)' % (bdir, logf))
    hdr = os.path.join(bdir, 'usr', 'include')
    warns = selftest_build(ctx.tree, cfile, hdr, logf)
    base_warns = selftest_build(ctx.base, cfile, hdr, logf) \
        if os.path.exists(os.path.join(ctx.base, cfile)) else []
    return new_warnings(warns, base_warns, 'selftest'), 1


def new_warnings(warns, base_warns, name):
    """The warnings of warns that base_warns does not have as often,
    each prefixed with name."""
    base_warns = list(base_warns)
    new = []
    for w in warns:
        if w in base_warns:
            base_warns.remove(w)
        else:
            new.append('%s: %s' % (name, w))
    return new


def file_warnings(ctx, cfile, sparse, logf):
    """New W=1/sparse warnings of one changed .c file on every
    configuration that builds it, against the same object of the base
    tree.  Returns (new warnings, configurations checked)."""
    if SELFTEST_RE.match(cfile):
        return selftest_warnings(ctx, cfile, logf)
    new, checked = [], 0
    targets = warning_targets(ctx, cfile)
    if not cfile.startswith('arch/') and not any(
            in_build(t['out'], cfile[:-2] + '.o') for t in targets):
        # A driver the native kernels do not build: its cross lines.
        targets = listed_targets(cfile)
        need(*sorted({t['conf']['cross'] + 'gcc' for t in targets}))
    for target in targets:
        if 'conf' in target:
            cross_defconfig(ctx.tree, target['conf'], target['out'], logf)
        warns = object_warnings(ctx.tree, target, cfile, logf, sparse)
        if warns is None:
            continue
        base_warns = []
        if os.path.exists(os.path.join(ctx.base, cfile)):
            bt = base_target(ctx, target, logf)
            # Whether the object is built is decided by the patched
            # build above; the base O= dir holds only its configuration.
            base_warns = object_warnings(ctx.base, bt, cfile, logf, sparse,
                                         member=True)
            if base_warns is None:
                fail('%s: the base tree has no rule for %s'
                     % (target['name'], cfile[:-2] + '.o'))
        new += new_warnings(warns, base_warns, target['name'])
        checked += 1
    if not checked:
        fail('%s is built by no configuration, so W=1 and sparse '
             'cannot check it' % cfile)
    return new, checked


def st_warnings(ctx):
    files = wblib.git_out(['diff', '--name-only', '--diff-filter=AM',
                           'base..series', '--', '*.c'], ctx.tree).split()
    if not files:
        return 'the series touches no .c file'
    gs = subprocess.run([tool('get-sparse'), '--tree', ctx.tree],
                        capture_output=True, text=True)
    if gs.returncode != 0:
        fail('no usable sparse: %s' % gs.stderr.strip())
    sparse = gs.stdout.strip()
    logf = ctx.log('warnings.log')
    new, checked = [], 0
    for cfile in files:
        n, c = file_warnings(ctx, cfile, sparse, logf)
        new += n
        checked += c
    if new:
        fail('new W=1/sparse warnings:\n      ' + '\n      '.join(new))
    return '%d file/config builds with W=1 C=2 (kselftest programs with ' \
        'their own flags), no new warnings' % checked


CROSS_CONF = os.path.join(wblib.TOOLS, 'cross.conf')


# ARCH= values whose sources live under another arch/ directory.
SRCARCH = {'x86_64': 'x86', 'i386': 'x86'}


def cross_configs():
    """The lines of tools/cross.conf.  A defconfig column of the form
    NAME+FRAGMENT is make NAME, then kconfig-fragments/FRAGMENT merged
    on top."""
    out = []
    with open(CROSS_CONF, encoding='utf-8') as f:
        for ln in f:
            ln = ln.split('#', 1)[0].split()
            if ln:
                out.append({'name': ln[0], 'arch': ln[1],
                            'srcarch': SRCARCH.get(ln[1], ln[1]),
                            'cross': '' if ln[2] == '-' else ln[2],
                            'defconfig': ln[3], 'objs': ln[4:]})
    return out


def cross_defconfig(tree, conf, out, logf):
    """Configure a cross O= dir with its defconfig (and fragment), once;
    fails when the fragment's options do not survive olddefconfig."""
    defconfig, _, fragment = conf['defconfig'].partition('+')
    wanted = {}
    if fragment:
        fpath = os.path.join(wblib.REPO,
                             'kconfig-fragments', fragment)
        if not os.path.exists(fpath):
            fail('%s: no fragment %s' % (conf['name'], fpath))
        wanted = wblib.kconfig_options(fpath)
    stamp = os.path.join(out, '.wb-defconfig')
    key = '\n'.join([conf['defconfig']] +
                    ['%s=%s' % kv for kv in sorted(wanted.items())])
    if os.path.exists(stamp) and \
            open(stamp, encoding='utf-8').read() == key:
        return
    os.makedirs(out, exist_ok=True)
    mk = cross_target(conf, out)['make']
    if kmake(tree, mk + [defconfig], logf).returncode:
        fail('%s: make %s failed (log %s)' % (conf['name'], defconfig, logf))
    if fragment:
        cfg = os.path.join(out, '.config')
        p = subprocess.run([os.path.join(tree, 'scripts', 'kconfig',
                                         'merge_config.sh'),
                            '-m', '-O', out, cfg, fpath], cwd=tree,
                           capture_output=True, text=True)
        with open(logf, 'a', encoding='utf-8') as f:
            f.write('$ merge_config.sh -m %s\n%s%s'
                    % (fpath, p.stdout, p.stderr))
        if p.returncode or kmake(tree, mk + ['olddefconfig'],
                                 logf).returncode:
            fail('%s: merging %s failed (log %s)'
                 % (conf['name'], fragment, logf))
        have = wblib.kconfig_options(cfg)
        lost = ['%s=%s' % (k, v) for k, v in sorted(wanted.items())
                if have.get(k, 'n') != v]
        if lost:
            fail('%s: %s did not survive olddefconfig: %s'
                 % (conf['name'], fragment, ', '.join(lost)))
    with open(stamp, 'w', encoding='utf-8') as f:
        f.write(key)


def cross_build(tree, conf, out, logf, what):
    """The objects of a cross line; names what failed."""
    cross_defconfig(tree, conf, out, logf)
    objs = conf['objs']
    p = kmake(tree, cross_target(conf, out)['make'] + objs, logf)
    if p.returncode:
        errs = [ln for ln in (p.stdout + p.stderr).splitlines()
                if 'error' in ln.lower()][:6]
        fail('%s: does not build for %s (log %s)\n      %s'
             % (what, conf['name'], logf, '\n      '.join(errs)))
    missing = [o for o in objs
               if not os.path.exists(os.path.normpath(os.path.join(out, o)))]
    if missing:
        fail('%s: %s not built by %s (fix tools/cross.conf)'
             % (what, ', '.join(missing), conf['defconfig']))


def st_cross(ctx):
    changed = wblib.git_out(['diff', '--name-only', '--diff-filter=AM',
                             'base..series'], ctx.tree).split()
    if not changed:
        return 'the series changes no file'
    confs = cross_configs()
    need(*sorted({c['cross'] + 'gcc' for c in confs}))
    logf = ctx.log('cross.log')
    listed = {os.path.normpath(o) for c in confs for o in c['objs']}
    unlisted = [f for f in changed if f.startswith('arch/') and
                f.endswith('.c') and f[:-2] + '.o' not in listed and
                not f.startswith(('arch/x86/', 'arch/um/'))]
    # Drivers the native kernels do not build need a line too.
    unlisted += [f for f in changed if f.startswith('drivers/') and
                 f.endswith('.c') and f[:-2] + '.o' not in listed and
                 not any(in_build(ctx.bdir(a), f[:-2] + '.o')
                         for a in ARCHES)]
    if unlisted:
        fail('changed files that no build and no line of tools/cross.conf '
             'compiles: %s' % ', '.join(unlisted))
    for c in confs:
        cross_build(ctx.tree, c, wblib.build_dir('cross-' + c['name']), logf,
                    'the series')
    return '%d configurations: %s' % (len(confs), ', '.join(
        '%s (%d objects)' % (c['name'], len(c['objs'])) for c in confs))


def subject(tree, commit):
    return wblib.git_out(['log', '-1', '--format=%s', commit], tree).strip()


def st_bisect(ctx):
    """Each patch on its own: the .c files it changes compile (um, x86_64,
    and the cross lines that list them or whose arch/ it touches)."""
    commits = wblib.git_out(['rev-list', '--reverse', 'base..series'],
                            ctx.tree).split()
    if not commits:
        return 'no patches'
    wt = os.path.join(wblib.cache_dir(), 'bisect', 'linux')
    if not os.path.exists(os.path.join(wt, '.git')):
        wblib.add_worktree(ctx.base, wt, 'base', ['--detach'])
    logf = ctx.log('bisect.log')
    checked = 0
    for n, c in enumerate(commits, 1):
        built = set()
        wblib.git(['checkout', '-q', '-f', '--detach', c], wt)
        files = [f for f in wblib.git_out(
            ['diff-tree', '--no-commit-id', '--name-only', '-r',
             '--diff-filter=AM', c], wt).split() if f.endswith('.c') and
            not f.startswith(('arch/', 'tools/', 'scripts/'))]
        for arch in ARCHES:
            out = wblib.build_dir('bisect-' + arch)
            sh([tool('build-kernel'), '--arch', arch, '--src', wt, '--out',
                out, '--config-only', '--lenient', '--log', logf], ctx,
               'bisect.tool.log')
            # What the configuration builds, as the full build of the
            # tip shows (a patch's object not there yet is compiled).
            objs = [f[:-2] + '.o' for f in files
                    if in_build(ctx.bdir(arch), f[:-2] + '.o') or
                    not os.path.exists(os.path.join(ctx.tree, f))]
            if not objs:
                objs_ok = []
                if kmake(wt, ['ARCH=' + arch, 'O=' + out, 'prepare'],
                         logf).returncode:
                    fail('patch %d: "make prepare" fails for %s (log %s)'
                         % (n, arch, logf))
            elif kmake(wt, ['ARCH=' + arch, 'O=' + out] + objs,
                       logf).returncode == 0:
                objs_ok = objs
            else:
                objs_ok = []
                for o in objs:
                    p = kmake(wt, ['ARCH=' + arch, 'O=' + out, o], logf)
                    if p.returncode == 0:
                        objs_ok.append(o)
                    elif 'No rule to make target' not in p.stdout + p.stderr:
                        fail('patch %d (%s): %s does not build for %s '
                             '(log %s)' % (n, subject(wt, c), o, arch, logf))
            built.update(objs_ok)
            checked += len(objs_ok)
        touched = wblib.git_out(['diff-tree', '--no-commit-id',
                                 '--name-only', '-r', c], wt).split()
        for conf in cross_configs():
            mine = [f for f in files if listed_object(conf, f)]
            if not mine and not any(
                    f.startswith('arch/%s/' % conf['srcarch'])
                    for f in touched):
                continue
            built.update(f[:-2] + '.o' for f in mine)
            need(conf['cross'] + 'gcc')
            cross_build(wt, conf, wblib.build_dir('bisect-cross-' +
                                                  conf['name']),
                        logf, 'patch %d (%s)' % (n, subject(wt, c)))
            checked += 1
        lost = [f for f in files if f[:-2] + '.o' not in built]
        if lost:
            fail('patch %d: %s built by neither um nor x86_64'
                 % (n, ', '.join(lost)))
    return '%d patches one by one: %d builds (objects on um/x86_64, cross ' \
        'lines)' % (len(commits), checked)


NEW_OPTION_RE = re.compile(r'^\+\s*(?:menu)?config\s+(\w+)\s*$')
OPTION_TYPE_RE = re.compile(r'^\+\s*(?:def_)?(bool|tristate|int|hex|string)'
                            r'\b')


def parse_new_options(diff):
    """{CONFIG_NAME: type} of the options a Kconfig diff adds."""
    opts, cur = {}, None
    for ln in diff.splitlines():
        m = NEW_OPTION_RE.match(ln)
        if m:
            cur = 'CONFIG_' + m.group(1)
            opts[cur] = None
            continue
        if cur is None:
            continue
        if not ln.startswith('+'):
            cur = None
            continue
        m = OPTION_TYPE_RE.match(ln)
        if m and opts[cur] is None:
            opts[cur] = m.group(1)
    return opts


def series_options(tree):
    """The options the series adds to Kconfig files, with their types."""
    return parse_new_options(wblib.git_out(
        ['diff', 'base..series', '--', '*Kconfig*'], tree))


# Beside CONFIG_KUNIT and the series' tests, what a minimal kernel needs to
# be run by kunit.py: the serial console kunit.py's qemu_configs/x86_64.py
# adds, and module support, so that one O= dir serves the module build and
# the minimal KUnit run (only the test objects change between them).
MINIMAL_BASE = {'um': ['CONFIG_KUNIT=y'],
                'x86_64': ['CONFIG_KUNIT=y', 'CONFIG_SERIAL_8250=y',
                           'CONFIG_SERIAL_8250_CONSOLE=y',
                           'CONFIG_MODULES=y']}


def minimal_fragment(ctx, arch, modules):
    """Write the minimal configuration of arch: CONFIG_KUNIT, the series'
    KUnit options (tristates =m when modules) and nothing else.  Returns
    (path, {option: value})."""
    opts = series_options(ctx.tree)
    tests = {o: ('m' if modules and t == 'tristate' else 'y')
             for o, t in sorted(opts.items()) if o.endswith('_KUNIT_TEST')}
    path = ctx.log('minimal%s.%s.config' % ('-modules' if modules else '',
                                            arch))
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# Help: CONFIG_KUNIT, the series\' KUnit options%s, and '
                'what Kconfig forces\n' % (' as modules' if modules else ''))
        f.write(''.join('%s\n' % ln for ln in MINIMAL_BASE[arch]))
        f.write(''.join('%s=%s\n' % kv for kv in tests.items()))
    return path, tests


def minimal_build(ctx, arch, modules, targets=()):
    """Configure and build the minimal kernel; return (options asked for,
    options Kconfig dropped)."""
    frag, tests = minimal_fragment(ctx, arch, modules)
    out = wblib.build_dir('min-' + arch)
    stage = 'modules' if modules else 'kunit-min-' + arch
    sh([tool('build-kernel'), '--arch', arch, '--src', ctx.tree, '--out',
        out, '--only-fragments', '--fragment', frag, '--may-drop', '--log',
        ctx.log('build-min-%s.log' % arch)] +
       ['--target=' + t for t in targets], ctx, '%s.tool.log' % stage)
    with open(os.path.join(out, '.wb-dropped'), encoding='utf-8') as f:
        dropped = f.read().split()
    return tests, dropped


def st_modules(ctx):
    """The series' tristate options as modules, linked by modpost."""
    tristate = [o for o, t in series_options(ctx.tree).items()
                if t == 'tristate']
    if not tristate:
        return 'the series adds no tristate option'
    untested = [o for o in tristate if not o.endswith('_KUNIT_TEST')]
    if untested:
        fail('tristate options without a module check: %s (only KUnit '
             'options are built as modules here)' % ', '.join(untested))
    need('make', 'gcc', 'ccache')
    # modpost fails the build on an undefined (unexported) symbol.
    tests, dropped = minimal_build(ctx, 'x86_64', True,
                                   ['bzImage', 'modules'])
    lost = [o for o in tristate if o in dropped]
    if lost:
        fail('not built as modules (Kconfig dropped them in the minimal '
             'configuration): %s' % ', '.join(lost))
    out = wblib.build_dir('min-x86_64')
    with open(os.path.join(out, 'modules.order'), encoding='utf-8') as f:
        mods = [os.path.basename(ln.strip()) for ln in f if ln.strip()]
    if len(mods) < len(tristate):
        fail('%d tristate option(s) but %d module(s) built: %s'
             % (len(tristate), len(mods), ', '.join(mods) or 'none'))
    return '%s =m on x86_64, modpost passed: %s' % (
        ', '.join(o[len('CONFIG_'):] for o in tristate), ', '.join(mods))
