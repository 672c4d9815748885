# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/stages/build.py on recorded inputs (no kernel build)."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOOLS, 'tests', 'data')
sys.path.insert(0, TOOLS)
from stages import build  # noqa: E402
from stages.common import Ctx, StageFail  # noqa: E402
import wblib  # noqa: E402


class TestBuild(unittest.TestCase):
    def test_warning_lines(self):
        out = '\n'.join([
            '/t/mm/a.c:12:5: warning: no previous prototype for f '
            '[-Wmissing-prototypes]',
            '/t/mm/a.c:3:1: warning: symbol \'x\' was not declared.',
            'Warning: /t/mm/a.c:434 function parameter \'order\' not '
            'described in \'pgtable_alloc\'',
            '  CC      mm/a.o'])
        self.assertEqual(build.parse_warnings(out, '/t'), [
            'mm/a.c: no previous prototype for f [-Wmissing-prototypes]',
            'mm/a.c: symbol \'x\' was not declared.',
            'mm/a.c: function parameter \'order\' not described in '
            '\'pgtable_alloc\''])

    def selftest_tree(self, body):
        """A tree with one kselftest program, built like kselftest's
        lib.mk does: -Wall, $(OUTPUT)/PROG from PROG.c."""
        tree = tempfile.mkdtemp()
        d = os.path.join(tree, 'tools', 'testing', 'selftests', 'x')
        os.makedirs(d)
        with open(os.path.join(d, 'Makefile'), 'w') as fh:
            fh.write('$(OUTPUT)/prog: prog.c\n'
                     '\t$(CC) -Wall $(KHDR_INCLUDES) -o $@ $<\n')
        with open(os.path.join(d, 'prog.c'), 'w') as fh:
            fh.write(body)
        return tree

    def test_selftest_program_warnings(self):
        cfile = 'tools/testing/selftests/x/prog.c'
        self.assertTrue(build.SELFTEST_RE.match(cfile))
        self.assertFalse(build.SELFTEST_RE.match('mm/rmap.c'))
        logf = tempfile.mktemp()
        tree = self.selftest_tree('int main(void)\n{\n\tint unused;\n'
                                  '\treturn 0;\n}\n')
        warns = build.selftest_build(tree, cfile, '/nonexistent', logf)
        self.assertEqual(len(warns), 1)
        self.assertTrue(warns[0].startswith(cfile + ': unused variable'),
                        warns)
        clean = self.selftest_tree('int main(void)\n{\n\treturn 0;\n}\n')
        self.assertEqual(build.selftest_build(clean, cfile, '/nonexistent',
                                              logf), [])
        broken = self.selftest_tree('int main(void)\n{\n\treturn x;\n}\n')
        with self.assertRaises(StageFail):
            build.selftest_build(broken, cfile, '/nonexistent', logf)
        for t in (tree, clean, broken):
            shutil.rmtree(t)
        os.remove(logf)

    def test_in_build_reads_thin_archives(self):
        bdir = tempfile.mkdtemp()
        os.makedirs(os.path.join(bdir, 'mm', 'tests'))
        for o in ('mm/a.o', 'mm/tests/t.o', 'mm/off.o'):
            open(os.path.join(bdir, o), 'wb').close()
        subprocess.run(['ar', 'rcST', 'mm/built-in.a', 'mm/a.o',
                        'mm/tests/t.o'], cwd=bdir, check=True)
        self.assertTrue(build.in_build(bdir, 'mm/a.o'))
        self.assertTrue(build.in_build(bdir, 'mm/tests/t.o'))
        self.assertFalse(build.in_build(bdir, 'mm/off.o'))
        self.assertFalse(build.in_build(bdir, 'lib/x.o'))
        shutil.rmtree(bdir)


    def test_base_warnings_without_a_base_build(self):
        """A fresh cache: the base O= dir is only configured (no
        built-in.a), the patched one is built.  The base object must still
        be compiled, so that the warnings both trees share are not new."""
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        env = dict(os.environ, WB_CACHE=os.path.join(tmp, 'cache'))
        old = os.environ.copy()
        self.addCleanup(os.environ.update, old)
        os.environ.update(env)
        cfile = 'mm/pgtable-generic.c'
        for tree in ('base', 'work'):
            os.makedirs(os.path.join(tmp, tree, 'mm'))
            open(os.path.join(tmp, tree, cfile), 'w').close()
        patched = os.path.join(tmp, 'cache', 'build', 'x86_64')
        os.makedirs(os.path.join(patched, 'mm'))
        open(os.path.join(patched, 'mm', 'pgtable-generic.o'), 'w').close()
        subprocess.run(['ar', 'rcST', 'mm/built-in.a',
                        'mm/pgtable-generic.o'], cwd=patched, check=True)
        basedir = os.path.join(tmp, 'cache', 'build', 'base-x86_64')
        os.makedirs(basedir)
        open(os.path.join(basedir, '.config'), 'w').close()
        with open(os.path.join(DATA, 'w1-pgtable-generic.log')) as fh:
            recorded = fh.read()
        made = []

        def kmake(tree, args, logf, env=None):
            made.append((tree, args[-1]))
            return subprocess.CompletedProcess(
                args, 0, recorded.replace('TREE', tree), '')

        self.addCleanup(setattr, build, 'kmake', build.kmake)
        build.kmake = kmake
        ctx = Ctx(tmp)
        ctx.tree, ctx.base = os.path.join(tmp, 'work'), \
            os.path.join(tmp, 'base')
        new, checked = build.file_warnings(ctx, cfile, 'sparse',
                                           os.path.join(tmp, 'log'))
        self.assertEqual((new, checked), ([], 1))
        self.assertEqual(made, [(ctx.tree, 'mm/pgtable-generic.o'),
                                (ctx.base, 'mm/pgtable-generic.o')])

    def test_new_kconfig_options(self):
        diff = """--- a/mm/Kconfig
+++ b/mm/Kconfig
@@ -1,3 +1,12 @@
 config OLD
 \tbool "old"
+config PGTABLE_ALLOC_KUNIT_TEST
+\ttristate "KUnit tests" if !KUNIT_ALL_TESTS
+\tdepends on KUNIT && MMU
+
+config PAGE_EXT_KUNIT_TEST
+\tbool "KUnit tests for the page extension iterator"
+\tdepends on KUNIT=y
+
 config AFTER
 \ttristate "not new"
"""
        self.assertEqual(build.parse_new_options(diff), {
            'CONFIG_PGTABLE_ALLOC_KUNIT_TEST': 'tristate',
            'CONFIG_PAGE_EXT_KUNIT_TEST': 'bool'})


    def test_minimal_fragment(self):
        """CONFIG_KUNIT, the series' KUnit options (tristates =m for the
        module build), and for x86_64 the serial console and modules."""
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        self.addCleanup(setattr, build, 'series_options',
                        build.series_options)
        build.series_options = lambda tree: {
            'CONFIG_PGTABLE_ALLOC_KUNIT_TEST': 'tristate',
            'CONFIG_PAGE_EXT_KUNIT_TEST': 'bool',
            'CONFIG_NOT_A_TEST': 'tristate'}
        ctx = Ctx(tmp)
        path, tests = build.minimal_fragment(ctx, 'x86_64', True)
        self.assertEqual(tests, {'CONFIG_PAGE_EXT_KUNIT_TEST': 'y',
                                 'CONFIG_PGTABLE_ALLOC_KUNIT_TEST': 'm'})
        with open(path) as fh:
            lines = [ln.strip() for ln in fh if not ln.startswith('#')]
        self.assertEqual(lines, [
            'CONFIG_KUNIT=y', 'CONFIG_SERIAL_8250=y',
            'CONFIG_SERIAL_8250_CONSOLE=y', 'CONFIG_MODULES=y',
            'CONFIG_PAGE_EXT_KUNIT_TEST=y',
            'CONFIG_PGTABLE_ALLOC_KUNIT_TEST=m'])
        _, tests = build.minimal_fragment(ctx, 'um', False)
        self.assertEqual(tests['CONFIG_PGTABLE_ALLOC_KUNIT_TEST'], 'y')

    def test_listed_object_normalised(self):
        """A line names amdkfd's objects through amdgpu's directory."""
        conf = {'objs': ['lib/test_hmm.o',
                         'drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_svm.o']}
        self.assertEqual(
            build.listed_object(conf, 'drivers/gpu/drm/amd/amdkfd/kfd_svm.c'),
            'drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_svm.o')
        self.assertEqual(build.listed_object(conf, 'lib/test_hmm.c'),
                         'lib/test_hmm.o')
        self.assertIsNone(build.listed_object(
            conf, 'drivers/gpu/drm/amd/amdkfd/kfd_chardev.c'))

    def test_cross_conf_fragments_exist(self):
        """Every NAME+FRAGMENT line names a fragment with options, kept
        out of the fragments the native kernels merge."""
        seen = 0
        for conf in build.cross_configs():
            _, _, frag = conf['defconfig'].partition('+')
            if not frag:
                continue
            seen += 1
            self.assertIn('/', frag)
            path = os.path.join(TOOLS, '..', 'kconfig-fragments', frag)
            self.assertTrue(wblib.kconfig_options(path), frag)
        self.assertGreater(seen, 0)


if __name__ == '__main__':
    unittest.main()
