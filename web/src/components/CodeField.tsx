/**
 * A labelled 6-digit code field: label, hint, the boxes and the error under them. Used wherever
 * a person types an emailed code (confirming an account, changing the address).
 */
import { createSignal, createUniqueId, Show } from "solid-js";
import { AUTH_LIMITS } from "../../../shared/auth-rules.ts";
import { tKey } from "../i18n/index.ts";
import { CodeInput } from "./CodeInput.tsx";
import "./field.css";

export interface CodeFieldProps {
  label: string;
  hint: string;
  digits: readonly string[];
  /** The boxes changed; `code` is their digits joined. */
  onDigits: (digits: string[], code: string) => void;
  onComplete: () => void;
  /** i18n keys of field errors (the first one is shown). */
  errors?: readonly string[];
  /** Marks the boxes invalid without a field message (e.g. the server said the code was wrong). */
  invalid?: boolean;
  disabled?: boolean;
  firstRef?: (el: HTMLInputElement) => void;
}

export function CodeField(props: CodeFieldProps) {
  const id = `code-${createUniqueId()}`;
  const error = () => props.errors?.[0];
  return (
    <div class="field">
      <span class="field-label" id={`${id}-label`}>
        {props.label}
      </span>
      <p class="field-hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <CodeInput
        digits={props.digits}
        setDigits={(next) => props.onDigits(next, next.join(""))}
        onComplete={() => props.onComplete()}
        invalid={!!error() || props.invalid === true}
        disabled={props.disabled}
        labelledBy={`${id}-label`}
        describedBy={error() ? `${id}-hint ${id}-error` : `${id}-hint`}
        firstRef={props.firstRef}
      />
      <Show when={error()}>
        {(key) => (
          <p class="field-error" id={`${id}-error`}>
            {tKey(key())}
          </p>
        )}
      </Show>
    </div>
  );
}

const emptyCode = () => Array.from({ length: AUTH_LIMITS.codeLength }, () => "");

/**
 * The state behind a CodeField: its digits (mirrored into the form through `onCode`), its first
 * box, and clearing after a wrong code. Spread `field` into the CodeField.
 */
export function createCodeEntry(onCode: (code: string) => void) {
  const [digits, setDigits] = createSignal<string[]>(emptyCode());
  let firstBox: HTMLInputElement | undefined;
  return {
    field: {
      get digits() {
        return digits();
      },
      onDigits: (next: string[], code: string) => {
        setDigits(next);
        onCode(code);
      },
      firstRef: (el: HTMLInputElement) => (firstBox = el),
    },
    focus: () => firstBox?.focus(),
    /** Empties the boxes and focuses the first one once they are enabled again (they are disabled while checking). */
    clear() {
      setDigits(emptyCode());
      onCode("");
      queueMicrotask(() => firstBox?.focus());
    },
  };
}
