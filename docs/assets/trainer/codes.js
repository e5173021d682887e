/* Completion codes in the browser: the same format as hooks/quizkit/codes.py
   (read its docstring for the layout). Both are tested against
   tests/vectors/codes.json. Exposes window.GaobiaoCodes (hooks/quizkit/BROWSER.md). */
(function () {
  "use strict";
  if (window.GaobiaoCodes) return;

  var PREFIX = "GB1.";
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var EDITION = /^\d{4}\.\d{1,3}$/;
  var B64 = /^[A-Za-z0-9_-]*$/;
  var HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
  var HIDDEN_ALL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
  var MAX_MINUTES = 68374080; /* 2100-01-01T00:00Z */
  var MAX_LENGTH = 4096; /* characters in a code */
  var LIMITS = { label: 120, learner: 90, id: 64, edition: 16 };
  var REASONS = {
    "empty": "空白，没有内容",
    "too-long": "太长，不是一个完成码（最多 4096 个字符）",
    "not-a-code": "不是高标手册的完成码：完成码以 GB1. 开头",
    "unknown-version": "完成码格式 GB{version} 本站不认识，请用生成它的那一版网站查看",
    "bad-characters": "含有完成码里不会出现的字符",
    "truncated": "不完整：结尾的校验部分缺失或长度不对，可能复制时被截断了",
    "bad-check": "校验不符：有字符被改动或抄错了",
    "malformed": "校验相符但内容无法解读（{detail}），这不是本站生成的完成码",
    "unknown-edition": "版次 {edition} 不是本站认识的版次（本站：{known}），请用该版次的网站查看"
  };
  /* [header, key]: Chinese headers for people; the last two keep ids for machines. */
  var COLUMNS = [["学员", "learner"], ["作业", "label"], ["练习", "title"], ["状态", "status"], ["已答", "answered"],
    ["最佳", "score"], ["题数", "total"], ["得分率", "percent"], ["及格线", "pass_mark"], ["未答的题", "missing"],
    ["作答时间", "local_time"], ["时区", "zone"], ["版次", "edition"], ["quiz_id", "quiz"], ["completed_at_utc", "completed_at"]];
  var STATUS = { passed: "达标", failed: "未达标", unfinished: "未完成" };

  function CodeError(reason, params) {
    var msg = REASONS[reason].replace(/\{(\w+)\}/g, function (_, k) { return params[k]; });
    this.reason = reason;
    this.message = msg;
  }
  function fail(reason, params) { throw new CodeError(reason, params || {}); }
  /* What a code cannot hold: error.reason and error.params say which limit, for the page's words. */
  function over(reason, params, message) {
    var e = new Error(message);
    e.reason = reason;
    e.params = params;
    throw e;
  }

  /* CRC-32 (IEEE), as zlib.crc32 */
  var TABLE = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    TABLE[n] = c >>> 0;
  }
  function crc32(text) {
    var crc = 0xffffffff;
    for (var i = 0; i < text.length; i++) crc = TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }
  function check(text) {
    var v = crc32(text);
    return b64encode([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]);
  }

  function b64encode(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i += 3) {
      var len = Math.min(3, bytes.length - i);
      var n = (bytes[i] << 16) | ((len > 1 ? bytes[i + 1] : 0) << 8) | (len > 2 ? bytes[i + 2] : 0);
      for (var j = 0; j <= len; j++) out += ALPHABET.charAt((n >>> (18 - 6 * j)) & 63);
    }
    return out;
  }
  function b64decode(text) {
    if (text.length % 4 === 1) fail("malformed", { detail: "长度不对" });
    var out = [];
    for (var i = 0; i < text.length; i += 4) {
      var chunk = text.slice(i, i + 4), n = 0;
      for (var j = 0; j < 4; j++) n = n * 64 + (j < chunk.length ? ALPHABET.indexOf(chunk.charAt(j)) : 0);
      var three = [(n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      for (var m = 0; m < chunk.length - 1; m++) out.push(three[m]);
    }
    if (b64encode(out) !== text) fail("malformed", { detail: "编码不规范" });
    return out;
  }

  function utf8(text) { return Array.prototype.slice.call(new TextEncoder().encode(text)); }
  function clean(text) { return String(text).replace(HIDDEN_ALL, " ").split(/\s+/).filter(Boolean).join(" "); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function formatMinutes(minutes) {
    var d = new Date(minutes * 60000);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) +
      "T" + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + "Z";
  }
  function parseMinutes(at) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)Z$/.exec(at);
    if (!m) throw new Error("not a time like 2026-11-27T03:05Z: " + at);
    return Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5]) / 60000;
  }

  /* ---- encoding ---- */
  function putUint(out, v) {
    if (!(v >= 0 && v < 4294967296 && Math.floor(v) === v)) throw new Error(v + " does not fit a code");
    while (v >= 128) { out.push((v % 128) | 128); v = Math.floor(v / 128); }
    out.push(v);
  }
  function putStr(out, text, kind) {
    var data = utf8(text);
    if (data.length > LIMITS[kind]) over(kind, { count: data.length, limit: LIMITS[kind] }, kind + " is longer than " + LIMITS[kind] + " bytes");
    putUint(out, data.length);
    for (var i = 0; i < data.length; i++) out.push(data[i]);
  }
  function checkId(v) { if (typeof v !== "string" || !ID.test(v)) throw new Error("not a kebab-case id: " + v); return v; }

  function encode(result) {
    var out = [];
    if (!EDITION.test(result.edition)) throw new Error("not an edition: " + result.edition);
    putStr(out, result.edition, "edition");
    var at = parseMinutes(result.at);
    if (!(at >= 0 && at <= MAX_MINUTES)) throw new Error("time " + result.at + " is not within 1970..2100");
    putUint(out, at);
    putStr(out, clean(result.label || ""), "label");
    var learner = clean(result.learner || "");
    if (!learner) throw new Error("learner name is empty");
    putStr(out, learner, "learner");
    var pass = result.pass;
    if (!(pass >= 0 && pass <= 100 && Math.floor(pass) === pass)) throw new Error("pass mark " + pass);
    out.push(pass);
    var quizzes = result.quizzes;
    if (!(quizzes.length >= 1 && quizzes.length <= 30)) over("quizzes", { count: quizzes.length, limit: 30 }, "expected 1..30 quizzes");
    putUint(out, quizzes.length);
    quizzes.forEach(function (quiz) {
      putStr(out, checkId(quiz.id), "id");
      if (!(quiz.questions.length >= 1 && quiz.questions.length <= 60)) {
        over("questions", { quiz: quiz.id, count: quiz.questions.length, limit: 60 }, "expected 1..60 questions");
      }
      putUint(out, quiz.questions.length);
      quiz.questions.forEach(function (q) {
        if (!(q.rev >= 1 && q.rev <= 9999 && Math.floor(q.rev) === q.rev)) {
          over("revision", { quiz: quiz.id, count: q.rev, limit: 9999 }, "revision " + q.rev);
        }
        if (q.kind !== "scenario" && q.kind !== "branching") throw new Error("unknown kind " + q.kind);
        putUint(out, q.rev);
        var branching = q.kind === "branching";
        var answered = q.choice !== null && q.choice !== undefined;
        var option = 0;
        if (answered && !branching) {
          if (typeof q.choice !== "number" || !(q.choice >= 0 && q.choice <= 15 && Math.floor(q.choice) === q.choice)) {
            throw new Error("option index " + q.choice);
          }
          option = q.choice;
        }
        out.push((q.best && answered ? 1 : 0) | (answered ? 2 : 0) | (branching ? 4 : 0) | (option << 3));
        if (answered && branching) putStr(out, checkId(q.choice), "id");
      });
    });
    var body = b64encode(out), code = PREFIX + body + "." + check(PREFIX + body);
    /* decode refuses anything longer: a code it could not read is not made */
    if (code.length > MAX_LENGTH) over("length", { count: code.length, limit: MAX_LENGTH }, "a code of " + code.length + " characters");
    return code;
  }

  /* ---- decoding ---- */
  function Reader(bytes) { this.b = bytes; this.pos = 0; }
  Reader.prototype.fail = function (detail) { fail("malformed", { detail: detail }); };
  Reader.prototype.byte = function () {
    if (this.pos >= this.b.length) this.fail("内容提前结束");
    return this.b[this.pos++];
  };
  Reader.prototype.uint = function (low, high, what) {
    var value = 0, scale = 1, done = false;
    for (var i = 0; i < 5; i++) {
      var b = this.byte();
      value += (b & 127) * scale;
      scale *= 128;
      if (!(b & 128)) { done = true; break; }
    }
    if (!done) this.fail("数字过长");
    if (!(value >= low && value <= high)) this.fail(what + "超出范围");
    return value;
  };
  Reader.prototype.str = function (kind, what) {
    var length = this.uint(0, LIMITS[kind], what + "长度");
    if (this.pos + length > this.b.length) this.fail("内容提前结束");
    var raw = new Uint8Array(this.b.slice(this.pos, this.pos + length));
    this.pos += length;
    var text;
    try { text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw); }
    catch (e) { this.fail(what + "不是有效的 UTF-8"); }
    if (HIDDEN.test(text)) this.fail(what + "含有控制字符");
    if (kind === "id" && !ID.test(text)) this.fail(what + "格式不对");
    if (kind === "edition" && !EDITION.test(text)) this.fail("版次格式不对");
    return text;
  };
  Reader.prototype.question = function () {
    var rev = this.uint(1, 9999, "修订号");
    var flags = this.byte();
    var best = !!(flags & 1), answered = !!(flags & 2), branching = !!(flags & 4), option = flags >> 3;
    if (flags > 127 || (option && (branching || !answered))) this.fail("题目标记不对");
    if (best && !answered) this.fail("未作答的题不能算最佳");
    var choice = null;
    if (answered) choice = branching ? this.str("id", "结局编号") : option;
    return { rev: rev, kind: branching ? "branching" : "scenario", choice: choice, best: best };
  };
  Reader.prototype.result = function () {
    var edition = this.str("edition", "版次");
    var at = formatMinutes(this.uint(0, MAX_MINUTES, "时间"));
    var label = this.str("label", "作业名称");
    var learner = this.str("learner", "姓名");
    if (!learner.split(/\s+/).filter(Boolean).length) this.fail("缺少姓名");
    var pass = this.byte();
    if (pass > 100) this.fail("及格线超出范围");
    var quizzes = [], count = this.uint(1, 30, "练习数");
    for (var i = 0; i < count; i++) {
      var id = this.str("id", "练习编号");
      var questions = [], n = this.uint(1, 60, "题数");
      for (var j = 0; j < n; j++) questions.push(this.question());
      var score = questions.filter(function (q) { return q.best; }).length;
      quizzes.push({ id: id, questions: questions, score: score, total: questions.length });
    }
    if (this.pos !== this.b.length) this.fail("结尾有多余内容");
    return { edition: edition, at: at, label: label, learner: learner, pass: pass, quizzes: quizzes };
  };

  /* decode(code, editions) -> {ok: true, value} | {ok: false, reason, message} */
  function decode(code, editions) {
    try {
      return { ok: true, value: decodeOrThrow(String(code), editions) };
    } catch (e) {
      if (e instanceof CodeError) return { ok: false, reason: e.reason, message: e.message };
      throw e;
    }
  }
  function decodeOrThrow(code, editions) {
    code = code.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, "");
    if (!code) fail("empty");
    if (code.length > MAX_LENGTH) fail("too-long");
    if (code.indexOf(PREFIX) !== 0) {
      var m = /^GB(\d+)\./.exec(code);
      if (m && +m[1] !== 1) fail("unknown-version", { version: m[1] });
      fail("not-a-code");
    }
    var parts = code.slice(PREFIX.length).split(".");
    if (parts.length > 2 || !parts.every(function (p) { return B64.test(p); })) fail("bad-characters");
    if (parts.length < 2 || parts[1].length < 6) fail("truncated");
    if (parts[1].length > 6) fail("bad-characters");
    if (parts[1] !== check(PREFIX + parts[0])) fail("bad-check");
    var result = new Reader(b64decode(parts[0])).result();
    if (editions.indexOf(result.edition) < 0) {
      fail("unknown-edition", { edition: result.edition, known: editions.join("、") || "无" });
    }
    return result;
  }

  /* ---- pasted text → candidate codes, as codes.py (a code wrapped over lines is joined) ---- */
  var WHOLE = /^GB[0-9]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{6}$/, PIECE = /^[A-Za-z0-9_.\-]+$/, CODE_WORD = /GB[0-9][A-Za-z0-9_.\-]*/;
  function candidates(text) {
    var out = [], open = false;
    String(text).split(/\r\n|\r|\n/).forEach(function (line) {
      var words = line.split(/[ \t\f\v\u00a0\u3000]+/).filter(Boolean), found = [];
      if (open && words.length && PIECE.test(words[0]) && !/^GB[0-9]/.test(words[0])) {
        out[out.length - 1] += words.shift();
        if (!words.length) { open = !WHOLE.test(out[out.length - 1]); return; }
      }
      words.forEach(function (w) { var m = CODE_WORD.exec(w); if (m) found.push(m[0]); });
      if (found.length) {
        out = out.concat(found);
        var last = found[found.length - 1], word = words[words.length - 1];
        open = !WHOLE.test(last) && word.slice(-last.length) === last;
      } else if (words.length) { out.push(words.join(" ")); open = false; }
    });
    return out;
  }

  /* ---- rows and CSV, as codes.py ---- */
  function zone(offset) {
    var a = Math.abs(offset);
    return "UTC" + (offset < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + ":" + pad(a % 60);
  }
  /* titles: quiz id → title (a Map or an object; else the id); offset: minutes east of UTC
     (else this browser's zone at that time). A quiz with an unanswered question is unfinished. */
  function rows(result, titles, offset) {
    var minutes = parseMinutes(result.at);
    if (offset === undefined || offset === null) offset = -new Date(minutes * 60000).getTimezoneOffset();
    var local = formatMinutes(minutes + offset).replace("T", " ").replace("Z", "");
    return result.quizzes.map(function (quiz) {
      var missing = [];
      quiz.questions.forEach(function (q, i) { if (q.choice === null) missing.push(i + 1); });
      var passed = quiz.score * 100 >= result.pass * quiz.total;
      var title = titles && (titles instanceof Map ? titles.get(quiz.id) :
        Object.prototype.hasOwnProperty.call(titles, quiz.id) ? titles[quiz.id] : undefined);
      return {
        learner: result.learner, label: result.label, quiz: quiz.id, title: title === undefined ? quiz.id : title,
        status: missing.length ? "unfinished" : passed ? "passed" : "failed",
        answered: quiz.total - missing.length, score: quiz.score, total: quiz.total,
        percent: Math.floor((200 * quiz.score + quiz.total) / (2 * quiz.total)),
        passed: passed && !missing.length, pass_mark: result.pass, missing: missing,
        edition: result.edition, completed_at: result.at, local_time: local, zone: zone(offset)
      };
    });
  }
  function cell(text) {
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }
  function value(row, key) {
    var v = row[key];
    if (key === "status") return STATUS[v];
    if (key === "percent" || key === "pass_mark") return v + "%";
    if (key === "missing") return v.length ? "第 " + v.join("、") + " 题" : "";
    if (key === "edition") return v + " 版"; /* a spreadsheet would read 2026.10 as the number 2026.1 */
    return String(v);
  }
  function csv(table) {
    var lines = [COLUMNS.map(function (c) { return cell(c[0]); }).join(",")];
    table.forEach(function (row) {
      lines.push(COLUMNS.map(function (c) { return cell(value(row, c[1])); }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  /* Any table as CSV (the item analysis): a header row, then rows of strings. */
  function table(head, body) {
    return [head].concat(body).map(function (r) { return r.map(function (c) { return cell(String(c)); }).join(","); }).join("\r\n") + "\r\n";
  }

  window.GaobiaoCodes = {
    encode: encode, decode: decode, candidates: candidates, rows: rows, csv: csv, table: table, clean: clean,
    formatMinutes: formatMinutes, REASONS: REASONS, COLUMNS: COLUMNS, STATUS: STATUS
  };
  /* Instant navigation may have run trainer.js first: it waits for this (trainer.js, top). */
  if (window.GaobiaoTrainer) window.GaobiaoTrainer.mount();
})();
