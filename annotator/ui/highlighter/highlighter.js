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
//   with unique ids that the server handles once each;
// - keys act wherever the focus is except in a text field (a page's key map comes with the
//   data; keys.js), and extra drawings are layers (layers.js), not changes to this file.

const INSTANCES = new WeakMap();
const KEY_SELECTION_DELAY_MS = 350;

export default function highlighter(component) {
  return mountComponent(component, INSTANCES, Highlighter);
}

// --- the component -----------------------------------------------------------------------

class Highlighter extends ArticleComponent {
  constructor(parent) {
    super(parent);
    this.keysKey = null;
    this.keymap = new KeyMap([]);
    this.selected = null;
    this.pending = null;
    this.lastReported = null;
    this.keyTimer = null;
    this.docId = null;
    this.build();
  }

  build() {
    this.root = el("div", "anno-hl");
    this.bar = el("div", "anno-hl-bar");
    this.palette = new Palette(this);
    this.buildArticle(null, "Article text");
    this.bar.append(this.palette.element, this.status);
    // Focusable (not in the tab order) so that Escape from a field can hand the keys back to
    // the article, and PageDown / Space scroll it.
    this.scroller.tabIndex = -1;
    this.article = new ArticleView(this.text, this.scroller);
    this.layers = new Layers(this);
    this.root.append(this.bar, this.scroller, this.tip);
    this.overlay = new Overlay(this.root);
    this.parent.append(this.root);
  }

  destroy() {
    this.layers.destroy();
    clearTimeout(this.keyTimer);
    clearTimeout(this.scrollTimer);
    this.saveScroll();
    super.destroy();
  }

  // Called on every invocation of the module: new data, a fresh setStateValue.
  update(data, setStateValue) {
    if (this.heldBack(data, setStateValue)) return;
    const textKey = `${data.doc_id}|${data.text_sha256}|${(data.text || "").length}`;
    const textChanged = textKey !== this.textKey;
    if (textChanged) {
      this.saveScroll();
      this.docId = data.doc_id ?? null;
      this.textKey = textKey;
      this.article.setText(data.text || "");
      this.drawHeader(data);
      this.forgetSelection();
      this.spansKey = null;
    }
    this.root.classList.toggle("anno-hl-fill", Boolean(data.fill));
    const paletteKey = JSON.stringify(data.palette || []);
    if (paletteKey !== this.paletteKey) {
      this.paletteKey = paletteKey;
      this.palette.update(data.palette);
    }
    const keysKey = JSON.stringify(data.keys || []);
    if (keysKey !== this.keysKey) {
      this.keysKey = keysKey;
      this.keymap = new KeyMap(data.keys);
      this.palette.keysButton.textContent = this.keymap.keysOf("help") ? `Keys ${this.keymap.keysOf("help")}` : "Keys";
      const guide = this.keymap.keysOf("guide");
      this.palette.guideButton.title = guide ? `The labels' guidelines (${guide})` : "The labels' guidelines";
      const filter = this.keymap.keysOf("filter");
      this.palette.filterBox.placeholder = filter ? `Filter labels  ${filter}` : "Filter labels";
    }
    const spansKey = `${data.spans_rev}|${JSON.stringify(data.dim || [])}`;
    let redrawn = false;
    if (spansKey !== this.spansKey) {
      this.spansKey = spansKey;
      this.article.draw(data.spans, data.dim);
      redrawn = true;
      if (textChanged) this.restoreScroll();
    }
    this.layers.update(data.layers);
    if (redrawn) this.layers.drawn();
    // A drawing from a run that has not yet acted on this component's newest event is older
    // than what the user sees: its selection would undo the user's latest select or deselect.
    const behind = this.lastEmitted && Array.isArray(data.handled) && !data.handled.includes(this.lastEmitted);
    if (!behind) this.select(data.selected ?? null, false);
    if (data.scroll_to !== undefined && data.scroll_to !== null && data.scroll_to !== this.scrolledTo) {
      this.scrolledTo = data.scroll_to;
      this.article.scrollToSpan(data.scroll_to);
    }
    this.setStatus(data.message || "");
    this.markPainted();
  }

  listen() {
    const opts = this.listenArticle(() => this.article.draw(this.data.spans, this.data.dim));
    document.addEventListener("selectionchange", () => this.onSelectionChange(), opts);
    this.scroller.addEventListener("scroll", () => { this.hideTip(); this.saveScrollSoon(); }, opts);
    this.palette.listen(this.controller.signal);
    this.overlay.listen(this.controller.signal, () => this.overlay.hide());
    if (typeof ResizeObserver !== "undefined") {
      let width = this.scroller.clientWidth;
      const observer = new ResizeObserver(() => {
        if (this.scroller.clientWidth === width) return;
        width = this.scroller.clientWidth;
        this.layers.resized();
      });
      observer.observe(this.scroller);
      this.controller.signal.addEventListener("abort", () => observer.disconnect());
    }
  }

  // --- drawing ---------------------------------------------------------------------------

  select(id, notify) {
    const key = id === null || id === undefined ? null : String(id);
    if (key !== this.selected || this.article.marked !== key) this.article.mark(key);
    this.selected = key;
    // What Delete or Enter would act on, readable from outside (tests, layers' styles).
    this.root.dataset.selected = key ?? "";
    if (notify) this.emit({ type: key === null ? "deselect" : "select", span: key });
  }

