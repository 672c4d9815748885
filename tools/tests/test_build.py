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


if __name__ == '__main__':
    unittest.main()
