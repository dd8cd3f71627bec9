// Extra layers drawn with the article (joined after article.js, before palette.js; see
// __init__.py). A feature that draws more than highlights (relation arcs above the text,
// one lane per annotator, a comparison with gold) is a layer: a class in a .js file of its
// own, added to JS_FILES after this one, that calls
//
//     registerLayer("arcs", ArcsLayer);
//
// The highlighter makes one instance per registered name present in `data.layers` (Python:
// `Drawing.layers["arcs"]`), and tells it:
//   constructor(host)   once; host is the highlighter (see LayerHost below);
//   update(data)        on every new drawing, with its own entry of data.layers;
//   drawn()             after the article's highlights were drawn again (positions changed);
//   resized()           after the article's box changed size (lines wrap differently);
//   destroy()           when its entry is gone or the highlighter unmounts.
// Methods a layer does not need can be left out.
//
// LayerHost (what a layer may use of the highlighter):
//   host.root, host.scroller, host.text       the component's elements (the scroller scrolls
//                                             the article; put overlays inside it so that
//                                             they scroll with the text)
//   host.article.rectsOf(id)                  a highlight's line boxes, relative to the
//                                             scroller's content (for drawing beside it)
//   host.article.spanById                     drawn spans by id: {id, s, e, colour, label, kind, lane}
//   host.select(id, true)                     select a highlight (and tell the server)
//   host.emit(event)                          send an event (payload.EVENT_TYPES) to the server

const LAYERS = new Map();

function registerLayer(name, factory) {
  LAYERS.set(name, factory);
}

class Layers {
  constructor(host) {
    this.host = host;
    this.active = new Map();
  }

  update(data) {
    const wanted = data && typeof data === "object" ? data : {};
    for (const [name, layer] of this.active) {
      if (!(name in wanted) || !LAYERS.has(name)) {
        this.call(layer, "destroy");
        this.active.delete(name);
      }
    }
    for (const [name, Factory] of LAYERS) {
      if (!(name in wanted)) continue;
      let layer = this.active.get(name);
      if (!layer) {
        layer = new Factory(this.host);
        this.active.set(name, layer);
      }
      this.call(layer, "update", wanted[name]);
    }
  }

  drawn() {
    for (const layer of this.active.values()) this.call(layer, "drawn");
  }

  resized() {
    for (const layer of this.active.values()) this.call(layer, "resized");
  }

  destroy() {
    for (const layer of this.active.values()) this.call(layer, "destroy");
    this.active.clear();
  }

  // A failing layer must not take the article down with it.
  call(layer, method, ...args) {
    if (typeof layer[method] !== "function") return;
    try {
      layer[method](...args);
    } catch (error) {
      console.error(`highlighter layer: ${method} failed`, error);
    }
  }
}
