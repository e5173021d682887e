/* 高标手册 in a learning platform: the SCORM runtime adapter of a packaged quiz (SCORM 1.2 and
   2004 4th edition). Loaded, before quiz.js, only by a package's launch page (`make packages`,
   hooks/quizkit/scorm.py); never by a handbook page. Contract: hooks/quizkit/BROWSER.md.

   - Finds the LMS's API object the way each standard prescribes: up the parent windows, then the
     opener's (1.2: `API`, at most 7 parents; 2004: `API_1484_11`, at most 500).
   - Initializes, and puts the attempt's suspend data where quiz.js restores answers from
     (`gaobiao:quiz:<id>` in localStorage): a new attempt starts empty even when this browser
     holds an older one.
   - On every change of answers (quiz.js's `gaobiao:answers` event): one interaction per new
     answer, the suspend data, and, once every question is answered, score and status; commits.
   - On leaving (pagehide): exit (suspend while unfinished), session time, commit, terminate.
   Without an LMS it does nothing: the page is a plain quiz. */
(() => {
  "use strict";
  const html = document.documentElement;
  const quizId = html.getAttribute("data-package-quiz");
  const standard = html.getAttribute("data-scorm"); // "1.2" or "2004"
  const PASS = +html.getAttribute("data-pass"); // the package's pass mark, percent
  const KEY = "gaobiao:quiz:" + quizId;
  const v12 = standard == "1.2";

  // ---- API discovery (SCORM 1.2 RTE 3.3.6.1; SCORM 2004 4th ed. RTE 3.1.2.1)
  const NAME = v12 ? "API" : "API_1484_11", MAX_TRIES = v12 ? 7 : 500;
  function scan(win) {
    let tries = 0;
    try {
      while (win && !win[NAME] && win.parent && win.parent != win) {
        if (++tries > MAX_TRIES) return null;
        win = win.parent;
      }
      return (win && win[NAME]) || null;
    } catch (e) { return null; } // a window of another origin: no API there for us
  }
  function findApi() {
    let api = scan(window);
    try { if (!api && window.opener) api = scan(window.opener); } catch (e) { api = null; }
    return api;
  }

  const api = findApi();
  if (!api || !quizId) return;

  // The two standards' calls and names, behind one set of functions.
  const call = v12 ?
    { init: () => api.LMSInitialize(""), get: (k) => api.LMSGetValue(k), set: (k, v) => api.LMSSetValue(k, v),
      commit: () => api.LMSCommit(""), finish: () => api.LMSFinish(""), error: () => api.LMSGetLastError() } :
    { init: () => api.Initialize(""), get: (k) => api.GetValue(k), set: (k, v) => api.SetValue(k, v),
      commit: () => api.Commit(""), finish: () => api.Terminate(""), error: () => api.GetLastError() };
  const ok = (r) => r === true || r === "true";
  const started = Date.now();

  function tell(text) {
    const box = document.querySelector(".lms-status");
    if (box) { box.textContent = text; box.hidden = !text; }
  }

  if (!ok(call.init())) {
    tell("没能连上学习平台（错误 " + call.error() + "）：这次的答案只保存在这台设备的浏览器里，平台上不会有成绩。");
    return;
  }
  const set = (k, v) => ok(call.set(k, String(v)));

  // ---- Suspend data: {"v":1,"a":{"<question id>":[<revision>,<choice>]}}
  // Its longest form is checked against SCORM 1.2's 4,096 characters when the package is built.
  function decode(text) {
    try {
      const d = JSON.parse(text);
      if (!d || d.v !== 1 || typeof d.a != "object" || Array.isArray(d.a)) return null;
      const answers = {};
      Object.keys(d.a).forEach((q) => {
        const x = d.a[q];
        if (Array.isArray(x) && x.length == 2) answers[q] = { rev: x[0], choice: x[1], at: null };
      });
      return answers;
    } catch (e) { return null; }
  }
  const encode = (answers) => JSON.stringify({ v: 1, a: Object.fromEntries(
    Object.keys(answers).map((q) => [q, [answers[q].rev, answers[q].choice]])) });

  // The LMS's attempt is the truth: resume from its suspend data, or start this attempt empty.
  const resumed = decode(call.get("cmi.suspend_data")) || {};
  try {
    if (Object.keys(resumed).length) localStorage.setItem(KEY, JSON.stringify({ v: 1, answers: resumed }));
    else localStorage.removeItem(KEY);
  } catch (e) { /* storage off: quiz.js starts empty, the LMS still records */ }

  const statusKey = v12 ? "cmi.core.lesson_status" : "cmi.completion_status";
  const status = call.get(statusKey);
  if (v12 ? status == "not attempted" || !status : status != "completed") set(statusKey, "incomplete");
  // The pass mark the LMS holds (1.2 mastery score from adlcp:masteryscore; 2004 scaled passing
  // score from the primary objective's minNormalizedMeasure), else the package's own.
  const lmsPass = v12 ? call.get("cmi.student_data.mastery_score") : call.get("cmi.scaled_passing_score");
  const pass = lmsPass !== "" && !isNaN(+lmsPass) ? (v12 ? +lmsPass : Math.round(+lmsPass * 100)) : PASS;
  call.commit();

  // ---- What the page says about a question and an answer
  const question = (qid) => [...document.querySelectorAll(".quiz__question")]
    .find((q) => q.getAttribute("data-question-id") == qid);
  const LETTERS = "abcdefghij";
  // Per question: its possible responses (ids), the best ones, the rating of each, a description.
  function facts(q) {
    if (q.getAttribute("data-kind") == "branching") {
      const endings = [...q.querySelectorAll("[data-ending]")];
      const names = endings.map((e) => e.getAttribute("data-ending"));
      const id = (c) => v12 ? LETTERS[names.indexOf(c)] : c; // 1.2: a choice response is one character
      return { id, all: names.map(id), best: endings.filter((e) => e.getAttribute("data-verdict") == "committed")
        .map((e) => id(e.getAttribute("data-ending"))),
        rating: (c) => ({ committed: "best", involved: "acceptable", dodged: "poor" })[
          (endings[names.indexOf(c)] || q).getAttribute("data-verdict")] };
    }
    const options = [...q.querySelectorAll(".quiz__option")];
    const id = (c) => LETTERS[c];
    return { id, all: options.map((o, i) => id(i)),
      best: options.map((o, i) => o.getAttribute("data-rating") == "best" ? id(i) : null).filter(Boolean),
      rating: (c) => options[c] && options[c].getAttribute("data-rating") };
  }
  const RESULT = v12 ? { best: "correct", acceptable: "neutral", poor: "wrong" } :
    { best: "correct", acceptable: "neutral", poor: "incorrect" };

  // ---- Interactions: 1.2 journals (one new record per answer); 2004 updates the record of the
  // same id (its fields are readable), so a changed answer replaces the earlier one.
  const ids = {};
  if (!v12) {
    const n = +call.get("cmi.interactions._count") || 0;
    for (let i = 0; i < n; i++) ids[call.get("cmi.interactions." + i + ".id")] = i;
  }
  function interaction(qid, a) {
    const q = question(qid);
    if (!q) return;
    const f = facts(q), rating = f.rating(a.choice);
    const id = "urn:gaobiao:" + quizId + ":" + qid + ":r" + a.rev;
    let n = ids[id];
    const fresh = n === undefined;
    if (fresh) n = +call.get("cmi.interactions._count") || 0;
    const p = "cmi.interactions." + n + ".";
    set(p + "id", id);
    set(p + "type", "choice");
    if (fresh) f.best.forEach((b, i) => set(p + "correct_responses." + i + ".pattern", b));
    set(p + "weighting", 1);
    set(p + (v12 ? "student_response" : "learner_response"), f.id(a.choice));
    set(p + "result", RESULT[rating] || "neutral");
    if (v12) set(p + "time", new Date().toTimeString().slice(0, 8));
    else {
      set(p + "timestamp", new Date().toISOString().slice(0, 19));
      const legend = q.querySelector(".quiz__legend");
      set(p + "description", (legend ? legend.textContent : qid).trim().slice(0, 250));
    }
    ids[id] = n;
    return rating == "best";
  }

  // ---- Score and status, once every question has an answer. Starting again (重新作答) keeps
  // the recorded result until the new round is finished.
  let last = Object.assign({}, resumed);
  function scoreAll(answers) {
    const qs = [...document.querySelectorAll(".quiz__question")];
    if (!qs.length || qs.some((q) => !answers[q.getAttribute("data-question-id")])) return false;
    const best = qs.filter((q) => {
      const a = answers[q.getAttribute("data-question-id")];
      return facts(q).rating(a.choice) == "best";
    }).length;
    const raw = Math.round(100 * best / qs.length), passed = raw >= pass;
    if (v12) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", raw);
      set("cmi.core.lesson_status", passed ? "passed" : "failed");
    } else {
      set("cmi.score.min", 0);
      set("cmi.score.max", 100);
      set("cmi.score.raw", raw);
      set("cmi.score.scaled", raw / 100);
      set("cmi.completion_status", "completed");
      set("cmi.success_status", passed ? "passed" : "failed");
      set("cmi.progress_measure", 1);
    }
    return true;
  }

  document.addEventListener("gaobiao:answers", (e) => {
    const d = e.detail;
    if (!d || d.quiz !== quizId) return;
    const answers = d.answers;
    Object.keys(answers).forEach((qid) => {
      const a = answers[qid], b = last[qid];
      if (!b || b.rev !== a.rev || b.choice !== a.choice) interaction(qid, a);
    });
    last = Object.assign({}, answers);
    set("cmi.suspend_data", encode(answers));
    if (!scoreAll(answers) && !v12 && call.get("cmi.completion_status") != "completed") {
      const total = document.querySelectorAll(".quiz__question").length;
      if (total) set("cmi.progress_measure", Math.round(100 * Object.keys(answers).length / total) / 100);
    }
    call.commit();
  });

  // ---- Leaving: suspend an unfinished attempt so the LMS resumes it; close the session.
  const pad = (n, w) => String(n).padStart(w, "0");
  let closed = false;
  function leave() {
    if (closed) return;
    closed = true;
    const s = Math.round((Date.now() - started) / 1000);
    const done = v12 ? /^(passed|failed|completed)$/.test(call.get("cmi.core.lesson_status")) :
      call.get("cmi.completion_status") == "completed";
    if (v12) {
      set("cmi.core.exit", done ? "" : "suspend");
      set("cmi.core.session_time", pad(Math.floor(s / 3600), 4) + ":" + pad(Math.floor(s / 60) % 60, 2) + ":" + pad(s % 60, 2));
    } else {
      set("cmi.exit", done ? "normal" : "suspend");
      set("cmi.session_time", "PT" + s + "S");
    }
    call.commit();
    call.finish();
  }
  window.addEventListener("pagehide", leave);
  window.addEventListener("beforeunload", leave);
  window.GaobiaoScorm = { leave, standard };
})();
