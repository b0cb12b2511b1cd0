/**
 * Page chrome shared by every route: sets document.title (in the current language) and, after
 * a client-side navigation, moves focus to the page heading so keyboard and screen-reader users
 * start at the new content.
 */
import { createEffect, onMount, type JSX } from "solid-js";
import { t } from "../i18n/index.ts";

let firstPage = true;

/**
 * True for the page the tab was loaded on (focus stays where the browser put it); false after a
 * client-side navigation, when the new page should move focus to its heading. Asks only once.
 */
export function claimFirstPage(): boolean {
  const first = firstPage;
  firstPage = false;
  return first;
}

export function Page(props: {
  title: string;
  heading?: string;
  class?: string;
  children: JSX.Element;
  lead?: JSX.Element;
  /** A picture beside the heading (a profile's avatar). */
  media?: JSX.Element;
}) {
  let heading: HTMLHeadingElement | undefined;

  createEffect(() => {
    document.title = `${props.title} · ${t("app.name")}`;
  });

  onMount(() => {
    if (!claimFirstPage()) heading?.focus({ preventScroll: false });
  });

  return (
    <div class={props.class}>
      <div class={props.media ? "page-head page-head-media" : "page-head"}>
        {props.media}
        <div class="page-head-text">
          <h1 ref={heading} tabindex="-1">
            {props.heading ?? props.title}
          </h1>
          {props.lead}
        </div>
      </div>
      {props.children}
    </div>
  );
}
