/**
 * The friends section: /friends (received requests, suggestions and a few friends, each with a
 * link to its page), /friends/requests (received and sent, `?sent` for the second tab),
 * /friends/recommendations and /friends/all — each list searchable and paged as it scrolls — and
 * /u/:username/friends (someone else's friends, when they show them). Received requests appear
 * live: a `friend.status` frame saying someone asked me reads them again.
 */
import { useParams, useSearchParams } from "@solidjs/router";
import { For, Match, onCleanup, onMount, Show, Switch, type JSX } from "solid-js";
import type { PeoplePage } from "../../../../shared/friends.ts";
import { FRIENDS_LIMITS } from "../../../../shared/friends-rules.ts";
import { RetryAlert } from "../../components/Alert.tsx";
import { LoadFailure } from "../../components/LoadFailure.tsx";
import { NavLink } from "../../components/NavLink.tsx";
import { Page } from "../../components/Page.tsx";
import { formatNumber, t } from "../../i18n/index.ts";
import { createLoader } from "../../lib/load.ts";
import { trpc } from "../../lib/trpc.ts";
import { incomingRequests, onFriendFrame, type FriendFrame } from "./friends-live.ts";
import { PeopleList } from "./PeopleList.tsx";
import { PersonCard, personName, profileHref } from "./PersonCard.tsx";
import "./friends.css";

const newRequest = (frame: FriendFrame) => frame.event === "requested" && frame.status === "incoming";
const nonEmpty = (q: string) => (q ? q : undefined);

