/**
 * Settings → Privacy: who may start a personal chat with me and who may see my friends list
 * (everyone / friends only), read with `privacy.get` and saved with `privacy.update`.
 */
import { createSignal, createUniqueId, For } from "solid-js";
import type { Audience, Privacy } from "../../../../shared/friends.ts";
import { AUDIENCES } from "../../../../shared/friends-rules.ts";
import { t } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import { createSave, LoadedSettingsSection, SaveForm } from "./SettingsForm.tsx";
import "../../components/field.css";
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
  const save = createSave(
    () => trpc.privacy.update.mutate({ chatFrom: chatFrom(), friendsListVisibleTo: friendsList() }),
    (next) => {
      setChatFrom(next.chatFrom);
      setFriendsList(next.friendsListVisibleTo);
    },
  );

  const changed = (set: (a: Audience) => void) => (a: Audience) => {
    set(a);
    save.changed();
  };

  return (
    <SaveForm save={save} saved={t("privacy.saved")} class="privacy-form" label={t("privacy.title")}>
      <AudienceChoice legend={t("privacy.chatFrom")} hint={t("privacy.chatFromHint")} value={chatFrom()} onValue={changed(setChatFrom)} />
      <AudienceChoice legend={t("privacy.friendsList")} value={friendsList()} onValue={changed(setFriendsList)} />
    </SaveForm>
  );
}

export function PrivacySection() {
  return (
    <LoadedSettingsSection id="settings-privacy" title={t("privacy.title")} lead={t("privacy.lead")} read={() => trpc.privacy.get.query()}>
      {(value) => <PrivacyForm privacy={value} />}
    </LoadedSettingsSection>
  );
}
