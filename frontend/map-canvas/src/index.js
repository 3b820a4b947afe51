// The /map page's canvas: draws the deck JSON that components/views/map/deck.py writes (the pydeck
// format, read by deck.gl's own JSONConverter), keeps the camera the person chose, and reports it
// back so the link can carry it. Loaded once per browser from the app's own static folder, so it
// works with no CDN and no internet (see frontend/map-canvas/README.md).
//
// What Python sends (components/ui/map_canvas.py): {bundle, deck, deck_id, bounds, bounds_value, margin,
// basemap, alt, tooltip}.
// What it reports: trigger `view` = "w,s,e,n" after the person stops moving the map (debounced), and
// trigger `click` = {group_id, entity_id} when a mark is clicked (the keyboard path is "Details for").

import {Deck, MapView, WebMercatorViewport} from "@deck.gl/core";
import {CollisionFilterExtension} from "@deck.gl/extensions";
import {TileLayer} from "@deck.gl/geo-layers";
import {JSONConverter} from "@deck.gl/json";
import {
  ArcLayer,
  BitmapLayer,
  GeoJsonLayer,
  IconLayer,
  ScatterplotLayer,
  TextLayer,
} from "@deck.gl/layers";

const converter = new JSONConverter({
  configuration: {
    classes: {MapView, ArcLayer, GeoJsonLayer, IconLayer, ScatterplotLayer, TextLayer},
  },
});

const REPORT_AFTER_MS = 400; // a pan or zoom is reported once the person stops moving the map
const MIN_ZOOM = 1; // the whole world; components/geo/projection.py has the same limits
const MAX_ZOOM = 12; // a neighbourhood: the data's places are points, not street addresses
const DIGITS = 4; // 0.0001° (about 10 m): the link's precision
const LABEL_LAYER = "member-labels"; // names drawn only where they do not overlap (collision filter)
const CARTO = "https://basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png"; // opt-in, needs internet
// One deck per mounted component, by Streamlit's key for it: a rerun calls render() again with new
// data, and the deck (with the camera the person chose) must survive it.
const instances = new Map();
const RELEASES = ["pointerup", "pointercancel", "mouseup", "touchend"];

function decode(data) {
  if (typeof data === "string") return JSON.parse(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    return JSON.parse(new TextDecoder().decode(data));
  }
  return data;
}

export function boundsKey(bounds) {
  return bounds.map((v) => Number(v).toFixed(DIGITS)).join(",");
}

// The camera that shows `bounds` whole in a width × height element (deck.gl's own fitBounds).
export function cameraFor(bounds, width, height, margin = 0) {
  const [w, s, e, n] = bounds;
  const viewport = new WebMercatorViewport({width, height});
  const pad = Math.round(margin * Math.min(width, height));
  // Names are written to the right of their marks: a frame keeps room for them on that side.
  const padding = pad ? {top: pad, bottom: pad, left: pad, right: pad + Math.round(Math.min(110, width / 5))} : 0;
  const {longitude, latitude, zoom} = viewport.fitBounds(
    [
      [w, s],
      [e, n],
    ],
    {padding},
  );
  return {longitude, latitude, zoom: Math.max(MIN_ZOOM, Math.min(zoom, MAX_ZOOM)), pitch: 0, bearing: 0, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM};
}

// The visible area of a camera, as the link writes it.
// Clamped to the map of the world, the range a link accepts (components/geo/projection.py).
export function visibleBounds(camera, width, height) {
  const viewport = new WebMercatorViewport({...camera, width, height});
  const [w, s, e, n] = viewport.getBounds();
  const lat = (v) => Math.max(-85.05, Math.min(85.05, v));
  return [Math.max(-180, w), lat(s), Math.min(180, e), lat(n)];
}

function fillTemplate(template, object) {
  const props = object && object.properties ? {...object, ...object.properties} : object || {};
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, key) =>
    props[key] === undefined || props[key] === null ? "" : String(props[key]),
  );
}

function pickedIds(object) {
  const props = object && object.properties ? object.properties : object;
  if (!props || typeof props.group_id !== "string" || !props.group_id) return null;
  return {group_id: props.group_id, entity_id: typeof props.entity_id === "string" ? props.entity_id : ""};
}

// deck.gl 9.4's collision filter hides every name on a screen with more than one device pixel per CSS
// pixel (phones, Retina laptops; seen in Chromium at devicePixelRatio 2, also with useDevicePixels: 1).
// There the names are placed here instead (placeLabels), each time the camera settles.
function withExtensions(layers) {
  const filtered = window.devicePixelRatio === 1;
  return layers.map((layer) =>
    layer && layer.id === LABEL_LAYER && filtered
      ? layer.clone({extensions: [new CollisionFilterExtension()], collisionGroup: LABEL_LAYER})
      : layer,
  );
}

const CHAR_EM = 0.62; // a bold sans-serif character's width, in font sizes (a little generous)
const LINE_EM = 1.25;

function accessor(value, row) {
  return typeof value === "function" ? value(row, {index: 0, data: [], target: []}) : value;
}

