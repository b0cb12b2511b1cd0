/**
 * The site header: brand, main navigation and account links for a signed-in person; the public
 * chat (readable without an account), sign-in and sign-up for a guest; language and theme for
 * everyone. Below 1141px the navigation folds into a panel behind a menu button. "Chats" carries
 * the live count of unread messages, "Publications" the comments by others on my posts since I
 * last opened it, "Friends" the received friend requests. A signed-in person also gets the person
 * search (at the top of the folded menu) and the bell with the unseen notifications (beside the
 * menu button when folded, so it stays in reach). Moderators and admins also get "Модерація"
 * with the count of open reported things.
 */
import { useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, on, onCleanup, Show } from "solid-js";
import { t } from "../i18n/index.ts";
import { errorText } from "../lib/error-text.ts";
import { endSession, me } from "../lib/session.ts";
import { Avatar } from "./Avatar.tsx";
import { CloseIcon, GearIcon, GlobeIcon, MenuIcon } from "./icons.tsx";
import { NavLink } from "./NavLink.tsx";
import { Preferences } from "./Preferences.tsx";
import { signedIn } from "./signed-in.tsx";

// A signed-in person's parts of the header: a chunk of their own, which a guest's visit never loads.
const Bell = signedIn("Bell");
const TabNotifier = signedIn("TabNotifier");
const PeopleSearch = signedIn("PeopleSearch");
const MenuDot = signedIn("MenuDot");
const NavBadge = signedIn("NavBadge");
const AdminNavItem = signedIn("AdminNavItem");

export function Header() {
  const location = useLocation();
  const navigate = useNavigate();
  const [open, setOpen] = createSignal(false);
  const [signingOut, setSigningOut] = createSignal(false);
  let toggleButton: HTMLButtonElement | undefined;

  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }));

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape" && open()) {
      setOpen(false);
      toggleButton?.focus();
    }
  };
  document.addEventListener("keydown", onKey);
  onCleanup(() => document.removeEventListener("keydown", onKey));

  async function signOut() {
    setSigningOut(true);
    const failure = await endSession();
    setSigningOut(false);
    if (failure) {
      window.alert(errorText(failure));
      return;
    }
    navigate("/", { replace: true });
  }

  return (
    <header class="site-header">
      <div class="header-bar">
        <a href="/" class="brand">
          <GlobeIcon class="brand-mark" />
          <span>{t("app.name")}</span>
        </a>
        <Show when={me()}>
          <Bell place="bar" />
          <TabNotifier />
        </Show>
        <button
          ref={toggleButton}
          type="button"
          class="icon-button menu-toggle"
          aria-expanded={open()}
          aria-controls="header-panel"
          aria-label={open() ? t("nav.closeMenu") : t("nav.openMenu")}
          title={open() ? t("nav.closeMenu") : t("nav.openMenu")}
          onClick={() => setOpen(!open())}
        >
          {open() ? <CloseIcon /> : <MenuIcon />}
          <Show when={!open() && me()}>
            <MenuDot />
          </Show>
        </button>
        <div id="header-panel" class="header-panel" data-open={open() ? "" : undefined}>
          <Show when={me()}>
            <PeopleSearch />
          </Show>
          <Show
            when={me()}
            fallback={
              <Show when={me.state !== "pending" && me.state !== "unresolved"}>
                {/* Guests read the public chat too: offered here, not only by its address. */}
                <nav class="main-nav" aria-label={t("nav.main")}>
                  <ul>
                    <li>
                      <NavLink href="/chat/global" class="nav-link">
                        {t("chats.global")}
                      </NavLink>
                    </li>
                  </ul>
                </nav>
              </Show>
            }
          >
            {(user) => (
              <nav class="main-nav" aria-label={t("nav.main")}>
                <ul>
                  <li>
                    <NavLink href="/" end class="nav-link">
                      {t("nav.feed")}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink href="/publications" class="nav-link">
                      {t("posts.nav")}
                      <NavBadge of="publications" />
                    </NavLink>
                  </li>
                  <li>
                    <NavLink href="/friends" class="nav-link">
                      {t("nav.friends")}
                      <NavBadge of="friends" />
                    </NavLink>
                  </li>
                  <li>
                    <NavLink href="/chats" class="nav-link">
                      {t("nav.chats")}
                      <NavBadge of="chats" />
                    </NavLink>
                  </li>
                  <li>
                    <NavLink href={`/u/${encodeURIComponent(user().username)}`} class="nav-link">
                      {t("nav.profile")}
                    </NavLink>
                  </li>
                  <AdminNavItem role={user().role} />
                </ul>
              </nav>
            )}
          </Show>
          <div class="account" aria-label={t("nav.account")} role="group">
            <Show
              when={me()}
              fallback={
                <Show when={me.state !== "pending" && me.state !== "unresolved"}>
                  <a href="/login" class="btn btn-small">
                    {t("nav.signIn")}
                  </a>
                  <a href="/register" class="btn btn-small btn-primary">
                    {t("nav.register")}
                  </a>
                </Show>
              }
            >
              {(user) => (
                <>
                  <Bell place="panel" />
                  <span class="user-chip" title={t("nav.signedInAs", { name: `${user().firstName} ${user().lastName}` })}>
                    <Avatar person={user()} avatar={user().avatarId} size="sm" />
                    <span class="user-name">
                      {user().firstName} {user().lastName}
                    </span>
                  </span>
                  <NavLink href="/settings" end class="nav-link nav-settings" title={t("nav.settings")}>
                    <GearIcon />
                    <span class="nav-settings-label">{t("nav.settings")}</span>
                  </NavLink>
                  <NavLink href="/settings/sessions" class="nav-link">
                    {t("nav.sessions")}
                  </NavLink>
                  <button type="button" class="btn btn-small" disabled={signingOut()} onClick={signOut}>
                    {signingOut() ? t("nav.signingOut") : t("nav.signOut")}
                  </button>
                </>
              )}
            </Show>
          </div>
          <Preferences />
        </div>
      </div>
    </header>
  );
}
