// Keys and the overlay of the highlighter (joined after palette.js, before highlighter.js;
// see __init__.py). The page's key map comes in the data (payload.KeyBinding); this file
// names a key press the way the map does, tells text fields from other controls, and draws
// the overlay that lists the map (`?`) or the labels' guidelines.

// A key press as the key map names it: "Ctrl+Z", "Shift+G", "]", "?", "Enter", "L" (null for
// a lone modifier). Letters are upper case and carry Shift; another character already shows
// whether Shift was held ("?" is Shift+/ on one layout and not on another), so it never does.
function keyName(event) {
  let key = event.key;
  if (!key || key === "Unidentified" || key === "Dead" || MODIFIER_KEYS.has(key)) return null;
  const parts = [];
  if (event.ctrlKey || event.metaKey) parts.push("Ctrl");
  if (event.altKey) parts.push("Alt");
  if (key.length === 1 && key !== " ") {
    if (/\p{L}/u.test(key)) {
      key = key.toUpperCase();
      if (event.shiftKey) parts.push("Shift");
    }
  } else {
    if (key === " ") key = "Space";
    if (event.shiftKey) parts.push("Shift");
  }
  parts.push(key);
  return parts.join("+");
}

const MODIFIER_KEYS = new Set(["Shift", "Control", "Alt", "Meta", "AltGraph", "CapsLock", "OS"]);
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);
// Controls that act on Enter and Space themselves (a focused button is pressed by them).
const PRESSABLE = "button, a[href], summary, [role='button'], [role='switch'], [role='tab'], [role='option'], [role='menuitem'], input[type='checkbox'], input[type='radio']";

// A field that takes typed text: keys there are the field's own. A select whose list is
// closed is not one (typing would only open it), so keys act there as anywhere else.
function isTextField(node) {
  const field = node && node.closest
    ? node.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='textbox'], [role='searchbox'], [role='combobox']")
    : null;
  if (!field) return false;
  // A typeable combobox (Streamlit's selectbox is an <input>) takes the keys typed into it,
  // open or not: its first letter would otherwise be read as a hotkey and lost from the box.
  // A button-like combobox or a <select> only while its list is open.
  if (field.tagName !== "INPUT" && (field.getAttribute("role") === "combobox" || field.tagName === "SELECT")) {
    return field.getAttribute("aria-expanded") === "true";
  }
  if (field.tagName === "INPUT") return !NON_TEXT_INPUTS.has((field.type || "text").toLowerCase());
  return true;
}

// A select whose list is closed and which takes typed text (Streamlit's selectbox, an <input>):
// the focus stays there after an option is picked, yet it holds no typing of the user's, so
// the key map's Ctrl keys (Undo, Redo) act there as anywhere else; letters stay the box's.
function isClosedCombobox(node) {
  const field = node && node.closest ? node.closest("input[role='combobox']") : null;
  return Boolean(field) && field.getAttribute("aria-expanded") !== "true";
}

function isPressable(node) {
  return Boolean(node && node.closest && node.closest(PRESSABLE));
}

// The page's key map by key name; a binding with several keys is found under each.
class KeyMap {
  constructor(bindings) {
    this.bindings = Array.isArray(bindings) ? bindings : [];
    this.byKey = new Map();
    for (const binding of this.bindings) {
      for (const key of binding.keys || []) this.byKey.set(key, binding);
    }
  }

  get(name) {
    return name ? this.byKey.get(name) || null : null;
  }

  // The keys of the first binding with this action, as the overlay writes them ("[" / "]").
  keysOf(action) {
    const binding = this.bindings.find((b) => b.action === action);
    return binding ? binding.keys.join(" / ") : "";
  }
}

// One overlay above the page: the key map or the guidelines. Closed by Escape, by its button
// or by a click beside its box. Everything in it is text (textContent), never HTML.
class Overlay {
  constructor(root) {
    this.backdrop = el("div", "anno-hl-overlay");
    this.backdrop.hidden = true;
    this.box = el("div", "anno-hl-overlay-box");
    this.box.setAttribute("role", "dialog");
    this.box.setAttribute("aria-modal", "true");
    this.box.tabIndex = -1;
    this.heading = el("div", "anno-hl-overlay-title");
    this.close = el("button", "anno-hl-overlay-close", "Close (Esc)");
    this.close.type = "button";
    const top = el("div", "anno-hl-overlay-top");
    top.append(this.heading, this.close);
    this.body = el("div", "anno-hl-overlay-body");
    this.box.append(top, this.body);
    this.backdrop.append(this.box);
    root.append(this.backdrop);
    this.kind = null;
    this.returnFocus = null;
  }

  get open() {
    return !this.backdrop.hidden;
  }

  listen(signal, onClose) {
    this.close.addEventListener("click", () => onClose(), { signal });
    this.backdrop.addEventListener("mousedown", (e) => { if (e.target === this.backdrop) onClose(); }, { signal });
  }

  // sections: [{title, rows: [{keys: [..], swatch?, name?, text}]}]
  show(kind, title, sections, note) {
    this.kind = kind;
    this.heading.textContent = title;
    this.body.replaceChildren();
    if (note) this.body.append(el("p", "anno-hl-overlay-note", note));
    for (const section of sections) {
      if (!section.rows.length) continue;
      const block = el("section", "anno-hl-overlay-section");
      block.append(el("h3", "anno-hl-overlay-group", section.title));
      const table = el("dl", "anno-hl-overlay-rows");
      for (const row of section.rows) {
        const term = el("dt", "anno-hl-overlay-keys");
        if (row.swatch) {
          const swatch = el("span", "anno-hl-swatch");
          if (COLOUR.test(row.swatch)) swatch.style.background = row.swatch;
          term.append(swatch);
        }
        if (row.name) term.append(el("bdi", "anno-hl-overlay-name", row.name));
        (row.keys || []).forEach((key, i) => {
          if (i) term.append(" ");
          term.append(el("kbd", "anno-hl-key", key));
        });
        const detail = el("dd", "anno-hl-overlay-text", row.text || "");
        table.append(term, detail);
      }
      block.append(table);
      this.body.append(block);
    }
    if (!this.open) this.returnFocus = document.activeElement;
    this.backdrop.hidden = false;
    this.box.focus({ preventScroll: true });
  }

  hide() {
    if (!this.open) return;
    this.backdrop.hidden = true;
    this.kind = null;
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back && back.isConnected && back.focus) back.focus({ preventScroll: true });
  }
}
