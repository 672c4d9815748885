# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/stages/kunit.py on recorded inputs (no kernel build)."""

import json
import os
import sys
import tempfile
import unittest
from unittest import mock

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOOLS, 'tests', 'data')
sys.path.insert(0, TOOLS)
from stages import kunit  # noqa: E402


class TestKunit(unittest.TestCase):
    def test_kunit_json(self):
        with open(os.path.join(DATA, 'kunit.json')) as fh:
            suites = kunit.flatten_kunit(json.load(fh), {})
        self.assertEqual(suites, {'damon-operations': {
            'damon_test_three_regions_in_vmas': 'PASS',
            'damon_test_apply_three_regions1': 'PASS'}})

    def test_kunit_json_params(self):
        root = {'sub_groups': [{
            'name': 'pgtable_alloc',
            'test_cases': [{'name': 'many', 'status': 'PASS'}],
            'sub_groups': [{'name': 'zeroed', 'sub_groups': [],
                            'test_cases': [
                                {'name': 'order 0', 'status': 'PASS'},
                                {'name': 'order 1', 'status': 'FAIL'}]}]}]}
        self.assertEqual(kunit.flatten_kunit(root, {}), {'pgtable_alloc': {
            'many': 'PASS', 'zeroed / order 0': 'PASS',
            'zeroed / order 1': 'FAIL'}})

    def test_kunitconfig_suites(self):
        self.assertIn('damon', kunit.kunit_suites('um'))
        self.assertIn('damon', kunit.kunit_suites('x86_64'))
        # page_ext.x86_64.kunitconfig: x86_64 only, with a boot argument.
        self.assertIn('page_ext', kunit.kunit_suites('x86_64'))
        self.assertNotIn('page_ext', kunit.kunit_suites('um'))
        self.assertIn('page_owner=on', kunit.kunit_kernel_args('x86_64'))
        # pgtable_alloc.x86_64.kunitconfig: the hot-add case's parameter.
        self.assertIn('pgtable_alloc_kunit.hotplug=1',
                      kunit.kunit_kernel_args('x86_64'))
        self.assertEqual(kunit.kunit_kernel_args('um'), [])


    def test_option_suites(self):
        """The suites of each KUnit option, from the kunitconfigs."""
        um = kunit.option_suites('um')
        x86 = kunit.option_suites('x86_64')
        self.assertEqual(um['CONFIG_PGTABLE_ALLOC_KUNIT_TEST'],
                         ['pgtable_alloc'])
        self.assertEqual(x86['CONFIG_PAGE_EXT_KUNIT_TEST'], ['page_ext'])
        self.assertNotIn('CONFIG_PAGE_EXT_KUNIT_TEST', um)
        self.assertEqual(um['CONFIG_DAMON_KUNIT_TEST'],
                         ['damon', 'damon-operations', 'damon-sysfs'])

    def test_intree_copy_drift(self):
        """A workbench copy of an in-tree kunitconfig must keep its
        options; comments and the order of lines do not matter."""
        rel = 'mm/tests/device_private.kunitconfig'
        copies = kunit.intree_copies()
        self.assertIn(rel, copies)
        copy = copies[rel][0]
        with open(copy) as fh:
            lines = fh.read().splitlines()
        opts = [ln for ln in lines if ln.startswith('CONFIG_')]
        with tempfile.TemporaryDirectory() as tree:
            os.makedirs(os.path.join(tree, 'mm', 'tests'))
            path = os.path.join(tree, rel)
            with open(path, 'w') as fh:
                fh.write('# the command\n' + '\n'.join(opts[::-1]) + '\n')
            name = os.path.relpath(copy, kunit.wblib.REPO) + ':'

            def drift_of_copy(intree):
                return [d for d in kunit.copy_drift(tree, intree)
                        if d.startswith(name)]
            self.assertEqual(drift_of_copy([rel]), [])
            self.assertEqual(len(drift_of_copy([])), 1)
            with open(path, 'w') as fh:
                fh.write('\n'.join(opts[1:] + ['CONFIG_KASAN=y']) + '\n')
            drift = drift_of_copy([rel])
            self.assertEqual(len(drift), 1)
            self.assertIn('the copy has: ' + opts[0], drift[0])
            self.assertIn('the tree has: CONFIG_KASAN=y', drift[0])

    def test_copy_drift_by_value(self):
        """'# CONFIG_X is not set' and 'CONFIG_X=n' are the same option;
        a different value is drift."""
        rel = 'mm/tests/x.kunitconfig'
        with tempfile.TemporaryDirectory() as tree:
            os.makedirs(os.path.join(tree, 'mm', 'tests'))
            copy = os.path.join(tree, 'copy.kunitconfig')
            with open(copy, 'w') as fh:
                fh.write('# In-tree: %s\nCONFIG_KUNIT=y\n'
                         '# CONFIG_KASAN is not set\n' % rel)
            with open(os.path.join(tree, rel), 'w') as fh:
                fh.write('CONFIG_KASAN=n\nCONFIG_KUNIT=y\n')
            with mock.patch.object(kunit, 'intree_copies',
                                   return_value={rel: [copy]}):
                self.assertEqual(kunit.copy_drift(tree, [rel]), [])
                with open(os.path.join(tree, rel), 'w') as fh:
                    fh.write('CONFIG_KASAN=y\nCONFIG_KUNIT=y\n')
                drift = kunit.copy_drift(tree, [rel])
        self.assertEqual(len(drift), 1)
        self.assertIn('the copy has: CONFIG_KASAN=n', drift[0])
        self.assertIn('the tree has: CONFIG_KASAN=y', drift[0])


if __name__ == '__main__':
    unittest.main()
