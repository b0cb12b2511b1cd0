/**
 * One reported thing in the queue: what it is (with a link to it), its owner (and their
 * suspension, with "lift"), how many reports for which reasons, the thing as reported (the
 * snapshot) beside the thing as it is now (or "deleted" / "hidden: reason"), the reporters with
 * their reasons and words, and then either the actions that fit its kind (RESOLUTIONS_FOR) or —
 * once resolved — who resolved it, when, how and why. All user text is plain text nodes.
 */
import { createMemo, createSignal, createUniqueId, For, Match, Show, Switch } from "solid-js";
import type { ReportGroup } from "../../../../shared/moderation.ts";
import { RESOLUTIONS_FOR, type ReportTargetKind, type Resolution } from "../../../../shared/moderation-rules.ts";
import { Avatar } from "../../components/Avatar.tsx";
import { t, tPlural, type MessageKey } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import { formatFullTime, formatPostTime } from "../posts/format.ts";
import { fullName, isForever, kindLabel, resolutionLabel, suspendedText, targetHref, text } from "./format.ts";
import { ReasonDialog } from "./ReasonDialog.tsx";

type Field = [label: MessageKey, value: string];

function linksText(v: unknown): string {
  try {
    const list = typeof v === "string" ? (JSON.parse(v) as unknown) : v;
    return Array.isArray(list) ? list.filter((u) => typeof u === "string").join("\n") : "";
  } catch {
    return "";
  }
}

/** The fields of a reported thing worth showing, as plain text, in a fixed order. */
export function fieldsOf(kind: ReportTargetKind, r: Record<string, unknown>): Field[] {
  switch (kind) {
    case "user":
      return [
        ["admin.field.name", `${text(r.first_name)} ${text(r.last_name)}`.trim()],
        ["admin.field.username", r.username ? `@${text(r.username)}` : ""],
        ["admin.field.bio", text(r.bio)],
      ];
    case "post": {
      const fields: Field[] = [
        ["admin.field.title", text(r.title)],
        ["admin.field.topic", text(r.topic)],
        ["admin.field.body", text(r.body)],
      ];
      if (Array.isArray(r.tags)) fields.push(["admin.field.tags", r.tags.map((tag) => `#${text(tag)}`).join(" ")]);
      fields.push(["admin.field.links", linksText(r.links)]);
      return fields;
    }
    case "comment":
    case "message":
      return [["admin.field.body", text(r.body)]];
    case "chat":
      return [
        ["admin.field.groupName", text(r.name)],
        ["admin.field.picture", r.avatar_media_id ? t("admin.field.hasPicture") : t("admin.field.noPicture")],
      ];
  }
}

/** A short line naming the thing: a post's title, a person's or group's name, the start of a text. */
function headline(entry: ReportGroup): string {
  const r = entry.reported;
  const short = (s: string) => (s.length > 120 ? `${s.slice(0, 119)}…` : s);
  switch (entry.targetKind) {
    case "user":
      return `${text(r.first_name)} ${text(r.last_name)}`.trim() || text(r.username);
    case "post":
      return text(r.title);
    case "chat":
      return text(r.name);
    default:
      return short(text(r.body).replace(/\s+/g, " ").trim());
  }
}

