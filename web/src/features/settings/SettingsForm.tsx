/**
 * What the settings read from the server and saved with one button share (Notifications, Privacy):
 * the section that reads them ("Loading…", the failure with "try again", then the form), and the
 * form's saving — "Зберегти" / "Зберігаємо…", the failure above the form, and "saved" once the
 * answer is in, until the next change (`changed`).
 */
import { createSignal, Match, Switch, type JSX } from "solid-js";
import { ErrorAlert, RetryAlert, StatusMessage } from "../../components/Alert.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { readError, type AppError } from "../../lib/trpc.ts";
import { SettingsSection } from "./SettingsSection.tsx";

/** A settings section whose form (`children`) gets the values `read` brings. */
export function LoadedSettingsSection<T>(props: { id: string; title: string; lead?: string; read: () => Promise<T>; children: (value: T) => JSX.Element }) {
  const [loaded, { refetch }] = createLoader(() => true, () => props.read());
  return (
    <SettingsSection id={props.id} title={props.title} lead={props.lead}>
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={loaded()?.failure}>{(failure) => <RetryAlert failure={failure()} onRetry={() => void refetch()} />}</Match>
        <Match when={loaded()?.value}>{(value) => props.children(value())}</Match>
      </Switch>
    </SettingsSection>
  );
}

/** Saving a settings form: `save` sends it, `done` takes the answer in. */
export function createSave<A>(save: () => Promise<A>, done: (answer: A) => void) {
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
      done(await save());
      setSaved(true);
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setPending(false);
    }
  }

  return { pending, saved, failure, submit, changed: () => setSaved(false) };
}

/** The form of a createSave: its failure and "saved" above it, its fields, and the save button. */
export function SaveForm(props: { save: ReturnType<typeof createSave>; saved: string; class: string; label: string; children: JSX.Element }) {
  const save = props.save;
  return (
    <>
      <ErrorAlert message={save.failure() ? errorText(save.failure()!) : null} />
      <StatusMessage message={save.saved() ? props.saved : null} />
      <form class={`form ${props.class}`} onSubmit={(e) => void save.submit(e)} novalidate aria-label={props.label}>
        {props.children}
        <FormActions pending={save.pending()} label={t("common.save")} pendingLabel={t("common.saving")} />
      </form>
    </>
  );
}
