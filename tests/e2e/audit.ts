/**
 * A Lighthouse-style audit of the page a browser test has open (issue 15, "Proof"), done in the
 * page itself and through DevTools, as Lighthouse's PWA, accessibility and best-practice audits do:
 *   - document: `<html lang>`, a `<title>`, a viewport meta with `width=device-width`, a
 *     `theme-color` meta that applies (its media matches) with a colour;
 *   - image-alt: every `<img>` has an alt (`alt=""` for a decorative one), or aria-label(ledby), or
 *     role none/presentation;
 *   - name: every button, link and form control in the accessibility tree has an accessible name
 *     (Chromium's own computation, from `Accessibility.getFullAXTree`: aria-labelledby, aria-label,
 *     `<label>`, text, alt, title…);
 *   - duplicate-id: no id twice;
 *   - phone only: no horizontal scroll (`scrollWidth <= innerWidth`), and every visible button, link
 *     and control at least 24×24 CSS px (WCAG 2.2, 2.5.8 "Target Size (Minimum)"). Stricter than
 *     the criterion: its "spacing" exception (a small target far enough from others) is not taken —
 *     on a phone a 16 px link is hard to hit wherever it is. Two exceptions are taken:
 *       - "inline": a link in a sentence (`display: inline`, with words in a text node beside it).
 *         On the walked pages: "Ще немає облікового запису? Зареєструватися" (/login) and
 *         "Вже маєте обліковий запис? Увійти" (/register);
 *       - "equivalent": a checkbox or radio whose `<label>` makes the clickable area 24 px;
 *   - installable: Chromium's `Page.getInstallabilityErrors` is empty (needs a persistent
 *     profile: an incognito-like context is never installable);
 *   - service-worker: the page's registration has an activated worker;
 *   - console / network (`watch`): no console error or uncaught exception, no answer 4xx/5xx and
 *     no failed request (navigation aborts aside) — the caller lists what it causes on purpose.
 * Each finding is `{ audit, detail }`; an empty list is a pass.
 */
import type { BrowserContext, CDPSession, Page } from "playwright-core";

export interface Finding {
  audit: string;
  detail: string;
}

/** What `auditPage` checks besides the document: the phone's extra audits. */
export interface AuditOptions {
  phone: boolean;
}

/** Roles of things a person activates or fills in: each needs a name. */
const NAMED_ROLES = new Set([
  "button",
  "link",
  "textbox",
  "searchbox",
  "checkbox",
  "radio",
  "combobox",
  "listbox",
  "slider",
  "spinbutton",
  "switch",
  "menuitem",
  "menuitemcheckbox",
  "menuitemradio",
  "tab",
]);

/** The in-page part: everything read from the DOM and layout (self-contained: it runs in the page). */
function inPage(opts: AuditOptions): Finding[] {
  const TARGET_MIN = 24;
  const out: Finding[] = [];
  const add = (audit: string, detail: string) => out.push({ audit, detail });
  const short = (el: Element) => {
    const html = el.outerHTML.replace(/\s+/g, " ");
    return html.length > 160 ? `${html.slice(0, 160)}…` : html;
  };

  // Document.
  if (!document.documentElement.lang.trim()) add("html-lang", "<html> has no lang");
  if (!document.title.trim()) add("document-title", "the page has no <title>");
  const viewport = document.querySelector<HTMLMetaElement>('meta[name="viewport"]')?.content ?? "";
  if (!/(^|,)\s*width\s*=\s*device-width\s*(,|$)/.test(viewport)) add("meta-viewport", `viewport meta is "${viewport}"`);
  const themeColor = [...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')].find((m) => !m.media || matchMedia(m.media).matches);
  if (!themeColor || !CSS.supports("color", themeColor.content)) add("theme-color", `no theme-color meta applies (${themeColor?.content ?? "none"})`);

  // Images.
  for (const img of document.querySelectorAll("img")) {
    const role = img.getAttribute("role");
    if (!img.hasAttribute("alt") && !img.getAttribute("aria-label") && !img.getAttribute("aria-labelledby") && role !== "none" && role !== "presentation") {
      add("image-alt", short(img));
    }
  }

  // Ids.
  const seen = new Map<string, number>();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
  for (const [id, n] of seen) if (n > 1) add("duplicate-id", `id "${id}" is used ${n} times`);

  if (!opts.phone) return out;

  // Horizontal scroll, with what sticks out.
  const width = window.innerWidth;
  const scroller = document.scrollingElement ?? document.documentElement;
  if (scroller.scrollWidth > width) {
    const wide = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 0.5)
      .slice(0, 3)
      .map(short);
    add("horizontal-scroll", `scrollWidth ${scroller.scrollWidth} > ${width}: ${wide.join(" | ")}`);
  }

  // Target size (WCAG 2.5.8).
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="checkbox"], [role="tab"], [role="menuitem"], [role="switch"]';
  const targets = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => {
    if (el.closest("[inert], [aria-hidden='true']")) return false;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    // Visually hidden (a skip link until focused, an sr-only input behind a styled label).
    return r.width > 1 && r.height > 1;
  });
  const inSentence = (el: Element) =>
    [...(el.parentElement?.childNodes ?? [])].some((n) => n.nodeType === Node.TEXT_NODE && /[\p{L}\p{N}]/u.test(n.textContent ?? ""));
  for (const el of targets) {
    const r = el.getBoundingClientRect();
    if (r.width >= TARGET_MIN - 0.01 && r.height >= TARGET_MIN - 0.01) continue;
    // Inline: a link in a sentence (words right beside it, as "Ще немає облікового запису? <a>Зареєструватися</a>").
    if (el.tagName === "A" && getComputedStyle(el).display === "inline" && inSentence(el)) continue;
    // Equivalent: the control's label is clickable too.
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length) {
      let [l, t, ri, b] = [r.left, r.top, r.right, r.bottom];
      for (const label of labels) {
        const lr = label.getBoundingClientRect();
        [l, t, ri, b] = [Math.min(l, lr.left), Math.min(t, lr.top), Math.max(ri, lr.right), Math.max(b, lr.bottom)];
      }
      if (ri - l >= TARGET_MIN - 0.01 && b - t >= TARGET_MIN - 0.01) continue;
    }
    add("target-size", `${Math.round(r.width)}×${Math.round(r.height)} px: ${short(el)}`);
  }
  return out;
}

