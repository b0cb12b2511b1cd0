/**
 * /admin/reports: the reports queue. Tabs Open / Resolved, newest or most reported first, one kind
 * or all (all three in the address, so a reload or a shared link keeps them). Entries page on as
 * the end comes near, with "Показати ще" for keyboards. Resolving an entry takes it off the Open
 * list and moves the header's badge (the next page's keyset cursor is not moved by it); restoring
 * hidden content or lifting a suspension changes the entry in place. A moderator whose role was
 * taken away meanwhile sees "no access".
 */
import { useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, on } from "solid-js";
import type { ReportGroup, ReportQueuePage } from "../../../../shared/moderation.ts";
import { StatusMessage } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import { AdminListSection, FilterSelect, KindFilter, kindParam } from "./AdminList.tsx";
import { refreshOpenCount, setOpenCount } from "./AdminNavLink.tsx";
import { AdminPage } from "./AdminShell.tsx";
import { createPaged } from "./paged.ts";
import { ReportEntry } from "./ReportEntry.tsx";
import "../../styles/pill-tabs.css";
import "./admin.css";

type Status = "open" | "resolved";
type Sort = "newest" | "most";
const SORTS: readonly Sort[] = ["newest", "most"];

const keyOf = (g: ReportGroup) => `${g.targetKind}|${g.targetKey}`;

export default function ReportsPage() {
  const [params, setParams] = useSearchParams<{ status?: string; sort?: string; kind?: string }>();
  const status = (): Status => (params.status === "resolved" ? "resolved" : "open");
  const sort = (): Sort => (params.sort === "most" ? "most" : "newest");
  const kind = () => kindParam(params.kind);
  const [notice, setNotice] = createSignal<string | null>(null);

  const list = createPaged<ReportGroup, ReportQueuePage>({
    keyOf,
    // Keyset cursors (the last entry's key): entries resolved meanwhile do not move the next page.
    read: (cursor) => trpc.moderation.reports.query({ status: status(), sort: sort(), kind: kind(), cursor }),
    onPage: (page) => setOpenCount(page.open),
  });

  createEffect(
    on([status, sort, kind], () => {
      setNotice(null);
      void list.reload();
    }),
  );

  const tabHref = (s: Status) => {
    const q = new URLSearchParams();
    if (s === "resolved") q.set("status", s);
    if (sort() === "most") q.set("sort", "most");
    if (kind()) q.set("kind", kind()!);
    const text = q.toString();
    return `/admin/reports${text ? `?${text}` : ""}`;
  };

  const resolved = (entry: ReportGroup) => {
    if (status() === "open" && list.remove(keyOf(entry))) setOpenCount((n) => Math.max(0, n - 1));
    void refreshOpenCount(true);
  };

  const restored = (entry: ReportGroup) => {
    const i = list.items.findIndex((g) => keyOf(g) === keyOf(entry));
    if (i < 0) return;
    list.setItems(i, "hidden", null);
    list.setItems(i, "current", (c) => (c ? { ...c, hidden_at: null, hidden_reason: null } : c));
  };

  const unsuspended = (entry: ReportGroup) => {
    const owner = entry.owner?.id;
    list.items.forEach((g, i) => g.owner?.id === owner && list.setItems(i, "ownerSuspendedUntil", null));
  };

  return (
    <AdminPage failure={list.failure()} title={t("admin.reports.title")} lead={t("admin.reports.lead")}>
      <nav class="pill-tabs" aria-label={t("admin.reports.statusLabel")}>
        <For each={["open", "resolved"] as Status[]}>
          {(s) => (
            <a class="pill-tab" href={tabHref(s)} aria-current={status() === s ? "page" : undefined}>
              {s === "open" ? t("admin.reports.open") : t("admin.reports.resolved")}
            </a>
          )}
        </For>
      </nav>
      <div class="admin-filters" role="group" aria-label={t("admin.reports.filters")}>
        <FilterSelect
          label={t("admin.reports.sort")}
          value={sort()}
          options={SORTS}
          labelOf={(s) => (s === "most" ? t("admin.reports.sortMost") : t("admin.reports.sortNewest"))}
          onChange={(s) => setParams({ sort: s === "most" ? "most" : undefined })}
        />
        <KindFilter label={t("admin.reports.kind")} value={kind()} onChange={(k) => setParams({ kind: k })} />
      </div>
      <StatusMessage message={notice()} />
      <AdminListSection
        list={list}
        label={t("admin.reports.listLabel")}
        empty={status() === "open" ? t("admin.reports.emptyOpen") : t("admin.reports.emptyResolved")}
      >
        <For each={list.items}>
          {(entry) => <ReportEntry entry={entry} onResolved={resolved} onRestored={restored} onUnsuspended={unsuspended} onDone={setNotice} />}
        </For>
      </AdminListSection>
    </AdminPage>
  );
}
