// Relations drawn as arcs and connectors above the text (a layer, see layers.js; joined
// after it).
//
// Data (Python: workspace/arcs.py): {relations: [{id, from, to, colour, label, directed}]},
// `from`/`to` being drawn span ids. The workspace sends this layer only when some relation
// has both ends drawn: a document without relations has no SVG and no listener at all.
//
// What this code keeps to (a first version made the article's scroll height grow on every
// scroll, so that the end of a long article was never reached):
// - one SVG, absolutely placed inside the scroller over exactly its visible part (top at
//   scrollTop, one client height high less a pixel, and never below the text's end): it never
//   reaches past the scroller's content, so it never changes the scroll height or width; it
//   takes no pointer events, so the text under it stays selectable and clickable;
// - its viewBox is the visible part in the article's content coordinates, so arcs are drawn
//   where their spans are measured; on scroll it is moved and redrawn once per animation frame,
//   with only the relations that reach into the visible part (300 relations on a 20,000-word
//   article leave a handful of SVG groups);
// - the spans' positions are measured once per drawing (a forced layout) and kept until the
//   highlights are drawn again or the lines wrap differently;
// - readable with overlapping spans and across lines: an arc leaves each end at the span's
//   first line box, shifted by the span's band lane (spans stacked at one place get arcs of
//   their own); two ends on one line are joined by an arch, raised one lane above another arch
//   it would overlap; ends on different lines by a connector that runs up into the gap above
//   each line and along the article's left margin (a gutter the layer widens), each connector
//   in a gutter lane of its own where they overlap, so that no arc crosses lines of text;
// - the selected span's relations are drawn darker, above the rest, with the type's name
//   (an SVG text set with textContent: user text, never HTML).

const ARC_SVG = "http://www.w3.org/2000/svg";
// How far above a line box an arch rises, per lane, and the most lanes.
const ARC_RISE = 6;
const ARC_STEP = 4;
const ARC_LANES = 4;
// Connectors: their horizontal runs lie this far above the line box; gutter lanes are this
// far apart, counted leftwards from the text's left edge.
const ARC_RUN = 5;
const ARC_GUTTER_STEP = 4;
const ARC_GUTTER_LANES = 5;
// Px beyond the visible part whose arcs are drawn too (an arch rising into view).
const ARC_MARGIN = 40;

