/**
 * An entry's sentence, in the current language, with the right plural forms: who ("Олена Коваль",
 * "Олена Коваль та Тарас Бойко", "Олена Коваль, Тарас Бойко та ще 3"), what happened and to which
 * post. Names and the title are people's own text: they go into text nodes (never HTML), the
 * names in <strong>.
 */
import { For, type JSX } from "solid-js";
import type { Notification } from "../../../../shared/notifications.ts";
import { formatNumber, isMessageKey, locale, t, tKey, type MessageKey, type Params } from "../../i18n/index.ts";

/** Longest title quoted in a sentence (the post page has the whole of it). */
const TITLE_MAX = 80;

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();

/** `${base}.<plural category of n>` (falling back to `.other`), filled with `params` and `{n}`. */
export function plural(base: string, n: number, params: Params = {}): string {
  const key = `${base}.${new Intl.PluralRules(locale()).select(n)}`;
  return tKey(isMessageKey(key) ? key : `${base}.other`, { ...params, n: formatNumber(n) });
}

/** Splits a translated template on its {placeholders}, putting the given nodes in their places. */
function fill(template: string, parts: Record<string, JSX.Element>): JSX.Element[] {
  return template.split(/(\{\w+\})/).map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return name && name in parts ? parts[name] : piece;
  });
}

/** "A", "A та B", "A, B та C", "A, B та ще N": the names shown in bold. */
function Names(props: { n: Notification }) {
  const names = () => props.n.actors.map(fullName);
  const people = () => Math.max(props.n.people, names().length);
  const template = () => {
    const shown = names().length;
    if (people() > 3 || (people() > shown && shown >= 2)) return plural("notifications.names.more", people() - 2, { a: "{a}", b: "{b}" });
    if (shown <= 1) return t("notifications.names.1");
    return t(shown === 2 ? "notifications.names.2" : "notifications.names.3");
  };
  return <For each={fill(template(), { a: <strong>{names()[0] ?? ""}</strong>, b: <strong>{names()[1] ?? ""}</strong>, c: <strong>{names()[2] ?? ""}</strong> })}>{(part) => part}</For>;
}

function templateOf(n: Notification): string {
  const many = Math.max(n.people, n.actors.length) > 1;
  if (n.kind === "comment" && !many && n.count > 1) return t("notifications.comment.oneMany", { comments: plural("notifications.comments", n.count) });
  return t(`notifications.${n.kind}.${many ? "many" : "one"}` as MessageKey);
}

const shortTitle = (title: string | null) => {
  if (!title) return t("notifications.untitled");
  const chars = [...title];
  return chars.length > TITLE_MAX ? `${chars.slice(0, TITLE_MAX - 1).join("").trimEnd()}…` : title;
};

/** The sentence of one entry (inline content: names in bold, the title as text). */
export function NotificationText(props: { n: Notification }) {
  return (
    <For each={fill(templateOf(props.n), { names: <Names n={props.n} />, title: <span class="notification-title">{shortTitle(props.n.title)}</span> })}>
      {(part) => part}
    </For>
  );
}
