/**
 * /account-deleted?due=<ms> (#17): where the person lands after asking to delete their account
 * (signed out by then): the date it goes, and that signing in before then cancels it.
 */
import { useLocation, useSearchParams } from "@solidjs/router";
import { onMount, Show } from "solid-js";
import { Page } from "../../components/Page.tsx";
import { formatDate, t } from "../../i18n/index.ts";
import { me, setSignedOut } from "../../lib/session.ts";

export default function AccountDeletedPage() {
  const [params] = useSearchParams<{ due?: string }>();
  const location = useLocation<{ signedOut?: boolean } | undefined>();
  // Arrived from the settings right after asking: the server ended the session; this tab follows.
  onMount(() => {
    if (location.state?.signedOut && me()) setSignedOut();
  });
  const due = () => {
    const ms = Number(params.due);
    return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().slice(0, 10) : null;
  };
  return (
    <Page title={t("accountDeletion.scheduledTitle")}>
      <div class="card" data-testid="account-deleted">
        <Show when={due()}>
          {(date) => <p role="status">{t("accountDeletion.scheduledText", { date: formatDate(date()) })}</p>}
        </Show>
        <p>{t("accountDeletion.cancelHint")}</p>
        <div class="form-actions">
          <a href="/login" class="btn btn-primary">
            {t("accountDeletion.signIn")}
          </a>
          <a href="/" class="btn">
            {t("accountDeletion.home")}
          </a>
        </div>
      </div>
    </Page>
  );
}
