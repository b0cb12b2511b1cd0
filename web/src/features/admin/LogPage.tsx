/**
 * /admin/log: the audit log, newest first, paged by cursor as the end comes near (and "Показати
 * ще"), filtered by action and by what it was about (both in the address). Each row: the action
 * in words, who (or "Командний рядок" for the CLI), when, a link to what it was about, the reason
 * and the details that matter (a suspension's end, a role from → to, a decision and how many
 * reports it closed). Read-only: nothing here changes the log.
 */
import { useSearchParams } from "@solidjs/router";
import { createEffect, For, on, Show } from "solid-js";
import type { LogEntry } from "../../../../shared/moderation.ts";
import { MODERATION_ACTIONS, type ModerationAction, type Resolution } from "../../../../shared/moderation-rules.ts";
import { Avatar } from "../../components/Avatar.tsx";
import { formatDateTime, t } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import { formatFullTime, formatPostTime } from "../posts/format.ts";
import { AdminListSection, FilterSelect, KindFilter, kindParam } from "./AdminList.tsx";
import { AdminPage } from "./AdminShell.tsx";
import { actionLabel, fullName, isForever, resolutionLabel, roleLabel, targetHref, text } from "./format.ts";
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
            <a href={`/u/${encodeURIComponent(actor().username)}`} class="report-person">
              <Avatar person={actor()} avatar={actor().avatarId} size="xs" />
              <span>{fullName(actor())}</span>
            </a>
          )}
        </Show>
        <span class="muted" aria-hidden="true">
          {" → "}
        </span>
        <Show when={href()} fallback={<span>{targetText(e())}</span>}>
          {(to) => (
            <a href={to()} class="log-target">
              {targetText(e())}
            </a>
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
  const kind = () => kindParam(params.kind);

  const list = createPaged<LogEntry>({
    keyOf: (e) => String(e.id),
    read: (cursor) => trpc.moderation.log.query({ cursor, action: action(), targetKind: kind() }),
  });
  createEffect(on([action, kind], () => void list.reload()));

  return (
    <AdminPage failure={list.failure()} title={t("admin.log.title")} lead={t("admin.log.lead")}>
      <div class="admin-filters" role="group" aria-label={t("admin.log.filters")}>
        <FilterSelect
          label={t("admin.log.action")}
          value={action() ?? ""}
          all={t("admin.log.allActions")}
          options={MODERATION_ACTIONS}
          labelOf={actionLabel}
          onChange={(a) => setParams({ action: a || undefined })}
        />
        <KindFilter label={t("admin.log.kind")} value={kind()} onChange={(k) => setParams({ kind: k })} />
      </div>
      <AdminListSection list={list} label={t("admin.log.listLabel")} empty={t("admin.log.empty")}>
        <Show when={list.items.length > 0}>
          <ol class="card log-list">
            <For each={list.items}>{(entry) => <Row entry={entry} />}</For>
          </ol>
        </Show>
      </AdminListSection>
    </AdminPage>
  );
}
