# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/stages/mail.py on recorded inputs (no b4 run)."""

import os
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
from stages import mail  # noqa: E402
from wblib import WbError  # noqa: E402

PH = mail.placeholder()
ME = ('Jane Sender', 'jane@example.net')
MSG = """mm: do a thing

Because.

Suggested-by: Some One <some@example.net>
Signed-off-by: %s <%s>
---
A note for reviewers.
""" % PH

# The head of a mail b4 rendered (folded To: and Cc: lines).
MAIL = """From: MM Series Developers <mm-series-dev@example.org>
Subject: [PATCH 01/23] mm/migrate_device: hold the anon_vma of a folio
 migrated by PFN
To: Andrew Morton <akpm@linux-foundation.org>,
  David Hildenbrand <david@kernel.org>
Cc: linux-mm@kvack.org, linux-kernel@vger.kernel.org,
  stable@vger.kernel.org
Message-Id: <x@example.org>

Eviction of device-private memory by PFN ...
To: not-a-header@example.org
"""


class TestMail(unittest.TestCase):
    def test_recipients_of_folded_headers(self):
        self.assertEqual(mail.recipients(MAIL), [
            'Andrew Morton <akpm@linux-foundation.org>',
            'David Hildenbrand <david@kernel.org>', 'linux-mm@kvack.org',
            'linux-kernel@vger.kernel.org', 'stable@vger.kernel.org'])

    def test_no_recipients(self):
        self.assertEqual(mail.recipients('Subject: x\n\nTo: a@b.c\n'), [])


def git(args, cwd, env=None):
    return subprocess.run(['git'] + args, cwd=cwd, env=env, check=True,
                          capture_output=True, text=True).stdout


def ident_env(who):
    env = dict(os.environ)
    for k in ('AUTHOR', 'COMMITTER'):
        env['GIT_%s_NAME' % k], env['GIT_%s_EMAIL' % k] = who
    return env


class TestSign(unittest.TestCase):
    def test_placeholder_refused(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(WbError):
                mail.sender(ident_env(PH), d)
            self.assertEqual(mail.sender(ident_env(ME), d), ME)

    def test_signed_message(self):
        out = mail.signed_message(MSG, ME, PH)
        self.assertNotIn(PH[1], out)
        head, notes = out.split('\n---\n')
        self.assertTrue(head.endswith(
            'Suggested-by: Some One <some@example.net>\n'
            'Signed-off-by: Jane Sender <jane@example.net>'), head)
        self.assertEqual(notes, 'A note for reviewers.\n')

    def test_sign_rewrites_base_to_head(self):
        with tempfile.TemporaryDirectory() as d:
            git(['init', '-q', '-b', 'series', d], d)
            env = ident_env(PH)
            git(['commit', '-q', '--allow-empty', '-m', 'base'], d, env)
            git(['branch', 'base'], d)
            git(['commit', '-q', '--allow-empty', '-m', MSG], d, env)
            other = ident_env(('Other Author', 'other@example.net'))
            git(['commit', '-q', '--allow-empty', '-m',
                 'x: y\n\nSigned-off-by: Other Author <other@example.net>'
                 '\nSigned-off-by: %s <%s>' % PH], d, other)
            self.assertEqual(mail.sign(d, ME, dict(os.environ)), 2)
            log = git(['log', '--format=%an|%cn|%B', 'base..HEAD'], d)
            self.assertNotIn(PH[1], log)
            self.assertEqual(log.count('Signed-off-by: Jane Sender'), 2)
            self.assertIn('Other Author|Jane Sender|', log)
            self.assertIn('Jane Sender|Jane Sender|mm: do a thing', log)

    def test_check_signed(self):
        with tempfile.TemporaryDirectory() as d:
            good = os.path.join(d, '0001-a.eml')
            bad = os.path.join(d, '0002-b.eml')
            with open(good, 'w') as f:
                f.write('Subject: a\n\nx\n\nSigned-off-by: %s <%s>\n'
                        '---\n' % ME)
            with open(bad, 'w') as f:
                f.write('Subject: b\n\nx\n\nSigned-off-by: %s <%s>\n'
                        '---\n' % PH)
            self.assertEqual(mail.check_signed([good, bad], ME), [
                '0002-b.eml carries the placeholder sign-off',
                '0002-b.eml lacks the sign-off of jane@example.net'])


if __name__ == '__main__':
    unittest.main()
