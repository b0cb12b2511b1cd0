/**
 * /u/:username: a person's profile — avatar, name, @username, counts, bio (plain text, line
 * breaks kept), birth date, signature — a few of their friends, their albums and posts below.
 * The owner gets "Edit profile" and "New album"; a signed-in visitor gets the relation buttons
 * (add friend, accept, message, block, report… — features/friends/ProfileRelation.tsx, a chunk
 * fetched alongside the profile for a signed-in visitor only: the server sends `relation` to them); a
 * moderator or admin also sees the person's suspension and may suspend or unsuspend them
 * (features/admin/ProfileModeration.tsx). A
 * `friend.status` frame about this person (or, on my own profile, about anyone) reads the
 * profile again in place, so the relation, the counts and what I may see follow live. Unknown
 * usernames get a not-found state.
 */
import { useParams } from "@solidjs/router";
import { Match, onCleanup, Show, Switch } from "solid-js";
import type { Profile } from "../../../../shared/profiles.ts";
import { RetryAlert } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { LoadFailure } from "../../components/LoadFailure.tsx";
import { lazyPart } from "../../components/lazy-parts.tsx";
import { Page } from "../../components/Page.tsx";
import { PencilIcon, PlusIcon } from "../../components/icons.tsx";
import { formatDate, formatNumber, t } from "../../i18n/index.ts";
import { createLoader } from "../../lib/load.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { AlbumCards } from "../albums/AlbumCards.tsx";
import { onFriendFrame } from "../friends/friends-live.ts";
import { ProfileFriends } from "../friends/ProfileFriends.tsx";
import { PresenceLabel } from "../presence/PresenceLabel.tsx";
import { ProfilePosts } from "../posts/ProfilePosts.tsx";
import "../../components/signature.css";
import "./profile.css";

/** A moderator's or admin's view of the person (the server sends staffView to them only): a chunk of its own. */
const ProfileModeration = lazyPart(() => import("../admin/ProfileModeration.tsx").then((m) => m.ProfileModeration));
/** The relation bar, for a signed-in visitor only (a guest gets no `relation`): fetched with the profile (ProfilePage below). */
const ProfileRelation = lazyPart(() => import("../friends/ProfileRelation.tsx").then((m) => m.ProfileRelation));

function Counts(props: { profile: Profile }) {
  const c = () => props.profile.counts;
  const items = () => [
    { label: t("profile.friends"), n: c().friends, key: "friends" },
    { label: t("friends.followers"), n: c().followers, key: "followers" },
    { label: t("profile.posts"), n: c().posts, key: "posts" },
    { label: t("profile.albums"), n: c().albums, key: "albums" },
  ];
  return (
    <dl class="profile-counts">
      {items().map((item) => (
        <div data-count={item.key}>
          <dt>{item.label}</dt>
          <dd>{formatNumber(item.n)}</dd>
        </div>
      ))}
    </dl>
  );
}

function About(props: { profile: Profile }) {
  const p = () => props.profile;
  const empty = () => !p().bio && !p().birthDate && !p().signature;
  return (
    <Show
      when={!empty()}
      fallback={
        <Show when={p().isOwner}>
          <p class="card muted profile-empty">{t("profile.emptyOwner")}</p>
        </Show>
      }
    >
      <section class="card profile-about" aria-label={t("profile.about")}>
        <Show when={p().bio}>
          <p class="profile-bio">{p().bio}</p>
        </Show>
        <Show when={p().birthDate}>
          {(date) => (
            <p class="profile-fact">
              <span class="muted">{t("profile.birthDate")}:</span> <time datetime={date()}>{formatDate(date())}</time>
            </p>
          )}
        </Show>
        <Show when={p().signature}>
          {(signature) => (
            <figure class="profile-signature">
              <img src={signature().urls.full} alt={t("profile.signatureAlt", { name: `${p().firstName} ${p().lastName}` })} />
              <figcaption class="muted">{t("profile.signature")}</figcaption>
            </figure>
          )}
        </Show>
      </section>
    </Show>
  );
}