function svgNode(tag, attrs) {
  const node = document.createElementNS(ARC_SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

class ArcsLayer {
  constructor(host) {
    this.host = host;
    this.relations = [];
    this.key = null;
    this.geometry = null;
    this.frame = 0;
    this.svg = svgNode("svg", { class: "anno-hl-arcs", "aria-hidden": "true", focusable: "false" });
    host.scroller.classList.add("anno-hl-has-arcs");
    host.scroller.append(this.svg);
    this.controller = new AbortController();
    host.scroller.addEventListener("scroll", () => this.soon(), { signal: this.controller.signal, passive: true });
    // A web font arriving late wraps the lines anew without changing any box's width.
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(() => { if (!this.controller.signal.aborted) this.drawn(); });
    }
    // The highlighter tells layers about width changes only; the SVG follows the height too.
    if (typeof ResizeObserver !== "undefined") {
      const observer = new ResizeObserver(() => this.soon());
      observer.observe(host.scroller);
      this.controller.signal.addEventListener("abort", () => observer.disconnect());
    }
  }

  update(data) {
    const list = data && Array.isArray(data.relations) ? data.relations : [];
    const key = JSON.stringify(list);
    if (key !== this.key) {
      this.key = key;
      this.relations = list
        .filter((r) => r && r.from !== undefined && r.to !== undefined)
        .map((r) => ({
          id: String(r.id), from: String(r.from), to: String(r.to),
          colour: COLOUR.test(r.colour || "") ? r.colour : "#666666",
          label: typeof r.label === "string" ? r.label : "", directed: r.directed !== false,
        }));
      this.geometry = null;
    }
    this.soon();  // the selected span may have changed
  }

  drawn() { this.geometry = null; this.soon(); }

  resized() { this.geometry = null; this.soon(); }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.controller.abort();
    this.svg.remove();
    this.host.scroller.classList.remove("anno-hl-has-arcs");
    delete this.host.root.dataset.arcs;
  }

  soon() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  // Where each relation's arc runs, in the scroller's content coordinates; relations with an
  // end not drawn (a filtered or hidden span) are left out.
  measure() {
    const article = this.host.article;
    const ends = new Map();
    const end = (id) => {
      if (!ends.has(id)) {
        const box = article.rectsOf(id)[0];
        const lane = Math.min(article.spanById.get(id)?.lane ?? 0, 3);
        ends.set(id, box ? { x: box.left + Math.min(box.width / 2, 10) + lane * 3, y: box.top } : null);
      }
      return ends.get(id);
    };
    const scroller = this.host.scroller.getBoundingClientRect();
    const textLeft = this.host.text.getBoundingClientRect().left - scroller.left + this.host.scroller.scrollLeft;
    const arches = [];
    const connectors = [];
    for (const rel of this.relations) {
      const a = end(rel.from);
      const b = end(rel.to);
      if (!a || !b) continue;
      const arc = { rel, x1: a.x, y1: a.y, x2: b.x, y2: b.y, lane: 0 };
      (Math.abs(a.y - b.y) < 2 ? arches : connectors).push(arc);
    }
    // Arches on one line: one lane above another where they overlap (the shortest lowest).
    const byLine = new Map();
    for (const arc of arches) {
      const line = Math.round(arc.y1);
      if (!byLine.has(line)) byLine.set(line, []);
      byLine.get(line).push(arc);
    }
    for (const group of byLine.values()) {
      group.sort((p, q) => Math.abs(p.x2 - p.x1) - Math.abs(q.x2 - q.x1));
      const placed = [];
      for (const arc of group) {
        const lo = Math.min(arc.x1, arc.x2) - 2;
        const hi = Math.max(arc.x1, arc.x2) + 2;
        let lane = 0;
        while (placed.some((p) => p.lane === lane && p.lo < hi && lo < p.hi)) lane += 1;
        placed.push({ lane, lo, hi });
        arc.lane = Math.min(lane, ARC_LANES - 1);
      }
    }
    // Connectors: a gutter lane each where their vertical extents overlap (the shortest
    // nearest the text).
    connectors.sort((p, q) => Math.abs(p.y2 - p.y1) - Math.abs(q.y2 - q.y1));
    const placed = [];
    for (const arc of connectors) {
      const lo = Math.min(arc.y1, arc.y2) - ARC_RUN - 1;
      const hi = Math.max(arc.y1, arc.y2);
      let lane = 0;
      while (placed.some((p) => p.lane === lane && p.lo < hi && lo < p.hi)) lane += 1;
      placed.push({ lane, lo, hi });
      arc.lane = Math.min(lane, ARC_GUTTER_LANES - 1);
      arc.gutter = Math.max(1, textLeft - 3 - arc.lane * ARC_GUTTER_STEP);
    }
    for (const arc of arches) {
      arc.top = arc.y1 - ARC_RISE - ARC_STEP * arc.lane;
      arc.bottom = arc.y1;
    }
    for (const arc of connectors) {
      arc.top = Math.min(arc.y1, arc.y2) - ARC_RUN;
      arc.bottom = Math.max(arc.y1, arc.y2);
    }
    return [...arches, ...connectors];
  }

  render() {
    if (!this.geometry) this.geometry = this.measure();
    const scroller = this.host.scroller;
    // Whole pixels, one short of the visible part and never below the text's end (measured
    // without the SVG: the text is the scroller's offset child), so that the SVG cannot reach
    // past the content even for a frame after the scroller shrank.
    const top = Math.floor(scroller.scrollTop);
    const left = Math.floor(scroller.scrollLeft);
    const textEnd = this.host.text.offsetTop + this.host.text.offsetHeight;
    const width = Math.max(0, scroller.clientWidth - 1);
    const height = Math.max(0, Math.min(scroller.clientHeight - 1, textEnd - top));
    this.svg.style.top = `${top}px`;
    this.svg.style.left = `${left}px`;
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(height));
    this.svg.setAttribute("viewBox", `${left} ${top} ${width} ${height}`);
    const selected = this.host.selected;
    const active = (arc) => selected !== null && (arc.rel.from === selected || arc.rel.to === selected);
    const shown = this.geometry.filter((arc) => arc.bottom >= top - ARC_MARGIN && arc.top <= top + height + ARC_MARGIN);
    // The selected span's arcs last, so that they are drawn above the rest.
    shown.sort((p, q) => Number(active(p)) - Number(active(q)));
    this.svg.replaceChildren(...shown.map((arc) => this.arcNode(arc, active(arc))));
    this.host.root.dataset.arcs = String(shown.length);
  }

  arcNode(arc, active) {
    const { rel, x1, y1, x2, y2 } = arc;
    let d;
    let labelAt;
    if (arc.gutter === undefined) {
      const peak = arc.top;
      d = `M ${x1} ${y1} C ${x1} ${peak}, ${x2} ${peak}, ${x2} ${y2}`;
      labelAt = { x: (x1 + x2) / 2, y: peak - 1, anchor: "middle" };
    } else {
      // Up into the gap above the source's line, along it to the margin, down (or up) the
      // gutter to the target's line, along the gap above it, and down into the target.
      const g = arc.gutter;
      const r1 = y1 - ARC_RUN;
      const r2 = y2 - ARC_RUN;
      d = `M ${x1} ${y1} V ${r1} H ${g} V ${r2} H ${x2} V ${y2}`;
      labelAt = { x: g + 4, y: r2 - 2, anchor: "start" };
    }
    const group = svgNode("g", {
      class: `anno-hl-arc${active ? " anno-hl-arc-active" : ""}`, "data-relation": rel.id,
      "data-from": rel.from, "data-to": rel.to,
    });
    group.style.setProperty("--anno-hl-arc", rel.colour);
    group.append(svgNode("path", { d, class: "anno-hl-arc-line" }));
    group.append(svgNode("circle", { cx: x1, cy: y1, r: 1.8, class: "anno-hl-arc-end" }));
    if (rel.directed) {
      // An arrowhead pointing down into the target's first line box.
      group.append(svgNode("path", { d: `M ${x2 - 3} ${y2 - 5} L ${x2} ${y2} L ${x2 + 3} ${y2 - 5} Z`, class: "anno-hl-arc-head" }));
    } else {
      group.append(svgNode("circle", { cx: x2, cy: y2, r: 1.8, class: "anno-hl-arc-end" }));
    }
    if (active && rel.label) {
      const text = svgNode("text", { x: labelAt.x, y: labelAt.y, "text-anchor": labelAt.anchor, class: "anno-hl-arc-label" });
      text.textContent = rel.label;
      group.append(text);
    }
    return group;
  }
}

registerLayer("arcs", ArcsLayer);
