/**
 * /notifications: what happened to me, newest first, grouped ("Олена Коваль, Тарас Бойко та ще 3
 * вподобали вашу публікацію «…»"), each entry a link to what it is about: the post (likes,
 * comments), the comment on its post page (a mention: `#comment-<id>`), my received requests, or
 * the person who accepted mine. Pages by `notifications.list` cursor as the end comes near (an
 * IntersectionObserver on a sentinel) with a "Show more" button for keyboards. Unseen entries are
 * marked (a dot, an outline, and "New" for screen readers); once the first page is on screen,
 * everything up to its newest entry is marked seen (the bell goes to 0; the marks stay for this
 * visit). A `notification` frame while the page is open reads the first page again (an entry
 * that grew comes back on top with a new id: entries are matched by what they are about).
 */
import { batch, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import type { Notification, NotificationsPage as PageData } from "../../../../shared/notifications.ts";
import { Avatar } from "../../components/Avatar.tsx";
import { Page } from "../../components/Page.tsx";
import { PagedSection } from "../../components/PagedSection.tsx";
import { t } from "../../i18n/index.ts";
import { createReadOnList } from "../../lib/read-on.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { formatFullTime, formatPostTime } from "../posts/format.ts";
import { NotificationText, plural } from "./notification-text.tsx";
import { onNotificationFrame, setUnseenNotifications, unseenNotifications } from "./notifications-live.ts";
import "./notifications.css";

/** What an entry is about: the same group keeps it while its id (its latest event) moves. */
const groupKey = (n: Notification) => `${n.kind}:${n.postId ?? ""}:${n.commentId ?? ""}`;

/** Where an entry leads; null when what it was about is gone. */
export function hrefOf(n: Notification): string | null {
  switch (n.kind) {
    case "like":
      return n.postId !== null ? `/posts/${n.postId}` : null;
    case "comment":
      return n.postId !== null ? `/posts/${n.postId}#comments` : null;
    case "mention":
      return n.postId !== null ? `/posts/${n.postId}${n.commentId !== null ? `#comment-${n.commentId}` : ""}` : null;
    case "friend_request":
      return "/friends/requests";
    case "friend_accepted": {
      const person = n.actors[0];
      return person && n.people <= 1 ? `/u/${encodeURIComponent(person.username)}` : "/friends/all";
    }
  }
}

function Entry(props: { n: Notification }) {
  const n = () => props.n;
  const body = () => (
    <>
      <span class="notification-avatars" aria-hidden="true">
        <For each={n().actors}>{(person) => <Avatar person={person} avatar={person.avatarId} size="sm" />}</For>
      </span>
      <span class="notification-main">
        <span class="notification-text">
          <Show when={!n().seen}>
            <span class="visually-hidden">{t("notifications.unseen")}: </span>
          </Show>
          <NotificationText n={n()} />
        </span>
        <Show when={n().excerpt}>{(text) => <span class="notification-excerpt">{t("notifications.excerpt", { text: text() })}</span>}</Show>
        <span class="notification-meta muted">
          <time datetime={new Date(n().at).toISOString()} title={formatFullTime(n().at)}>
            {formatPostTime(n().at)}
          </time>
          <Show when={n().kind === "comment" && n().people > 1 && n().count > 1}>
            {" · "}
            {plural("notifications.commentCount", n().count)}
          </Show>
        </span>
      </span>
      <Show when={!n().seen}>
        <span class="notification-dot" aria-hidden="true" />
      </Show>
    </>
  );
  return (
    <li>
      <Show when={hrefOf(n())} fallback={<div class="notification" data-kind={n().kind} data-unseen={n().seen ? undefined : ""}>{body()}</div>}>
        {(href) => (
          <a href={href()} class="notification" data-kind={n().kind} data-unseen={n().seen ? undefined : ""}>
            {body()}
          </a>
        )}
      </Show>
    </li>
  );
}

export default function NotificationsPage() {
  const [items, setItems] = createSignal<Notification[]>([]);
  const [marking, setMarking] = createSignal(false);
  const page = (after: string | null): Promise<PageData> => trpc.notifications.list.query({ cursor: after });
  const list = createReadOnList<Notification, PageData>({
    aheadPx: 600,
    read: page,
    keyOf: groupKey,
    items,
    setItems: (change) => setItems(change),
    onPage: (page, first) => first && shown(page),
  });
  const { status, setCursor, setFailure } = list;
  /** A first-page read is running / another was asked for meanwhile. */
  let refreshing = false;
  let again = false;
  /** The newest entry shown whose "seen" the server has not been told yet. */
  let toMark = 0;

  /** Tells the server that what is on screen was seen — once the tab is in view. */
  function markShown() {
    if (!toMark || document.visibilityState !== "visible") return;
    const upTo = toMark;
    toMark = 0;
    trpc.notifications.markSeen.mutate({ upTo }).then(
      (answer) => setUnseenNotifications(answer.unseen),
      () => {
        // The bell keeps its number; the next visit marks them.
      },
    );
  }

  function shown(first: PageData) {
    if (first.unseen > 0 && first.items[0] && !first.items[0].seen) toMark = Math.max(toMark, first.items[0].id);
    // After the entries are painted.
    requestAnimationFrame(() => queueMicrotask(markShown));
  }

  const loadFirst = () => list.first();

  /** The first page again, quietly: new and grown entries on top, the pages below kept. */
  async function refreshTop() {
    if (status() !== "ready") return;
    if (refreshing) return void (again = true);
    refreshing = true;
    try {
      const first = await page(null);
      const fresh = new Set(first.items.map(groupKey));
      const oldest = Math.min(...first.items.map((n) => n.id));
      batch(() => {
        const kept = first.nextCursor === null ? [] : items().filter((n) => !fresh.has(groupKey(n)) && n.id < oldest);
        if (kept.length === 0) setCursor(first.nextCursor);
        setItems([...first.items, ...kept]);
      });
      shown(first);
    } catch {
      // The next frame (or a visit) brings them.
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        void refreshTop();
      }
    }
  }

  async function markAll() {
    if (marking()) return;
    setMarking(true);
    setFailure(null);
    try {
      const answer = await trpc.notifications.markSeen.mutate({});
      toMark = 0;
      batch(() => {
        setUnseenNotifications(answer.unseen);
        setItems((list) => list.map((n) => (n.seen ? n : { ...n, seen: true })));
      });
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setMarking(false);
    }
  }

  onMount(() => {
    const onVisible = () => markShown();
    document.addEventListener("visibilitychange", onVisible);
    onCleanup(() => document.removeEventListener("visibilitychange", onVisible));
    onCleanup(onNotificationFrame((unseen) => unseen > 0 && void refreshTop()));
    void loadFirst();
  });

  const anyUnseen = () => unseenNotifications() > 0 || items().some((n) => !n.seen);

  return (
    <Page title={t("notifications.title")} class="notifications-page">
      <div class="notifications-tools">
        <button type="button" class="btn btn-small" disabled={marking() || !anyUnseen()} onClick={() => void markAll()}>
          {marking() ? t("notifications.marking") : t("notifications.markAll")}
        </button>
      </div>
      <PagedSection
        list={list}
        class="notifications"
        name="notifications"
        label={t("notifications.listLabel")}
        count={items().length}
        empty={t("notifications.empty")}
        onRetry={() => void loadFirst()}
      >
        <Show when={items().length > 0}>
          <ol class="notification-list card">
            <For each={items()}>{(n) => <Entry n={n} />}</For>
          </ol>
        </Show>
      </PagedSection>
    </Page>
  );
}
