/**
 * A list from createLoader in its four states: loading (a "Loading…" line), failed (`failure`),
 * empty (`empty`) and loaded (`children` gets the list).
 */
import { Match, Switch, type JSX } from "solid-js";
import { t } from "../i18n/index.ts";
import type { Loaded } from "../lib/load.ts";
import type { AppError } from "../lib/trpc.ts";

export function LoadedList<T>(props: {
  loaded: Loaded<readonly T[]> | undefined;
  /** The class of the "Loading…" line. */
  loadingClass?: string;
  failure: (failure: AppError) => JSX.Element;
  empty: JSX.Element;
  children: (list: readonly T[]) => JSX.Element;
}) {
  return (
    <Switch fallback={<p class={props.loadingClass ?? "loading"}>{t("app.loading")}</p>}>
      <Match when={props.loaded?.failure}>{(failure) => props.failure(failure())}</Match>
      <Match when={props.loaded?.value?.length === 0}>{props.empty}</Match>
      <Match when={props.loaded?.value}>{(list) => props.children(list())}</Match>
    </Switch>
  );
}
