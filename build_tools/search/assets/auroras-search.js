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
  // Pagefind adds a meta boost per field of weight × IDF × coverage², where coverage grows with every word of the
  // field the search term is a prefix of: base forms (palkka, palkkatuki, palkkaava) would outweigh the text.
  // So the added words only find a page and break ties; a match in the title counts like a heading.
  var META_WEIGHTS = { title: 30, auroras_terms: 0.1 };
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
      // Compounds that end in the word (ammattinimike for nimike), weighted by AurorasQuery.
      (g.expansions || []).forEach(function (x) { asks.push({ group: gi, form: x.form, weight: x.weight }); });
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

  function countText(n, text) {
    return (n ? n + (n === 1 ? " tulos" : " tulosta") : "Ei tuloksia") + " haulle “" + text + "”";
  }

  // The panel's HTML for one answer (the status line in it is visible; the live region says it aloud).
  function render(box, e, text, answer) {
    var out = box.querySelector(".auroras-search__results");
    var plan = answer.plan;
    var html = "";
    if (plan.suggestion) {
      html += '<p class="auroras-search__suggestion">Tarkoititko <a href="#" data-query="' +
        escapeHtml(plan.suggestion) + '">' + escapeHtml(plan.suggestion) + "</a>?</p>";
    }
    html += '<p class="auroras-search__status">' + escapeHtml(countText(answer.results.length, text)) + "</p>";
    if (answer.results.length) {
      html += "<ol>";
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
    out.scrollTop = 0;  // a new answer is read from its top
    box.setAttribute("data-done-query", text);
    return countText(answer.results.length, text) + (plan.suggestion ? ". Tarkoititko " + plan.suggestion + "?" : "");
  }

  // The header search.  A labelled search field; results in a panel below it that closes when focus
  // leaves the field and the panel; the result count in a separate polite status region.  Keys: Enter
  // opens the first result, ArrowDown/ArrowUp move focus through the result links and back to the field,
  // Escape closes the panel.  Focus really moves to the links (no listbox/aria-activedescendant): a result
  // is a link with an excerpt and section links, which a listbox option may not contain.
  function mount() {
    var box = document.createElement("div");
    box.className = "auroras-search";
    box.id = "auroras-search";
    box.setAttribute("role", "search");
    box.innerHTML =
      '<label class="auroras-search__sr" for="auroras-search-input">Hae materiaalista</label>' +
      '<input class="auroras-search__input" id="auroras-search-input" type="search" autocomplete="off" ' +
      'spellcheck="false" placeholder="Hae materiaalista" aria-describedby="auroras-search-hint" ' +
      'aria-controls="auroras-search-results">' +
      '<p class="auroras-search__sr" id="auroras-search-hint">Tulokset näkyvät kirjoittaessa. ' +
      "Nuoli alas vie tuloksiin, Enter avaa ensimmäisen tuloksen.</p>" +
      '<p class="auroras-search__sr auroras-search__live" role="status"></p>' +
      '<div class="auroras-search__results" id="auroras-search-results" tabindex="-1" hidden></div>';
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(box, header.querySelector(".md-header__source"));
    } else {
      document.body.insertBefore(box, document.body.firstChild);
    }
    var input = box.querySelector("input");
    var out = box.querySelector(".auroras-search__results");
    var live = box.querySelector(".auroras-search__live");
    var timer = null, sayTimer = null, latest = 0, openFirst = 0;

    // Said once typing pauses, not at every keystroke.
    function say(text) {
      clearTimeout(sayTimer);
      if (!text) { live.textContent = ""; return; }
      sayTimer = setTimeout(function () { live.textContent = text; }, 500);
    }
    function current() { return box.getAttribute("data-done-query") === input.value.trim() && out.innerHTML !== ""; }
    function show() { if (current()) out.hidden = false; }
    function hide() { out.hidden = true; }
    function clear() { hide(); out.innerHTML = ""; box.removeAttribute("data-done-query"); say(""); }
    function links() { return Array.prototype.slice.call(out.querySelectorAll("a[data-query], a.auroras-search__link")); }
    function openFirstResult() {
      var first = out.querySelector("a.auroras-search__link");
      if (first) window.location.href = first.href;
    }

    function run() {
      var text = input.value.trim();
      var ticket = ++latest;
      if (!text) { clear(); return; }
      start().then(function (e) {
        return search(e, text).then(function (answer) {
          if (ticket !== latest) return;
          var spoken = render(box, e, text, answer);
          if (openFirst === ticket && out.querySelector("a.auroras-search__link")) { openFirstResult(); return; }
          if (box.contains(document.activeElement)) { out.hidden = false; say(spoken); }
        });
      }).catch(function (err) {
        if (ticket === latest) {
          out.innerHTML = '<p class="auroras-search__status">Haku ei ole käytettävissä.</p>';
          box.setAttribute("data-done-query", text);
          if (box.contains(document.activeElement)) out.hidden = false;
          say("Haku ei ole käytettävissä.");
        }
        if (window.console) console.error(err);
      });
    }

    input.addEventListener("focus", function (event) {
      start().then(function () { box.setAttribute("data-ready", ""); }, function () {});
      // Coming back from elsewhere shows the same results again (not when Escape sent focus here).
      if (!event.relatedTarget || !box.contains(event.relatedTarget)) show();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      box.removeAttribute("data-done-query");
      timer = setTimeout(run, 60);
    });
    out.addEventListener("click", function (event) {
      var a = event.target.closest("a[data-query]");
      if (a) { event.preventDefault(); input.value = a.getAttribute("data-query"); input.focus(); run(); }
    });
    // Closed when focus goes elsewhere in the page (not when the whole window loses focus).
    box.addEventListener("focusout", function () {
      setTimeout(function () { if (!box.contains(document.activeElement)) hide(); }, 0);
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) hide();
    });
    box.addEventListener("keydown", function (event) {
      if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      var inField = event.target === input;
      if (event.key === "Escape") {
        if (!out.hidden) { event.preventDefault(); hide(); input.focus(); }
        return;  // with the panel closed, the search field's own Escape empties it
      }
      if (event.key === "Enter" && inField) {
        event.preventDefault();
        if (current()) { openFirstResult(); return; }
        if (input.value.trim()) { clearTimeout(timer); run(); openFirst = latest; }
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var list = links();
      if (!list.length || !current()) return;
      if (inField) {
        if (event.key === "ArrowDown") { event.preventDefault(); show(); list[0].focus(); }
        return;
      }
      // From a section link (or the excerpt's own link), the arrows go by result.
      var result = event.target.closest && event.target.closest(".auroras-search__result");
      var own = result ? result.querySelector("a.auroras-search__link") : event.target;
      var at = list.indexOf(own);
      if (at < 0) return;
      event.preventDefault();
      if (event.key === "ArrowUp" && own !== event.target) own.focus();
      else if (event.key === "ArrowDown") list[Math.min(at + 1, list.length - 1)].focus();
      else if (at === 0) input.focus();
      else list[at - 1].focus();
    });
    // The one single-key shortcut is "/" (to the search field).  Material's own single keys (n . p ,
    // for the next and previous page, listened to on window) are stopped here: they fire while a
    // reader types into an assistive tool or speech input and cannot be turned off (WCAG 2.1.4).
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.key.length !== 1 || event.key === " ") return;
      var el = event.target || {};
      if (/^(input|textarea|select)$/i.test(el.tagName || "") || el.isContentEditable) return;
      if (event.key === "/" && !event.altKey) { event.preventDefault(); input.focus(); }
      event.stopPropagation();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
