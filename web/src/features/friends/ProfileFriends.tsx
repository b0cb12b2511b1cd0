/**
 * A profile's friends: a few of them (`friends.list({ userId })`) with a link to all. When the
 * owner shows the list to friends only (`relation.canSeeFriends` false, or the server answers
 * FORBIDDEN `friends.listHidden` to a guest) a note says so instead of an error. Read again when
 * the relation or the friends count changes.
 */
import { For, Match, Show, Switch } from "solid-js";
import { FRIENDS_LIMITS } from "../../../../shared/friends-rules.ts";
import type { Profile } from "../../../../shared/profiles.ts";
import { RetryAlert } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { formatNumber, t } from "../../i18n/index.ts";
import { createLoader } from "../../lib/load.ts";
import { trpc } from "../../lib/trpc.ts";
import { personName, profileHref } from "./person.ts";
import "./friends.css";

/** Where "all friends" of this profile are: mine under /friends, others' under their profile. */
export const friendsHref = (profile: Profile) => (profile.isOwner ? "/friends/all" : `${profileHref(profile.username)}/friends`);

export function ProfileFriends(props: { profile: Profile }) {
  const p = () => props.profile;
  const hidden = () => !p().isOwner && p().relation?.canSeeFriends === false;
  const [page, { refetch }] = createLoader(
    // A string, so that reading the same profile again (a new object) does not read the list again.
    () => !hidden() && [p().id, p().relation?.status, p().counts.friends].join("\n"),
    (key) => trpc.friends.list.query({ userId: key.split("\n")[0]!, limit: FRIENDS_LIMITS.overviewFriends }),
  );
  const listHidden = () => hidden() || page()?.failure?.reason === "friends.listHidden";
  return (
    <section class="profile-friends" aria-labelledby="profile-friends-title">
      <div class="section-head">
        <h2 id="profile-friends-title">{t("profile.friends")}</h2>
        <Show when={!listHidden() && p().counts.friends > 0}>
          <a href={friendsHref(p())} class="btn btn-small">
            {t("friends.seeAllFriends", { n: formatNumber(p().counts.friends) })}
          </a>
        </Show>
      </div>
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={listHidden()}>
          <p class="card muted empty-note">{t("friends.hiddenNote", { name: personName(p()) })}</p>
        </Match>
        <Match when={page()?.failure}>
          {(failure) => (
            <RetryAlert failure={failure()} onRetry={() => void refetch()} />
          )}
        </Match>
        <Match when={page()?.value?.items.length === 0}>
          <p class="card muted empty-note">{p().isOwner ? t("friends.noFriends") : t("friends.personNoFriends")}</p>
        </Match>
        <Match when={page()?.value}>
          {(value) => (
            <ul class="friend-strip" aria-label={t("friends.ofPerson", { name: personName(p()) })}>
              <For each={value().items}>
                {(friend) => (
                  <li>
                    <a href={profileHref(friend.username)} class="friend-chip">
                      <Avatar person={friend} avatar={friend.avatarId} size="md" />
                      <span>{personName(friend)}</span>
                    </a>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Match>
      </Switch>
    </section>
  );
}
