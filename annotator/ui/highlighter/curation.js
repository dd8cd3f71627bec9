// The curation view: every annotator's spans over one article in lanes, the gold layer on top,
// and a card to decide the focused disagreement (joined after text.js and article.js; see
// curation.py). It follows the highlighter's lessons: user text goes in with textContent only;
// segments come from article.js's one sweep; offsets are converted and snapped to graphemes
// here and checked again by the server; each invocation tears down the previous one's
// listeners; actions go out once each, as events with unique ids.

const CURATION_VIEWS = new WeakMap();
const LANE_PX = 4;
const FOCUS_COLOUR = "#2563eb";
// An open disagreement tints its text by kind, and ends in a marker saying which kind it is.
const WASH = { single: "#8b5cf62e", extent: "#ef444430", label: "#f59e0b45", partial: "#8b5cf626" };
const MARKS = { single: "1", extent: "↔", label: "≠", partial: "∅" };
const KIND_NAMES = {
  single: "one annotator only", extent: "different extents", label: "different labels",
  partial: "not everyone marked it",
};
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

export default function curationView(component) {
  return mountComponent(component, CURATION_VIEWS, CurationView);
}

// --- moving the ends of a span ------------------------------------------------------------

function nextGrapheme(text, at) {
  if (at >= text.length) return text.length;
  const starts = graphemeStarts(text, at, Math.min(text.length, at + 64));
  return starts ? starts.find((x) => x > at) ?? text.length : at + 1;
}

function previousGrapheme(text, at) {
  if (at <= 0) return 0;
  const from = Math.max(0, at - 64);
  const starts = graphemeStarts(text, from, at);
  if (!starts) return at - 1;
  let best = from;
  for (const x of starts) if (x < at) best = x;
  return best;
}

const isWord = (text, i) => i >= 0 && i < text.length && WORD_CHAR.test(text[i]);

// Where an end or a start goes with Ctrl+arrow: to the end (or start) of the next or the
// previous word.
function wordEndAfter(text, at) {
  let i = at;
  while (i < text.length && !isWord(text, i)) i++;
  while (i < text.length && isWord(text, i)) i++;
  return i;
}

function wordEndBefore(text, at) {
  let i = at;
  while (i > 0 && isWord(text, i - 1)) i--;
  while (i > 0 && !isWord(text, i - 1)) i--;
  return i;
}

function wordStartAfter(text, at) {
  let i = at;
  while (i < text.length && isWord(text, i)) i++;
  while (i < text.length && !isWord(text, i)) i++;
  return i;
}

function wordStartBefore(text, at) {
  let i = at;
  while (i > 0 && !isWord(text, i - 1)) i--;
  while (i > 0 && isWord(text, i - 1)) i--;
  return i;
}

// --- the article, painted in lanes ---------------------------------------------------------

class CurationArticle extends ArticleView {
  constructor(element, scroller, view) {
    super(element, scroller);
    this.view = view;
  }

  // Each annotator keeps their lane(s) everywhere, so a band's height says whose it is.
  assignLanes(spans) {
    for (const sp of spans) sp.lane = this.view.laneOf(sp.id);
  }

  paintSegment(seg, covering, run) {
    this.view.paint(seg, covering, run);
  }
}

// --- the component -----------------------------------------------------------------------

class CurationView extends ArticleComponent {
  constructor(parent) {
    super(parent);
    this.focusKey = null;
    this.focusNonce = null;
    this.advanceFrom = null;
    this.draft = null;
    this.dragging = null;
    this.pendingSelection = null;
    this.metaCache = new Map();
    this.build();
  }

  build() {
    this.root = el("div", "anno-hl anno-cur");
    this.bar = el("div", "anno-hl-bar anno-cur-bar");
    this.legend = el("div", "anno-cur-legend");
    this.chips = el("div", "anno-hl-chips anno-cur-chips");
    this.card = el("div", "anno-cur-card");
    this.card.setAttribute("role", "region");
    this.card.setAttribute("aria-label", "Decision");
    this.buildArticle("anno-cur", "Article text with every annotator's spans");
    this.bar.append(this.legend, this.chips, this.card, this.status);
    this.article = new CurationArticle(this.text, this.scroller, this);
    this.root.append(this.bar, this.scroller, this.tip);
    this.parent.append(this.root);
  }

  update(data, setStateValue) {
    if (this.heldBack(data, setStateValue)) return;
    this.root.classList.toggle("anno-hl-fill", Boolean(data.fill));
    this.index(data);
    const textKey = `${data.doc_id}|${data.text_sha256}|${(data.text || "").length}`;
    if (textKey !== this.textKey) {
      this.textKey = textKey;
      this.article.setText(data.text || "");
      this.drawHeader(data);
      this.spansKey = null;
      this.focusKey = null;
      this.draft = null;
      this.pendingSelection = null;
    }
    const paletteKey = JSON.stringify([data.palette || [], data.lanes || []]);
    if (paletteKey !== this.paletteKey) {
      this.paletteKey = paletteKey;
      this.drawPalette();
      this.drawLegend();
    }
    if (this.draft && !this.draftStillValid()) this.draft = null;
    const spansKey = `${data.spans_rev}`;
    if (spansKey !== this.spansKey) {
      this.spansKey = spansKey;
      this.redraw();
    }
    this.placeFocus(data);
    this.setStatus(data.message || "");
    this.renderCard();
    this.markPainted();
  }

