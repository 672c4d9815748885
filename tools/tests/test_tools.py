# SPDX-License-Identifier: GPL-2.0
"""Tests of the workbench tools on recorded inputs and tiny git trees.

No kernel build or download: a small git repository stands in for the base
tree (WB_CACHE points at a temporary cache), and a temporary copy of the
series layout (WB_REPO) holds the patches.  Run: python3 -m unittest
discover -s tools/tests
"""

import contextlib
import importlib.machinery
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOOLS, 'tests', 'data')
sys.path.insert(0, TOOLS)
import wblib  # noqa: E402


def load(name):
    """Import one of the extension-less tool scripts as a module."""
    path = os.path.join(TOOLS, name)
    loader = importlib.machinery.SourceFileLoader(name.replace('-', '_'),
                                                  path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def git(args, cwd, env=None):
    return subprocess.run(['git'] + args, cwd=cwd, env=env, check=True,
                          capture_output=True, text=True).stdout


class Sandbox(unittest.TestCase):
    """A fake cache with a two-file base tree and an empty series."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='wb-test-')
        self.cache = os.path.join(self.tmp, 'cache')
        self.repo = os.path.join(self.tmp, 'repo')
        os.makedirs(os.path.join(self.repo, 'patches'))
        open(os.path.join(self.repo, 'series'), 'w').close()
        base = os.path.join(self.cache, 'base', 'linux')
        os.makedirs(base)
        self.env = dict(os.environ, WB_CACHE=self.cache, WB_REPO=self.repo,
                        GIT_AUTHOR_NAME='T', GIT_AUTHOR_EMAIL='t@example.org',
                        GIT_COMMITTER_NAME='T',
                        GIT_COMMITTER_EMAIL='t@example.org',
                        GIT_AUTHOR_DATE='2026-01-02T00:00:00Z',
                        GIT_COMMITTER_DATE='2026-01-02T00:00:00Z')
        for f, text in (('a.c', 'int a;\n'), ('b.c', 'int b;\n')):
            with open(os.path.join(base, f), 'w') as fh:
                fh.write(text)
        git(['init', '-q', '-b', 'base'], base)
        git(['add', '.'], base)
        git(['commit', '-q', '-m', 'base'], base, self.env)
        with open(os.path.join(base, '.git', 'wb-base-version'), 'w') as fh:
            fh.write(wblib.read_conf()['version'] + '\n')
        self.work = os.path.join(self.cache, 'work', 'linux')

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def series(self, *args):
        return subprocess.run([os.path.join(TOOLS, 'series')] + list(args),
                              env=self.env, capture_output=True, text=True)

    def commit(self, path, text, subject, notes=None):
        with open(os.path.join(self.work, path), 'a') as fh:
            fh.write(text)
        git(['commit', '-q', '-a', '-m', subject + '\n\nWhy.\n\n'
             'Signed-off-by: T <t@example.org>'], self.work, self.env)
        if notes:
            git(['notes', 'add', '-m', notes], self.work, self.env)

    def make_series(self):
        self.assertEqual(self.series('apply').returncode, 0)
        self.commit('a.c', 'int a2;\n', 'mm: change a', 'v2:\n- reworded\n')
        self.commit('b.c', 'int b2;\n', 'mm: change b')
        git(['config', 'branch.series.description',
             'Cover subject\n\nCover text.\n'], self.work)
        with open(os.path.join(self.repo, 'series'), 'w') as fh:
            fh.write('# Part one\n0001-mm-change-a.patch\n')
        p = self.series('export')
        self.assertEqual(p.returncode, 0, p.stderr)

    def user_tree(self):
        """A user's own clean clone of the base tree."""
        user = os.path.join(self.tmp, 'user')
        git(['clone', '-q', '-b', 'base',
             os.path.join(self.cache, 'base', 'linux'), user], self.tmp)
        return user

    def snapshot(self):
        out = {}
        for d, _, files in os.walk(self.repo):
            for f in files:
                with open(os.path.join(d, f), 'rb') as fh:
                    out[os.path.relpath(os.path.join(d, f), self.repo)] = \
                        fh.read()
        return out


class TestSeries(Sandbox):
    def test_round_trip_is_byte_identical(self):
        self.make_series()
        before = self.snapshot()
        self.assertIn('patches/0000-cover-letter.patch', before)
        self.assertIn(b'Notes:\n    v2:\n    - reworded',
                      before['patches/0001-mm-change-a.patch'])
        self.assertEqual(before['series'],
                         b'# Part one\n0001-mm-change-a.patch\n'
                         b'0002-mm-change-b.patch\n')
        p = self.series('apply')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.series('export', '--check').returncode, 0)
        self.assertEqual(self.series('export').returncode, 0)
        self.assertEqual(self.snapshot(), before)

    def test_apply_refuses_unexported_commits(self):
        self.make_series()
        self.commit('a.c', 'int a3;\n', 'mm: not exported')
        p = self.series('apply')
        self.assertEqual(p.returncode, 1)
        self.assertIn('differ from patches/', p.stderr)
        self.assertEqual(self.series('apply', '--force').returncode, 0)

    def test_interrupted_am_needs_force(self):
        self.make_series()
        self.assertEqual(self.series('apply').returncode, 0)
        git(['checkout', '-q', '-f', '-B', 'series', 'base'], self.work)
        bad = os.path.join(self.tmp, 'bad.patch')
        with open(os.path.join(self.repo, 'patches',
                               '0002-mm-change-b.patch')) as fh:
            text = fh.read().replace('+int b2;', '+int b2;\n+int b3;')
        with open(bad, 'w') as fh:
            fh.write(text.replace('int b;', 'int nope;'))
        subprocess.run(['git', 'am', '-q', bad], cwd=self.work, env=self.env,
                       capture_output=True)
        p = self.series('apply')
        self.assertEqual(p.returncode, 1)
        self.assertIn('middle of a "git am"', p.stderr)
        p = self.series('apply', '--force')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.series('export', '--check').returncode, 0)

    def test_missing_series_entry(self):
        with open(os.path.join(self.repo, 'series'), 'w') as fh:
            fh.write('0001-nothing.patch\n')
        p = self.series('apply')
        self.assertEqual(p.returncode, 1)
        self.assertIn('patches/0001-nothing.patch does not exist', p.stderr)
        self.assertFalse(os.path.exists(self.work))
        p = self.series('lint')
        self.assertEqual(p.returncode, 1)
        self.assertIn('not in patches/', p.stdout)

    def test_stray_patch_and_missing_signoff(self):
        self.make_series()
        with open(os.path.join(self.repo, 'patches', '0009-x.patch'),
                  'w') as fh:
            fh.write('Subject: x\n\nno sign-off\n')
        p = self.series('lint')
        self.assertEqual(p.returncode, 1)
        self.assertIn('0009-x.patch is not listed in series', p.stdout)

    def test_doc_rows_name_patches_by_subject(self):
        self.make_series()
        os.makedirs(os.path.join(self.repo, 'Documentation'))
        doc = os.path.join(self.repo, 'Documentation', 'x.md')
        with open(doc, 'w') as fh:
            fh.write('| 1 `mm: change a` | ok |\n| 2 `mm: change b` | ok |\n')
        p = self.series('lint')
        self.assertEqual(p.returncode, 0, p.stdout)
        with open(doc, 'w') as fh:
            fh.write('| 2 `mm: change a` | renumbered |\n')
        p = self.series('lint')
        self.assertEqual(p.returncode, 1)
        self.assertIn('Documentation/x.md: patch 2 is "mm: change b", '
                      'not "mm: change a"', p.stdout)

    def test_user_tree_failed_patch_leaves_tree(self):
        self.make_series()
        user = self.user_tree()
        with open(os.path.join(user, 'b.c'), 'w') as fh:
            fh.write('int conflicting;\n')
        git(['commit', '-q', '-a', '-m', 'diverge'], user, self.env)
        head = git(['rev-parse', 'HEAD'], user)
        p = self.series('apply', '--linux', user)
        self.assertEqual(p.returncode, 1)
        self.assertIn('patch 0002-mm-change-b.patch does not apply',
                      p.stderr)
        self.assertEqual(git(['rev-parse', 'HEAD'], user), head)
        self.assertEqual(git(['status', '--porcelain'], user), '')

    def test_user_tree_dirty_is_refused(self):
        self.make_series()
        user = self.user_tree()
        with open(os.path.join(user, 'a.c'), 'a') as fh:
            fh.write('dirty\n')
        p = self.series('apply', '--linux', user)
        self.assertEqual(p.returncode, 1)
        self.assertIn('uncommitted changes', p.stderr)

    def test_user_tree_applies(self):
        self.make_series()
        user = self.user_tree()
        p = self.series('apply', '--linux', user)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(git(['log', '--format=%s', '-2'], user),
                         'mm: change b\nmm: change a\n')