interface AXNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  backendDOMNodeId?: number;
}

/** Buttons, links and controls in Chromium's accessibility tree without a name. */
async function unnamed(cdp: CDPSession): Promise<Finding[]> {
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AXNode[] };
  const out: Finding[] = [];
  for (const node of nodes) {
    const role = node.role?.value ?? "";
    if (node.ignored || !NAMED_ROLES.has(role) || (node.name?.value ?? "").trim()) continue;
    let html = "?";
    if (node.backendDOMNodeId !== undefined) {
      const res = (await cdp.send("DOM.getOuterHTML", { backendNodeId: node.backendDOMNodeId }).catch(() => null)) as { outerHTML: string } | null;
      if (res) html = res.outerHTML.replace(/\s+/g, " ").slice(0, 160);
    }
    out.push({ audit: "accessible-name", detail: `${role}: ${html}` });
  }
  return out;
}

/** Every audit of the page as it is now (the console and network ones come from `watch`). */
export async function auditPage(page: Page, cdp: CDPSession, opts: AuditOptions): Promise<Finding[]> {
  const out = await page.evaluate(inPage, opts);
  out.push(...(await unnamed(cdp)));
  const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as { installabilityErrors: Array<{ errorId: string }> };
  for (const e of installabilityErrors) out.push({ audit: "installable", detail: e.errorId });
  const worker = await page.evaluate(async () => (await navigator.serviceWorker?.getRegistration())?.active?.state ?? "none");
  if (worker !== "activated") out.push({ audit: "service-worker", detail: `the page's service worker is ${worker}` });
  return out;
}

/**
 * Collects console errors, uncaught exceptions and failed requests of `page` (and of its context:
 * the service worker's requests too) from now on; `take()` returns and clears them.
 * `expected(url, status)`: an answer the test causes on purpose.
 */
export function watch(context: BrowserContext, page: Page, expected: (url: URL, status: number) => boolean = () => false) {
  let found: Finding[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") found.push({ audit: "console", detail: `${m.text()} (${m.location().url})` });
  });
  page.on("pageerror", (e) => found.push({ audit: "console", detail: `uncaught: ${e.message}` }));
  context.on("response", (res) => {
    if (res.status() >= 400 && !expected(new URL(res.url()), res.status())) found.push({ audit: "network", detail: `${res.status()} ${res.request().method()} ${res.url()}` });
  });
  context.on("requestfailed", (req) => {
    const failure = req.failure()?.errorText ?? "";
    // A request cut short by the next navigation is not a failure of the page.
    if (failure !== "net::ERR_ABORTED") found.push({ audit: "network", detail: `${failure} ${req.method()} ${req.url()}` });
  });
  return {
    take(): Finding[] {
      const out = found;
      found = [];
      return out;
    },
  };
}