  // --- the data ------------------------------------------------------------------------

  index(data) {
    this.lanes = (data.lanes || []).map(([name, base, depth]) => ({ name, base, depth }));
    this.laneOwner = [];
    // Every covered segment makes room for all lanes, so that a lane is at the same depth
    // under the text everywhere: lane 0 (the first annotator) nearest to the text.
    this.totalLanes = this.lanes.reduce((sum, lane) => sum + lane.depth, 0);
    // The lines make room for them (curation.css): a paragraph does not paint outside its box.
    this.text.style.setProperty("--anno-cur-lanes", String(this.totalLanes));
    for (const lane of this.lanes) for (let i = 0; i < lane.depth; i++) this.laneOwner[lane.base + i] = lane;
    this.versions = new Map();
    for (const [uid, lane, label, start, end, item, details] of data.versions || []) {
      this.versions.set(uid, { uid, lane, label, start, end, item, details });
    }
    this.golds = new Map();
    for (const [id, version, label, start, end, item, details, note] of data.gold || []) {
      this.golds.set(id, { id, version, label, start, end, item, details, note });
    }
    this.items = (data.items || []).map(([key, type, start, end, status, kind, title, versions, gold, note], index) => ({
      index, key, type, start, end, status, kind, title, versions, gold, note,
    }));
    this.itemByKey = new Map(this.items.map((item) => [item.key, item]));
    this.clusters = this.items.filter((item) => item.type === "cluster");
    this.labels = new Map((data.palette || []).map((p) => [p.key, p]));
    this.metaCache = new Map();
    // An annotator's relations, by the uid of each of their two ends.
    this.relationsOf = new Map();
    for (const [uid, from, to, typeName, colour, directed, annotator, status] of data.relations || []) {
      const r = { uid, from, to, typeName, colour, directed, annotator, status };
      for (const end of new Set([from, to])) {
        if (!this.relationsOf.has(end)) this.relationsOf.set(end, []);
        this.relationsOf.get(end).push(r);
      }
    }
  }

  // What a drawn span is, from its id (see curation_payload.py): a version, a gold span, a
  // disagreement's extent, or the draft being adjusted.
  meta(id) {
    let found = this.metaCache.get(id);
    if (found !== undefined) return found;
    found = null;
    if (id.startsWith("v:")) {
      const v = this.versions.get(id.slice(2));
      if (v) found = { role: "v", v, item: this.items[v.item] };
    } else if (id.startsWith("g:")) {
      const g = this.golds.get(Number(id.split(":")[1]));
      if (g) found = { role: "g", g, item: this.items[g.item] };
    } else if (id.startsWith("c:")) {
      const item = this.items[Number(id.split(":")[1])];
      if (item) found = { role: "c", item };
    } else if (id.startsWith("d:")) {
      found = { role: "d" };
    }
    this.metaCache.set(id, found);
    return found;
  }

  laneOf(id) {
    const m = this.meta(id);
    return m && m.role === "v" ? m.v.lane : 0;
  }

  labelName(key) {
    return this.labels.get(key)?.name || key;
  }

  labelColour(key) {
    const colour = this.labels.get(key)?.colour;
    return COLOUR.test(colour || "") ? colour : "#888888";
  }

  annotatorOf(version) {
    return this.laneOwner[version.lane]?.name || "?";
  }

  quoteOf(start, end, limit = 90) {
    const off = this.article.offsets;
    const quote = this.article.source.slice(off.to16(start), off.to16(end)).replace(/\s+/g, " ");
    return quote.length > limit ? `${quote.slice(0, limit - 1)}…` : quote;
  }

  // --- drawing ---------------------------------------------------------------------------

  redraw() {
    const spans = this.data.spans || [];
    if (this.draft) {
      const off = this.article.offsets;
      const d = this.draft;
      spans.push([`d:${d.s}:${d.e}:${d.label}`, off.toCp(d.s), off.toCp(d.e), this.labelColour(d.label), "", "", "other"]);
      this.article.draw(spans, this.data.dim);
      spans.pop();
    } else {
      this.article.draw(spans, this.data.dim);
    }
  }

