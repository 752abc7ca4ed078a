"""The tasks curves/rank and curves/rank-parity, their baselines and the pca-logistic learner."""

import numpy as np
import pytest

pytest.importorskip("cypari")

import conjectura as cj
from conjectura.core.registry import get_baseline, get_learner
from conjectura.exceptions import InvalidParameterError

K = 60  # enough primes (p <= 281) for the functional equation up to conductor 999


@pytest.fixture(scope="module")
def curves_home(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONJECTURA_HOME", str(tmp_path_factory.mktemp("home")))
        yield


def _split(ds, seed=0):
    idx = np.random.default_rng(seed).permutation(len(ds))
    cut = len(ds) // 2
    return idx[:cut], idx[cut:]


def _accuracy(est, ds, seed=0):
    tr, te = _split(ds, seed)
    est.fit(ds.X[tr], ds.y[tr])
    return float((est.predict(ds.X[te]) == ds.y[te]).mean())


def test_tasks_are_registered():
    names = {e.name for e in cj.list_tasks()}
    assert {"curves/rank", "curves/rank-parity"} <= names


def test_rank_dataset(curves_home):
    task = cj.get_task("curves/rank", primes=K, conductor="1:999")
    assert task.kind == "classification" and task.baselines == ("mestre-nagao",)
    assert task.features[:3] == ("a_2", "a_3", "a_5") and len(task.features) == K
    ds = task.dataset(seed=0)
    assert set(np.unique(ds.y)) == {0, 1}
    assert ds.X.shape == (len(ds), K)
    assert np.array_equal(ds.groups, ds.frame["conductor"].to_numpy())
    assert ds.meta["rank_counts"][0] + ds.meta["rank_counts"][1] == len(ds)
    # 2463 classes below 1000, of which the rank-2 ones are dropped (ranks 0 and 1 kept)
    full = cj.get_task("curves/rank", primes=K, conductor="1:999", ranks="all").dataset(seed=0)
    assert len(full) == 2463 and len(full) - len(ds) == int((full.y == 2).sum()) > 0
    sub = task.dataset(200, seed=1)
    assert len(sub) == 200 and set(sub.frame["label"]) <= set(ds.frame["label"])


def test_root_number_baseline_gives_the_parity_exactly(curves_home):
    task = cj.get_task("curves/rank-parity", primes=K, conductor="1:999")
    assert task.baselines[0] == "root-number" and task.features[-1] == "conductor"
    ds = task.dataset(seed=0)
    assert np.array_equal(ds.y, ds.frame["rank"].to_numpy() % 2)
    est = get_baseline("root-number", task)
    assert _accuracy(est, ds) == 1.0
    assert est.key_labels_ == {1: 0, -1: 1}  # epsilon = +1: even rank; -1: odd rank
    (eps,) = est.rule_output(ds.X)  # one key level: the root number of each curve
    assert np.array_equal(eps, ds.frame["root_number"].to_numpy())


def test_mestre_nagao_and_pca_logistic_beat_the_majority(curves_home):
    task = cj.get_task("curves/rank", primes=K, conductor="1:999")
    ds = task.dataset(seed=0)
    majority = max(np.mean(ds.y == 0), np.mean(ds.y == 1))
    mn = _accuracy(get_baseline("mestre-nagao", task), ds)
    pca = _accuracy(get_learner("pca-logistic", task, n_components=5), ds)
    assert mn > majority + 0.2
    assert pca > majority + 0.1


def test_mestre_nagao_sum_is_the_formula():
    from conjectura.core.rules import RuleContext
    from conjectura.domains.curves.rules import MESTRE_NAGAO, mestre_nagao_sum
    from conjectura.learn.rules import rule_baseline

    ap = np.array([[1.0, -2.0, 3.0], [0.0, 1.0, -1.0]])
    want = [sum(a * np.log(p) / p for a, p in zip(row, (2, 3, 5))) for row in ap]
    assert np.allclose(mestre_nagao_sum(ap, [2, 3, 5]), want)
    assert np.allclose(mestre_nagao_sum(ap, [2, 3, 5], bound=4), ap[:, :2] @ (np.log([2, 3]) / [2, 3]))
    with pytest.raises(cj.NotFittedError):
        rule_baseline(MESTRE_NAGAO, RuleContext(features=("a_2", "a_3", "a_5"))).predict(ap)


def test_bad_task_parameters_fail_clearly():
    with pytest.raises(InvalidParameterError, match="at least two ranks"):
        cj.get_task("curves/rank", ranks="0")
    with pytest.raises(InvalidParameterError, match="empty"):
        cj.get_task("curves/rank", conductor="5000:100")
    with pytest.raises(InvalidParameterError, match="beyond Cremona's table"):
        cj.get_task("curves/rank", conductor="1:600000")
    with pytest.raises(InvalidParameterError, match="'primes' parameter"):
        cj.get_task("curves/rank", primes=0)
    with pytest.raises(InvalidParameterError, match="'representation' parameter"):
        cj.get_task("curves/rank-parity", representation="ainvs")
    with pytest.raises(InvalidParameterError, match="'include_conductor' parameter"):
        cj.get_task("curves/rank", include_conductor="yes")
    task = cj.get_task("curves/rank", primes=5, conductor="11:20")
    with pytest.raises(InvalidParameterError, match="needs the conductor"):
        get_baseline("root-number", task)


def test_empty_selection_fails_clearly(curves_home):
    task = cj.get_task("curves/rank", primes=5, conductor="11:36", ranks="1,2")
    with pytest.raises(InvalidParameterError, match="no curves"):
        task.dataset(seed=0)
