/* Trainer and learner pages: progress, assignment, result sheet, assignment builder, results.
   Loaded only on those pages (hooks/trainer.py). Reads the quiz index the build writes
   (assets/quiz-index.json) and the browser storage of SPEC.md. Everything that came from
   storage, a link or a paste is put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  if (window.GaobiaoTrainer) { window.GaobiaoTrainer.mount(); return; }

  var script = document.currentScript;
  var ROOT = script ? script.src.replace(/assets\/trainer\/trainer\.js(\?.*)?$/, "") : "/";
  var QUIZ_KEY = "gaobiao:quiz:", ASSIGNMENT_KEY = "gaobiao:assignment", LEARNER_KEY = "gaobiao:learner";
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var DEFAULT_PASS = 80;
  var indexPromise = null;

  /* ---------- storage: every access wrapped, bad values ignored ---------- */
  var store = {
    raw: function (key) {
      try { var v = window.localStorage.getItem(key); return typeof v === "string" && v.length <= 200000 ? v : null; }
      catch (e) { return null; }
    },
    get: function (key) {
      var raw = store.raw(key);
      if (raw === null) return null;
      try { return JSON.parse(raw); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, typeof value === "string" ? value : JSON.stringify(value)); return true; }
      catch (e) { return false; }
    },
    remove: function (key) { try { window.localStorage.removeItem(key); } catch (e) { /* ignored */ } },
    keys: function (prefix) {
      var out = [];
      try {
        for (var i = 0; i < window.localStorage.length; i++) {
          var k = window.localStorage.key(i);
          if (k && k.indexOf(prefix) === 0) out.push(k);
        }
      } catch (e) { /* ignored */ }
      return out;
    }
  };

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(ROOT + "assets/quiz-index.json", { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (index) {
          index.byId = {};
          index.quizzes.forEach(function (q) { index.byId[q.id] = q; });
          return index;
        });
      indexPromise.catch(function () { indexPromise = null; });
    }
    return indexPromise;
  }

  /* ---------- DOM helpers (text only) ---------- */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "className") node.className = v;
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function table(head, rows, caption) {
    return el("table", {}, [  /* no class: Material styles table:not([class]) */
      caption ? el("caption", { text: caption }) : null,
      el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, rows.map(function (r) {
        return el("tr", {}, r.map(function (c) { return el("td", {}, [c === null ? "—" : c]); }));
      }))
    ]);
  }
  function link(href, text) { return el("a", { href: href, text: text }); }
  function status() { return el("p", { className: "trainer__status", role: "status" }); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function day(t) { var d = new Date(t); return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function minute(t) { var d = new Date(t); return day(t) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes()); }
  function percent(best, total) { return total ? Math.floor((200 * best + total) / (2 * total)) + "%" : "—"; }
  function quizUrl(quiz) { return ROOT + quiz.url; }

  /* ---------- what storage says about one quiz (current revisions only) ---------- */
  function progress(quiz) {
    var rec = store.get(QUIZ_KEY + quiz.id);
    var answers = rec && rec.v === 1 && rec.answers && typeof rec.answers === "object" ? rec.answers : {};
    var out = { quiz: quiz, answered: 0, best: 0, total: quiz.questions.length, last: null, missed: [], questions: [] };
    quiz.questions.forEach(function (q, i) {
      var a = Object.prototype.hasOwnProperty.call(answers, q.id) ? answers[q.id] : null;
      var ok = a && typeof a === "object" && a.rev === q.revision && (q.kind === "branching"
        ? typeof a.choice === "string" && ID.test(a.choice)
        : typeof a.choice === "number" && a.choice >= 0 && a.choice <= 15 && Math.floor(a.choice) === a.choice);
      if (!ok) { out.questions.push({ rev: q.revision, kind: q.kind, choice: null, best: false }); return; }
      var best = a.best === true;
      out.answered++;
      if (best) out.best++; else out.missed.push({ question: q, number: i + 1 });
      var t = typeof a.at === "string" ? Date.parse(a.at) : NaN;
      if (!isNaN(t) && (out.last === null || t > out.last)) out.last = t;
      out.questions.push({ rev: q.revision, kind: q.kind, choice: a.choice, best: best });
    });
    out.complete = out.answered === out.total;
    return out;
  }

  function readAssignment(index) {
    var a = store.get(ASSIGNMENT_KEY);
    if (!a || a.v !== 1 || !Array.isArray(a.quizzes)) return null;
    var quizzes = a.quizzes.filter(function (id) { return typeof id === "string" && index.byId[id]; });
    if (!quizzes.length) return null;
    return {
      v: 1, label: typeof a.label === "string" ? a.label.slice(0, 40) : "",
      quizzes: quizzes, pass: validPass(a.pass) ? a.pass : DEFAULT_PASS,
      due: typeof a.due === "string" && validDate(a.due) ? a.due : null,
      started: typeof a.started === "string" ? a.started : null
    };
  }
  function validPass(p) { return typeof p === "number" && p >= 0 && p <= 100 && Math.floor(p) === p; }
  function validDate(d) { return /^\d{4}-\d\d-\d\d$/.test(d) && !isNaN(Date.parse(d + "T00:00:00Z")); }

  /* ================= 我的进度 ================= */
  function mountProgress(root, index) {
    var out = el("div");
    function render() {
      out.textContent = "";
      var all = index.quizzes.map(progress);
      var answered = 0, best = 0, questions = 0, done = 0;
      all.forEach(function (p) { answered += p.answered; best += p.best; questions += p.total; if (p.complete) done++; });
      out.appendChild(el("p", { className: "trainer__summary", text:
        "共 " + all.length + " 个练习、" + questions + " 道题。你已作答 " + answered + " 题，其中 " + best +
        " 题选中了最佳做法；做完了 " + done + " 个练习。" }));
      out.appendChild(table(["练习", "已答", "最佳", "最近一次", "待复习"], all.map(function (p) {
        return [link(quizUrl(p.quiz), p.quiz.title), p.answered + " / " + p.total, String(p.best),
          p.last === null ? null : day(p.last), p.missed.length ? p.missed.length + " 题" : null];
      }), "按练习"));

      var groups = [], byPage = {};
      all.forEach(function (p) {
        var c = p.quiz.competency;
        if (!byPage[c.page]) { byPage[c.page] = { c: c, answered: 0, best: 0, total: 0 }; groups.push(byPage[c.page]); }
        var g = byPage[c.page];
        g.answered += p.answered; g.best += p.best; g.total += p.total;
      });
      var totals = groups.map(function (g) {
        return [link(ROOT + g.c.url, g.c.title), g.answered + " / " + g.total, String(g.best), percent(g.best, g.total)];
      });
      totals.push([el("strong", { text: "全部" }), answered + " / " + questions, String(best), percent(best, questions)]);
      out.appendChild(table(["手册内容", "已答", "最佳", "最佳占全部题目"], totals, "按手册内容合计"));

      var missed = all.filter(function (p) { return p.missed.length; });
      out.appendChild(el("h2", { id: "待复习的题", text: "待复习的题" }));
      if (!missed.length) {
        out.appendChild(el("p", { text: answered ? "答过的题都选中了最佳做法。" : "还没有作答记录。从任何一个练习开始吧。" }));
      }
      missed.forEach(function (p) {
        out.appendChild(el("p", { className: "trainer__missed-title" }, [link(quizUrl(p.quiz), p.quiz.title)]));
        out.appendChild(el("ul", { className: "trainer__missed" }, p.missed.map(function (m) {
          return el("li", {}, [link(quizUrl(p.quiz) + "#q-" + p.quiz.id + "-" + m.question.id,
            "第 " + m.number + " 题：" + m.question.title)]);
        })));
      });

      var said = status();
      out.appendChild(el("h2", { id: "清除记录", text: "清除记录" }));
      out.appendChild(el("p", { text: "清除这台设备上全部练习的作答记录，从头再来。作业和姓名会保留。" }));
      out.appendChild(el("p", {}, [el("button", { type: "button", className: "md-button", "data-act": "reset",
        text: "清除我的练习记录", onclick: function () {
          if (!window.confirm("确定清除这台设备上全部练习的作答记录吗？清除后不能恢复。")) {
            said.textContent = "没有清除。";
            return;
          }
          store.keys(QUIZ_KEY).forEach(store.remove);
          render();
          out.querySelector(".trainer__status").textContent = "已清除全部练习记录。";
        } })]));
      out.appendChild(said);
    }
    render();
    root.appendChild(out);
  }

  /* ================= 我的作业 ================= */
  function parseAssignmentHash(hash, index) {
    var params = new URLSearchParams(hash.replace(/^#/, ""));
    if (params.get("a") !== "1" || !params.get("q")) return null;
    var skipped = [], quizzes = [];
    params.get("q").split(",").forEach(function (id) {
      if (index.byId[id]) { if (quizzes.indexOf(id) < 0) quizzes.push(id); }
      else if (id) skipped.push(id);
    });
    var pass = Number(params.get("p"));
    var due = params.get("d");
    return {
      assignment: {
        v: 1, label: GaobiaoCodes.clean(params.get("l") || "").slice(0, 40), quizzes: quizzes,
        pass: params.get("p") !== null && validPass(pass) ? pass : DEFAULT_PASS,
        due: due && validDate(due) ? due : null, started: new Date().toISOString()
      },
      skipped: skipped
    };
  }

  function mountAssignment(root, index) {
    var notes = [];
    if (/^#?a=/.test(location.hash)) {
      var parsed = parseAssignmentHash(location.hash, index);
      if (!parsed || !parsed.assignment.quizzes.length) {
        notes.push("这个作业链接不完整，或者里面的练习本站都没有。请向培训师要一个新链接。");
      } else {
        var fresh = parsed.assignment, old = readAssignment(index);
        if (old && old.label === fresh.label && old.pass === fresh.pass && old.due === fresh.due &&
            old.quizzes.join() === fresh.quizzes.join() && old.started) fresh.started = old.started;
        if (!store.set(ASSIGNMENT_KEY, fresh)) notes.push("浏览器不允许保存数据（可能是隐私模式），离开这一页后作业不会保留。");
        if (parsed.skipped.length) notes.push("链接里有 " + parsed.skipped.length + " 个练习本站找不到，已略过：" + parsed.skipped.join("、"));
      }
    }
    var a = readAssignment(index) || (parsed && parsed.assignment.quizzes.length ? parsed.assignment : null);
    notes.forEach(function (n) { root.appendChild(el("p", { className: "trainer__note", role: "alert", text: n })); });
    if (!a) {
      root.appendChild(el("p", { text: "现在没有作业。培训师发来的作业链接打开后，作业会出现在这里；也可以先自己去做任何一个练习。" }));
      root.appendChild(el("p", {}, [link(ROOT + "practice/", "去练习")]));
      return;
    }
    var all = a.quizzes.map(function (id) { return progress(index.byId[id]); });
    var done = all.filter(function (p) { return p.complete; }).length;
    var meta = ["共 " + all.length + " 个练习", "及格线 " + a.pass + "%"];
    if (a.due) {
      var left = Math.round((Date.parse(a.due + "T00:00:00") - Date.parse(day(Date.now()) + "T00:00:00")) / 86400000);
      meta.push("截止 " + a.due + (left > 0 ? "（还有 " + left + " 天）" : left === 0 ? "（今天截止）" : "（已过 " + -left + " 天）"));
    }
    root.appendChild(el("h2", { className: "trainer__assignment-label", text: a.label || "培训师布置的练习" }));
    root.appendChild(el("p", { text: meta.join(" · ") }));
    root.appendChild(el("p", { className: "trainer__summary" }, [
      "已完成 " + done + "/" + all.length + " ",
      el("progress", { max: String(all.length), value: String(done), "aria-label": "作业进度" })
    ]));
    root.appendChild(table(["练习", "已答", "最佳", "状态"], all.map(function (p) {
      var state = !p.answered ? "未开始" : !p.complete ? "进行中" :
        (p.best * 100 >= a.pass * p.total ? "已完成 · 达标" : "已完成 · 未达标");
      return [link(quizUrl(p.quiz), p.quiz.title), p.answered + " / " + p.total, String(p.best), state];
    })));
    var next = all.filter(function (p) { return !p.complete; })[0];
    root.appendChild(el("p", {}, next
      ? ["下一个：", link(quizUrl(next.quiz), next.quiz.title)]
      : ["全部完成！ ", el("a", { className: "md-button md-button--primary", href: ROOT + "practice/result/", text: "生成结果单" })]));
    root.appendChild(el("p", {}, [el("button", { type: "button", className: "md-button", "data-act": "end", text: "结束这份作业",
      onclick: function () {
        if (!window.confirm("结束后，练习页顶端不再显示这份作业。练习记录会保留。确定结束吗？")) return;
        store.remove(ASSIGNMENT_KEY);
        if (/^#?a=/.test(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
        root.textContent = "";
        mountAssignment(root, index);
      } })]));
  }

  /* ================= 结果单 ================= */
  function mountResult(root, index) {
    var params = new URLSearchParams(location.search);
    var assignment = readAssignment(index);
    var only = params.get("quiz"), quizzes, label = "", pass = DEFAULT_PASS;
    if (only && index.byId[only]) {
      quizzes = [index.byId[only]];
      if (assignment && assignment.quizzes.indexOf(only) >= 0) pass = assignment.pass;
    } else if (assignment) {
      quizzes = assignment.quizzes.map(function (id) { return index.byId[id]; });
      label = assignment.label; pass = assignment.pass;
    } else {
      quizzes = index.quizzes.filter(function (q) { return progress(q).answered > 0; });
    }
    if (!quizzes.length) {
      root.appendChild(el("p", { text: "还没有作答记录，结果单是空的。先去做一个练习吧。" }));
      root.appendChild(el("p", {}, [link(ROOT + "practice/", "去练习")]));
      return;
    }
    var all = quizzes.map(progress);
    var last = null;
    all.forEach(function (p) { if (p.last !== null && (last === null || p.last > last)) last = p.last; });
    var at = last === null ? Date.now() : last;
    if (only && assignment) {
      root.appendChild(el("p", { className: "trainer__note" }, ["这是单个练习的结果单。", link(ROOT + "practice/result/", "改为整份作业的结果单")]));
    }

    var name = el("input", { type: "text", id: "trainer-learner", maxlength: "30", autocomplete: "name",
      value: store.raw(LEARNER_KEY) || "", placeholder: "请输入你的姓名" });
    var nameText = el("span", { className: "trainer__print-only" });
    var code = el("code", { className: "trainer__code", id: "trainer-code" });
    var said = status();
    var unanswered = 0;
    all.forEach(function (p) { unanswered += p.total - p.answered; });
    var sheet = el("div", { className: "trainer__sheet" }, [
      el("dl", { className: "trainer__facts" }, [
        el("dt", {}, [el("label", { "for": "trainer-learner", text: "姓名" })]), el("dd", {}, [name, nameText]),
        el("dt", { text: "日期" }), el("dd", { text: minute(at) }),
        el("dt", { text: "手册版次" }), el("dd", { text: index.edition }),
        el("dt", { text: "作业" }), el("dd", { text: label || "（自选练习）" }),
        el("dt", { text: "及格线" }), el("dd", { text: pass + "%" })
      ]),
      table(["练习", "最佳 / 题数", "得分率", "是否达标"], all.map(function (p) {
        return [p.quiz.title, p.best + " / " + p.total, percent(p.best, p.total),
          p.best * 100 >= pass * p.total ? "达标" : "未达标"];
      })),
      unanswered ? el("p", { className: "trainer__note", text: "还有 " + unanswered + " 题没有作答，按没选中最佳计算。" }) : null,
      el("h3", { text: "完成码" }),
      el("p", { className: "trainer__code-box" }, [code]),
      el("p", { className: "trainer__actions" }, [
        el("button", { type: "button", className: "md-button md-button--primary", "data-act": "copy", text: "复制完成码", onclick: copy }),
        " ",
        el("button", { type: "button", className: "md-button", "data-act": "print", text: "打印结果单", onclick: function () { window.print(); } })
      ]),
      said
    ]);
    function update() {
      var learner = GaobiaoCodes.clean(name.value);
      nameText.textContent = learner;
      store.set(LEARNER_KEY, learner);
      if (!learner) { code.textContent = "先填写姓名，才能生成完成码。"; code.removeAttribute("data-code"); return; }
      try {
        var value = GaobiaoCodes.encode({
          edition: index.edition, at: GaobiaoCodes.formatMinutes(Math.floor(at / 60000)), label: label,
          learner: learner, pass: pass,
          quizzes: all.map(function (p) { return { id: p.quiz.id, questions: p.questions }; })
        });
        code.textContent = value;
        code.setAttribute("data-code", value);
      } catch (e) {
        code.textContent = "姓名太长了，请缩短到 30 个字以内。";
        code.removeAttribute("data-code");
      }
    }
    function copy() {
      var value = code.getAttribute("data-code");
      if (!value) { said.textContent = "先填写姓名，才能生成完成码。"; name.focus(); return; }
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(code);
        var sel = window.getSelection();
        sel.removeAllRanges(); sel.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        said.textContent = ok ? "完成码已复制，可以粘贴给培训师了。" : "没能自动复制，完成码已选中，请按 Ctrl+C 复制。";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(function () {
          said.textContent = "完成码已复制，可以粘贴给培训师了。";
        }, fallback);
      } else fallback();
    }
    name.addEventListener("input", update);
    update();
    root.appendChild(sheet);
  }

  /* ================= 布置练习 ================= */
  function mountAssign(root, index) {
    var boxes = index.quizzes.map(function (q) {
      var minutes = q.minutes;
      return el("label", { className: "trainer__choice" }, [
        el("input", { type: "checkbox", name: "quiz", value: q.id, "data-minutes": String(minutes), "data-questions": String(q.questions.length) }),
        " " + q.title + "（" + q.questions.length + " 题，约 " + minutes + " 分钟）"
      ]);
    });
    var labelInput = el("input", { type: "text", id: "assign-label", maxlength: "40", placeholder: "例如：12 月新人 · 第一天" });
    var passInput = el("input", { type: "number", id: "assign-pass", min: "0", max: "100", step: "5", value: String(DEFAULT_PASS) });
    var dueInput = el("input", { type: "date", id: "assign-due" });
    var total = el("p", { className: "trainer__summary", role: "status" });
    var output = el("input", { type: "text", id: "assign-link", readonly: true, className: "trainer__link", "aria-label": "作业链接" });
    var said = status();
    var form = el("form", { className: "trainer__form", onsubmit: function (e) { e.preventDefault(); } }, [
      el("fieldset", {}, [el("legend", { text: "练习" })].concat(boxes)),
      el("p", {}, [el("label", { "for": "assign-label", text: "作业名称 " }), labelInput]),
      el("p", {}, [el("label", { "for": "assign-pass", text: "及格线（选中最佳的比例，%） " }), passInput]),
      el("p", {}, [el("label", { "for": "assign-due", text: "截止日期（可不填） " }), dueInput]),
      total,
      el("p", {}, [output]),
      el("p", {}, [el("button", { type: "button", className: "md-button md-button--primary", "data-act": "copy-link", text: "复制链接", onclick: function () {
        if (!output.value) { said.textContent = "请先勾选至少一个练习。"; return; }
        output.select();
        var done = function () { said.textContent = "链接已复制，发给新人即可。"; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(output.value).then(done, function () {
            try { document.execCommand("copy"); done(); } catch (e) { said.textContent = "请按 Ctrl+C 复制已选中的链接。"; }
          });
        } else { try { document.execCommand("copy"); done(); } catch (e) { said.textContent = "请按 Ctrl+C 复制已选中的链接。"; } }
      } })]),
      said
    ]);
    function update() {
      var ids = [], minutes = 0, questions = 0;
      boxes.forEach(function (b) {
        var input = b.querySelector("input");
        if (input.checked) { ids.push(input.value); minutes += +input.dataset.minutes; questions += +input.dataset.questions; }
      });
      var pass = Number(passInput.value);
      if (!validPass(pass)) pass = DEFAULT_PASS;
      total.textContent = ids.length
        ? "已选 " + ids.length + " 个练习，共 " + questions + " 题，约 " + minutes + " 分钟。"
        : "请勾选要布置的练习。";
      if (!ids.length) { output.value = ""; return; }
      var hash = "a=1&q=" + ids.join(",") + "&p=" + pass;
      if (dueInput.value && validDate(dueInput.value)) hash += "&d=" + dueInput.value;
      var label = GaobiaoCodes.clean(labelInput.value).slice(0, 40);
      if (label) hash += "&l=" + encodeURIComponent(label);
      output.value = new URL(ROOT + "practice/assignment/", location.href).href + "#" + hash;
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
    root.appendChild(form);
  }

  /* ================= 查看结果 ================= */
  function mountResults(root, index) {
    var input = el("textarea", { id: "results-input", rows: "8", spellcheck: "false", "aria-label": "粘贴完成码",
      placeholder: "把完成码粘贴在这里，一次可以贴多个，用空格或换行分开" });
    var out = el("div", { className: "trainer__results" });
    var csv = "";
    var download = el("button", { type: "button", className: "md-button", "data-act": "csv", text: "下载 CSV", disabled: true,
      onclick: function () {
        var blob = new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" });
        var a = el("a", { href: URL.createObjectURL(blob), download: "高标手册-结果-" + day(Date.now()).replace(/-/g, "") + ".csv" });
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      } });
    function show() {
      out.textContent = "";
      var tokens = GaobiaoCodes.candidates(input.value), seen = {}, rows = [], refused = [], dup = 0, ok = 0;
      tokens.forEach(function (token, i) {
        if (seen["$" + token]) { dup++; return; }
        seen["$" + token] = true;
        var r = GaobiaoCodes.decode(token, index.editions || [index.edition]);
        if (r.ok) { ok++; rows = rows.concat(GaobiaoCodes.rows(r.value)); }
        else refused.push({ n: i + 1, token: token, message: r.message });
      });
      csv = GaobiaoCodes.csv(rows);
      download.disabled = !rows.length;
      if (!tokens.length) { out.appendChild(el("p", { text: "还没有粘贴完成码。" })); return; }
      out.appendChild(el("p", { className: "trainer__summary", role: "status", text:
        "识别了 " + ok + " 个完成码，共 " + rows.length + " 行成绩" +
        (refused.length ? "；" + refused.length + " 个无法识别，原因见下" : "") +
        (dup ? "；另有 " + dup + " 个重复的已合并" : "") + "。" }));
      if (rows.length) {
        out.appendChild(table(["学员", "作业", "练习", "成绩", "得分率", "是否达标", "版次", "完成时间"], rows.map(function (r) {
          var quiz = index.byId[r.quiz];
          return [r.learner, r.label || null, quiz ? quiz.title : r.quiz + "（本站没有这个练习）", r.score + " / " + r.total,
            r.percent + "%", r.passed ? "达标" : "未达标（及格线 " + r.pass_mark + "%）", r.edition,
            minute(Date.parse(r.completed_at.replace("Z", ":00Z")))];
        })));
      }
      if (refused.length) {
        out.appendChild(el("h2", { id: "无法识别的完成码", text: "无法识别的完成码" }));
        out.appendChild(el("ul", { className: "trainer__refused" }, refused.map(function (x) {
          var shown = x.token.length > 48 ? x.token.slice(0, 24) + "…" + x.token.slice(-12) : x.token;
          return el("li", {}, ["第 " + x.n + " 个 ", el("code", { text: shown }), "：" + x.message]);
        })));
      }
    }
    root.appendChild(el("p", {}, [input]));
    root.appendChild(el("p", { className: "trainer__actions" }, [
      el("button", { type: "button", className: "md-button md-button--primary", "data-act": "show", text: "查看结果", onclick: show }),
      " ", download, " ",
      el("button", { type: "button", className: "md-button", "data-act": "clear", text: "清空", onclick: function () { input.value = ""; show(); } })
    ]));
    root.appendChild(out);
  }

  /* ---------- mounting ---------- */
  var PAGES = { progress: mountProgress, assignment: mountAssignment, result: mountResult, assign: mountAssign, results: mountResults };

  function mount() {
    var roots = document.querySelectorAll("[data-trainer]:not([data-trainer-ready])");
    if (!roots.length) return;
    Array.prototype.forEach.call(roots, function (root) { root.setAttribute("data-trainer-ready", ""); });
    loadIndex().then(function (index) {
      Array.prototype.forEach.call(roots, function (root) {
        var fn = PAGES[root.getAttribute("data-trainer")];
        if (!fn) return;
        root.textContent = "";
        fn(root, index);
      });
    }, function () {
      Array.prototype.forEach.call(roots, function (root) {
        root.textContent = "";
        root.appendChild(el("p", { className: "trainer__note", role: "alert", text: "没能读取练习目录（assets/quiz-index.json），请刷新页面再试。" }));
      });
    });
  }

  window.GaobiaoTrainer = { mount: mount, progress: progress };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
