# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/stages/cocci.py on recorded inputs (no spatch run)."""

import os
import sys
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
from stages import cocci  # noqa: E402


class TestCocci(unittest.TestCase):
    def test_no_exception_lists(self):
        # The stage honours no exception list: a script filters by itself.
        for name in os.listdir(cocci.COCCI):
            if name.endswith('.cocci'):
                with open(os.path.join(cocci.COCCI, name),
                          encoding='utf-8') as f:
                    self.assertNotIn('//# Exception:', f.read(), name)

    def test_patch_mode_has_expected_output(self):
        for name in os.listdir(cocci.COCCI):
            script = os.path.join(cocci.COCCI, name)
            if name.endswith('.cocci') and cocci.has_patch_mode(script):
                self.assertTrue(os.path.exists(os.path.join(
                    cocci.COCCI, 'tests', name[:-6] + '.patched')), name)

    def test_every_script_has_a_scope(self):
        scopes = cocci.cocci_scopes()
        for name in os.listdir(cocci.COCCI):
            if name.endswith('.cocci'):
                self.assertTrue(scopes.get(name), name)

    def test_report_lines(self):
        # make coccicheck MODE=report output, recorded (M=mm).
        out = [
            './page_ext.c:140:9-22: WARNING: use for_each_page_ext()',
            'coccicheck failed',
            'mm/rmap.c:12:1-5: WARNING: x']
        hits = [ln for ln in out if cocci.HIT_RE.match(ln)]
        self.assertEqual([cocci.HIT_RE.match(h).group(1) for h in hits],
                         ['./page_ext.c', 'mm/rmap.c'])


if __name__ == '__main__':
    unittest.main()
