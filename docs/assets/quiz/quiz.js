/* 高标手册 quiz widget, and window.Gaobiao: storage, quiz index and assignment for every script
   (trainer pages load this before trainer.js). Contract: hooks/quizkit/BROWSER.md.
   It only enhances the server-rendered quiz (quizkit/templates/quiz.html), already drawn in the
   widget's layout (`data-quiz`, quiz.css): mounting moves nothing. */
(() => {
  "use strict";
  // Material's instant navigation runs a page's scripts again after each new page is in place.
  if (window.Gaobiao) return window.Gaobiao.mount();
  const all = (sel, el = document) => [...el.querySelectorAll(sel)];
  const one = (sel, el = document) => el.querySelector(sel);
  const data = (el, name) => el.getAttribute("data-" + name);
  const isObject = (x) => !!x && typeof x == "object" && !Array.isArray(x);
  // Values from storage, links and pages are looked up only as own keys (no "constructor").
  const own = (o, key) => isObject(o) && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;

  // ---- Storage: every access may throw, hold junk, or be huge
  const MAX = 1e5; // characters in one stored value, read or written
  const read = (key) => {
    try {
      const text = localStorage.getItem(key);
      return text && text.length <= MAX ? JSON.parse(text) : null;
    } catch (e) { return null; }
  };
  const write = (key, value) => {
    try {
      const text = JSON.stringify(value);
      return text.length <= MAX && (localStorage.setItem(key, text), true);
    } catch (e) { return false; } // full, blocked or off
  };
  const remove = (key) => { try { localStorage.removeItem(key); } catch (e) { /* blocked */ } };
  const keys = (prefix) => {
    try { return Object.keys(localStorage).filter((k) => k.startsWith(prefix)); } catch (e) { return []; }
  };

  // ---- The quiz index and what storage says about its quizzes
  let indexUrl, indexLoad;
  const index = (root) => {
    const url = new URL(root + "assets/quiz-index.json", location.href).href;
    if (url != indexUrl || !indexLoad) {
      indexUrl = url;
      indexLoad = fetch(url).then((r) => r.ok ? r.json() : Promise.reject(r.status)).then((x) => {
        x.byId = new Map(x.quizzes.map((quiz) => [quiz.id, quiz]));
        return x;
      });
      indexLoad.catch(() => { indexLoad = null; });
    }
    return indexLoad;
  };
  // One quiz of the index: per question its saved answer {choice, best, at}, or null.
  // An answer counts only for the current revision and a choice the question has, and, with
  // `since` (an assignment's start), only if given since; best is the index's word.
  const fresh = (a, since) => !since || a.at >= since;
  const answered = (quiz, since) => {
    const saved = read("gaobiao:quiz:" + quiz.id);
    return quiz.questions.map((q) => {
      const a = own(saved && saved.v === 1 && saved.answers, q.id);
      return isObject(a) && a.rev === q.revision && q.choices.includes(a.choice) && fresh(a, since) ?
        { choice: a.choice, best: q.best.includes(a.choice), at: typeof a.at == "string" ? a.at : null } : null;
    });
  };
  const validPass = (p) => p === (p | 0) && p >= 0 && p <= 100;
  const validDate = (d) => /^\d{4}-\d\d-\d\d$/.test(d) && !isNaN(Date.parse(d)) &&
    new Date(Date.parse(d)).toISOString().startsWith(d);
  // The learner's assignment, its quizzes those of the index (each once), or null.
  const assignment = (index) => {
    const a = read("gaobiao:assignment");
    if (!isObject(a) || a.v !== 1 || !Array.isArray(a.quizzes)) return null;
    const quizzes = a.quizzes.filter((id, i) => index.byId.has(id) && a.quizzes.indexOf(id) == i);
    return quizzes.length ? { v: 1, label: typeof a.label == "string" ? a.label.slice(0, 40) : "", quizzes,
      pass: validPass(a.pass) ? a.pass : 80, due: typeof a.due == "string" && validDate(a.due) ? a.due : null,
      started: typeof a.started == "string" ? a.started : null } : null;
  };
  window.Gaobiao = { read, write, remove, keys, own, index, answered, assignment, validPass, validDate, mount: mountAll };

  // ---- The widget
  // A message in a question's live region; a rating, if any, is a copy of the page's own word.
  const say = (q, text, rating) =>
    q.status.replaceChildren(...(rating ? [rating.cloneNode(true), " "] : []), text);

  function mount(root) {
    if (root.hasAttribute("data-quiz-ready")) return;
    root.setAttribute("data-quiz-ready", "");
    const id = data(root, "quiz-id"), key = "gaobiao:quiz:" + id, siteRoot = data(root, "site-root") || "";
    const questions = all(".quiz__question", root);
    const summary = one(".quiz__summary", root);
    const missed = one("[data-act=missed]", summary);
    const stored = read(key), mine = read("gaobiao:assignment");
    const saved = stored && stored.v === 1 && stored.answers;
    // In an assignment, practice from before it was given does not count (and is dropped).
    const since = isObject(mine) && Array.isArray(mine.quizzes) && mine.quizzes.includes(id) && mine.started;
    let answers = Object.create(null); // question id → {rev, choice, at}

    const save = () => write(key, { v: 1, answers }) + // and an event for the LMS scripts (BROWSER.md)
      root.dispatchEvent(new CustomEvent("gaobiao:answers", { bubbles: true, detail: { quiz: id, answers } }));
    const done = () => questions.filter((q) => answers[q.qid]);
    // Best or not comes from the page (data-rating, data-verdict), never from storage.
    const best = (q) => /^(best|committed)$/.test(q.rating(answers[q.qid].choice));

    function record(q, choice, path) {
      answers[q.qid] = { rev: q.rev, choice, at: new Date().toISOString(), path };
      save();
      update();
    }

    // Back to unanswered: every kind of question.
    function reset(q) {
      all(".is-on, .is-chosen", q).forEach((n) => n.classList.remove("is-on", "is-chosen"));
      all("input", q).forEach((r) => { r.checked = r.disabled = false; });
      all("details", q).forEach((d) => { d.open = false; });
      q.classList.remove("is-done", "is-best");
      q.again = one(".quiz__again", q);
      if (q.again) q.again.hidden = true;
      q.status.textContent = "";
      if (q.start) q.start();
    }

    // ---- Scenario questions: choose, then check --------------------------------
    function scenario(q) {
      const radios = all("input", q), option = (i) => radios[i].closest(".quiz__option");
      q.fits = (c) => c === (c | 0) && c >= 0 && c < radios.length;
      q.rating = (c) => data(option(c), "rating");
      // c: the choice to show (a retry's), else the recorded one; is-best stays the record's.
      q.show = (c = answers[q.qid].choice) => {
        const good = q.rating(c) == "best", first = best(q);
        radios.forEach((r, i) => { r.checked = i === c; r.disabled = true; });
        option(c).classList.add("is-chosen");
        q.classList.add("is-done");
        q.classList.toggle("is-best", first);
        q.again.hidden = first;
        all("details", q).forEach((d) => { d.open = true; });
        const right = radios.findIndex((r, i) => q.rating(i) == "best");
        const feedback = one(".quiz__feedback p", option(c));
        say(q, feedback.textContent.replace(/^\S+\s/, "") + (good ? "" : " 最佳答案是第 " + (right + 1) + " 个选项。") +
          (c === answers[q.qid].choice ? "" : " 这次是再答，结果单记的是第一次的作答（第 " + (answers[q.qid].choice + 1) + " 个选项）。"),
          one(".quiz__rating", feedback));
      };
      q.check = () => {
        if (q.classList.contains("is-done")) return;
        const i = radios.findIndex((r) => r.checked);
        if (i < 0) return say(q, "请先选一个选项，再检查答案。");
        if (answers[q.qid]) return q.show(i); // a retry: the record keeps the first attempt
        record(q, i);
        q.show();
      };
    }

    // ---- Branching scenarios: one node at a time, with a restart ----------------
    function branching(q) {
      const check = one(".quiz__check", q), restart = one(".quiz__restart", q);
      const endings = all("[data-ending]", q);
      const ending = (name) => endings.find((e) => data(e, "ending") === name);
      const part = (name) => all("[data-node]", q).find((n) => data(n, "node") === name) || ending(name);
      let current;
      const open = (node) => {
        current = node;
        node.classList.add("is-on");
        node.tabIndex = -1;
        return node;
      };
      q.fits = (c) => !!ending(c);
      q.rating = (c) => data(ending(c), "verdict");
      // One step: the choice k at the current node, its feedback under it; on to the next part.
      const step = (k) => {
        const radio = k === (k | 0) && all("input", current)[k], option = radio && radio.closest(".quiz__option");
        if (!option) return;
        radio.checked = true;
        all("input", current).forEach((r) => { r.disabled = true; });
        option.classList.add("is-chosen");
        one("details", option).open = true;
        q.path.push(k);
        return open(part(data(option, "next")));
      };
      // The path taken, as it was played (older records have none: the ending alone).
      q.replay = (path) => {
        for (const k of Array.isArray(path) ? path : []) if (endings.includes(current) || !step(k)) break;
      };
      q.show = () => {
        all("input", q).forEach((r) => { r.disabled = true; });
        open(ending(answers[q.qid].choice)).open = true;
        one(".quiz__explanation", q).open = true;
        check.hidden = true;
        restart.hidden = false;
        q.classList.add("is-done");
        q.classList.toggle("is-best", best(q));
      };
      q.start = () => {
        q.path = [];
        check.hidden = false;
        restart.hidden = true;
        open(part(data(q, "start")));
      };
      q.check = () => {
        const radio = one("input:checked", current);
        if (!radio) return say(q, "请先选一个做法。");
        const feedback = one(".quiz__feedback p:not(.quiz__goto)", radio.closest(".quiz__option"));
        const next = step(all("input", current).indexOf(radio));
        say(q, feedback ? feedback.textContent : "");
        if (endings.includes(next)) {
          record(q, data(next, "ending"), q.path);
          q.show();
          say(q, one("summary", next).textContent + "。", one(".quiz__rating", next));
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
    }

    // ---- Score summary, retry, review missed, assignment banner ------------------
    function update() {
      const total = questions.length, finished = done().length;
      const good = done().filter(best).length;
      summary.hidden = finished < total;
      if (finished < total) {
        root.classList.remove("is-review");
        missed.textContent = "只看没答好的";
      } else {
        one(".quiz__score", summary).textContent = "完成！" + total + " 题中有 " + good +
          " 题选了最佳做法" + (good == total ? "，全部最佳。" : "。没答好的题可以再答一次（结果单记第一次的作答），也可以只看没答好的题。");
      }
      banner();
    }

    // "作业：…，已完成 k/n。" for a learner whose assignment holds this quiz.
    function banner() {
      const a = read("gaobiao:assignment");
      if (!isObject(a) || !Array.isArray(a.quizzes) || !a.quizzes.includes(id)) return;
      index(siteRoot).then((x) => {
        const mine = assignment(x), el = one(".quiz__banner", root), link = document.createElement("a");
        if (!mine || !mine.quizzes.includes(id)) return;
        const open = mine.quizzes.filter((q) => !answered(x.byId.get(q), mine.started).every(Boolean));
        const finished = mine.quizzes.length - open.length, after = open.find((q) => q != id);
        // At the end of this quiz: the way on to the assignment's next quiz, or its result sheet.
        const next = one(".quiz__next", summary), to = document.createElement("a");
        to.href = siteRoot + (after ? x.byId.get(after).url : "practice/result/");
        to.textContent = after ? x.byId.get(after).title : "生成整份作业的结果单";
        next.replaceChildren(after ? "作业的下一个练习：" : open.length ? "" : "作业全部完成：", open.length && !after ? "" : to);
        next.hidden = !next.textContent;
        one("[data-act=result]", summary).href = siteRoot + "practice/result/";
        link.href = siteRoot + "practice/assignment/";
        link.textContent = "查看我的作业";
        el.replaceChildren("作业：" + (mine.label || "培训师布置的练习") + (mine.due ? "（截止 " + mine.due + "）" : "") +
          "，已完成 " + finished + "/" + mine.quizzes.length + "。 ", link);
        el.hidden = false;
      }, () => {});
    }

    root.addEventListener("click", (e) => {
      const t = e.target, q = t.closest(".quiz__question"), act = data(t, "act");
      if (t.matches(".quiz__check")) q.check();
      else if (t.matches(".quiz__restart")) q.restart();
      else if (t.matches(".quiz__again")) {
        reset(q);
        q.status.textContent = "再选一次。结果单记的是第一次的作答。";
        // The feedback just closed was most of the question's height: without this a phone is
        // left at the next question, and the keyboard on <body> (the button pressed is hidden).
        one("input", q).focus({ preventScroll: true });
        q.scrollIntoView();
      } else if (act == "retry") {
        if (!confirm("重新作答会清除这个练习的全部作答记录，结果单也会跟着变。确定吗？")) return;
        answers = Object.create(null);
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
      (data(q, "kind") == "branching" ? branching : scenario)(q);
      reset(q); // the browser may have restored checked radios on reload
      const a = own(saved, q.qid);
      // Kept: an answer to the current revision that this question can have.
      if (isObject(a) && a.rev === q.rev && q.fits(a.choice) && fresh(a, since)) {
        answers[q.qid] = { rev: q.rev, choice: a.choice, at: typeof a.at == "string" ? a.at : null,
          path: Array.isArray(a.path) ? a.path : undefined };
        if (q.replay) q.replay(a.path);
        q.show();
      }
    });
    if (JSON.stringify(stored) != JSON.stringify({ v: 1, answers })) save();
    update();
  }

  function mountAll() {
    all(".quiz[data-quiz-id]").forEach(mount);
    // Restored answers change the page's height: bring a linked question back into view (the
    // page noted the link's #target as it opened). Question ids are ASCII: no decoding needed.
    const hash = document.documentElement.dataset.quiz || location.hash;
    const target = hash && document.getElementById(hash.slice(1));
    if (target && target.closest(".quiz")) target.scrollIntoView();
  }
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
  // Instant navigation may have run trainer.js first: it waits for window.Gaobiao.
  if (window.GaobiaoTrainer) window.GaobiaoTrainer.mount();
})();
