/**
 * Where focus goes when the control that had it disappears (a deleted item, a button replaced by
 * a badge): the heading of the section it was in, or the page's main heading — never <body>,
 * where keyboard users would have to start over from the top.
 */
export function focusHeadingNear(place: Element | null): void {
  const scope = place?.isConnected ? place : document.getElementById("main");
  const heading = scope?.querySelector<HTMLElement>("h1, h2, h3");
  if (!heading) return;
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  heading.focus();
}

/** The section (or dialog-free landmark) an element sits in, to come back to later. */
export const sectionOf = (el: Element | null): Element | null => el?.closest("section, main") ?? null;
