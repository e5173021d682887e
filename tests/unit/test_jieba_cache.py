"""hooks/jieba_cache.py: the pickled dictionary segments exactly like jieba's own load."""

import os
import subprocess
import sys

from sitetools import ROOT

TEXT = "客户服务人员的高标准：提案前的预演、开会技巧与经营计划，猪与鸡的故事。"

SNIPPET = r"""
import sys, jieba, jieba_cache
jieba.setLogLevel(60)
if sys.argv[1] == "hook":
    jieba_cache.on_config(None)
    assert jieba.dt.initialized
print(jieba_cache.cache_file(jieba).exists())
print("\u200b".join(jieba.cut(sys.argv[2])))
"""


def _run(mode, cache_home):
    env = {"PYTHONPATH": str(ROOT / "hooks"), "XDG_CACHE_HOME": str(cache_home), "HOME": str(cache_home)}
    out = subprocess.run([sys.executable, "-c", SNIPPET, mode, TEXT], env=env, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    return out[0] == "True", out[1]


def test_pickle_is_written_then_used_and_segments_the_same(tmp_path):
    existed, plain = _run("plain", tmp_path)
    assert not existed
    first_exists, first = _run("hook", tmp_path)  # builds the dictionary, writes the pickle
    assert first_exists
    again_exists, again = _run("hook", tmp_path)  # loads it from the pickle
    assert again_exists
    assert plain == first == again
    assert "经营" in plain.split("\u200b") or "经营计划" in plain.split("\u200b")


def test_a_damaged_pickle_is_rebuilt(tmp_path):
    _run("hook", tmp_path)
    (pickled,) = (tmp_path / "gaobiao-handbook").glob("*.pickle")
    pickled.write_bytes(b"not a pickle")
    _, words = _run("hook", tmp_path)
    assert words == _run("plain", tmp_path)[1]
    assert pickled.read_bytes()[:1] == b"\x80"  # a fresh pickle replaced it


def test_pickles_of_older_environments_are_removed(tmp_path):
    """Every new venv has its own dict.txt time, so its own pickle: old ones must not pile up."""
    folder = tmp_path / "gaobiao-handbook"
    folder.mkdir()
    for n, name in enumerate(["jieba-0-old1.pickle", "jieba-0-old2.pickle", "jieba-0-old3.pickle"]):
        (folder / name).write_bytes(b"x")
        os.utime(folder / name, (1_000_000 + n, 1_000_000 + n))
    (folder / "quiz-markdown-x.json").write_text("{}", encoding="utf-8")
    _run("hook", tmp_path)
    left = {p.name for p in folder.iterdir()}
    new = {name for name in left if name.startswith("jieba-") and "old" not in name}
    assert len(new) == 1
    assert left == new | {"jieba-0-old3.pickle", "quiz-markdown-x.json"}
