/* 高标手册 quiz widget. It only enhances the server-rendered quiz
   (hooks/quizkit/templates/quiz.html): without it every answer is still in <details>.
   Storage and events follow SPEC.md ("Browser storage contract", "Quiz widget ↔ trainer tools"). */
(function () {
  "use strict";
  if (window.gaobiaoQuiz) return; // Material re-runs page scripts on instant navigation
  window.gaobiaoQuiz = 1;

  var PREFIX = "gaobiao:quiz:", MAX = 200000;
  var WORDS = { best: "最佳", acceptable: "可以接受", poor: "不可取",
    committed: "投入", involved: "参与", dodged: "闪躲" };

  function all(sel, el) { return [].slice.call((el || document).querySelectorAll(sel)); }
  function one(sel, el) { return (el || document).querySelector(sel); }

  // Storage is a convenience: every access may throw, hold junk, or be huge.
  function read(key) {
    try {
      var text = localStorage.getItem(key);
      return text && text.length < MAX ? JSON.parse(text) : null;
    } catch (e) { return null; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
  }
  function isObject(x) { return !!x && typeof x == "object" && !Array.isArray(x); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function rating(word) {
    return el("strong", "quiz__rating quiz__rating--" + word, WORDS[word]);
  }
  function say(status, word, text) {
    status.textContent = "";
    if (word) status.append(rating(word), " ");
    status.append(text || "");
  }

  function mount(root) {
    if (root.hasAttribute("data-quiz-ready")) return;
    root.setAttribute("data-quiz-ready", "");
    root.classList.add("quiz--js");
    var id = root.getAttribute("data-quiz-id"), key = PREFIX + id;
    var siteRoot = root.getAttribute("data-site-root") || "";
    var questions = all(".quiz__question", root);
    var summary = one(".quiz__summary", root), banner = one(".quiz__banner", root);
    var stored = read(key), answers = {};
    var saved = isObject(stored) && stored.v === 1 && isObject(stored.answers) ? stored.answers : {};

    function qid(q) { return q.getAttribute("data-question-id"); }
    function rev(q) { return +q.getAttribute("data-revision"); }
    function save() { write(key, { v: 1, answers: answers }); }
    function done() { return questions.filter(function (q) { return answers[qid(q)]; }); }

    function record(q, choice, word) {
      var a = { rev: rev(q), choice: choice, best: word == "best" || word == "committed",
        rating: word, at: new Date().toISOString() };
      answers[qid(q)] = a;
      save();
      document.dispatchEvent(new CustomEvent("gaobiao:answered", { detail: {
        quizId: id, questionId: qid(q), revision: a.rev, choice: choice, best: a.best, rating: word } }));
      update(true);
    }

    // ---- Scenario questions: choose, then check --------------------------------
    function scenario(q) {
      var radios = all("input[type=radio]", q), status = one(".quiz__status", q);
      function show(a) {
        var option = radios[a.choice].closest(".quiz__option");
        radios.forEach(function (r, i) { r.checked = i === a.choice; r.disabled = true; });
        option.classList.add("is-chosen");
        q.classList.add("is-done");
        q.classList.toggle("is-best", a.best);
        all("details", q).forEach(function (d) { d.open = true; });
        var best = radios.findIndex(function (r) {
          return r.closest(".quiz__option").getAttribute("data-rating") == "best"; });
        say(status, a.rating, one(".quiz__feedback p", option).textContent.replace(/^\S+\s/, "") +
          (a.best ? "" : " 最佳答案是第 " + (best + 1) + " 个选项。"));
      }
      function reset() {
        radios.forEach(function (r) { r.checked = r.disabled = false; });
        all(".is-chosen", q).forEach(function (o) { o.classList.remove("is-chosen"); });
        all("details", q).forEach(function (d) { d.open = false; });
        q.classList.remove("is-done", "is-best");
        status.textContent = "";
      }
      one(".quiz__check", q).addEventListener("click", function () {
        if (q.classList.contains("is-done")) return;
        var i = radios.findIndex(function (r) { return r.checked; });
        if (i < 0) return say(status, "", "请先选一个选项，再检查答案。");
        var word = radios[i].closest(".quiz__option").getAttribute("data-rating");
        record(q, i, word);
        show(answers[qid(q)]);
      });
      q.valid = function (a) { return a.choice === (a.choice | 0) && a.choice >= 0 && a.choice < radios.length; };
      q.show = show;
      q.reset = reset;
    }

    // ---- Branching scenarios: one node at a time, with a restart ----------------
    function branching(q) {
      var status = one(".quiz__status", q), check = one(".quiz__check", q);
      var restart = one(".quiz__restart", q), current;
      function part(name) { return one('[data-node="' + name + '"],[data-ending="' + name + '"]', q); }
      function open(node) {
        current = node;
        node.classList.add("is-on");
        node.tabIndex = -1;
        return node;
      }
      function end(ending) {
        open(ending).open = true;
        one(".quiz__explanation", q).open = true;
        check.hidden = true;
        restart.hidden = false;
        q.classList.add("is-done");
        q.classList.toggle("is-best", ending.getAttribute("data-verdict") == "committed");
      }
      function reset() {
        all(".is-on, .is-chosen", q).forEach(function (n) { n.classList.remove("is-on", "is-chosen"); });
        all("input", q).forEach(function (r) { r.checked = r.disabled = false; });
        all("details", q).forEach(function (d) { d.open = false; });
        q.classList.remove("is-done", "is-best");
        status.textContent = "";
        check.hidden = false;
        restart.hidden = true;
        open(part(q.getAttribute("data-start")));
      }
      check.addEventListener("click", function () {
        var radio = one("input:checked", current);
        if (!radio) return say(status, "", "请先选一个做法。");
        var option = radio.closest(".quiz__option"), next = part(option.getAttribute("data-next"));
        all("input", current).forEach(function (r) { r.disabled = true; });
        option.classList.add("is-chosen");
        var feedback = one(".quiz__feedback p:not(.quiz__goto)", option);
        say(status, "", feedback ? feedback.textContent : "");
        if (next.hasAttribute("data-ending")) {
          var verdict = next.getAttribute("data-verdict");
          end(next);
          say(status, verdict, "结局：" + one("summary", next).textContent.replace(/^结局：/, "") + "。");
          record(q, next.getAttribute("data-ending"), verdict);
        }
        open(next).focus();
      });
      restart.addEventListener("click", function () {
        delete answers[qid(q)];
        save();
        reset();
        update(false);
        current.focus();
      });
      q.valid = function (a) {
        var ending = typeof a.choice == "string" && one('[data-ending="' + a.choice.replace(/["\\]/g, "") + '"]', q);
        return !!ending && ending.getAttribute("data-verdict") == a.rating;
      };
      q.show = function (a) { end(part(a.choice)); };
      q.reset = reset;
    }

    // ---- Score summary, retry, review missed, assignment banner ------------------
    function update(fresh) {
      var finished = done(), best = finished.filter(function (q) { return answers[qid(q)].best; });
      var total = questions.length, complete = finished.length == total;
      summary.hidden = !complete;
      if (complete) {
        one(".quiz__score", summary).textContent = "完成！" + total + " 题中有 " + best.length +
          " 题选了最佳做法" + (best.length == total ? "，全部最佳。" : "。可以只看没答好的题，或重新作答。");
        if (fresh) document.dispatchEvent(new CustomEvent("gaobiao:quiz-complete", { detail: {
          quizId: id, best: best.length, total: total } }));
      } else {
        root.classList.remove("is-review");
      }
      assignment();
    }

    function assignment() {
      var a = read("gaobiao:assignment");
      if (!isObject(a) || a.v !== 1 || !Array.isArray(a.quizzes) || a.quizzes.indexOf(id) < 0) return;
      var k = a.quizzes.filter(function (other) {
        if (other === id) return done().length == questions.length;
        var s = read(PREFIX + other), need = (window.gaobiaoQuizIndex || {})[other];
        return need && isObject(s) && isObject(s.answers) && need.every(function (q) {
          return s.answers[q.id] && s.answers[q.id].rev === q.revision; });
      }).length;
      banner.textContent = "";
      banner.append("作业：" + String(a.label || "") + (a.due ? "（截止 " + a.due + "）" : "") +
        "，已完成 " + k + "/" + a.quizzes.length + "。");
      var link = el("a", "", "查看我的作业");
      link.href = siteRoot + "practice/assignment/";
      banner.append(" ", link);
      banner.hidden = false;
    }

    summary.addEventListener("click", function (e) {
      var act = e.target.getAttribute("data-act");
      if (act == "retry") {
        answers = {};
        save();
        questions.forEach(function (q) { q.reset(); });
        update(false);
        one("legend", questions[0]).scrollIntoView();
      } else if (act == "missed") {
        var on = root.classList.toggle("is-review");
        e.target.textContent = on ? "显示全部题目" : "只看没答好的";
      }
    });
    one("form", root).addEventListener("submit", function (e) { e.preventDefault(); });

    questions.forEach(function (q) {
      (q.getAttribute("data-kind") == "branching" ? branching : scenario)(q);
      one(".quiz__bar", q).hidden = false;
      q.reset();
      var a = saved[qid(q)];
      // An answer to an older revision, or one that no longer fits the page, is dropped.
      if (isObject(a) && a.rev === rev(q) && q.valid(a)) {
        answers[qid(q)] = a;
        q.show(a);
      }
    });
    if (JSON.stringify(saved) != JSON.stringify(answers)) save();
    update(false);
    if (read("gaobiao:assignment") && !window.gaobiaoQuizIndex) {
      fetch(siteRoot + "assets/quiz-index.json").then(function (r) { return r.json(); }).then(function (index) {
        var map = {};
        index.quizzes.forEach(function (quiz) { map[quiz.id] = quiz.questions; });
        window.gaobiaoQuizIndex = map;
        assignment();
      }).catch(function () {});
    }
  }

  function mountAll() {
    all(".quiz[data-quiz-id]").forEach(mount);
    // Restored feedback changes the page's height: bring a linked question back into view.
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.closest(".quiz")) target.scrollIntoView();
  }
  if (window.document$ && document$.subscribe) document$.subscribe(mountAll);
  else if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
