# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/stages/series.py on recorded inputs (no kernel build)."""

import os
import sys
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOOLS, 'tests', 'data')
sys.path.insert(0, TOOLS)
from stages import series  # noqa: E402


class TestSeries(unittest.TestCase):
    def test_allow_list_ignores_patch_numbers(self):
        self.assertEqual(series.unnumbered('0008-arm64-mm-rename.patch'),
                         'arm64-mm-rename.patch')
        self.assertEqual(series.unnumbered('arm64-mm-rename.patch'),
                         'arm64-mm-rename.patch')


if __name__ == '__main__':
    unittest.main()
