/* Trainer and learner pages: progress, assignment, result sheet, assignment builder, results.
   Loaded only on those pages (hooks/quiz.py) with quiz.js, whose `window.Gaobiao` reads
   storage, the quiz index and the assignment for every script, and codes.js (`GaobiaoCodes`).
   A first page load runs the three in order; Material's instant navigation inserts them all at
   once and each runs as soon as it arrives, so the pages mount only when both are there: quiz.js
   and codes.js call GaobiaoTrainer.mount() when they arrive after this script. Keys, shapes, link and query
   parameters: hooks/quizkit/BROWSER.md. Everything that came from storage, a link or a paste
   is put into the page with textContent, never as HTML, and an id from any of them is looked
   up only in the index's Map. */
(function () {
  "use strict";
  if (window.GaobiaoTrainer) { window.GaobiaoTrainer.mount(); return; }

  var script = document.currentScript;
  var ROOT = script ? script.src.replace(/assets\/trainer\/trainer\.js(\?.*)?$/, "") : "/";
  var QUIZ_KEY = "gaobiao:quiz:", ASSIGNMENT_KEY = "gaobiao:assignment", LEARNER_KEY = "gaobiao:learner";
  var DEFAULT_PASS = 80;
  var G; /* window.Gaobiao, once quiz.js has run (mount) */

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
  /* A wide table, and above it a hint shown while the table does not fit and scrolls sideways
     (a phone, a narrow window). Its size is watched: turning a phone or resizing updates the hint. */
  function appendWide(parent, tbl) {
    var hint = el("p", { className: "trainer__hint trainer__swipe", text: "表格较宽：左右滑动表格，看其余各栏。" });
    parent.appendChild(hint);
    parent.appendChild(tbl);
    if (window.ResizeObserver) new ResizeObserver(function () { hint.hidden = tbl.scrollWidth <= tbl.clientWidth; }).observe(tbl);
  }
  /* `classes`: one class name (or null) per column, put on its th and tds. */
  function table(head, rows, caption, classes) {
    var cls = function (i) { return classes ? classes[i] : null; };
    return el("table", {}, [  /* no class: Material styles table:not([class]) */
      caption ? el("caption", { text: caption }) : null,
      el("thead", {}, [el("tr", {}, head.map(function (h, i) { return el("th", { scope: "col", className: cls(i), text: h }); }))]),
      el("tbody", {}, rows.map(function (r) {
        return el("tr", {}, r.map(function (c, i) { return el("td", { className: cls(i) }, [c === null ? "—" : c]); }));
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
  function note(text) { return el("p", { className: "trainer__note", role: "alert", text: text }); }
  /* Ids from a link or storage, as said back to the learner: at most 5, each cut short. */
  function ids(list) {
    return list.slice(0, 5).map(function (id) { return "“" + (id.length > 30 ? id.slice(0, 30) + "…" : id) + "”"; }).join("、") +
      (list.length > 5 ? " 等 " + list.length + " 个" : "");
  }

  /* ---------- what storage says about one quiz (Gaobiao.answered: current revisions only) ---------- */
  /* since: an assignment's start (ISO); answers given before it do not count for it. */
  function progress(quiz, since) {
    var out = { quiz: quiz, answered: 0, best: 0, total: quiz.questions.length, last: null, missed: [], questions: [], missing: [] };
    G.answered(quiz, since).forEach(function (a, i) {
      var q = quiz.questions[i];
      out.questions.push({ rev: q.revision, kind: q.kind, choice: a ? a.choice : null, best: !!(a && a.best) });
      if (!a) { out.missing.push(i + 1); return; }
      out.answered++;
      if (a.best) out.best++; else out.missed.push({ question: q, number: i + 1 });
      var t = a.at === null ? NaN : Date.parse(a.at);
      if (!isNaN(t) && (out.last === null || t > out.last)) out.last = t;
    });
    out.complete = out.answered === out.total;
    return out;
  }
  /* A quiz's verdict: 未完成 (and what is missing) before 达标 / 未达标. */
  function verdict(p, pass) {
    if (!p.complete) return "未完成（还差 " + (p.total - p.answered) + " 题）";
    return p.best * 100 >= pass * p.total ? "达标" : "未达标";
  }


  /* ================= 我的进度 ================= */
  function mountProgress(root, index) {
    var out = el("div");
    function render() {
      out.textContent = "";
      var all = index.quizzes.map(function (q) { return progress(q); });
      var answered = 0, best = 0, questions = 0, done = 0;
      all.forEach(function (p) { answered += p.answered; best += p.best; questions += p.total; if (p.complete) done++; });
      out.appendChild(el("p", { className: "trainer__summary", text:
        "共 " + all.length + " 个练习、" + questions + " 道题。你已作答 " + answered + " 题，其中 " + best +
        " 题选中了最佳做法；做完了 " + done + " 个练习。" }));
      out.appendChild(table(["练习", "待复习", "已答", "最佳", "最近一次"], all.map(function (p) {
        return [link(quizUrl(p.quiz), p.quiz.title), p.missed.length ? p.missed.length + " 题" : null,
          p.answered + " / " + p.total, String(p.best), p.last === null ? null : day(p.last)];
      }), "按练习", [null, "trainer__num", "trainer__num", "trainer__num", "trainer__num"]));

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
      out.appendChild(table(["手册内容", "已答", "最佳", "最佳占全部题目"], totals, "按手册内容合计",
        [null, "trainer__num", "trainer__num", "trainer__num"]));

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
          G.keys(QUIZ_KEY).forEach(G.remove);
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
      if (index.byId.has(id)) { if (quizzes.indexOf(id) < 0) quizzes.push(id); }
      else if (id && skipped.indexOf(id) < 0) skipped.push(id);
    });
    var pass = Number(params.get("p"));
    var due = params.get("d");
    return {
      assignment: {
        v: 1, label: GaobiaoCodes.clean(params.get("l") || "").slice(0, 40), quizzes: quizzes,
        pass: params.get("p") !== null && G.validPass(pass) ? pass : DEFAULT_PASS,
        due: due && G.validDate(due) ? due : null, started: new Date().toISOString()
      },
      skipped: skipped
    };
  }

  /* The way out of an assignment, offered whatever state it is in. */
  function endButton(root, after) {
    return el("p", {}, [el("button", { type: "button", className: "md-button", "data-act": "end", text: "结束这份作业",
      onclick: function () {
        if (!window.confirm("结束后，练习页顶端不再显示这份作业。练习记录会保留。确定结束吗？")) return;
        G.remove(ASSIGNMENT_KEY);
        if (/^#?a=/.test(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
        root.textContent = "";
        after();
      } })]);
  }

  function mountAssignment(root, index) {
    var notes = [], parsed = null;
    if (/^#?a=/.test(location.hash)) {
      parsed = parseAssignmentHash(location.hash, index);
      if (!parsed) {
        notes.push("这个作业链接不完整（缺少练习）。请向培训师要一个新链接。");
      } else if (!parsed.assignment.quizzes.length) {
        notes.push("这个作业链接里的练习 " + ids(parsed.skipped) + " 本站都没有，作业没有保存。请向培训师要一个新链接。");
      } else {
        var fresh = parsed.assignment, old = G.assignment(index);
        if (old && old.label === fresh.label && old.pass === fresh.pass && old.due === fresh.due &&
            old.quizzes.join() === fresh.quizzes.join() && old.started) fresh.started = old.started;
        if (!G.write(ASSIGNMENT_KEY, fresh)) notes.push("浏览器不允许保存数据（可能是隐私模式），离开这一页后作业不会保留。");
        if (parsed.skipped.length) notes.push("链接里的练习 " + ids(parsed.skipped) + " 本站没有，已略过。");
      }
    }
    var a = G.assignment(index) || (parsed && parsed.assignment.quizzes.length ? parsed.assignment : null);
    if (!a) {
      /* Nothing usable: what is stored (junk, or quizzes this site no longer has) is dropped. */
      var stored = G.read(ASSIGNMENT_KEY);
      if (stored !== null) notes.push("这台设备上保存的作业读不出来，或者里面的练习本站已经没有了，已清除。");
      G.remove(ASSIGNMENT_KEY);
    }
    notes.forEach(function (n) { root.appendChild(note(n)); });
    if (!a) {
      root.appendChild(el("p", { text: "现在没有作业。培训师发来的作业链接打开后，作业会出现在这里；也可以先自己去做任何一个练习。" }));
      root.appendChild(el("p", {}, [link(ROOT + "practice/", "去练习")]));
      return;
    }
    var all = a.quizzes.map(function (id) { return progress(index.byId.get(id), a.started); });
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
    root.appendChild(table(["练习", "状态", "已答", "最佳"], all.map(function (p) {
      var state = !p.answered ? "未开始" : !p.complete ? "进行中" :
        (p.best * 100 >= a.pass * p.total ? "已完成 · 达标" : "已完成 · 未达标");
      return [link(quizUrl(p.quiz), p.quiz.title), state, p.answered + " / " + p.total, String(p.best)];
    }), null, [null, null, "trainer__num", "trainer__num"]));
    if (a.started) root.appendChild(el("p", { className: "trainer__hint", text:
      "只有收到这份作业以后（" + minute(Date.parse(a.started)) + " 起）的作答算进作业；以前练过的题要再答一次。" }));
    var next = all.filter(function (p) { return !p.complete; })[0];
    root.appendChild(el("p", {}, next
      ? ["下一个：", link(quizUrl(next.quiz), next.quiz.title)]
      : ["全部完成！ ", el("a", { className: "md-button md-button--primary", href: ROOT + "practice/result/", text: "生成结果单" })]));
    root.appendChild(endButton(root, function () { mountAssignment(root, index); }));
  }

  /* ================= 结果单 ================= */
  function mountResult(root, index) {
    var params = new URLSearchParams(location.search);
    var assignment = G.assignment(index);
    var only = params.get("quiz"), quizzes, label = "", pass = DEFAULT_PASS;
    if (only && !index.byId.has(only)) {
      root.appendChild(note("链接里的练习 " + ids([only]) + " 本站没有。下面是" + (assignment ? "整份作业" : "你做过的全部练习") + "的结果单。"));
      only = null;
    }
    var since = null;
    if (only) {
      quizzes = [index.byId.get(only)];
      if (assignment && assignment.quizzes.indexOf(only) >= 0) { pass = assignment.pass; label = assignment.label; since = assignment.started; }
    } else if (assignment) {
      since = assignment.started;
      quizzes = assignment.quizzes.map(function (id) { return index.byId.get(id); });
      label = assignment.label; pass = assignment.pass;
    } else {
      quizzes = index.quizzes.filter(function (q) { return progress(q).answered > 0; });
    }
    if (!quizzes.length) {
      root.appendChild(el("p", { text: "还没有作答记录，结果单是空的。先去做一个练习吧。" }));
      root.appendChild(el("p", {}, [link(ROOT + "practice/", "去练习")]));
      return;
    }
    var all = quizzes.map(function (q) { return progress(q, since); });
    var last = null;
    all.forEach(function (p) { if (p.last !== null && (last === null || p.last > last)) last = p.last; });
    var at = last === null ? Date.now() : last;
    if (only && assignment) {
      root.appendChild(el("p", { className: "trainer__note" }, ["这是单个练习的结果单。", link(ROOT + "practice/result/", "改为整份作业的结果单")]));
    }

    var name = el("input", { type: "text", id: "trainer-learner", maxlength: "30", autocomplete: "name",
      value: learnerName(), placeholder: "请输入你的姓名" });
    var nameText = el("span", { className: "trainer__print-only" });
    var code = el("code", { className: "trainer__code", id: "trainer-code" });
    var said = status();
    var unfinished = all.filter(function (p) { return !p.complete; });
    var sheet = el("div", { className: "trainer__sheet" }, [
      unfinished.length ? el("div", { className: "trainer__note trainer__unfinished", role: "alert" }, [
        el("p", { text: (assignment && !only ? "作业里" : "") + "还有 " + unfinished.length + " 个练习没有做完。现在生成完成码，" +
          "培训师会看到它们是“未完成”；做完再生成更好：" }),
        el("ul", {}, unfinished.map(function (p) {
          return el("li", {}, [link(quizUrl(p.quiz), p.quiz.title), "：还差 " + (p.total - p.answered) + " 题（第 " + p.missing.join("、") + " 题）"]);
        }))]) : null,
      el("dl", { className: "trainer__facts" }, [
        el("dt", {}, [el("label", { "for": "trainer-learner", text: "姓名" })]), el("dd", {}, [name, nameText]),
        el("dt", { text: "日期" }), el("dd", { text: minute(at) }),
        el("dt", { text: "手册版次" }), el("dd", { text: index.edition }),
        el("dt", { text: "作业" }), el("dd", { text: label || "（自选练习）" }),
        el("dt", { text: "及格线" }), el("dd", { text: pass + "%" })
      ]),
      table(["练习", "是否达标", "最佳 / 题数", "得分率"], all.map(function (p) {
        return [p.quiz.title, verdict(p, pass), p.best + " / " + p.total, percent(p.best, p.total)];
      }), null, [null, null, "trainer__num", "trainer__num"]),
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
      G.write(LEARNER_KEY, learner);
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
        code.textContent = tooBig(e, all);
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

  function learnerName() {
    var v = G.read(LEARNER_KEY);
    return typeof v === "string" ? v : "";
  }
  /* What a completion code cannot hold, in the learner's words (GaobiaoCodes.encode's limits). */
  function tooBig(e, all) {
    var p = e.params || {}, quiz = p.quiz ? all.filter(function (x) { return x.quiz.id === p.quiz; })[0] : null;
    var title = quiz ? "“" + quiz.quiz.title + "”" : "";
    var site = "这是网站的问题，不是你的：请把这一页的地址告诉培训师。";
    switch (e.reason) {
      case "learner": return "姓名太长了：完成码里的姓名最多 " + p.limit + " 个字节（约 30 个汉字），请缩短。";
      case "quizzes": return "这份结果单有 " + p.count + " 个练习，一个完成码最多记 " + p.limit + " 个。请打开每个练习的结果单分别生成完成码。";
      case "questions": return "练习" + title + "有 " + p.count + " 题，一个完成码最多记 " + p.limit + " 题。" + site;
      case "revision": return "练习" + title + "里有一题的修订号是 " + p.count + "，完成码只能记 1 到 " + p.limit + "。" + site;
      case "length": return "完成码会有 " + p.count + " 个字符，超过了“查看结果”页能接受的 " + p.limit + " 个。请打开每个练习的结果单分别生成完成码。";
      default: return "没能生成完成码（" + e.message + "）。" + site;
    }
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
    var passInput = el("input", { type: "number", id: "assign-pass", min: "0", max: "100", step: "1", value: String(DEFAULT_PASS),
      "aria-describedby": "assign-pass-error" });
    var passError = el("span", { id: "assign-pass-error", className: "trainer__error", role: "alert" });
    var dueInput = el("input", { type: "date", id: "assign-due" });
    var total = el("p", { className: "trainer__summary", role: "status" });
    var output = el("input", { type: "text", id: "assign-link", readonly: true, className: "trainer__link", "aria-label": "作业链接" });
    var said = status();
    var form = el("form", { className: "trainer__form", onsubmit: function (e) { e.preventDefault(); } }, [
      el("fieldset", {}, [el("legend", { text: "练习" })].concat(boxes)),
      el("p", {}, [el("label", { "for": "assign-label", text: "作业名称 " }), labelInput]),
      el("p", {}, [el("label", { "for": "assign-pass", text: "及格线（选中最佳的比例，%） " }), passInput, " ", passError]),
      el("p", {}, [el("label", { "for": "assign-due", text: "截止日期（可不填） " }), dueInput]),
      total,
      el("p", {}, [output]),
      el("p", {}, [el("button", { type: "button", className: "md-button md-button--primary", "data-act": "copy-link", text: "复制链接", onclick: function () {
        if (!output.value) { said.textContent = passError.textContent || "请先勾选至少一个练习。"; return; }
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
      /* A pass mark that is not a whole number 0–100 makes no link (never a silent 80). */
      var pass = Number(passInput.value), bad = passInput.value.trim() === "" || !G.validPass(pass);
      passInput.setAttribute("aria-invalid", String(bad));
      passError.textContent = bad ? "及格线要填 0 到 100 之间的整数，改好后才会生成链接。" : "";
      said.textContent = "";
      total.textContent = ids.length
        ? "已选 " + ids.length + " 个练习，共 " + questions + " 题，约 " + minutes + " 分钟。"
        : "请勾选要布置的练习。";
      if (!ids.length || bad) { output.value = ""; return; }
      var hash = "a=1&q=" + ids.join(",") + "&p=" + pass;
      if (dueInput.value && G.validDate(dueInput.value)) hash += "&d=" + dueInput.value;
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
  var PASTE_KEY = "gaobiao:trainer:codes";
  function save(name, text, type) {
    var blob = new Blob(["\ufeff" + text], { type: type || "text/csv;charset=utf-8" });
    var a = el("a", { href: URL.createObjectURL(blob), download: name + "-" + day(Date.now()).replace(/-/g, "") + ".csv" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function mountResults(root, index) {
    var input = el("textarea", { id: "results-input", rows: "8", spellcheck: "false", "aria-label": "粘贴完成码",
      placeholder: "把完成码粘贴在这里，一次可以贴多个，用空格或换行分开" });
    var stored = G.read(PASTE_KEY);
    if (typeof stored === "string") input.value = stored;
    var kept = el("p", { className: "trainer__hint", role: "status" });
    input.addEventListener("input", function () {
      kept.textContent = G.write(PASTE_KEY, input.value) ? "" : "粘贴的内容太多或浏览器不允许保存，刷新后不会保留。";
    });
    var out = el("div", { className: "trainer__results" });
    var csv = "", items = "";
    var titles = new Map(index.quizzes.map(function (q) { return [q.id, q.title]; }));
    var download = el("button", { type: "button", className: "md-button", "data-act": "csv", text: "下载 CSV", disabled: true,
      onclick: function () { save("高标手册-结果", csv); } });
    var downloadItems = el("button", { type: "button", className: "md-button", "data-act": "csv-items", text: "下载题目分析 CSV", disabled: true,
      onclick: function () { save("高标手册-题目分析", items); } });
    function show() {
      out.textContent = "";
      var tokens = GaobiaoCodes.candidates(input.value), seen = {}, rows = [], results = [], refused = [], dup = 0;
      tokens.forEach(function (token, i) {
        if (seen["$" + token]) { dup++; return; }
        seen["$" + token] = true;
        var r = GaobiaoCodes.decode(token, index.editions || [index.edition]);
        if (r.ok) { results.push(r.value); rows = rows.concat(GaobiaoCodes.rows(r.value, titles)); }
        else refused.push({ n: i + 1, token: token, message: r.message });
      });
      csv = GaobiaoCodes.csv(rows);
      download.disabled = !rows.length;
      downloadItems.disabled = true;
      if (!tokens.length) { out.appendChild(el("p", { text: "还没有粘贴完成码。" })); return; }
      var unfinished = rows.filter(function (r) { return r.status === "unfinished"; }).length;
      out.appendChild(el("p", { className: "trainer__summary", role: "status", text:
        "识别了 " + results.length + " 个完成码，共 " + rows.length + " 行成绩" +
        (unfinished ? "，其中 " + unfinished + " 个练习未完成" : "") +
        (refused.length ? "；" + refused.length + " 个无法识别，原因见下" : "") +
        (dup ? "；另有 " + dup + " 个重复的已合并" : "") + "。" }));
      if (rows.length) {
        /* Eight columns: on a desktop they fit the content column (trainer.css: no 100 px minimum,
           narrower padding, figures and the time on one line, the zone on a line of its own); a
           phone scrolls the table sideways, told so by the hint. */
        appendWide(out, table(["学员", "状态", "练习", "成绩", "得分率", "作业", "作答时间", "版次"], rows.map(function (r) {
          var state = r.status === "unfinished" ? (r.answered ? "未完成：答了 " + r.answered + " / " + r.total + " 题，第 " +
              r.missing.join("、") + " 题未答" : "未完成：还没开始（0 / " + r.total + " 题）") :
            r.status === "passed" ? "达标" : "未达标（及格线 " + r.pass_mark + "%）";
          return [r.learner, el("span", { className: "trainer__state trainer__state--" + r.status, text: state }),
            index.byId.has(r.quiz) ? r.title : r.quiz + "（本站没有这个练习）", r.score + " / " + r.total,
            r.percent + "%", r.label || null,
            el("span", {}, [r.local_time, el("br"), el("span", { className: "trainer__hint", text: "（" + r.zone + "）" })]), r.edition];
        }), null, [null, "trainer__verdict", "trainer__quiz", "trainer__num", "trainer__num", "trainer__label", "trainer__time", "trainer__num"]));
      }
      if (refused.length) {
        out.appendChild(el("h2", { id: "无法识别的完成码", text: "无法识别的完成码" }));
        out.appendChild(el("ul", { className: "trainer__refused" }, refused.map(function (x) {
          var shown = x.token.length > 48 ? x.token.slice(0, 24) + "…" + x.token.slice(-12) : x.token;
          return el("li", {}, ["第 " + x.n + " 个 ", el("code", { text: shown }), "：" + x.message]);
        })));
      }
      if (results.length) {
        var analysis = analyse(results, index);
        items = analysis.csv;
        downloadItems.disabled = !analysis.count;
        out.appendChild(analysis.node);
      }
    }
    root.appendChild(el("p", {}, [input]));
    root.appendChild(kept);
    root.appendChild(el("p", { className: "trainer__actions" }, [
      el("button", { type: "button", className: "md-button md-button--primary", "data-act": "show", text: "查看结果", onclick: show }),
      " ", download, " ", downloadItems, " ",
      el("button", { type: "button", className: "md-button", "data-act": "clear", text: "清空", onclick: function () {
        input.value = ""; G.remove(PASTE_KEY); show(); } })
    ]));
    root.appendChild(out);
    if (input.value) show();
  }

  /* ================= 题目分析 =================
     From the decoded codes only. Per question of the current revision: how many answered, the
     share choosing a best / acceptable / poor option (a story's ending by its verdict), each
     option's share, and a discrimination figure: the point-biserial correlation between answering
     this question best and the learner's share of best answers on the quiz's other questions
     (the "corrected item-total" correlation; Moodle's discrimination index is the same figure
     x 100). With fewer than MIN_COHORT learners answering, it is not given. */
  var MIN_COHORT = 10, MIN_FLAG = 5, EASY = 0.9, HARD = 0.3;
  var RATING_WORDS = { best: "最佳", acceptable: "可以", poor: "较差" };
  function pointBiserial(pairs) {
    var n = pairs.length, ones = pairs.filter(function (p) { return p[0]; });
    if (n < MIN_COHORT || !ones.length || ones.length === n) return null;
    var mean = function (xs) { return xs.reduce(function (a, x) { return a + x[1]; }, 0) / xs.length; };
    var m = mean(pairs), sd = Math.sqrt(pairs.reduce(function (a, x) { return a + (x[1] - m) * (x[1] - m); }, 0) / n);
    if (!sd) return null;
    var zeros = pairs.filter(function (p) { return !p[0]; }), p1 = ones.length / n;
    return (mean(ones) - mean(zeros)) / sd * Math.sqrt(p1 * (1 - p1));
  }
  function share(k, n) { return n ? Math.round(100 * k / n) + "%" : "—"; }
  function analyse(results, index) {
    var learners = [], byLearner = {}, comps = [], byComp = {}, stats = [], old = 0;
    index.quizzes.forEach(function (quiz) {
      quiz.questions.forEach(function (q, i) {
        stats.push({ quiz: quiz, q: q, number: i + 1, answered: 0, seen: 0, counts: q.choices.map(function () { return 0; }),
          rated: { best: 0, acceptable: 0, poor: 0 }, pairs: [] });
      });
    });
    var statOf = {};
    stats.forEach(function (st) { statOf[st.quiz.id + "/" + st.q.id] = st; });
    results.forEach(function (r) {
      if (!byLearner["$" + r.learner]) { byLearner["$" + r.learner] = { name: r.learner, pass: r.pass, comp: {} }; learners.push(byLearner["$" + r.learner]); }
      var learner = byLearner["$" + r.learner];
      r.quizzes.forEach(function (cq) {
        var quiz = index.byId.get(cq.id);
        if (!quiz || quiz.questions.length !== cq.questions.length) { old++; return; }
        var current = quiz.questions.map(function (q, i) { return cq.questions[i].rev === q.revision; });
        var best = cq.questions.map(function (x, i) { return current[i] && x.choice !== null ? (x.best ? 1 : 0) : null; });
        var c = quiz.competency;
        if (!byComp[c.page]) { byComp[c.page] = c; comps.push(c); }
        var cell = learner.comp[c.page] || (learner.comp[c.page] = { best: 0, answered: 0, total: 0 });
        quiz.questions.forEach(function (q, i) {
          var x = cq.questions[i], st = statOf[quiz.id + "/" + q.id];
          cell.total++;
          if (!current[i]) { old++; return; }
          st.seen++;
          if (x.choice === null) return;
          var k = q.choices.indexOf(x.choice);
          if (k < 0) return;
          st.answered++; cell.answered++;
          st.counts[k]++;
          st.rated[q.ratings[k]]++;
          if (best[i]) cell.best++;
          var rest = best.filter(function (b, j) { return j !== i && b !== null; });
          if (rest.length) st.pairs.push([best[i], rest.reduce(function (a, b) { return a + b; }, 0) / rest.length]);
        });
      });
    });
    stats = stats.filter(function (st) { return st.seen; });
    stats.forEach(function (st) {
      st.facility = st.answered ? st.rated.best / st.answered : null;
      st.disc = pointBiserial(st.pairs);
      st.flags = [];
      if (st.answered >= MIN_FLAG && st.facility >= EASY) st.flags.push("太容易");
      if (st.answered >= MIN_FLAG && st.facility <= HARD) st.flags.push("太难");
      if (st.disc !== null && st.disc < 0) st.flags.push("区分度为负");
    });
    var node = el("section", { className: "trainer__analysis", "aria-labelledby": "题目分析" });
    node.appendChild(el("h2", { id: "题目分析", text: "题目分析" }));
    if (!stats.length) {
      node.appendChild(el("p", { text: "这些完成码里没有本站当前版本的题目，无法分析。" }));
      return { node: node, csv: "", count: 0 };
    }
    node.appendChild(el("p", { className: "trainer__hint", text:
      "共 " + learners.length + " 名学员。区分度是点二列相关系数：这道题答得好的人，其余题是不是也答得好（−1 到 1，0.2 以上算能区分）；" +
      "作答的人少于 " + MIN_COHORT + " 个时不计算。作答 " + MIN_FLAG + " 人以上时，选最佳的超过 " + EASY * 100 + "% 标为“太容易”，不到 " +
      HARD * 100 + "% 标为“太难”。" + (old ? "另有 " + old + " 个作答属于已经修订过的旧题，没有计入。" : "") }));
    /* The chart: one bar per question, best / acceptable / poor shares; the table below says the same in words. */
    var W = 640, BAR = 18, GAP = 8, LEFT = 150, H = stats.length * (BAR + GAP) + 24;
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("class", "trainer__chart");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "每道题选最佳、可以、较差做法的比例，数字见下表");
    function s(tag, attrs, text) {
      var n = document.createElementNS("http://www.w3.org/2000/svg", tag);
      Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
      if (text) n.textContent = text;
      svg.appendChild(n);
      return n;
    }
    stats.forEach(function (st, i) {
      var y = i * (BAR + GAP), x = LEFT;
      s("text", { x: LEFT - 6, y: y + BAR - 4, "text-anchor": "end", "class": "trainer__chart-label" },
        st.quiz.title.replace(/ · 情境练习$/, "").slice(0, 8) + " 第 " + st.number + " 题");
      ["best", "acceptable", "poor"].forEach(function (k) {
        var w = st.answered ? (W - LEFT - 10) * st.rated[k] / st.answered : 0;
        if (w) s("rect", { x: x, y: y, width: w, height: BAR, "class": "trainer__bar--" + k })
          .appendChild(document.createElementNS("http://www.w3.org/2000/svg", "title")).textContent = RATING_WORDS[k] + " " + share(st.rated[k], st.answered);
        x += w;
      });
      if (st.flags.length) s("text", { x: W - 12, y: y + BAR - 4, "text-anchor": "end", "class": "trainer__chart-flag" }, "⚑");
    });
    node.appendChild(el("figure", {}, [svg, el("figcaption", { text: "图例：绿 = 最佳，黄 = 可以，红 = 较差；⚑ = 有提示。数字见下表。" })]));
    var head = ["练习", "题", "作答", "最佳", "可以", "较差", "各选项", "区分度", "提示", "源文件"];
    function options(st) {
      return st.counts.map(function (c, k) { return (typeof st.q.choices[k] === "number" ? "选项 " + (k + 1) : st.q.choices[k]) + " " + share(c, st.answered); });
    }
    var body = stats.map(function (st) {
      return [st.quiz.title, String(st.number), st.answered + " / " + st.seen, share(st.rated.best, st.answered),
        share(st.rated.acceptable, st.answered), share(st.rated.poor, st.answered),
        options(st).join("，"),
        st.disc === null ? (st.pairs.length < MIN_COHORT ? "人数太少，无法判断" : "—") : st.disc.toFixed(2),
        st.flags.join("、"), st.quiz.source + ":" + st.q.line];
    });
    /* On screen, six columns (the CSV keeps all ten): the question cell carries its quiz and its
       source file; the three shares share a cell; each option's share is a line of its own. */
    function lines(parts) {
      return el("span", {}, parts.reduce(function (a, x, i) { return a.concat(i ? [el("br"), x] : [x]); }, []));
    }
    appendWide(node, table(["题", "作答", "最佳 / 可以 / 较差", "各选项", "区分度", "提示"], body.map(function (r, i) {
      var st = stats[i];
      return [
        lines([el("span", { className: "trainer__hint", text: r[0] }),
          link(quizUrl(st.quiz) + "#q-" + st.quiz.id + "-" + st.q.id, "第 " + r[1] + " 题：" + st.q.title),
          el("code", { text: r[9] })]),
        r[2], r[3] + " / " + r[4] + " / " + r[5], lines(options(st)),
        r[7], r[8] ? el("strong", { text: r[8] }) : null];
    }), "每道题", ["trainer__item", "trainer__num", "trainer__num", "trainer__num", "trainer__disc", "trainer__flag"]));
    /* learner × competency: share of answered questions answered best */
    node.appendChild(el("h3", { id: "学员与能力", text: "学员 × 能力" }));
    node.appendChild(el("p", { className: "trainer__hint", text: "每格是这名学员在这项内容上选中最佳做法的比例（最佳 / 已答）；“—”是没有作答。低于及格线的格子加粗。" }));
    node.appendChild(table(["学员"].concat(comps.map(function (c) { return c.title; })), learners.map(function (l) {
      return [l.name].concat(comps.map(function (c) {
        var x = l.comp[c.page];
        if (!x || !x.answered) return null;
        var text = share(x.best, x.answered) + "（" + x.best + "/" + x.answered + "）";
        return x.best * 100 < l.pass * x.answered ? el("strong", { text: text }) : text;
      }));
    }), "学员 × 能力"));
    var csvHead = head.slice(0, 9).concat(["源文件", "quiz_id", "question_id", "revision"]);
    return { node: node, count: stats.length, csv: GaobiaoCodes.table(csvHead, body.map(function (r, i) {
      return r.slice(0, 9).concat([r[9], stats[i].quiz.id, stats[i].q.id, String(stats[i].q.revision)]);
    })) };
  }

  /* ---------- mounting ---------- */
  var PAGES = { progress: mountProgress, assignment: mountAssignment, result: mountResult, assign: mountAssign, results: mountResults };

  /* A page that could not be drawn still says so, and a learner can still end the assignment. */
  function trouble(root, text) {
    root.textContent = "";
    root.appendChild(note(text));
    var kind = root.getAttribute("data-trainer");
    if ((kind === "assignment" || kind === "result") && G && G.read(ASSIGNMENT_KEY) !== null) {
      root.appendChild(endButton(root, function () { trouble(root, "作业已结束。"); }));
    }
    root.appendChild(el("p", {}, [link(ROOT + "practice/", "去练习")]));
  }

  function mount() {
    var roots = Array.prototype.filter.call(document.querySelectorAll("[data-trainer]:not([data-trainer-ready])"), function (root) {
      return Object.prototype.hasOwnProperty.call(PAGES, root.getAttribute("data-trainer"));
    });
    if (!roots.length) return;
    G = window.Gaobiao;
    if (!G || !window.GaobiaoCodes) return; /* the other script calls mount when it arrives */
    roots.forEach(function (root) { root.setAttribute("data-trainer-ready", ""); });
    G.index(ROOT).then(function (index) {
      roots.forEach(function (root) {
        root.textContent = "";
        try { PAGES[root.getAttribute("data-trainer")](root, index); }
        catch (e) {
          trouble(root, "这一页没能显示出来（" + e.message + "）。请刷新页面再试；如果还是这样，请把这一页的地址告诉培训师。");
          window.setTimeout(function () { throw e; }); /* still reported, for whoever debugs it */
        }
      });
    }, function () {
      roots.forEach(function (root) { trouble(root, "没能读取练习目录（assets/quiz-index.json），请刷新页面再试。"); });
    });
  }

  window.GaobiaoTrainer = { mount: mount };
  /* By a full page's load event every script on it has run: one still missing did not load. */
  window.addEventListener("load", function () {
    if (window.Gaobiao && window.GaobiaoCodes) return;
    document.querySelectorAll("[data-trainer]:not([data-trainer-ready])").forEach(function (root) {
      trouble(root, "页面的脚本没有加载完整，请刷新页面再试。");
    });
  });
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
