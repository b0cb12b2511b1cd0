/** /: a welcome hero for guests, a greeting (and the future feed) for a signed-in person. */
import { A } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import { Page } from "../../components/Page.tsx";
import { SparkIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { me, sessionKnown } from "../../lib/session.ts";

export default function HomePage() {
  return (
    <Switch fallback={<p class="loading" role="status">{t("app.loading")}</p>}>
      <Match when={me()}>
        {(user) => (
          <Page title={t("home.title")} heading={t("home.greeting", { name: user().firstName })}>
            <section class="card soon">
              <SparkIcon class="soon-icon" />
              <p>{t("home.feedSoon")}</p>
            </section>
          </Page>
        )}
      </Match>
      <Match when={sessionKnown()}>
        <Page title={t("home.title")} heading={t("home.heroTitle")} class="hero" lead={<p>{t("home.heroText")}</p>}>
          <div class="hero-actions">
            <A href="/register" class="btn btn-primary">
              {t("home.register")}
            </A>
            <A href="/login" class="btn">
              {t("home.signIn")}
            </A>
          </div>
        </Page>
      </Match>
    </Switch>
  );
}
