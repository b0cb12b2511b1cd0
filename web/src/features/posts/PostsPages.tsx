/**
 * The pages of posts: "My publications" and a tag's posts (the home page's feed, signed in or a
 * guest's preview: features/home; a person's posts on their profile: ProfilePosts.tsx).
 */
import { useParams } from "@solidjs/router";
import { onMount, Show } from "solid-js";
import { checkTag } from "../../../../shared/post-rules.ts";
import { NotFound } from "../../components/NotFound.tsx";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { Composer } from "./Composer.tsx";
import { Feed } from "./Feed.tsx";
import { FeedLayout } from "./FeedLayout.tsx";
import { clearUnseenComments } from "./notify.ts";

/** `/publications`: my posts, with the composer. */
export default function PublicationsPage() {
  onMount(clearUnseenComments);
  return (
    <Show when={me()}>
      {(user) => (
        <Page title={t("posts.mineTitle")} class="posts-page">
          <Composer userId={user().id} />
          <Feed filter={{ authorId: user().id }} label={t("posts.mineTitle")} empty={t("posts.mineEmpty")} />
        </Page>
      )}
    </Show>
  );
}

/** `/tags/:tag`: the posts with that tag. */
export function TagPage() {
  const params = useParams<{ tag: string }>();
  const tag = () => {
    let raw = params.tag ?? "";
    try {
      raw = decodeURIComponent(raw); // The router hands the path segment over still encoded.
    } catch {
      // A stray "%": not a tag anyway (checkTag refuses it).
    }
    const parsed = checkTag(raw);
    return "tag" in parsed ? parsed.tag : null;
  };
  return (
    <Show when={tag()} keyed fallback={<NotFound />}>
      {(name) => (
        <Page title={`#${name}`} class="posts-page">
          <FeedLayout>
            <Feed filter={{ tag: name }} label={t("posts.tagFeed", { tag: name })} empty={t("posts.tagFeedEmpty")} />
          </FeedLayout>
        </Page>
      )}
    </Show>
  );
}
