// Site search with Pagefind's small API (no Pagefind UI: it would inject styles, which our
// Content-Security-Policy does not allow). Reads ?q= so the header's plain form works, keeps
// the address in step with the box, and lists each result's title, section and excerpt.
const PAGE_SIZE = 20;

const form = document.querySelector("[data-search-form]");
const box = document.querySelector("[data-search-results]");
const input = form && form.querySelector("input[name=q]");
const status = box && box.querySelector(".search-results__status");
const list = box && box.querySelector(".search-results__list");
const more = box && box.querySelector(".search-results__more");

let pagefind = null;
let loading = null;
let failed = false;
let current = { query: "", results: [], shown: 0, started: false };
let timer = null;

// Pagefind's excerpt is HTML with <mark> around the matched words. Copy only text and <mark>,
// so nothing else from the index can ever become markup on this page.
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  heading.className = "search-result__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  item.append(heading);
  if (data.meta && data.meta.section) {
    const section = document.createElement("p");
    section.className = "search-result__section";
    section.textContent = data.meta.section;
    item.append(section);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  excerpt.append(excerptNodes(data.excerpt || ""));
  item.append(excerpt);
  return item;
}

async function showMore() {
  const search = current;
  if (search.busy) return; // a second click before the first page of results came
  search.busy = true;
  const next = search.results.slice(search.shown, search.shown + PAGE_SIZE);
  const data = await Promise.all(next.map((r) => r.data()));
  search.busy = false;
  if (search !== current) return; // a newer search has started
  list.append(...data.map(resultItem));
  search.shown += next.length;
  more.hidden = search.shown >= search.results.length;
}

function say(text) {
  status.textContent = text;
}

async function run(query) {
  query = query.trim();
  // The same words again (typing has paused after the index loaded and searched them already):
  // keep what is shown rather than clearing and listing it again.
  if (query && query === current.query && current.started) return;
  current = { query, results: [], shown: 0, started: false };
  list.replaceChildren();
  more.hidden = true;
  const url = new URL(window.location.href);
  if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
  window.history.replaceState(null, "", url);
  if (!query) {
    say("");
    return;
  }
  if (!pagefind) {
    if (!failed) {
      say("Loading the search index…");
      load();
    }
    return;
  }
  const mine = current;
  mine.started = true;
  const search = await pagefind.search(query);
  // A newer search has started.
  if (mine !== current) return;
  current.results = search.results;
  const n = search.results.length;
  say(n === 0 ? `No results for “${query}”. Try fewer or different words.`
              : `${n} result${n === 1 ? "" : "s"} for “${query}”.`);
  await showMore();
}

// Pagefind (its scripts, WebAssembly and index: about 100 KB) loads only when someone searches:
// a query in the address, or the box getting focus or text. A visit that only looks at the
// page costs the page alone (the first-visit budget: 50 KB, 6 requests; README "Performance").
function load() {
  if (!loading) {
    loading = loadIndex().then(() => {
      if (pagefind && input.value.trim()) run(input.value);
    });
  }
  return loading;
}

async function loadIndex() {
  try {
    const bundle = new URL(box.dataset.bundle, window.location.href);
    const loaded = await import(bundle.href);
    // Result links keep only the path, so a copy of the site served elsewhere links to itself.
    const options = { baseUrl: new URL(box.dataset.baseUrl, window.location.href).pathname, excerptLength: 30 };
    await loaded.options(options);
    await loaded.init();
    // A large site's index comes in parts (plugins/campaign/search_index.py); parts.json lists
    // the ones to merge into the main bundle, all fetched at once. Search waits for every part.
    const listed = await fetch(new URL("parts.json", bundle));
    const parts = listed.ok ? (await listed.json()).merge : [];
    await Promise.all(parts.map((part) => loaded.mergeIndex(new URL(part, bundle).pathname, options)));
    pagefind = loaded;
  } catch (error) {
    failed = true;
    const archive = document.createElement("a");
    archive.href = box.dataset.archive;
    archive.textContent = "browse the archive";
    status.replaceChildren("Search could not load. You can ", archive, " instead.");
  }
}

function start() {
  if (!form || !box) return;
  form.hidden = false;
  const nojs = document.querySelector("[data-search-nojs]");
  if (nojs) nojs.hidden = true;
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 250);
  });
  more.addEventListener("click", showMore);
  if (input.value) run(input.value);
}

start();
