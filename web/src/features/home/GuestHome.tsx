/**
 * `/` for guests: the invitation, the way into the public chat (PublicChatCall), and the newest
 * public posts to read. A chunk of its own (App.tsx): no composer, nothing a guest cannot use.
 */
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { Feed } from "../posts/Feed.tsx";
import { FeedLayout } from "../posts/FeedLayout.tsx";
import { PublicChatCall } from "./PublicChatCall.tsx";
import "./home.css";

export function GuestHome() {
  return (
    <div class="posts-page">
      <Page title={t("home.title")} heading={t("home.heroTitle")} class="hero" lead={<p>{t("home.heroText")}</p>}>
        <div class="hero-actions">
          <a href="/register" class="btn btn-primary">
            {t("home.register")}
          </a>
          <a href="/login" class="btn">
            {t("home.signIn")}
          </a>
        </div>
        <PublicChatCall />
      </Page>
      <FeedLayout>
        <h2 class="feed-heading">{t("posts.previewTitle")}</h2>
        <Feed filter={{}} preview={10} label={t("posts.feedLabel")} empty={t("posts.feedEmpty")} />
        <p class="card guest-call">
          {t("posts.previewMore")} <a href="/register">{t("home.register")}</a> · <a href="/login">{t("home.signIn")}</a>
        </p>
      </FeedLayout>
    </div>
  );
}
