# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/stages/guest.py on recorded inputs (no guest run)."""

import os
import sys
import tempfile
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


XFAIL = """# comment
selftests-fullphys hmm-tests *_device_private.*
\treason: no free window
\tfixed-by: lib/test_hmm: switch

selftests khugepaged collapse_*
  reason: flaky on base
"""


class TestXfail(unittest.TestCase):
    def read(self, text):
        with tempfile.NamedTemporaryFile('w', suffix='.list') as f:
            f.write(text)
            f.flush()
            return guest.read_xfail(f.name)

    def test_records(self):
        recs = self.read(XFAIL)
        self.assertEqual([(r['key'], r['prog'], r['glob'], r['reason'],
                           r['fixed-by']) for r in recs],
                         [('selftests-fullphys', 'hmm-tests',
                           '*_device_private.*', 'no free window',
                           'lib/test_hmm: switch'),
                          ('selftests', 'khugepaged', 'collapse_*',
                           'flaky on base', None)])

    def test_record_needs_a_reason(self):
        with self.assertRaisesRegex(ValueError, 'without a reason'):
            self.read('selftests hmm-tests x\n\tfixed-by: y\n')
        with self.assertRaisesRegex(ValueError, 'KEY PROG CASE-GLOB'):
            self.read('selftests hmm-tests\n')
        with self.assertRaisesRegex(ValueError, 'under a record'):
            self.read('\treason: orphan\n')

    def test_match_only_what_failed(self):
        recs = self.read(XFAIL)
        cases = {'hmm-tests': {'hmm.hmm_device_private.open_close': 'fail',
                               'hmm2.hmm2_device_private.migrate': 'fail',
                               'hmm.hmm_device_coherent.open_close': 'pass'}}
        hit, bad = guest.match_xfail(recs, 'selftests-fullphys', cases)
        self.assertEqual(sorted(c for _, c in hit),
                         ['hmm.hmm_device_private.open_close',
                          'hmm2.hmm2_device_private.migrate'])
        self.assertEqual(bad, [])
        # A matched case that passed on base: the guest did not show what
        # the record says (the space was not full), so recording fails.
        cases['hmm-tests']['hmm.hmm_device_private.open_close'] = 'pass'
        hit, bad = guest.match_xfail(recs, 'selftests-fullphys', cases)
        self.assertEqual(len(bad), 1)
        self.assertIn('2 case(s) match, 1 failed', bad[0])
        # A record that matches nothing is as wrong.
        hit, bad = guest.match_xfail(recs, 'selftests', cases)
        self.assertEqual((hit, len(bad)), ({}, 1))


if __name__ == '__main__':
    unittest.main()
