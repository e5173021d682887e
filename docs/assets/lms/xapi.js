/* 高标手册 xAPI sender: statements about a quiz to the learning record store (LRS) named in the
   launch link. Loaded only when the page's address carries xAPI launch parameters (a line of
   script on quiz pages, hooks/quiz.py; the same line in a package's launch page); no other page
   ever fetches it. Contract: hooks/quizkit/BROWSER.md.

   Launch parameters (the launch-link convention LMSs use to hand content a per-launch credential):
     endpoint      the LRS's xAPI address, e.g. https://lrs.example.com/xAPI/
     auth          the Authorization header value for this launch, "Basic " and the base64 of key:secret
     actor         the learner, an xAPI Agent as JSON, e.g. {"mbox":"mailto:a@example.com","name":"王小明"}
     registration  this attempt's UUID (optional), put in every statement's context
     activity_id   the quiz's activity IRI (optional; a page with one quiz only)
     pass          pass mark in percent (optional; a package's own pass mark, else 80)

   Statements: initialized (the quiz), answered (per question: a cmi.interaction activity of
   type choice, with the response and the result), then, when every question has an answer,
   completed and passed or failed (score in percent). Each carries the handbook edition as the
   context's revision and as an extension. Statements wait in localStorage
   (`gaobiao:xapi:<endpoint>`) until the LRS has taken them: one at a time, in order, retried
   with a growing pause, at the next load, and when the browser comes back online. The
   credential stays in the address it came in; it is never stored. */
