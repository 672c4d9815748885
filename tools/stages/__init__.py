# SPDX-License-Identifier: GPL-2.0
"""The stages of make check, in the order they run.

Each stage is a function of the check context that returns a one-line
summary or raises StageFail; the modules group them by concern:

  series   tool tests, base tree, series hygiene, apply/export,
           checkpatch, base line
  build    kernels, W=1 + sparse, cross builds, bisect, modules
  kunit    kunit.py on the build dirs and on a minimal configuration
  cocci    make coccicheck with the series' scripts
  guest    selftests in QEMU guests (the ordinary one, and one whose
           physical address space is full)
  mail     the mails b4 renders
"""

from stages import build, cocci, guest, kunit, mail, series

STAGES = [
    ('tools', series.st_tools),
    ('tree', series.st_tree),
    ('series', series.st_series),
    ('apply', series.st_apply),
    ('export', series.st_export),
    ('checkpatch', series.st_checkpatch),
    ('build-um', lambda c: build.st_build(c, 'um')),
    ('build-x86_64', lambda c: build.st_build(c, 'x86_64')),
    ('warnings', build.st_warnings),
    ('cross', build.st_cross),
    ('bisect', build.st_bisect),
    ('kunit-um', lambda c: kunit.st_kunit(c, 'um')),
    ('kunit-x86_64', lambda c: kunit.st_kunit(c, 'x86_64')),
    ('modules', build.st_modules),
    ('kunit-min-um', lambda c: kunit.st_kunit_min(c, 'um')),
    ('kunit-min-x86_64', lambda c: kunit.st_kunit_min(c, 'x86_64')),
    ('kunit-intree', kunit.st_kunit_intree),
    ('coccicheck', cocci.st_coccicheck),
    ('selftests', guest.st_selftests),
    ('selftests-fullphys', guest.st_selftests_fullphys),
    ('mail', mail.st_mail),
    ('baseline', series.st_baseline),
]
BASELINE_STAGES = ['tree', 'build-um', 'build-x86_64', 'kunit-um',
                   'kunit-x86_64', 'selftests', 'selftests-fullphys']
NEEDS = {'cross': ['apply'],
         'bisect': ['apply', 'build-um', 'build-x86_64'],
         'apply': ['tree', 'series'], 'export': ['apply'],
         'checkpatch': ['apply'], 'build-um': ['apply'],
         'build-x86_64': ['apply'], 'warnings': ['build-um', 'build-x86_64'],
         'kunit-um': ['build-um'], 'kunit-x86_64': ['build-x86_64'],
         'coccicheck': ['apply'], 'selftests': ['build-x86_64'],
         'selftests-fullphys': ['build-x86_64'],
         'mail': ['apply'], 'modules': ['apply'],
         'kunit-min-um': ['apply'], 'kunit-min-x86_64': ['apply'],
         'kunit-intree': ['apply']}