function Fields(props: { fields: Field[] }) {
  return (
    <dl class="report-fields">
      <For each={props.fields.filter(([label, value]) => value || label === "admin.field.body" || label === "admin.field.title")}>
        {([label, value]) => (
          <div class="report-field">
            <dt>{t(label)}</dt>
            <dd class={value ? "report-text" : "report-text muted"}>{value || t("admin.field.empty")}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}

const OWNER_LABEL: Record<ReportTargetKind, MessageKey> = {
  user: "admin.entry.account",
  post: "admin.entry.author",
  comment: "admin.entry.author",
  message: "admin.entry.author",
  chat: "admin.entry.groupAdmin",
};

/** What a moderator can do about it, and the dialog each opens. */
type Pending = { kind: "resolve"; resolution: Resolution } | { kind: "restore" } | { kind: "unsuspend" };

function actionLabel(kind: ReportTargetKind, resolution: Resolution): string {
  switch (resolution) {
    case "none":
      return t("admin.action.none");
    case "hide":
      return kind === "message" ? t("admin.action.deleteMessage") : t("admin.action.hide");
    case "suspend":
      return kind === "user" ? t("admin.action.suspendUser") : t("admin.action.suspend");
    case "clear_chat_name":
      return t("admin.action.clearName");
    case "clear_chat_avatar":
      return t("admin.action.clearAvatar");
  }
}

export function ReportEntry(props: {
  entry: ReportGroup;
  /** The reports were resolved (it leaves the open list). */
  onResolved: (entry: ReportGroup) => void;
  /** Restored or unsuspended: the entry stays, changed. */
  onRestored: (entry: ReportGroup) => void;
  onUnsuspended: (entry: ReportGroup) => void;
  onDone: (message: string) => void;
}) {
  const id = `report-entry-${createUniqueId()}`;
  const e = () => props.entry;
  const [dialog, setDialog] = createSignal<Pending | null>(null);
  const href = () => targetHref(e().targetKind, e().link);
  const reported = createMemo(() => fieldsOf(e().targetKind, e().reported));
  const now = createMemo(() => (e().current ? fieldsOf(e().targetKind, e().current!) : null));
  /** Every field both sides have is the same (the queue's "now" has no tags, so they are not compared). */
  const unchanged = () => {
    const b = now();
    if (!b) return false;
    const then = new Map(reported());
    return b.every(([label, value]) => !then.has(label) || then.get(label) === value);
  };
  const ownerName = () => (e().owner ? fullName(e().owner!) : "");
  // Suspending needs someone to suspend (a group reported by its own admin has no owner).
  const resolutions = () => RESOLUTIONS_FOR[e().targetKind].filter((r) => r !== "suspend" || !!e().owner);
  const canRestore = () => !!e().hidden && (e().targetKind === "post" || e().targetKind === "comment");

  async function resolve(resolution: Resolution, reason: string, days: number | null) {
    await trpc.moderation.resolve.mutate({
      targetKind: e().targetKind,
      targetKey: e().targetKey,
      resolution,
      reason,
      ...(resolution === "suspend" ? { suspendDays: days } : {}),
    });
    props.onResolved(e());
    props.onDone(t("admin.done.resolved"));
  }

  async function restore(reason: string) {
    await trpc.moderation.restore.mutate({ target: { kind: e().targetKind as "post" | "comment", id: Number(e().targetKey) }, reason });
    props.onRestored(e());
    props.onDone(t("admin.done.restored"));
  }

  async function unsuspend(reason: string) {
    await trpc.moderation.unsuspend.mutate({ userId: e().owner!.id, reason });
    props.onUnsuspended(e());
    props.onDone(t("admin.done.unsuspended"));
  }

  const dialogFor = (d: Pending) => {
    if (d.kind === "restore")
      return { title: t("admin.dialog.restoreTitle"), text: t("admin.dialog.restoreText"), confirm: t("admin.action.restore"), danger: false, run: (r: string) => restore(r) };
    if (d.kind === "unsuspend")
      return {
        title: t("admin.dialog.unsuspendTitle", { name: ownerName() }),
        text: t("admin.dialog.unsuspendText"),
        confirm: t("admin.action.unsuspend"),
        danger: false,
        run: (r: string) => unsuspend(r),
      };
    const kind = e().targetKind;
    const label = actionLabel(kind, d.resolution);
    const run = (r: string, days: number | null) => resolve(d.resolution, r, days);
    switch (d.resolution) {
      case "none":
        return { title: t("admin.dialog.noneTitle"), text: t("admin.dialog.noneText"), confirm: label, danger: false, run };
      case "hide":
        return kind === "message"
          ? { title: t("admin.dialog.deleteMessageTitle"), text: t("admin.dialog.deleteMessageText"), confirm: label, danger: true, run }
          : {
              title: kind === "post" ? t("admin.dialog.hidePostTitle") : t("admin.dialog.hideCommentTitle"),
              text: kind === "post" ? t("admin.dialog.hidePostText") : t("admin.dialog.hideCommentText"),
              hint: t("admin.dialog.reasonHintHide"),
              confirm: label,
              danger: true,
              run,
            };
      case "suspend":
        return { title: t("admin.dialog.suspendTitle", { name: ownerName() }), text: t("admin.dialog.suspendText"), confirm: label, danger: true, durations: true, run };
      case "clear_chat_name":
        return { title: t("admin.dialog.clearNameTitle"), text: t("admin.dialog.clearText"), confirm: label, danger: true, run };
      case "clear_chat_avatar":
        return { title: t("admin.dialog.clearAvatarTitle"), text: t("admin.dialog.clearText"), confirm: label, danger: true, run };
    }
  };

  return (
    <article class="card report-entry" aria-labelledby={`${id}-title`} data-kind={e().targetKind} data-key={e().targetKey}>
      <header class="report-head">
        <span class="badge badge-neutral report-kind">{kindLabel(e().targetKind)}</span>
        <h2 id={`${id}-title`} class="report-title">
          {headline(e()) || kindLabel(e().targetKind)}
        </h2>
        <Show when={href()}>
          {(to) => (
            <a href={to()} class="report-open">
              {t(`admin.entry.open.${e().targetKind}`)}
            </a>
          )}
        </Show>
      </header>
      <p class="report-meta muted">
        <strong class="report-count">{tPlural("admin.reports.count", e().count)}</strong>
        {" · "}
        <Show
          when={e().count > 1}
          fallback={
            <time datetime={new Date(e().lastAt).toISOString()} title={formatFullTime(e().lastAt)}>
              {formatPostTime(e().lastAt)}
            </time>
          }
        >
          <span title={`${formatFullTime(e().firstAt)} – ${formatFullTime(e().lastAt)}`}>
            {t("admin.entry.times", { first: formatPostTime(e().firstAt), last: formatPostTime(e().lastAt) })}
          </span>
        </Show>
      </p>

      <p class="report-owner">
        <span class="muted">{t(OWNER_LABEL[e().targetKind])}: </span>
        <Show when={e().owner} fallback={<span class="muted">{t("admin.entry.unknown")}</span>}>
          {(owner) => (
            <a href={`/u/${encodeURIComponent(owner().username)}`} class="report-person">
              <Avatar person={owner()} avatar={owner().avatarId} size="xs" />
              <span>{fullName(owner())}</span> <span class="muted">@{owner().username}</span>
            </a>
          )}
        </Show>
        <Show when={e().ownerSuspendedUntil}>
          {(until) => (
            <>
              {" "}
              <span class="badge report-suspended" data-forever={isForever(until()) ? "" : undefined}>
                {suspendedText(until())}
              </span>{" "}
              <button type="button" class="btn btn-small" onClick={() => setDialog({ kind: "unsuspend" })}>
                {t("admin.action.unsuspend")}
              </button>
            </>
          )}
        </Show>
      </p>

      <ul class="chips report-reason-chips" aria-label={t("admin.entry.reasons")}>
        <For each={Object.entries(e().reasons)}>
          {([reason, n]) => (
            <li class="chip">
              {t(`reports.reason.${reason as keyof ReportGroup["reasons"]}`)} <span class="report-reason-count">× {n}</span>
            </li>
          )}
        </For>
      </ul>

      <div class="report-compare">
        <section class="report-side" aria-labelledby={`${id}-then`}>
          <h3 id={`${id}-then`} class="report-side-title">
            {t("admin.entry.reported")}
          </h3>
          <Fields fields={reported()} />
        </section>
        <section class="report-side" aria-labelledby={`${id}-now`} data-state={!now() ? "deleted" : e().hidden ? "hidden" : undefined}>
          <h3 id={`${id}-now`} class="report-side-title">
            {t("admin.entry.now")}
          </h3>
          <Switch>
            <Match when={!now()}>
              <p class="report-state">{t("admin.entry.deleted")}</p>
            </Match>
            <Match when={true}>
              <Show when={e().hidden}>{(h) => <p class="report-state">{t("admin.entry.hidden", { reason: h().reason })}</p>}</Show>
              <Show when={!unchanged()} fallback={<p class="muted">{t("admin.entry.unchanged")}</p>}>
                <Fields fields={now()!} />
              </Show>
            </Match>
          </Switch>
        </section>
      </div>

      <section class="report-reporters" aria-labelledby={`${id}-who`}>
        <h3 id={`${id}-who`} class="report-side-title">
          {t("admin.entry.reporters")}
        </h3>
        <ul class="report-reporter-list">
          <For each={e().reports}>
            {(r) => (
              <li class="report-reporter">
                <a href={`/u/${encodeURIComponent(r.reporter.username)}`} class="report-person">
                  <Avatar person={r.reporter} avatar={r.reporter.avatarId} size="xs" />
                  <span>{fullName(r.reporter)}</span>
                </a>
                <span class="report-reporter-reason">{t(`reports.reason.${r.reason}`)}</span>
                <time class="muted" datetime={new Date(r.at).toISOString()} title={formatFullTime(r.at)}>
                  {formatPostTime(r.at)}
                </time>
                <Show when={r.text}>
                  <p class="report-text report-reporter-text">{r.text}</p>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={e().count > e().reports.length}>
          <p class="muted">{t("admin.entry.moreReporters", { n: e().count - e().reports.length })}</p>
        </Show>
      </section>

      <Show
        when={e().resolution}
        fallback={
          <div class="report-actions" role="group" aria-label={t("admin.entry.actions")}>
            <For each={resolutions()}>
              {(resolution) => (
                <button
                  type="button"
                  class={resolution === "none" ? "btn btn-small" : "btn btn-small btn-danger"}
                  data-resolution={resolution}
                  onClick={() => setDialog({ kind: "resolve", resolution })}
                >
                  {actionLabel(e().targetKind, resolution)}
                </button>
              )}
            </For>
            <Show when={canRestore()}>
              <button type="button" class="btn btn-small" onClick={() => setDialog({ kind: "restore" })}>
                {t("admin.action.restore")}
              </button>
            </Show>
          </div>
        }
      >
        {(res) => (
          <div class="report-resolution">
            <p>
              {t("admin.entry.resolvedBy", { time: formatFullTime(res().at), name: res().by ? fullName(res().by!) : t("admin.entry.unknown") })}
            </p>
            <p>
              <strong>{t("admin.entry.resolution", { how: resolutionLabel(res().resolution) })}</strong>
            </p>
            <Show when={res().note}>
              <p class="report-text">{t("admin.entry.note", { note: res().note })}</p>
            </Show>
            <Show when={canRestore()}>
              <div class="report-actions">
                <button type="button" class="btn btn-small" onClick={() => setDialog({ kind: "restore" })}>
                  {t("admin.action.restore")}
                </button>
              </div>
            </Show>
          </div>
        )}
      </Show>

      <Show when={dialog()}>
        {(d) => {
          const spec = dialogFor(d());
          return (
            <ReasonDialog
              title={spec.title}
              text={spec.text}
              hint={"hint" in spec ? spec.hint : undefined}
              confirmLabel={spec.confirm}
              danger={spec.danger}
              durations={"durations" in spec ? spec.durations : false}
              onConfirm={spec.run}
              onClose={() => setDialog(null)}
            />
          );
        }}
      </Show>
    </article>
  );
}
