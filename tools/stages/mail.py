# SPDX-License-Identifier: GPL-2.0
"""The mail stage: the series rendered as mails by b4, with recipients."""

import glob
import os
import re
import shutil

import wblib
from stages.common import fail, need, sh


MAIL_SPARSE = ['/COPYING', '/CREDITS', '/Kbuild', '/MAINTAINERS', '/Makefile',
               '/README', '/.mailmap', '/.get_maintainer.ignore',
               '/Documentation/Makefile', '/arch/Kconfig',
               '/include/linux/mm.h', '/drivers/Kconfig', '/fs/Kconfig',
               '/init/Kconfig', '/ipc/Makefile', '/kernel/Makefile',
               '/lib/Kconfig', '/scripts/get_maintainer.pl']


def mail_worktree(ctx, env):
    """A sparse worktree on branch wb-mail = series, enrolled with b4.

    b4 works on the checked-out branch and refuses a dirty tree; a sparse
    checkout of what get_maintainer.pl needs keeps this cheap and leaves
    the work tree and its branch description alone.
    """
    wt = os.path.join(wblib.cache_dir(), 'mail', 'linux')
    if not os.path.exists(os.path.join(wt, '.git')):
        wblib.add_worktree(ctx.base, wt, 'series',
                           ['--no-checkout', '-B', 'wb-mail'], env=env)
        wblib.git(['sparse-checkout', 'set', '--no-cone'] + MAIL_SPARSE, wt)
        wblib.git(['config', 'b4.prep-cover-strategy', 'branch-description'],
                  wt)
    wblib.git(['checkout', '-q', '-f', '-B', 'wb-mail', 'series'], wt,
              env=env)
    # A fresh enrollment each time: forget the last run's b4 tracking.
    for key in ('b4-tracking', 'b4-prep-cover-strategy'):
        wblib.git(['config', '--unset', 'branch.wb-mail.' + key], wt,
                  check=False, capture=True)
    desc = wblib.git(['config', 'branch.series.description'], ctx.tree,
                     check=False, capture=True).stdout
    wblib.git(['config', 'branch.wb-mail.description', desc or 'Series\n'],
              wt)
    return wt


def recipients(mail):
    """The addresses of the To: and Cc: headers of a mail, folded
    header lines joined."""
    head = re.sub(r'\n[ \t]+', ' ', mail.split('\n\n', 1)[0])
    return [x.strip() for h in re.findall(r'^(?:To|Cc): (.*)$', head, re.M)
            for x in h.split(',') if '@' in x]


def st_mail(ctx):
    entries, _ = wblib.read_series()
    if not entries:
        return 'no patches to mail'
    need('b4')
    env = wblib.identity_env()
    wt = mail_worktree(ctx, env)
    outdir = ctx.log('mail')
    shutil.rmtree(outdir, ignore_errors=True)
    for cmd in (['prep', '--enroll', 'base'], ['prep', '--auto-to-cc'],
                ['send', '--no-sign', '-o', outdir]):
        sh(['b4'] + cmd, ctx, 'mail.log', cwd=wt, env=env)
    mails = sorted(glob.glob(os.path.join(outdir, '*.eml')))
    want = len(entries) + (1 if len(entries) > 1 else 0)
    if len(mails) != want:
        fail('b4 rendered %d mails, expected %d (log %s)'
             % (len(mails), want, ctx.log('mail.log')))
    if len(entries) > 1 and not os.path.basename(mails[0]).startswith('0000'):
        fail('the cover letter is not the first mail')
    lists = set()
    for m in mails:
        with open(m, encoding='utf-8', errors='replace') as f:
            rcpt = recipients(f.read())
        if not rcpt:
            fail('%s has no recipients' % os.path.basename(m))
        lists.update(x for x in rcpt if '<' not in x)
    return '%d mails by b4 (cover letter first) in %s; lists: %s; send ' \
        'with "b4 send" in %s' % (len(mails), outdir,
                                  ', '.join(sorted(lists)), wt)
