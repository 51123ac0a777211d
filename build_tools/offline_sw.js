/* Auroras service worker: the whole site offline after one visit.
 *
 * build_tools/offline.py writes this file into the site as sw.js, with the line
 * `self.AURORAS = {...}` in front: the version (a hash of the list) and every file with the hash of
 * its content. A new build with any changed file is a new sw.js, so the browser installs it on the
 * next online visit.
 *
 *  - install: every listed file is fetched (bypassing the HTTP cache) into a new cache of that
 *    version. If one fails, the install fails and the old version stays in use as it was.
 *  - activate: only then are older versions deleted, so pages, assets and the search index always
 *    come from one version (no mixture of old and new files).
 *  - fetch: files of the list from the cache; PDFs from the network, kept when opened (under their
 *    hash, so a changed PDF is fetched again); anything else from the network.
 */
"use strict";

var CACHE = "auroras-" + self.AURORAS.version;
var PDF_CACHE = "auroras-pdf";
var SCOPE = new URL(self.registration.scope);
var FILES = self.AURORAS.files;      // {"teemat/x/": "sha256 prefix", ...}, relative to the scope
var PDFS = self.AURORAS.pdfs;        // the same for PDFs, fetched only when opened

function relative(url) {
  if (url.origin !== SCOPE.origin || url.pathname.indexOf(SCOPE.pathname) !== 0) return null;
  var path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  return path.replace(/(^|\/)index\.html$/, "$1");
}

function absolute(path) {
  return new URL(path.split("/").map(encodeURIComponent).join("/"), SCOPE).href;
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(Object.keys(FILES).map(function (path) {
      var request = new Request(absolute(path), { cache: "reload", credentials: "same-origin" });
      return fetch(request).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return cache.put(absolute(path), response);
      });
    }));
  }).then(function () {
    return self.skipWaiting();
  }).catch(function (error) {
    // A half-filled cache is never used: drop it and let the old version go on.
    return caches.delete(CACHE).then(function () { throw error; });
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("auroras-") === 0 && name !== CACHE && name !== PDF_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return caches.open(PDF_CACHE);
  }).then(function (cache) {
    // Keep a stored PDF only while this version still has the same file.
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        var url = new URL(request.url);
        var path = relative(url);
        if (path === null || PDFS[path] !== url.searchParams.get("auroras")) return cache.delete(request);
      }));
    });
  }).then(function () {
    return self.clients.claim();
  }).then(function () {
    return self.clients.matchAll({ type: "window" });
  }).then(function (windows) {
    windows.forEach(function (client) { client.postMessage({ type: "auroras-ready", version: self.AURORAS.version }); });
  }));
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "auroras-status" && event.source) {
    caches.has(CACHE).then(function (ready) {
      if (ready) event.source.postMessage({ type: "auroras-ready", version: self.AURORAS.version });
    });
  }
});

function fromCache(path) {
  return caches.open(CACHE).then(function (cache) { return cache.match(absolute(path)); });
}

function pdf(request, path) {
  var key = absolute(path) + "?auroras=" + encodeURIComponent(PDFS[path]);
  return caches.open(PDF_CACHE).then(function (cache) {
    return cache.match(key).then(function (stored) {
      if (stored) return stored;
      return fetch(request).then(function (response) {
        if (response.ok && response.status === 200) cache.put(key, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  var path = relative(url);
  if (path === null) return;
  if (Object.prototype.hasOwnProperty.call(FILES, path)) {
    event.respondWith(fromCache(path).then(function (response) { return response || fetch(request); }));
  } else if (Object.prototype.hasOwnProperty.call(PDFS, path)) {
    event.respondWith(pdf(request, path));
  } else if (request.mode === "navigate") {
    // An address that is not in the site: the network's answer, or offline the stored 404 page.
    event.respondWith(fetch(request).catch(function () {
      return fromCache("404.html").then(function (page) { return page || Response.error(); });
    }));
  }
});
