/** Placeholder for sections that arrive later. */
import type { JSX } from "solid-js";
import { t } from "../i18n/index.ts";
import { SparkIcon } from "./icons.tsx";
import { Page } from "./Page.tsx";

export function ComingSoon(props: { title: string; heading?: string; children?: JSX.Element }) {
  return (
    <Page title={props.title} heading={props.heading}>
      <section class="card soon">
        <SparkIcon class="soon-icon" />
        <p>{t("soon.text")}</p>
        {props.children}
      </section>
    </Page>
  );
}
