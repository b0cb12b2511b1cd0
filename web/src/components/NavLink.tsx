/**
 * Links without @solidjs/router's <A>. A plain <a href="/…"> navigates in the app all the same:
 * the router handles every same-origin anchor click (not explicitLinks). What <A> adds, and links
 * in a menu need, is whether the link is the page shown: `linkState` gives that, and NavLink is a
 * menu link with it. <A> (and solid's <Dynamic>, and any {...props} on an element) is not used in
 * the web client: each compiles to solid's `spread`, which brings ~2.5 KB gzip of attribute tables
 * into the entry every page loads (bench/web.ts; web/src/no-spread.test.ts keeps them out).
 */
import { useLocation } from "@solidjs/router";
import { createMemo, type JSX } from "solid-js";

const normalise = (path: string) => path.toLowerCase().replace(/\/+$/, "");

/**
 * `active`: the location is the link's path or a page under it (only the path itself with `end`),
 * as <A>'s "active" class; `current`: "page" on the path itself, for aria-current.
 */
export function linkState(href: () => string, end?: () => boolean | undefined) {
  const location = useLocation();
  const state = createMemo(() => {
    const path = normalise(href().split(/[?#]/, 1)[0]!);
    let here: string;
    try {
      here = normalise(decodeURI(location.pathname));
    } catch {
      here = normalise(location.pathname);
    }
    return { active: end?.() ? path === here : here === path || here.startsWith(`${path}/`), current: path === here };
  });
  return {
    active: () => state().active,
    current: (): "page" | undefined => (state().current ? "page" : undefined),
  };
}

/** A menu link: class "active" on its page and the pages under it (only its own with `end`), aria-current="page" on its own. */
export function NavLink(props: { href: string; class: string; end?: boolean; title?: string; children: JSX.Element }) {
  const state = linkState(
    () => props.href,
    () => props.end,
  );
  return (
    <a href={props.href} class={props.class} classList={{ active: state.active() }} aria-current={state.current()} title={props.title}>
      {props.children}
    </a>
  );
}
