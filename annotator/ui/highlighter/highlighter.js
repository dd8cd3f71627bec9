// The highlighter: draws an article with its spans and reports selections and actions.
//
// Streamlit components v2 module (vanilla JS, no build step). Lessons this code follows:
// - user text goes in with textContent only, never innerHTML;
// - highlights are DOM segments made in one sweep over all span boundaries; overlapping
//   spans are drawn as stacked bands (one lane per span, kept over the span's whole length);
// - the browser counts UTF-16 units, the server code points: offsets are converted here and
//   snapped to grapheme clusters (Intl.Segmenter), and the server checks them again;
// - Streamlit re-invokes this module whenever `data` changes but runs the returned cleanup
//   only on unmount, so each invocation tears down the previous invocation's listeners;
// - the component state persists across reruns, so actions are sent as a short list of events
//   with unique ids that the server handles once each.

const INSTANCES = new WeakMap();
const OUTBOX_SIZE = 20;
const KEY_SELECTION_DELAY_MS = 350;
const TOOLTIP_DELAY_MS = 120;

export default function highlighter(component) {
  const { data, parentElement, setStateValue } = component;
  let instance = INSTANCES.get(parentElement);
  if (!instance) {
    instance = new Highlighter(parentElement);
    INSTANCES.set(parentElement, instance);
  }
  instance.update(data || {}, setStateValue);
  return () => {
    instance.destroy();
    INSTANCES.delete(parentElement);
  };
}

// --- the component -----------------------------------------------------------------------

class Highlighter {
  constructor(parent) {
    this.parent = parent;
    this.data = {};
    this.send = null;
    this.outbox = [];
    this.controller = null;
    this.textKey = null;
    this.spansKey = null;
    this.paletteKey = null;
    this.selected = null;
    this.pending = null;
    this.lastReported = null;
    this.mouseDown = false;
    this.keyTimer = null;
    this.tipTimer = null;
    this.actionAt = null;
    this.docId = null;
    this.build();
  }

