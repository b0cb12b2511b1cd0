/**
 * /admin/log: the audit log, newest first, paged by cursor as the end comes near (and "Показати
 * ще"), filtered by action and by what it was about (both in the address). Each row: the action
 * in words, who (or "Командний рядок" for the CLI), when, a link to what it was about, the reason
 * and the details that matter (a suspension's end, a role from → to, a decision and how many
 * reports it closed). Read-only: nothing here changes the log.
 */
import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createUniqueId, For, Match, on, onMount, Show, Switch } from "solid-js";
import { MODERATION_ACTIONS, REPORT_TARGET_KINDS, type LogEntry, type ModerationAction, type ReportTargetKind, type Resolution } from "../../../../shared/moderation.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { Page } from "../../components/Page.tsx";
import { formatDateTime, t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { trpc } from "../../lib/trpc.ts";
import { formatFullTime, formatPostTime } from "../posts/format.ts";
import { deniedBy, NoAccess } from "./AdminShell.tsx";
import { actionLabel, fullName, isForever, kindsLabel, resolutionLabel, roleLabel, targetHref, text } from "./format.ts";
import { createPaged } from "./paged.ts";
import "./admin.css";

const RESOLUTIONS: readonly string[] = ["none", "hide", "suspend", "clear_chat_name", "clear_chat_avatar"] satisfies Resolution[];

/** What the row was about, in words. */
function targetText(entry: LogEntry): string {
  const l = entry.link;
  switch (entry.targetKind) {
    case "user":
      return entry.owner ? fullName(entry.owner) : t("admin.log.target.user");
    case "post":
      return t("admin.log.target.post", { id: l.postId ?? entry.targetKey });
    case "comment":
      return t("admin.log.target.comment", { id: l.commentId ?? entry.targetKey });
    case "message":
      return t("admin.log.target.message", { id: l.messageId ?? entry.targetKey });
    case "chat":
      return t("admin.log.target.chat");
    default:
      return entry.targetKey;
  }
}

/** The details worth a line, in words. */
function detailsOf(entry: LogEntry): string[] {
  const d = entry.details;
  const out: string[] = [];
  if (entry.action === "user.suspend") {
    const until = typeof d.until === "number" ? d.until : null;
    out.push(isForever(until) ? t("admin.log.forever") : t("admin.log.until", { date: formatDateTime(until!) }));
  }
  if ((entry.action === "role.grant" || entry.action === "role.revoke") && d.from && d.to) {
    out.push(t("admin.log.roles", { from: roleLabel(text(d.from)), to: roleLabel(text(d.to)) }));
  }
  if (entry.action === "report.resolve") {
    if (RESOLUTIONS.includes(text(d.resolution))) out.push(t("admin.log.resolution", { how: resolutionLabel(d.resolution as Resolution) }));
    if (Array.isArray(d.reports)) out.push(t("admin.log.reportsCount", { n: d.reports.length }));
  }
  if (entry.action === "chat.slow_mode" && typeof d.seconds === "number") out.push(t("admin.log.slowMode", { n: d.seconds }));
  return out;
}

function Row(props: { entry: LogEntry }) {
  const e = () => props.entry;
  const href = () => targetHref(e().targetKind, e().link);
  return (
    <li class="log-entry" data-action={e().action}>
      <p class="log-head">
        <strong class="log-action">{actionLabel(e().action)}</strong>
        <span class="muted">
          {" · "}
          <time datetime={new Date(e().at).toISOString()} title={formatFullTime(e().at)}>
            {formatPostTime(e().at)}
          </time>
        </span>
      </p>
      <p class="log-who">
        <Show when={e().actor} fallback={<span class="muted">{t("admin.log.cli")}</span>}>
          {(actor) => (
            <A href={`/u/${encodeURIComponent(actor().username)}`} class="report-person">
              <Avatar person={actor()} avatar={actor().avatarId} size="xs" />
              <span>{fullName(actor())}</span>
            </A>
          )}
        </Show>
        <span class="muted" aria-hidden="true">
          {" → "}
        </span>
        <Show when={href()} fallback={<span>{targetText(e())}</span>}>
          {(to) => (
            <A href={to()} class="log-target">
              {targetText(e())}
            </A>
          )}
        </Show>
        <Show when={e().owner && e().targetKind !== "user"}>
          <span class="muted"> ({fullName(e().owner!)})</span>
        </Show>
      </p>
      <Show when={e().reason}>
        <p class="report-text log-reason">{t("admin.log.reason", { reason: e().reason })}</p>
      </Show>
      <Show when={detailsOf(e()).length}>
        <p class="log-details muted">{detailsOf(e()).join(" · ")}</p>
      </Show>
    </li>
  );
}

export default function LogPage() {
  const [params, setParams] = useSearchParams<{ action?: string; kind?: string }>();
  const action = (): ModerationAction | null =>
    (MODERATION_ACTIONS as readonly string[]).includes(params.action ?? "") ? (params.action as ModerationAction) : null;
  const kind = (): ReportTargetKind | null => ((REPORT_TARGET_KINDS as readonly string[]).includes(params.kind ?? "") ? (params.kind as ReportTargetKind) : null);

  const id = `admin-filter-${createUniqueId()}`;
  const list = createPaged<LogEntry>({
    keyOf: (e) => String(e.id),
    read: (cursor) => trpc.moderation.log.query({ cursor, action: action(), targetKind: kind() }),
  });
  createEffect(on([action, kind], () => void list.reload()));
  onMount(() => list.scroll.watch());

  return (
    <Show when={!deniedBy(list.failure())} fallback={<NoAccess />}>
      <Page title={t("admin.log.title")} class="admin-page" lead={<p class="muted">{t("admin.log.lead")}</p>}>
        <div class="admin-filters" role="group" aria-label={t("admin.log.filters")}>
          <div class="admin-select">
            <label for={`${id}-1`}>{t("admin.log.action")}</label>
            <select id={`${id}-1`} onChange={(e) => setParams({ action: e.currentTarget.value || undefined })}>
              <option value="" selected={!action()}>{t("admin.log.allActions")}</option>
              <For each={MODERATION_ACTIONS}>{(a) => <option value={a} selected={action() === a}>{actionLabel(a)}</option>}</For>
            </select>
          </div>
          <div class="admin-select">
            <label for={`${id}-2`}>{t("admin.log.kind")}</label>
            <select id={`${id}-2`} onChange={(e) => setParams({ kind: e.currentTarget.value || undefined })}>
              <option value="" selected={!kind()}>{t("admin.kinds.all")}</option>
              <For each={REPORT_TARGET_KINDS}>{(k) => <option value={k} selected={kind() === k}>{kindsLabel(k)}</option>}</For>
            </select>
          </div>
        </div>
        <section class="admin-list" aria-label={t("admin.log.listLabel")} aria-busy={list.status() === "loading" || list.loadingMore()}>
          <Switch>
            <Match when={list.status() === "loading"}>
              <p class="loading" role="status">
                {t("app.loading")}
              </p>
            </Match>
            <Match when={list.status() === "ready" && list.items.length === 0}>
              <p class="card muted empty-note">{t("admin.log.empty")}</p>
            </Match>
          </Switch>
          <Show when={list.items.length > 0}>
            <ol class="card log-list">
              <For each={list.items}>{(entry) => <Row entry={entry} />}</For>
            </ol>
          </Show>
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
