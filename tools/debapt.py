# SPDX-License-Identifier: GPL-2.0
"""Private apt configurations: download from Debian without touching the
machine's own apt setup.

The mirror is the one the machine's apt sources name (or
$WB_DEBIAN_MIRROR); lists, archives and the configuration live in the
cache.  Used for the base tree (tools/fetch-tree) and for tools that the
machine's release has too old (tools/get-sparse).
"""

import glob
import os
import re
import subprocess

import wblib
from wblib import die

KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg'


def machine_mirror():
    """The Debian mirror the machine's own apt sources use."""
    files = ['/etc/apt/sources.list'] + \
        sorted(glob.glob('/etc/apt/sources.list.d/*.list')) + \
        sorted(glob.glob('/etc/apt/sources.list.d/*.sources'))
    for path in files:
        try:
            with open(path, encoding='utf-8') as f:
                text = f.read()
        except OSError:
            continue
        for m in re.finditer(r'(?:^deb\s+(?:\[[^\]]*\]\s+)?|^URIs:\s*)'
                             r'(\S+)', text, re.M):
            uri = m.group(1).rstrip('/')
            if uri.endswith('/debian') and 'security' not in uri:
                return uri
    die('no Debian mirror found in /etc/apt/sources.list{,.d}: cannot '
        'locate the registry to download from')
    return None


class PrivateApt:
    def __init__(self, suite, component='main', name='apt', src=False):
        self.suite = suite
        self.root = os.path.join(wblib.cache_dir(), name)
        for d in ('lists/partial', 'archives/partial', 'etc/preferences.d',
                  'etc/sources.list.d'):
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
        self.mirror = os.environ.get('WB_DEBIAN_MIRROR') or machine_mirror()
        if not os.path.exists(KEYRING):
            die('%s is missing (apt-get install debian-archive-keyring)'
                % KEYRING)
        with open(os.path.join(self.root, 'etc/sources.list'), 'w',
                  encoding='utf-8') as f:
            for kind in ('deb', 'deb-src') if src else ('deb',):
                f.write('%s [signed-by=%s] %s %s %s\n'
                        % (kind, KEYRING, self.mirror, suite, component))
        self.cfg = os.path.join(self.root, 'apt.conf')
        with open(self.cfg, 'w', encoding='utf-8') as f:
            r = self.root
            f.write('Dir::Etc::SourceList "%s/etc/sources.list";\n'
                    'Dir::Etc::SourceParts "%s/etc/sources.list.d";\n'
                    'Dir::Etc::Preferences "%s/etc/preferences";\n'
                    'Dir::Etc::PreferencesParts "%s/etc/preferences.d";\n'
                    'Dir::State::Lists "%s/lists";\n'
                    'Dir::State::status "/dev/null";\n'
                    'Dir::Cache "%s";\n'
                    'Dir::Cache::archives "%s/archives";\n'
                    'APT::Sandbox::User "root";\n'
                    'Acquire::Retries "2";\n' % ((r,) * 7))
        self.env = dict(os.environ, APT_CONFIG=self.cfg, LC_ALL='C')

    def cmd(self, args, cwd=None):
        return subprocess.run(args, env=self.env, cwd=cwd, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def update(self):
        p = self.cmd(['apt-get', '-q', 'update'])
        bad = re.search(r'^(E:|W: Failed to fetch|Err:).*', p.stdout + p.stderr,
                        re.M)
        if p.returncode != 0 or bad:
            die('cannot read the Debian registry (%s %s): %s'
                % (self.mirror, self.suite,
                   (bad.group(0) if bad else p.stderr.strip())))

    def versions(self, pkg):
        p = self.cmd(['apt-cache', 'madison', pkg])
        vers = []
        for line in p.stdout.splitlines():
            parts = [x.strip() for x in line.split('|')]
            if len(parts) >= 2 and parts[0] == pkg:
                vers.append(parts[1])
        return vers

    def newest(self, vers):
        best = None
        for v in vers:
            if best is None or subprocess.run(
                    ['dpkg', '--compare-versions', v, 'gt', best]
            ).returncode == 0:
                best = v
        return best

    def sha256(self, pkg, ver):
        p = self.cmd(['apt-cache', 'show', '%s=%s' % (pkg, ver)])
        m = re.search(r'^SHA256:\s*([0-9a-f]{64})', p.stdout, re.M)
        if not m:
            die('apt records no SHA256 for %s %s' % (pkg, ver))
        return m.group(1)

    def download(self, pkg, ver, dest):
        p = self.cmd(['apt-get', '-q', 'download', '%s=%s' % (pkg, ver)],
                     cwd=dest)
        if p.returncode != 0:
            die('apt-get download %s=%s failed: %s'
                % (pkg, ver, p.stderr.strip()))

    def source(self, pkg, ver, dest):
        """apt-get source --download-only; apt checks the files' hashes."""
        p = self.cmd(['apt-get', '-q', 'source', '--download-only',
                      '%s=%s' % (pkg, ver)], cwd=dest)
        if p.returncode != 0:
            die('apt-get source %s=%s failed: %s'
                % (pkg, ver, p.stderr.strip()))
