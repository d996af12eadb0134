// filmgraph endpoint page: pick a bundled query or write one, run it, see the rows.
// Results are put on the page with textContent only.
(function () {
  "use strict";
  const queries = JSON.parse(document.getElementById("filmgraph-queries").textContent);
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  };

  const list = document.getElementById("queries");
  queries.forEach((q) => {
    const item = el("li");
    const button = el("button", q.title);
    button.dataset.name = q.name;
    button.addEventListener("click", () => { editor.value = q.text; status.textContent = q.name; result.replaceChildren(); });
    item.append(button, el("span", q.question, "question"));
    list.appendChild(item);
  });
  editor.value = queries.length ? queries[0].text : "SELECT * WHERE { ?s ?p ?o } LIMIT 10";

  function showTable(data) {
    if (typeof data.boolean === "boolean") {
      result.replaceChildren(el("p", "ASK: " + data.boolean, "answer"));
      return;
    }
    const vars = data.head.vars;
    const table = el("table");
    const head = el("tr");
    vars.forEach((v) => head.appendChild(el("th", v)));
    table.appendChild(head);
    data.results.bindings.forEach((row) => {
      const tr = el("tr");
      vars.forEach((v) => tr.appendChild(el("td", row[v] ? row[v].value : "")));
      table.appendChild(tr);
    });
    result.replaceChildren(table);
  }

  async function run() {
    status.className = "";
    status.textContent = "running\u2026";
    result.replaceChildren();
    const started = performance.now();
    try {
      const response = await fetch("sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: editor.value }),
      });
      const type = response.headers.get("content-type") || "";
      if (!response.ok) {
        status.className = "error";
        status.textContent = response.status + ": " + (await response.text());
        return;
      }
      if (type.startsWith("application/sparql-results+json")) {
        const data = await response.json();
        showTable(data);
        const rows = data.results ? data.results.bindings.length + " rows" : "answered";
        status.textContent = rows + " in " + Math.round(performance.now() - started) + " ms";
      } else {
        result.replaceChildren(el("pre", await response.text()));
        status.textContent = "graph in " + Math.round(performance.now() - started) + " ms";
      }
      const cut = response.headers.get("x-filmgraph-truncated");
      if (cut) status.textContent += " (" + cut + ")";
    } catch (error) {
      status.className = "error";
      status.textContent = "the endpoint did not answer: " + error;
    }
  }
  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", (event) => { if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(); });
})();