  paint(seg, covering, run) {
    const layers = [];
    const sizes = [];
    const positions = [];
    let lanes = 0;
    let gold = null;
    let cluster = null;
    let draft = null;
    let agreedEnd = false;
    let faded = false;
    for (const sp of covering) {
      const m = this.meta(sp.id);
      if (!m) continue;
      if (m.role === "v") {
        lanes = this.totalLanes;
        const rejected = m.item && m.item.status === "rejected";
        const colour = rejected ? tint(sp.colour, "55") : sp.colour;
        layers.push(`linear-gradient(${colour}, ${colour})`);
        sizes.push("100% 3px");
        positions.push(`0 calc(100% - ${(this.totalLanes - 1 - m.v.lane) * LANE_PX}px)`);
        if (m.item && m.item.type === "agreed" && m.item.status === "pending" && run.e === sp.e && m.item.versions[0] === m.v.uid) agreedEnd = true;
        faded = faded || rejected;
      } else if (m.role === "g") {
        if (!gold || sp.s > gold.s || (sp.s === gold.s && sp.e < gold.e)) gold = sp;
      } else if (m.role === "c") {
        cluster = { sp, item: m.item };
      } else if (m.role === "d") {
        draft = sp;
      }
    }
    // The gold layer on top: a bar above the text; the text tinted by the draft being
    // adjusted, else by gold, else by an open disagreement's kind.
    if (gold) {
      layers.push(`linear-gradient(${gold.colour}, ${gold.colour})`);
      sizes.push("100% 3px");
      positions.push("0 0");
    }
    let wash = null;
    if (draft) wash = tint(draft.colour, "40");
    else if (gold) wash = tint(gold.colour, "4d");
    else if (cluster && cluster.item.status === "open") wash = WASH[cluster.item.kind] || WASH.extent;
    if (wash) {
      layers.push(`linear-gradient(${wash}, ${wash})`);
      sizes.push(`100% calc(100% - ${gold ? 4 : 0}px - ${lanes * LANE_PX}px)`);
      positions.push(`0 ${gold ? 4 : 0}px`);
    }
    seg.style.paddingTop = gold ? "4px" : "";
    seg.style.paddingBottom = `${lanes * LANE_PX}px`;
    seg.style.backgroundImage = layers.join(", ");
    seg.style.backgroundSize = sizes.join(", ");
    seg.style.backgroundPosition = positions.join(", ");
    seg.style.backgroundRepeat = "no-repeat";
    if (faded && !gold) seg.classList.add("anno-cur-faded");
    // Markers at the end of a disagreement (its kind, or how it was decided) and of a span
    // all annotators agree on that is not in gold yet: generated content, outside the text.
    let mark = "";
    let markClass = "";
    if (cluster && run.e === cluster.sp.e) {
      const item = cluster.item;
      mark = item.status === "open" ? MARKS[item.kind] || "?" : item.status === "rejected" ? "✗" : "✓";
      markClass = `anno-cur-mark-${item.status === "open" ? item.kind : item.status}`;
    }
    if (agreedEnd) {
      mark = `✓${mark}`;
      markClass = markClass || "anno-cur-mark-agreed";
    }
    if (mark) {
      seg.classList.add("anno-cur-mark", markClass);
      seg.dataset.mark = mark;
    }
    if (draft) {
      seg.classList.add("anno-cur-draft");
      if (run.s === draft.s) seg.classList.add("anno-cur-draft-first");
      if (run.e === draft.e) seg.classList.add("anno-cur-draft-last");
    }
  }

  drawPalette() {
    this.chips.replaceChildren();
    this.hotkeys = new Map();
    for (const entry of this.data.palette || []) {
      const chip = el("button", "anno-hl-chip");
      chip.type = "button";
      chip.dataset.label = entry.key;
      chip.title = entry.description ? `${entry.name}: ${entry.description}` : entry.name;
      const swatch = el("span", "anno-hl-swatch");
      if (COLOUR.test(entry.colour || "")) swatch.style.background = entry.colour;
      chip.append(swatch, el("bdi", "anno-hl-chip-name", entry.name));
      if (entry.hotkey) {
        chip.append(el("kbd", "anno-hl-key", entry.hotkey.toUpperCase()));
        this.hotkeys.set(entry.hotkey.toLowerCase(), entry.key);
      }
      this.chips.append(chip);
    }
  }

  drawLegend() {
    const parts = [el("span", "anno-cur-legend-title", "Bands under the text, top to bottom:")];
    this.lanes.forEach((lane, i) => {
      const who = el("span", "anno-cur-lane");
      who.append(el("span", "anno-cur-lane-bar"), el("bdi", "anno-cur-lane-name", lane.name));
      who.firstChild.style.marginTop = `${i * 2}px`;
      who.title = `Lane ${i + 1}: ${lane.name}`;
      parts.push(who);
    });
    const gold = el("span", "anno-cur-lane anno-cur-lane-gold");
    gold.append(el("span", "anno-cur-gold-bar"), "Gold (bar above, tinted text)");
    parts.push(gold);
    const marks = el("span", "anno-cur-marks");
    marks.textContent = `Open disagreements: ${MARKS.extent} different extents · ${MARKS.label} different labels · `
      + `${MARKS.single} one annotator only · ${MARKS.partial} not everyone · ✓ agreed by all, not in gold yet`;
    parts.push(marks);
    this.legend.replaceChildren(...parts);
  }

