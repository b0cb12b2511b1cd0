/**
 * What a page shows when loading failed: a not-found message for NOT_FOUND (and FORBIDDEN, which
 * must not reveal that something exists), otherwise the error with a "try again" button.
 */
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { t } from "../i18n/index.ts";
import { errorText } from "../lib/error-text.ts";
import type { AppError } from "../lib/trpc.ts";
import { ErrorAlert } from "./Alert.tsx";
import { Page } from "./Page.tsx";

export function LoadFailure(props: { failure: AppError; notFoundTitle: string; notFoundText: string; onRetry: () => void }) {
  const missing = () => props.failure.code === "NOT_FOUND" || props.failure.code === "FORBIDDEN";
  return (
    <Show
      when={missing()}
      fallback={
        <Page title={t("load.failedTitle")}>
          <ErrorAlert message={errorText(props.failure)} />
          <button type="button" class="btn" onClick={() => props.onRetry()}>
            {t("load.retry")}
          </button>
        </Page>
      }
    >
      <Page title={props.notFoundTitle} class="soon" lead={<p>{props.notFoundText}</p>}>
        <A href="/" class="btn btn-primary">
          {t("notFound.home")}
        </A>
      </Page>
    </Show>
  );
}
