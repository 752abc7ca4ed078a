"""D9: a task's table size is checked before anything is built: a size that cannot fit in memory
is refused with its estimate, a negative one is refused, each in one line with exit 2."""


def test_d9_a_table_too_large_for_memory_is_refused_with_its_estimate(cli):
    line = cli("check", "integers/squarefree", "mu2 <= 1", "--n", "1000000000").one_line(2)
    assert "at most 10000000 rows" in line and "GB" in line


def test_d9_a_negative_size_is_refused(cli):
    line = cli("check", "integers/parity-bit", "parity <= 1", "-p", "m=4", "--n", "-5").one_line(2)
    assert "must be an int >= 1" in line


def test_d9_a_size_within_the_limit_still_works(cli):
    assert cli("check", "integers/parity-bit", "parity <= 1", "-p", "m=4", "--n", "8").code == 0