  build() {
    this.root = el("div", "anno-hl");
    this.bar = el("div", "anno-hl-bar");
    this.chips = el("div", "anno-hl-chips");
    this.status = el("div", "anno-hl-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.bar.append(this.chips, this.status);
    this.scroller = el("div", "anno-hl-scroll");
    this.header = el("div", "anno-hl-header");
    this.title = el("div", "anno-hl-title");
    this.subtitle = el("div", "anno-hl-subtitle");
    this.header.append(this.title, this.subtitle);
    this.text = el("div", "anno-hl-text");
    // Editable only so that the keyboard can place a caret and extend a selection
    // (shift+arrows); every edit is refused in the beforeinput handler.
    this.text.contentEditable = "true";
    this.text.spellcheck = false;
    this.text.setAttribute("autocorrect", "off");
    this.text.setAttribute("autocapitalize", "off");
    this.text.setAttribute("role", "textbox");
    this.text.setAttribute("aria-readonly", "true");
    this.text.setAttribute("aria-multiline", "true");
    this.text.setAttribute("aria-label", "Article text");
    this.scroller.append(this.header, this.text);
    this.article = new ArticleView(this.text, this.scroller);
    this.tip = el("div", "anno-hl-tip");
    this.tip.hidden = true;
    this.root.append(this.bar, this.scroller, this.tip);
    this.parent.append(this.root);
  }

  destroy() {
    if (this.controller) this.controller.abort();
    clearTimeout(this.keyTimer);
    clearTimeout(this.tipTimer);
    clearTimeout(this.scrollTimer);
    this.saveScroll();
    this.root.remove();
  }

  // Called on every invocation of the module: new data, a fresh setStateValue.
  update(data, setStateValue) {
    if (this.mouseDown) {
      // A redraw in the middle of a drag would replace the nodes being selected.
      this.deferred = [data, setStateValue];
      this.send = setStateValue;
      return;
    }
    this.deferred = null;
    this.updateAt = performance.now();
    this.send = setStateValue;
    this.data = data;
    this.listen();
    const textKey = `${data.doc_id}|${data.text_sha256}|${(data.text || "").length}`;
    const textChanged = textKey !== this.textKey;
    if (textChanged) {
      this.saveScroll();
      this.docId = data.doc_id ?? null;
      this.textKey = textKey;
      this.article.setText(data.text || "");
      // User text beside other text is drawn in <bdi> elements: isolated, each with the
      // direction of its own first letter, so none reorders its neighbours.
      this.title.replaceChildren(...(data.title ? [el("bdi", "anno-hl-part", data.title)] : []));
      const facts = (Array.isArray(data.subtitle) ? data.subtitle : []).map((part) => el("bdi", "anno-hl-part", part));
      this.subtitle.replaceChildren(...facts.flatMap((part, i) => (i ? [" · ", part] : [part])));
      this.forgetSelection();
      this.spansKey = null;
    }
    const paletteKey = JSON.stringify(data.palette || []);
    if (paletteKey !== this.paletteKey) {
      this.paletteKey = paletteKey;
      this.drawPalette();
    }
    const spansKey = `${data.spans_rev}|${JSON.stringify(data.dim || [])}`;
    if (spansKey !== this.spansKey) {
      this.spansKey = spansKey;
      this.article.draw(data.spans, data.dim);
      if (textChanged) this.restoreScroll();
    }
    this.select(data.selected ?? null, false);
    if (data.scroll_to !== undefined && data.scroll_to !== null && data.scroll_to !== this.scrolledTo) {
      this.scrolledTo = data.scroll_to;
      this.article.scrollToSpan(data.scroll_to);
    }
    this.setStatus(data.message || "");
    this.markPainted();
  }

  listen() {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const opts = { signal: this.controller.signal };
    const capture = { signal: this.controller.signal, capture: true };
    const t = this.text;
    t.addEventListener("beforeinput", (e) => e.preventDefault(), opts);
    for (const name of ["paste", "cut", "drop", "dragstart"]) t.addEventListener(name, (e) => e.preventDefault(), opts);
    // Anything that still changed the text (an IME composition cannot be cancelled) is undone.
    t.addEventListener("input", () => {
      this.article.blocks = null;
      this.article.draw(this.data.spans, this.data.dim);
    }, opts);
    t.addEventListener("mousedown", (e) => this.onMouseDown(e), opts);
    document.addEventListener("mouseup", (e) => this.onMouseUp(e), opts);
    document.addEventListener("selectionchange", () => this.onSelectionChange(), opts);
    window.addEventListener("keydown", (e) => this.onKeyDown(e), capture);
    t.addEventListener("mouseover", (e) => this.onHover(e), opts);
    t.addEventListener("mouseleave", () => this.hideTip(), opts);
    this.scroller.addEventListener("scroll", () => { this.hideTip(); this.saveScrollSoon(); }, opts);
    this.chips.addEventListener("mousedown", (e) => e.preventDefault(), opts);
    this.chips.addEventListener("click", (e) => {
      const chip = e.target.closest(".anno-hl-chip");
      if (chip) this.createSpan(chip.dataset.label, "click");
    }, opts);
  }

  // --- drawing ---------------------------------------------------------------------------

  drawPalette() {
    this.chips.replaceChildren();
    this.hotkeys = new Map();
    this.labelNames = new Map();
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
      this.labelNames.set(entry.key, entry.name);
      this.chips.append(chip);
    }
  }

  select(id, notify) {
    const key = id === null || id === undefined ? null : String(id);
    if (key !== this.selected || this.article.marked !== key) this.article.mark(key);
    this.selected = key;
    if (notify) this.emit({ type: key === null ? "deselect" : "select", span: key });
  }

  setStatus(message) {
    this.status.textContent = message;
  }