def parse_console(text, benchmarks=()):
    """vmtest.parse() of a console log with the given text."""
    vmtest = load('vmtest')
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, 'console.log')
    with open(path, 'w') as fh:
        fh.write(text)
    try:
        return vmtest.parse(path, benchmarks)
    finally:
        shutil.rmtree(tmp)


class TestParsers(unittest.TestCase):
    def test_console_tap(self):
        vmtest = load('vmtest')
        res = vmtest.parse(os.path.join(DATA, 'console-ok.log'))
        self.assertTrue(res['complete'])
        r = res['tests']['hmm-tests']
        self.assertEqual((r['pass'], r['fail'], r['skip'], r['rc']),
                         (3, 0, 1, 0))
        self.assertEqual(r['cases']['hmm.hmm_device_coherent.open_close'],
                         'skip')
        self.assertEqual(res['console_problems'], [])

    def test_console_warn_and_crash(self):
        vmtest = load('vmtest')
        with open(os.path.join(DATA, 'console-ok.log')) as fh:
            lines = fh.read().splitlines()
        cut = lines.index('ok 2 hmm.hmm_device_private.anon_read')
        bad = lines[:cut] + [
            '[   12.345678] WARNING: CPU: 0 PID: 1 at mm/rmap.c:1 x+0x1/0x2',
            'not ok 2 hmm.hmm_device_private.anon_read']
        path = os.path.join(tempfile.mkdtemp(), 'console.log')
        with open(path, 'w') as fh:
            fh.write('\n'.join(bad) + '\n')
        res = vmtest.parse(path)
        self.assertFalse(res['complete'])
        self.assertEqual(res['tests']['hmm-tests']['fail'], 1)
        self.assertIsNone(res['tests']['hmm-tests']['rc'])
        self.assertEqual(len(res['console_problems']), 1)
        shutil.rmtree(os.path.dirname(path))

    def test_console_skip_without_name(self):
        # ksft_test_result_skip() prints "ok N # SKIP reason", no name.
        res = parse_console('WB-BOOTED\nWB-BEGIN t\nnot ok 1 first\n'
                            'ok 2 # SKIP second\nok 3 third # SKIP why\n'
                            'ok 4 fourth\nnot ok 5 fourth\n'
                            'WB-END t rc=1\nWB-ALL-DONE\n')
        self.assertEqual(res['tests']['t']['cases'], {
            'first': 'fail', 'second': 'skip', 'third': 'skip',
            'fourth': 'pass', 'fourth (2)': 'fail'})

    def test_bench_result_lines(self):
        # The kernel's pr_info() line and the guest's ksft_print_msg() one.
        import benchlib
        m = benchlib.RESULT.search(
            '[ 9.1] page_ext_bench: for_each_page_ext: median 8.51 '
            'ns/page, min 8.10, max 9.02, 31 runs of 524288 pages')
        self.assertEqual((m.group('bench'), m.group('walk'),
                          m.group('median'), m.group('unit'),
                          m.group('items')),
                         ('page_ext_bench', 'for_each_page_ext', '8.51',
                          'page', '524288'))
        m = benchlib.RESULT.search(
            '# rmap_bench: pte-thp: median 4120.5 ns/folio, min 4001.0, '
            'max 4500.2, 31 runs of 128 folios, 128 idle')
        self.assertEqual((m.group('bench'), m.group('walk'),
                          m.group('max'), m.group('runs')),
                         ('rmap_bench', 'pte-thp', '4500.2', '31'))

    def test_selftests_list_settings(self):
        vmtest = load('vmtest')
        path = os.path.join(tempfile.mkdtemp(), 'list')
        with open(path, 'w') as fh:
            fh.write('# c\n@mem 8G\n@append a=1\n@append b=2\n'
                     '@append memmap=1G#0x100000000 # c\n'
                     '@icount 0\nprog x  # c\n#prog y\n')
        tests, settings = vmtest.read_list(path)
        self.assertEqual([(t['name'], t['cmd']) for t in tests],
                         [('prog', './prog x')])
        self.assertEqual(settings, {'mem': '8G',
                                    'append': 'a=1 b=2 memmap=1G#0x100000000',
                                    'cpu': 'qemu64', 'smp': '2',
                                    'icount': '0'})
        with open(path, 'w') as fh:
            fh.write('@memory 8G\n')
        with self.assertRaises(wblib.WbError):
            vmtest.read_list(path)
        shutil.rmtree(os.path.dirname(path))

    def test_list_bench(self):
        vmtest = load('vmtest')
        t = vmtest.parse_test('bench=hmm-thp hmm-tests -r a.b.c')
        self.assertEqual((t['name'], t['prog'], t['cmd']),
                         ('hmm-thp', 'hmm-tests', './hmm-tests -r a.b.c'))
        with self.assertRaises(wblib.WbError):
            vmtest.parse_test('bench= khugepaged')
        path = os.path.join(tempfile.mkdtemp(), 'list')
        with open(path, 'w') as fh:
            fh.write('hmm-tests -T x\nhmm-tests\n')
        with self.assertRaises(wblib.WbError):
            vmtest.read_list(path)
        shutil.rmtree(os.path.dirname(path))

    def test_console_benchmark_and_report_owner(self):
        res = parse_console(
            'WB-BOOTED\nWB-BEGIN t\nok 1 a\nWB-END t rc=0\n'
            '[ 1.0] BUG: KASAN: slab-use-after-free in x+0x1/0x2\n'
            'WB-BEGIN b\n# Eight THP 1.0 ms\n'
            'not ok 1 hmm.bench # timeout\nWB-END b rc=1\n'
            'WB-ALL-DONE\n', ['b'])
        self.assertEqual(list(res['tests']), ['t'])
        self.assertEqual(res['benchmarks']['b']['rc'], 1)
        self.assertIn('# Eight THP 1.0 ms', res['benchmarks']['b']['output'])
        self.assertEqual(res['console_problems'], [
            'after t: [ 1.0] BUG: KASAN: slab-use-after-free in '
            'x+0x1/0x2'])

    def test_fragment_selection(self):
        bk = load('build-kernel')
        um = [os.path.basename(f) for f in bk.fragments('um')]
        x86 = [os.path.basename(f) for f in bk.fragments('x86_64')]
        self.assertNotIn('qemu.x86_64.config', um)
        self.assertIn('qemu.x86_64.config', x86)
        self.assertIn('mm.kunitconfig', um)
        want = bk.requested([os.path.join(TOOLS, '..', 'kconfig-fragments',
                                          'hmm.x86_64.config')])
        self.assertEqual(want['CONFIG_TEST_HMM'], 'y')