(() => {
  "use strict";
  if (window.GaobiaoXapi) return;
  const params = new URLSearchParams(location.search);
  const VERBS = { initialized: "开始", answered: "作答", completed: "完成", passed: "及格", failed: "未及格" };
  const RATINGS = { committed: "best", involved: "acceptable", dodged: "poor" };
  const LETTERS = "abcdefghij";
  const html = document.documentElement;
  const meta = (name) => { const m = document.querySelector('meta[name="' + name + '"]'); return m && m.content; };
  const G = window.Gaobiao;
  const read = (key) => {
    if (G) return G.read(key);
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  };
  const write = (key, value) => {
    if (G) return G.write(key, value);
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  };
  const uuid = () => crypto.randomUUID ? crypto.randomUUID() :
    "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));

  let note;
  function tell(text) {
    if (!note) {
      note = document.createElement("p");
      note.className = "lms-note";
      note.setAttribute("role", "status");
      note.style.cssText = "padding:.6em .8em;border-left:4px solid #c62828;background:var(--md-code-bg-color,#f5f5f5)";
      const first = document.querySelector(".quiz");
      if (first) first.before(note);
      else document.body.prepend(note);
    }
    note.textContent = text;
    note.hidden = !text;
  }

  function start() {
    const quizzes = [...document.querySelectorAll(".quiz[data-quiz-id]")];
    const endpoint = params.get("endpoint") || "", auth = params.get("auth") || "";
    let actor = null;
    try { actor = JSON.parse(params.get("actor") || "null"); } catch (e) { actor = null; }
    if (!quizzes.length) return;
    if (!/^https?:\/\/\S+$/.test(endpoint) || !actor || typeof actor != "object" || Array.isArray(actor)) {
      tell("这个链接里的学习记录参数不完整（endpoint、actor），成绩不会送到学习记录系统；答案照常保存在这台设备上。");
      return;
    }
    actor.objectType = actor.objectType || "Agent";
    const registration = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
      .test(params.get("registration") || "") ? params.get("registration").toLowerCase() : null;
    const pass = /^\d{1,3}$/.test(params.get("pass") || "") && +params.get("pass") <= 100 ? +params.get("pass") :
      html.hasAttribute("data-pass") ? +html.getAttribute("data-pass") : 80;
    const url = endpoint.replace(/\/?$/, "/") + "statements";
    const QUEUE = "gaobiao:xapi:" + endpoint;
    let queue = Array.isArray(read(QUEUE)) ? read(QUEUE) : [];

    // ---- Sending, one at a time, in order; nothing is dropped until the LRS has it
    let sending = false, pause = 2000, timer = 0, failed = false;
    const keep = () => write(QUEUE, queue) ||
      tell("浏览器不让保存待发送的成绩（存储已满或被关闭）：请先不要关闭这个页面，稍后会自动重试。");
    function retry(text) {
      failed = true;
      tell(text);
      clearTimeout(timer);
      timer = setTimeout(flush, pause);
      pause = Math.min(pause * 2, 60000);
    }
    async function flush() {
      if (sending) return;
      sending = true;
      try {
        while (queue.length) {
          const st = queue[0];
          let response;
          try {
            response = await fetch(url, { method: "POST", keepalive: true, body: JSON.stringify(st),
              headers: { "Authorization": auth, "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3" } });
          } catch (e) {
            return retry("成绩暂时没能送到学习记录系统（连不上）。你的答案已保存在这台设备上，会自动重试；请先不要清除浏览器数据。");
          }
          // 409: the LRS already has a statement with this id (an earlier try that did arrive).
          if (!response.ok && response.status != 409) {
            return retry("学习记录系统没有接收成绩（HTTP " + response.status + "）。你的答案已保存在这台设备上，会继续重试；" +
              "如果这条提示一直在，请告诉培训师。");
          }
          queue = queue.filter((x) => x.id !== st.id);
          keep();
        }
        pause = 2000;
        if (failed) tell("成绩已补发到学习记录系统。");
      } finally {
        sending = false;
      }
    }
    function send(st) {
      queue.push(st);
      keep();
      flush();
    }
    window.addEventListener("online", flush);

    // ---- Statements
    const siteBase = (root) => meta("gaobiao:site") ||
      new URL(root || "", (document.querySelector('link[rel="canonical"]') || location).href).href;
    function statement(verb, object, extra) {
      const context = Object.assign({ platform: "高标手册", language: "zh-CN" }, extra.context);
      if (registration) context.registration = registration;
      const st = { id: uuid(), actor, verb: { id: "http://adlnet.gov/expapi/verbs/" + verb,
        display: { "zh-CN": VERBS[verb], "en-US": verb } }, object, context, timestamp: new Date().toISOString() };
      if (extra.result) st.result = extra.result;
      return st;
    }

    quizzes.forEach((root) => {
      const id = root.getAttribute("data-quiz-id");
      const site = siteBase(root.getAttribute("data-site-root"));
      const edition = meta("gaobiao:edition") || root.getAttribute("data-edition") || "";
      const ext = (name) => site + "xapi/" + name;
      const activityId = params.get("activity_id") && quizzes.length == 1 ? params.get("activity_id") : site + "quizzes/" + id;
      const title = root.querySelector(".quiz__title");
      const quizActivity = { objectType: "Activity", id: activityId, definition: {
        type: "http://adlnet.gov/expapi/activities/assessment",
        name: { "zh-CN": title ? title.textContent.trim() : id } } };
      const context = (parent) => ({ revision: edition, extensions: { [ext("edition")]: edition },
        contextActivities: parent ? { parent: [{ objectType: "Activity", id: activityId }] } : undefined });
      const questions = [...root.querySelectorAll(".quiz__question")];

      // What the page says about a question: response ids, best ones, rating of each, name.
      function facts(q) {
        const name = (q.querySelector(".quiz__legend") || q).textContent.trim();
        if (q.getAttribute("data-kind") == "branching") {
          const endings = [...q.querySelectorAll("[data-ending]")];
          return { name, id: (c) => c,
            choices: endings.map((e) => ({ id: e.getAttribute("data-ending"),
              description: { "zh-CN": e.querySelector("summary").textContent.trim() } })),
            best: endings.filter((e) => e.getAttribute("data-verdict") == "committed").map((e) => e.getAttribute("data-ending")),
            rating: (c) => RATINGS[(endings.find((e) => e.getAttribute("data-ending") === c) || q).getAttribute("data-verdict")] };
        }
        const options = [...q.querySelectorAll(".quiz__option")];
        return { name, id: (c) => LETTERS[c],
          choices: options.map((o, i) => ({ id: LETTERS[i], description: { "zh-CN": o.querySelector("label").textContent.trim() } })),
          best: options.map((o, i) => o.getAttribute("data-rating") == "best" ? LETTERS[i] : null).filter(Boolean),
          rating: (c) => options[c] && options[c].getAttribute("data-rating") };
      }
      const complete = (answers) => questions.every((q) => answers[q.getAttribute("data-question-id")]);

      const stored = read("gaobiao:quiz:" + id);
      let last = Object.assign({}, stored && stored.v === 1 && stored.answers || {});
      send(statement("initialized", quizActivity, { context: context(false) }));

      document.addEventListener("gaobiao:answers", (e) => {
        if (!e.detail || e.detail.quiz !== id) return;
        const answers = e.detail.answers, wasComplete = complete(last);
        questions.forEach((q) => {
          const qid = q.getAttribute("data-question-id"), a = answers[qid], b = last[qid];
          if (!a || b && b.rev === a.rev && b.choice === a.choice) return;
          const f = facts(q), rating = f.rating(a.choice);
          send(statement("answered", { objectType: "Activity", id: activityId + "/" + qid + "/r" + a.rev, definition: {
            type: "http://adlnet.gov/expapi/activities/cmi.interaction", name: { "zh-CN": f.name },
            interactionType: "choice", correctResponsesPattern: f.best, choices: f.choices } },
          { context: context(true), result: { response: String(f.id(a.choice)), success: rating == "best",
            extensions: { [ext("rating")]: rating } } }));
        });
        last = Object.assign({}, answers);
        if (!wasComplete && complete(answers)) {
          const best = questions.filter((q) => facts(q).rating(answers[q.getAttribute("data-question-id")].choice) == "best").length;
          const raw = Math.round(100 * best / questions.length), passed = raw >= pass;
          const result = { completion: true, success: passed, score: { raw, min: 0, max: 100, scaled: raw / 100 } };
          send(statement("completed", quizActivity, { context: context(false), result }));
          send(statement(passed ? "passed" : "failed", quizActivity, { context: context(false), result }));
        }
      });
    });
  }
  window.GaobiaoXapi = { start };
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
