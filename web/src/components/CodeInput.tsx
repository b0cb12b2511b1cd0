/**
 * The 6-box confirmation code input. Each box holds one digit: typing advances, Backspace goes
 * back, arrows/Home/End move, and pasting (or autofilling) a whole code into any box fills them
 * all. onComplete fires when the last empty box gets its digit.
 */
import { For } from "solid-js";
import { t } from "../i18n/index.ts";
import "./code-input.css";

export interface CodeInputProps {
  digits: readonly string[];
  setDigits: (next: string[]) => void;
  onComplete?: (code: string) => void;
  invalid?: boolean;
  disabled?: boolean;
  labelledBy: string;
  describedBy?: string;
  /** Receives the first box, e.g. to focus it after a wrong code. */
  firstRef?: (el: HTMLInputElement) => void;
}

export const onlyDigits = (text: string) => text.replace(/\D/g, "");

export function CodeInput(props: CodeInputProps) {
  const boxes: HTMLInputElement[] = [];
  const length = () => props.digits.length;
  // Boxes are keyed by position (never by digit), so typing never re-creates a focused box.
  const positions = () => Array.from({ length: length() }, (_, i) => i);

  const focusBox = (index: number) => {
    const box = boxes[Math.max(0, Math.min(length() - 1, index))];
    box?.focus();
    box?.select();
  };

  /** Writes `text` digit by digit starting at `start`; returns the index after the last one written. */
  const fill = (start: number, text: string) => {
    const next = [...props.digits];
    let index = start;
    for (const digit of text) {
      if (index >= next.length) break;
      next[index++] = digit;
    }
    commit(next);
    return index;
  };

  const commit = (next: string[]) => {
    const wasComplete = props.digits.every(Boolean);
    props.setDigits(next);
    if (!wasComplete && next.every(Boolean)) props.onComplete?.(next.join(""));
  };

  const insert = (index: number, text: string) => {
    const digits = onlyDigits(text);
    if (!digits) return;
    // A whole code goes into all boxes, wherever it was pasted.
    const start = digits.length >= length() ? 0 : index;
    const end = fill(start, digits.slice(0, length()));
    focusBox(end >= length() ? length() - 1 : end);
  };

  const onKeyDown = (index: number, e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const here = props.digits[index];
    switch (e.key) {
      case "Backspace":
        e.preventDefault();
        if (here) commit(props.digits.map((d, i) => (i === index ? "" : d)));
        else if (index > 0) {
          commit(props.digits.map((d, i) => (i === index - 1 ? "" : d)));
          focusBox(index - 1);
        }
        return;
      case "Delete":
        e.preventDefault();
        commit(props.digits.map((d, i) => (i === index ? "" : d)));
        return;
      case "ArrowLeft":
        e.preventDefault();
        focusBox(index - 1);
        return;
      case "ArrowRight":
        e.preventDefault();
        focusBox(index + 1);
        return;
      case "Home":
        e.preventDefault();
        focusBox(0);
        return;
      case "End":
        e.preventDefault();
        focusBox(length() - 1);
        return;
    }
    if (/^\d$/.test(e.key)) {
      e.preventDefault();
      insert(index, e.key);
    }
  };

  // Input that did not come through keydown: mobile keyboards, autofill, IME, insertText.
  const onInput = (index: number, e: InputEvent & { currentTarget: HTMLInputElement }) => {
    const digits = onlyDigits(e.currentTarget.value);
    e.currentTarget.value = props.digits[index] ?? "";
    if (digits) insert(index, digits);
    else commit(props.digits.map((d, i) => (i === index ? "" : d)));
  };

  const onPaste = (index: number, e: ClipboardEvent) => {
    e.preventDefault();
    insert(index, e.clipboardData?.getData("text") ?? "");
  };

  return (
    <div
      class="code-input"
      role="group"
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid ? "true" : undefined}
    >
      <For each={positions()}>
        {(i) => (
          <input
            ref={(el) => {
              boxes[i] = el;
              if (i === 0) props.firstRef?.(el);
            }}
            type="text"
            inputmode="numeric"
            pattern="[0-9]*"
            autocomplete={i === 0 ? "one-time-code" : "off"}
            aria-label={t("verify.digit", { n: i + 1, total: length() })}
            aria-invalid={props.invalid ? "true" : undefined}
            value={props.digits[i] ?? ""}
            disabled={props.disabled}
            onKeyDown={(e) => onKeyDown(i, e)}
            onInput={(e) => onInput(i, e)}
            onPaste={(e) => onPaste(i, e)}
            onFocus={(e) => e.currentTarget.select()}
          />
        )}
      </For>
    </div>
  );
}
