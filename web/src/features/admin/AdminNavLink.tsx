/**
 * The header's "Модерація" link (moderators and admins only: the header mounts it for them, so a
 * member never asks) with a badge of open reported things (`moderation.openCount`). The count is
 * read when the link mounts, after a navigation and every minute while the tab is visible — at
 * most once per MIN_GAP_MS; the queue page also sets it from its own answers. On wide screens
 * (one header row) it is a shield with the badge, its label kept for screen readers and as the
 * tooltip; in the folded menu the label shows.
 */
import { useLocation } from "@solidjs/router";
import { createEffect, createSignal, on, onCleanup, onMount, Show } from "solid-js";
import { linkState } from "../../components/NavLink.tsx";
import { t } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import "./nav.css";

const ShieldIcon = () => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z" />
    <path d="M9 12l2 2 4-4" />
  </svg>
);

export { isTeam } from "./team.ts";

const EVERY_MS = 60_000;
const MIN_GAP_MS = 5_000;

const [openCount, setOpenCount] = createSignal(0);
export { openCount, setOpenCount };

let lastAsked = 0;
let asking = false;

/** Reads the count again (skipped while one read runs, or if one ran a moment ago, unless `force`). */
export async function refreshOpenCount(force = false): Promise<void> {
  const now = Date.now();
  if (asking || (!force && now - lastAsked < MIN_GAP_MS)) return;
  asking = true;
  lastAsked = now;
  try {
    setOpenCount((await trpc.moderation.openCount.query()).open);
  } catch {
    // Not a moderator any more, or offline: the badge keeps what it had until the next read.
  } finally {
    asking = false;
  }
}

export function AdminNavLink() {
  const location = useLocation();
  onMount(() => {
    void refreshOpenCount(true);
    const timer = setInterval(() => document.visibilityState === "visible" && void refreshOpenCount(), EVERY_MS);
    const onVisible = () => document.visibilityState === "visible" && void refreshOpenCount();
    document.addEventListener("visibilitychange", onVisible);
    onCleanup(() => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    });
  });
  createEffect(on(() => location.pathname, () => void refreshOpenCount(), { defer: true }));
  const state = linkState(() => "/admin/reports");
  return (
    <a href="/admin/reports" class="nav-link nav-moderation" classList={{ active: state.active() }} aria-current={state.current()} data-nav="moderation" title={t("admin.nav")}>
      <ShieldIcon />
      {/* Hidden on wide screens, shown in the folded menu: the header's rule for the settings link's label. */}
      <span class="nav-settings-label">{t("admin.nav")}</span>
      <Show when={openCount() > 0}>
        <span class="nav-badge" data-badge="moderation">
          <span aria-hidden="true">{openCount() > 99 ? "99+" : openCount()}</span>
          <span class="visually-hidden">{` (${t("admin.navOpen", { n: openCount() })})`}</span>
        </span>
      </Show>
    </a>
  );
}
