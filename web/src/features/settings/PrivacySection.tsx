/**
 * Settings → Privacy: who may start a personal chat with me and who may see my friends list
 * (everyone / friends only), read with `privacy.get` and saved with `privacy.update`.
 */
import { createSignal, createUniqueId, For, Match, Switch } from "solid-js";
import { AUDIENCES, type Audience, type Privacy } from "../../../../shared/friends.ts";
import { ErrorAlert, StatusMessage, RetryAlert } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { SettingsSection } from "./SettingsSection.tsx";
import "../reports/safety.css";

const audienceLabel = (a: Audience) => (a === "everyone" ? t("privacy.everyone") : t("privacy.friendsOnly"));

function AudienceChoice(props: { legend: string; hint?: string; value: Audience; onValue: (a: Audience) => void }) {
  const name = `audience-${createUniqueId()}`;
  return (
    <fieldset class="choice-group" aria-describedby={props.hint ? `${name}-hint` : undefined}>
      <legend>{props.legend}</legend>
      <For each={AUDIENCES}>
        {(value) => (
          <label class="choice">
            <input type="radio" name={name} value={value} checked={props.value === value} onChange={() => props.onValue(value)} />
            <span>{audienceLabel(value)}</span>
          </label>
        )}
      </For>
      {props.hint ? (
        <p class="field-hint" id={`${name}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </fieldset>
  );
}

function PrivacyForm(props: { privacy: Privacy }) {
  const [chatFrom, setChatFrom] = createSignal<Audience>(props.privacy.chatFrom);
  const [friendsList, setFriendsList] = createSignal<Audience>(props.privacy.friendsListVisibleTo);
  const [pending, setPending] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setPending(true);
    setSaved(false);
    setFailure(null);
    try {
      const next = await trpc.privacy.update.mutate({ chatFrom: chatFrom(), friendsListVisibleTo: friendsList() });
      setChatFrom(next.chatFrom);
      setFriendsList(next.friendsListVisibleTo);
      setSaved(true);
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setPending(false);
    }
  }

  const changed = (set: (a: Audience) => void) => (a: Audience) => {
    set(a);
    setSaved(false);
  };

  return (
    <>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <StatusMessage message={saved() ? t("privacy.saved") : null} />
      <form class="form privacy-form" onSubmit={(e) => void submit(e)} novalidate aria-label={t("privacy.title")}>
        <AudienceChoice legend={t("privacy.chatFrom")} hint={t("privacy.chatFromHint")} value={chatFrom()} onValue={changed(setChatFrom)} />
        <AudienceChoice legend={t("privacy.friendsList")} value={friendsList()} onValue={changed(setFriendsList)} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={pending()}>
            {pending() ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </form>
    </>
  );
}

export function PrivacySection() {
  const [privacy, { refetch }] = createLoader(() => true, () => trpc.privacy.get.query());
  return (
    <SettingsSection id="settings-privacy" title={t("privacy.title")} lead={t("privacy.lead")}>
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={privacy()?.failure}>
          {(failure) => (
            <RetryAlert failure={failure()} onRetry={() => void refetch()} />
          )}
        </Match>
        <Match when={privacy()?.value}>{(value) => <PrivacyForm privacy={value()} />}</Match>
      </Switch>
    </SettingsSection>
  );
}
