"""The page segmenter: on whole saved pages of real outlets it keeps the article and leaves out
the site's menus, teasers and footers; its model knows the features the parser computes."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path

import pycrfsuite
import pytest

from articles.parsing import parse_seed
from articles.parsing.features import block_features
from articles.parsing.pipeline import read_blocks
from articles.parsing.segmenter import LABELS, MODEL_PATH, segment
from bench.parser import crossvalidate, evaluate
from bench.parser.pages import real_pages

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "pages"
# Whole-page dumps from the training split, in four languages and three scripts.
PAGES = ("fundus-uk-bbc-1", "fundus-ch-srf-1", "fundus-es-elpais-1", "fundus-jp-asahishimbun-1")
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + 4]) for i in range(max(0, len(words) - 3)))


@pytest.mark.parametrize("page", PAGES)
def test_the_article_is_kept_and_the_page_around_it_left_out(page):
    data = (REAL / f"{page}.txt").read_bytes()
    truth = _shingles((REAL / f"{page}.true.txt").read_text(encoding="utf-8"))
    whole_page = _shingles(data.decode("utf-8"))
    found = _shingles("\n\n".join(parse_seed(data).paragraphs))
    shared = sum((truth & found).values())
    assert shared / sum(truth.values()) > 0.6  # recall: most of the article is kept
    assert shared / sum(found.values()) > 0.6  # precision: little of anything else
    # Keeping the whole page would not have done: most of the page is not the article.
    assert sum((truth & whole_page).values()) / sum(whole_page.values()) < 0.6


def test_the_model_knows_the_features_the_parser_computes():
    """A change to the features without training the model again is caught here: the model
    would weigh features it never saw as nothing."""
    model = pycrfsuite.Tagger()
    model.open(str(MODEL_PATH))
    info = model.info()
    assert set(info.labels) == set(LABELS)
    known = set(info.attributes)
    computed: Counter[bool] = Counter()
    for page in PAGES:
        items = read_blocks((REAL / f"{page}.txt").read_bytes())
        features = block_features([i.block for i in items], [i.feature_kind for i in items])
        computed.update(name in known for item in features for name in item)
    assert computed[True] / computed.total() > 0.95


def test_a_page_of_menus_and_links_has_no_body():
    items = read_blocks((REAL / "htmldate-stuttgart-de.txt").read_bytes())
    segmentation = segment([i.block for i in items], [i.feature_kind for i in items])
    assert not segmentation.has_body


def test_the_evaluation_command_scores_a_folder_of_pages(tmp_path):
    for page in ("fundus-uk-bbc-1", "htmldate-stuttgart-de"):
        for suffix in (".txt", ".true.txt", ".json"):
            shutil.copy(REAL / f"{page}{suffix}", tmp_path / f"{page}{suffix}")
        meta = json.loads((tmp_path / f"{page}.json").read_text(encoding="utf-8"))
        meta["split"] = "test"
        (tmp_path / f"{page}.json").write_text(json.dumps(meta), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        evaluate.main(["--pages", str(tmp_path), "--no-speed"])
    report = out.getvalue()
    f1 = float(re.search(r"F1 (\d\.\d+)", report).group(1))
    assert f1 > 0.8
    assert "no article never public 1/1" in report


def test_a_label_ending_in_a_colon_is_never_the_headline():
    # A silver page of the train split (never learnt from) whose search box's label, "Suchen
    # Sie im kath.net Archiv in über 70000 Artikeln:", the model likes best as a headline.
    article = parse_seed((REAL / "traf-kath-net-menschensohn.txt").read_bytes())
    assert article.headline == "Der Tag, an dem sich der Menschensohn offenbart"


def test_cross_validation_keeps_each_outlet_in_one_fold():
    pages = [page for page in real_pages(REAL) if page.split != "test"]
    dealt = crossvalidate.folds(pages, 4)
    outlets = [
        {page.meta.get("domain") or page.meta.get("outlet") for page in fold} for fold in dealt
    ]
    assert sum(len(fold) for fold in dealt) == len(pages)
    assert all(len(fold) > len(pages) / 8 for fold in dealt)
    assert all(not outlets[i] & outlets[j] for i in range(4) for j in range(i + 1, 4))
    assert crossvalidate.folds(pages, 4) == dealt