  markPainted() {
    const rev = this.data.spans_rev;
    const info = {
      rev, count: this.versions.size, gold: this.golds.size, drawn: this.article.drawnSpans, buildMs: this.article.buildMs, rebuiltLines: this.article.rebuiltLines,
      actionAt: this.actionAt, updateAt: this.updateAt, focus: this.focusKey,
    };
    this.announcePainted(info, { paintedRev: String(rev), focus: this.focusKey || "" },
      "__annotatorCuration", "annotator-curation-painted");
  }

  // --- focus: the item the card shows ---------------------------------------------------

  focusedItem() {
    return this.focusKey !== null ? this.itemByKey.get(this.focusKey) || null : null;
  }

  placeFocus(data) {
    if (data.focus_nonce && data.focus_nonce !== this.focusNonce && data.focus_at !== null && data.focus_at !== undefined) {
      this.focusNonce = data.focus_nonce;
      const at = data.focus_at;
      const found = this.clusters.find((c) => c.start <= at && at < c.end)
        || this.clusters.find((c) => c.start >= at)
        || this.items.find((c) => c.start <= at && at < c.end);
      this.focus(found || null, true);
      this.advanceFrom = null;
      return;
    }
    if (this.advanceFrom) {
      // After a decision: on to the next open disagreement, unless it was refused.
      const { key, start } = this.advanceFrom;
      this.advanceFrom = null;
      const item = this.itemByKey.get(key);
      if (!item || item.type !== "cluster" || item.status !== "open") {
        const next = this.clusters.find((c) => c.status === "open" && c.start >= start && c.key !== key)
          || this.clusters.find((c) => c.status === "open");
        if (next) { this.focus(next, true); return; }
      }
    }
    const current = this.focusedItem();
    this.focus(current, false);
  }

  focus(item, scroll) {
    this.focusKey = item ? item.key : null;
    this.root.dataset.focus = this.focusKey || "";
    const id = item ? this.itemSpanId(item) : null;
    this.article.mark(id);
    for (const seg of this.article.elementsById.get(id) || []) seg.style.setProperty("--anno-hl-sel", FOCUS_COLOUR);
    if (scroll && id) this.article.scrollToSpan(id);
  }

  itemSpanId(item) {
    if (item.type === "cluster") return `c:${item.index}:${item.key}:${item.status}:${item.kind}`;
    if (item.type === "agreed") return `v:${item.versions[0]}`;
    const g = this.golds.get(item.gold[0]);
    return g ? `g:${g.id}:${g.version}` : null;
  }

  // The next (+1) or previous (-1) disagreement from the focus, open ones only if `openOnly`.
  step(direction, openOnly) {
    const current = this.focusedItem();
    const from = current ? current.start : direction > 0 ? -1 : Infinity;
    const pool = this.clusters.filter((c) => !openOnly || c.status === "open");
    const target = direction > 0
      ? pool.find((c) => c.start > from || (current && c.start === from && c.index > current.index))
      : pool.slice().reverse().find((c) => c.start < from || (current && c.start === from && c.index < current.index));
    if (!target) {
      this.setStatus(openOnly ? `No open disagreement ${direction > 0 ? "after" : "before"} this one.`
        : `This is the ${direction > 0 ? "last" : "first"} disagreement.`);
      return;
    }
    this.setStatus("");
    this.draft = null;
    this.focus(target, true);
    this.renderCard();
  }

  // --- the card ----------------------------------------------------------------------------

