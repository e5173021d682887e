"""SCORM packages of the quizzes: SCORM 1.2 and SCORM 2004 4th edition zips, reproducible.

Each quiz is one SCO: `<quiz id>/index.html`, the quiz as `render_quiz` makes it for the site,
with the site's quiz.js and quiz.css and the LMS scripts (docs/assets/lms/). A package holds one
quiz, or the course: every practice quiz, one SCO each, in the nav's order. Explanation links
go to the published handbook (`site_url`). Nothing is fetched from elsewhere, and the bytes
depend only on the input: fixed entry dates and modes, entries in a fixed order.

The SCO keeps its progress in suspend data, `{"v":1,"a":{"<question id>":[<revision>,<choice>]}}`
(docs/assets/lms/scorm.js). SCORM 1.2 allows 4,096 characters: a quiz whose longest suspend data
would not fit is refused (`suspend_problems`), for both standards, since a course holds it too.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from .catalogue import url_of
from .errors import Problem
from .model import Quiz
from .render import QuizText, render_quiz

SUSPEND_LIMIT_12 = 4096  # characters of cmi.suspend_data in SCORM 1.2 (CMIString4096)
DEFAULT_PASS = 80  # percent of questions answered best: the assignments' default (BROWSER.md)
STANDARDS = ("1.2", "2004")
# The files a package takes from the site's docs/ folder, under the same paths.
ASSETS = ("assets/quiz/quiz.css", "assets/quiz/quiz.js", "assets/lms/lms.css", "assets/lms/scorm.js",
          "assets/lms/xapi.js")
_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold: the same every build
_TAG = re.compile(r"<[^>]+>")
# The xAPI sender loads only when the launch link carries xAPI parameters (as on the site).
XAPI_LOADER = ('<script>/[?&]endpoint=/.test(location.search)&&document.head.append(Object.assign('
               'document.createElement("script"),{src:"../assets/lms/xapi.js"}))</script>')


@dataclass(frozen=True)
class Package:
    standard: str  # "1.2" or "2004"
    items: tuple[tuple[Quiz, str], ...]  # each SCO: the quiz and its title as plain text
    title: str
    description: str

    @property
    def quizzes(self) -> tuple[Quiz, ...]:
        return tuple(quiz for quiz, _ in self.items)


# ---------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------


def longest_suspend_data(quiz: Quiz) -> str:
    """The suspend data of this quiz with every question answered by its longest choice."""
    answers = {}
    for q in quiz.questions:
        if q.kind == "branching":
            choice = max(q.endings, key=lambda name: (len(name), name))
        else:
            choice = len(q.options) - 1
        answers[q.id] = [q.revision, choice]
    return json.dumps({"v": 1, "a": answers}, separators=(",", ":"), ensure_ascii=False)


def suspend_problems(quizzes) -> list[Problem]:
    """A problem for each quiz whose suspend data could pass SCORM 1.2's 4,096 characters."""
    problems = []
    for quiz in quizzes:
        size = len(longest_suspend_data(quiz))
        if size > SUSPEND_LIMIT_12:
            problems.append(Problem(
                quiz.source, *quiz.where("questions"),
                f"cannot be packaged: its progress (SCORM suspend data) can reach {size:,} characters, "
                f"over the {SUSPEND_LIMIT_12:,} that SCORM 1.2 allows",
                "split the quiz into two files, or use shorter question ids and ending names"))
    return problems


# ---------------------------------------------------------------------------
# Files of a package
# ---------------------------------------------------------------------------


def plain(text: QuizText, markdown: str) -> str:
    """Quiz text as plain text, for titles and descriptions in the manifest (via QuizText.html)."""
    return html.unescape(_TAG.sub("", text.html(markdown, inline=True))).strip()


def absolute_url_for(site_url: str):
    """Docs-relative links (`competencies/x.md#a`) → the published handbook's URL."""
    base = site_url.rstrip("/") + "/"

    def url_for(target: str) -> str:
        path, _, anchor = target.partition("#")
        return base + url_of(path) + (f"#{anchor}" if anchor else "")

    return url_for


