"""Hostile templates against the sandbox: each must be refused, fast, without filling memory.

    python bench/sandbox.py            a table: payload, refused?, CPU seconds, peak MB
    python bench/sandbox.py --json     the same as JSON (tests/test_sandbox_payloads.py reads it)

Each payload is rendered once, in a process forked for it from one that compiled its template:
the CPU time is the render's, the peak memory how far the render grew the process's address
space (Linux's VmPeak; elsewhere tracemalloc's peak in a second render). The process caps its own
address space at 2 GB, so a payload that escapes the limits fails with MemoryError instead of
taking the machine down.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

S4M = "{% set s = 'x' * 4000000 %}{% set t = 'x' * 4000000 %}"
LITERAL = "L" * 1000

# (name, template source). The first ones are issue 16's; the rest probe each kind of limit.
PAYLOADS: list[tuple[str, str]] = [
    ("format width from an argument", "{{ '{0:>{1}}'.format('x', '900000000') }}"),
    ("str.replace", "{{ ('x' * 4000000).replace('x', 'y' * 250) }}"),
    ("replace filter", "{{ ('x' * 4000000) | replace('x', 'y' * 250) }}"),
    ("join filter", "{{ ('x' * 4000000) | join('y' * 250) }}"),
    ("str.join", "{{ ('y' * 250).join('x' * 4000000) }}"),
    ("format filter", "{{ ('%(a)s' * 100000) | format(a='x' * 10000) }}"),
    ("% operator", "{{ ('%(a)s' * 100000) % {'a': 'x' * 10000} }}"),
    ("str.format fields", "{{ ('{0}' * 1000000).format('x' * 1000) }}"),
    ("% star width", "{{ '%*s' % (900000000, 'x') }}"),
    ("expandtabs", "{{ ('\t' * 4000000).expandtabs(250) }}"),
    ("indent by width", "{{ ('\n' * 4000000) | indent(250) }}"),
    ("indent by string", "{{ ('\n' * 4000000) | indent('y' * 250) }}"),
    ("batch of one", "{{ ('x' * 5000000) | batch(1) | list | length }}"),
    ("batch filled", "{{ [1] | batch(1000000, 'x') | list | length }}"),
    ("slice", "{{ [1] | slice(1000000) | list | length }}"),
    ("'x' * N", "{{ 'x' * 1000000000 }}"),
    ("[x] * N", "{{ ['x'] * 100000000 }}"),
    (
        "nested loops over built strings",
        "{% for a in 'x' * 1000000 %}{% for b in 'x' * 1000000 %}{% endfor %}{% endfor %}",
    ),
    (
        "three nested loops of 1,000",
        "{% set l = 'x' * 1000 %}{% for a in l %}{% for b in l %}{% for c in l %}"
        "{% endfor %}{% endfor %}{% endfor %}",
    ),
    ("map(attribute='__class__')", "{{ ['a', 'b'] | map(attribute='__class__') | list }}"),
    ("sort(attribute='__class__')", "{{ ['a', 'b'] | sort(attribute='__class__') }}"),
    (
        "literal text into a block",
        "{% set x %}{% for a in 'x' * 1000 %}{% for b in 'x' * 1000 %}"
        + LITERAL
        + "{% endfor %}{% endfor %}{% endset %}",
    ),
    (
        "many printed pieces",
        "{% set x %}{% for a in 'x' * 1000 %}{% for b in 'x' * 1000 %}{{ a }}{{ b }}{{ a }}"
        "{% endfor %}{% endfor %}{% endset %}",
    ),
    ("wordwrap wrapstring", "{{ ('a ' * 2000000) | wordwrap(1, wrapstring='x' * 1000) }}"),
    ("urlize target", "{{ ('a.io ' * 800000) | urlize(target='x' * 1000) }}"),
    ("tojson indent", "{{ [[[[[[[[[[1]]]]]]]]]] | tojson(indent=1000000) }}"),
    ("title of many words", "{{ ('ab ' * 1600000) | title }}"),
    ("split into many", "{{ ('ab ' * 1600000).split() | length }}"),
    ("wordcount", "{{ ('ab ' * 1600000) | wordcount }}"),
    ("list of a long string", "{{ ('x' * 5000000) | list | length }}"),
    ("sum of lists", "{{ ([[0]] * 99999) | sum(start=[]) | length }}"),
    ("escape", "{{ ('&' * 4000000) | e }}"),
    ("encode", "{{ ('x' * 4000000).encode('utf-32') * 10 }}"),
    ("translate", "{{ ('x' * 4000000).translate({120: 'y' * 1000}) }}"),
    (
        "comparing huge strings in a loop",
        S4M + "{% for a in 'x' * 1000000 %}{% if s == t %}{% endif %}{% endfor %}",
    ),
    (
        "slicing in a loop",
        S4M + "{% for a in 'x' * 1000000 %}{% if s[1:] %}{% endif %}{% endfor %}",
    ),
    (
        "upper in a loop",
        S4M + "{% for a in 'x' * 1000000 %}{% if s.upper() %}{% endif %}{% endfor %}",
    ),
    ("many live values", "".join(f"{{% set v{i} = ('x' * 4000000) ~ {i} %}}" for i in range(40))),
    (
        "select over a long string",
        "{{ ('x' * 5000000) | select('equalto', 'y') | list | length }}",
    ),
    ("macro doubling", "{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('a') }}"),
    ("power", "{{ 10 ** 100000 }}"),
    ("range", "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"),
]


def _render(templates: object, name: str) -> tuple[bool, str]:
    from vaultnet.errors import TemplateProblem

    try:
        templates.render(name, {})  # type: ignore[attr-defined]
    except TemplateProblem as exc:
        return True, str(exc)
    except MemoryError:
        return False, "MemoryError"
    return False, "rendered"


def _address_space() -> tuple[int, int] | None:
    """(VmSize, VmPeak) in bytes from /proc/self/status; None where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            found = dict(line.split(":", 1) for line in status if line.startswith("Vm"))
        return int(found["VmSize"].split()[0]) * 1024, int(found["VmPeak"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return None


def _measure_one(templates: object, name: str) -> dict[str, object]:
    """The render of `name`: refused or not, its CPU time, and the peak memory it added. The
    memory is how far the render grew the address space (the kernel's count of every mapping,
    Python's allocations or not), where the system says; else tracemalloc's peak in a second
    render (tracemalloc slows a render, so never in the timed one)."""
    before = _address_space()
    started = time.process_time()
    refused, message = _render(templates, name)
    seconds = time.process_time() - started
    after = _address_space()
    if before is not None and after is not None:
        peak = max(after[1] - before[0], 0)
    else:
        tracemalloc.start()
        _render(templates, name)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "payload": "",
        "refused": refused,
        "seconds": round(seconds, 3),
        "peak_mb": round(peak / 1e6, 1),
        "message": message.split("refused by the template sandbox: ")[-1],
    }


def _in_child(templates: object, name: str) -> dict[str, object]:
    """`_measure_one` in a process forked for it: each payload starts from the same state (its
    template compiled, nothing left by another payload), and its peak is its own."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 0
        try:
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                json.dump(_measure_one(templates, name), pipe)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        text = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not text:
        return {"refused": False, "seconds": 0.0, "peak_mb": 0.0, "message": f"died ({status})"}
    return json.loads(text)  # type: ignore[no-any-return]


def measure() -> list[dict[str, object]]:
    from vaultnet.templating.environment import Templates

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "Templates/vaultnet").mkdir(parents=True)
        for index, (label, source) in enumerate(PAYLOADS):
            name = f"p{index}"
            (root / "Templates/vaultnet" / f"{name}.md.j2").write_text(source, encoding="utf-8")
            templates = Templates(root)
            # compiled first, so the figures are the render's
            templates.environment().get_template(f"{name}.md.j2")
            row = (
                _in_child(templates, name) if hasattr(os, "fork") else _measure_one(templates, name)
            )
            rows.append({**row, "payload": label})
    return rows


def main() -> None:
    rows = measure()
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1))
        return
    for row in rows:
        print(
            f"{row['payload'][:36]:36} {'refused' if row['refused'] else 'NOT REFUSED':11} "  # type: ignore[index]
            f"{row['seconds']:6.3f} s {row['peak_mb']:6.1f} MB  {row['message']}"
        )
    print(
        f"{sum(bool(r['refused']) for r in rows)}/{len(rows)} refused; "
        f"slowest {max(float(r['seconds']) for r in rows):.3f} s CPU; "  # type: ignore[arg-type]
        f"highest peak {max(float(r['peak_mb']) for r in rows):.1f} MB"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
