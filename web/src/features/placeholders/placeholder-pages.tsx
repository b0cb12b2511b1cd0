/** The not-found page. */
import { A } from "@solidjs/router";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";

export function NotFoundPage() {
  return (
    <Page title={t("notFound.title")} class="soon" lead={<p>{t("notFound.text")}</p>}>
      <A href="/" class="btn btn-primary">
        {t("notFound.home")}
      </A>
    </Page>
  );
}
