/**
 * Live regions that are always in the DOM (so screen readers notice changes): an error alert
 * and a polite status line. Empty ones take no space. Plus the error-and-retry of a part that
 * failed to load.
 */
import type { JSX } from "solid-js";
import { t } from "../i18n/index.ts";
import { errorText } from "../lib/error-text.ts";
import type { AppError } from "../lib/trpc.ts";

export function ErrorAlert(props: { message?: string | null }) {
  return (
    <div role="alert" class={props.message ? "alert alert-error" : undefined}>
      {props.message ?? ""}
    </div>
  );
}

export function StatusMessage(props: { message?: string | null; tone?: "success" | "info"; children?: JSX.Element }) {
  return (
    <div role="status" class={props.message || props.children ? `alert alert-${props.tone ?? "success"}` : undefined}>
      {props.message ?? ""}
      {props.children}
    </div>
  );
}

/** A part of a page that failed to load: the error, and a "try again" button. */
export function RetryAlert(props: { failure: AppError; onRetry: () => void }) {
  return (
    <>
      <ErrorAlert message={errorText(props.failure)} />
      <button type="button" class="btn" onClick={() => props.onRetry()}>
        {t("load.retry")}
      </button>
    </>
  );
}
