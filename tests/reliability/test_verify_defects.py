"""Regression tests of ``conjectura verify`` on hostile certificates (D4, D5, D8, D18, D19).

Each test runs a reproduction through the CLI and asserts the exit code (0 accepted, 1 a
certificate that fails, 2 bad input), one line on stderr, no traceback, and the verdict.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import networkx as nx
import pytest

import conjectura as cj
from conjectura.core.certificate import MAX_CERTIFICATE_BYTES, MAX_WITNESS_CHARS, Certificate


def test_untouched_certificate_is_accepted(cli, certificate):
    r = cli("verify", certificate())
    r.one_line(0)
    assert "verified graphs/wagner-2.1 {'n': 18}" in r.out


# -- D4: the witness is bounded before any work -------------------------------------------------
def path_graph6(n: int) -> str:
    """graph6 of the path on ``n`` vertices (McKay's format), vectorised: bit ``j(j-1)/2 + i``
    of the upper triangle, in column order, is the edge ``{i, j}``, here ``i = j - 1``."""
    import numpy as np

    bits = np.zeros(n * (n - 1) // 2 + 5, dtype=np.uint8)
    j = np.arange(1, n)
    bits[j * (j - 1) // 2 + j - 1] = 1
    m = (n * (n - 1) // 2 + 5) // 6
    groups = bits[: 6 * m].reshape(m, 6) @ (1 << np.arange(5, -1, -1))
    if n <= 62:
        head = chr(63 + n)
    else:
        head = "~" + "".join(chr(63 + (n >> s & 63)) for s in (12, 6, 0))
    return head + "".join(map(chr, 63 + groups))


@pytest.mark.parametrize("n", [5, 30, 63, 100])
def test_path_graph6_is_networkxs(n):
    assert path_graph6(n) == nx.to_graph6_bytes(nx.path_graph(n), header=False).decode().strip()


def test_d4_a_5000_vertex_witness_is_refused_before_verifying(cli, certificate):
    path = path_graph6(5000)
    t0 = time.perf_counter()
    r = cli("verify", certificate(witness=path, values={}))
    line = r.one_line(2)
    assert time.perf_counter() - t0 < 5  # it took over 60 s
    assert f"over the limit of {MAX_WITNESS_CHARS}" in line and "--max-witness" in line


def test_d4_the_witness_limit_is_a_flag(cli, certificate):
    assert "--max-witness" in cli("verify", "--max-witness", "10", certificate()).one_line(2)
    cli("verify", "--max-witness", "100", certificate()).one_line(0)
    assert "max_witness" in cli("verify", "--max-witness", "0", certificate()).one_line(2)


def test_d4_the_file_limit_is_a_flag(cli, certificate):
    assert "larger than 100 bytes" in cli("verify", "--max-bytes", "100", certificate()).one_line(2)


# -- D5: user text is printed as text, never as markup ------------------------------------------
def test_d5_a_path_with_markup_is_bad_input(cli, tmp_path):
    (tmp_path / "odd[").mkdir()
    line = cli("verify", "odd[/x]missing.json").one_line(2)
    assert "odd[/x]missing.json" in line


@pytest.mark.parametrize(
    "edit,code",
    [
        ({"claim": "forged [/x] claim"}, 1),
        ({"claim": "[bold green]verified[/] forged"}, 1),
        ({"values__bound": "[/]"}, 1),
        ({"problem__name": "graphs/[/x]"}, 2),
    ],
)
def test_d5_markup_in_a_certificate_is_printed_literally(cli, certificate, edit, code):
    line = cli("verify", certificate(**edit)).one_line(code)
    shown = next(iter(edit.values()))
    assert shown in line  # printed as written, not rendered or swallowed


def test_d5_tables_print_markup_literally(capsys):
    from conjectura.cli.common import emit_table

    emit_table([{"name": "graphs/[/x]", "v": "[bold]b[/]"}], ["name", "v"], title="[red]t")
    out = capsys.readouterr().out
    assert "graphs/[/x]" in out and "[bold]b[/]" in out and "[red]t" in out


# -- D8: malformed files -----------------------------------------------------------------------
def test_d8_non_utf8_file(cli, tmp_path):
    (tmp_path / "l1.json").write_bytes(b"\xff\xfe\x00garbage")
    assert "not UTF-8" in cli("verify", "l1.json").one_line(2)


def test_d8_deeply_nested_file(cli, tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100000 + "]" * 100000)
    assert "nested deeper" in cli("verify", "deep.json").one_line(2)


def test_d8_nesting_under_the_parser_limit_is_refused_too(cli, certificate):
    deep: list = []
    for _ in range(100):
        deep = [deep]
    assert "nested deeper" in cli("verify", certificate(provenance={"x": deep})).one_line(2)


def test_d8_endless_input_is_read_only_up_to_the_limit(cli):
    t0 = time.perf_counter()
    line = cli("verify", "/dev/zero").one_line(2)
    assert f"larger than {MAX_CERTIFICATE_BYTES} bytes" in line
    assert time.perf_counter() - t0 < 5


def test_d8_a_directory_is_bad_input(cli, tmp_path):
    assert "cannot read certificate" in cli("verify", str(tmp_path)).one_line(2)


def test_d8_an_integer_too_long_for_python_is_bad_input(cli, tmp_path):
    (tmp_path / "big.json").write_text('{"format": ' + "9" * 5000 + "}")
    cli("verify", "big.json").one_line(2)


# -- D18: error messages do not repeat unbounded input -----------------------------------------
def test_d18_a_long_claim_is_cut_in_the_message(cli, certificate):
    r = cli("verify", "--max-bytes", str(10**8), certificate(claim="A" * 2_000_000))
    line = r.one_line(1)
    assert len(line) < 1000 and "characters" in line


def test_d18_a_50mb_witness_costs_nothing(cli, tmp_path, certificate):
    t0 = time.perf_counter()
    line = cli("verify", certificate(witness="~" * 50_000_000)).one_line(2)
    assert len(line) < 1000 and time.perf_counter() - t0 < 10


def test_d18_a_witness_that_does_not_decode_is_cut_in_the_message(cli, certificate):
    line = cli("verify", "--max-witness", str(10**6), certificate(witness="#" * 100_000)).one_line(2)
    assert "does not decode" in line and len(line) < 1000


# -- D19: what a certificate displays is checked ------------------------------------------------
def test_d19_a_false_approximation_is_rejected(cli, certificate):
    line = cli("verify", certificate(values__lambda1_approx="99.0")).one_line(1)
    assert "lambda1_approx" in line and "printed precision" in line


def test_d19_an_invented_approximation_is_rejected(cli, certificate):
    assert "not computed by the verifier" in cli("verify", certificate(values__volume_approx="1.5")).one_line(
        1
    )


@pytest.mark.parametrize("text,ok", [("3.10", True), ("3.1013", True), ("3.1", True), ("3.11", False),
                                     ("3.10129553393", True), ("3.10129553394", False),
                                     ("3", True), ("4", False), ("3.1e0", True), ("nan", False),
                                     ("1e999999999", False), (3.1, True), (True, False)])  # fmt: skip
def test_d19_approximations_are_checked_at_their_printed_precision(certificate, text, ok):
    # lambda1 = 3.10129553393... (the largest root of x^4 - 17x^2 + 71)
    doc = json.loads(Path(certificate(values__lambda1_approx=text)).read_text())
    if ok:
        Certificate.from_json(doc)
    else:
        with pytest.raises(cj.VerificationError, match="lambda1_approx"):
            Certificate.from_json(doc)


def test_d19_params_must_be_the_witnesss(cli, certificate):
    line = cli("verify", certificate(problem__params={"n": 3})).one_line(1)
    assert "n = 3" in line and "the witness has n = 18" in line
    assert "n = 19" in cli("verify", certificate(problem__params={"n": 19})).one_line(1)


def test_d19_absurd_params_are_rejected(cli, certificate):
    r = cli("verify", certificate(problem__params={"n": 10**400}))
    assert r.code in (1, 2)
    assert len(r.one_line(r.code)) < 1000


def test_d19_certify_records_the_witnesss_order(cli):
    from .conftest import WITNESS_18

    r = cli("certify", "graphs/wagner-2.1", "--witness", WITNESS_18, "-p", "n=19", "--json", "--no-store")
    r.one_line(0)
    doc = json.loads(r.out)
    assert doc["problem"]["params"] == {"n": 18} and doc["values"]["n"] == 18


def test_d19_a_witness_too_small_for_the_problem_is_not_certified():
    prob = cj.get_problem("graphs/wagner-2.1", n=5)
    with pytest.raises(cj.VerificationError):
        cj.certify(nx.path_graph(2), prob)
