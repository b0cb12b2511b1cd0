/**
 * The list part of a keyset-paged list that reads on (lib/read-on.ts's createPager): the feed, the
 * notifications, the people lists, the moderation queue and log. Around the caller's entries
 * (`children`) it shows "Loading…" while the first page is read, `empty` when there is nothing,
 * the failure with "try again" (`onRetry`), the sentinel that reads on as the end comes near and
 * "Показати ще" for keyboards and screen readers. `head` stands above all that (the feed's "N new
 * posts" pill, a people list's search box). It is a <section>: with a `label` a named region,
 * without one nothing to assistive technology (a section without a name is generic, as a <div>); `name` names its sentinel and button (`<name>-sentinel`, `<name>-more`).
 */
import { Match, onMount, Show, Switch, type JSX } from "solid-js";
import { t } from "../i18n/index.ts";
import { errorText } from "../lib/error-text.ts";
import type { Pager } from "../lib/read-on.ts";
import { ErrorAlert } from "./Alert.tsx";

export function PagedSection(props: {
  list: Pick<Pager, "status" | "loadingMore" | "failure" | "cursor" | "scroll" | "more">;
  class: string;
  name: string;
  label?: string;
  /** How many entries are shown: none, and `empty` is. */
  count: number;
  /** A text goes into the usual note; a function draws its own. */
  empty: string | (() => JSX.Element);
  onRetry: () => void;
  /** The button's text while the next page is read (default "Завантажуємо…"). */
  loadingMore?: string;
  head?: JSX.Element;
  children: JSX.Element;
}) {
  const list = props.list;
  onMount(() => list.scroll.watch());
  const empty = () => {
    const empty = props.empty;
    return typeof empty === "function" ? empty() : <p class="card muted empty-note">{empty}</p>;
  };
  return (
    <section class={props.class} aria-label={props.label} aria-busy={list.status() === "loading" || list.loadingMore()}>
      {props.head}
      <Switch>
        <Match when={list.status() === "loading"}>
          <p class="loading" role="status">
            {t("app.loading")}
          </p>
        </Match>
        <Match when={list.status() === "ready" && props.count === 0}>{empty()}</Match>
      </Switch>
      {props.children}
      <ErrorAlert message={list.failure() ? errorText(list.failure()!) : null} />
      <Show when={list.status() === "failed"}>
        <button type="button" class="btn" onClick={() => props.onRetry()}>
          {t("load.retry")}
        </button>
      </Show>
      <div ref={list.scroll.ref} class={`read-on-sentinel ${props.name}-sentinel`} aria-hidden="true" />
      <Show when={list.cursor() && list.status() === "ready"}>
        <button type="button" class={`btn ${props.name}-more`} disabled={list.loadingMore()} onClick={() => void list.more()}>
          {list.loadingMore() ? (props.loadingMore ?? t("load.loadingMore")) : t("load.more")}
        </button>
      </Show>
    </section>
  );
}
