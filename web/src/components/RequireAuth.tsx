/** Renders its children for a signed-in person; sends a guest to /login (and back afterwards). */
import { Navigate, useLocation } from "@solidjs/router";
import { Match, Switch, type JSX } from "solid-js";
import { t } from "../i18n/index.ts";
import { me, sessionKnown } from "../lib/session.ts";

export function RequireAuth(props: { children: JSX.Element }) {
  const location = useLocation();
  const loginHref = () => `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <Switch>
      <Match when={me()}>{props.children}</Match>
      <Match when={sessionKnown()}>
        <Navigate href={loginHref()} />
      </Match>
      <Match when={true}>
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      </Match>
    </Switch>
  );
}
