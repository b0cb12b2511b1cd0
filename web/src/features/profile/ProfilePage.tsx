/**
 * /u/:username: a person's profile — avatar, name, @username, counts, bio (plain text, line
 * breaks kept), birth date, signature — and their albums and posts below. The owner gets "Edit
 * profile" and "New album"; a signed-in visitor gets "Message" (opens the personal chat). Unknown
 * usernames get a not-found state.
 */
import { A, useNavigate, useParams } from "@solidjs/router";
import { createSignal, Match, Show, Switch } from "solid-js";
import type { Profile } from "../../../../shared/profiles.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { LoadFailure } from "../../components/LoadFailure.tsx";
import { Page } from "../../components/Page.tsx";
import { ChatIcon, PencilIcon, PlusIcon } from "../../components/icons.tsx";
import { formatDate, formatNumber, t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { me } from "../../lib/session.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { upsertChat } from "../chats/chat-list.ts";
import { AlbumCards } from "../albums/AlbumCards.tsx";
import { ProfilePosts } from "../posts/PostsPages.tsx";

function Counts(props: { profile: Profile }) {
  const items = () => [
    { label: t("profile.friends"), n: props.profile.counts.friends },
    { label: t("profile.posts"), n: props.profile.counts.posts },
    { label: t("profile.albums"), n: props.profile.counts.albums },
  ];
  return (
    <dl class="profile-counts">
      {items().map((item) => (
        <div>
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
  const [albums, { refetch }] = createLoader(
    () => props.profile.username,
    (username) => trpc.albums.list.query({ username }),
  );
  const owner = () => props.profile.isOwner;
  return (
    <section class="profile-albums" aria-labelledby="profile-albums-title">
      <div class="section-head">
        <h2 id="profile-albums-title">{t("profile.albums")}</h2>
        <Show when={owner()}>
          <A href="/albums/new" class="btn btn-primary btn-small">
            <PlusIcon />
            {t("albums.new")}
          </A>
        </Show>
      </div>
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={albums()?.failure}>
          {(failure) => (
            <>
              <ErrorAlert message={errorText(failure())} />
              <button type="button" class="btn" onClick={() => void refetch()}>
                {t("load.retry")}
              </button>
            </>
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

/** "Message": gets or creates the personal chat with this person and opens it. */
function MessageButton(props: { userId: string }) {
  const navigate = useNavigate();
  const [opening, setOpening] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const open = async () => {
    setOpening(true);
    setFailure(null);
    try {
      const chat = await trpc.chats.openPersonal.mutate({ userId: props.userId });
      upsertChat(chat);
      navigate(`/chats/${chat.id}`);
    } catch (error) {
      setFailure(readError(error));
      setOpening(false);
    }
  };
  return (
    <div class="profile-actions">
      <button type="button" class="btn btn-primary btn-small" disabled={opening()} onClick={() => void open()}>
        <ChatIcon />
        {opening() ? t("chats.opening") : t("chats.write")}
      </button>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
    </div>
  );
}

function ProfileView(props: { profile: Profile }) {
  const p = () => props.profile;
  const fullName = () => `${p().firstName} ${p().lastName}`;
  return (
    <Page
      title={fullName()}
      class="profile-page"
      media={<Avatar person={p()} avatar={p().avatar} size="xl" alt={t("profile.avatarAlt", { name: fullName() })} />}
      lead={
        <>
          <p class="profile-handle">@{p().username}</p>
          <Counts profile={p()} />
          <Show when={p().isOwner}>
            <A href="/settings" class="btn btn-small">
              <PencilIcon />
              {t("profile.edit")}
            </A>
          </Show>
          <Show when={!p().isOwner && me()}>
            <MessageButton userId={p().id} />
          </Show>
        </>
      }
    >
      <About profile={p()} />
      <Albums profile={p()} />
      <ProfilePosts profile={p()} />
    </Page>
  );
}

export default function ProfilePage() {
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
      <Match when={profile()?.value}>{(value) => <ProfileView profile={value()} />}</Match>
    </Switch>
  );
}
