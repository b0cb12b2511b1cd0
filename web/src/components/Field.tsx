/**
 * Labelled form controls with an optional hint and error list. Errors arrive as i18n keys and are
 * translated here; the control gets aria-invalid and aria-describedby pointing at hint and errors.
 * Field is an <input> (type="password" adds a show/hide toggle), TextAreaField a <textarea> with a
 * character counter, CheckboxField a checkbox with its label beside it.
 */
import { createSignal, createUniqueId, For, Show, splitProps, type JSX } from "solid-js";
import { t, tKey } from "../i18n/index.ts";
import { EyeIcon, EyeOffIcon } from "./icons.tsx";
import "./field.css";

/**
 * The input attributes a Field passes on, named one by one: a {...props} on the <input> would bring
 * solid's `spread` into every page (components/NavLink.tsx). A new one is added here and below.
 */
type InputProps = Pick<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  "autocomplete" | "autocapitalize" | "inputmode" | "required" | "spellcheck" | "maxLength" | "min" | "max" | "step" | "pattern" | "disabled" | "placeholder" | "ref"
>;

export interface FieldProps extends InputProps {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  type?: "text" | "email" | "password" | "date" | "number";
  hint?: string;
  /** i18n keys */
  errors?: readonly string[];
}

/** Ids and aria wiring shared by the field kinds. */
function fieldIds(name: string, hint: () => string | undefined, errors: () => readonly string[] | undefined) {
  const id = `field-${name}-${createUniqueId()}`;
  const hasErrors = () => (errors()?.length ?? 0) > 0;
  return {
    id,
    hintId: `${id}-hint`,
    errorId: `${id}-error`,
    hasErrors,
    describedBy: () => [hint() ? `${id}-hint` : null, hasErrors() ? `${id}-error` : null].filter(Boolean).join(" ") || undefined,
  };
}

function FieldNotes(props: { hintId: string; errorId: string; hint?: string; errors?: readonly string[]; extra?: JSX.Element }) {
  return (
    <>
      <Show when={props.hint || props.extra}>
        <div class="field-notes">
          <Show when={props.hint}>
            <p class="field-hint" id={props.hintId}>
              {props.hint}
            </p>
          </Show>
          {props.extra}
        </div>
      </Show>
      <FieldErrors id={props.errorId} errors={props.errors} />
    </>
  );
}

/** A control's errors (i18n keys), under the id its aria-describedby names; nothing when there are none. */
export function FieldErrors(props: { id: string; errors?: readonly string[] }) {
  return (
    <Show when={(props.errors?.length ?? 0) > 0}>
      <div id={props.id}>
        <For each={props.errors}>{(key) => <p class="field-error">{tKey(key)}</p>}</For>
      </div>
    </Show>
  );
}

export function Field(props: FieldProps) {
  const [own, input] = splitProps(props, ["name", "label", "value", "onValue", "type", "hint", "errors"]);
  const ids = fieldIds(own.name, () => own.hint, () => own.errors);
  const [reveal, setReveal] = createSignal(false);
  const isPassword = () => own.type === "password";
  const inputType = () => (isPassword() && reveal() ? "text" : (own.type ?? "text"));

  const control = (
    <input
      ref={(el) => (input.ref as ((el: HTMLInputElement) => void) | undefined)?.(el)}
      autocomplete={input.autocomplete}
      autocapitalize={input.autocapitalize}
      inputmode={input.inputmode}
      required={input.required}
      spellcheck={input.spellcheck}
      maxLength={input.maxLength}
      min={input.min}
      max={input.max}
      step={input.step}
      pattern={input.pattern}
      disabled={input.disabled}
      placeholder={input.placeholder}
      id={ids.id}
      name={own.name}
      type={inputType()}
      value={own.value}
      onInput={(e) => own.onValue(e.currentTarget.value)}
      aria-invalid={ids.hasErrors() ? "true" : undefined}
      aria-describedby={ids.describedBy()}
    />
  );

  return (
    <div class="field">
      <label for={ids.id}>{own.label}</label>
      <Show when={isPassword()} fallback={control}>
        <div class="password-wrap">
          {control}
          <button
            type="button"
            class="password-toggle"
            aria-controls={ids.id}
            aria-pressed={reveal()}
            aria-label={reveal() ? t("password.hide") : t("password.show")}
            title={reveal() ? t("password.hide") : t("password.show")}
            onClick={() => setReveal(!reveal())}
          >
            {reveal() ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        </div>
      </Show>
      <FieldNotes hintId={ids.hintId} errorId={ids.errorId} hint={own.hint} errors={own.errors} />
    </div>
  );
}

/** The email field of every auth form. */
export function EmailField(props: Omit<FieldProps, "type" | "label">) {
  return <Field type="email" label={t("field.email")} autocomplete="email" inputmode="email" required {...props} />;
}

/** The password a form asks for again before a sensitive change (label "Password" unless given). */
export function CurrentPasswordField(props: Omit<FieldProps, "type" | "label"> & { label?: string }) {
  return <Field type="password" label={t("field.password")} autocomplete="current-password" required {...props} />;
}

/**
 * A code from an authenticator app (or, where the form takes one, a recovery code): the browser may
 * fill a code it received, no capitals or spell check. `digits`: the app's six digits only.
 */
export function OneTimeCodeField(props: Omit<FieldProps, "type"> & { digits?: boolean }) {
  const [own, field] = splitProps(props, ["digits"]);
  const digits = () => (own.digits ? { inputmode: "numeric" as const, maxLength: 6, pattern: "[0-9]*" } : {});
  return <Field autocomplete="one-time-code" autocapitalize="off" spellcheck={false} required {...digits()} {...field} />;
}

export interface TextAreaFieldProps {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** Shows "n / max" under the field; the counter is not a hard stop (validation reports it). */
  maxLength: number;
  rows?: number;
  hint?: string;
  errors?: readonly string[];
}

export function TextAreaField(props: TextAreaFieldProps) {
  const ids = fieldIds(props.name, () => props.hint, () => props.errors);
  const length = () => [...props.value].length;
  const over = () => length() > props.maxLength;
  return (
    <div class="field">
      <label for={ids.id}>{props.label}</label>
      <textarea
        id={ids.id}
        name={props.name}
        rows={props.rows ?? 4}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
        aria-invalid={ids.hasErrors() || over() ? "true" : undefined}
        aria-describedby={[ids.describedBy(), `${ids.id}-count`].filter(Boolean).join(" ")}
      />
      <FieldNotes
        hintId={ids.hintId}
        errorId={ids.errorId}
        hint={props.hint}
        errors={props.errors}
        extra={
          <p class="field-counter" id={`${ids.id}-count`} data-over={over() ? "" : undefined}>
            {t("field.counter", { n: length(), max: props.maxLength })}
          </p>
        }
      />
    </div>
  );
}

export function CheckboxField(props: { name: string; label: string; checked: boolean; onChecked: (v: boolean) => void; hint?: string }) {
  const id = `check-${props.name}-${createUniqueId()}`;
  return (
    <div class="check-field">
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(e) => props.onChecked(e.currentTarget.checked)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      <div>
        <label for={id}>{props.label}</label>
        <Show when={props.hint}>
          <p class="field-hint" id={`${id}-hint`}>
            {props.hint}
          </p>
        </Show>
      </div>
    </div>
  );
}
