/* Auroras site script: progressive enhancement only. Without it every page still reads and works.
 *  - tables: each cell learns its column's name, so phones can show a table as stacked cards;
 *  - glossary: a filter box that narrows the word list as you type (the letter index is in the page);
 *  - offline: registers the service worker (sw.js, written at build time by build_tools/offline.py)
 *    and shows "Käytettävissä ilman verkkoa" in the footer once the whole site is stored.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = (script && script.getAttribute("data-auroras-root")) || ".";
  if (!/\/$/.test(root)) root += "/";

  /* Tables as cards: data-label for the CSS below 600 px, roles so that screen readers keep the
     table's rows and columns when the cells are laid out as blocks. */
  function stackTables() {
    var tables = document.querySelectorAll(".md-content table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.hasAttribute("data-auroras-stack") || !table.tHead || table.querySelector("[colspan],[rowspan]")) return;
      var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (group) {
        group.setAttribute("role", "rowgroup");
      });
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        // An empty cell is left out of a card, unless the whole row is empty (a row to write in).
        var filled = Array.prototype.some.call(row.cells, function (cell) { return cell.textContent.trim(); });
        if (filled) {
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (!cell.textContent.trim() && !cell.querySelector("img")) cell.setAttribute("data-auroras-empty", "");
          });
        }
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (cell.tagName === "TH") {
            cell.setAttribute("role", "columnheader");
          } else {
            cell.setAttribute("role", "cell");
            if (heads[index]) cell.setAttribute("data-label", heads[index]);
          }
        });
      });
      table.setAttribute("data-auroras-stack", "");
    });
  }

  /* A table wider than its column scrolls in its own box: keyboard users must be able to reach and
     scroll it (WCAG 2.1.1), so such a box takes focus. */
  function scrollableTables() {
    var boxes = document.querySelectorAll(".md-content .md-typeset__scrollwrap, .md-content table");
    Array.prototype.forEach.call(boxes, function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-auroras-scroll", "");
      } else if (!scrolls && box.hasAttribute("data-auroras-scroll")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-auroras-scroll");
      }
    });
  }

  /* Glossary filter: matches words and their translations (not where they are taught), case-insensitively. */
  function fold(text) {
    text = text.toLocaleLowerCase("fi");
    return text.normalize ? text.normalize("NFC") : text;
  }

  function glossaryFilter() {
    var index = document.querySelector(".auroras-glossary-tools");
    if (!index) return;
    index.setAttribute("role", "navigation");
    index.setAttribute("aria-label", "Sanaston kirjaimet");
    var letters = Array.prototype.slice.call(document.querySelectorAll(".md-content h2.auroras-glossary-letter"));
    var sections = letters.map(function (heading) {
      var parts = [], node = heading.nextElementSibling;
      while (node && !(node.tagName === "H2")) {
        parts.push(node);
        node = node.nextElementSibling;
      }
      var rows = [];
      parts.forEach(function (part) {
        Array.prototype.forEach.call(part.querySelectorAll("tbody tr"), function (row) {
          // The word and its translations; not the places where it is taught.
          var words = row.cells[0] ? row.cells[0].textContent : "";
          var translations = row.cells[1] ? row.cells[1].textContent : "";
          rows.push({ row: row, text: fold(words + " " + translations) });
        });
      });
      var link = index.querySelector('a[href="#' + heading.id + '"]');
      return { heading: heading, parts: parts, rows: rows, item: link && link.parentNode };
    });
    var total = sections.reduce(function (n, s) { return n + s.rows.length; }, 0);

    var form = document.createElement("form");
    form.className = "auroras-glossary-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Sanasto");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var label = document.createElement("label");
    label.setAttribute("for", "auroras-glossary-filter");
    label.textContent = "Suodata sanastoa";
    var hint = document.createElement("span");
    hint.id = "auroras-glossary-filter-hint";
    hint.className = "auroras-glossary-hint";
    hint.textContent = "Kirjoita sana tai sen käännös. Lista lyhenee kirjoittaessasi.";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "auroras-glossary-filter";
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", hint.id);
    input.setAttribute("enterkeyhint", "search");
    var status = document.createElement("p");
    status.className = "auroras-glossary-status";
    status.setAttribute("role", "status");
    form.appendChild(label);
    form.appendChild(hint);
    form.appendChild(input);
    form.appendChild(status);
    index.parentNode.insertBefore(form, index);

    var timer = null;
    function apply() {
      var query = fold(input.value.trim());
      var shown = 0;
      sections.forEach(function (section) {
        var visible = 0;
        section.rows.forEach(function (entry) {
          var match = !query || entry.text.indexOf(query) !== -1;
          entry.row.hidden = !match;
          if (match) visible += 1;
        });
        var empty = visible === 0;
        section.heading.hidden = empty;
        section.parts.forEach(function (part) { part.hidden = empty; });
        if (section.item) section.item.hidden = empty;
        shown += visible;
      });
      if (!query) status.textContent = "";
      else if (shown === 0) status.textContent = "Ei sanoja haulla \u201d" + input.value.trim() + "\u201d.";
      else status.textContent = "Löytyi " + shown + (shown === 1 ? " sana" : " sanaa") + " (kaikkiaan " + total + ").";
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
      }
    });
  }

  /* Offline: the service worker stores the whole site; the footer says when that is done. */
  function offlineStatus() {
    var footer = document.querySelector(".md-footer-meta__inner");
    if (!footer) return null;
    var line = document.createElement("p");
    line.className = "auroras-offline-status";
    line.setAttribute("role", "status");
    footer.appendChild(line);
    return line;
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    var line = offlineStatus();
    var hadController = !!navigator.serviceWorker.controller;
    var touched = false;
    ["pointerdown", "keydown", "scroll", "input"].forEach(function (name) {
      window.addEventListener(name, function () { touched = true; }, { once: true, passive: true });
    });
    function say(text) { if (line) line.textContent = text; }

    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (!hadController) return; // the first install: this page is already the stored version
      hadController = true;
      // A new version took over. Reload into it unless the reader is already busy with this page,
      // so that a page never mixes files of two versions.
      if (!touched) {
        window.location.reload();
        return;
      }
      if (!line) return;
      line.textContent = "Materiaalista on uusi versio. ";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "auroras-offline-reload";
      button.textContent = "Näytä uusi versio";
      button.addEventListener("click", function () { window.location.reload(); });
      line.appendChild(button);
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "auroras-ready") say("Käytettävissä ilman verkkoa");
    });
    navigator.serviceWorker.register(root + "sw.js", { scope: root }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // An active worker has the whole site stored: it activates only after every file is in its cache.
      if (registration.active) registration.active.postMessage({ type: "auroras-status" });
    }).catch(function () { /* no offline copy; the site works online as before */ });
  }

  function start() {
    stackTables();
    glossaryFilter();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  var resizing = null;
  function watchTables() {
    scrollableTables();
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(scrollableTables, 200);
    });
  }
  if (document.readyState === "complete") watchTables();
  else window.addEventListener("load", watchTables);
  // After the page has loaded, so that storing the site never slows down the first page.
  if (document.readyState === "complete") registerWorker();
  else window.addEventListener("load", registerWorker);
})();