  renderCard() {
    const card = this.card;
    this.whyInput = null;
    card.replaceChildren();
    card.className = "anno-cur-card";
    if (this.draft) return this.renderDraft();
    if (this.pendingSelection) {
      const sel = this.pendingSelection;
      card.append(el("div", "anno-cur-card-head", `New gold span: “${this.quoteOf(sel.start, sel.end)}” (characters ${sel.start}–${sel.end})`));
      card.append(el("div", "anno-cur-hint", "Pick its label above (a chip or its key); Esc to cancel."));
      return;
    }
    const item = this.focusedItem();
    const open = this.clusters.filter((c) => c.status === "open").length;
    const agreed = this.items.filter((i) => i.type === "agreed" && i.status === "pending").length;
    if (!item) {
      card.append(el("div", "anno-cur-card-head", `${open} open disagreement(s) of ${this.clusters.length} · ${agreed} agreed span(s) not in gold yet`));
      card.append(el("div", "anno-cur-hint", "Click a highlight, or press n for the next open disagreement. "
        + "Select text and pick a label to write a gold span of your own."));
      return;
    }
    card.classList.add(`anno-cur-card-${item.status}`);
    const head = el("div", "anno-cur-card-head");
    if (item.type === "cluster") {
      const n = this.clusters.indexOf(item) + 1;
      head.append(el("strong", "", `Disagreement ${n} of ${this.clusters.length}`),
        ` · ${item.status} · `, el("bdi", "", item.title), ` · characters ${item.start}–${item.end}`);
    } else if (item.type === "agreed") {
      head.append(el("strong", "", "Agreed by every annotator"), ` · ${item.status === "pending" ? "not in gold yet" : "in gold"}`,
        ` · characters ${item.start}–${item.end}`);
    } else {
      head.append(el("strong", "", "Gold span"), " · ", el("bdi", "", item.title), ` · characters ${item.start}–${item.end}`);
    }
    card.append(head);
    if (item.note) card.append(el("div", "anno-cur-note", `Why rejected: ${item.note}`));
    const inGold = new Set(item.gold.map((id) => {
      const g = this.golds.get(id);
      return g ? `${g.start}:${g.end}:${g.label}` : "";
    }));
    item.versions.forEach((uid, i) => {
      const v = this.versions.get(uid);
      if (!v) return;
      const row = el("button", "anno-cur-version");
      row.type = "button";
      row.dataset.uid = uid;
      row.dataset.n = String(i + 1);
      const chosen = inGold.has(`${v.start}:${v.end}:${v.label}`);
      if (chosen) row.classList.add("anno-cur-chosen");
      const swatch = el("span", "anno-hl-swatch");
      swatch.style.background = this.labelColour(v.label);
      row.append(el("kbd", "anno-hl-key", String(i + 1)), el("bdi", "anno-cur-who", this.annotatorOf(v)), swatch,
        el("bdi", "anno-cur-label", this.labelName(v.label)),
        el("bdi", "anno-cur-quote", `“${this.quoteOf(v.start, v.end)}”`),
        el("span", "anno-cur-where", `${v.start}–${v.end}`));
      if (v.details) row.append(el("bdi", "anno-cur-details", v.details));
      row.append(el("span", "anno-cur-action", chosen ? "in gold" : item.type === "agreed" ? "Accept (all agree)" : "Accept"));
      row.title = item.type === "agreed" ? "Accept into gold as agreed by all (key 1)" : `Accept this version into gold (key ${i + 1})`;
      card.append(row);
    });
    for (const id of item.gold) {
      const g = this.golds.get(id);
      if (!g) continue;
      const row = el("div", "anno-cur-gold");
      const swatch = el("span", "anno-hl-swatch");
      swatch.style.background = this.labelColour(g.label);
      row.append(el("span", "anno-cur-gold-tag", "Gold"), swatch, el("bdi", "anno-cur-label", this.labelName(g.label)),
        el("bdi", "anno-cur-quote", `“${this.quoteOf(g.start, g.end)}”`), el("span", "anno-cur-where", `${g.start}–${g.end}`));
      if (g.details) row.append(el("bdi", "anno-cur-details", g.details));
      const note = el("input", "anno-cur-input anno-cur-gold-note");
      note.type = "text";
      note.value = g.note || "";
      note.placeholder = "Curator's note (annotators see it)";
      note.maxLength = 2000;
      const saveNote = () => {
        if (note.value === (g.note || "")) { this.setStatus("The note is unchanged."); return; }
        this.decide({ type: "note_gold", gold: g.id, version: g.version, note: note.value }, null);
      };
      note.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); saveNote(); } });
      row.append(this.button("Adjust (e)", "anno-cur-adjust-gold", () => this.startDraft({ gold: g })),
        this.button("Delete (Del)", "anno-cur-delete-gold", () => this.deleteGold(g)), note,
        this.button("Save note", "anno-cur-save-note", saveNote));
      card.append(row);
    }
    this.renderRelations(item);
    const actions = el("div", "anno-cur-actions");
    if (item.type === "cluster") {
      actions.append(this.button("Adjust extent (e)", "anno-cur-adjust", () => this.startDraftFor(item, 0)));
      if (item.status === "rejected") actions.append(this.button("Reopen", "anno-cur-reopen", () => this.decide({ type: "reopen", key: item.key }, item)));
      else if (item.status === "open") {
        const why = el("input", "anno-cur-input anno-cur-why");
        why.type = "text";
        why.placeholder = "Why none is right (optional)";
        why.maxLength = 2000;
        why.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); this.reject(item); } });
        this.whyInput = why;
        actions.append(why, this.button("Reject all (r)", "anno-cur-reject", () => this.reject(item)));
      }
    }
    actions.append(this.button("◀ Previous (p)", "anno-cur-prev", () => this.step(-1, true)),
      this.button("Next (n) ▶", "anno-cur-next", () => this.step(1, true)));
    actions.append(el("span", "anno-cur-hint", `${open} open · keys: 1–9 accept · e adjust · r reject · [ ] any · Ctrl+Z undo`));
    card.append(actions);
  }

  // The annotators' relations with an end in this item: each can go into gold once both of its
  // ends are there (the server checks again).
  renderRelations(item) {
    const found = [];
    for (const uid of item.versions) {
      for (const r of this.relationsOf.get(uid) || []) if (!found.includes(r)) found.push(r);
    }
    if (!found.length) return;
    const box = el("div", "anno-cur-relations");
    box.append(el("div", "anno-cur-relations-head", `Relations (${found.length})`));
    for (const r of found) {
      const row = el("div", "anno-cur-relation");
      row.dataset.uid = r.uid;
      row.dataset.status = r.status;
      const swatch = el("span", "anno-hl-swatch");
      swatch.style.background = r.colour;
      const end = (uid) => {
        const v = this.versions.get(uid);
        return v ? `“${this.quoteOf(v.start, v.end, 40)}”` : "(a span not shown)";
      };
      row.append(el("bdi", "anno-cur-who", r.annotator), swatch, el("bdi", "anno-cur-label", r.typeName),
        el("bdi", "anno-cur-quote", `${end(r.from)} ${r.directed ? "→" : "—"} ${end(r.to)}`));
      if (r.status === "gold") row.append(el("span", "anno-cur-action", "in gold"));
      else if (r.status === "ready") {
        row.append(this.button("Accept relation", "anno-cur-accept-relation",
          () => this.decide({ type: "accept_relation", uid: r.uid }, null)));
      } else row.append(el("span", "anno-cur-hint", "accept both ends into gold first"));
      box.append(row);
    }
    this.card.append(box);
  }

  renderDraft() {
    const d = this.draft;
    const off = this.article.offsets;
    const start = off.toCp(d.s);
    const end = off.toCp(d.e);
    this.card.classList.add("anno-cur-card-draft");
    const head = el("div", "anno-cur-card-head");
    const swatch = el("span", "anno-hl-swatch");
    swatch.style.background = this.labelColour(d.label);
    head.append(el("strong", "", d.gold ? "Adjusting a gold span" : "Accept with an edited extent"), " · ", swatch, " ",
      el("bdi", "anno-cur-label", this.labelName(d.label)), ` · “${this.quoteOf(start, end, 140)}” · characters ${start}–${end}`);
    this.card.append(head);
    this.card.append(el("div", "anno-cur-hint",
      "← → move the end · Shift+← → move the start · with Ctrl by a word · drag an end or select text with the mouse · "
      + "a label chip or key changes the label · Enter saves · Esc cancels"));
    const actions = el("div", "anno-cur-actions");
    actions.append(this.button("Save (Enter)", "anno-cur-save", () => this.saveDraft()),
      this.button("Cancel (Esc)", "anno-cur-cancel", () => this.cancelDraft()));
    this.card.append(actions);
  }

  button(text, className, action) {
    const b = el("button", `anno-cur-button ${className}`, text);
    b.type = "button";
    b.addEventListener("click", (e) => { e.preventDefault(); action(); });
    return b;
  }

  // --- decisions -------------------------------------------------------------------------

  // Send a decision on `item`; once the new drawing arrives, move on if it was decided.
  decide(event, item) {
    this.actionAt = performance.now();
    if (item && item.type === "cluster") this.advanceFrom = { key: item.key, start: item.start };
    this.emit(event);
    this.setStatus("Saving…");
  }

  accept(item, n) {
    const uid = item.versions[n];
    const v = uid && this.versions.get(uid);
    if (!v) { this.setStatus(`There is no version ${n + 1} here.`); return; }
    if (item.type === "agreed") {
      const off = this.article.offsets;
      this.decide({ type: "accept_agreed", label: v.label,
        selection: { start: v.start, end: v.end, quote: this.article.source.slice(off.to16(v.start), off.to16(v.end)) } }, item);
    } else {
      this.decide({ type: "accept", uid }, item);
    }
  }

  reject(item) {
    if (item.type !== "cluster" || item.status !== "open") { this.setStatus("Only an open disagreement can be rejected."); return; }
    const note = this.whyInput && this.whyInput.isConnected ? this.whyInput.value.trim() : "";
    this.decide({ type: "reject", key: item.key, note }, item);
  }

  deleteGold(g) {
    this.decide({ type: "delete_gold", gold: g.id, version: g.version }, null);
  }

  startDraftFor(item, n) {
    if (item.type === "gold" || (item.type === "cluster" && item.status === "resolved" && item.gold.length === 1)) {
      const g = this.golds.get(item.gold[0]);
      if (g) { this.startDraft({ gold: g }); return; }
    }
    const v = this.versions.get(item.versions[n]);
    if (v) this.startDraft({ version: v, item });
  }

  startDraft({ version, gold, item }) {
    const base = gold || version;
    const off = this.article.offsets;
    this.draft = {
      s: off.to16(base.start), e: off.to16(base.end), label: base.label, gold: gold || null,
      version: version || null, item: item || (gold ? this.items[gold.item] : null),
    };
    this.pendingSelection = null;
    window.getSelection()?.removeAllRanges();
    this.redraw();
    this.renderCard();
  }

  draftStillValid() {
    const d = this.draft;
    if (d.gold) return this.golds.has(d.gold.id) && this.golds.get(d.gold.id).version === d.gold.version;
    return d.version ? this.versions.has(d.version.uid) : true;
  }

  moveDraft(which, direction, byWord) {
    const d = this.draft;
    const text = this.article.source;
    let s = d.s;
    let e = d.e;
    if (which === "end") {
      e = byWord ? (direction > 0 ? wordEndAfter(text, e) : wordEndBefore(text, e))
        : (direction > 0 ? nextGrapheme(text, e) : previousGrapheme(text, e));
    } else {
      s = byWord ? (direction > 0 ? wordStartAfter(text, s) : wordStartBefore(text, s))
        : (direction > 0 ? nextGrapheme(text, s) : previousGrapheme(text, s));
    }
    if (!(e > s) || (s === d.s && e === d.e)) return;
    [d.s, d.e] = snapToGraphemes(text, s, e);
    this.redraw();
    this.renderCard();
  }

  saveDraft() {
    const d = this.draft;
    if (!d) return;
    const off = this.article.offsets;
    const selection = { start: off.toCp(d.s), end: off.toCp(d.e), quote: this.article.source.slice(d.s, d.e) };
    const item = d.item;
    this.draft = null;
    if (d.gold) {
      this.decide({ type: "adjust_gold", gold: d.gold.id, version: d.gold.version, label: d.label, selection }, null);
    } else {
      this.decide({ type: "accept_edited", uid: d.version ? d.version.uid : null, label: d.label, selection,
        sources: item ? item.versions : [] }, item);
    }
    this.redraw();
    this.renderCard();
  }

  cancelDraft() {
    this.draft = null;
    this.redraw();
    this.focus(this.focusedItem(), false);
    this.renderCard();
  }

  createGold(label) {
    const sel = this.pendingSelection || this.article.readSelection();
    if (!sel) { this.setStatus("Select some text first, then pick a label."); return; }
    this.pendingSelection = null;
    window.getSelection()?.removeAllRanges();
    this.decide({ type: "add", label, selection: { start: sel.start, end: sel.end, quote: sel.quote } }, null);
    this.renderCard();
  }

  // --- input ------------------------------------------------------------------------------

  listen() {
    const opts = this.listenArticle(() => this.redraw());
    document.addEventListener("mousemove", (e) => this.onMouseMove(e), opts);
    this.scroller.addEventListener("scroll", () => this.hideTip(), opts);
    this.chips.addEventListener("mousedown", (e) => e.preventDefault(), opts);
    this.chips.addEventListener("click", (e) => {
      const chip = e.target.closest(".anno-hl-chip");
      if (chip) this.pickLabel(chip.dataset.label);
    }, opts);
    this.card.addEventListener("mousedown", (e) => { if (e.target.closest("button")) e.preventDefault(); }, opts);
    this.card.addEventListener("click", (e) => {
      const row = e.target.closest(".anno-cur-version");
      const item = this.focusedItem();
      if (row && item) this.accept(item, Number(row.dataset.n) - 1);
    }, opts);
  }

  pickLabel(label) {
    if (this.draft) {
      this.draft.label = label;
      this.redraw();
      this.renderCard();
    } else {
      this.createGold(label);
    }
  }

  // Which end of the draft a press at (x, y) on `seg` grabs, if any: within a few pixels of
  // the first segment's left edge or the last one's right edge.
  grabbedEnd(seg, x) {
    if (!this.draft || !seg) return null;
    const box = seg.getBoundingClientRect();
    if (seg.classList.contains("anno-cur-draft-first") && Math.abs(x - box.left) <= 6) return "start";
    if (seg.classList.contains("anno-cur-draft-last") && Math.abs(x - box.right) <= 6) return "end";
    return null;
  }

  onMouseDown(event) {
    if (event.button !== 0) return;
    this.hideTip();
    const seg = event.target.closest ? event.target.closest(".anno-hl-seg") : null;
    const end = this.grabbedEnd(seg, event.clientX);
    if (end) {
      event.preventDefault();
      this.dragging = end;
      return;
    }
    this.mouseDown = true;
    this.downAt = { x: event.clientX, y: event.clientY };
  }

  onMouseMove(event) {
    if (!this.dragging || !this.draft) return;
    const caret = document.caretRangeFromPoint ? document.caretRangeFromPoint(event.clientX, event.clientY) : null;
    if (!caret || !this.text.contains(caret.startContainer)) return;
    const at = this.article.pointOffset(caret.startContainer, caret.startOffset);
    if (at === null) return;
    const d = this.draft;
    const text = this.article.source;
    const [s, e] = this.dragging === "start" ? [Math.min(at, d.e - 1), d.e] : [d.s, Math.max(at, d.s + 1)];
    const [ss, ee] = snapToGraphemes(text, s, e);
    if (ss !== d.s || ee !== d.e) {
      d.s = ss;
      d.e = ee;
      this.redraw();
      this.renderCard();
    }
  }

  onMouseUp(event) {
    if (this.dragging) {
      this.dragging = null;
      return;
    }
    if (!this.mouseDown) return;
    this.mouseDown = false;
    const selection = window.getSelection();
    const found = selection && !selection.isCollapsed ? this.article.readSelection() : null;
    if (found) {
      if (this.draft) {
        // A new extent for the draft, selected with the mouse.
        const off = this.article.offsets;
        this.draft.s = off.to16(found.start);
        this.draft.e = off.to16(found.end);
        window.getSelection()?.removeAllRanges();
        this.redraw();
      } else {
        this.pendingSelection = found;
      }
      this.renderCard();
    } else {
      const moved = this.downAt && Math.hypot(event.clientX - this.downAt.x, event.clientY - this.downAt.y) > 4;
      if (!moved) this.clickAt(event.target);
    }
    if (this.deferred) this.update(...this.deferred);
  }

  // A click on a highlight focuses what is there (a disagreement first, then a span everyone
  // agrees on, then a gold span); clicking the same place again walks through the others.
  clickAt(target) {
    const seg = target && target.closest ? target.closest(".anno-hl-seg") : null;
    this.pendingSelection = null;
    const found = [];
    for (const sp of this.article.spansAt(seg)) {
      const m = this.meta(sp.id);
      if (m && m.item && !found.includes(m.item)) found.push(m.item);
    }
    const rank = { cluster: 0, agreed: 1, gold: 2 };
    found.sort((a, b) => rank[a.type] - rank[b.type] || (a.end - a.start) - (b.end - b.start));
    if (!found.length) {
      this.focus(null, false);
    } else {
      const at = found.findIndex((item) => item.key === this.focusKey);
      this.focus(found[(at + 1) % found.length], false);
    }
    this.renderCard();
  }

  onKeyDown(event) {
    const target = event.target;
    const inOurText = target === this.text || this.text.contains(target);
    if (!inOurText && target && target.closest && target.closest("input, textarea, select, [contenteditable='true'], [role='combobox'], [role='listbox']")) return;
    if (event.isComposing) return;
    const key = event.key;
    const handled = () => { event.preventDefault(); event.stopImmediatePropagation(); };
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && key.toLowerCase() === "z") {
      handled();
      this.actionAt = performance.now();
      this.draft = null;
      this.emit({ type: "undo" });
      return;
    }
    if (this.draft) return this.onDraftKey(event, handled);
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (key === "Escape") {
      window.getSelection()?.removeAllRanges();
      this.pendingSelection = null;
      this.focus(null, false);
      this.hideTip();
      this.renderCard();
      return;
    }
    const selection = this.pendingSelection || (inOurText ? this.article.readSelection() : null);
    if (selection && key.length === 1 && this.hotkeys && this.hotkeys.has(key.toLowerCase())) {
      handled();
      this.pendingSelection = selection;
      this.createGold(this.hotkeys.get(key.toLowerCase()));
      return;
    }
    const item = this.focusedItem();
    if (key === "n" || key === "p") { handled(); this.step(key === "n" ? 1 : -1, true); return; }
    if (key === "]" || key === "[") { handled(); this.step(key === "]" ? 1 : -1, false); return; }
    if (/^[1-9]$/.test(key) && item) { handled(); this.accept(item, Number(key) - 1); return; }
    if (key === "r" && item) { handled(); this.reject(item); return; }
    if (key === "e" && item) { handled(); this.startDraftFor(item, 0); return; }
    if ((key === "Delete" || key === "Backspace") && item) {
      handled();
      const g = this.golds.get(item.gold[0]);
      if (g) this.deleteGold(g); else this.setStatus("Nothing in gold here to delete.");
      return;
    }
    if (inOurText && key.length === 1) event.preventDefault();  // typing into the article is never an edit
  }

  onDraftKey(event, handled) {
    const key = event.key;
    if (key === "Escape") { handled(); this.cancelDraft(); return; }
    if (key === "Enter") { handled(); this.saveDraft(); return; }
    if (key === "ArrowLeft" || key === "ArrowRight") {
      handled();
      this.moveDraft(event.shiftKey ? "start" : "end", key === "ArrowRight" ? 1 : -1, event.ctrlKey || event.altKey || event.metaKey);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || key.length !== 1) return;
    handled();
    const item = this.draft.item;
    if (/^[1-9]$/.test(key) && item && !this.draft.gold) {
      const v = this.versions.get(item.versions[Number(key) - 1]);
      if (v) this.startDraft({ version: v, item });
      return;
    }
    const label = this.hotkeys && this.hotkeys.get(key.toLowerCase());
    if (label) this.pickLabel(label);
  }

  // --- tooltip ---------------------------------------------------------------------------

  // Who drew what here (lane order), then gold, then the disagreement: plain text rows.
  tipRows(covering) {
    const rows = [];
    const versions = [];
    for (const sp of covering) {
      const m = this.meta(sp.id);
      if (!m) continue;
      if (m.role === "v") versions.push(m.v);
      else if (m.role === "g") rows.push([sp.colour, `Gold — ${this.labelName(m.g.label)}${m.g.details ? `\n${m.g.details}` : ""}`, 1]);
      else if (m.role === "c") {
        const item = m.item;
        rows.push(["#999999", `Disagreement (${item.status}): ${item.title}${item.note ? `\nWhy rejected: ${item.note}` : ""}`, 2]);
      }
    }
    versions.sort((a, b) => a.lane - b.lane);
    const mine = versions.map((v) => [this.labelColour(v.label),
      `${this.annotatorOf(v)} — ${this.labelName(v.label)}${v.details ? `\n${v.details}` : ""}`, 0]);
    return [...mine, ...rows.sort((a, b) => a[2] - b[2])];
  }
}
