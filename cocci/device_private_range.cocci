// SPDX-License-Identifier: GPL-2.0-only
/// Register device-private memory by page count, never by physical range.
///
/// Device-private memory takes no physical address space: a driver
/// registers it with memremap_device_private_pagemap() or
/// devm_memremap_device_private_pagemap(), its pages get offsets in the
/// device-private address space, and memremap_pages() refuses it.
/// Reported, in a function that makes a dev_pagemap MEMORY_DEVICE_PRIVATE
/// and registers none by page count:
///
///  - request_free_mem_region() or devm_request_free_mem_region(), which
///    reserve physical address space for it;
///  - memremap_pages() or devm_memremap_pages() of that dev_pagemap.
///
// Confidence: High
// Copyright: (C) 2026 MM Series Developers.
// Comments: Matching is per function: a pagemap whose type is set in one
//  function and registered in another is not followed.  A function that
//  registers device-private memory by page count and maps another type
//  with memremap_pages() (test_hmm's device-coherent chunks) is not
//  reported.
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@
by_count = set()

def not_by_count(p):
    return (p[0].file, p[0].current_element) not in by_count

// Functions that register device-private memory by page count.
@bycount depends on context || org || report@
position q;
@@

(
  memremap_device_private_pagemap@q(...)
|
  devm_memremap_device_private_pagemap@q(...)
)

@script:python@
q << bycount.q;
@@
by_count.add((q[0].file, q[0].current_element))

// A dev_pagemap made device-private, as a structure or through a pointer.
@priv depends on context || org || report@
identifier fn;
expression E;
@@

fn(...) {
<+...
(
  E.type = MEMORY_DEVICE_PRIVATE
|
  E->type = MEMORY_DEVICE_PRIVATE
)
...+>
}

// Physical address space reserved for it.
@reserve@
identifier priv.fn;
position p : script:python() { not_by_count(p) };
@@

fn(...) {
<+...
(
  request_free_mem_region@p(...)
|
  devm_request_free_mem_region@p(...)
)
...+>
}

// That dev_pagemap mapped with memremap_pages().
@maps@
identifier priv.fn;
expression priv.E, D;
position p : script:python() { not_by_count(p) };
@@

fn(...) {
<+...
(
  memremap_pages@p(&E, ...)
|
  memremap_pages@p(E, ...)
|
  devm_memremap_pages@p(D, &E)
|
  devm_memremap_pages@p(D, E)
)
...+>
}

@depends on context@
position reserve.p;
@@

* request_free_mem_region@p(...)

@depends on context@
position reserve.p;
@@

* devm_request_free_mem_region@p(...)

@depends on context@
expression list es;
position maps.p;
@@

(
* memremap_pages@p(es)
|
* devm_memremap_pages@p(es)
)

@script:python depends on org@
p << reserve.p;
@@
coccilib.org.print_todo(p[0], "physical address space reserved for device-private memory: register it with memremap_device_private_pagemap()")

@script:python depends on report@
p << reserve.p;
@@
coccilib.report.print_report(p[0], "physical address space reserved for device-private memory: register it with memremap_device_private_pagemap()")

@script:python depends on org@
p << maps.p;
@@
coccilib.org.print_todo(p[0], "memremap_pages() of device-private memory: use memremap_device_private_pagemap()")

@script:python depends on report@
p << maps.p;
@@
coccilib.report.print_report(p[0], "memremap_pages() of device-private memory: use memremap_device_private_pagemap()")
