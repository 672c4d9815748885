# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/stages/mail.py on recorded inputs (no b4 run)."""

import os
import sys
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
from stages import mail  # noqa: E402

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


if __name__ == '__main__':
    unittest.main()