function FriendsNav() {
  return (
    <nav class="friends-nav" aria-label={t("friends.sections")}>
      <ul>
        <li>
          <NavLink href="/friends" end class="friends-tab">
            {t("friends.overview")}
          </NavLink>
        </li>
        <li>
          <NavLink href="/friends/requests" class="friends-tab">
            {t("friends.requests")}
            <Show when={incomingRequests() > 0}>
              <span class="nav-badge">
                <span aria-hidden="true">{incomingRequests() > 99 ? "99+" : incomingRequests()}</span>
                <span class="visually-hidden">{` (${t("friends.newRequests", { n: incomingRequests() })})`}</span>
              </span>
            </Show>
          </NavLink>
        </li>
        <li>
          <NavLink href="/friends/recommendations" class="friends-tab">
            {t("friends.recommendations")}
          </NavLink>
        </li>
        <li>
          <NavLink href="/friends/all" class="friends-tab">
            {t("friends.all")}
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}

function FriendsPage(props: { title: string; children: JSX.Element }) {
  return (
    <Page title={props.title} class="friends-page" lead={<FriendsNav />}>
      {props.children}
    </Page>
  );
}

/** A few people of one list on the overview, with a link to the whole list. */
function Preview(props: {
  id: string;
  title: string;
  load: () => Promise<PeoplePage>;
  empty: string;
  more: { href: string; label: string };
  suggestion?: boolean;
  reloadOn?: (frame: FriendFrame) => boolean;
}) {
  const [page, { refetch, mutate }] = createLoader(() => props.id, () => props.load());
  onMount(() => onCleanup(onFriendFrame((frame) => props.reloadOn?.(frame) && void refetch())));
  const remove = (personId: string) => {
    const now = page()?.value;
    if (now) mutate({ value: { ...now, items: now.items.filter((p) => p.id !== personId) } });
  };
  return (
    <section class="friends-preview" aria-labelledby={`${props.id}-title`}>
      <div class="section-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        <a href={props.more.href} class="btn btn-small">
          {props.more.label}
        </a>
      </div>
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={page()?.failure}>
          {(failure) => (
            <RetryAlert failure={failure()} onRetry={() => void refetch()} />
          )}
        </Match>
        <Match when={page()?.value?.items.length === 0}>
          <p class="card muted empty-note">{props.empty}</p>
        </Match>
        <Match when={page()?.value}>
          {(value) => (
            <ul class="people-grid" aria-labelledby={`${props.id}-title`}>
              <For each={value().items}>{(person) => <PersonCard person={person} suggestion={props.suggestion} onGone={() => remove(person.id)} />}</For>
            </ul>
          )}
        </Match>
      </Switch>
    </section>
  );
}

export default function FriendsOverviewPage() {
  const [counts, { refetch }] = createLoader(() => true, () => trpc.friends.counts.query());
  onMount(() => onCleanup(onFriendFrame(() => void refetch())));
  const friends = () => counts()?.value?.friends;
  const limit = FRIENDS_LIMITS.overviewFriends;
  return (
    <FriendsPage title={t("friends.title")}>
      <Preview
        id="friends-in"
        title={t("friends.requestsTitle")}
        load={() => trpc.friends.requests.query({ direction: "in", limit })}
        empty={t("friends.noIncoming")}
        more={{ href: "/friends/requests", label: t("friends.seeAllRequests") }}
        reloadOn={newRequest}
      />
      <Preview
        id="friends-rec"
        title={t("friends.recommendationsTitle")}
        load={() => trpc.friends.recommendations.query({ limit })}
        empty={t("friends.noRecommendations")}
        more={{ href: "/friends/recommendations", label: t("friends.seeAllRecommendations") }}
        suggestion
      />
      <Preview
        id="friends-all"
        title={t("friends.allTitle")}
        load={() => trpc.friends.list.query({ limit })}
        empty={t("friends.noFriends")}
        more={{ href: "/friends/all", label: friends() === undefined ? t("friends.all") : t("friends.seeAllFriends", { n: formatNumber(friends()!) }) }}
        reloadOn={(frame) => frame.event === "accepted"}
      />
    </FriendsPage>
  );
}

export function FriendRequestsPage() {
  const [params] = useSearchParams<{ sent?: string }>();
  const direction = (): "in" | "out" => (params.sent === undefined ? "in" : "out");
  const tab = (dir: "in" | "out", href: string, label: string) => (
    <li>
      <a href={href} class="friends-tab" aria-current={direction() === dir ? "page" : undefined} classList={{ active: direction() === dir }}>
        {label}
      </a>
    </li>
  );
  return (
    <FriendsPage title={t("friends.requestsTitle")}>
      <nav class="friends-subtabs" aria-label={t("friends.requestTabs")}>
        <ul>
          {tab("in", "/friends/requests", t("friends.received"))}
          {tab("out", "/friends/requests?sent", t("friends.sent"))}
        </ul>
      </nav>
      <Show when={direction()} keyed>
        {(dir) => (
          <PeopleList
            label={dir === "in" ? t("friends.receivedList") : t("friends.sentList")}
            load={(query, cursor) => trpc.friends.requests.query({ direction: dir, query: nonEmpty(query), cursor })}
            empty={dir === "in" ? t("friends.noIncoming") : t("friends.noOutgoing")}
            reloadOn={dir === "in" ? newRequest : undefined}
          />
        )}
      </Show>
    </FriendsPage>
  );
}

export function RecommendationsPage() {
  return (
    <FriendsPage title={t("friends.recommendationsTitle")}>
      <PeopleList
        label={t("friends.recommendationsList")}
        load={(query, cursor) => trpc.friends.recommendations.query({ query: nonEmpty(query), cursor })}
        empty={t("friends.noRecommendations")}
        suggestion
      />
    </FriendsPage>
  );
}

export function AllFriendsPage() {
  return (
    <FriendsPage title={t("friends.allTitle")}>
      <PeopleList
        label={t("friends.friendsList")}
        load={(query, cursor) => trpc.friends.list.query({ query: nonEmpty(query), cursor })}
        empty={t("friends.noFriends")}
        reloadOn={(frame) => frame.event === "accepted"}
      />
    </FriendsPage>
  );
}

/** /u/:username/friends: someone's friends (a note instead when they show them to friends only). */
export function PersonFriendsPage() {
  const params = useParams<{ username: string }>();
  const [profile, { refetch }] = createLoader(
    () => params.username,
    (username) => trpc.profiles.byUsername.query({ username }),
  );
  return (
    <Switch fallback={<p class="loading" role="status">{t("app.loading")}</p>}>
      <Match when={profile()?.failure}>
        {(failure) => (
          <LoadFailure
            failure={failure()}
            notFoundTitle={t("profile.notFoundTitle")}
            notFoundText={t("profile.notFoundText", { username: params.username })}
            onRetry={() => void refetch()}
          />
        )}
      </Match>
      <Match when={profile()?.value}>
        {(p) => (
          <Page
            title={t("friends.ofPerson", { name: personName(p()) })}
            class="friends-page"
            lead={
              <a href={profileHref(p().username)} class="btn btn-small">
                {t("friends.backToProfile")}
              </a>
            }
          >
            <Show
              when={p().relation?.canSeeFriends !== false}
              fallback={<p class="card muted empty-note">{t("friends.hiddenNote", { name: personName(p()) })}</p>}
            >
              <Show when={p().id} keyed>
                {(userId) => (
                <PeopleList
                  label={t("friends.ofPerson", { name: personName(p()) })}
                  load={(query, cursor) => trpc.friends.list.query({ userId, query: nonEmpty(query), cursor })}
                  empty={t("friends.personNoFriends")}
                />
                )}
              </Show>
            </Show>
          </Page>
        )}
      </Match>
    </Switch>
  );
}
