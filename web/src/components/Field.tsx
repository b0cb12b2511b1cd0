/**
 * A labelled input with an optional hint and error list. Errors arrive as i18n keys and are
 * translated here; the input gets aria-invalid and aria-describedby pointing at hint and errors.
 * type="password" adds a show/hide toggle.
 */
import { createSignal, createUniqueId, For, Show, splitProps, type JSX } from "solid-js";
import { t, tKey } from "../i18n/index.ts";
import { EyeIcon, EyeOffIcon } from "./icons.tsx";

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "value" | "onInput" | "type" | "id">;

export interface FieldProps extends InputProps {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  type?: "text" | "email" | "password";
  hint?: string;
  /** i18n keys */
  errors?: readonly string[];
}

export function Field(props: FieldProps) {
  const [own, input] = splitProps(props, ["name", "label", "value", "onValue", "type", "hint", "errors"]);
  const id = `field-${own.name}-${createUniqueId()}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [reveal, setReveal] = createSignal(false);
  const hasErrors = () => (own.errors?.length ?? 0) > 0;
  const describedBy = () =>
    [own.hint ? hintId : null, hasErrors() ? errorId : null].filter(Boolean).join(" ") || undefined;
  const isPassword = () => own.type === "password";
  const inputType = () => (isPassword() && reveal() ? "text" : (own.type ?? "text"));

  const control = (
    <input
      {...input}
      id={id}
      name={own.name}
      type={inputType()}
      value={own.value}
      onInput={(e) => own.onValue(e.currentTarget.value)}
      aria-invalid={hasErrors() ? "true" : undefined}
      aria-describedby={describedBy()}
    />
  );

  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <Show when={isPassword()} fallback={control}>
        <div class="password-wrap">
          {control}
          <button
            type="button"
            class="password-toggle"
            aria-controls={id}
            aria-pressed={reveal()}
            aria-label={reveal() ? t("password.hide") : t("password.show")}
            title={reveal() ? t("password.hide") : t("password.show")}
            onClick={() => setReveal(!reveal())}
          >
            {reveal() ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        </div>
      </Show>
      <Show when={own.hint}>
        <p class="field-hint" id={hintId}>
          {own.hint}
        </p>
      </Show>
      <Show when={hasErrors()}>
        <div id={errorId}>
          <For each={own.errors}>{(key) => <p class="field-error">{tKey(key)}</p>}</For>
        </div>
      </Show>
    </div>
  );
}

/** The email field of every auth form. */
export function EmailField(props: Omit<FieldProps, "type" | "label">) {
  return <Field type="email" label={t("field.email")} autocomplete="email" inputmode="email" required {...props} />;
}
