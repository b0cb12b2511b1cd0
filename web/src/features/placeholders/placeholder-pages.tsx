/** Sections that arrive later (friends), plus the not-found page. */
import { A } from "@solidjs/router";
import { ComingSoon } from "../../components/ComingSoon.tsx";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";

export function FriendsPage() {
  return <ComingSoon title={t("friends.title")} />;
}

export function NotFoundPage() {
  return (
    <Page title={t("notFound.title")} class="soon" lead={<p>{t("notFound.text")}</p>}>
      <A href="/" class="btn btn-primary">
        {t("notFound.home")}
      </A>
    </Page>
  );
}
