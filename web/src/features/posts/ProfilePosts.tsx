/**
 * A person's posts on their profile: the feed of their posts, with a way to "My publications" on
 * my own. Apart from PostsPages.tsx so that a profile does not load the feed pages and their
 * composer.
 */
import { Show } from "solid-js";
import type { Profile } from "../../../../shared/profiles.ts";
import { t } from "../../i18n/index.ts";
import { Feed } from "./Feed.tsx";

export function ProfilePosts(props: { profile: Profile }) {
  return (
    <section class="profile-posts" aria-labelledby="profile-posts-title">
      <div class="section-head">
        <h2 id="profile-posts-title">{t("profile.posts")}</h2>
        <Show when={props.profile.isOwner}>
          <a href="/publications" class="btn btn-small">
            {t("posts.mineTitle")}
          </a>
        </Show>
      </div>
      <Feed
        filter={{ authorId: props.profile.id }}
        level="h3"
        label={t("posts.ofPerson", { name: props.profile.firstName })}
        empty={props.profile.isOwner ? t("posts.mineEmpty") : t("posts.personEmpty")}
      />
    </section>
  );
}
