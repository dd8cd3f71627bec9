// The label palette above the article (joined after layers.js, before keys.js; see
// __init__.py): a filter box, the labels grouped by category, and buttons for the labels'
// guidelines and the key map.
//
// A group can be collapsed: its labels are then drawn as colour and key only (the name is on
// hover, in the filter and in the guidelines), so that a codebook of 14 or 23 labels takes a
// row or two. Until the user opens or closes a group (remembered per codebook in
// localStorage), groups are collapsed, largest first, only as far as needed for the palette
// to fit in PALETTE_ROWS rows at the width it has.

const PALETTE_ROWS = 2;

class Palette {
  constructor(host) {
    this.host = host;
    this.element = el("div", "anno-hl-palette");
    this.filterBox = el("input", "anno-hl-filter");
    this.filterBox.type = "search";
    this.filterBox.placeholder = "Filter labels";
    this.filterBox.setAttribute("aria-label", "Filter labels");
    this.filterBox.autocomplete = "off";
    this.filterBox.spellcheck = false;
    this.groupsBox = el("div", "anno-hl-groups");
    this.tools = el("div", "anno-hl-tools");
    this.guideButton = el("button", "anno-hl-tool", "Guidelines");
    this.guideButton.type = "button";
    this.keysButton = el("button", "anno-hl-tool", "Keys");
    this.keysButton.type = "button";
    this.tools.append(this.guideButton, this.keysButton);
    this.element.append(this.filterBox, this.groupsBox, this.tools);
    this.entries = [];
    this.groups = [];
    this.hotkeys = new Map();
    this.names = new Map();
    this.chosen = {};
    this.fitted = new Set();
    this.query = "";
    this.storageKey = null;
    this.width = 0;
  }

