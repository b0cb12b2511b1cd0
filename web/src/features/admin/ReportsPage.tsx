/**
 * /admin/reports: the reports queue. Tabs Open / Resolved, newest or most reported first, one kind
 * or all (all three in the address, so a reload or a shared link keeps them). Entries page on as
 * the end comes near, with "Показати ще" for keyboards. Resolving an entry takes it off the Open
 * list and moves the header's badge (the next page's keyset cursor is not moved by it); restoring
 * hidden content or lifting a suspension changes the entry in place. A moderator whose role was
 * taken away meanwhile sees "no access".
 */
import { useSearchParams } from "@solidjs/router";
import { createEffect, createUniqueId, createSignal, For, Match, on, onMount, Show, Switch } from "solid-js";
import { REPORT_TARGET_KINDS, type ReportGroup, type ReportQueuePage, type ReportTargetKind } from "../../../../shared/moderation.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { trpc } from "../../lib/trpc.ts";
import { NoAccess, deniedBy } from "./AdminShell.tsx";
import { refreshOpenCount, setOpenCount } from "./AdminNavLink.tsx";
import { kindsLabel } from "./format.ts";
import { createPaged } from "./paged.ts";
import { ReportEntry } from "./ReportEntry.tsx";
import "./admin.css";

type Status = "open" | "resolved";
type Sort = "newest" | "most";

const keyOf = (g: ReportGroup) => `${g.targetKind}|${g.targetKey}`;

export default function ReportsPage() {
  const [params, setParams] = useSearchParams<{ status?: string; sort?: string; kind?: string }>();
  const status = (): Status => (params.status === "resolved" ? "resolved" : "open");
  const sort = (): Sort => (params.sort === "most" ? "most" : "newest");
  const kind = (): ReportTargetKind | null => ((REPORT_TARGET_KINDS as readonly string[]).includes(params.kind ?? "") ? (params.kind as ReportTargetKind) : null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const id = `admin-filter-${createUniqueId()}`;

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
  onMount(() => list.scroll.watch());

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
    <Show when={!deniedBy(list.failure())} fallback={<NoAccess />}>
      <Page title={t("admin.reports.title")} class="admin-page" lead={<p class="muted">{t("admin.reports.lead")}</p>}>
        <nav class="admin-tabs" aria-label={t("admin.reports.statusLabel")}>
          <For each={["open", "resolved"] as Status[]}>
            {(s) => (
              <a class="admin-tab" href={tabHref(s)} aria-current={status() === s ? "page" : undefined}>
                {s === "open" ? t("admin.reports.open") : t("admin.reports.resolved")}
              </a>
            )}
          </For>
        </nav>
        <div class="admin-filters" role="group" aria-label={t("admin.reports.filters")}>
          <div class="admin-select">
            <label for={`${id}-1`}>{t("admin.reports.sort")}</label>
            <select id={`${id}-1`} onChange={(e) => setParams({ sort: e.currentTarget.value === "most" ? "most" : undefined })}>
              <option value="newest" selected={sort() === "newest"}>{t("admin.reports.sortNewest")}</option>
              <option value="most" selected={sort() === "most"}>{t("admin.reports.sortMost")}</option>
            </select>
          </div>
          <div class="admin-select">
            <label for={`${id}-2`}>{t("admin.reports.kind")}</label>
            <select id={`${id}-2`} onChange={(e) => setParams({ kind: e.currentTarget.value || undefined })}>
              <option value="" selected={!kind()}>{t("admin.kinds.all")}</option>
              <For each={REPORT_TARGET_KINDS}>{(k) => <option value={k} selected={kind() === k}>{kindsLabel(k)}</option>}</For>
            </select>
          </div>
        </div>
        <StatusMessage message={notice()} />
        <section class="admin-list" aria-label={t("admin.reports.listLabel")} aria-busy={list.status() === "loading" || list.loadingMore()}>
          <Switch>
            <Match when={list.status() === "loading"}>
              <p class="loading" role="status">
                {t("app.loading")}
              </p>
            </Match>
            <Match when={list.status() === "ready" && list.items.length === 0}>
              <p class="card muted empty-note">{status() === "open" ? t("admin.reports.emptyOpen") : t("admin.reports.emptyResolved")}</p>
            </Match>
          </Switch>
          <For each={list.items}>
            {(entry) => (
              <ReportEntry entry={entry} onResolved={resolved} onRestored={restored} onUnsuspended={unsuspended} onDone={setNotice} />
            )}
          </For>
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
      </Page>
    </Show>
  );
}
