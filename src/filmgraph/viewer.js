// filmgraph viewer: draws the graph embedded in this page with vis-network.
// Every text from the data goes into the page with textContent, never as HTML.
// Positions come with the data (computed in Python): physics stays off.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("filmgraph-data").textContent);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const kinds = new Map(data.kinds.map((k) => [k.key, k]));
  const kindOrder = new Map(data.kinds.map((k, i) => [k.key, i]));
  const shown = new Map(data.kinds.map((k) => [k.key, !k.hidden]));
  const startShown = new Map(shown);
  const neighbours = new Map(data.nodes.map((n) => [n.id, []]));
  data.edges.forEach((e, i) => {
    e.id = i;
    neighbours.get(e.from).push({ id: e.to, edge: e, out: true });
    neighbours.get(e.to).push({ id: e.from, edge: e, out: false });
  });
  const home = new Map(data.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
  const films = data.nodes.filter((n) => n.kind === "film");
  const filters = { film: "", genre: "", from: null, to: null };
  let focusSet = null;
  let selected = null;

  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  };
  const short = (text) => (text.length > data.labelLength ? text.slice(0, data.labelLength - 1) + "\u2026" : text);
  const kindLabel = (n) => kinds.get(n.kind).label;

  // --- What is visible: ticked kinds, the film filters, the focus. ---
  function filmPasses(film) {
    if (filters.film !== "" && String(film.id) !== filters.film) return false;
    if (filters.genre !== "" && !neighbours.get(film.id).some((l) => String(l.id) === filters.genre)) return false;
    if (filters.from !== null && (film.year === undefined || film.year < filters.from)) return false;
    if (filters.to !== null && (film.year === undefined || film.year > filters.to)) return false;
    return true;
  }
  const filtering = () => filters.film !== "" || filters.genre !== "" || filters.from !== null || filters.to !== null;
  let passing = null;  // the nodes the film filters leave (null: every node)
  function computePassing() {
    if (!filtering()) { passing = null; return; }
    passing = new Set();
    films.filter(filmPasses).forEach((f) => {
      passing.add(f.id);
      neighbours.get(f.id).forEach((l) => { if (byId.get(l.id).kind !== "film") passing.add(l.id); });
    });
  }
  const isVisible = (n) => shown.get(n.kind) && (!passing || passing.has(n.id)) && (!focusSet || focusSet.has(n.id));

  // --- Drawing. Sizes and label sizes grow with a node's links. ---
  const groups = {};
  data.kinds.forEach((k) => {
    groups[k.key] = { shape: k.shape, color: { background: k.color, border: k.border,
      highlight: { background: k.color, border: "#111" }, hover: { background: k.color, border: "#111" } } };
  });
  const INSIDE = new Set(["box", "ellipse", "text", "database", "circle"]);
  // Labels keep a readable size on the screen at every zoom (the best-linked larger): their size
  // in the drawing is the wanted pixels over the zoom. Nodes are sized for the view as fitted.
  const maxDegree = Math.max(1, ...data.nodes.map((n) => n.degree));
  const importance = (n) => Math.sqrt(n.degree / maxDegree);
  let viewScale = 1;
  let fitScale = 1;
  const fontSize = (n) => Math.max(1, Math.round((13 + 9 * importance(n)) / viewScale));
  const nodeSize = (n) => Math.max(1, Math.round((4 + 14 * importance(n)) / Math.min(1, fitScale)));
  const labelShown = new Map();
  const visNode = (n) => {
    const item = { id: n.id, label: labelShown.get(n.id) === false ? "" : short(n.label), group: n.kind,
      title: n.label + " (" + kindLabel(n) + ")", x: n.x, y: n.y, size: nodeSize(n),
      font: { size: fontSize(n) } };
    return item;
  };
  const visEdge = (e) => (e.derived ? { id: e.id, from: e.from, to: e.to, dashes: [6, 5],
    color: { color: "#c28f00", highlight: "#7a5a00" }, title: e.label + " (derived)" } : { id: e.id, from: e.from, to: e.to });
  // a corpus opens with the links it states; its derived links (thousands) are a box away
  let showDerived = data.nodes.length <= 2000;
  const derivedCount = data.edges.filter((e) => e.derived).length;
  const nodes = new vis.DataSet([]);
  const edges = new vis.DataSet([]);
  const options = {
    groups: groups,
    layout: { improvedLayout: false },
    nodes: { font: { face: "sans-serif", color: "#1f2933", strokeWidth: 3, strokeColor: "#fafafa" }, borderWidth: 1,
      scaling: { label: { drawThreshold: 5, maxVisible: 200 } } },
    edges: { arrows: { to: { enabled: data.nodes.length <= 2000, scaleFactor: 0.4 } },
      color: { color: data.nodes.length > 2000 ? "rgba(130, 142, 155, 0.18)" : "#b6bec8", highlight: "#333" },
      smooth: false, width: 1, selectionWidth: 2 },
    physics: false,
    interaction: { hover: true, hideEdgesOnDrag: data.nodes.length > 2000, hideEdgesOnZoom: data.nodes.length > 2000,
      tooltipDelay: 300, keyboard: false, multiselect: false },
  };
  const network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, options);

  // --- Labels: the best-linked first; a label that would overlap one already kept is left out. ---
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = "100px sans-serif";
  const widths = new Map();  // a label's width at 100 px: text widths grow with the font size
  function textWidth(n, size) {
    if (!widths.has(n.id)) widths.set(n.id, measure.measureText(short(n.label)).width);
    return (widths.get(n.id) * size) / 100 + 2;
  }
  function labelBox(n, pos) {
    const size = fontSize(n);
    const width = textWidth(n, size) + 6;
    const height = size * 1.1 + 6;
    if (INSIDE.has(kinds.get(n.kind).shape)) {
      return { left: pos.x - width / 2, right: pos.x + width / 2, top: pos.y - height / 2, bottom: pos.y + height / 2 };
    }
    // vis-network writes a label below its node, from about half a line under the node's edge.
    const top = pos.y + nodeSize(n) + size * 0.5;
    return { left: pos.x - width / 2, right: pos.x + width / 2, top: top, bottom: top + height };
  }
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  // Whether a label box (drawing units) lies wholly on the screen.
  function inView(box) {
    const canvas = network.canvas.frame.canvas;
    const a = network.canvasToDOM({ x: box.left, y: box.top }), b = network.canvasToDOM({ x: box.right, y: box.bottom });
    return a.x >= 0 && a.y >= 0 && b.x <= canvas.clientWidth && b.y <= canvas.clientHeight;
  }
  function thinLabels(only) {
    // Before nodes are handed to vis-network (only: their ids) their labels are just decided.
    const ids = only || nodes.getIds();
    const positions = {};
    ids.forEach((id) => { const n = byId.get(id); positions[id] = { x: n.x, y: n.y }; });
    const order = ids.map((id) => byId.get(id)).sort((a, b) =>
      (b.id === selected) - (a.id === selected) || b.degree - a.degree || kindOrder.get(a.kind) - kindOrder.get(b.kind)
      || a.label.length - b.label.length || a.id - b.id);
    // A grid of cells keeps the check near-linear for a corpus.
    const cell = 400;
    const grid = new Map();
    const keep = [];
    const changes = [];
    order.forEach((n) => {
      const box = labelBox(n, positions[n.id]);
      const cells = [];
      for (let gx = Math.floor(box.left / cell); gx <= Math.floor(box.right / cell); gx++) {
        for (let gy = Math.floor(box.top / cell); gy <= Math.floor(box.bottom / cell); gy++) cells.push(gx + "," + gy);
      }
      const free = inView(box) && cells.every((c) => !(grid.get(c) || []).some((other) => overlaps(box, other)));
      if (free) {
        cells.forEach((c) => { if (!grid.has(c)) grid.set(c, []); grid.get(c).push(box); });
        keep.push(n.id);
      }
      if (labelShown.get(n.id) !== free) {
        labelShown.set(n.id, free);
        changes.push({ id: n.id, label: free ? short(n.label) : "" });
      }
    });
    if (changes.length && !only) nodes.update(changes.filter((c) => nodes.get(c.id) !== null));
    return keep;
  }

  // Fit these nodes (all drawn ones by default) to the screen, then size nodes and labels for it.
  // The size of a label on the screen (it is the same at every zoom).
  function labelPixels(n) {
    const px = 13 + 9 * importance(n);
    return { width: textWidth(n, px) + 12, height: px * 1.25 + 6 };
  }
  // Where to look and how close to fit these nodes (their labels' screen size too, where
  // withLabel says so): vis-network's fit counts node sizes made for another zoom, not labels.
  function fitPlan(list, withLabel) {
    const xs = list.map((id) => byId.get(id).x), ys = list.map((id) => byId.get(id).y);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const area = document.getElementById("graph");
    const halfW = Math.max(40, area.clientWidth / 2 - 16), halfH = Math.max(40, area.clientHeight / 2 - 16);
    let scale = 3;
    list.forEach((id) => {
      const n = byId.get(id);
      const size = withLabel(id) ? labelPixels(n) : { width: 24, height: 24 };
      size.width = Math.min(size.width, halfW);  // a label wider than half the screen may be cut
      const dx = Math.abs(n.x - cx), dy = Math.abs(n.y - cy);
      if (dx > 0) scale = Math.min(scale, Math.max(0.001, (halfW - size.width / 2) / dx));
      if (dy > 0) scale = Math.min(scale, Math.max(0.001, (halfH - size.height - 12) / dy));
    });
    return { position: { x: cx, y: cy }, scale: scale };
  }
  function look(plan) {
    network.moveTo({ position: plan.position, scale: plan.scale, animation: false });
    fitScale = viewScale = plan.scale;
  }
  const LABELLED_FIT = 400;  // above this, a view is fitted by its positions: its labels are thinned
  function fitView(ids) {
    const list = ids || nodes.getIds();
    if (!list.length) return;
    const labelled = list.length <= LABELLED_FIT;
    look(fitPlan(list, () => labelled));
    rescale();
    if (labelled) {  // room for the labels that fit; a label the closer view would cut is left out
      look(fitPlan(list, (id) => labelShown.get(id) !== false));
      rescale();
    }
  }
  function rescale() {
    viewScale = network.getScale();
    nodes.update(nodes.getIds().map((id) => {
      const n = byId.get(id);
      return { id: id, size: nodeSize(n), font: { size: fontSize(n) } };
    }));
    thinLabels();
  }
  let zoomTimer = null;
  network.on("zoom", () => { clearTimeout(zoomTimer); zoomTimer = setTimeout(rescale, 120); });

  const EDGE_LIMIT = 12000;
  let allLinks = 0;
  function refresh() {
    computePassing();
    const drawn = new Set(nodes.getIds());
    const wanted = new Set(data.nodes.filter(isVisible).map((n) => n.id));
    const between = (e) => wanted.has(e.from) && wanted.has(e.to) && (showDerived || !e.derived);
    // A corpus with more links than a browser draws quickly draws the selected node's links.
    allLinks = focusSet ? Infinity : data.edges.reduce((count, e) => count + (between(e) ? 1 : 0), 0);
    const edgeWanted = allLinks <= EDGE_LIMIT ? between
      : (e) => between(e) && (e.from === selected || e.to === selected);
    edges.remove(edges.getIds({ filter: (e) => !edgeWanted(data.edges[e.id]) }));
    nodes.remove(Array.from(drawn).filter((id) => !wanted.has(id)));
    thinLabels(Array.from(wanted));
    nodes.update(data.nodes.filter((n) => wanted.has(n.id)).map(visNode));
    const present = new Set(edges.getIds());
    edges.add(data.edges.filter((e) => edgeWanted(e) && !present.has(e.id)).map(visEdge));
    document.querySelectorAll("#legend input").forEach((box) => { box.checked = shown.get(box.value); });
    describeHidden(wanted);
    summarise();
    saveState();
  }

  function describeHidden(wanted) {
    const hiddenKinds = data.kinds.filter((k) => !shown.get(k.key));
    const hiddenNodes = data.nodes.filter((n) => !shown.get(n.kind)).length;
    const through = data.edges.filter((e) => !shown.get(byId.get(e.from).kind) || !shown.get(byId.get(e.to).kind)).length;
    document.getElementById("hidden-note").textContent = hiddenKinds.length
      ? "Hidden: " + hiddenKinds.map((k) => k.label.toLowerCase()).join(", ") + " (" + hiddenNodes + " nodes, and "
        + through + " links through them)." : "Every kind is shown.";
    const status = [];
    if (focusSet && selected !== null) status.push("Showing the neighbourhood of \u201c" + byId.get(selected).label + "\u201d");
    if (passing) status.push("Filtered: " + films.filter((f) => wanted.has(f.id)).length + " of " + films.length + " films");
    if (allLinks > EDGE_LIMIT && allLinks !== Infinity) {
      status.push(allLinks.toLocaleString("en") + " links: the selected node's are drawn");
    }
    document.getElementById("status").textContent = status.join(" \u00b7 ");
  }

  // A text alternative: what the graph shows, and the selected node with its links.
  function summarise() {
    const count = nodes.length;
    let text = "The graph shows " + count + " of " + data.nodes.length + " nodes and " + edges.length + " links.";
    if (selected !== null) {
      const node = byId.get(selected);
      const links = neighbours.get(selected).filter((l) => isVisible(byId.get(l.id)));
      text += " Selected: " + node.label + " (" + kindLabel(node) + "), linked to " + links.length + ": "
        + links.slice(0, 12).map((l) => byId.get(l.id).label).join("; ") + (links.length > 12 ? "; \u2026" : "") + ".";
    }
    document.getElementById("summary").textContent = text;
  }

  // --- Details in words. ---
  function factList(pairs) {
    const list = el("dl");
    pairs.forEach(([name, value]) => {
      list.appendChild(el("dt", name.charAt(0).toUpperCase() + name.slice(1)));
      list.appendChild(el("dd", value));
    });
    return list;
  }

  function showDetails(id) {
    const node = byId.get(id);
    const panel = document.getElementById("details");
    panel.replaceChildren();
    panel.appendChild(el("p", kindLabel(node), "kind"));
    const heading = el("h2", node.label);
    heading.tabIndex = -1;
    panel.appendChild(heading);
    panel.appendChild(factList(node.attrs));
    const links = neighbours.get(id).slice().sort((a, b) =>
      kindOrder.get(byId.get(a.id).kind) - kindOrder.get(byId.get(b.id).kind) || (a.edge.label < b.edge.label ? -1 : 1)
      || a.id - b.id);
    if (links.length) {
      panel.appendChild(el("h3", "Links (" + links.length + ")"));
      const list = el("ul", null, "links");
      links.forEach((link) => {
        const other = byId.get(link.id);
        const item = el("li");
        const words = (link.out ? link.edge.label : link.edge.label + " of") + (link.edge.derived ? " (derived)" : "");
        item.appendChild(el("span", words.charAt(0).toUpperCase() + words.slice(1) + ": ", "property"));
        const button = el("button", other.label, "link");
        button.type = "button";
        button.addEventListener("click", () => select(other.id));
        item.appendChild(button);
        item.appendChild(el("span", " (" + kindLabel(other) + ")", "kind-note"));
        if (link.edge.details.length) item.appendChild(factList(link.edge.details));
        else if (data.nested.includes(other.kind)) item.appendChild(factList(other.attrs));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    panel.appendChild(el("p", node.iri, "iri"));
  }

  function select(id, options) {
    const node = byId.get(id);
    if (!shown.get(node.kind)) shown.set(node.kind, true);
    if (passing && !passing.has(id)) { filters.film = ""; filters.genre = ""; filters.from = null; filters.to = null; syncFilters(); }
    if (focusSet && !focusSet.has(id)) { focusSet = null; restoreHome(); }
    selected = id;
    if (!(options && options.walk)) { anchor = id; walkIndex = -1; }
    refresh();
    network.selectNodes([id]);
    if (!(options && options.keepView)) {
      network.focus(id, { scale: Math.max(network.getScale(), Math.min(0.9, fitScale * 6)), animation: false });
      rescale();
    }
    showDetails(id);
    summarise();
    saveState();
  }

  // --- Focus: the neighbourhood, laid out anew around the node and fitted to the screen. ---
  function neighbourhood(id, depth) {
    const seen = new Map([[id, 0]]);
    let frontier = [id];
    for (let d = 0; d < depth; d++) {
      const next = [];
      frontier.forEach((n) => neighbours.get(n).forEach((l) => {
        if (!seen.has(l.id) && shown.get(byId.get(l.id).kind)) { seen.set(l.id, d + 1); next.push(l.id); }
      }));
      frontier = next;
    }
    return seen;
  }
  function radial(centre, rings) {
    // An ellipse with the shape of the graph's area, so that the fitted neighbourhood fills it.
    const area = document.getElementById("graph");
    const aspect = Math.max(0.4, Math.min(2.5, (area.clientHeight || 1) / (area.clientWidth || 1)));
    const stretch = { x: 1, y: aspect * 1.35 };  // labels are wide: a taller ring fills the area better
    const placed = new Map([[centre, { x: 0, y: 0 }]]);
    const byRing = [];
    rings.forEach((ring, id) => { if (ring > 0) (byRing[ring] = byRing[ring] || []).push(id); });
    byRing.forEach((ids, ring) => {
      if (!ids) return;
      ids.sort((a, b) => kindOrder.get(byId.get(a).kind) - kindOrder.get(byId.get(b).kind)
        || byId.get(a).label.localeCompare(byId.get(b).label) || a - b);
      const radius = Math.max(220 * ring, (ids.length * 90) / (2 * Math.PI));
      ids.forEach((id, i) => {
        const angle = (2 * Math.PI * i) / ids.length - Math.PI / 2;
        placed.set(id, { x: radius * Math.cos(angle) * stretch.x, y: radius * Math.sin(angle) * stretch.y });
      });
    });
    return placed;
  }
  function restoreHome() {
    data.nodes.forEach((n) => { const h = home.get(n.id); n.x = h.x; n.y = h.y; });
  }
  function focusOn(id, depth) {
    restoreHome();
    const rings = neighbourhood(id, depth);
    focusSet = new Set(rings.keys());
    radial(id, rings).forEach((p, nid) => { const n = byId.get(nid); n.x = p.x; n.y = p.y; });
    selected = id;
    refresh();
    network.selectNodes([id]);
    fitView();
    showDetails(id);
  }
  const depthInput = document.getElementById("depth");
  const depthValue = () => Math.max(0, Math.min(9, parseInt(depthInput.value, 10) || 0));
  document.getElementById("focus").addEventListener("click", () => { if (selected !== null) focusOn(selected, depthValue()); });
  document.getElementById("reset").addEventListener("click", () => {
    focusSet = null;
    restoreHome();
    refresh();
    fitView();
  });

  // --- Legend: tick a kind to show it; hidden kinds hide the links through them. ---
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

  // Links the documents imply (derived, dashed) can be hidden; the box says how many there are.
  const derivedBox = document.getElementById("derived-links");
  derivedBox.parentElement.lastChild.textContent = " Derived links, dashed (" + derivedCount + ")";
  if (!derivedCount) derivedBox.parentElement.parentElement.hidden = true;
  derivedBox.addEventListener("change", () => { showDerived = derivedBox.checked; refresh(); });

  // --- Film filters. ---
  const filmFilter = document.getElementById("film-filter");
  const genreFilter = document.getElementById("genre-filter");
  const yearFrom = document.getElementById("year-from");
  const yearTo = document.getElementById("year-to");
  films.slice().sort((a, b) => a.label.localeCompare(b.label) || a.id - b.id).forEach((f) => {
    const option = el("option", f.label + (f.year ? " (" + f.year + ")" : ""));
    option.value = String(f.id);
    filmFilter.appendChild(option);
  });
  data.nodes.filter((n) => n.kind === "genre").sort((a, b) => a.label.localeCompare(b.label)).forEach((g) => {
    const option = el("option", g.label);
    option.value = String(g.id);
    genreFilter.appendChild(option);
  });
  const years = films.map((f) => f.year).filter((y) => y !== undefined);
  if (years.length) {
    yearFrom.placeholder = String(Math.min.apply(null, years));
    yearTo.placeholder = String(Math.max.apply(null, years));
  }
  const yearOf = (input) => (input.value.trim() === "" ? null : parseInt(input.value, 10));
  function readFilters() {
    filters.film = filmFilter.value;
    filters.genre = genreFilter.value;
    filters.from = yearOf(yearFrom);
    filters.to = yearOf(yearTo);
    refresh();
    if (passing) fitView();
  }
  function syncFilters() {
    filmFilter.value = filters.film;
    genreFilter.value = filters.genre;
    yearFrom.value = filters.from === null ? "" : String(filters.from);
    yearTo.value = filters.to === null ? "" : String(filters.to);
  }
  [filmFilter, genreFilter, yearFrom, yearTo].forEach((input) => input.addEventListener("change", readFilters));

  // --- Search: how many match, and all of them on request. ---
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  const found = document.getElementById("found");
  const SHOWN_RESULTS = 20;
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
  function listResults(all) {
    results.replaceChildren();
    const hits = matches(search.value);
    const listed = all ? hits : hits.slice(0, SHOWN_RESULTS);
    listed.forEach((n) => {
      const item = el("li");
      const button = el("button", n.label, "link");
      button.type = "button";
      button.addEventListener("click", () => {
        select(n.id);
        results.querySelectorAll("[aria-current]").forEach((b) => b.removeAttribute("aria-current"));
        button.setAttribute("aria-current", "true");
        button.focus();
      });
      item.append(button, el("span", " (" + kindLabel(n) + ")", "kind-note"));
      results.appendChild(item);
    });
    if (hits.length > listed.length) {
      const item = el("li");
      const more = el("button", "Show all " + hits.length + " matches", "link more");
      more.type = "button";
      more.addEventListener("click", () => { listResults(true); const first = results.querySelector("button"); if (first) first.focus(); });
      item.appendChild(more);
      results.appendChild(item);
    }
    found.textContent = !search.value.trim() ? "" : hits.length === 0 ? "No node has that label."
      : hits.length + (hits.length === 1 ? " match" : " matches")
        + (hits.length > listed.length ? ", the first " + listed.length + " listed" : "");
    return hits;
  }
  search.addEventListener("input", () => listResults(false));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const hits = listResults(false);
      if (hits.length) select(hits[0].id);
    } else if (event.key === "ArrowDown") {
      const first = results.querySelector("button");
      if (first) { event.preventDefault(); first.focus(); }
    } else if (event.key === "Escape") {
      search.value = "";
      listResults(false);
    }
  });
  results.addEventListener("keydown", (event) => {
    const buttons = Array.from(results.querySelectorAll("button"));
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at + 1 < buttons.length) { event.preventDefault(); buttons[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? buttons[at - 1] : search).focus(); }
  });

  // --- Keyboard on the graph: the arrow keys go round the chosen node's neighbours, showing
  // each one's details; Enter makes the one shown the node to go round; Escape goes back. ---
  let anchor = null;
  let walkIndex = -1;
  document.getElementById("graph").addEventListener("keydown", (event) => {
    if (selected === null) {
      if ((event.key.startsWith("Arrow") || event.key === "Enter") && data.nodes.length) {
        event.preventDefault();
        select(data.nodes[0].id);
      }
      return;
    }
    if (anchor === null) anchor = selected;
    if (event.key === "Enter") { event.preventDefault(); anchor = selected; walkIndex = -1; summarise(); return; }
    if (event.key === "Escape") { event.preventDefault(); select(anchor, { walk: true }); walkIndex = -1; return; }
    const around = neighbours.get(anchor).filter((l) => isVisible(byId.get(l.id)));
    if (!around.length) return;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") walkIndex = (walkIndex + 1) % around.length;
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") walkIndex = (walkIndex - 1 + around.length) % around.length;
    else return;
    event.preventDefault();
    select(around[walkIndex].id, { keepView: true, walk: true });
  });

  // --- Save the view as PNG. ---
  document.getElementById("save-png").addEventListener("click", () => {
    const canvas = document.querySelector("#graph canvas");
    const link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = (data.title.replace(/[^\w\u00c0-\uffff -]+/g, "").trim() || "filmgraph") + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // --- The view in the URL: selected node, focus, filters and kinds, to share or bookmark. ---
  let restoring = true;
  function saveState() {
    if (restoring) return;
    const state = new URLSearchParams();
    if (selected !== null) state.set("iri", byId.get(selected).iri);
    if (focusSet) state.set("focus", String(depthValue()));
    if (filters.film !== "") state.set("film", byId.get(Number(filters.film)).iri);
    if (filters.genre !== "") state.set("genre", byId.get(Number(filters.genre)).iri);
    if (filters.from !== null) state.set("from", String(filters.from));
    if (filters.to !== null) state.set("to", String(filters.to));
    if (showDerived !== (data.nodes.length <= 2000)) state.set("derived", showDerived ? "1" : "0");
    const changed = data.kinds.filter((k) => shown.get(k.key) !== startShown.get(k.key));
    if (changed.length) state.set("kinds", data.kinds.filter((k) => shown.get(k.key)).map((k) => k.key).join(","));
    const hash = state.toString();
    if (("#" + hash) !== location.hash && !(hash === "" && location.hash === "")) {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }
  }
  function restoreState() {
    const state = new URLSearchParams(location.hash.replace(/^#/, ""));
    const byIri = (iri) => data.nodes.find((n) => n.iri === iri);
    if (state.has("kinds")) {
      const wanted = new Set(state.get("kinds").split(","));
      data.kinds.forEach((k) => shown.set(k.key, wanted.has(k.key)));
    }
    showDerived = state.has("derived") ? state.get("derived") !== "0" : data.nodes.length <= 2000;
    derivedBox.checked = showDerived;
    const film = state.has("film") && byIri(state.get("film"));
    const genre = state.has("genre") && byIri(state.get("genre"));
    filters.film = film ? String(film.id) : "";
    filters.genre = genre ? String(genre.id) : "";
    filters.from = state.has("from") ? parseInt(state.get("from"), 10) || null : null;
    filters.to = state.has("to") ? parseInt(state.get("to"), 10) || null : null;
    syncFilters();
    const start = state.has("iri") && byIri(state.get("iri"));
    if (start && state.has("focus")) {
      depthInput.value = state.get("focus");
      if (!shown.get(start.kind)) shown.set(start.kind, true);
      focusOn(start.id, depthValue());
    } else if (start) {
      select(start.id);
    } else {
      computePassing();
      const visible = data.nodes.filter(isVisible).map((n) => n.id);
      if (visible.length > LABELLED_FIT) {  // sized for the view before vis-network gets the nodes
        look(fitPlan(visible, () => false));
        refresh();
      } else {
        refresh();
        fitView();
      }
    }
  }

  // --- On a narrow screen the kinds and the details are panels: a button opens and closes each. ---
  const narrow = window.matchMedia("(max-width: 799px)");
  function openPanel(name, open) {
    document.body.classList.toggle("show-" + name, open);
    document.getElementById("show-" + name).setAttribute("aria-expanded", String(open));
  }
  ["legend", "details"].forEach((name) => {
    document.getElementById("show-" + name).addEventListener("click", () =>
      openPanel(name, !document.body.classList.contains("show-" + name)));
  });
  network.on("click", (params) => {
    if (!params.nodes.length) return;
    selected = params.nodes[0];
    anchor = selected;
    walkIndex = -1;
    if (allLinks > EDGE_LIMIT) refresh();  // draw its links
    showDetails(selected);
    summarise();
    saveState();
    if (narrow.matches) openPanel("details", true);
  });
  network.on("dragStart", () => { if (narrow.matches) { openPanel("legend", false); openPanel("details", false); } });
  network.on("dragEnd", (params) => {
    params.nodes.forEach((id) => { const p = network.getPositions([id])[id]; const n = byId.get(id); n.x = p.x; n.y = p.y; });
    thinLabels();  // a node moved, or the view: labels that now fit (or no longer do)
  });

  restoreState();
  restoring = false;
  saveState();
  network.once("afterDrawing", () => {
    window.filmgraphReadyAt = performance.now();
    window.filmgraphReady = true;
    document.body.setAttribute("data-ready", "true");
  });
  network.redraw();
  window.addEventListener("hashchange", () => { restoring = true; restoreState(); restoring = false; });
  window.filmgraph = {
    network: network,
    select: select,
    focus: focusOn,
    fit: () => fitView(),
    visibleCounts: () => ({ nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length }),
    labelled: () => nodes.get().filter((n) => n.label).map((n) => n.id),
  };
})();
