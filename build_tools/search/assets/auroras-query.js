/* Auroras query understanding: what was typed -> the words to search for.
 *
 * Pure functions, no DOM and no Pagefind: the search UI (auroras-search.js)
 * calls AurorasQuery.create(lexicon).understand(text) and searches for the
 * result.  The lexicon is the build's data file (build_tools/search/lexicon.py):
 * the site's own words, their Voikko base forms, the staff's synonyms.
 *
 * For each typed word, in this order:
 *   synonyms (also phrases: "cover letter", and inflected: "duunissa"),
 *   filler words dropped (miten, saako, how, to ...),
 *   a word of the site as typed, or typed without ä/ö (tyosopimus),
 *   lemmatised: an inflected form the site does not use is matched through a
 *     form of the same word that it does (työuupumuksesta -> työuupumuksen ->
 *     työuupumus), or, in "strip" mode, by cutting a case ending,
 *   a prefix of a site word (typing in progress),
 *   corrected: one edit away (a swap of two letters counts as one), two for
 *     long words, from the site's words; the UI offers "Tarkoititko …?",
 *   otherwise dropped: Pagefind would only fall back to a short prefix.
 * Options turn parts off, so the benchmark can measure what each buys.
 */
(function (global) {
  "use strict";

  var FILLERS = (
    "miten mitä mita kuinka saako voiko onko mikä mika mitkä mitka missä missa mistä mista mihin milloin " +
    "miksi kuka ketä keta kenelle paljonko montako pitääkö pitaako täytyykö taytyyko tarvitseeko voinko " +
    "saanko pitää pitaa täytyy taytyy voi saa on ei ja tai se ne että etta jos kun minä mina mä ma mun " +
    "minun minulla minulle mulla mulle sinä sina sä sa sun olla olen oon ole olisi myös myos kanssa vai " +
    "niinku siis eli kannattaako kannattaa mitäs mites jotain jokin tää tämä tama toi tuo " +
    "how to a an the of in on for what is are do does did i my me can should when where why with about " +
    "and or get write make my your you it this that which who at by from as be"
  ).split(" ");
  // Case endings, possessive suffixes and clitics, typed without ä/ö, longest first.
  var ENDINGS = (
    "isiin itten iden ihin issa ista illa ilta ille iksi ineen ssa sta lla lta lle tta ksi seen siin hin " +
    "ina ita ien jen iin ia ja na ni si an en in on un yn mme nne nsa kin ko han t n a i"
  ).split(" ");
  // The weight of a page's score for a compound the typed word is the last part of (ammattinimike for nimike).
  var COMPOUND_WEIGHT = 0.6;
  var ENDING_SET = {};
  ENDINGS.forEach(function (e) { ENDING_SET[e] = true; });

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function tokens(text) {
    return text.normalize("NFC").toLowerCase()
      .replace(/[^\p{L}\p{N}\-'’ ]+/gu, " ")
      .split(/\s+/)
      .map(function (t) { return t.replace(/^[-'’]+|[-'’]+$/g, ""); })
      .filter(Boolean);
  }

  // Optimal string alignment distance (Damerau: a swap of neighbours is one edit), stopping above max.
  var rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    if (b.length >= 63 || a.length >= 63) return max + 1;
    var prev2 = rows[0], prev = rows[1], cur = rows[2], i, j, t;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur[0] = i;
      var best = i, ai = a.charCodeAt(i - 1), ap = i > 1 ? a.charCodeAt(i - 2) : -1;
      for (j = 1; j <= b.length; j++) {
        var bj = b.charCodeAt(j - 1);
        var v = prev[j - 1] + (ai === bj ? 0 : 1);
        if (prev[j] + 1 < v) v = prev[j] + 1;
        if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
        if (j > 1 && ap === bj && ai === b.charCodeAt(j - 2) && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return prev[b.length];
  }

  // The strong grade of a stem's last consonant: saiku -> saikku, tapa -> tappa (liksa stays).
  function strongGrade(stem) {
    var m = /^(.*[aeiouyäö])([kpt])([aeiouyäö])$/.exec(stem);
    return m ? m[1] + m[2] + m[2] + m[3] : null;
  }

  function create(data, options) {
    options = options || {};
    var use = {
      synonyms: options.synonyms !== false,
      fillers: options.fillers !== false,
      typos: options.typos !== false,
      compounds: options.compounds === undefined ? 2 : options.compounds,  // compounds searched per part
      lemma: options.lemma || "map"  // "map", "strip" or "none"
    };
    var words = data.words ? data.words.split("\n") : [];
    var freq = data.freq || [];
    var exact = new Map();
    var byFold = new Map();
    words.forEach(function (w, i) {
      exact.set(w, i);
      var f = fold(w);
      if (!byFold.has(f)) byFold.set(f, []);
      byFold.get(f).push(i);
    });
    var folded = Array.from(byFold.keys()).sort();
    var bases = new Map();
    var flat = data.bases || [];
    for (var k = 0; k < flat.length;) {
      var n = flat[k + 1];
      bases.set(flat[k], flat.slice(k + 2, k + 2 + n));
      k += 2 + n;
    }
    var synonyms = new Map();
    Object.keys(data.synonyms || {}).forEach(function (key) {
      if ((data.synonyms[key] || []).length) synonyms.set(fold(key.replace(/-/g, " ")), data.synonyms[key]);
    });
    var fillers = new Set(FILLERS.map(fold));

    // Compounds of the site that end in a word (ammattinimike for nimike, työmarkkina for markkina), with how
    // often their forms occur.  Pagefind finds compounds that begin with a word by itself (its prefix search),
    // never those that end in it: a search for the part is also a search for its most frequent compounds.
    var compounds = new Map();
    bases.forEach(function (list, form) {
      var set = [form].concat(list);
      set.forEach(function (part) {
        var p = words[part];
        set.forEach(function (whole) {
          var w = words[whole];
          if (whole === part || w.length < p.length + 3 || w.slice(-p.length) !== p) return;
          if (!compounds.has(part)) compounds.set(part, new Map());
          var m = compounds.get(part);
          m.set(whole, (m.get(whole) || 0) + (freq[form] || 1));
        });
      });
    });

    function compoundsOf(forms) {
      var out = [];
      forms.forEach(function (f) {
        var m = exact.has(f) ? compounds.get(exact.get(f)) : null;
        if (!m) return;
        Array.from(m.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
          .slice(0, use.compounds).forEach(function (e) {
            var w = words[e[0]];
            if (forms.indexOf(w) < 0 && out.indexOf(w) < 0) out.push(w);
          });
      });
      return out;
    }

    function lowerBound(key) {
      var lo = 0, hi = folded.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (folded[mid] < key) lo = mid + 1; else hi = mid;
      }
      return lo;
    }

    function isPrefix(f) {
      var i = lowerBound(f);
      return i < folded.length && folded[i].indexOf(f) === 0;
    }

    // The site's words, with their base forms, for a word folded to f (tyosopimus -> työsopimus).
    function formsOf(indices) {
      var out = [];
      indices.forEach(function (i) {
        out.push(words[i]);
        (bases.get(i) || []).forEach(function (b) { out.push(words[b]); });
      });
      return unique(out);
    }

    function wordsFolded(f) {
      return byFold.get(f) || null;
    }

    // An inflected form not on the site: a form on the site with the same stem and another ending.
    function lemmaByStem(f) {
      for (var e = 0; e < ENDINGS.length; e++) {
        var ending = ENDINGS[e];
        if (f.length - ending.length < 4 || f.slice(-ending.length) !== ending) continue;
        var stem = f.slice(0, -ending.length);
        var found = [];
        [stem, strongGrade(stem)].forEach(function (s) {
          if (!s) return;
          for (var i = lowerBound(s), seen = 0; i < folded.length && folded[i].indexOf(s) === 0 && seen < 300; i++, seen++) {
            var rest = folded[i].slice(s.length);
            if (rest === "" || ENDING_SET[rest]) {
              byFold.get(folded[i]).forEach(function (w) {
                var b = bases.get(w);
                if (rest === "" || b) found.push(w);
              });
            }
          }
        });
        if (found.length) {
          var out = [];
          found.forEach(function (w) {
            var b = bases.get(w);
            if (b) b.forEach(function (x) { out.push(words[x]); }); else out.push(words[w]);
          });
          return unique(out);
        }
      }
      return null;
    }

    // Last resort for an unseen inflection: the site's forms that share all but a few letters of their base
    // (työuupumuksesta ~ työuupumusta -> työuupumus).  Words with a common beginning sort together.
    function lemmaByNeighbours(f) {
      var at = lowerBound(f), best = 0, found = [];
      for (var i = Math.max(0, at - 40); i < Math.min(folded.length, at + 40); i++) {
        var c = folded[i], n = 0;
        while (n < c.length && n < f.length && c[n] === f[n]) n++;
        if (n < 5 || n < 0.6 * f.length) continue;  // most of the typed word must be the base's
        byFold.get(c).forEach(function (w) {
          [w].concat(bases.get(w) || []).forEach(function (b) {
            var base = fold(words[b]);
            if (base.indexOf(f.slice(0, n)) === 0 && n >= base.length - 2 && base.length >= 5) {
              if (n > best) { best = n; found = []; }
              if (n === best) found.push(words[b]);
            }
          });
        });
      }
      return found.length ? unique(found) : null;
    }

    function lemmaByStripping(f) {
      for (var e = 0; e < ENDINGS.length; e++) {
        var ending = ENDINGS[e];
        if (f.length - ending.length < 4 || f.slice(-ending.length) !== ending) continue;
        var stem = f.slice(0, -ending.length);
        if (isPrefix(stem)) return [stem];
      }
      return null;
    }

    function synonymFor(f) {
      f = f.replace(/-/g, " ");
      if (synonyms.has(f)) return synonyms.get(f);
      for (var e = 0; e < ENDINGS.length; e++) {
        var ending = ENDINGS[e];
        if (f.length - ending.length < 3 || f.slice(-ending.length) !== ending) continue;
        var stem = f.slice(0, -ending.length);
        var candidates = [stem, stem + "i", strongGrade(stem)];
        for (var c = 0; c < candidates.length; c++) {
          if (candidates[c] && synonyms.has(candidates[c])) return synonyms.get(candidates[c]);
        }
      }
      return null;
    }

    function correct(f) {
      var max = f.length >= 8 ? 2 : 1;
      var best = null, bestD = max + 1, bestF = -1;
      for (var i = 0; i < folded.length; i++) {
        var cand = folded[i];
        if (Math.abs(cand.length - f.length) > max || cand.length < 3) continue;
        if (cand.charCodeAt(0) !== f.charCodeAt(0) && cand.charCodeAt(1) !== f.charCodeAt(1)) continue;
        var d = distance(f, cand, Math.min(max, bestD));
        if (d > max) continue;
        var fr = 0;
        byFold.get(cand).forEach(function (w) { fr = Math.max(fr, freq[w] || 0); });
        if (d < bestD || (d === bestD && fr > bestF)) { best = cand; bestD = d; bestF = fr; }
      }
      var synonym = null;
      if (bestD > 1) {
        synonyms.forEach(function (targets, key) {
          if (key.indexOf(" ") < 0 && !synonym && distance(f, key, 1) <= 1) synonym = key;
        });
      }
      if (synonym) return { word: synonym, synonym: true };
      return best ? { word: byFold.get(best).map(function (w) { return words[w]; })[0], synonym: false } : null;
    }

    function one(t) {
      var f = fold(t);
      if (exact.has(t)) return { forms: formsOf([exact.get(t)]), how: "word" };
      var same = wordsFolded(f);
      if (same) return { forms: formsOf(same), how: "word" };
      if (use.synonyms) {
        var syn = synonymFor(f);
        if (syn) return { forms: syn.slice(), how: "synonym" };
      }
      if (use.lemma !== "none" && !/\d/.test(f)) {
        var lemma = use.lemma === "map" ? lemmaByStem(f) || lemmaByNeighbours(f) : lemmaByStripping(f);
        if (lemma) return { forms: lemma, how: "lemma" };
      }
      if (isPrefix(f) || /\d/.test(f)) return { forms: [t], how: "prefix" };
      if (use.typos && f.length >= 4) {
        var fix = correct(f);
        if (fix) {
          var forms = fix.synonym ? synonyms.get(fix.word).slice() : one(fix.word).forms;
          return { forms: forms, how: "typo", corrected: fix.word };
        }
      }
      return null;
    }

    // Keep the whole words: a compound part (työ, sopimus of työsopimus) alone finds too much.
    function wholeWords(forms) {
      var longest = Math.max.apply(null, forms.map(function (f) { return f.length; }));
      return forms.filter(function (f) {
        if (f.length < 0.6 * longest) return false;
        return !forms.some(function (g) { return g !== f && g.length > f.length && g.indexOf(f) > 0; });
      });
    }

    function understand(text) {
      var list = tokens(text);
      var groups = [];
      var suggestion = [];
      var corrected = false;
      for (var i = 0; i < list.length; i++) {
        var done = false;
        if (use.synonyms) {
          for (var len = Math.min(3, list.length - i); len >= 2 && !done; len--) {
            var phrase = fold(list.slice(i, i + len).join(" ").replace(/-/g, " "));
            if (synonyms.has(phrase)) {
              groups.push({ typed: list.slice(i, i + len).join(" "), forms: synonyms.get(phrase).slice(), how: "synonym" });
              suggestion.push(list.slice(i, i + len).join(" "));
              i += len - 1;
              done = true;
            }
          }
        }
        if (done) continue;
        var t = list[i];
        if (use.fillers && fillers.has(fold(t)) && !synonyms.has(fold(t))) { suggestion.push(t); continue; }
        var found = one(t);
        if (found && use.synonyms && found.how === "word") {
          var extra = synonymFor(fold(t));
          if (extra) found.forms = unique(found.forms.concat(extra));
        }
        if (found) {
          found.forms = wholeWords(found.forms);
          if (use.compounds) {
            found.expansions = compoundsOf(found.forms).map(function (w) {
              return { form: w, weight: COMPOUND_WEIGHT };
            });
          }
          found.typed = t;
          groups.push(found);
          if (found.corrected) corrected = true;
          suggestion.push(found.corrected || t);
        } else {
          suggestion.push(t);
        }
      }
      if (!groups.length && use.fillers) {  // only filler words: search for them as they are
        list.forEach(function (t) {
          var found = one(t);
          if (found) { found.typed = t; groups.push(found); }
        });
      }
      return { groups: groups, suggestion: corrected ? suggestion.join(" ") : null };
    }

    function unique(list) {
      var seen = new Set();
      return list.filter(function (x) { if (seen.has(x)) return false; seen.add(x); return true; });
    }

    // The base forms the site's data gives for a word as written on a page (for highlighting).
    function basesOfWord(word) {
      var f = fold(word);
      var same = byFold.get(f);
      return same ? formsOf(same).map(fold) : [f];
    }

    return { understand: understand, basesOfWord: basesOfWord, fold: fold, options: use };
  }

  global.AurorasQuery = { create: create, fold: fold, distance: distance, tokens: tokens };
})(window);
