/**
 * Settings → Passkeys (#17): the person's passkeys (name, when added, when last used), adding one
 * (the password again → the browser's ceremony → a name, prefilled from this browser), renaming
 * one in place and removing one after a confirmation. A browser without WebAuthn is told so and
 * offered no "add" (removing still works).
 *
 * The new passkey is stored as soon as the ceremony returns (named after this browser), and the
 * name step renames it: a person who walks away then leaves no passkey on the device that the
 * account does not know.
 */
import { createSignal, For, Match, Show, Switch } from "solid-js";
import type { Passkey } from "../../../../shared/passkeys.ts";
import { ErrorAlert, RetryAlert, StatusMessage } from "../../components/Alert.tsx";
import { ConfirmDialog } from "../../components/lazy-parts.tsx";
import { CurrentPasswordField, Field } from "../../components/Field.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { formatDateTime, t } from "../../i18n/index.ts";
import { AppFailure } from "../../lib/app-error.ts";
import { createForm } from "../../lib/form.ts";
import { createLoader } from "../../lib/load.ts";
import { trpc } from "../../lib/trpc.ts";
import { SettingsSection } from "../settings/SettingsSection.tsx";
import { ceremonyFailure, defaultPasskeyName, loadWebAuthn, supportsPasskeys } from "./ceremony.ts";
import "./passkeys.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/passkeys.ts");

type Step = "idle" | "password" | "ceremony" | "name";

const focusSoon = (selector: string) => queueMicrotask(() => document.querySelector<HTMLElement>(selector)?.focus());

