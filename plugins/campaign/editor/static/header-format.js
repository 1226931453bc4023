// The site's post format for Decap CMS: `Name: value` lines, a blank line, then Markdown.
// Same reading as plugins/campaign/metadata.py (indented lines continue the field above; the
// first line that is not `Key: value` starts the text). Invariant: a post opened and saved
// without a change comes back byte for byte, so each field keeps its original line unless its
// value changed, and the text keeps its bytes unless it was edited.
(function (root) {
  "use strict";
  var RAW = "__header"; // where the file's own lines are kept between reading and writing
  var LISTS = { category: true }; // header values the form edits as a list, written `A, B`

  function valueOf(name, text) {
    if (LISTS[name]) {
      return text.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    }
    return name === "status" ? text.toLowerCase() : text;
  }

  function headerKey(name) {
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function fromFile(text) {
    var bom = text.charAt(0) === "\ufeff" ? "\ufeff" : "";
    var lines = text.slice(bom.length).split("\n");
    var entries = [];
    var last = null;
    var i = 0;
    var gap = null; // the blank line between header and text, as written (null: there was none)
    for (; i < lines.length; i++) {
      var line = lines[i];
      if (!line.trim()) {
        gap = line;
        i++;
        break;
      }
      if ((line.charAt(0) === " " || line.charAt(0) === "\t") && last) {
        last.value = (last.value + " " + line.trim()).trim();
        last.raw += "\n" + line;
        continue;
      }
      var colon = line.indexOf(":");
      var key = colon > 0 ? line.slice(0, colon).trim() : "";
      if (!key || key.indexOf(" ") >= 0) break;
      last = { key: key, name: key.toLowerCase(), value: line.slice(colon + 1).trim(), raw: line };
      entries.push(last);
    }
    var body = lines.slice(i).join("\n");
    var data = {};
    entries.forEach(function (e) { data[e.name] = valueOf(e.name, e.value); });
    data.text = body;
    data[RAW] = { bom: bom, gap: gap, body: body, entries: entries };
    return data;
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function written(value) {
    // One line per field: the reader would join continuation lines with spaces anyway.
    var text = Array.isArray(value) ? value.join(", ") : String(value);
    return text.split(/\s+/).filter(Boolean).join(" ");
  }

  function toFile(data, sortedKeys) {
    var raw = data[RAW] || { bom: "", gap: "", body: null, entries: [] };
    var lines = [];
    var seen = {};
    raw.entries.forEach(function (e) {
      seen[e.name] = true;
      var value = data[e.name];
      if (same(valueOf(e.name, e.value), value)) {
        lines.push(e.raw);
      } else if (!isEmpty(value)) {
        lines.push(e.key + ": " + written(value));
      }
    });
    var names = (sortedKeys && sortedKeys.length ? sortedKeys : Object.keys(data));
    names.forEach(function (name) {
      if (seen[name] || name === "text" || name === RAW || isEmpty(data[name])) return;
      // A new post says nothing about being published: that is what no Status line means.
      if (name === "status" && data[name] === "published") return;
      seen[name] = true;
      lines.push(headerKey(name) + ": " + written(data[name]));
    });
    var body = data.text === undefined || data.text === null ? "" : String(data.text);
    if (body !== raw.body && body && body.charAt(body.length - 1) !== "\n") body += "\n";
    var gap = raw.gap === null ? "" : (raw.gap || "") + "\n";
    return raw.bom + (lines.length ? lines.join("\n") + "\n" : "") + gap + body;
  }

  root.CampaignHeaderFormat = { fromFile: fromFile, toFile: toFile, RAW: RAW };
})(typeof window !== "undefined" ? window : globalThis);