  markPainted() {
    const rev = this.data.spans_rev;
    const { drawnSpans: count, buildMs, rebuiltLines } = this.article;
    const info = {
      rev, count, buildMs, rebuiltLines, actionAt: this.actionAt,
      updateAt: this.updateAt,
    };
    requestAnimationFrame(() => requestAnimationFrame(() => {
      info.paintedAt = performance.now();
      this.root.dataset.paintedRev = String(rev);
      this.root.dataset.spanCount = String(count);
      window.__annotatorHighlighter = info;
      window.dispatchEvent(new CustomEvent("annotator-highlighter-painted", { detail: info }));
    }));
  }

  reportSelection(via) {
    const found = this.article.readSelection();
    if (!found) return;
    const last = this.lastReported;
    if (last && last.start === found.start && last.end === found.end) return;
    const selection = { ...found, uid: newUid(), via };
    this.lastReported = selection;
    this.pending = selection;
    if (this.selected !== null) this.select(null, false);
    this.emit({ type: "selection", selection });
  }

  // The selection held for a label and the one last reported are dropped (saved, clicked
  // away, cancelled, or the text changed).
  forgetSelection() {
    this.pending = null;
    this.lastReported = null;
  }

  // --- events ----------------------------------------------------------------------------

  emit(event) {
    if (!this.send) return;
    const full = { ...event, id: newUid(), doc: this.data.doc_id ?? null, t: Date.now() };
    this.outbox.push(full);
    if (this.outbox.length > OUTBOX_SIZE) this.outbox.splice(0, this.outbox.length - OUTBOX_SIZE);
    this.send("events", this.outbox.slice());
  }

  createSpan(label, via) {
    const current = this.article.readSelection();
    let selection = this.pending;
    if (current && !(selection && selection.start === current.start && selection.end === current.end)) {
      selection = { ...current, uid: newUid(), via: "keyboard" };
    }
    if (!selection) {
      this.setStatus("Select some text first, then pick a label.");
      return;
    }
    this.actionAt = performance.now();
    this.emit({ type: "create", label: label || null, selection, via });
    if (!label) {
      // Nothing is saved without a label (the server says so); the selection stays for one.
      this.pending = selection;
      this.lastReported = selection;
      return;
    }
    this.forgetSelection();
    this.setStatus(`Saving ${this.labelNames.get(label) || label}…`);
    window.getSelection()?.removeAllRanges();
  }

  onMouseDown(event) {
    if (event.button !== 0) return;
    this.mouseDown = true;
    this.hideTip();
    this.downAt = { x: event.clientX, y: event.clientY };
  }

