/**
 * The frame of /admin/*: a guest goes to sign in; a member sees "no access" (asking nothing of the
 * server); moderators and admins get the section links (Скарги, Журнал, Команда) above the page.
 * A page whose call is refused with FORBIDDEN "moderation.notAllowed" (the role was taken away
 * meanwhile) shows the same "no access" and reads `me` again, so the header link goes too.
 */
import { Navigate, type RouteSectionProps } from "@solidjs/router";
import { For, onMount, Show, type JSX } from "solid-js";
import { NavLink } from "../../components/NavLink.tsx";
import { Page } from "../../components/Page.tsx";
import { RequireAuth } from "../../components/RequireAuth.tsx";
import { t, type MessageKey } from "../../i18n/index.ts";
import { me, refreshMe } from "../../lib/session.ts";
import type { AppError } from "../../lib/trpc.ts";
import { isTeam } from "./AdminNavLink.tsx";

const SECTIONS: Array<[href: string, key: MessageKey]> = [
  ["/admin/reports", "admin.tabReports"],
  ["/admin/log", "admin.tabLog"],
  ["/admin/team", "admin.tabTeam"],
];

/** The server said this person may not moderate. */
export const deniedBy = (failure: AppError | null | undefined) => failure?.code === "FORBIDDEN";

export function NoAccess() {
  // The role may have changed since `me` was read: read it again, once (the header follows).
  onMount(() => isTeam(me()?.role) && void refreshMe());
  return (
    <Page title={t("admin.noAccessTitle")} class="soon admin-denied" lead={<p>{t("admin.noAccessText")}</p>}>
      <a href="/" class="btn btn-primary">
        {t("notFound.home")}
      </a>
    </Page>
  );
}

/** A moderation page: its title and lead above `children`, or "no access" once the server refused (`failure`). */
export function AdminPage(props: { failure: AppError | null | undefined; title: string; lead: string; children: JSX.Element }) {
  return (
    <Show when={!deniedBy(props.failure)} fallback={<NoAccess />}>
      <Page title={props.title} class="admin-page" lead={<p class="muted">{props.lead}</p>}>
        {props.children}
      </Page>
    </Show>
  );
}

export function AdminLayout(props: RouteSectionProps) {
  return (
    <RequireAuth>
      <Show when={isTeam(me()?.role)} fallback={<NoAccess />}>
        <div class="admin-shell">
          <nav class="admin-sections" aria-label={t("admin.sections")}>
            <ul>
              <For each={SECTIONS}>
                {([href, key]) => (
                  <li>
                    <NavLink href={href} class="admin-section-link">
                      {t(key)}
                    </NavLink>
                  </li>
                )}
              </For>
            </ul>
          </nav>
          {props.children}
        </div>
      </Show>
    </RequireAuth>
  );
}

/** /admin: the queue. */
export const AdminHome = () => <Navigate href="/admin/reports" />;