def launch_page(quiz: Quiz, text: QuizText, *, edition: str, site_url: str, pass_mark: int,
                standard: str) -> str:
    """`<quiz id>/index.html`: the quiz, its scripts, and where the handbook is."""
    body = render_quiz(quiz, text, edition=edition, url_for=absolute_url_for(site_url), site_root="../")
    title = html.escape(plain(text, quiz.title))
    site = html.escape(site_url.rstrip("/") + "/", quote=True)
    return f"""<!doctype html>
<html lang="zh-CN" data-quiz="" data-package-quiz="{quiz.id}" data-scorm="{standard}" data-pass="{pass_mark}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="gaobiao:site" content="{site}">
<meta name="gaobiao:edition" content="{html.escape(edition, quote=True)}">
<title>{title}</title>
<link rel="stylesheet" href="../assets/lms/lms.css">
<link rel="stylesheet" href="../assets/quiz/quiz.css">
<script src="../assets/lms/scorm.js"></script>
{XAPI_LOADER}
</head>
<body>
<main class="md-typeset">
<p class="lms-status" role="status" hidden></p>
{body}<p class="lms-edition">高标手册 {html.escape(edition)} 版 · 解析里的链接打开<a href="{site}">网上的手册</a>。</p>
</main>
<script src="../assets/quiz/quiz.js" defer onerror="document.documentElement.removeAttribute('data-quiz')"></script>
</body>
</html>
"""


def _x(value: str) -> str:
    return html.escape(value, quote=False)


def manifest(package: Package, *, edition: str, pass_mark: int, identifier: str) -> str:
    """imsmanifest.xml for SCORM 1.2 or SCORM 2004 4th edition."""
    v12 = package.standard == "1.2"
    items, resources = [], []
    for quiz, title in package.items:
        if v12:
            extra = f"\n        <adlcp:masteryscore>{pass_mark}</adlcp:masteryscore>"
        else:
            extra = (f'\n        <imsss:sequencing>\n          <imsss:objectives>\n'
                     f'            <imsss:primaryObjective objectiveID="pass-{quiz.id}" satisfiedByMeasure="true">\n'
                     f'              <imsss:minNormalizedMeasure>{pass_mark / 100:.2f}</imsss:minNormalizedMeasure>\n'
                     f'            </imsss:primaryObjective>\n          </imsss:objectives>\n'
                     f'        </imsss:sequencing>')
        items.append(f'      <item identifier="item-{quiz.id}" identifierref="res-{quiz.id}" isvisible="true">\n'
                     f'        <title>{_x(title)}</title>{extra}\n      </item>')
        kind = 'adlcp:scormtype="sco"' if v12 else 'adlcp:scormType="sco"'
        resources.append(f'    <resource identifier="res-{quiz.id}" type="webcontent" {kind} href="{quiz.id}/index.html">\n'
                         f'      <file href="{quiz.id}/index.html"/>\n      <dependency identifierref="assets"/>\n'
                         f'    </resource>')
    asset_kind = 'adlcp:scormtype="asset"' if v12 else 'adlcp:scormType="asset"'
    resources.append(f'    <resource identifier="assets" type="webcontent" {asset_kind}>\n'
                     + "".join(f'      <file href="{a}"/>\n' for a in ASSETS) + "    </resource>")
    if v12:
        head = ('<manifest identifier={ident} version={ver}\n'
                '  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"\n'
                '  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"\n'
                '  xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"\n'
                '  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
                '  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd '
                'http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd '
                'http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">')
        lom = (f'    <imsmd:lom>\n      <imsmd:general>\n'
               f'        <imsmd:title><imsmd:langstring xml:lang="zh-CN">{_x(package.title)}</imsmd:langstring></imsmd:title>\n'
               f'        <imsmd:description><imsmd:langstring xml:lang="zh-CN">{_x(package.description)}</imsmd:langstring></imsmd:description>\n'
               f'      </imsmd:general>\n      <imsmd:lifecycle>\n'
               f'        <imsmd:version><imsmd:langstring xml:lang="x-none">{_x(edition)}</imsmd:langstring></imsmd:version>\n'
               f'      </imsmd:lifecycle>\n    </imsmd:lom>')
        version, org_attr, org_seq = "1.2", "", ""
    else:
        head = ('<manifest identifier={ident} version={ver}\n'
                '  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"\n'
                '  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"\n'
                '  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"\n'
                '  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"\n'
                '  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"\n'
                '  xmlns:lom="http://ltsc.ieee.org/xsd/LOM"\n'
                '  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
                '  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd '
                'http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd '
                'http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd '
                'http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd '
                'http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd '
                'http://ltsc.ieee.org/xsd/LOM lom.xsd">')
        lom = (f'    <lom:lom>\n      <lom:general>\n'
               f'        <lom:title><lom:string language="zh-CN">{_x(package.title)}</lom:string></lom:title>\n'
               f'        <lom:description><lom:string language="zh-CN">{_x(package.description)}</lom:string></lom:description>\n'
               f'      </lom:general>\n      <lom:lifeCycle>\n'
               f'        <lom:version><lom:string language="x-none">{_x(edition)}</lom:string></lom:version>\n'
               f'      </lom:lifeCycle>\n    </lom:lom>')
        version, org_attr = "2004 4th Edition", ' adlseq:objectivesGlobalToSystem="false"'
        org_seq = '\n      <imsss:sequencing>\n        <imsss:controlMode choice="true" flow="true"/>\n      </imsss:sequencing>'
    head = head.format(ident=quoteattr(identifier), ver=quoteattr(edition))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{head}\n'
            f'  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>{version}</schemaversion>\n{lom}\n  </metadata>\n'
            f'  <organizations default="org">\n    <organization identifier="org"{org_attr}>\n'
            f'      <title>{_x(package.title)}</title>\n' + "\n".join(items) + org_seq + "\n"
            f'    </organization>\n  </organizations>\n  <resources>\n' + "\n".join(resources) + "\n"
            f'  </resources>\n</manifest>\n')


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of `files` whose bytes depend only on them: sorted names, fixed dates and modes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            z.writestr(info, files[name], compresslevel=9)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    path: Path
    standard: str
    quizzes: tuple[str, ...]
    size: int


