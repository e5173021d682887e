/* 高标手册 — site search: Pagefind, shown in Material's search dialog.
 *
 * Nothing is fetched until the reader opens the search box: then Pagefind's script, its
 * WebAssembly and the index chunks for the words typed (all under pagefind/ on this site,
 * built by hooks/search_index.py). Results render in Material's markup (one entry per page,
 * its matching sections under it); a result opens the page at the section with ?h=words,
 * and the words are marked there.
 *
 * Chinese words: Pagefind's index is segmented at build time (jieba), the query in the
 * browser by Intl.Segmenter (ICU). Where ICU does not know a word it splits it into single
 * characters (链接 → 链 接, 闪躲 → 闪 躲), which Pagefind would require one by one. Such runs
 * are joined back into one word here; Pagefind is asked for its first character (a prefix,
 * so the indexed word 链接 matches), and only pages whose text holds the whole word are
 * kept. A two-character word is never matched as its first character alone.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("__config").textContent);
  // Resolved once: instant navigation keeps this script and the header across pages.
  var base = new URL(config.base, location.href);
  var t = config.translations;
  var toggle = document.getElementById("__search");
  var dialog = document.querySelector("[data-gb-search]");
  if (!toggle || !dialog) return;
  var input = dialog.querySelector(".md-search__input");
  var form = dialog.querySelector(".md-search__form");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var output = dialog.querySelector(".md-search__scrollwrap");

  var PAGES = 10;      // pages listed
  var SECTIONS = 3;    // sections listed under a page
  var CHECKED = 40;    // pages read to confirm whole words, when a word had to be widened
  var HAN = /\p{Script=Han}/u;
  var segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  meta.textContent = t["search.result.placeholder"];

  /* ---- Pagefind, loaded on first use ---------------------------------------------- */

  var engine = null;
  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname, excerptLength: 24 })
          .then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
      engine.catch(function () { engine = null; });  // a failed load is retried next time
    }
    return engine;
  }

  /* ---- The query: words as the index has them ----------------------------------------- */

  // Words of the query: ICU's words, with runs of single Han characters joined back.
  function words(query) {
    var out = [];
    var pieces = segmenter
      ? Array.from(segmenter.segment(query), function (s) { return s.isWordLike ? s.segment : " "; })
      : query.split(/\s+/);
    var run = "";
    function flush() {
      if (run) out.push(run);
      run = "";
    }
    pieces.forEach(function (p) {
      p = p.trim().toLowerCase();
      if (!p) return flush();
      if (p.length === 1 && HAN.test(p)) {
        run += p;
      } else {
        flush();
        out.push(p);
      }
    });
    flush();
    return out.filter(function (w, i) { return out.indexOf(w) === i; });
  }

  // What Pagefind is asked: a word ICU would split is asked by its first character.
  function pagefindQuery(list) {
    return list.map(function (w) { return widened(w) ? w[0] : w; }).join(" ");
  }

  function widened(w) {
    return HAN.test(w) && w.length > 1 && segmenter &&
      Array.from(segmenter.segment(w)).length > 1 &&
      Array.from(segmenter.segment(w)).every(function (s) { return s.segment.length === 1; });
  }

  function plain(text) {
    return text.replace(/\u200b/g, "").toLowerCase();
  }

  /* ---- Searching ------------------------------------------------------------------------ */

  var latest = 0;

  function search(query) {
    var n = ++latest;
    var terms = words(query);
    if (!terms.length) {
      show(n, query, terms, []);
      return Promise.resolve();
    }
    meta.textContent = t["search.result.initializer"];
    return load().then(function (pf) {
      return pf.search(pagefindQuery(terms)).then(function (found) {
        if (n !== latest) return;
        var check = terms.some(widened);
        var take = found.results.slice(0, check ? CHECKED : PAGES);
        return Promise.all(take.map(function (r) { return r.data(); })).then(function (pages) {
          if (check) {
            pages = pages.filter(function (p) {
              var text = plain(p.content);
              return terms.every(function (w) { return text.indexOf(w) >= 0; });
            });
          }
          show(n, query, terms, rank(pages, terms, check).slice(0, PAGES));
        });
      });
    }).catch(function (err) {
      if (n !== latest) return;
      list.replaceChildren();
      meta.textContent = t["search.result.none"];
      console.warn("search:", err);
    });
  }

  // Pages whose title holds every word first; then Pagefind's order. When a word was widened,
  // Pagefind ranked its first character, so the pages go instead by the shortest section
  // that holds the whole words (a word that is what a short section is about, such as a
  // glossary entry, before one mentioned in passing), then by how densely the page holds them.
  function rank(pages, terms, widenedQuery) {
    return pages
      .map(function (p, i) {
        var title = plain(p.meta.title || "");
        var whole = terms.every(function (w) { return title.indexOf(w) >= 0; });
        var key = widenedQuery ? [-section(p, terms), -density(p, terms)] : [i];
        return { p: p, key: [whole ? 0 : 1].concat(key) };
      })
      .sort(function (a, b) {
        for (var k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k] - b.key[k];
        return 0;
      })
      .map(function (x) { return x.p; });
  }

  function section(page, terms) {
    var starts = page.anchors.map(function (a) { return a.location; }).sort(function (a, b) { return a - b; });
    return (page.sub_results || []).reduce(function (best, s) {
      var text = plain(s.excerpt.replace(/<\/?mark>/g, ""));
      if (!terms.every(function (w) { return text.indexOf(w) >= 0; })) return best;
      var from = s.anchor ? s.anchor.location : 0;
      var to = starts.filter(function (l) { return l > from; })[0];
      return Math.max(best, 1 / Math.max((to === undefined ? page.word_count : to) - from, 1));
    }, 0);
  }

  function density(page, terms) {
    var text = plain(page.content);
    return terms.reduce(function (sum, w) { return sum + text.split(w).length - 1; }, 0) /
      Math.max(text.length, 1);
  }

  /* ---- Rendering (Material's result markup) ------------------------------------------- */

  function show(n, query, terms, pages) {
    if (n !== latest) return;
    list.replaceChildren.apply(list, pages.map(function (p) { return item(p, terms); }));
    if (!query.trim()) meta.textContent = t["search.result.placeholder"];
    else if (!pages.length) meta.textContent = t["search.result.none"];
    else if (pages.length === 1) meta.textContent = t["search.result.one"];
    else meta.textContent = t["search.result.other"].replace("#", pages.length);
    list.setAttribute("data-gb-query", query);  // the results on view are for this query
  }

  function item(page, terms) {
    var li = el("li", "md-search-result__item");
    li.appendChild(link(page.url, terms, page.meta.title, page.excerpt, true));
    var seen = {};
    seen[page.url] = true;
    (page.sub_results || [])
      .filter(function (s) {
        // sections below the title (the part under the h1 is the page's own entry)
        var heading = s.anchor && s.anchor.element !== "h1";
        return heading && s.locations && s.locations.length && !seen[s.url] && (seen[s.url] = true);
      })
      .slice(0, SECTIONS)
      .forEach(function (s) { li.appendChild(link(s.url, terms, s.title, s.excerpt, false)); });
    return li;
  }

  function link(url, terms, title, excerpt, parent) {
    var target = new URL(url, location.href);
    target.searchParams.set("h", terms.join(" "));
    var a = el("a", "md-search-result__link");
    a.href = target.href;
    var article = el("article", "md-search-result__article md-typeset");
    if (parent) article.appendChild(el("div", "md-search-result__icon md-icon"));
    article.appendChild(el(parent ? "h1" : "h2", null, title));
    var p = el("p");
    excerpt.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) p.appendChild(marked ? el("mark", null, part) : document.createTextNode(part));
      return marked;
    }, false);
    article.appendChild(p);
    a.appendChild(article);
    return a;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text.replace(/\u200b/g, "");
    return e;
  }

  /* ---- The dialog: open, close, keys ---------------------------------------------------- */

  var returnFocus = null;

  function open() {
    if (!toggle.checked) {
      returnFocus = document.activeElement !== input ? document.activeElement : null;
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    var back = returnFocus;
    returnFocus = null;
    if (back && back !== document.body && document.contains(back)) back.focus();
    else input.blur();
  }

  function results() {
    return Array.from(list.querySelectorAll("a.md-search-result__link"));
  }

  // Typed, pasted, or committed by an input method (insertText fires no key-up).
  input.addEventListener("input", function (ev) {
    if (!ev.isComposing) search(input.value);
  });
  input.addEventListener("compositionend", function () { search(input.value); });
  input.addEventListener("focus", open);
  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = results()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(""); input.focus(); });
  });
  // A chosen result closes the dialog; instant navigation opens it.
  list.addEventListener("click", function (ev) {
    if (ev.target.closest("a")) {
      returnFocus = null;
      close();
    }
  });

  dialog.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      var items = [input].concat(results());
      var i = items.indexOf(document.activeElement);
      var next = items[(i + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      if (next) {
        ev.preventDefault();
        next.focus();
      }
    }
  });
  // Focus leaving the dialog (Tab past the last result, a click outside) closes it.
  dialog.addEventListener("focusout", function (ev) {
    if (ev.relatedTarget && !dialog.contains(ev.relatedTarget)) {
      returnFocus = null;
      close();
    }
  });
  // "/", "s" or "f" anywhere outside a text field opens search, as in Material.
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    var target = ev.target;
    if (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName)) return;
    if (ev.key === "/" || ev.key === "s" || ev.key === "f") {
      ev.preventDefault();
      open();
      input.focus();
      input.select();
    }
  });
  output.addEventListener("keydown", function (ev) {
    if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) input.focus();
  });

  /* ---- On the page opened from a result: mark the words --------------------------------- */

  function mark() {
    var h = new URL(location.href).searchParams.get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!h || !article) return;
    var terms = h.split(/\s+/).filter(Boolean).map(function (w) {
      var escaped = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return /^[a-z0-9]/i.test(w) ? "(?<![a-z0-9])" + escaped + "(?![a-z0-9])" : escaped;
    });
    if (!terms.length) return;
    var pattern = new RegExp(terms.join("|"), "gi");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return parent.closest("mark, script, style, .headerlink, [data-search-exclude]")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return;
      var frag = document.createDocumentFragment();
      var last = 0;
      text.replace(pattern, function (match, offset) {
        frag.appendChild(document.createTextNode(text.slice(last, offset)));
        var m = el("mark", null, match);
        m.setAttribute("data-md-highlight", "");
        frag.appendChild(m);
        last = offset + match.length;
      });
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.replaceWith(frag);
    });
  }

  if (window.document$) document$.subscribe(mark);
  else mark();

  dialog.setAttribute("data-gb-search", "ready");
})();
