// In-page checks for tests/browser.py (evaluated by Playwright; never served to users).
// Each returns a list of problems, empty when all is well. Elements are described by tag, id,
// classes and name attribute, never by the text they hold.
({
  describe(el) {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    for (const c of Array.from(el.classList).slice(0, 2)) s += "." + c;
    const name = el.getAttribute("name");
    if (name) s += `[name=${name}]`;
    const type = el.getAttribute("type");
    if (type) s += `[type=${type}]`;
    return s;
  },

  shown(el) {
    if (el.closest("[hidden], [aria-hidden=true]")) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && style.display !== "none" && el.getClientRects().length > 0;
  },

  text(nodes) {
    return nodes.map((n) => (n.textContent || "").trim()).join(" ").trim();
  },

  // A simplified accessible-name computation (ARIA labelledby/label, <label>, content, alt, title).
  accessibleName(el) {
    const by = el.getAttribute("aria-labelledby");
    if (by) {
      const named = this.text(by.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean));
      if (named) return named;
    }
    const aria = (el.getAttribute("aria-label") || "").trim();
    if (aria) return aria;
    if (el.labels && el.labels.length) {
      const labelled = this.text(Array.from(el.labels));
      if (labelled) return labelled;
    }
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "input" && ["submit", "reset", "button"].includes(type)) {
      return (el.value || (type === "button" ? "" : type)).trim();
    }
    if (tag === "input" && type === "image") return (el.getAttribute("alt") || "").trim();
    if (tag === "a" || tag === "button" || el.getAttribute("role") === "button" || el.getAttribute("role") === "link") {
      const content = (el.innerText || el.textContent || "").trim();
      if (content) return content;
      const alts = Array.from(el.querySelectorAll("img[alt], [aria-label]"))
        .map((e) => (e.getAttribute("alt") || e.getAttribute("aria-label") || "").trim()).join(" ").trim();
      if (alts) return alts;
    }
    return (el.getAttribute("title") || "").trim();
  },

  // Any CSS colour as sRGB [r, g, b, a] (0–255, a 0–1), through a 1×1 canvas.
  rgba(colour) {
    const ctx = (this._ctx ||= Object.assign(document.createElement("canvas"), { width: 1, height: 1 })
      .getContext("2d", { willReadFrequently: true }));
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  },

  over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  },

  luminance([r, g, b]) {
    const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  },

  // The background behind el (null where an image or gradient makes it unknowable).
  background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== "none") return null;
      const c = this.rgba(style.backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reduceRight((below, layer) => this.over(layer, below), [255, 255, 255, 1]);
  },

  accessibility(minContrast) {
    const problems = [];
    if (!(document.documentElement.getAttribute("lang") || "").trim()) problems.push("<html> has no lang");
    if (!document.title.trim()) problems.push("the page has no <title>");
    const ids = new Map();
    for (const el of document.querySelectorAll("[id]")) ids.set(el.id, (ids.get(el.id) || 0) + 1);
    for (const [id, n] of ids) if (n > 1) problems.push(`id "${id}" is used ${n} times`);

    const controls = "input:not([type=hidden]):not([type=submit]):not([type=reset]):not([type=button]):not([type=image]), select, textarea";
    for (const el of document.querySelectorAll(controls)) {
      if (this.shown(el) && !this.accessibleName(el)) problems.push(`${this.describe(el)} has no label`);
    }
    const actions = "a[href], button, input[type=submit], input[type=reset], input[type=button], input[type=image], [role=button], [role=link], summary";
    for (const el of document.querySelectorAll(actions)) {
      if (this.shown(el) && !this.accessibleName(el)) problems.push(`${this.describe(el)} has no accessible name`);
    }
    for (const el of document.querySelectorAll("img:not([alt])")) {
      if (this.shown(el)) problems.push(`${this.describe(el)} has no alt`);
    }

    for (const el of document.querySelectorAll("body *")) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (!own || !this.shown(el) || el.closest(":disabled, [aria-disabled=true]")) continue;
      const bg = this.background(el);
      if (bg === null) continue;
      const style = getComputedStyle(el);
      const fg = this.over(this.rgba(style.color), bg);
      const [hi, lo] = [this.luminance(fg), this.luminance(bg)].sort((x, y) => y - x);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? Math.min(3, minContrast) : minContrast;
      if (ratio < needed) {
        problems.push(`${this.describe(el)}: text contrast ${ratio.toFixed(2)}:1 is under ${needed}:1`);
      }
    }
    return problems;
  },

  // [where focus is, problems…]; [] when nothing in the page has focus.
  focus() {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return [];
    const where = this.describe(el) + "@" + Array.from(document.querySelectorAll("*")).indexOf(el);
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1
      && this.rgba(style.outlineColor)[3] > 0;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    return outline || shadow ? [where] : [where, `${this.describe(el)} shows no focus (no outline or box shadow)`];
  },

  overflow() {
    const problems = [];
    const width = document.documentElement.clientWidth;
    const wide = document.documentElement.scrollWidth;
    if (wide > width) problems.push(`the page scrolls sideways: ${wide}px of content in ${width}px`);
    const scrolls = (e) => e !== document.body && e !== document.documentElement
      && ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX);
    const out = (e) => e.getBoundingClientRect().right > width + 1;
    for (const el of document.querySelectorAll("body *")) {
      if (!this.shown(el) || !out(el)) continue;
      let inside = false;  // in a container that scrolls or clips sideways, itself on screen
      for (let p = el.parentElement; p && !inside; p = p.parentElement) inside = scrolls(p) && !out(p);
      const parentOut = el.parentElement && el.parentElement !== document.body && out(el.parentElement);
      if (!inside && !parentOut) problems.push(`${this.describe(el)} sticks out past the right edge (${width}px)`);
      if (problems.length > 10) break;
    }
    return problems;
  },
})
