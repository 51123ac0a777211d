/* Auroras site search: Pagefind with Finnish base forms, in the page header.
 *
 * The search box goes into the theme's header (Material's, or the top of the
 * page in any other theme). Results update as the mentor types. Words that
 * the build added for search (between 〔 and 〕) are removed from excerpts.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.src.replace(/assets\/auroras-search\.js(\?.*)?$/, "");
  var bundle = root + "pagefind/";

  function clean(excerpt) {
    if (!excerpt) return excerpt;
    var text = excerpt
      .replace(/〔[^〕]*〕/g, " ")
      .replace(/〔[^〕]*$/, " ")
      .replace(/^[^〔]*〕/, " ");
    return text.replace(/\s+/g, " ").trim();
  }

  function processResult(result) {
    result.excerpt = clean(result.excerpt);
    (result.sub_results || []).forEach(function (sub) {
      sub.excerpt = clean(sub.excerpt);
    });
    return result;
  }

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function mount() {
    var box = document.createElement("div");
    box.className = "auroras-search";
    box.id = "auroras-search";
    box.setAttribute("role", "search");
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(box, header.querySelector(".md-header__source"));
    } else {
      document.body.insertBefore(box, document.body.firstChild);
    }
    load("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" });
    load("script", { src: bundle + "pagefind-ui.js" }).then(function () {
      var ui = new PagefindUI({
        element: "#auroras-search",
        bundlePath: bundle,
        showSubResults: true,
        showImages: false,
        excerptLength: 24,
        debounceTimeoutMs: 150,
        processResult: processResult,
        translations: { placeholder: "Hae materiaalista" }
      });
      var input = box.querySelector("input");
      document.addEventListener("click", function (event) {
        if (!box.contains(event.target) && input && input.value) ui.triggerSearch("");
      });
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { ui.triggerSearch(""); if (input) { input.value = ""; input.blur(); } }
      });
      document.addEventListener("keydown", function (event) {
        var typing = /input|textarea|select/i.test((event.target || {}).tagName || "");
        if ((event.key === "/" || event.key === "s") && !typing && input) { event.preventDefault(); input.focus(); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
