/**
 * What the paged moderation pages (the queue, the log) share: their filters (a labelled select;
 * the kind of thing, read from the address) and the list section (components/PagedSection.tsx:
 * loading, empty, the entries, the error with "try again", the sentinel and "Показати ще").
 */
import { createUniqueId, For, Show, type JSX } from "solid-js";
import { REPORT_TARGET_KINDS, type ReportTargetKind } from "../../../../shared/moderation-rules.ts";
import { PagedSection } from "../../components/PagedSection.tsx";
import { t } from "../../i18n/index.ts";
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
export function AdminListSection<T extends object>(props: { list: Paged<T>; label: string; empty: string; children: JSX.Element }) {
  return (
    <PagedSection
      list={props.list}
      class="admin-list"
      name="admin"
      label={props.label}
      count={props.list.items.length}
      empty={props.empty}
      onRetry={() => void props.list.reload()}
    >
      {props.children}
    </PagedSection>
  );
}