class TestMergeBaseline(unittest.TestCase):
    def test_some_stages_replace_their_keys_only(self):
        check = load('check')
        old = {'base': 'v1', 'kunit-um': {'s': {'c': 'PASS'}},
               'selftests': {'p': {'c': 'pass'}},
               'selftests-fullphys': {'p': {'c': 'pass'}},
               'expected-fail': {'selftests': {'p': {'x': 'old'}},
                                 'selftests-fullphys': {'p': {'y': 'r'}}}}
        new = {'base': 'v1', 'selftests-fullphys': {'p': {'c': 'fail'}},
               'selftests-fullphys-console': []}
        got = check.merge_baseline(old, new, ['build-x86_64',
                                              'selftests-fullphys'])
        self.assertEqual(got['selftests-fullphys'], {'p': {'c': 'fail'}})
        self.assertEqual(got['kunit-um'], old['kunit-um'])
        self.assertEqual(got['selftests'], old['selftests'])
        # The stage ran and recorded no expected failure: its old ones go.
        self.assertEqual(got['expected-fail'],
                         {'selftests': {'p': {'x': 'old'}}})
        with self.assertRaisesRegex(wblib.WbError, 'record all stages'):
            check.merge_baseline(old, dict(new, base='v2'), ['selftests'])


class FakeApt:
    mirror = 'http://mirror.example/debian'

    def __init__(self, versions):
        self._versions = versions

    def versions(self, pkg):
        return self._versions

    def newest(self, vers):
        return sorted(vers)[-1]


