// What the highlighter and the curation view share as Streamlit components over one article
// (joined after text.js and article.js): one instance per element across invocations, the
// header and the read-only text, a redraw held back during a drag, events sent once each
// with unique ids, the tooltip, and the "painted" signal that tests and benchmarks wait for.
// Each view adds its own bar, drawing and keys in a subclass.

const OUTBOX_SIZE = 20;
const TOOLTIP_DELAY_MS = 120;

// The module's entry: Streamlit re-invokes it whenever `data` changes but runs the returned
// cleanup only on unmount, so the instance lives in `instances` by element.
function mountComponent(component, instances, View) {
  const { data, parentElement, setStateValue } = component;
  let view = instances.get(parentElement);
  if (!view) {
    view = new View(parentElement);
    instances.set(parentElement, view);
  }
  view.update(data || {}, setStateValue);
  return () => {
    view.destroy();
    instances.delete(parentElement);
  };
}

class ArticleComponent {
  constructor(parent) {
    this.parent = parent;
    this.data = {};
    this.send = null;
    this.outbox = [];
    this.controller = null;
    this.textKey = null;
    this.spansKey = null;
    this.paletteKey = null;
    this.mouseDown = false;
    this.tipTimer = null;
    this.actionAt = null;
    this.lastEmitted = null;
  }

  // The parts of the view that both have: the status line, the scroller with the header and
  // the article's text, the tooltip. `variant` adds its own class beside each (anno-cur-...).
  buildArticle(variant, label) {
    const cls = (name) => (variant ? `anno-hl-${name} ${variant}-${name}` : `anno-hl-${name}`);
    this.status = el("div", "anno-hl-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.scroller = el("div", cls("scroll"));
    this.header = el("div", "anno-hl-header");
    this.title = el("div", "anno-hl-title");
    this.subtitle = el("div", "anno-hl-subtitle");
    this.header.append(this.title, this.subtitle);
    this.text = el("div", cls("text"));
    // Editable only so that the keyboard can place a caret and extend a selection
    // (shift+arrows); every edit is refused in the beforeinput handler.
    this.text.contentEditable = "true";
    this.text.spellcheck = false;
    this.text.setAttribute("autocorrect", "off");
    this.text.setAttribute("autocapitalize", "off");
    this.text.setAttribute("role", "textbox");
    this.text.setAttribute("aria-readonly", "true");
    this.text.setAttribute("aria-multiline", "true");
    this.text.setAttribute("aria-label", label);
    this.scroller.append(this.header, this.text);
    this.tip = el("div", cls("tip"));
    this.tip.hidden = true;
  }

  destroy() {
    if (this.controller) this.controller.abort();
    clearTimeout(this.tipTimer);
    this.root.remove();
  }

  // True when the new data must wait: a redraw in the middle of a drag would replace the
  // nodes being selected (the data is kept for the mouse's release). Otherwise the data is
  // taken and the listeners are made again.
  heldBack(data, setStateValue) {
    this.send = setStateValue;
    if (this.mouseDown) {
      this.deferred = [data, setStateValue];
      return true;
    }
    this.deferred = null;
    this.updateAt = performance.now();
    this.data = data;
    this.listen();
    return false;
  }

  // The article's title and facts. User text beside other text is drawn in <bdi> elements:
  // isolated, each with the direction of its own first letter, so none reorders its neighbours.
  drawHeader(data) {
    this.title.replaceChildren(...(data.title ? [el("bdi", "anno-hl-part", data.title)] : []));
    const facts = (Array.isArray(data.subtitle) ? data.subtitle : []).map((part) => el("bdi", "anno-hl-part", part));
    this.subtitle.replaceChildren(...facts.flatMap((part, i) => (i ? [" · ", part] : [part])));
  }

  // A new AbortController for this invocation's listeners, and those on the article's text
  // that both views have; `redraw` draws the text again after a change nothing could cancel.
  listenArticle(redraw) {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const opts = { signal: this.controller.signal };
    const t = this.text;
    t.addEventListener("beforeinput", (e) => e.preventDefault(), opts);
    for (const name of ["paste", "cut", "drop", "dragstart"]) t.addEventListener(name, (e) => e.preventDefault(), opts);
    // Anything that still changed the text (an IME composition cannot be cancelled) is undone.
    t.addEventListener("input", () => { this.article.blocks = null; redraw(); }, opts);
    t.addEventListener("mousedown", (e) => this.onMouseDown(e), opts);
    document.addEventListener("mouseup", (e) => this.onMouseUp(e), opts);
    window.addEventListener("keydown", (e) => this.onKeyDown(e), { signal: this.controller.signal, capture: true });
    t.addEventListener("mouseover", (e) => this.onHover(e), opts);
    t.addEventListener("mouseleave", () => this.hideTip(), opts);
    return opts;
  }

  setStatus(message) {
    this.status.textContent = message;
  }

  // `info` is published as window[global] and in the event `name` once the browser has
  // painted this drawing (two animation frames), with `dataset` set on the root then.
  announcePainted(info, dataset, global, name) {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      info.paintedAt = performance.now();
      Object.assign(this.root.dataset, dataset);
      window[global] = info;
      window.dispatchEvent(new CustomEvent(name, { detail: info }));
    }));
  }

  emit(event) {
    if (!this.send) return;
    const full = { ...event, id: newUid(), doc: this.data.doc_id ?? null, t: Date.now() };
    this.lastEmitted = full.id;
    this.outbox.push(full);
    if (this.outbox.length > OUTBOX_SIZE) this.outbox.splice(0, this.outbox.length - OUTBOX_SIZE);
    this.send("events", this.outbox.slice());
  }

  // --- tooltip ---------------------------------------------------------------------------

  onHover(event) {
    const seg = event.target.closest ? event.target.closest(".anno-hl-seg") : null;
    clearTimeout(this.tipTimer);
    if (!seg || this.mouseDown || this.dragging) { this.hideTip(); return; }
    const covering = this.article.spansAt(seg);
    if (!covering.length) { this.hideTip(); return; }
    const x = event.clientX;
    const y = event.clientY;
    this.tipTimer = setTimeout(() => this.showTip(covering, x, y), TOOLTIP_DELAY_MS);
  }

  // The tooltip's rows, [colour, plain text], for the spans under the mouse.
  tipRows(covering) {
    return covering.slice().sort((a, b) => a.lane - b.lane).map((sp) => [sp.colour, sp.tooltip || sp.label]);
  }

  showTip(covering, x, y) {
    this.tip.replaceChildren();
    for (const [colour, text] of this.tipRows(covering)) {
      const row = el("div", "anno-hl-tip-row");
      const swatch = el("span", "anno-hl-swatch");
      swatch.style.background = colour;
      row.append(swatch, el("div", "anno-hl-tip-body", text));
      this.tip.append(row);
    }
    this.tip.hidden = false;
    const width = this.tip.offsetWidth;
    this.tip.style.left = `${Math.max(8, Math.min(x + 12, window.innerWidth - width - 8))}px`;
    const height = this.tip.offsetHeight;
    this.tip.style.top = `${Math.max(8, y + 18 + height > window.innerHeight ? y - height - 12 : y + 18)}px`;
  }

  hideTip() {
    clearTimeout(this.tipTimer);
    if (this.tip) this.tip.hidden = true;
  }
}
