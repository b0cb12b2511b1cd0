/**
 * `/` signed in: write a post, read everyone's or (`?tab=friends` in the address, so a reload keeps
 * it) my friends' and mine, popular tags beside. A chunk of its own (App.tsx): a guest's first
 * visit does not load the composer, and a signed-in one loads it when the person starts writing
 * (NewPost.tsx).
 */
import { useSearchParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { Me } from "../../../../shared/auth.ts";
import { Page } from "../../components/Page.tsx";
import { t, type MessageKey } from "../../i18n/index.ts";
import { Feed } from "../posts/Feed.tsx";
import { FeedLayout } from "../posts/FeedLayout.tsx";
import { NewPost } from "../posts/NewPost.tsx";
import "../../styles/pill-tabs.css";

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

export function SignedInHome(props: { user: Me }) {
  const [params] = useSearchParams();
  const tab = (): FeedTab => (params.tab === "friends" ? "friends" : "all");
  return (
    <Page title={t("home.title")} heading={t("home.greeting", { name: props.user.firstName })} class="posts-page">
      <FeedLayout>
        <NewPost userId={props.user.id} />
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