  markPainted() {
    const rev = this.data.spans_rev;
    const { drawnSpans: count, buildMs, rebuiltLines } = this.article;
    const info = {
      rev, count, buildMs, rebuiltLines, actionAt: this.actionAt,
      updateAt: this.updateAt,
    };
    this.announcePainted(info, { paintedRev: String(rev), spanCount: String(count) },
      "__annotatorHighlighter", "annotator-highlighter-painted");
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
    this.setStatus(`Saving ${this.palette.names.get(label) || label}…`);
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

  // Keys act wherever the focus is, except in a text field (there they are the field's;
  // Escape leaves it). Enter and Space on a focused button are the button's.
  onKeyDown(event) {
    if (event.isComposing || event.defaultPrevented) return;
    const target = event.target;
    const inOurText = target === this.text || this.text.contains(target);
    const name = keyName(event);
    if (!name) return;
    const handled = () => { event.preventDefault(); event.stopImmediatePropagation(); };
    if (this.overlay.open) {
      if (name === "Escape" || this.keymap.get(name)?.action === "help") {
        handled();
        this.overlay.hide();
      }
      return;
    }
    const ctrlInClosedSelect = name.startsWith("Ctrl+") && isClosedCombobox(target) && this.keymap.get(name);
    if (!inOurText && isTextField(target) && !ctrlInClosedSelect) {
      if (name === "Escape") {
        handled();
        if (this.palette.filterBox === target) this.palette.leave();
        else this.leaveField(target);
      }
      return;
    }
    if ((name === "Enter" || name === "Space") && !inOurText && isPressable(target)) return;
    const binding = this.keymap.get(name);
    if (binding) {
      if (this.act(binding, inOurText) !== false) handled();
      return;
    }
    const label = name.length === 1 ? this.palette.hotkeys.get(name) : null;
    if (label) {
      handled();
      this.createSpan(label, "hotkey");
    } else if (inOurText && name.length === 1) {
      // Typing into the article is never an edit.
      event.preventDefault();
    }
  }

  // Do what a binding of the key map says; false: the key was not used (left to the page).
  act(binding, inOurText) {
    if (binding.command) {
      this.actionAt = performance.now();
      this.emit({ type: "command", command: binding.action });
      return true;
    }
    const selectedKind = this.selected !== null ? this.article.spanById.get(this.selected)?.kind : null;
    switch (binding.action) {
      case "confirm":
        if (this.article.readSelection() || (inOurText && this.pending)) {
          this.createSpan(this.data.last_label || null, "enter");
          return true;
        }
        if (selectedKind === "suggestion") {
          // Label keys are letters and digits, so Enter and Delete cannot clash with them.
          this.actionAt = performance.now();
          this.emit({ type: "accept", span: this.selected });
          return true;
        }
        return false;
      case "remove":
        if (selectedKind === "annotation") this.emit({ type: "delete", span: this.selected });
        else if (selectedKind === "suggestion") this.emit({ type: "dismiss", span: this.selected });
        return inOurText || this.selected !== null;
      case "clear":
        window.getSelection()?.removeAllRanges();
        this.forgetSelection();
        if (this.selected !== null) this.select(null, true);
        this.hideTip();
        return true;
      case "next-highlight":
      case "previous-highlight":
        return this.walk(binding.action === "next-highlight" ? 1 : -1);
      case "filter":
        this.palette.focusFilter();
        return true;
      case "guide":
        this.showGuide();
        return true;
      case "help":
        this.showKeys();
        return true;
      case "focus":
        return this.focusInto(binding.target);
      default:
        return false;
    }
  }

  // Select the next (or previous) highlight in the text and bring it into view.
  walk(step) {
    const ordered = this.article.ordered();
    if (!ordered.length) return true;
    const at = ordered.findIndex((sp) => sp.id === this.selected);
    let next;
    if (at === -1) {
      const start = this.article.firstInView() || ordered[0];
      next = step > 0 ? start : ordered[(ordered.indexOf(start) - 1 + ordered.length) % ordered.length];
    } else {
      next = ordered[(at + step + ordered.length) % ordered.length];
    }
    window.getSelection()?.removeAllRanges();
    this.forgetSelection();
    this.select(next.id, true);
    this.article.scrollToSpan(next.id);
    return true;
  }

  showKeys() {
    const groups = new Map();
    for (const binding of this.keymap.bindings) {
      const group = binding.group || "Other";
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push({ keys: binding.keys, text: binding.description });
    }
    const sections = Array.from(groups, ([title, rows]) => ({ title, rows }));
    this.overlay.show("keys", "Keys", [...sections, ...this.palette.keySections()],
      "Keys work wherever the focus is, except in a text field (Escape leaves it).");
  }

  showGuide() {
    this.overlay.show("guide", "Guidelines", this.palette.guideSections(), "");
  }

  // Hand the keys back to the article (the scroller holds the focus: PageDown scrolls it).
  focusArticle() {
    this.scroller.focus({ preventScroll: true });
  }

  leaveField(field) {
    if (field && field.blur) field.blur();
    this.focusArticle();
  }

  focusInto(selector) {
    let box = null;
    try { box = selector ? document.querySelector(selector) : null; } catch (_) { box = null; }
    if (!box) return false;
    const first = box.querySelector("button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])");
    (first || box).focus({ preventScroll: false });
    return true;
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
