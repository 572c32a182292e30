"""The opt-in class questions: valid items with texts, counts only (by day), a
separate store from the kiosk's, and a scene that can be skipped at every step."""

from __future__ import annotations

from datetime import date

import pytest

from engine.errors import DataError
from game.questions import PHASES, ClassAnswers, key, load_items
from game.stats import MemoryBackend, SqliteBackend

TODAY = date(2025, 3, 14)


@pytest.fixture()
def items():
    return {i.id: i for i in load_items()}


def test_items_are_valid_and_have_texts(english):
    items = load_items(message_ids=set(english.messages))
    assert len(items) >= 3
    assert all(set(i.phases) <= set(PHASES) and len(i.answers) == 5 for i in items)


def test_bad_item_files_are_refused_with_the_reason(tmp_path):
    path = tmp_path / "q.toml"
    path.write_text('[scales]\nagree = ["no", "yes"]\n[[item]]\nid = "Free Text!"\nscale = "agree"\n')
    with pytest.raises(DataError, match="short lower-case id"):
        load_items(path)
    path.write_text('[scales]\nagree = ["no", "yes"]\n[[item]]\nid = "x"\nscale = "likert"\n')
    with pytest.raises(DataError, match="unknown scale"):
        load_items(path)
    path.write_text('[scales]\nagree = ["no", "yes"]\n[[item]]\nid = "x"\nscale = "agree"\n')
    with pytest.raises(DataError, match="no text for message id"):
        load_items(path, message_ids=set())


def test_answers_are_counts_by_day_and_nothing_else(items, tmp_path):
    store = ClassAnswers(SqliteBackend(tmp_path / "class.sqlite3", lambda: TODAY), lambda: TODAY)
    assert store.record("before", items, {"fairer": "agree", "trust": "unsure"})
    assert store.record("before", items, {"fairer": "agree"})
    assert store.record("after", items, {"fairer": "disagree"})
    assert store.counts("before", items["fairer"])["agree"] == 2
    assert store.counts("after", items["fairer"]) == {"strongly_disagree": 0, "disagree": 1,
                                                     "unsure": 0, "agree": 0,
                                                     "strongly_agree": 0}
    rows = store.backend.rows()
    assert all(day == "2025-03-14" and kind == "poll" for day, kind, _, _ in rows)
    assert {k for _, _, k, _ in rows} == {"before:fairer:agree", "before:trust:unsure",
                                          "after:fairer:disagree"}
    assert store.counts("before", items["fairer"], day="2025-03-13")["agree"] == 0
    assert store.counts("before", items["fairer"], day="all")["agree"] == 2


def test_only_declared_answers_can_be_counted(items):
    with pytest.raises(ValueError):
        key("before", items["fairer"], "I think it's complicated")
    with pytest.raises(ValueError):
        key("during", items["fairer"], "agree")


def test_a_failing_store_is_reported_not_raised(items):
    class Full(MemoryBackend):
        def add(self, day, increments):
            raise OSError(28, "No space left on device")

    store = ClassAnswers(Full(), lambda: TODAY)
    assert store.record("after", items, {"fairer": "agree"}) is False and not store.kept


def test_the_class_store_is_not_the_kiosk_store(tmp_path, monkeypatch):
    import game.questions as questions
    import game.stats as stats

    assert questions.DB_NAME != stats.DB_NAME and questions.RECORD_KEY != stats.RECORD_KEY
    monkeypatch.setenv("TRUSTWORTHY_DATA_DIR", str(tmp_path))
    store = ClassAnswers.open_default(today=lambda: TODAY)
    assert isinstance(store.backend, SqliteBackend)
    assert store.backend.path == tmp_path / questions.DB_NAME
    store.close()


def _app(ctx, scene):
    from game.app import App, FixedClock

    app = App(ctx, clock=FixedClock(), events=lambda: [])
    app.push(scene)
    app.step()
    return app


def test_answer_skip_and_see_the_class(ctx, items):
    from game.commands import Activate, Choose, Click
    from game.scenes.questions import QuestionsScene

    store = ClassAnswers(MemoryBackend(), lambda: TODAY)
    scene = QuestionsScene(ctx, "before", store=store)
    app = _app(ctx, scene)
    app.step([Choose(4)])  # fairer: agree
    skip = next(b for b in scene.group.buttons if b.action == "skip")
    app.step([Click(skip.rect.center)])  # trust: skipped
    app.step([Choose(1)])  # earned: strongly disagree
    app.step([Choose(5)])  # report: strongly agree
    assert scene.on_results
    assert store.counts("before", items["fairer"])["agree"] == 1
    assert sum(store.counts("before", items["trust"]).values()) == 0
    app.step([Activate()])  # Done
    assert not app.running or app.top is scene  # the last scene stays (nothing below)


def test_not_now_leaves_without_counting(ctx, items):
    from game.commands import Click
    from game.scenes.base import Scene
    from game.scenes.questions import QuestionsScene

    store = ClassAnswers(MemoryBackend(), lambda: TODAY)
    below = Scene(ctx)
    app = _app(ctx, below)
    app.push(QuestionsScene(ctx, "after", store=store))
    app.step()
    leave = next(b for b in app.top.group.buttons if b.action == "leave")
    app.step([Click(leave.rect.center)])
    assert app.top is below and store.backend.rows() == []
