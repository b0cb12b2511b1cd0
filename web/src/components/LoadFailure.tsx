/**
 * What a page shows when loading its record failed: the not-found page when there is nothing at
 * this address (NotFound's isMissing: NOT_FOUND, FORBIDDEN, BAD_REQUEST for the id), otherwise —
 * a real failure (network, 500) — the error with a "try again" button.
 */
import { Show } from "solid-js";
import { t } from "../i18n/index.ts";
import type { AppError } from "../lib/trpc.ts";
import { RetryAlert } from "./Alert.tsx";
import { isMissing, NotFound } from "./NotFound.tsx";
import { Page } from "./Page.tsx";

export function LoadFailure(props: { failure: AppError; notFoundTitle: string; notFoundText: string; onRetry: () => void }) {
  return (
    <Show
      when={isMissing(props.failure)}
      fallback={
        <Page title={t("load.failedTitle")}>
          <RetryAlert failure={props.failure} onRetry={props.onRetry} />
        </Page>
      }
    >
      <NotFound title={props.notFoundTitle} text={props.notFoundText} />
    </Show>
  );
}
