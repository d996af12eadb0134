// filmgraph endpoint page: pick a bundled query (a field per parameter) or write one, run it,
// sort the rows, follow the resources' links, download the result; the view lives in the URL.
// Everything from the data is put on the page with textContent only; links are built from
// the page's own paths (id/..., viewer#iri=...) and only for http(s) IRIs.
(function () {
  "use strict";
  const queries = JSON.parse(document.getElementById("filmgraph-queries").textContent);
  const config = JSON.parse(document.getElementById("filmgraph-config").textContent);
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const paramsBox = document.getElementById("params");
  const fieldsBox = document.getElementById("fields");
  const downloads = document.getElementById("downloads");
  const truncated = document.getElementById("truncated");
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = /^(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|nonPositiveInteger|negativeInteger|positiveInteger|unsignedLong|unsignedInt|unsignedShort|unsignedByte)$/;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  };

  let chosen = null; // the bundled query whose fields are shown
  let fields = {}; // parameter name -> input
  let last = null; // { body, name, kind, vars, rows } of the result on the page
  let sort = null; // { column, descending }

  // ---- bundled queries and their parameters -------------------------------------------
  const byName = {};
  const buttons = {};
  const list = document.getElementById("queries");
  queries.forEach((q) => {
    byName[q.name] = q;
    const item = el("li");
    const button = el("button", q.title);
    button.type = "button";
    button.dataset.name = q.name;
    button.addEventListener("click", () => { choose(q); result.replaceChildren(); status.textContent = ""; hideExtras(); });
    buttons[q.name] = button;
    item.append(button, el("span", q.question, "question"));
    list.appendChild(item);
  });

  // "film (IRI, optional): the film; ..." -> { name: "film", about: "(IRI, optional): the film; ..." }
  function parameter(text) {
    const m = /^\??([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$/s.exec(text);
    return m ? { name: m[1], about: m[2] } : null;
  }

  function choose(q) {
    chosen = q;
    editor.value = q.text;
    Object.values(buttons).forEach((b) => b.removeAttribute("aria-current"));
    buttons[q.name].setAttribute("aria-current", "true");
    const examples = {};
    (q.examples || []).forEach((e) => {
      const at = e.indexOf("=");
      if (at > 0) examples[e.slice(0, at)] = e.slice(at + 1);
    });
    fields = {};
    fieldsBox.replaceChildren();
    q.params.map(parameter).filter(Boolean).forEach((p) => {
      const id = "param-" + p.name;
      const row = el("div", null, "field");
      const label = el("label");
      label.htmlFor = id;
      label.append(el("code", p.name), document.createTextNode(" " + p.about));
      const input = el("input");
      input.type = "text";
      input.id = id;
      input.name = p.name;
      input.spellcheck = false;
      input.autocomplete = "off";
      if (examples[p.name]) input.placeholder = examples[p.name];
      input.addEventListener("keydown", (event) => { if (event.key === "Enter") run(); });
      row.append(label, input);
      fieldsBox.appendChild(row);
      fields[p.name] = input;
    });
    document.getElementById("params-name").textContent = q.name;
    paramsBox.hidden = Object.keys(fields).length === 0;
    usable();
  }

  // A field whose variable the edited query no longer has is disabled, and its value not sent.
  function usable() {
    Object.entries(fields).forEach(([name, input]) => {
      input.disabled = !new RegExp("[?$]" + name + "(?![A-Za-z0-9_])").test(editor.value);
    });
  }

  function bound() {
    return Object.entries(fields).filter(([, input]) => !input.disabled && input.value !== "");
  }

  // ---- the view in the URL: #query=NAME[&sparql=TEXT]&$VAR=VALUE...&sort=VAR[&order=descending]
  function viewParams() {
    const view = new URLSearchParams();
    if (chosen) view.set("query", chosen.name);
    if (!chosen || editor.value !== chosen.text) view.set("sparql", editor.value);
    bound().forEach(([name, input]) => view.set("$" + name, input.value));
    if (sort) {
      view.set("sort", sort.column);
      if (sort.descending) view.set("order", "descending");
    }
    return view;
  }

  function remember(push) {
    const hash = "#" + viewParams().toString();
    if (location.hash === hash) return;
    if (push) history.pushState(null, "", hash);
    else history.replaceState(null, "", hash);
  }

  function restore() {
    const view = new URLSearchParams(location.hash.slice(1));
    const name = view.get("query");
    const text = view.get("sparql");
    if (name === null && text === null) return false;
    if (name !== null && byName[name]) choose(byName[name]);
    else { chosen = null; fields = {}; fieldsBox.replaceChildren(); paramsBox.hidden = true; }
    if (text !== null) editor.value = text;
    usable();
    Object.entries(fields).forEach(([field, input]) => { input.value = view.get("$" + field) || ""; });
    sort = view.get("sort") ? { column: view.get("sort"), descending: view.get("order") === "descending" } : null;
    return true;
  }

  // ---- cells: links for http(s) IRIs, text for everything else ------------------------
  function href(iri) {
    if (!/^https?:\/\//i.test(iri)) return null;
    if (config.idBase && iri.startsWith(config.idBase) && iri.length > config.idBase.length) {
      const segments = iri.slice(config.idBase.length).split("/");
      // a "." or ".." segment would be resolved away by the browser: such an IRI goes to the viewer
      if (!segments.some((s) => s === "." || s === "..")) return "id/" + segments.map(encodeURIComponent).join("/");
    }
    return "viewer#iri=" + encodeURIComponent(iri);
  }

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    const link = term.type === "uri" ? href(term.value) : null;
    if (link) {
      const a = el("a", term.value);
      a.href = link;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
    }
    if (term["xml:lang"]) td.lang = term["xml:lang"];
    return td;
  }

  function numeric(term) {
    return term && term.type !== "uri" && term.type !== "bnode" && term.datatype
      && term.datatype.startsWith(XSD) && NUMERIC.test(term.datatype.slice(XSD.length)) && !isNaN(parseFloat(term.value));
  }

  function compare(column) {
    return (a, b) => {
      const x = a.row[column], y = b.row[column];
      if (!x || !y) return (!x) - (!y); // unbound last
      if (numeric(x) && numeric(y)) return parseFloat(x.value) - parseFloat(y.value);
      if (numeric(x) !== numeric(y)) return numeric(x) ? -1 : 1; // numbers before text
      return collator.compare(x.value, y.value);
    };
  }

  function sortedRows() {
    const rows = last.rows.map((row, index) => ({ row, index }));
    if (sort && last.vars.includes(sort.column)) {
      const by = compare(sort.column);
      rows.sort((a, b) => {
        const order = by(a, b);
        if (order === 0) return a.index - b.index;
        const bothBound = a.row[sort.column] && b.row[sort.column];
        return sort.descending && bothBound ? -order : order;
      });
    }
    return rows.map((r) => r.row);
  }

  function showTable() {
    const table = el("table");
    const head = el("tr");
    last.vars.forEach((v) => {
      const th = el("th");
      th.scope = "col";
      const button = el("button", v);
      button.type = "button";
      button.dataset.column = v;
      button.addEventListener("click", () => {
        sort = { column: v, descending: !!(sort && sort.column === v && !sort.descending) };
        showTable();
        remember(false);
        const again = result.querySelector('th button[data-column="' + CSS.escape(v) + '"]');
        if (again) again.focus();
      });
      if (sort && sort.column === v) th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      th.appendChild(button);
      head.appendChild(th);
    });
    const thead = el("thead");
    thead.appendChild(head);
    const tbody = el("tbody");
    sortedRows().forEach((row) => {
      const tr = el("tr");
      last.vars.forEach((v) => tr.appendChild(cell(row[v])));
      tbody.appendChild(tr);
    });
    table.append(thead, tbody);
    const box = el("div", null, "scroll");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Table of results");
    box.tabIndex = 0;
    box.appendChild(table);
    result.replaceChildren(box);
  }

  // ---- downloads: the same request again, in the format asked for ---------------------
  const FORMATS = {
    select: [["CSV", "text/csv", "csv"], ["JSON", "application/sparql-results+json", "json"]],
    ask: [["CSV", "text/csv", "csv"], ["JSON", "application/sparql-results+json", "json"]],
    graph: [["Turtle", "text/turtle", "ttl"], ["JSON-LD", "application/ld+json", "jsonld"]],
  };

  function showDownloads() {
    downloads.replaceChildren(document.createTextNode("Download: "));
    FORMATS[last.kind].forEach(([label, media, extension]) => {
      const button = el("button", label);
      button.type = "button";
      button.dataset.format = extension;
      button.setAttribute("aria-label", "Download the result as " + label);
      button.addEventListener("click", () => download(media, extension));
      downloads.append(button, document.createTextNode(" "));
    });
    downloads.hidden = false;
  }

  async function download(media, extension) {
    const request = last;
    try {
      const response = await fetch("sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": media },
        body: request.body,
      });
      if (!response.ok) {
        const problem = await response.text(); // the error is shown whole, not "running…" in red meanwhile
        status.className = "error";
        status.textContent = response.status + ": " + problem;
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const link = el("a");
      link.href = url;
      link.download = request.name + "." + extension;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (error) {
      status.className = "error";
      status.textContent = "the endpoint did not answer: " + error;
    }
  }

  function hideExtras() {
    downloads.hidden = true;
    downloads.replaceChildren();
    truncated.hidden = true;
    truncated.textContent = "";
    last = null;
  }

  // ---- running ------------------------------------------------------------------------
  async function run(fromUrl) {
    if (fromUrl !== true) { // a new run from the page: unsorted, and a new entry in the history
      sort = null;
      remember(true);
    }
    status.className = "";
    status.textContent = "running\u2026";
    result.replaceChildren();
    hideExtras();
    const body = new URLSearchParams({ query: editor.value });
    bound().forEach(([name, input]) => body.append("$" + name, input.value));
    const name = chosen && editor.value === chosen.text ? chosen.name : "query";
    const started = performance.now();
    try {
      const response = await fetch("sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: body.toString(),
      });
      const type = response.headers.get("content-type") || "";
      if (!response.ok) {
        const problem = await response.text(); // the error is shown whole, not "running…" in red meanwhile
        status.className = "error";
        status.textContent = response.status + ": " + problem;
        return;
      }
      const took = " in " + Math.round(performance.now() - started) + " ms";
      if (type.startsWith("application/sparql-results+json")) {
        const data = await response.json();
        if (typeof data.boolean === "boolean") {
          last = { body: body.toString(), name, kind: "ask" };
          result.replaceChildren(el("p", "ASK: " + data.boolean, "answer"));
          status.textContent = "answered" + took;
        } else {
          last = { body: body.toString(), name, kind: "select", vars: data.head.vars, rows: data.results.bindings };
          showTable();
          status.textContent = last.rows.length + (last.rows.length === 1 ? " row" : " rows") + took;
        }
      } else {
        last = { body: body.toString(), name, kind: "graph" };
        result.replaceChildren(el("pre", await response.text()));
        status.textContent = "graph" + took;
      }
      showDownloads();
      const cut = response.headers.get("x-filmgraph-truncated");
      if (cut) {
        truncated.textContent = "Not every result is shown: the endpoint's row limit (--max-rows "
          + config.maxRows + ") cut this one at " + config.maxRows + (last.kind === "graph" ? " triples" : " rows")
          + ", and downloads are cut the same way (" + cut + ").";
        truncated.hidden = false;
        status.textContent += " (cut at the row limit)";
      }
    } catch (error) {
      status.className = "error";
      status.textContent = "the endpoint did not answer: " + error;
    }
  }

  document.getElementById("run").addEventListener("click", () => run());
  editor.addEventListener("input", usable);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
  });
  function start() {
    status.className = "";
    status.textContent = "";
    result.replaceChildren();
    hideExtras();
    if (queries.length) choose(queries[0]);
    else editor.value = "SELECT * WHERE { ?s ?p ?o } LIMIT 10";
  }
  window.addEventListener("popstate", () => { if (restore()) run(true); else start(); });

  if (restore()) run(true);
  else start();
})();
