# SPDX-License-Identifier: GPL-2.0
"""The mails: the series rendered by b4, with recipients, signed by its sender.

The commits carry a placeholder identity (tools/base.conf), which is not a
person and cannot certify anything under the DCO.  Whoever sends the series
signs it: render() copies the commits onto a mail branch, re-authors those
the placeholder authored, replaces the placeholder's Signed-off-by: with the
sender's (their git identity), and refuses to go on for the placeholder
itself.  "make mail" does this with the user's identity in
$CACHE/mail/linux, ready for "b4 send"; the mail stage does the same with a
stand-in sender in $CACHE/mail-check/linux and checks the result.
"""

import glob
import os
import re
import shutil

import wblib
from wblib import WbError
from stages.common import fail, need


# Who signs the mails the mail stage renders: not a person, and clearly so.
STANDIN = ('Series Check', 'series-check@example.invalid')


MAIL_SPARSE = ['/COPYING', '/CREDITS', '/Kbuild', '/MAINTAINERS', '/Makefile',
               '/README', '/.mailmap', '/.get_maintainer.ignore',
               '/Documentation/Makefile', '/arch/Kconfig',
               '/include/linux/mm.h', '/drivers/Kconfig', '/fs/Kconfig',
               '/init/Kconfig', '/ipc/Makefile', '/kernel/Makefile',
               '/lib/Kconfig', '/scripts/get_maintainer.pl']


def mail_worktree(base, tree, wt, branch, env):
    """wt: a sparse worktree of the base repository on branch = series.

    b4 works on the checked-out branch and refuses a dirty tree; a sparse
    checkout of what get_maintainer.pl needs keeps this cheap and leaves
    the work tree and its branch description alone.
    """
    if not os.path.exists(os.path.join(wt, '.git')):
        wblib.add_worktree(base, wt, 'series',
                           ['--no-checkout', '-B', branch], env=env)
        wblib.git(['sparse-checkout', 'set', '--no-cone'] + MAIL_SPARSE, wt)
        wblib.git(['config', 'b4.prep-cover-strategy', 'branch-description'],
                  wt)
    wblib.git(['checkout', '-q', '-f', '-B', branch, 'series'], wt, env=env)
    # A fresh enrollment each time: forget the last run's b4 tracking.
    for key in ('b4-tracking', 'b4-prep-cover-strategy'):
        wblib.git(['config', '--unset', 'branch.%s.%s' % (branch, key)], wt,
                  check=False, capture=True)
    desc = wblib.git(['config', 'branch.series.description'], tree,
                     check=False, capture=True).stdout
    wblib.git(['config', 'branch.%s.description' % branch,
               desc or 'Series\n'], wt)


def placeholder():
    conf = wblib.read_conf()
    return conf['identity_name'], conf['identity_email']


def is_placeholder(email):
    return email.lower() == placeholder()[1].lower()


def sob(who):
    """The Signed-off-by: line of who, a (name, email) pair."""
    return 'Signed-off-by: %s <%s>' % who


def sender(env, cwd):
    """(name, email) of whoever sends: git's committer identity under env.

    Refuses the placeholder identity of the commits: mails signed only by
    it would carry no sign-off of a person."""
    p = wblib.git(['var', 'GIT_COMMITTER_IDENT'], cwd, env=env, check=False,
                  capture=True)
    m = re.match(r'(.+) <([^<>]+)> \d+ [-+]\d{4}$', p.stdout.strip())
    if p.returncode or not m:
        raise WbError('no git identity to sign the mails with: set git '
                      'config user.name and user.email\n%s'
                      % p.stderr.strip())
    if is_placeholder(m.group(2)):
        raise WbError('refusing to sign the mails as %s <%s>, the series\' '
                      'placeholder identity: set your own git config '
                      'user.name and user.email' % m.groups())
    return m.group(1), m.group(2)


def signed_message(msg, who, ph):
    """msg with the placeholder's Signed-off-by: lines dropped and who's
    added last (before a "---" line of notes, as git interpret-trailers
    places trailers)."""
    lines = [ln for ln in msg.split('\n') if ln.strip() != sob(ph)]
    return wblib.run(['git', 'interpret-trailers', '--if-exists',
                      'addIfDifferent', '--trailer', sob(who)],
                     capture=True, input_text='\n'.join(lines)).stdout