class TestBaseVersion(unittest.TestCase):
    CONF = {'package': 'linux-source-7.3', 'version': '7.3.4-1~bpo13+1',
            'upstream': '7.3', 'suite': 'trixie-backports'}

    def test_pinned_version_is_used(self):
        ft = load('fetch-tree')
        apt = FakeApt(['7.3.5-1~bpo13+1', '7.3.4-1~bpo13+1'])
        self.assertEqual(ft.choose_version(apt, self.CONF), '7.3.4-1~bpo13+1')

    def test_fallback_warns_naming_both(self):
        ft = load('fetch-tree')
        apt = FakeApt(['7.3.6-1~bpo13+1', '7.3.5-1~bpo13+1'])
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            ver = ft.choose_version(apt, self.CONF)
        self.assertEqual(ver, '7.3.6-1~bpo13+1')
        self.assertIn('7.3.4-1~bpo13+1', err.getvalue())
        self.assertIn('7.3.6-1~bpo13+1', err.getvalue())

    def test_no_7_3_at_all_is_an_error(self):
        ft = load('fetch-tree')
        with self.assertRaises(wblib.WbError):
            ft.choose_version(FakeApt(['7.4.1-1~bpo13+1']), self.CONF)


class TestQemuShim(unittest.TestCase):
    def test_only_tcg_survives(self):
        tmp = tempfile.mkdtemp()
        fake = os.path.join(tmp, 'qemu-system-x86_64')
        with open(fake, 'w') as fh:
            fh.write('#!/bin/sh\nprintf "%s\\n" "$@"\n')
        os.chmod(fake, 0o755)
        shim = os.path.join(TOOLS, 'qemu-tcg')
        env = dict(os.environ, PATH='%s:%s:%s' % (shim, tmp,
                                                  os.environ['PATH']))
        env.pop('WB_QEMU_ACCEL', None)
        out = subprocess.run(
            ['qemu-system-x86_64', '-nodefaults', '-accel', 'kvm', '-accel',
             'hvf', '-accel', 'tcg', '-append', 'a b'], env=env,
            capture_output=True, text=True, check=True).stdout
        self.assertEqual(out.split('\n')[:-1],
                         ['-nodefaults', '-accel', 'tcg', '-append', 'a b'])
        shutil.rmtree(tmp)


if __name__ == '__main__':
    unittest.main()
