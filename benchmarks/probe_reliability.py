"""Re-run the reliability reproductions D1-D20 through the CLI and print the table.

Each reproduction is a ``conjectura`` command run in a subprocess, with a timeout and a private
``CONJECTURA_HOME``; the row says what it did (exit code, lines on stderr, whether a Python
traceback appeared, seconds) beside what is expected (the exit codes allowed, one line at most
on stderr, no traceback, a time limit where the defect was about time, and strings that must
not appear, such as a password). Expected behaviour: exit 0 for success, 1 for a negative
result (a failed verification, nothing found within budget), 2 for bad input with one line on
stderr, 143 for SIGTERM.

Run::

    python benchmarks/probe_reliability.py            # every row; a table, exit 1 if one fails
    python benchmarks/probe_reliability.py D4 D19     # only these defects
    python benchmarks/probe_reliability.py --json     # also writes benchmarks/results/probe_reliability.json

The reproductions of D1-D3, D13 and D14 (``conjectura check``) and D9-D10 (search sizes and
budgets) are included as well; they pass once the fixes of those commands are in.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLI = [sys.executable, "-c", "from conjectura.cli import main; main()"]
WITNESS_18 = "Q??????}_??A??DY_?G?A??O?O?"  # an 18-vertex counterexample to Wagner's Conjecture 2.1


@dataclass
class Case:
    defect: str
    args: list[str]
    expect: tuple[int, ...]
    timeout: float = 60.0
    max_seconds: float | None = None  # the defect was about time
    env: dict[str, str] = field(default_factory=dict)
    forbid: tuple[str, ...] = ()  # must not appear on stdout or stderr
    max_lines: int = 1  # lines on stderr
    note: str = ""
    memory: int | None = None  # address-space limit in bytes, as the report's `ulimit -v`
    over_start: float | None = None  # seconds allowed beyond the start-up of a trivial command


@dataclass
class Row:
    defect: str
    command: str
    code: int | None
    lines: int
    traceback: bool
    seconds: float
    expected: str
    ok: bool
    detail: str = ""


def _limit_memory(nbytes):
    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (nbytes, nbytes))

    return apply


def run(args, *, env, cwd, timeout, stdin=None, memory=None):
    t0 = time.perf_counter()
    try:
        p = subprocess.run(
            [*CLI, *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            timeout=timeout,
            stdin=stdin,
            preexec_fn=_limit_memory(memory) if memory else None,
        )
        code, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = None, exc.stdout or b"", exc.stderr or b""
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.perf_counter() - t0


STARTUP = [0.0]  # seconds of a trivial command (`runs --store sqlite://`), measured first


def judge(case: Case, code, out, err, seconds) -> Row:
    lines = [line for line in err.splitlines() if line.strip()]
    tb = "Traceback (most recent call last)" in err or "Traceback (most recent call last)" in out
    problems = []
    if code not in case.expect:
        problems.append(f"exit {code}")
    if len(lines) > case.max_lines:
        problems.append(f"{len(lines)} stderr lines")
    if tb:
        problems.append("traceback")
    if case.max_seconds is not None and seconds > case.max_seconds:
        problems.append(f"{seconds:.1f}s > {case.max_seconds:g}s")
    if case.over_start is not None and seconds - STARTUP[0] > case.over_start:
        problems.append(f"{seconds - STARTUP[0]:.1f}s beyond start-up > {case.over_start:g}s")
    for bad in case.forbid:
        if bad in out or bad in err:
            problems.append(f"printed {bad[:20]!r}")
    cmd = " ".join(case.args)
    expected = "exit " + "/".join(map(str, case.expect))
    if case.max_seconds is not None:
        expected += f", <= {case.max_seconds:g}s"
    if case.over_start is not None:
        expected += f", start-up + {case.over_start:g}s"
    return Row(
        case.defect,
        (cmd if len(cmd) <= 70 else cmd[:67] + "...") + (f" [{case.note}]" if case.note else ""),
        code,
        len(lines),
        tb,
        round(seconds, 2),
        expected,
        not problems,
        "; ".join(problems) or (lines[0][:100] if lines else ""),
    )


# -- fixtures -----------------------------------------------------------------------------------
def make_fixtures(d: Path) -> None:
    import networkx as nx

    import conjectura as cj

    (d / "t.csv").write_text("x,y,name\n1,2,a\n2,3,b\n4,9,c\n0,1,d\n")
    (d / "t2.csv").write_text("x,y\n0.5,1\n10,1\n")
    prob = cj.get_problem("graphs/wagner-2.1", n=18)
    cert = cj.certify(prob.deserialize(WITNESS_18), prob)
    good = cert.to_dict()
    (d / "cert.json").write_text(json.dumps(good))

    def variant(name, **edits):
        doc = json.loads(json.dumps(good))
        for path, value in edits.items():
            node = doc
            keys = path.split("__")
            for k in keys[:-1]:
                node = node[k]
            node[keys[-1]] = value
        (d / name).write_text(json.dumps(doc))

    path5000 = _path_graph6(5000)
    assert _path_graph6(70) == nx.to_graph6_bytes(nx.path_graph(70), header=False).decode().strip()
    variant("big5000_path.json", witness=path5000, values={})
    variant("claim_markup.json", claim="forged [/x] claim")
    variant("claim_green.json", claim="[bold green]verified[/] forged")
    variant("value_markup.json", values__bound="[/]")
    variant("name_markup.json", problem__name="graphs/[/x]")
    variant("approx99.json", values__lambda1_approx="99.0")
    variant("approx_invented.json", values__volume_approx="1.5")
    variant("params3.json", problem__params={"n": 3})
    variant("params_huge.json", problem__params={"n": 10**400})
    variant("claim50mb.json", claim="A" * 50_000_000)
    variant("witness50mb.json", witness="~" * 50_000_000)
    (d / "l1.json").write_bytes(b"\xff\xfe\x00garbage")
    (d / "deep.json").write_text("[" * 100000 + "]" * 100000)
    (d / "odd[").mkdir(exist_ok=True)
    (d / "nodir").mkdir(exist_ok=True)
    (d / "ro").mkdir(exist_ok=True)
    (d / "home_file").write_text("")


def _path_graph6(n: int) -> str:
    """graph6 of the path on ``n`` vertices, vectorised (NetworkX takes minutes at n = 5000)."""
    import numpy as np

    bits = np.zeros(n * (n - 1) // 2 + 5, dtype=np.uint8)
    j = np.arange(1, n)
    bits[j * (j - 1) // 2 + j - 1] = 1
    m = (n * (n - 1) // 2 + 5) // 6
    groups = bits[: 6 * m].reshape(m, 6) @ (1 << np.arange(5, -1, -1))
    head = chr(63 + n) if n <= 62 else "~" + "".join(chr(63 + (n >> s & 63)) for s in (12, 6, 0))
    return head + "".join(map(chr, 63 + groups))


def deep_sum() -> str:
    return "x" + "+x" * 995 + " <= y"


# -- the reproductions, one or more rows per defect ---------------------------------------------
def cases(d: Path) -> list[Case]:
    c = []
    add = c.append
    for f in (
        "log(x+1)",
        "exp(x)",
        "sin(x)",
        "cos(x)",
        "tan(x)",
        "atan(x)",
        "floor(x)",
        "ceil(x)",
        "sign(x)",
    ):
        add(Case("D1", ["check", "t.csv", f"{f} <= y"], (0, 1)))
    add(Case("D1", ["check", "t.csv", "min(x, y) <= y"], (0,)))
    add(Case("D1", ["check", "t.csv", "max(x, y) <= y"], (0, 1)))
    add(Case("D1", ["check", "t.csv", "y <= 1/0"], (1, 2)))
    add(Case("D1", ["check", "t.csv", "log(-x) <= y"], (0, 1, 2)))
    for e in ("x <= 9**9**9", "x <= 10**10**10", "x <= 1e999999999", "x <= 2**2**2**2**2**2"):
        add(Case("D2", ["check", "t.csv", e], (2,), max_seconds=10))
    add(Case("D3", ["check", "t2.csv", "x**400 <= y"], (1,), note="false: 10^400 > 1"))
    add(Case("D3", ["check", "t.csv", "x <= 10**400"], (0,), note="true"))
    add(Case("D4", ["verify", "big5000_path.json"], (2,), max_seconds=10))
    add(Case("D5", ["verify", "odd[/x]missing.json"], (2,)))
    add(Case("D5", ["verify", "claim_markup.json"], (1,)))
    add(Case("D5", ["verify", "claim_green.json"], (1,)))
    add(Case("D5", ["verify", "value_markup.json"], (1,)))
    add(Case("D5", ["verify", "name_markup.json"], (2,)))
    add(Case("D5", ["check", "t.csv", "[/x] <= y"], (2,)))
    add(Case("D5", ["check", "t.csv", "[i for i in range(3)] <= x"], (2,)))
    add(Case("D8", ["verify", "l1.json"], (2,)))
    add(Case("D8", ["verify", "deep.json"], (2,)))
    add(Case("D8", ["verify", "/dev/zero"], (2,), max_seconds=10))
    add(
        Case(
            "D9",
            ["search", "graphs/wagner-2.1", "--n", "100000", "--budget", "20s", "-q", "--no-store"],
            (2,),
            max_seconds=10,
            memory=6 * 10**9,
        )
    )
    add(
        Case(
            "D9",
            ["check", "integers/squarefree", "mu2 <= 1", "--n", "1000000000"],
            (2,),
            max_seconds=10,
            memory=6 * 10**9,
        )
    )
    add(Case("D9", ["check", "integers/parity-bit", "parity <= 1", "-p", "m=4", "--n", "-5"], (2,)))
    add(
        Case(
            "D10",
            ["search", "graphs/wagner-2.1", "--n", "3000", "--budget", "10s", "-q", "--no-store"],
            (1, 2),
            timeout=90,
            max_seconds=20,
        )
    )
    add(
        Case(
            "D10",
            ["search", "graphs/wagner-2.1", "--n", "500", "--budget", "5s", "-q", "--no-store"],
            (1,),
            timeout=90,
            max_seconds=15,
            max_lines=0,
        )
    )
    add(
        Case(
            "D11",
            ["search", "graphs/wagner-2.1", "--n", "19", "--seed", "0", "-q", "--out", "/dev/full"],
            (2,),
            max_seconds=10,
        )
    )
    certify = ["certify", "graphs/wagner-2.1", "--witness", WITNESS_18]
    add(Case("D11", [*certify, "--out", "."], (2,)))
    add(Case("D11", [*certify, "--out", "nodir/sub/cert.json"], (2,)))
    add(
        Case(
            "D12",
            ["search", "graphs/wagner-2.1", "--n", "12", "--seed", "-1", "--budget", "2s"],
            (2,),
            max_seconds=10,
        )
    )
    add(Case("D13", ["check", "t.csv", "y <= c*x", "--c", "nan"], (2,)))
    add(Case("D13", ["check", "t.csv", "y <= c*x", "--c", "inf"], (2,)))
    add(Case("D14", ["check", "t.csv", deep_sum()], (0, 1, 2)))
    add(Case("D14", ["check", "t.csv", "--", "-" * 1990 + "x <= y"], (0, 1, 2)))
    add(Case("D15", ["runs"], (2,), env={"CONJECTURA_HOME": str(d / "home_file")}))
    for url in ("postgresql://nouser@127.0.0.1:1/x", "sqlite:////proc/x.db", f"sqlite:///{d / 'ro'}"):
        add(Case("D16", ["runs", "--store", url], (2,), over_start=2.0))
    add(
        Case(
            "D17",
            ["runs", "--store", "postgresql://nouser:S3cretPass@127.0.0.1:1/x"],
            (2,),
            forbid=("S3cretPass",),
        )
    )
    add(Case("D17", ["show", "99", "--store", f"sqlite:///{d / 'pw.db'}"], (2,)))
    add(Case("D18", ["verify", "claim50mb.json"], (2,), max_seconds=10))
    add(Case("D18", ["verify", "witness50mb.json"], (2,), max_seconds=10))
    add(
        Case(
            "D18",
            ["verify", "--max-bytes", "100000000", "claim50mb.json"],
            (1,),
            max_seconds=20,
            note="message cut",
        )
    )
    add(Case("D19", ["verify", "approx99.json"], (1,)))
    add(Case("D19", ["verify", "approx_invented.json"], (1,)))
    add(Case("D19", ["verify", "params3.json"], (1,)))
    add(Case("D19", ["verify", "params_huge.json"], (1, 2)))
    add(Case("D19", ["verify", "cert.json"], (0,), max_lines=0, note="the untouched certificate"))
    s12 = ["search", "graphs/wagner-2.1", "--n", "12", "--budget", "2s", "-q", "--no-store"]
    add(Case("D20", [*s12, "--workers", "0"], (2,)))
    add(Case("D20", [*s12, "--workers", "-1"], (2,)))
    add(Case("D20", [*s12, "--islands", "0"], (2,)))
    add(Case("D20", ["runs", "--limit", "0"], (2,)))
    add(Case("D20", ["runs", "--limit", "-1"], (2,)))
    add(Case("D20", ["runs", "--store", "mysql://u:pw@127.0.0.1:1/x"], (2,), forbid=("psycopg", "pw@")))
    return c


# -- the reproductions that take several commands -----------------------------------------------
def sequence_rows(d: Path, env: dict[str, str]) -> list[Row]:
    rows = []

    def step(defect, args, expect, *, note="", timeout=120, max_lines=1):
        code, out, err, sec = run(args, env=env, cwd=d, timeout=timeout)
        rows.append(judge(Case(defect, args, expect, note=note, max_lines=max_lines), code, out, err, sec))
        return code, out, err

    # D6: the resume hint of a search that found nothing must work, and leave the run finished
    code, out, _ = step(
        "D6", ["search", "graphs/wagner-2.1", "--n", "12", "--budget", "2s", "-q"], (1,), max_lines=0
    )
    m = re.search(r"continue with: (conjectura search .*)", out)
    run_id = re.search(r"run (\d+); continue", out)
    if m and run_id:
        hint = m.group(1).split()[1:]
        step("D6", hint, (0, 1), note="the printed resume hint; progress lines on stderr", max_lines=5)
        code, out, _ = step("D6", ["show", run_id.group(1), "--json"], (0,), max_lines=0)
        status = json.loads(out).get("status") if code == 0 else None
        rows[-1].ok = rows[-1].ok and status == "finished"
        rows[-1].detail = f"status {status}"
        # a failed resume (wrong parameters) is refused before the run is touched
        step("D6", ["search", "graphs/wagner-2.1", "--resume", run_id.group(1), "--budget", "9s"], (2,))
        code, out, _ = step(
            "D6", ["show", run_id.group(1), "--json"], (0,), max_lines=0, note="still finished"
        )
        status = json.loads(out).get("status") if code == 0 else None
        rows[-1].ok = rows[-1].ok and status == "finished"
        rows[-1].detail = f"status {status}"
    else:
        rows.append(Row("D6", "resume hint", None, 0, False, 0.0, "a hint", False, "no resume hint printed"))

    # D7: a run that found and certified its counterexample is not resumed
    code, out, _ = step(
        "D7",
        ["search", "graphs/bound", "-p", "relation=max_degree <= 2", "--n", "6", "--budget", "30s", "-q"],
        (0,),
        max_lines=0,
    )
    m = re.search(r"stored with run (\d+)", out)
    if m:
        step("D7", ["search", "graphs/bound", "-p", "relation=max_degree <= 2", "--n", "6",
                    "--resume", m.group(1), "--budget", "60s"], (2,), note="finished run")  # fmt: skip

    # D7 + D20: a run being resumed by a live process is refused; SIGTERM is reported as such
    code, out, _ = step(
        "D7", ["search", "graphs/wagner-2.1", "--n", "30", "--budget", "2s", "-q"], (1,), max_lines=0
    )
    m = re.search(r"run (\d+); continue", out)
    if m:
        rid = m.group(1)
        first = ["search", "graphs/wagner-2.1", "-p", "n=30", "--resume", rid, "--budget", "300s", "-q"]
        t0 = time.perf_counter()
        p = subprocess.Popen([*CLI, *first], cwd=d, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(120):  # until the first resume has claimed the run
            c2, o2, _, _ = run(["show", rid, "--json"], env=env, cwd=d, timeout=60)
            if c2 == 0 and json.loads(o2).get("status") == "running":
                break
            time.sleep(0.5)
        step("D7", first, (2,), note="while another process resumes it")
        p.send_signal(signal.SIGTERM)
        try:
            out_b, err_b = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            out_b, err_b = p.communicate()
        err = err_b.decode("utf-8", "replace")
        row = judge(
            Case("D20", first, (143,), note="SIGTERM"),
            p.returncode,
            out_b.decode(),
            err,
            time.perf_counter() - t0,
        )
        if "interrupted by the user" in err:
            row.ok, row.detail = False, "reported as interrupted by the user"
        rows.append(row)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("defects", nargs="*", help="only these defects (D1 ... D20)")
    ap.add_argument(
        "--json", action="store_true", help="also write benchmarks/results/probe_reliability.json"
    )
    args = ap.parse_args(argv)
    want = {x.upper() for x in args.defects}
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        make_fixtures(d)
        env = {**os.environ, "CONJECTURA_HOME": str(d / "home"), "MPLBACKEND": "Agg"}
        rows = []
        starts = [run(["runs", "--store", "sqlite://"], env=env, cwd=d, timeout=120)[3] for _ in range(2)]
        STARTUP[0] = min(starts)
        print(f"start-up of a trivial command: {STARTUP[0]:.2f}s (load {_load()})", flush=True)
        for case in cases(d):
            if want and case.defect not in want:
                continue
            if case.over_start is not None:  # the start-up of a trivial command, just before
                STARTUP[0] = run(["runs", "--store", "sqlite://"], env=env, cwd=d, timeout=120)[3]
            code, out, err, sec = run(
                case.args, env={**env, **case.env}, cwd=d, timeout=case.timeout, memory=case.memory
            )
            rows.append(judge(case, code, out, err, sec))
            print(_line(rows[-1]), flush=True)
        if not want or want & {"D6", "D7", "D20"}:
            for row in sequence_rows(d, env):
                if not want or row.defect in want:
                    rows.append(row)
                    print(_line(row), flush=True)
    failed = [r for r in rows if not r.ok]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} reproductions behave as expected (load {_load()}).")
    for r in failed:
        print(f"  {r.defect}: {r.command}: {r.detail}")
    if args.json:
        out = HERE / "results" / "probe_reliability.json"
        out.parent.mkdir(exist_ok=True)
        doc = {"load": _load(), "startup_seconds": STARTUP[0], "rows": [r.__dict__ for r in rows]}
        out.write_text(json.dumps(doc, indent=1) + "\n")
        print(f"wrote {out}")
    return 1 if failed else 0


def _line(r: Row) -> str:
    mark = "ok  " if r.ok else "FAIL"
    return (
        f"{mark} {r.defect:<4} exit {r.code!s:>4}  stderr {r.lines} line(s)  traceback "
        f"{'yes' if r.traceback else 'no ':<3}  {r.seconds:6.2f}s  expected {r.expected:<18} "
        f"{r.command}  | {r.detail}"
    )


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
