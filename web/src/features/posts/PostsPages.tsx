/**
 * The pages of posts: the feed of a signed-in person (composer on top, the "All / Friends" tabs —
 * `?tab=friends` in the address, so a reload keeps it —, posts, popular tags beside), the guests'
 * preview of it, "My publications" and a tag's posts (a person's posts on their profile: ProfilePosts.tsx).
 */
import { A, useParams, useSearchParams } from "@solidjs/router";
import { For, onMount, Show, type JSX } from "solid-js";
import type { Me } from "../../../../shared/auth.ts";
import { checkTag } from "../../../../shared/post-rules.ts";
import { NotFound } from "../../components/NotFound.tsx";
import { Page } from "../../components/Page.tsx";
import { t, type MessageKey } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { Composer } from "./Composer.tsx";
import { Feed } from "./Feed.tsx";
import { clearUnseenComments } from "./notify.ts";
import { PopularTags } from "./PopularTags.tsx";
import "../reports/safety.css";
import "../../styles/pill-tabs.css";

function FeedLayout(props: { children: JSX.Element }) {
  return (
    <div class="feed-layout">
      <div class="feed-main">{props.children}</div>
      <PopularTags />
    </div>
  );
}

type FeedTab = "all" | "friends";
const FEED_TABS: [tab: FeedTab, key: MessageKey, href: string][] = [
  ["all", "feedTabs.all", "/"],
  ["friends", "feedTabs.friends", "/?tab=friends"],
];

/** "All / Friends": links (the router keeps the page), the shown one marked as current. */
function FeedTabs(props: { tab: FeedTab }) {
  return (
    <nav class="pill-tabs" aria-label={t("feedTabs.label")}>
      <For each={FEED_TABS}>
        {([tab, key, href]) => (
          <a class="pill-tab" href={href} aria-current={props.tab === tab ? "page" : undefined}>
            {t(key)}
          </a>
        )}
      </For>
    </nav>
  );
}

/** `/` signed in: write a post, read everyone's or (`?tab=friends`) my friends' and mine. */
export function SignedInHome(props: { user: Me }) {
  const [params] = useSearchParams();
  const tab = (): FeedTab => (params.tab === "friends" ? "friends" : "all");
  return (
    <Page title={t("home.title")} heading={t("home.greeting", { name: props.user.firstName })} class="posts-page">
      <FeedLayout>
        <Composer userId={props.user.id} />
        <FeedTabs tab={tab()} />
        <Show when={tab()} keyed>
          {(shown) =>
            shown === "friends" ? (
              <Feed filter={{ friends: true }} label={t("feedTabs.friendsLabel")} empty={t("feedTabs.friendsEmpty")} />
            ) : (
              <Feed filter={{}} label={t("posts.feedLabel")} empty={t("posts.feedEmpty")} />
            )
          }
        </Show>
      </FeedLayout>
    </Page>
  );
}

/** `/` for guests: the invitation (plus `call`, under its buttons), and the newest public posts to read. */
export function GuestHome(props: { call?: JSX.Element }) {
  return (
    <div class="posts-page">
      <Page title={t("home.title")} heading={t("home.heroTitle")} class="hero" lead={<p>{t("home.heroText")}</p>}>
        <div class="hero-actions">
          <A href="/register" class="btn btn-primary">
            {t("home.register")}
          </A>
          <A href="/login" class="btn">
            {t("home.signIn")}
          </A>
        </div>
        {props.call}
      </Page>
      <FeedLayout>
        <h2 class="feed-heading">{t("posts.previewTitle")}</h2>
        <Feed filter={{}} preview={10} label={t("posts.feedLabel")} empty={t("posts.feedEmpty")} />
        <p class="card guest-call">
          {t("posts.previewMore")} <A href="/register">{t("home.register")}</A> · <A href="/login">{t("home.signIn")}</A>
        </p>
      </FeedLayout>
    </div>
  );
}

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
