/* 高标手册 quiz: the assignment banner on a quiz page ("已完成 k/n", a link to 我的作业).
   quiz.js loads this file only where the learner's assignment (storage key gaobiao:assignment,
   written by the trainer tools; SPEC.md) includes a quiz on the page, and calls
   window.gaobiaoAssignment() after every change of progress. A quiz counts as done when every
   question that assets/quiz-index.json lists for it has a saved answer to its current revision. */
(() => {
  "use strict";
  if (window.gaobiaoAssignment) return;
  const isObject = (x) => !!x && typeof x == "object" && !Array.isArray(x);
  const read = (key) => {
    try {
      const text = localStorage.getItem(key);
      return text && text.length < 2e5 ? JSON.parse(text) : null;
    } catch (e) { return null; }
  };
  let index; // Map: quiz id → its questions [{id, revision}], once the quiz index is in

  const finished = (quiz) => {
    const saved = read("gaobiao:quiz:" + quiz), need = index.get(quiz);
    return Array.isArray(need) && isObject(saved) && isObject(saved.answers) && need.every((q) =>
      isObject(saved.answers[q.id]) && saved.answers[q.id].rev === q.revision);
  };

  function show() {
    const a = read("gaobiao:assignment");
    if (!index || !isObject(a) || a.v !== 1 || !Array.isArray(a.quizzes)) return;
    const text = "作业：" + String(a.label || "") + (a.due ? "（截止 " + a.due + "）" : "") +
      "，已完成 " + a.quizzes.filter(finished).length + "/" + a.quizzes.length + "。 ";
    for (const root of document.querySelectorAll(".quiz[data-quiz-ready]")) {
      if (!a.quizzes.includes(root.getAttribute("data-quiz-id"))) continue;
      const banner = root.querySelector(".quiz__banner"), link = document.createElement("a");
      link.href = (root.getAttribute("data-site-root") || "") + "practice/assignment/";
      link.textContent = "查看我的作业";
      banner.replaceChildren(text, link);
      banner.hidden = false;
    }
  }

  window.gaobiaoAssignment = show;
  const root = document.querySelector(".quiz[data-site-root]");
  fetch((root ? root.getAttribute("data-site-root") : "") + "assets/quiz-index.json")
    .then((r) => r.json())
    .then((data) => {
      index = new Map(data.quizzes.map((quiz) => [quiz.id, quiz.questions]));
      show();
    })
    .catch(() => {});
})();