export function PasskeysSection() {
  const supported = supportsPasskeys();
  const [list, { refetch, mutate }] = createLoader(() => true, () => trpc.passkeys.list.query());
  const [step, setStep] = createSignal<Step>("idle");
  const [added, setAdded] = createSignal<Passkey | null>(null);
  const [editing, setEditing] = createSignal<string | null>(null);
  const [removing, setRemoving] = createSignal<Passkey | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const password = createForm({ password: "" });
  const naming = createForm({ name: "" });
  const renaming = createForm({ name: "" });

  const passkeys = () => list()?.value ?? [];
  const replace = (p: Passkey) => mutate({ value: passkeys().map((x) => (x.id === p.id ? p : x)) });

  const begin = () => {
    setDone(null);
    password.reset();
    setStep("password");
    focusSoon("#settings-passkeys input[name=password]");
  };
  const cancelAdd = () => {
    password.reset();
    setStep("idle");
    focusSoon("#settings-passkeys .passkeys-add");
  };

  const submitPassword = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await password.validate(schemas().then((m) => m.registerOptionsInput));
    if (!input) return;
    void password.run(async () => {
      const { challengeId, options } = await trpc.passkeys.registerOptions.mutate(input);
      setStep("ceremony");
      try {
        const { startRegistration } = await loadWebAuthn();
        let response;
        try {
          response = await startRegistration({ optionsJSON: options });
        } catch (error) {
          throw new AppFailure(ceremonyFailure(error));
        }
        const name = defaultPasskeyName();
        const passkey = await trpc.passkeys.register.mutate({ challengeId, name, response });
        mutate({ value: [...passkeys(), passkey] });
        setAdded(passkey);
        naming.reset({ name: passkey.name });
        password.reset();
        setStep("name");
        focusSoon("#settings-passkeys input[name=name]");
      } catch (error) {
        setStep("password");
        throw error;
      }
    });
  };

  const finishNaming = async (e: SubmitEvent) => {
    e.preventDefault();
    const passkey = added();
    if (!passkey) return;
    const input = await naming.validate(schemas().then((m) => m.renamePasskeyInput), { id: passkey.id, name: naming.values.name });
    if (!input) return;
    void naming.run(async () => {
      const renamed = input.name === passkey.name ? passkey : await trpc.passkeys.rename.mutate(input);
      replace(renamed);
      setAdded(null);
      setStep("idle");
      setDone(t("passkeys.addedStatus", { name: renamed.name }));
      focusSoon("#settings-passkeys .passkeys-add");
    });
  };

  const startRename = (p: Passkey) => {
    setDone(null);
    renaming.reset({ name: p.name });
    setEditing(p.id);
    focusSoon(`#settings-passkeys .passkey-rename input`);
  };
  const stopRename = () => {
    const id = editing();
    setEditing(null);
    if (id) focusSoon(`#settings-passkeys [data-passkey="${CSS.escape(id)}"] .passkey-rename-button`);
  };
  const submitRename = async (e: SubmitEvent, p: Passkey) => {
    e.preventDefault();
    const input = await renaming.validate(schemas().then((m) => m.renamePasskeyInput), { id: p.id, name: renaming.values.name });
    if (!input) return;
    void renaming.run(async () => {
      replace(await trpc.passkeys.rename.mutate(input));
      setDone(t("passkeys.renamed"));
      stopRename();
    });
  };

  const remove = async () => {
    const p = removing();
    if (!p) return;
    await trpc.passkeys.remove.mutate({ id: p.id });
    mutate({ value: passkeys().filter((x) => x.id !== p.id) });
    setDone(t("passkeys.removed", { name: p.name }));
    focusSoon("#settings-passkeys-title");
  };

  return (
    <SettingsSection id="settings-passkeys" title={t("passkeys.title")} lead={t("passkeys.lead")}>
      <StatusMessage message={done()} />
      <Show when={!supported}>
        <p class="alert alert-info passkeys-unsupported">{t("passkeys.unsupported")}</p>
      </Show>
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={list()?.failure}>{(f) => <RetryAlert failure={f()} onRetry={() => void refetch()} />}</Match>
        <Match when={list()?.value?.length === 0}>
          <p class="muted passkeys-empty">{t("passkeys.empty")}</p>
        </Match>
        <Match when={list()?.value}>
          <ul class="passkey-list" aria-label={t("passkeys.listLabel")}>
            <For each={passkeys()}>
              {(p) => (
                <li class="passkey" data-passkey={p.id}>
                  <Show
                    when={editing() === p.id}
                    fallback={
                      <>
                        <div class="passkey-text">
                          <span class="passkey-name">{p.name}</span>
                          <span class="muted">
                            {t("passkeys.added", { date: formatDateTime(p.createdAt) })} ·{" "}
                            {p.lastUsedAt === null ? t("passkeys.neverUsed") : t("passkeys.lastUsed", { date: formatDateTime(p.lastUsedAt) })}
                            <Show when={p.backedUp}> · {t("passkeys.synced")}</Show>
                          </span>
                        </div>
                        <div class="passkey-actions">
                          <button
                            type="button"
                            class="btn btn-small passkey-rename-button"
                            aria-label={t("passkeys.renameOf", { name: p.name })}
                            onClick={() => startRename(p)}
                          >
                            {t("passkeys.rename")}
                          </button>
                          <button
                            type="button"
                            class="btn btn-small btn-danger"
                            aria-label={t("passkeys.removeOf", { name: p.name })}
                            onClick={() => {
                              setDone(null);
                              setRemoving(p);
                            }}
                          >
                            {t("passkeys.remove")}
                          </button>
                        </div>
                      </>
                    }
                  >
                    <form
                      class="form passkey-rename"
                      ref={renaming.ref}
                      novalidate
                      onSubmit={(e) => submitRename(e, p)}
                      onKeyDown={(e) => {
                        if (e.key === "Escape") {
                          e.preventDefault();
                          stopRename();
                        }
                      }}
                    >
                      <ErrorAlert message={renaming.alert()} />
                      <Field {...renaming.bind("name")} label={t("passkeys.name")} maxLength={60} required />
                      <FormActions
                        pending={renaming.pending()}
                        label={t("common.save")}
                        pendingLabel={t("common.saving")}
                        small
                        onCancel={stopRename}
                      />
                    </form>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>

      <Show when={supported}>
        <Switch>
          <Match when={step() === "idle"}>
            <div class="form-actions">
              <button type="button" class="btn passkeys-add" onClick={begin}>
                {t("passkeys.add")}
              </button>
            </div>
          </Match>
          <Match when={step() === "password" || step() === "ceremony"}>
            <form class="form passkeys-password" ref={password.ref} onSubmit={submitPassword} novalidate>
              <p>{t("passkeys.passwordFirst")}</p>
              <ErrorAlert message={password.alert()} />
              <CurrentPasswordField {...password.bind("password")} />
              <Show when={step() === "ceremony"}>
                <p class="muted" role="status">
                  {t("passkeys.waiting")}
                </p>
              </Show>
              <FormActions
                pending={password.pending()}
                label={t("passkeys.continue")}
                onCancel={cancelAdd}
                cancelDisabled={password.pending()}
              />
            </form>
          </Match>
          <Match when={step() === "name"}>
            <form class="form passkeys-name" ref={naming.ref} onSubmit={finishNaming} novalidate>
              <p>{t("passkeys.nameIt")}</p>
              <ErrorAlert message={naming.alert()} />
              <Field {...naming.bind("name")} label={t("passkeys.name")} maxLength={60} required />
              <FormActions pending={naming.pending()} label={t("common.save")} pendingLabel={t("common.saving")} />
            </form>
          </Match>
        </Switch>
      </Show>

      <Show when={removing() !== null}>
        <ConfirmDialog
          open={removing() !== null}
          onClose={() => setRemoving(null)}
          title={t("passkeys.removeTitle")}
          message={t("passkeys.removeText", { name: removing()?.name ?? "" })}
          confirmLabel={t("passkeys.remove")}
          onConfirm={remove}
        />
      </Show>
    </SettingsSection>
  );
}
