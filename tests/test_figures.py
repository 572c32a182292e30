"""Every figure a document quotes about the model is the engine's figure today.

The documents mark each model figure as <!--fig:NAME-->value<!--/fig-->;
`python -m tools.figures` writes them from the engine. This test recomputes them
and fails on drift, naming the document, the figure, what it says and what the
engine gives.
"""

import functools

import pytest

from tools import figures

pytestmark = pytest.mark.xdist_group("figures")  # its module fixtures: built in one worker


@functools.lru_cache(maxsize=1)
def _computed() -> dict:
    return figures.compute()


@pytest.fixture(scope="module")
def computed():
    """Computed once per worker process, even if its tests are not run back to back."""
    return dict(_computed())


def test_the_documents_quote_what_the_engine_gives(computed):
    assert figures.drift(computed) == []


def test_every_quoted_figure_is_marked_and_computed(computed):
    marked = set()
    for doc in figures.DOCS:
        text = (figures.ROOT / doc).read_text(encoding="utf-8")
        marked |= {m.group(1) for m in figures.MARK.finditer(text)}
    assert marked and marked <= set(computed)
    # the figures the guide's "Things to notice" rests on are all there
    assert {"cd_30", "cd_90", "d_male", "d_under_30", "informal_90",
            "control_informal_90", "neutral_d_male", "neutral_d_under_30"} <= marked


def test_a_drifted_figure_is_named(computed, tmp_path):
    for doc in figures.DOCS:
        (tmp_path / doc).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / doc).write_text((figures.ROOT / doc).read_text(encoding="utf-8"),
                                    encoding="utf-8")
    guide = tmp_path / "docs/teachers-guide.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace(
        f"<!--fig:cd_90-->{computed['cd_90']}<!--/fig-->", "<!--fig:cd_90-->66%<!--/fig-->"),
        encoding="utf-8")
    lines = figures.drift(computed, tmp_path)
    assert lines == [f"docs/teachers-guide.md: figure 'cd_90' says '66%', the engine gives "
                     f"{computed['cd_90']!r}"]


def test_the_neutral_assumptions_give_a_tier_d_like_the_city(computed):
    """Same rates for everyone: tier D's men and under-30s near everyone's shares."""
    def share(name):
        return float(computed[name].rstrip("%"))
    assert abs(share("neutral_d_male") - share("neutral_all_male")) <= 10
    assert abs(share("neutral_d_under_30") - share("neutral_all_under_30")) <= 10
    assert share("d_under_30") - share("all_under_30") > 30  # the assumed rates skew it