def sign(wt, who, env):
    """Rewrite base..HEAD of wt as signed by who: the placeholder's sign-off
    replaced by who's, who the author where the placeholder was, who the
    committer of all; trees, other authors and dates unchanged."""
    ph = placeholder()
    parent = wblib.git_out(['rev-parse', 'base'], wt).strip()
    commits = wblib.git_out(['rev-list', '--reverse', 'base..HEAD'],
                            wt).split()
    for c in commits:
        tree, an, ae, ad, msg = wblib.git_out(
            ['log', '-1', '--format=%T%x00%an%x00%ae%x00%ad%x00%B',
             '--date=raw', c], wt).split('\0', 4)
        if is_placeholder(ae):
            an, ae = who
        cenv = dict(env, GIT_AUTHOR_NAME=an, GIT_AUTHOR_EMAIL=ae,
                    GIT_AUTHOR_DATE=ad, GIT_COMMITTER_NAME=who[0],
                    GIT_COMMITTER_EMAIL=who[1])
        parent = wblib.run(['git', 'commit-tree', tree, '-p', parent, '-F',
                            '-'], cwd=wt, env=cenv, capture=True,
                           input_text=signed_message(msg.rstrip('\n') + '\n',
                                                     who, ph)
                           ).stdout.strip()
        # Reviewer notes (below "---") follow their commit.
        wblib.git(['notes', 'copy', c, parent], wt, env=cenv, check=False,
                  capture=True)
    wblib.git(['reset', '-q', '--soft', parent], wt)
    return len(commits)


def check_signed(mails, who):
    """Problems of rendered mails: a patch without who's sign-off, or with
    the placeholder's."""
    ph, mine = sob(placeholder()), sob(who)
    problems = []
    for m in mails:
        with open(m, encoding='utf-8', errors='replace') as f:
            body = f.read().split('\n---\n', 1)[0]
        name = os.path.basename(m)
        if name.startswith('0000-'):
            continue
        if ph in body:
            problems.append('%s carries the placeholder sign-off' % name)
        if mine not in body:
            problems.append('%s lacks the sign-off of %s' % (name, who[1]))
    return problems


def render(ctx_base, tree, wt, branch, outdir, env, logf, nentries):
    """Sign the series as the sender of env into wt, render it with b4
    into outdir; return (mails, recipients' lists, sender)."""
    who = sender(env, tree)
    mail_worktree(ctx_base, tree, wt, branch, env)
    sign(wt, who, env)
    shutil.rmtree(outdir, ignore_errors=True)
    for cmd in (['prep', '--enroll', 'base'], ['prep', '--auto-to-cc'],
                ['send', '--no-sign', '-o', outdir]):
        wblib.run(['b4'] + cmd, cwd=wt, env=env, logfile=logf)
    mails = sorted(glob.glob(os.path.join(outdir, '*.eml')))
    want = nentries + (1 if nentries > 1 else 0)
    if len(mails) != want:
        raise WbError('b4 rendered %d mails, expected %d (log %s)'
                      % (len(mails), want, logf))
    if nentries > 1 and not os.path.basename(mails[0]).startswith('0000'):
        raise WbError('the cover letter is not the first mail')
    problems = check_signed(mails, who)
    if problems:
        raise WbError('; '.join(problems))
    lists = set()
    for m in mails:
        with open(m, encoding='utf-8', errors='replace') as f:
            rcpt = recipients(f.read())
        if not rcpt:
            raise WbError('%s has no recipients' % os.path.basename(m))
        lists.update(x for x in rcpt if '<' not in x)
    return mails, sorted(lists), who


def standin_env():
    """The environment of the mail stage: git and b4 see the stand-in
    sender, whatever identity the user has."""
    env = wblib.identity_env()
    env.update(GIT_COMMITTER_NAME=STANDIN[0], GIT_COMMITTER_EMAIL=STANDIN[1],
               GIT_CONFIG_COUNT='2', GIT_CONFIG_KEY_0='user.name',
               GIT_CONFIG_VALUE_0=STANDIN[0], GIT_CONFIG_KEY_1='user.email',
               GIT_CONFIG_VALUE_1=STANDIN[1])
    return env


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
    env = standin_env()
    # The placeholder itself must be refused before anything is rendered.
    ph = placeholder()
    try:
        sender(dict(env, GIT_COMMITTER_NAME=ph[0], GIT_COMMITTER_EMAIL=ph[1]),
               ctx.tree)
    except WbError:
        pass
    else:
        fail('the placeholder identity was not refused as a sender')
    wt = os.path.join(wblib.cache_dir(), 'mail-check', 'linux')
    mails, lists, who = render(ctx.base, ctx.tree, wt, 'wb-mail-check',
                               ctx.log('mail'), env, ctx.log('mail.log'),
                               len(entries))
    return '%d mails by b4 (cover letter first), every patch signed off ' \
        'by the (stand-in) sender %s and not by the placeholder, in %s; ' \
        'lists: %s' % (len(mails), who[1], ctx.log('mail'), ', '.join(lists))
