/**
 * What the paged moderation pages (the queue, the log) share: their filters (a labelled select;
 * the kind of thing, read from the address) and the list section (loading, empty, the entries,
 * the error with "try again", the sentinel that reads on and "Показати ще").
 */
import { createUniqueId, For, Match, onMount, Show, Switch, type JSX } from "solid-js";
import { REPORT_TARGET_KINDS, type ReportTargetKind } from "../../../../shared/moderation.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { kindsLabel } from "./format.ts";
import type { Paged } from "./paged.ts";

/** The `kind` of the address, when it is one. */
export const kindParam = (value: string | undefined): ReportTargetKind | null =>
  (REPORT_TARGET_KINDS as readonly string[]).includes(value ?? "") ? (value as ReportTargetKind) : null;

/** A filter: a labelled select of `options` (with `all` first, value "", when given). */
export function FilterSelect<V extends string>(props: {
  label: string;
  value: V | "";
  all?: string;
  options: readonly V[];
  labelOf: (value: V) => string;
  onChange: (value: V | "") => void;
}) {
  const id = `admin-filter-${createUniqueId()}`;
  return (
    <div class="admin-select">
      <label for={id}>{props.label}</label>
      <select id={id} onChange={(e) => props.onChange(e.currentTarget.value as V | "")}>
        <Show when={props.all}>
          {(all) => (
            <option value="" selected={props.value === ""}>
              {all()}
            </option>
          )}
        </Show>
        <For each={props.options}>
          {(value) => (
            <option value={value} selected={props.value === value}>
              {props.labelOf(value)}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}

/** The kind filter (all kinds, or one). */
export function KindFilter(props: { label: string; value: ReportTargetKind | null; onChange: (kind: ReportTargetKind | undefined) => void }) {
  return (
    <FilterSelect
      label={props.label}
      value={props.value ?? ""}
      all={t("admin.kinds.all")}
      options={REPORT_TARGET_KINDS}
      labelOf={kindsLabel}
      onChange={(kind) => props.onChange(kind || undefined)}
    />
  );
}

/** The list section of a paged page; `children` are the entries. */
export function PagedSection<T extends object>(props: { list: Paged<T>; label: string; empty: string; children: JSX.Element }) {
  const list = props.list;
  onMount(() => list.scroll.watch());
  return (
    <section class="admin-list" aria-label={props.label} aria-busy={list.status() === "loading" || list.loadingMore()}>
      <Switch>
        <Match when={list.status() === "loading"}>
          <p class="loading" role="status">
            {t("app.loading")}
          </p>
        </Match>
        <Match when={list.status() === "ready" && list.items.length === 0}>
          <p class="card muted empty-note">{props.empty}</p>
        </Match>
      </Switch>
      {props.children}
      <ErrorAlert message={list.failure() ? errorText(list.failure()!) : null} />
      <Show when={list.status() === "failed"}>
        <button type="button" class="btn" onClick={() => void list.reload()}>
          {t("load.retry")}
        </button>
      </Show>
      <div ref={list.scroll.ref} class="admin-sentinel" aria-hidden="true" />
      <Show when={list.cursor() && list.status() === "ready"}>
        <button type="button" class="btn admin-more" disabled={list.loadingMore()} onClick={() => void list.more()}>
          {list.loadingMore() ? t("admin.loadingMore") : t("admin.showMore")}
        </button>
      </Show>
    </section>
  );
}
