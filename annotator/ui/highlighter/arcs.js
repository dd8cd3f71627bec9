// Relations drawn as arcs above the text (a layer, see layers.js; joined after it).
//
// Data (Python: workspace/drawing.py `arcs_layer`): {relations: [{id, from, to, colour,
// label, directed}]}, `from`/`to` being drawn span ids. Lessons this code follows:
// - one SVG for all arcs, only as tall as the part of the article in view (plus a margin),
//   and only the arcs with an end in that window are in it: a 20,000-word article with
//   hundreds of relations keeps a few dozen SVG nodes, redrawn on scroll in one frame;
// - the ends' positions are measured once per drawing (rectsOf forces a layout) and kept
//   until the highlights are drawn again or the lines wrap differently;
// - overlapping spans: an arc leaves its span at the span's own first line box, arcs that
//   share a line are raised by lane so they do not lie on top of each other, and the arcs of
//   the selected span are drawn darker above the others;
// - the type's name is an SVG <title> / <text> set with textContent (user text, never HTML);
// - a click on an arc selects its source span (the side panel then lists the relation).

const ARC_SVG = "http://www.w3.org/2000/svg";
// How far beyond the visible part of the article arcs are kept (px above and below).
const ARC_MARGIN = 600;
const ARC_BASE = 9;
const ARC_STEP = 5;
const ARC_MAX_LANES = 4;

function svgEl(tag, attrs) {
  const node = document.createElementNS(ARC_SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

class ArcsLayer {
  constructor(host) {
    this.host = host;
    this.relations = [];
    this.geometry = null;
    this.frame = 0;
    this.svg = svgEl("svg", { class: "anno-hl-arcs", "aria-hidden": "true" });
    this.group = svgEl("g");
    this.svg.append(this.group);
    host.scroller.classList.add("anno-hl-has-arcs");
    host.scroller.append(this.svg);
    this.controller = new AbortController();
    host.scroller.addEventListener("scroll", () => this.soon(), { signal: this.controller.signal, passive: true });
    this.svg.addEventListener("click", (e) => this.onClick(e), { signal: this.controller.signal });
  }

  update(data) {
    const list = data && Array.isArray(data.relations) ? data.relations : [];
    this.relations = list
      .filter((r) => r && r.from !== undefined && r.to !== undefined)
      .map((r) => ({
        id: String(r.id), from: String(r.from), to: String(r.to),
        colour: COLOUR.test(r.colour || "") ? r.colour : "#666666",
        label: typeof r.label === "string" ? r.label : "", directed: r.directed !== false,
      }));
    this.geometry = null;
    this.soon();
  }

  drawn() { this.geometry = null; this.soon(); }

  resized() { this.geometry = null; this.soon(); }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.controller.abort();
    this.svg.remove();
    this.host.scroller.classList.remove("anno-hl-has-arcs");
  }

  soon() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  // Where each relation's arc runs, in scroller content coordinates; relations whose ends
  // are not drawn (a filtered or hidden span) are left out.
  measure() {
    const firstBox = new Map();
    const box = (id) => {
      if (!firstBox.has(id)) firstBox.set(id, this.host.article.rectsOf(id)[0] || null);
      return firstBox.get(id);
    };
    const arcs = [];
    for (const rel of this.relations) {
      const a = box(rel.from);
      const b = box(rel.to);
      if (!a || !b) continue;
      arcs.push({ rel, x1: a.left + Math.min(a.width / 2, 14), y1: a.top, x2: b.left + Math.min(b.width / 2, 14), y2: b.top });
    }
    // Lanes: arcs whose horizontal extents overlap on one line are raised one above the other.
    const byLine = new Map();
    for (const arc of arcs) {
      const line = Math.round(Math.min(arc.y1, arc.y2));
      if (!byLine.has(line)) byLine.set(line, []);
      byLine.get(line).push(arc);
    }
    for (const group of byLine.values()) {
      group.sort((p, q) => Math.abs(p.x2 - p.x1) - Math.abs(q.x2 - q.x1));
      const placed = [];
      for (const arc of group) {
        const lo = Math.min(arc.x1, arc.x2);
        const hi = Math.max(arc.x1, arc.x2);
        let lane = 0;
        while (placed.some((p) => p.lane === lane && p.lo < hi && lo < p.hi)) lane += 1;
        placed.push({ lane, lo, hi });
        arc.lane = Math.min(lane, ARC_MAX_LANES - 1);
      }
    }
    return arcs;
  }

  render() {
    if (!this.geometry) this.geometry = this.measure();
    const scroller = this.host.scroller;
    const top = Math.max(0, scroller.scrollTop - ARC_MARGIN);
    const bottom = scroller.scrollTop + scroller.clientHeight + ARC_MARGIN;
    const width = Math.max(scroller.scrollWidth, scroller.clientWidth);
    this.svg.style.top = `${top}px`;
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(bottom - top));
    this.group.setAttribute("transform", `translate(0 ${-top})`);
    const selected = this.host.selected;
    const shown = this.geometry.filter((arc) => {
      const high = Math.min(arc.y1, arc.y2) - ARC_BASE - ARC_STEP * ARC_MAX_LANES;
      const low = Math.max(arc.y1, arc.y2);
      return low >= top && high <= bottom;
    });
    // The selected span's arcs last, so that they are drawn above the rest.
    const active = (arc) => selected !== null && (arc.rel.from === selected || arc.rel.to === selected);
    shown.sort((p, q) => Number(active(p)) - Number(active(q)));
    const nodes = [];
    for (const arc of shown) nodes.push(this.arcNode(arc, active(arc)));
    this.group.replaceChildren(...nodes);
    this.host.root.dataset.arcs = String(shown.length);
  }

  arcNode(arc, active) {
    const { rel, x1, y1, x2, y2 } = arc;
    const rise = ARC_BASE + ARC_STEP * (arc.lane || 0);
    const peak = Math.min(y1, y2) - rise;
    // Same line: a flat arch; different lines: a connector that leaves and reaches both ends
    // from above.
    const d = `M ${x1} ${y1} C ${x1} ${peak}, ${x2} ${peak}, ${x2} ${y2}`;
    const g = svgEl("g", {
      class: `anno-hl-arc${active ? " anno-hl-arc-active" : ""}`, "data-relation": rel.id,
      "data-from": rel.from, "data-to": rel.to,
    });
    g.style.setProperty("--anno-hl-arc", rel.colour);
    const title = svgEl("title");
    title.textContent = rel.label;
    const hit = svgEl("path", { d, class: "anno-hl-arc-hit" });
    const line = svgEl("path", { d, class: "anno-hl-arc-line" });
    g.append(title, hit, line);
    if (rel.directed) {
      // An arrowhead pointing down into the target's first line box.
      g.append(svgEl("path", { d: `M ${x2 - 3.5} ${y2 - 6} L ${x2} ${y2} L ${x2 + 3.5} ${y2 - 6} Z`, class: "anno-hl-arc-head" }));
    }
    if (active && rel.label) {
      const text = svgEl("text", { x: (x1 + x2) / 2, y: peak - 2, class: "anno-hl-arc-label" });
      text.textContent = rel.label;
      g.append(text);
    }
    return g;
  }

  onClick(event) {
    const g = event.target instanceof Element ? event.target.closest(".anno-hl-arc") : null;
    if (!g) return;
    event.preventDefault();
    event.stopPropagation();
    this.host.select(g.dataset.from, true);
  }
}

registerLayer("arcs", ArcsLayer);
