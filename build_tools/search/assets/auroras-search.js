/* Auroras site search in the page header: query understanding, Pagefind, merged results.
 *
 * AurorasQuery (auroras-query.js) turns the typed text into word groups, each
 * with its alternatives (as typed, base forms, synonym targets, a correction).
 * search() asks Pagefind once per alternative, takes the best score per group
 * and merges: pages that match every group first, then pages that match most
 * of them.  Listing pages (home, indexes, glossary, prints) come after the
 * pages that teach.  Excerpts are Pagefind's, from visible page text only;
 * when one has no highlighted word, the first visible passage that has one is
 * shown instead.  The UI below only renders what search() returns.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.src.replace(/assets\/auroras-search\.js(\?.*)?$/, "");
  var bundle = root + "pagefind/";
  var EXCERPT_WORDS = 24;
  var SHOWN = 10;
  var params = new URLSearchParams(location.search);
  // The benchmark turns parts off to measure them: ?auroras-search=no-typos,no-fillers,no-synonyms,lemma-strip
  var off = (params.get("auroras-search") || "").split(",");
  var OPTIONS = {
    typos: off.indexOf("no-typos") < 0,
    fillers: off.indexOf("no-fillers") < 0,
    synonyms: off.indexOf("no-synonyms") < 0,
    lemma: off.indexOf("lemma-strip") >= 0 ? "strip" : off.indexOf("lemma-none") >= 0 ? "none" : "map",
    merge: off.indexOf("no-merge") < 0
  };
  var META_WEIGHTS = { title: 5, auroras_terms: 2 };
  var PART_WEIGHT = 0.3;

  var engine = null;

  function loadLexicon() {
    return fetch(bundle + "auroras-lexicon.bin").then(function (r) {
      if (!r.ok) throw new Error("lexicon " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      var bytes = new Uint8Array(buf);
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
      }
      return new TextDecoder().decode(bytes);  // a server already decompressed it
    }).then(JSON.parse);
  }

  function start() {
    if (!engine) {
      engine = Promise.all([import(bundle + "pagefind.js"), loadLexicon()]).then(function (loaded) {
        var pagefind = loaded[0];
        return pagefind.options({
          baseUrl: root.replace(/^[a-z]+:\/\/[^/]+/i, ""),
          excerptLength: EXCERPT_WORDS,
          ranking: { metaWeights: META_WEIGHTS }
        }).then(function () { return pagefind.init(); }).then(function () {
          return {
            pagefind: pagefind,
            query: AurorasQuery.create(loaded[1], OPTIONS),
            listing: new Set(loaded[1].listing || [])
          };
        });
      });
    }
    return engine;
  }

  function sitePath(url) {
    var base = root.replace(/^[a-z]+:\/\/[^/]+/i, "");
    var path = url.split("#")[0];
    return path.indexOf(base) === 0 ? path.slice(base.length) : path.replace(/^\//, "");
  }

  // One search: the plan from AurorasQuery, Pagefind per alternative, merged and ranked.
  function search(e, text) {
    var plan = e.query.understand(text);
    var groups = plan.groups;
    if (!groups.length) return Promise.resolve({ plan: plan, results: [] });
    var asks = [];
    groups.forEach(function (g, gi) {
      // A compound part (työ of piilotyöpaikka) alone says less about the page than the whole word.
      var longest = Math.max.apply(null, g.forms.map(function (f) { return f.length; }));
      g.forms.forEach(function (form) {
        asks.push({ group: gi, form: form, weight: form.length < 0.6 * longest ? PART_WEIGHT : 1 });
      });
    });
    return Promise.all(asks.map(function (a) { return e.pagefind.search(a.form); })).then(function (answers) {
      var pages = new Map();
      answers.forEach(function (answer, ai) {
        var gi = asks[ai].group, weight = asks[ai].weight;
        ((answer && answer.results) || []).forEach(function (r) {
          var page = pages.get(r.id);
          if (!page) { page = { id: r.id, scores: {}, results: {} }; pages.set(r.id, page); }
          var score = r.score * weight;
          if (!(gi in page.scores) || score > page.scores[gi]) { page.scores[gi] = score; page.results[gi] = r; }
        });
      });
      var list = Array.from(pages.values()).map(function (p) {
        var keys = Object.keys(p.scores);
        p.matched = keys.length;
        p.score = keys.reduce(function (s, k) { return s + p.scores[k]; }, 0);
        p.best = p.results[keys.reduce(function (a, b) { return p.scores[a] >= p.scores[b] ? a : b; })];
        return p;
      }).filter(function (p) { return OPTIONS.merge || p.matched === groups.length; });
      list.sort(function (a, b) { return b.matched - a.matched || b.score - a.score; });
      var top = list.slice(0, SHOWN + 5);
      return Promise.all(top.map(function (p) { return p.best.data(); })).then(function (datas) {
        var asked = AurorasQuery.fold(text);
        top.forEach(function (p, i) {
          p.data = datas[i];
          // A listing page asked for by its title (sanasto, tulosteet) is not pushed down.
          var title = AurorasQuery.fold((datas[i].meta && datas[i].meta.title) || "");
          p.listing = e.listing.has(sitePath(datas[i].url)) && title !== asked;
        });
        top.sort(function (a, b) {
          return (a.listing - b.listing) || b.matched - a.matched || b.score - a.score;
        });
        return { plan: plan, results: top.slice(0, SHOWN) };
      });
    });
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // A visible passage of the page with the searched words highlighted (when Pagefind's has none).
  function ownExcerpt(e, content, plan) {
    var wanted = [];
    plan.groups.forEach(function (g) {
      g.forms.concat([g.typed]).forEach(function (f) {
        f.split(" ").forEach(function (w) { if (w.length > 2) wanted.push(AurorasQuery.fold(w)); });
      });
    });
    var words = content.split(/\s+/).filter(Boolean);
    function hit(word) {
      var clean = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      if (!clean) return false;
      var f = AurorasQuery.fold(clean);
      if (wanted.some(function (w) { return f.indexOf(w) === 0; })) return true;
      var bases = e.query.basesOfWord(clean.toLowerCase());
      return bases.some(function (b) { return wanted.indexOf(b) >= 0; });
    }
    var first = -1;
    for (var i = 0; i < words.length && first < 0; i++) if (hit(words[i])) first = i;
    if (first < 0) return null;
    var from = Math.max(0, first - Math.floor(EXCERPT_WORDS / 3));
    var part = words.slice(from, from + EXCERPT_WORDS).map(function (w) {
      return hit(w) ? "<mark>" + escapeHtml(w) + "</mark>" : escapeHtml(w);
    });
    return (from > 0 ? "… " : "") + part.join(" ") + (from + EXCERPT_WORDS < words.length ? " …" : "");
  }

  function render(box, e, text, answer) {
    var out = box.querySelector(".auroras-search__results");
    var plan = answer.plan;
    var html = "";
    if (plan.suggestion) {
      html += '<p class="auroras-search__suggestion">Tarkoititko <a href="#" data-query="' +
        escapeHtml(plan.suggestion) + '">' + escapeHtml(plan.suggestion) + "</a>?</p>";
    }
    if (!answer.results.length) {
      html += '<p class="auroras-search__status">Ei tuloksia haulle “' + escapeHtml(text) + "”</p>";
    } else {
      html += '<p class="auroras-search__status">' + answer.results.length +
        (answer.results.length === 1 ? " tulos" : " tulosta") + " haulle “" + escapeHtml(text) + "”</p><ol>";
      answer.results.forEach(function (p) {
        var d = p.data;
        var excerpt = /<mark>/.test(d.excerpt || "") ? d.excerpt : ownExcerpt(e, d.content || "", plan) || d.excerpt;
        html += '<li class="auroras-search__result"><a class="auroras-search__link" href="' + escapeHtml(d.url) + '">' +
          escapeHtml((d.meta && d.meta.title) || d.url) + '</a><p class="auroras-search__excerpt">' + excerpt + "</p>";
        var subs = (d.sub_results || []).filter(function (s) {
          return s.url !== d.url && /<mark>/.test(s.excerpt || "");
        }).slice(0, 3);
        if (subs.length) {
          html += '<ul class="auroras-search__subs">';
          subs.forEach(function (s) {
            html += '<li><a class="auroras-search__sublink" href="' + escapeHtml(s.url) + '">' + escapeHtml(s.title) +
              '</a><p class="auroras-search__excerpt">' + s.excerpt + "</p></li>";
          });
          html += "</ul>";
        }
        html += "</li>";
      });
      html += "</ol>";
    }
    out.innerHTML = html;
    out.hidden = false;
    box.setAttribute("data-done-query", text);
  }

  function mount() {
    var box = document.createElement("div");
    box.className = "auroras-search";
    box.id = "auroras-search";
    box.setAttribute("role", "search");
    box.innerHTML = '<input class="auroras-search__input" type="search" autocomplete="off" spellcheck="false" ' +
      'placeholder="Hae materiaalista" aria-label="Hae materiaalista">' +
      '<div class="auroras-search__results" aria-live="polite" hidden></div>';
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(box, header.querySelector(".md-header__source"));
    } else {
      document.body.insertBefore(box, document.body.firstChild);
    }
    var input = box.querySelector("input");
    var out = box.querySelector(".auroras-search__results");
    var timer = null, latest = 0;

    function clear() { out.hidden = true; out.innerHTML = ""; box.removeAttribute("data-done-query"); }

    function run() {
      var text = input.value.trim();
      var ticket = ++latest;
      if (!text) { clear(); return; }
      start().then(function (e) {
        return search(e, text).then(function (answer) {
          if (ticket === latest) render(box, e, text, answer);
        });
      }).catch(function (err) {
        if (ticket === latest) {
          out.hidden = false;
          out.innerHTML = '<p class="auroras-search__status">Haku ei ole käytettävissä.</p>';
          box.setAttribute("data-done-query", text);
        }
        if (window.console) console.error(err);
      });
    }

    input.addEventListener("focus", function () {
      start().then(function () { box.setAttribute("data-ready", ""); }, function () {});
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      box.removeAttribute("data-done-query");
      timer = setTimeout(run, 60);
    });
    out.addEventListener("click", function (event) {
      var a = event.target.closest("a[data-query]");
      if (a) { event.preventDefault(); input.value = a.getAttribute("data-query"); run(); input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) clear();
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; clear(); input.blur(); }
    });
    document.addEventListener("keydown", function (event) {
      var typing = /input|textarea|select/i.test((event.target || {}).tagName || "");
      if ((event.key === "/" || event.key === "s") && !typing) { event.preventDefault(); input.focus(); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