// The box a name takes on screen, from the label layer's own size, offset and wrap width.
function labelBox(props, row, x, y) {
  const size = Number(accessor(props.getSize, row)) || 13;
  const [dx, dy] = accessor(props.getPixelOffset, row) || [0, 0];
  const chars = String(row.t).length;
  const perLine = Math.max(1, Math.floor((props.maxWidth || 12) / CHAR_EM));
  const lines = Math.ceil(chars / perLine);
  const width = Math.min(chars, perLine) * size * CHAR_EM;
  const height = lines * size * LINE_EM;
  return [x + dx, y + dy - height / 2, x + dx + width, y + dy + height / 2];
}

function overlaps(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

// Greedy placement, best rank first: a name is drawn where its box is on screen and meets no other.
export function placedRows(rows, props, project, width, height) {
  const kept = [];
  const boxes = [];
  for (const row of rows) {
    const [x, y] = project(row.p);
    const box = labelBox(props, row, x, y);
    if (box[0] < 0 || box[1] < 0 || box[2] > width || box[3] > height) continue;
    if (boxes.some((b) => overlaps(b, box))) continue;
    kept.push(row);
    boxes.push(box);
  }
  return kept;
}

function placeLabels(self) {
  if (window.devicePixelRatio === 1) return; // the collision filter does it on the GPU
  const index = self.layers.findIndex((layer) => layer && layer.id === LABEL_LAYER);
  const [width, height] = self.size;
  if (index < 0 || !self.camera || !width || !height) return;
  const base = self.labelBase || self.layers[index];
  self.labelBase = base;
  const viewport = new WebMercatorViewport({...self.camera, width, height});
  const rows = placedRows(base.props.data || [], base.props, (p) => viewport.project(p), width, height);
  self.layers = self.layers.map((layer, i) => (i === index ? base.clone({data: rows}) : layer));
  self.deck.setProps({layers: self.layers});
}

function basemapLayers(basemap) {
  if (basemap !== "carto") return [];
  return [
    new TileLayer({
      id: "carto-basemap",
      data: CARTO,
      minZoom: 0,
      maxZoom: 19,
      tileSize: 256,
      renderSubLayers: (props) => {
        const {west, south, east, north} = props.tile.bbox;
        return new BitmapLayer(props, {data: null, image: props.data, bounds: [west, south, east, north]});
      },
    }),
  ];
}

function create(parentElement, args) {
  const host = document.createElement("div");
  host.className = "map-canvas";
  parentElement.appendChild(host);
  const self = {
    host,
    args,
    deck: null,
    deckText: null,
    layers: [],
    basemap: "",
    fittedKey: null, // the bounds the camera was last fitted to (from Python)
    reportedKey: null, // the bounds last reported (the camera the person chose)
    camera: null,
    timer: null,
    pressed: false,
    touched: false, // set by the person's first pointer, wheel, key or touch on the map
    size: [0, 0],
    tooltip: {text: "", style: {}},
    observer: null,
  };
  self.deck = new Deck({
    parent: host,
    views: new MapView({repeat: false, controller: true}),
    controller: {keyboard: true, dragRotate: false, touchRotate: false, doubleClickZoom: true},
    initialViewState: {longitude: -96, latitude: 38, zoom: 3},
    layers: [],
    getTooltip: ({object}) =>
      object && self.tooltip.text ? {text: fillTemplate(self.tooltip.text, object), style: self.tooltip.style} : null,
    onViewStateChange: ({viewState}) => {
      // deck.gl reports a view change on a plain click too; only a camera that really changed is reported.
      const before = self.camera;
      if (!before || ["longitude", "latitude", "zoom"].some((k) => Math.abs(before[k] - viewState[k]) > 1e-9)) {
        self.moved = true;
      }
      self.camera = {...viewState};
      self.deck.setProps({viewState: self.camera});
      publishCamera(self);
      clearTimeout(self.labelTimer);
      self.labelTimer = setTimeout(() => placeLabels(self), 150);
      schedule(self);
      return viewState;
    },
    onClick: ({object}) => {
      const ids = pickedIds(object);
      if (ids) self.args.setTriggerValue("click", ids);
    },
    onAfterRender: () => host.setAttribute("data-drawn", "true"),
  });
  const canvas = self.deck.getCanvas ? self.deck.getCanvas() : host.querySelector("canvas");
  if (canvas) {
    // Focusable, so the arrow keys pan and + / - zoom (deck.gl's keyboard controller).
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "application");
    canvas.setAttribute("aria-roledescription", "map");
  }
  // Only the person moves the camera in the link: deck.gl also reports view changes of its own (a
  // resize, a normalised first frame), which must not write `view=` into a link nobody moved.
  for (const type of ["pointerdown", "wheel", "keydown", "touchstart"]) {
    host.addEventListener(type, () => (self.touched = true), {capture: true, passive: true});
  }
  // Nothing is reported while a finger or the main button is down: a slow drag is one move, not several.
  host.addEventListener("pointerdown", (e) => (self.pressed = e.button === 0), {capture: true, passive: true});
  // A release the window never saw (a context menu, outside the window) must not block later reports.
  const moved = (e) => {
    if (!e.buttons) self.pressed = false;
  };
  host.addEventListener("wheel", moved, {capture: true, passive: true});
  host.addEventListener("keydown", moved, {capture: true, passive: true});
  // On the window, in the capture phase: deck.gl's gesture handling must not hide the release.
  const released = () => {
    if (!self.pressed) return;
    self.pressed = false;
    schedule(self);
  };
  self.released = released;
  for (const type of RELEASES) window.addEventListener(type, released, {capture: true, passive: true});
  self.observer = new ResizeObserver(() => resized(self));
  self.observer.observe(host);
  return self;
}