function Albums(props: { profile: Profile }) {
  // Read again when the relation changes: becoming friends shows the friends-only albums.
  const [albums, { refetch }] = createLoader(
    () => `${props.profile.username}\n${props.profile.relation?.status ?? ""}`,
    (key) => trpc.albums.list.query({ username: key.split("\n")[0]! }),
  );
  const owner = () => props.profile.isOwner;
  return (
    <section class="profile-albums" aria-labelledby="profile-albums-title">
      <div class="section-head">
        <h2 id="profile-albums-title">{t("profile.albums")}</h2>
        <Show when={owner()}>
          <a href="/albums/new" class="btn btn-primary btn-small">
            <PlusIcon />
            {t("albums.new")}
          </a>
        </Show>
      </div>
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={albums()?.failure}>
          {(failure) => (
            <RetryAlert failure={failure()} onRetry={() => void refetch()} />
          )}
        </Match>
        <Match when={albums()?.value?.length === 0}>
          <p class="card muted empty-note">{owner() ? t("albums.noneOwner") : t("albums.none")}</p>
        </Match>
        <Match when={albums()?.value}>
          {(list) => <AlbumCards albums={list()} showVisibility={owner()} label={t("profile.albumsOf", { name: props.profile.firstName })} />}
        </Match>
      </Switch>
    </section>
  );
}

function ProfileView(props: { profile: Profile; onChanged: () => Promise<void> }) {
  const p = () => props.profile;
  const fullName = () => `${p().firstName} ${p().lastName}`;
  return (
    <Page
      title={fullName()}
      class="profile-page"
      media={<Avatar person={p()} avatar={p().avatar} size="xl" alt={t("profile.avatarAlt", { name: fullName() })} />}
      lead={
        <>
          <p class="profile-handle">
            @{p().username}{" "}
            <Show when={!p().isOwner}>
              <PresenceLabel userId={p().id} />
            </Show>
          </p>
          <Counts profile={p()} />
          <Show when={p().isOwner}>
            <a href="/settings" class="btn btn-small">
              <PencilIcon />
              {t("profile.edit")}
            </a>
          </Show>
          <Show when={p().relation}>{(relation) => <ProfileRelation profile={p()} relation={relation()} onChanged={props.onChanged} />}</Show>
          <Show when={p().staffView}>
            <ProfileModeration profile={p()} onChanged={props.onChanged} />
          </Show>
        </>
      }
    >
      <About profile={p()} />
      <ProfileFriends profile={p()} />
      <Albums profile={p()} />
      <ProfilePosts profile={p()} />
    </Page>
  );
}

export default function ProfilePage() {
  const params = useParams<{ username: string }>();
  // Signed in: the relation bar's code comes while the profile is read, not after it.
  if (me()) ProfileRelation.preload().catch(() => undefined);
  const [profile, { refetch, mutate }] = createLoader(
    () => params.username,
    (username) => trpc.profiles.byUsername.query({ username }),
  );

  /** Reads the profile again in place (no loading state); calls that overlap run once more after. */
  let running: Promise<void> | null = null;
  let again = false;
  function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const username = params.username;
        try {
          const value = await trpc.profiles.byUsername.query({ username });
          if (username === params.username) mutate({ value });
        } catch {
          // Kept as it was; the next change or a reload reads it again.
        }
      } while (again);
    })().finally(() => (running = null));
    return running;
  }
  onCleanup(
    onFriendFrame((frame) => {
      const shown = profile()?.value;
      if (shown && (shown.isOwner || frame.person.id === shown.id)) void refresh();
    }),
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
      <Match when={profile()?.value}>{(value) => <ProfileView profile={value()} onChanged={refresh} />}</Match>
    </Switch>
  );
}