  listen(signal) {
    const opts = { signal };
    // Pressing a chip or a group must not take the selection away from the article.
    this.groupsBox.addEventListener("mousedown", (e) => e.preventDefault(), opts);
    this.tools.addEventListener("mousedown", (e) => e.preventDefault(), opts);
    this.groupsBox.addEventListener("click", (e) => {
      const chip = e.target.closest(".anno-hl-chip");
      if (chip) { this.host.createSpan(chip.dataset.label, "click"); return; }
      const toggle = e.target.closest(".anno-hl-group-toggle");
      if (toggle) this.toggle(toggle.dataset.group);
    }, opts);
    this.guideButton.addEventListener("click", () => this.host.showGuide(), opts);
    this.keysButton.addEventListener("click", () => this.host.showKeys(), opts);
    this.filterBox.addEventListener("input", () => this.setQuery(this.filterBox.value), opts);
    this.filterBox.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing) {
        e.preventDefault();
        const first = this.groupsBox.querySelector(".anno-hl-chip");
        if (first) this.host.createSpan(first.dataset.label, "filter");
        this.leave();
      } else if (e.key === "ArrowDown") {
        const first = this.groupsBox.querySelector(".anno-hl-chip");
        if (first) { e.preventDefault(); first.focus(); }
      }
    }, opts);
    // The fit depends on the width: look again when it changes (window, sidebar, panel).
    if (typeof ResizeObserver !== "undefined") {
      const observer = new ResizeObserver(() => {
        const width = this.element.clientWidth;
        if (width !== this.width) { this.width = width; this.fit(); }
      });
      observer.observe(this.element);
      signal.addEventListener("abort", () => observer.disconnect());
    }
  }

  update(entries) {
    this.entries = Array.isArray(entries) ? entries : [];
    this.hotkeys = new Map();
    this.names = new Map();
    const groups = new Map();
    for (const entry of this.entries) {
      const name = entry.group || "Labels";
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(entry);
      if (entry.hotkey) this.hotkeys.set(String(entry.hotkey).toUpperCase(), entry.key);
      this.names.set(entry.key, entry.name);
    }
    this.groups = Array.from(groups, ([name, members]) => ({ name, members }));
    this.storageKey = `anno-hl-palette:${this.entries.map((e) => e.key).join("|")}`;
    try { this.chosen = JSON.parse(localStorage.getItem(this.storageKey) || "{}") || {}; } catch (_) { this.chosen = {}; }
    this.fitted = new Set();
    this.draw();
    this.fit();
  }

  collapsed(group) {
    if (this.query) return false;
    const chosen = this.chosen[group.name];
    if (chosen === "open") return false;
    if (chosen === "closed") return true;
    return this.fitted.has(group.name);
  }

  draw() {
    const query = fold(this.query);
    const boxes = [];
    for (const group of this.groups) {
      const members = query ? group.members.filter((e) => matches(e, query)) : group.members;
      if (!members.length) continue;
      const closed = this.collapsed(group);
      const box = el("div", "anno-hl-group");
      box.dataset.group = group.name;
      if (closed) box.classList.add("anno-hl-group-closed");
      const toggle = el("button", "anno-hl-group-toggle");
      toggle.type = "button";
      toggle.dataset.group = group.name;
      toggle.setAttribute("aria-expanded", String(!closed));
      toggle.title = closed ? `Show the names of ${group.name}` : `Show ${group.name} as colours and keys only`;
      toggle.append(el("span", "anno-hl-group-arrow", closed ? "▸" : "▾"), el("bdi", "anno-hl-group-name", group.name));
      if (query) toggle.disabled = true;
      box.append(toggle);
      for (const entry of members) box.append(this.chip(entry, closed));
      boxes.push(box);
    }
    if (!boxes.length) boxes.push(el("span", "anno-hl-none", "No label matches the filter."));
    this.groupsBox.replaceChildren(...boxes);
  }

  chip(entry, compact) {
    const chip = el("button", compact ? "anno-hl-chip anno-hl-chip-compact" : "anno-hl-chip");
    chip.type = "button";
    chip.dataset.label = entry.key;
    const key = entry.hotkey ? String(entry.hotkey).toUpperCase() : "";
    chip.title = `${entry.name}${key ? ` (key ${key})` : ""}${entry.description ? `: ${entry.description}` : ""}`;
    chip.setAttribute("aria-label", key ? `${entry.name}, key ${key}` : entry.name);
    const swatch = el("span", "anno-hl-swatch");
    if (COLOUR.test(entry.colour || "")) swatch.style.background = entry.colour;
    chip.append(swatch);
    if (!compact || !key) chip.append(el("bdi", "anno-hl-chip-name", compact ? shortName(entry.name) : entry.name));
    if (key) chip.append(el("kbd", "anno-hl-key", key));
    return chip;
  }

  toggle(name) {
    const group = this.groups.find((g) => g.name === name);
    if (!group) return;
    this.chosen[name] = this.collapsed(group) ? "open" : "closed";
    try { localStorage.setItem(this.storageKey, JSON.stringify(this.chosen)); } catch (_) { /* private mode */ }
    this.draw();
  }

  // Collapse groups the user has not chosen for, largest first, until the palette fits.
  fit() {
    if (this.query || !this.element.isConnected) return;
    this.fitted = new Set();
    this.draw();
    const limit = this.rowLimit();
    if (!limit) return;
    const open = this.groups.filter((g) => !this.chosen[g.name]).sort((a, b) => b.members.length - a.members.length);
    for (const group of open) {
      if (this.groupsBox.offsetHeight <= limit) break;
      this.fitted.add(group.name);
      this.draw();
    }
  }

  rowLimit() {
    const chip = this.groupsBox.querySelector(".anno-hl-chip");
    if (!chip || !chip.offsetHeight) return 0;
    const gap = parseFloat(getComputedStyle(this.groupsBox).rowGap) || 0;
    return PALETTE_ROWS * chip.offsetHeight + (PALETTE_ROWS - 1) * gap + 2;
  }

  setQuery(text) {
    this.query = text.trim();
    this.draw();
    if (!this.query) this.fit();
  }

  focusFilter() {
    this.filterBox.focus();
    this.filterBox.select();
  }

  // Leave the filter box: empty it and give the keys back to the article.
  leave() {
    this.filterBox.value = "";
    if (this.query) this.setQuery("");
    this.host.focusArticle();
  }

  // The guidelines: every label of every group, with its colour, key and description.
  guideSections() {
    return this.groups.map((group) => ({
      title: group.name,
      rows: group.members.map((entry) => ({
        swatch: entry.colour, name: entry.name,
        keys: entry.hotkey ? [String(entry.hotkey).toUpperCase()] : [],
        text: entry.description || "No guideline text in the codebook.",
      })),
    }));
  }

  // The label keys for the key map's overlay.
  keySections() {
    return [{
      title: "Labels (with text selected)",
      rows: this.entries.filter((e) => e.hotkey).map((entry) => ({
        swatch: entry.colour, name: entry.name, keys: [String(entry.hotkey).toUpperCase()], text: "",
      })),
    }];
  }
}

// Lower case without accents, for the filter.
function fold(text) {
  return String(text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function matches(entry, query) {
  if (entry.hotkey && String(entry.hotkey).toLowerCase() === query) return true;
  return fold(entry.name).includes(query) || fold(entry.key).includes(query);
}

// A compact chip of a label without a key shows the start of its name.
function shortName(name) {
  const chars = Array.from(name);
  return chars.length > 6 ? `${chars.slice(0, 5).join("")}…` : name;
}
