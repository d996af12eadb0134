// filmgraph viewer: draws the graph embedded in this page with vis-network.
// Every text from the data goes into the page with textContent, never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("filmgraph-data").textContent);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const kinds = new Map(data.kinds.map((k) => [k.key, k]));
  const shown = new Map(data.kinds.map((k) => [k.key, !k.hidden]));
  const neighbours = new Map(data.nodes.map((n) => [n.id, []]));
  data.edges.forEach((e) => {
    neighbours.get(e.from).push({ id: e.to, label: e.label, out: true });
    neighbours.get(e.to).push({ id: e.from, label: e.label, out: false });
  });
  let focusSet = null;
  let selected = null;

  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  };
  const short = (text) => (text.length > data.labelLength ? text.slice(0, data.labelLength - 1) + "\u2026" : text);
  const isVisible = (n) => shown.get(n.kind) && (!focusSet || focusSet.has(n.id));

  const groups = {};
  data.kinds.forEach((k) => {
    groups[k.key] = { shape: k.shape, color: { background: k.color, border: k.border,
      highlight: { background: k.color, border: "#111" } } };
  });
  // Only what is shown is handed to vis-network: hidden kinds cost nothing until ticked.
  const visNode = (n) => {
    const item = { id: n.id, label: short(n.label), group: n.kind };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  };
  // Large graphs draw edges without labels (the detail panel names every link).
  const visEdge = (e) => (data.layout === "fixed" ? { id: e.id, from: e.from, to: e.to }
    : { id: e.id, from: e.from, to: e.to, label: e.label });
  data.edges.forEach((e, i) => { e.id = i; });
  const nodes = new vis.DataSet(data.nodes.filter(isVisible).map(visNode));
  const edges = new vis.DataSet(data.edges.filter((e) => nodes.get(e.from) && nodes.get(e.to)).map(visEdge));
  const fixed = data.layout === "fixed";
  const options = {
    groups: groups,
    layout: { randomSeed: 7, improvedLayout: !fixed },
    nodes: { font: { size: 14, face: "sans-serif" }, borderWidth: 1 },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, color: { color: "#9aa5b1", highlight: "#333" },
      font: { size: 10, face: "sans-serif", color: "#555", strokeWidth: 3, align: "middle" },
      smooth: fixed ? false : { type: "continuous" } },
    physics: fixed ? false : { solver: "forceAtlas2Based", stabilization: { iterations: 400, fit: true },
      forceAtlas2Based: { gravitationalConstant: -110, springLength: 150 } },
    interaction: { hover: true, hideEdgesOnDrag: fixed, hideEdgesOnZoom: fixed, tooltipDelay: 3600000 },
  };
  const network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, options);
  network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
  network.once("afterDrawing", () => {
    window.filmgraphReadyAt = performance.now();
    window.filmgraphReady = true;
    document.body.setAttribute("data-ready", "true");
  });

  function refresh() {
    const drawn = new Set(nodes.getIds());
    const wanted = new Set(data.nodes.filter(isVisible).map((n) => n.id));
    const edgeWanted = (e) => wanted.has(e.from) && wanted.has(e.to);
    const leaving = Array.from(drawn).filter((id) => !wanted.has(id));
    const placed = network.getPositions(leaving);  // so that they come back where they were
    leaving.forEach((id) => { const n = byId.get(id); n.x = placed[id].x; n.y = placed[id].y; });
    edges.remove(edges.getIds({ filter: (e) => !edgeWanted(e) }));
    nodes.remove(leaving);
    const arriving = data.nodes.filter((n) => wanted.has(n.id) && !drawn.has(n.id));
    nodes.add(arriving.map(visNode));
    const present = new Set(edges.getIds());
    edges.add(data.edges.filter((e) => edgeWanted(e) && !present.has(e.id)).map(visEdge));
    if (!fixed && arriving.some((n) => n.x === undefined)) {  // never drawn yet: let physics place them
      network.setOptions({ physics: options.physics });
      network.stabilize(200);
      network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
    }
    document.querySelectorAll("#legend input").forEach((box) => { box.checked = shown.get(box.value); });
    document.getElementById("status").textContent = focusSet
      ? "Showing the neighbourhood of \u201c" + byId.get(selected).label + "\u201d" : "";
  }

  function attributeList(node) {
    const list = el("dl");
    node.attrs.forEach(([name, value]) => {
      list.appendChild(el("dt", name));
      list.appendChild(el("dd", value));
    });
    return list;
  }

  function showDetails(id) {
    const node = byId.get(id);
    const panel = document.getElementById("details");
    panel.replaceChildren();
    panel.appendChild(el("p", kinds.get(node.kind).label, "kind"));
    panel.appendChild(el("h2", node.label));
    panel.appendChild(el("p", node.iri, "iri"));
    panel.appendChild(attributeList(node));
    const links = neighbours.get(id);
    if (!links.length) return;
    panel.appendChild(el("h3", "Links"));
    const list = el("ul", null, "links");
    links.forEach((link) => {
      const other = byId.get(link.id);
      const item = el("li");
      item.appendChild(el("span", (link.out ? "\u2192 " : "\u2190 ") + link.label + ": ", "property"));
      const button = el("button", other.label, "link");
      button.addEventListener("click", () => select(other.id));
      item.appendChild(button);
      item.appendChild(el("span", " (" + kinds.get(other.kind).label + ")", "kind-note"));
      if (data.nested.includes(other.kind)) item.appendChild(attributeList(other));
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function select(id) {
    const node = byId.get(id);
    if (!shown.get(node.kind)) shown.set(node.kind, true);
    if (focusSet && !focusSet.has(id)) focusSet = null;
    selected = id;
    document.getElementById("results").replaceChildren();
    refresh();
    network.selectNodes([id]);
    network.focus(id, { scale: fixedScale(), animation: false });
    showDetails(id);
  }
  const fixedScale = () => Math.max(network.getScale(), 0.8);

  function neighbourhood(id, depth) {
    const seen = new Set([id]);
    let frontier = [id];
    for (let d = 0; d < depth; d++) {
      const next = [];
      frontier.forEach((n) => neighbours.get(n).forEach((l) => {
        if (!seen.has(l.id)) { seen.add(l.id); next.push(l.id); }
      }));
      frontier = next;
    }
    return seen;
  }

  // Legend and kind filters.
  const legend = document.getElementById("legend");
  data.kinds.forEach((k) => {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.value = k.key;
    box.checked = shown.get(k.key);
    box.addEventListener("change", () => { shown.set(k.key, box.checked); refresh(); });
    const swatch = el("span", null, "swatch " + k.shape);
    swatch.style.background = k.color;
    swatch.style.borderColor = k.border;
    label.append(box, swatch, el("span", k.label + " (" + k.count + ")"));
    legend.appendChild(label);
  });

  // Search by label.
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  function matches(text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return [];
    const rank = (n) => {
      const label = n.label.toLowerCase();
      return label === wanted ? 0 : label.startsWith(wanted) ? 1 : 2;
    };
    return data.nodes.filter((n) => n.label.toLowerCase().includes(wanted))
      .sort((a, b) => rank(a) - rank(b) || a.label.length - b.label.length || a.id - b.id);
  }
  function listResults() {
    results.replaceChildren();
    const found = matches(search.value);
    found.slice(0, 20).forEach((n) => {
      const item = el("li");
      const button = el("button", n.label, "link");
      button.addEventListener("click", () => select(n.id));
      item.append(button, el("span", " (" + kinds.get(n.kind).label + ")", "kind-note"));
      results.appendChild(item);
    });
    if (search.value.trim() && !found.length) results.appendChild(el("li", "No node has that label."));
    return found;
  }
  search.addEventListener("input", listResults);
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const found = listResults();
    if (found.length) select(found[0].id);
  });

  // Focus on the selected node's neighbourhood.
  const depth = document.getElementById("depth");
  document.getElementById("focus").addEventListener("click", () => {
    if (selected === null) return;
    focusSet = neighbourhood(selected, Math.max(0, parseInt(depth.value, 10) || 0));
    refresh();
    network.fit({ nodes: Array.from(focusSet).filter((id) => isVisible(byId.get(id))), animation: false });
  });
  document.getElementById("reset").addEventListener("click", () => {
    focusSet = null;
    refresh();
    network.fit({ animation: false });
  });
  network.on("click", (params) => { if (params.nodes.length) { selected = params.nodes[0]; showDetails(selected); } });

  // On a narrow screen the kinds and the details are panels: a button opens and closes each.
  const narrow = window.matchMedia("(max-width: 799px)");
  function openPanel(name, open) {
    document.body.classList.toggle("show-" + name, open);
    document.getElementById("show-" + name).setAttribute("aria-expanded", String(open));
  }
  ["legend", "details"].forEach((name) => {
    document.getElementById("show-" + name).addEventListener("click", () =>
      openPanel(name, !document.body.classList.contains("show-" + name)));
  });
  network.on("click", (params) => { if (narrow.matches && params.nodes.length) openPanel("details", true); });
  network.on("dragStart", () => { if (narrow.matches) { openPanel("legend", false); openPanel("details", false); } });

  refresh();
  // #iri=<IRI> (a resource page's "in the viewer" link) selects that node.
  const wanted = decodeURIComponent((location.hash.match(/^#iri=(.+)$/) || [])[1] || "");
  const start = wanted && data.nodes.find((n) => n.iri === wanted);
  if (start) network.once("afterDrawing", () => select(start.id));
  window.filmgraph = {
    network: network,
    select: select,
    visibleCounts: () => ({ nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length }),
  };
})();