  onMouseUp(event) {
    if (!this.mouseDown) return;
    this.mouseDown = false;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) {
      this.reportSelection("mouse");
    } else {
      const moved = this.downAt && Math.hypot(event.clientX - this.downAt.x, event.clientY - this.downAt.y) > 4;
      if (!moved) this.clickAt(event.target);
    }
    if (this.deferred) this.update(...this.deferred);
  }

  // A click on a highlight selects its innermost span; clicking the same place again walks
  // through the other spans stacked there.
  clickAt(target) {
    const seg = target && target.closest ? target.closest(".anno-hl-seg") : null;
    const covering = this.article.spansAt(seg);
    this.forgetSelection();
    if (!covering.length) {
      if (this.selected !== null) this.select(null, true);
      return;
    }
    const ordered = covering.slice().sort((a, b) => (a.e - a.s) - (b.e - b.s) || b.s - a.s);
    const at = ordered.findIndex((sp) => sp.id === this.selected);
    const next = ordered[(at + 1) % ordered.length];
    this.select(next.id, true);
  }

  onSelectionChange() {
    if (this.mouseDown) return;
    clearTimeout(this.keyTimer);
    this.keyTimer = setTimeout(() => {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || !this.text.contains(selection.anchorNode)) return;
      this.reportSelection("keyboard");
    }, KEY_SELECTION_DELAY_MS);
  }

  onKeyDown(event) {
    const target = event.target;
    const inOurText = target === this.text || this.text.contains(target);
    if (!inOurText && target && target.closest) {
      if (target.closest("input, textarea, select, [contenteditable='true'], [role='combobox'], [role='listbox']")) return;
    }
    if (event.isComposing) return;
    const key = event.key;
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    const handled = () => { event.preventDefault(); event.stopImmediatePropagation(); };
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && key.toLowerCase() === "z") {
      handled();
      this.emit({ type: "undo" });
      return;
    }
    if (!plain) return;
    if (key === "Escape") {
      window.getSelection()?.removeAllRanges();
      this.forgetSelection();
      if (this.selected !== null) this.select(null, true);
      this.hideTip();
      return;
    }
    const selectedKind = this.selected !== null ? this.article.spanById.get(this.selected)?.kind : null;
    if (key === "Delete" || key === "Backspace") {
      if (inOurText || this.selected !== null) handled();
      if (selectedKind === "annotation") this.emit({ type: "delete", span: this.selected });
      else if (selectedKind === "suggestion") this.emit({ type: "dismiss", span: this.selected });
      return;
    }
    if (key === "]" || key === "[") {
      handled();
      this.emit({ type: "nav", direction: key === "]" ? "next" : "previous" });
      return;
    }
    if (key === "Enter") {
      if (this.article.readSelection() || (inOurText && this.pending)) {
        handled();
        this.createSpan(this.data.last_label || null, "enter");
      } else if (selectedKind === "suggestion") {
        // A selected suggestion and no text selection: Enter accepts it. (Label keys are
        // letters and digits, so Enter and Delete cannot clash with a codebook's hotkeys.)
        handled();
        this.actionAt = performance.now();
        this.emit({ type: "accept", span: this.selected });
      }
      return;
    }
    if (event.shiftKey || key.length !== 1 || !this.hotkeys) return;
    const label = this.hotkeys.get(key.toLowerCase());
    if (label) {
      handled();
      this.createSpan(label, "hotkey");
    } else if (inOurText) {
      // Typing into the article is never an edit.
      event.preventDefault();
    }
  }

  // --- tooltip ---------------------------------------------------------------------------

  onHover(event) {
    const seg = event.target.closest ? event.target.closest(".anno-hl-seg") : null;
    clearTimeout(this.tipTimer);
    if (!seg || this.mouseDown) { this.hideTip(); return; }
    const covering = this.article.spansAt(seg);
    if (!covering.length) { this.hideTip(); return; }
    const x = event.clientX;
    const y = event.clientY;
    this.tipTimer = setTimeout(() => this.showTip(covering, x, y), TOOLTIP_DELAY_MS);
  }

  showTip(covering, x, y) {
    this.tip.replaceChildren();
    const ordered = covering.slice().sort((a, b) => a.lane - b.lane);
    for (const sp of ordered) {
      const row = el("div", "anno-hl-tip-row");
      const swatch = el("span", "anno-hl-swatch");
      swatch.style.background = sp.colour;
      const body = el("div", "anno-hl-tip-body", sp.tooltip || sp.label);
      row.append(swatch, body);
      this.tip.append(row);
    }
    this.tip.hidden = false;
    const width = this.tip.offsetWidth;
    const left = Math.min(x + 12, window.innerWidth - width - 8);
    this.tip.style.left = `${Math.max(8, left)}px`;
    const height = this.tip.offsetHeight;
    const top = y + 18 + height > window.innerHeight ? y - height - 12 : y + 18;
    this.tip.style.top = `${Math.max(8, top)}px`;
  }

  hideTip() {
    clearTimeout(this.tipTimer);
    if (this.tip) this.tip.hidden = true;
  }

  // --- scroll position across reruns and reloads --------------------------------------------

  scrollStorageKey() {
    return this.docId !== null ? `anno-hl-scroll:${this.docId}` : null;
  }

  saveScroll() {
    const key = this.scrollStorageKey();
    if (!key) return;
    try { sessionStorage.setItem(key, String(this.scroller.scrollTop)); } catch (_) { /* private mode */ }
  }

  saveScrollSoon() {
    clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => this.saveScroll(), 200);
  }

  restoreScroll() {
    let top = 0;
    try { top = Number(sessionStorage.getItem(this.scrollStorageKey()) || 0); } catch (_) { top = 0; }
    this.scroller.scrollTop = top;
  }
}
