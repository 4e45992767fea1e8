// Puts Streamlit's own interface text (uploader, pickers, menu, toolbars) into the page's language.
// The table comes from ui/chrome.py as window.__ltChromeText; this installs one observer per window
// and re-reads the table on every run, so a language switch takes effect (and English restores).
(function () {
  const ATTRS = ["aria-label", "title", "placeholder", "data-title"];
  const state = window.__ltChrome || (window.__ltChrome = { originals: new Map(), observer: null });
  const table = window.__ltChromeText || { exact: {}, patterns: [] };
  const patterns = table.patterns.map(([re, out]) => [new RegExp(re), out]);

  function translate(text) {
    const key = text.trim();
    if (!key) return null;
    let out = table.exact[key];
    if (out === undefined) {
      for (const [re, template] of patterns) {
        if (re.test(key)) { out = key.replace(re, template); break; }
      }
    }
    if (out === undefined) return null;
    return text.replace(key, out);
  }

  function remember(node, attr, original) {
    if (state.originals.size > 5000) {
      for (const n of state.originals.keys()) if (!n.isConnected) state.originals.delete(n);
    }
    let entry = state.originals.get(node);
    if (!entry) { entry = {}; state.originals.set(node, entry); }
    if (!(attr in entry)) entry[attr] = original;
  }

  function fixText(node) {
    const out = translate(node.data);
    if (out !== null && out !== node.data) { remember(node, "#text", node.data); node.data = out; }
  }

  function fixElement(el) {
    for (const attr of ATTRS) {
      const value = el.getAttribute(attr);
      if (value === null) continue;
      const out = translate(value);
      if (out !== null && out !== value) { remember(el, attr, value); el.setAttribute(attr, out); }
    }
  }

  function walk(root) {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = it.nextNode(); n; n = it.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) fixText(n); else fixElement(n);
    }
  }

  function restore() {
    for (const [node, entry] of state.originals) {
      for (const [attr, value] of Object.entries(entry)) {
        if (attr === "#text") node.data = value; else node.setAttribute(attr, value);
      }
    }
    state.originals.clear();
  }

  if (state.observer) { state.observer.disconnect(); state.observer = null; }
  if (table.lang !== "zh") { restore(); return; }
  walk(document.body);
  state.observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") fixText(r.target);
      else if (r.type === "attributes") fixElement(r.target);
      else r.addedNodes.forEach(walk);
    }
  });
  state.observer.observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
  });
})();
