# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/stages/guest.py on recorded inputs (no guest run)."""

import os
import sys
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
from stages import guest  # noqa: E402


class TestGuest(unittest.TestCase):
    def test_report_key_ignores_what_changes(self):
        a = ('hmm-tests: [  412.113201] BUG: KASAN: slab-use-after-free in '
             'rmap_walk_anon+0x6d1/0x700')
        b = ('hmm-tests: [   98.000001] BUG: KASAN: slab-use-after-free in '
             'rmap_walk_anon+0x6d9/0x710')
        self.assertEqual(guest.report_key(a), guest.report_key(b))
        c = ('hmm-tests: Read of size 8 at addr ffff888004bb5680 by task '
             'hmm-tests/235')
        d = ('hmm-tests: Read of size 8 at addr ffff888012345678 by task '
             'hmm-tests/97')
        self.assertEqual(guest.report_key(c), guest.report_key(d))
        self.assertNotEqual(guest.report_key(a), guest.report_key(
            a.replace('hmm-tests', 'khugepaged', 1)))


if __name__ == '__main__':
    unittest.main()