def package_files(package: Package, text: QuizText, assets: dict[str, bytes], *, edition: str,
                  site_url: str, pass_mark: int, identifier: str) -> dict[str, bytes]:
    files = {name: assets[name] for name in ASSETS}
    for quiz in package.quizzes:
        files[f"{quiz.id}/index.html"] = launch_page(quiz, text, edition=edition, site_url=site_url,
                                                     pass_mark=pass_mark, standard=package.standard).encode()
    files["imsmanifest.xml"] = manifest(package, edition=edition, pass_mark=pass_mark,
                                        identifier=identifier).encode()
    return files


def build_packages(quizzes: list[Quiz], course: list[Quiz], text: QuizText, *, docs_dir: Path, out_dir: Path,
                   edition: str, site_url: str, pass_mark: int = DEFAULT_PASS) -> list[Built]:
    """Write `out_dir/<edition>/quizzes/<id>-scorm12.zip` (and -scorm2004) for each quiz, and
    `out_dir/<edition>/course-scorm12.zip` (and -scorm2004) for `course`. Returns what it wrote."""
    assets = {name: (Path(docs_dir) / name).read_bytes() for name in ASSETS}
    target = Path(out_dir) / edition
    wanted = []
    for standard in STANDARDS:
        tag = "scorm12" if standard == "1.2" else "scorm2004"
        for quiz in quizzes:
            title = plain(text, quiz.title)
            wanted.append((Path("quizzes") / f"{quiz.id}-{tag}.zip", f"gaobiao-{edition}-{quiz.id}-{tag}",
                           Package(standard, ((quiz, title),), title, plain(text, quiz.description))))
        if course:
            title = "高标手册 · 全部情境练习"
            description = f"高标手册 {edition} 版的 {len(course)} 套情境练习，每套一个单元，及格线 {pass_mark}%。"
            wanted.append((Path(f"course-{tag}.zip"), f"gaobiao-{edition}-course-{tag}",
                           Package(standard, tuple((q, plain(text, q.title)) for q in course), title, description)))
    built = []
    for rel, identifier, package in wanted:
        data = zip_bytes(package_files(package, text, assets, edition=edition, site_url=site_url,
                                       pass_mark=pass_mark, identifier=identifier))
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        built.append(Built(path, package.standard, tuple(q.id for q in package.quizzes), len(data)))
    return built

