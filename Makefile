# Two commands matter: `make play` and `make test`. Each builds the local
# virtual environment (.venv) on first use, from pyproject.toml alone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: play test check simulate bench screenshots web web-zip clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	$(PY) -m game

# Two workers (the machines we test on have two cores); tests that share an expensive
# fixture (the rendered scenes, the built web page) are grouped into one worker.
test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -n 2 --dist loadgroup

check: $(STAMP)
	$(PY) -m engine check

simulate: $(STAMP)
	$(PY) -m engine simulate --citizens 10000 --days 30 --seed 1 --policy default

bench: $(STAMP)
	$(PY) -m engine bench

screenshots: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m game.screenshots docs/screenshots

web: $(STAMP)
	$(PY) -m tools.build_web

web-zip: $(STAMP)
	$(PY) -m tools.build_web --zip

clean:
	rm -rf $(VENV) .venv-web312 build *.egg-info .pytest_cache .hypothesis
