/* 高标手册 quiz widget. It only enhances the server-rendered quiz
   (hooks/quizkit/templates/quiz.html): without it every answer is still in <details>.
   The page is in the widget's layout before this runs (`data-quiz` on <html>, quiz.css), so
   mounting moves nothing. Pages load a minified copy made by `make minify`: quiz.min.js, or,
   where no quiz has a branching question, quiz.lite.min.js, which leaves the story player out.
   Storage and events follow SPEC.md ("Browser storage contract", "Quiz widget ↔ trainer tools"). */
(() => {
  "use strict";
  // terser defines STORY_OFF for quiz.lite.min.js. The full copy may still load after the lite
  // one (instant navigation to a story); Material re-runs page scripts on every navigation.
  const STORY = typeof STORY_OFF == "undefined", LEVEL = STORY ? 2 : 1;
  if (window.gaobiaoQuiz >= LEVEL) return;
  window.gaobiaoQuiz = LEVEL;

  const PREFIX = "gaobiao:quiz:";
  const all = (sel, el = document) => [...el.querySelectorAll(sel)];
  const one = (sel, el = document) => el.querySelector(sel);
  const data = (el, name) => el.getAttribute("data-" + name);
  const isObject = (x) => !!x && typeof x == "object" && !Array.isArray(x);
  const emit = (type, detail) => document.dispatchEvent(new CustomEvent("gaobiao:" + type, { detail }));

  // Storage is a convenience: every access may throw, hold junk, or be huge.
  const read = (key) => {
    try {
      const text = localStorage.getItem(key);
      return text && text.length < 2e5 ? JSON.parse(text) : null;
    } catch (e) { return null; }
  };
  const write = (key, value) => {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
  };

  // A message in a question's live region; a rating, if any, is a copy of the page's own word.
  const say = (q, text, rating) =>
    q.status.replaceChildren(...(rating ? [rating.cloneNode(true), " "] : []), text);

  function mount(root) {
    if (root.hasAttribute("data-quiz-ready") || !STORY && one("[data-kind=branching]", root)) return;
    root.setAttribute("data-quiz-ready", "");
    const id = data(root, "quiz-id"), key = PREFIX + id, siteRoot = data(root, "site-root") || "";
    const questions = all(".quiz__question", root);
    const summary = one(".quiz__summary", root);
    const missed = one("[data-act=missed]", summary);
    const stored = read(key);
    const saved = isObject(stored) && stored.v === 1 && isObject(stored.answers) ? stored.answers : {};
    let answers = {};

    const save = () => write(key, { v: 1, answers });
    const done = () => questions.filter((q) => answers[q.qid]);

    function record(q, choice, rating) {
      const a = answers[q.qid] = { rev: q.rev, choice, best: rating == "best" || rating == "committed",
        rating, at: new Date().toISOString() };
      save();
      emit("answered", { quizId: id, questionId: q.qid, revision: q.rev, choice, best: a.best, rating });
      update(true);
      return a;
    }

    // Back to unanswered: every kind of question.
    function reset(q) {
      all(".is-on, .is-chosen", q).forEach((n) => n.classList.remove("is-on", "is-chosen"));
      all("input", q).forEach((r) => { r.checked = r.disabled = false; });
      all("details", q).forEach((d) => { d.open = false; });
      q.classList.remove("is-done", "is-best");
      q.status.textContent = "";
      if (STORY && q.start) q.start();
    }

    // ---- Scenario questions: choose, then check --------------------------------
    function scenario(q) {
      const radios = all("input", q), option = (i) => radios[i].closest(".quiz__option");
      q.show = (a) => {
        radios.forEach((r, i) => { r.checked = i === a.choice; r.disabled = true; });
        option(a.choice).classList.add("is-chosen");
        q.classList.add("is-done");
        q.classList.toggle("is-best", a.best);
        all("details", q).forEach((d) => { d.open = true; });
        const best = radios.findIndex((r, i) => data(option(i), "rating") == "best");
        const feedback = one(".quiz__feedback p", option(a.choice));
        say(q, feedback.textContent.replace(/^\S+\s/, "") +
          (a.best ? "" : " 最佳答案是第 " + (best + 1) + " 个选项。"), one(".quiz__rating", feedback));
      };
      q.check = () => {
        if (q.classList.contains("is-done")) return;
        const i = radios.findIndex((r) => r.checked);
        if (i < 0) return say(q, "请先选一个选项，再检查答案。");
        q.show(record(q, i, data(option(i), "rating")));
      };
      q.valid = (a) => a.choice === (a.choice | 0) && a.choice >= 0 && a.choice < radios.length;
    }

    // ---- Branching scenarios: one node at a time, with a restart ----------------
    function branching(q) {
      const check = one(".quiz__check", q), restart = one(".quiz__restart", q);
      const endings = all("[data-ending]", q);
      const part = (name) => all("[data-node]", q).concat(endings).find((n) => (data(n, "node") || data(n, "ending")) === name);
      let current;
      const open = (node) => {
        current = node;
        node.classList.add("is-on");
        node.tabIndex = -1;
        return node;
      };
      const end = (ending) => {
        open(ending).open = true;
        one(".quiz__explanation", q).open = true;
        check.hidden = true;
        restart.hidden = false;
        q.classList.add("is-done");
        q.classList.toggle("is-best", data(ending, "verdict") == "committed");
      };
      q.start = () => {
        check.hidden = false;
        restart.hidden = true;
        open(part(data(q, "start")));
      };
      q.check = () => {
        const radio = one("input:checked", current);
        if (!radio) return say(q, "请先选一个做法。");
        const option = radio.closest(".quiz__option"), next = part(data(option, "next"));
        all("input", current).forEach((r) => { r.disabled = true; });
        option.classList.add("is-chosen");
        const feedback = one(".quiz__feedback p:not(.quiz__goto)", option);
        say(q, feedback ? feedback.textContent : "");
        if (endings.includes(next)) {
          end(next);
          say(q, one("summary", next).textContent + "。", one(".quiz__rating", next));
          record(q, data(next, "ending"), data(next, "verdict"));
        }
        open(next).focus();
      };
      q.restart = () => {
        delete answers[q.qid];
        save();
        reset(q);
        update();
        current.focus();
      };
      q.valid = (a) => endings.some((e) => data(e, "ending") === a.choice && data(e, "verdict") === a.rating);
      q.show = (a) => end(part(a.choice));
    }

    // ---- Score summary, retry, review missed, assignment banner ------------------
    function update(fresh) {
      const total = questions.length, finished = done().length;
      const best = done().filter((q) => answers[q.qid].best).length;
      summary.hidden = finished < total;
      if (finished < total) {
        root.classList.remove("is-review");
        missed.textContent = "只看没答好的";
      } else {
        one(".quiz__score", summary).textContent = "完成！" + total + " 题中有 " + best +
          " 题选了最佳做法" + (best == total ? "，全部最佳。" : "。可以只看没答好的题，或重新作答。");
        if (fresh) emit("quiz-complete", { quizId: id, best, total });
      }
      assignment();
    }

    // The banner's code (assignment.js) loads only for a learner whose assignment has this quiz.
    function assignment() {
      const a = read("gaobiao:assignment");
      if (!isObject(a) || !Array.isArray(a.quizzes) || !a.quizzes.includes(id)) return;
      if (window.gaobiaoAssignment) return window.gaobiaoAssignment();
      if (one("script[src$='quiz/assignment.js']")) return; // on its way; it shows every banner
      const script = document.createElement("script");
      script.src = siteRoot + "assets/quiz/assignment.js";
      document.body.append(script);
    }

    root.addEventListener("click", (e) => {
      const t = e.target, q = t.closest(".quiz__question"), act = data(t, "act");
      if (t.matches(".quiz__check")) q.check();
      else if (STORY && t.matches(".quiz__restart")) q.restart();
      else if (act == "retry") {
        answers = {};
        save();
        questions.forEach(reset);
        update();
        one("legend", questions[0]).scrollIntoView();
      } else if (act == "missed") {
        t.textContent = root.classList.toggle("is-review") ? "显示全部题目" : "只看没答好的";
      }
    });
    one("form", root).addEventListener("submit", (e) => e.preventDefault());

    questions.forEach((q) => {
      q.qid = data(q, "question-id");
      q.rev = +data(q, "revision");
      q.status = one(".quiz__status", q);
      (STORY && data(q, "kind") == "branching" ? branching : scenario)(q);
      reset(q); // the browser may have restored checked radios on reload
      const a = saved[q.qid];
      // An answer to an older revision, or one that no longer fits the page, is dropped.
      if (isObject(a) && a.rev === q.rev && q.valid(a)) q.show(answers[q.qid] = a);
    });
    if (JSON.stringify(saved) != JSON.stringify(answers)) save();
    update();
  }

  function mountAll() {
    all(".quiz[data-quiz-id]").forEach(mount);
    // Restored answers change the page's height: bring a linked question back into view (the
    // page noted the link's #target as it opened). Question ids are ASCII: no decoding needed.
    const hash = document.documentElement.dataset.quiz || location.hash;
    const target = document.getElementById(hash.slice(1));
    if (target && target.closest(".quiz")) target.scrollIntoView();
  }
  if (window.document$) document$.subscribe(mountAll);
  else if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