function publishCamera(self) {
  // For tests and for the person's own tools: what the canvas shows right now.
  const [width, height] = self.size;
  if (!self.camera || !width || !height) return;
  const {longitude, latitude, zoom} = self.camera;
  self.host.setAttribute("data-camera", JSON.stringify({longitude, latitude, zoom, width, height}));
  self.host.setAttribute("data-bounds", boundsKey(visibleBounds(self.camera, width, height)));
}

function schedule(self) {
  clearTimeout(self.timer);
  self.timer = setTimeout(() => {
    const [width, height] = self.size;
    if (!self.camera || !width || !height || !self.touched || !self.moved || self.pressed) return;
    const key = boundsKey(visibleBounds(self.camera, width, height));
    if (key === self.reportedKey || key === self.fittedKey) return;
    self.reportedKey = key;
    self.moved = false;
    self.args.setTriggerValue("view", key);
  }, REPORT_AFTER_MS);
}

// Show `bounds` (a frame with a margin, or a chosen camera edge to edge). Remembered, so a resize before
// the person moves the map (a phone turned, the sidebar drawn, presenter mode) fits it again.
function fit(self, bounds, margin) {
  self.lastBounds = bounds;
  self.lastMargin = margin;
  clearTimeout(self.timer); // a report pending from before this frame must not overwrite it
  self.moved = false;
  const [width, height] = self.size;
  if (!width || !height) return false;
  self.camera = cameraFor(bounds, width, height, margin);
  self.deck.setProps({viewState: self.camera});
  publishCamera(self);
  placeLabels(self);
  return true;
}

function resized(self) {
  const rect = self.host.getBoundingClientRect();
  const size = [Math.round(rect.width), Math.round(rect.height)];
  if (!size[0] || !size[1]) return;
  if (size[0] === self.size[0] && size[1] === self.size[1]) return;
  self.size = size;
  if (self.lastBounds && !self.touched) fit(self, self.lastBounds, self.lastMargin);
  else {
    publishCamera(self);
    placeLabels(self);
  }
}

export function render(args) {
  const {parentElement} = args;
  const d = decode(args.data);
  let self = instances.get(args.key);
  if (!self) {
    self = create(parentElement, args);
    instances.set(args.key, self);
  } else if (self.host.parentNode !== parentElement) {
    parentElement.appendChild(self.host); // Streamlit gave the component a new element: move the deck
  }
  clearTimeout(self.dropTimer);
  self.args = args;
  self.host.setAttribute("aria-label", d.alt || "Map");
  const canvas = self.host.querySelector("canvas");
  if (canvas) canvas.setAttribute("aria-label", d.alt || "Map");
  self.tooltip = d.tooltip || {text: "", style: {}};
  if (d.deck_id !== self.deckText || d.basemap !== self.basemap) {
    self.deckText = d.deck_id;
    self.basemap = d.basemap;
    const props = converter.convert(typeof d.deck === "string" ? JSON.parse(d.deck) : d.deck);
    self.layers = [...basemapLayers(d.basemap), ...withExtensions(props.layers || [])];
    self.labelBase = null;
    self.deck.setProps({layers: self.layers});
    placeLabels(self);
  }
  // Refit only when Python asks for other bounds than the ones on screen: a filter change or a named
  // extent, never the echo of the person's own pan (which would jump the map by rounding).
  const key = d.bounds_value || boundsKey(d.bounds);
  if (key !== self.fittedKey && key !== self.reportedKey) {
    self.fittedKey = key;
    self.touched = false; // a new frame from Python: the person has not moved this one yet
    fit(self, d.bounds, d.margin || 0);
  } else {
    self.fittedKey = key;
  }
  self.host.setAttribute("data-requested", key);
}

// Streamlit's cleanup. It may come just before the same component renders again (a rerun), so the
// deck is dropped only if nothing rendered it in the meantime and it has left the page.
export function unmount(key) {
  const self = instances.get(key);
  if (!self) return;
  clearTimeout(self.dropTimer);
  self.dropTimer = setTimeout(() => {
    if (self.host.isConnected) return;
    clearTimeout(self.timer);
    if (self.observer) self.observer.disconnect();
    for (const type of RELEASES) window.removeEventListener(type, self.released, {capture: true});
    self.deck.finalize();
    instances.delete(key);
  }, 1000);
}
