/**
 * The one "not found": a title, a short text and a way out (home unless told otherwise). Shown for
 * unknown routes and wherever a page's record is missing — the API answered NOT_FOUND, FORBIDDEN
 * (which must not reveal that something exists) or BAD_REQUEST for the id in the address (an id
 * that cannot be one). Real failures (network, 500) keep the error and "try again" instead.
 * `level={2}`: inside a page that has its own heading (an open chat), without the page chrome.
 */
import { Show } from "solid-js";
import { t } from "../i18n/index.ts";
import type { AppError } from "../lib/trpc.ts";
import { Page } from "./Page.tsx";

export interface NotFoundProps {
  title?: string;
  text?: string;
  /** Where the link goes ("/" by default) and what it says. */
  href?: string;
  linkLabel?: string;
  level?: 1 | 2;
}

/** True when a failed load of one record means there is nothing at this address. */
export const isMissing = (failure: Pick<AppError, "code">) =>
  failure.code === "NOT_FOUND" || failure.code === "FORBIDDEN" || failure.code === "BAD_REQUEST";

export function NotFound(props: NotFoundProps) {
  const title = () => props.title ?? t("notFound.title");
  const text = () => props.text ?? t("notFound.text");
  const link = () => (
    <a href={props.href ?? "/"} class="btn btn-primary">
      {props.linkLabel ?? t("notFound.home")}
    </a>
  );
  return (
    <Show
      when={props.level === 2}
      fallback={
        <Page title={title()} class="soon not-found" lead={<p>{text()}</p>}>
          {link()}
        </Page>
      }
    >
      <div class="chat-missing not-found">
        <h2>{title()}</h2>
        <p class="muted">{text()}</p>
        {link()}
      </div>
    </Show>
  );
}

/** The route for any address the app does not know. */
export function NotFoundPage() {
  return <NotFound />;
}
