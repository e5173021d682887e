"""Our overrides of Material's templates, and the patch on its instant navigation, follow the
theme we pin: a theme update that changes an original makes this fail, so the override is
compared with the new original and brought in line before the update lands."""

from __future__ import annotations

import hashlib
from pathlib import Path

import material

from sitetools import ROOT

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"

# Material's original of every partial we override, as it was when the override was written
# (mkdocs-material 9.8.2). After a theme update: diff the new original against the old one,
# carry the change into overrides/, then record the new hash here.
ORIGINALS = {
    "partials/javascripts/outdated.html": "13165dec361fce13130f73f747aab982f7e1979608c061e5953b10286abc7447",
    "partials/nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "partials/progress.html": "f7596002950a7d9f415e1d10d6da4e87af6039f854911875b680ea70522360f4",
    "partials/source-file.html": "ce5277decac9a8cf3cd44eaa490f010ae985d81ebf68b84239c02da6946718d0",
    "partials/source.html": "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752",
    "partials/copyright.html": "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
    "partials/header.html": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
}
# Our own partials, which have no original in the theme.
OURS = {"partials/history-state.html"}
# overrides/partials/history-state.html patches the instant navigation in this bundle.
BUNDLE = "bundle.a5f9d56c.min.js"


def test_every_override_is_recorded():
    overridden = {p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html")} - {"main.html"}
    assert overridden == set(ORIGINALS) | OURS


def test_the_originals_we_override_have_not_changed():
    changed = [name for name, digest in ORIGINALS.items()
               if hashlib.sha256((THEME / name).read_bytes()).hexdigest() != digest]
    assert changed == [], (f"Material changed {changed}: compare each with overrides/ and update the override, "
                           "then its hash in this test")


def test_the_bundle_the_history_patch_was_written_for_is_installed():
    bundles = sorted(p.name for p in (THEME / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert bundles == [BUNDLE], ("Material's bundle changed: run tests/browser/test_site.py's "
                                 "race test without overrides/partials/history-state.html and keep the patch "
                                 "only while it still fails; then record the new bundle name here")
